"""How the scorecard writes a ball, a dismissal and a replacement."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from scorebook.actions import Extras, ScoringAction, ShotData
from scorebook.document import safe_text
from scorebook.laws.dismissals import is_team_wicket
from scorebook.laws.runs import ExtraType, extra_type
from scorebook.state import FoldState

#: How the current-over strip writes the runs of each kind of extra ("1wd", "2lb").
_EXTRA_MARK = {"wide": "wd", "noball": "nb", "bye": "b", "legbye": "lb"}


def ball_text(runs: int, extra: ExtraType | None, penalty: int, is_wicket: bool) -> str:
    """How a ball appears in the current-over strip: ``"•"`` dot, ``"4"``, ``"W"``, ``"1wd"``,
    ``"1nb"`` (the no-ball and every run off it), ``"2lb"``, ``"1b"``, penalty runs as
    ``"5p"`` or ``"1+5p"``; a team wicket with runs ``"1+W"``. `runs` is the ball's total."""
    counted = runs - penalty
    mark = _EXTRA_MARK.get(extra or "", "")
    text = f"{counted}{mark}" if counted or mark else "•"
    if penalty:
        text = _and(text, f"{penalty}p")
    if is_wicket:
        text = _and(text, "W")
    return text


def _and(text: str, more: str) -> str:
    """`more` after the ball's text so far with a "+", or in place of a dot."""
    return more if text == "•" else f"{text}+{more}"


def ball_display(d: ScoringAction) -> tuple[str, ExtraType | None]:
    """A delivery's text in the strip (`ball_text`) and the kind of extra it counts as."""
    extra = extra_type(d)
    wicket = d.wicket is not None and is_team_wicket(d.wicket.type)
    return ball_text(d.totalRuns, extra, d.extras.penalty, wicket), extra


#: The dismissals credited to the bowler with no fielder in them (Laws 32, 36, 35).
_BOWLER_ALONE = {"bowled": "b", "lbw": "lbw b", "hit_wicket": "hit wicket b"}

_KIND_TEXT = {
    "run_out": "run out",
    "handled_ball": "handled the ball",
    "obstructing_field": "obstructing the field",
    "hit_the_ball_twice": "hit the ball twice",
    "timed_out": "timed out",
    "retired_out": "retired out",
    "retired_hurt": "retired hurt",
    "retired_not_out": "retired not out",
}


def dismissal_text(
    wicket_type: str,
    bowler_id: str | None,
    fielder_ids: Iterable[str],
    name: Callable[[str | None], str],
    *,
    keepers: Iterable[str] = (),
    substitutes: Iterable[str] = (),
) -> str:
    """The scorecard line for how a batter was out: ``"c Smith b Jones"``, ``"c & b Jones"``,
    ``"lbw b Jones"``, ``"b Jones"``, ``"st †Keeper b Spinner"``, ``"run out (Smith)"``,
    ``"hit wicket b Jones"``, ``"retired hurt"``.

    ``name`` maps a player id to the name to print. A stumping is always the keeper's (Law
    39), hence the dagger; a catch by a known keeper gets it too; a substitute fielder is
    written ``sub (Name)``.
    """
    keepers, subs = set(keepers), set(substitutes)
    fielders = list(fielder_ids)

    def fielder(pid: str, keeper: bool = False) -> str:
        label = name(pid)
        if pid in subs:
            return f"sub ({label})" if label and label != pid else "sub"
        return ("†" if keeper or pid in keepers else "") + label

    b = name(bowler_id) if bowler_id else ""
    if wicket_type in _BOWLER_ALONE:
        return f"{_BOWLER_ALONE[wicket_type]} {b}"
    if wicket_type == "caught":
        return _caught_text(fielder, fielders, bowler_id, b)
    if wicket_type == "stumped":
        return _stumped_text(fielder, fielders, b)
    return _other_text(fielder, fielders, wicket_type)


def _caught_text(fielder: Callable[[str], str], fielders: list[str], bowler_id: str | None,
                 b: str) -> str:
    if not fielders or fielders[0] == bowler_id:
        return f"c & b {b}"
    return f"c {fielder(fielders[0])} b {b}"


def _stumped_text(fielder: Callable[..., str], fielders: list[str], b: str) -> str:
    keeper = fielder(fielders[0], keeper=True) if fielders else "†?"
    return f"st {keeper} b {b}"


