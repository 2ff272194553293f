"""How the scorecard writes a ball, a dismissal and a replacement."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from scorebook.actions import ScoringAction
from scorebook.laws.dismissals import is_team_wicket

#: The kind of extra a ball of the current-over strip shows, spelt as the product schema's
#: BallSummary.extraType spells it ("noball", "legbye"; the delivery's own extras are
#: camelCase fields: noBall, legBye). "penalty" is this project's extension: penalty runs
#: on a ball with no other extra.
ExtraType = Literal["wide", "noball", "bye", "legbye", "penalty"]


def ball_display(d: ScoringAction) -> tuple[str, ExtraType | None]:
    """How a delivery appears in the current-over strip: ``"•"`` dot, ``"4"``, ``"W"``,
    ``"1wd"``, ``"1nb"``, ``"2lb"``, ``"1b"``; a wicket with runs shows ``"1+W"``. With it,
    the kind of extra (:data:`ExtraType`): a wide first, then a no-ball, byes, leg-byes, and
    penalty runs only when there is no other extra."""
    bat, wicket = d.runsOffBat, d.wicket
    if d.totalRuns == bat:  # no extras (the total is the bat's runs and the extras)
        text, extra_type = str(bat) if bat else "•", None
    else:
        text, extra_type = _extras_display(d)
    if wicket is not None and is_team_wicket(wicket.type):
        text = "W" if text == "•" else f"{text}+W"
    return text, extra_type


def _extras_display(d: ScoringAction) -> tuple[str, ExtraType | None]:
    e = d.extras
    extra_type: ExtraType | None = None
    if e.wide:
        text, extra_type = f"{e.wide}wd", "wide"
    elif e.noBall:
        text, extra_type = f"{e.noBall + d.runsOffBat + e.bye + e.legBye}nb", "noball"
    elif e.bye:
        text, extra_type = f"{e.bye}b", "bye"
    elif e.legBye:
        text, extra_type = f"{e.legBye}lb", "legbye"
    elif d.runsOffBat:
        text = str(d.runsOffBat)
    else:
        text = "•"
    if e.penalty:
        text = f"{e.penalty}p" if text == "•" else f"{text}+{e.penalty}p"
        extra_type = extra_type or "penalty"
    return text, extra_type


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
    if wicket_type == "bowled":
        return f"b {b}"
    if wicket_type == "lbw":
        return f"lbw b {b}"
    if wicket_type == "hit_wicket":
        return f"hit wicket b {b}"
    if wicket_type == "caught":
        if not fielders or fielders[0] == bowler_id:
            return f"c & b {b}"
        return f"c {fielder(fielders[0])} b {b}"
    if wicket_type == "stumped":
        keeper = fielder(fielders[0], keeper=True) if fielders else "†?"
        return f"st {keeper} b {b}"
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