def _other_text(fielder: Callable[[str], str], fielders: list[str], wicket_type: str) -> str:
    """A dismissal with no bowler in it: a run out names its fielders."""
    text = _KIND_TEXT.get(wicket_type, wicket_type.replace("_", " "))
    if wicket_type == "run_out" and fielders:
        return f"{text} ({'/'.join(fielder(f) for f in fielders)})"
    return text


_REPLACEMENT_TEXT = {
    "concussion": "concussion replacement",
    "covid": "COVID-19 replacement",
    "injury": "injury replacement",
    "tactical": "impact player",
}


def replacement_note(reason: str | None, replaced_name: str) -> str:
    """How a scorecard marks a player who came in during the match under the playing
    conditions' replacement rules: ``"concussion replacement for CD Nash"``, ``"impact
    player for M Pathirana"`` (a tactical replacement); ``"replacement for X"`` when the
    reason was not recorded."""
    return f"{_REPLACEMENT_TEXT.get(reason or '', 'replacement')} for {replaced_name}"


#: How commentary words a shot of the design documents' list ("driven"); "other": no word.
_SHOT_TEXT = {"drive": "driven", "cut": "cut", "pull": "pulled", "hook": "hooked",
              "sweep": "swept", "reverse_sweep": "reverse-swept", "flick": "flicked",
              "glance": "glanced", "defend": "defended", "leave": "left alone",
              "edge": "edged"}
#: Where the wagon wheel's segments are, for a right-hander (a left-hander's mirror them):
#: clockwise from straight down the ground on the off side, the bowler at the top.
SEGMENT_TEXT = ("long off", "cover", "point", "third man", "fine leg", "square leg",
                "midwicket", "long on")


def shot_text(shot: ShotData | None) -> str | None:
    """The shot as commentary words it: "driven through cover", "pulled", "to fine leg";
    None when nothing was recorded (or "other" with no segment)."""
    if shot is None:
        return None
    words = _SHOT_TEXT.get(shot.shotType or "")
    where = _shot_place(shot.wagonWheelSegment)
    if words and where:
        return f"{words} {where}"
    return words or where


def _shot_place(segment: int | None) -> str | None:
    if not segment:
        return None
    # through the ring's gaps (cover, point, square leg, midwicket), to the deep ones
    return f"{'through' if segment in (2, 3, 6, 7) else 'to'} {SEGMENT_TEXT[segment - 1]}"


#: how the commentary words the runs off the bat
_RUNS = {0: "no run", 1: "1 run", 4: "FOUR", 6: "SIX"}


def player_name(state: FoldState, pid: str | None) -> str:
    return state.config.players.get(pid, pid) if pid else "?"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _outcome(d: ScoringAction) -> str:
    """What the ball brought, as a commentator says it: "FOUR", "1 wide", "no ball, 2 runs"."""
    parts = _extras_words(d.extras)
    if d.runsOffBat or not parts:
        parts.append(_RUNS.get(d.runsOffBat, f"{d.runsOffBat} runs"))
    return ", ".join(parts)


def _extras_words(e: Extras) -> list[str]:
    parts = []
    if e.wide:
        parts.append(plural(e.wide, "wide"))
    if e.noBall:
        parts.append("no ball")
    if e.bye:
        parts.append(plural(e.bye, "bye"))
    if e.legBye:
        parts.append(plural(e.legBye, "leg bye"))
    return parts


def commentary(state: FoldState, d: ScoringAction, wicket: str | None) -> str:
    """One line for a delivery, as the feed publishes it live and the archive keeps it:
    "Bumrah to Smith, FOUR, driven through cover"; the shot as the scorer recorded it
    (shotData), and a wicket as the scorecard words it."""
    line = f"{player_name(state, d.bowlerId)} to {player_name(state, d.strikerId)}, {_outcome(d)}"
    shot = shot_text(d.shotData)
    if shot:
        line += f", {shot}"
    if wicket:
        line += f", OUT! {wicket}"
    return line


def scorer_note(d: ScoringAction) -> str | None:
    """The scorer's note on a ball as spectators read it: never a character that could
    disguise it (an import's note is not checked by the rules)."""
    return safe_text(d.note) if d.note else None
