"""Cricsheet JSON (https://cricsheet.org/format/json/) -> match metadata + scoring actions.

Cricsheet data is published by cricsheet.org under the Open Data Commons Attribution
License; credit cricsheet.org wherever converted data is shown or stored.

The conversion is deterministic: player ids are Cricsheet's registry ids (a slug of the name
when absent), team ids are slugs, action ids are ``{innings}-{sequence:04d}`` and timestamps
are derived from the match date and the position in the log, so two runs are identical.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from scorebook.actions import (
    Absence,
    Action,
    Declaration,
    Dismissal,
    Extras,
    Forfeit,
    InningsEnd,
    InningsStart,
    MatchResult,
    PenaltyRuns,
    Retirement,
    ScoringAction,
    Wicket,
    WinMargin,
    action_id,
)
from scorebook.fold import replay
from scorebook.match import (
    Match,
    MatchLineup,
    Player,
    SubstitutionReason,
    Team,
    Toss,
    player_entries,
)

ATTRIBUTION = "Data from cricsheet.org, Open Data Commons Attribution License"

_KINDS = {
    "bowled": "bowled",
    "caught": "caught",
    "caught and bowled": "caught",
    "lbw": "lbw",
    "run out": "run_out",
    "stumped": "stumped",
    "hit wicket": "hit_wicket",
    "handled the ball": "handled_ball",
    "obstructing the field": "obstructing_field",
    "hit the ball twice": "hit_the_ball_twice",
    "timed out": "timed_out",
    "retired out": "retired_out",
    "retired hurt": "retired_hurt",
    "retired not out": "retired_not_out",
}
_RETIRED = {"retired_out", "retired_hurt", "retired_not_out"}
#: Cricsheet's ``replacements.match[].reason`` -> the reason of the playing conditions.
CRICSHEET_REASONS: dict[str, SubstitutionReason] = {
    "concussion_substitute": "concussion",
    "covid_replacement": "covid",
    "impact_player": "tactical",
    "injury_substitute": "injury",
}
_TWO_INNINGS = {"Test", "MDM"}
#: Cricsheet's ``outcome.result`` of a match no side won -> the result's kind.
_UNDECIDED: dict[str, Literal["draw", "no_result"]] = {"draw": "draw", "no result": "no_result"}
#: what Cricsheet hangs on a delivery after the ball, by kind of action
_LATER: dict[str, type[Retirement] | type[Dismissal]] = {
    "retirement": Retirement, "dismissal": Dismissal}
#: Fielder id of a substitute whose name is not recorded ("c sub b Bowler").
UNKNOWN_SUBSTITUTE = "sub"
PLAYERS_PER_SIDE = 11
#: Seconds between two consecutive actions in the synthetic timestamps.
STEP_SECONDS = 30
#: The fields every action of an innings has, with its next sequence number.
_NextFields = Callable[[], dict[str, Any]]


def slug(text: str) -> str:
    """A stable id from a name: ``"Trinbago Knight Riders"`` -> ``"trinbago-knight-riders"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def load_match(
    source: dict[str, Any] | str | Path,
    *,
    match_id: str | None = None,
    recorded_by: str = "cricsheet-import",
    start: datetime | None = None,
) -> tuple[Match, list[Action]]:
    """Convert one Cricsheet match to its ``Match`` document and its actions in log order.

    ``match_id`` defaults to the file name stem when ``source`` is a path (``"1269710"``),
    else is required. ``start`` is the timestamp of the first action (default: midnight UTC
    of the first match date); each later action is ``STEP_SECONDS`` later.
    """
    data, match_id = _read(source, match_id)
    if not match_id:
        raise ValueError("match_id: required when the source is not a file path")
    return _Converter(data, match_id, recorded_by, start).convert()


def _read(source: Mapping[str, Any] | str | Path,
          match_id: str | None) -> tuple[Any, str | None]:
    """The match's data, and its id: a file's stem unless one is given."""
    if not isinstance(source, str | Path):
        return source, match_id
    path = Path(source)
    return json.loads(path.read_text(encoding="utf-8")), match_id or path.stem


def _unlisted(listed: list[str], seen: dict[str, list[str]], came_in: dict[str, dict[str, Any]],
              ) -> tuple[list[str], list[str]]:
    """The side's players the deliveries or the replacements name who are not listed, and
    its substitute fielders."""
    extra = _none_of(seen["players"], listed)
    extra += _none_of(came_in, {*listed, *extra})
    return extra, _none_of(seen["substitutes"], {*listed, *extra})


def _none_of(names: Iterable[str], known: Collection[str]) -> list[str]:
    return [p for p in names if p not in known]


def _add_person(people: dict[str, dict[str, list[str]]], team: str, group: str,
                name: str) -> None:
    if name not in people[team][group]:
        people[team][group].append(name)


def _add_people_of(people: dict[str, dict[str, list[str]]], d: dict[str, Any], *,
                   batting: str, fielding: str) -> None:
    """The batters, the bowler and the fielders a delivery names."""
    _add_person(people, batting, "players", d["batter"])
    _add_person(people, batting, "players", d["non_striker"])
    _add_person(people, fielding, "players", d["bowler"])
    for w in d.get("wickets", []):
        for f in w.get("fielders", []):
            if f.get("name"):
                _add_fielder(people, fielding, f["name"], substitute=bool(f.get("substitute")),
                             stumped=w["kind"] == "stumped")


def _add_fielder(people: dict[str, dict[str, list[str]]], fielding: str, name: str, *,
                 substitute: bool, stumped: bool) -> None:
    _add_person(people, fielding, "substitutes" if substitute else "players", name)
    if stumped:
        _add_person(people, fielding, "keepers", name)


class _Converter:
    def __init__(
        self, data: dict[str, Any], match_id: str, recorded_by: str, start: datetime | None
    ) -> None:
        self.data = data
        self.info = data["info"]
        self.match_id = match_id
        self.recorded_by = recorded_by
        self.registry: dict[str, str] = self.info.get("registry", {}).get("people", {})
        dates = self.info.get("dates") or ["1970-01-01"]
        first = date.fromisoformat(str(dates[0]))
        self.start = start or datetime(first.year, first.month, first.day, tzinfo=UTC)
        self.count = 0

    def pid(self, name: str) -> str:
        return self.registry.get(name) or slug(name)

    def convert(self) -> tuple[Match, list[Action]]:
        match = self.match()
        actions: list[Action] = []
        innings = self.data.get("innings", [])
        for number, inn in enumerate(innings, start=1):
            actions.extend(self.innings(number, inn))
            if number < len(innings):
                actions.extend(self._unseen_end(match, number, actions))
        if innings:
            result = self.result(len(innings), self._next_seq(actions, len(innings)))
            if result is not None:
                actions.append(result)
        return match, actions

    # -- metadata ------------------------------------------------------------------------

    def match(self) -> Match:
        info = self.info
        names = info["teams"]
        seen = self._people_in_play()
        came_in = self._match_replacements()
        teams = [self._team(name, seen[name], came_in[name]) for name in names]
        toss = info.get("toss", {})
        event = info.get("event", {})
        return Match(
            id=self.match_id,
            name=_title(names, event),
            **self._playing_conditions(),
            teams=teams,
            status="completed",
            venue=info.get("venue"),
            city=info.get("city"),
            event=event.get("name"),
            season=str(info["season"]) if info.get("season") else None,
            playerOfMatch=[self.pid(p) for p in info.get("player_of_match", [])],
            gender=info.get("gender"),
            dates=[date.fromisoformat(str(d)) for d in info.get("dates", [])],
            toss=_toss(toss) if toss else None,
        )

    def _playing_conditions(self) -> dict[str, Any]:
        info = self.info
        match_type = info.get("match_type", "T20")
        return {
            "matchType": match_type,
            "ballsPerOver": info.get("balls_per_over", 6),
            "scheduledOvers": info.get("overs"),
            "inningsPerSide": 2 if match_type in _TWO_INNINGS else 1,
            "noBallRuns": self._no_ball_runs(),
            # The Hundred: a bowler may bowl two consecutive sets of five balls.
            "maxConsecutiveOvers": 2 if info.get("balls_per_over", 6) == 5 else 1,
        }

    def _team(
        self,
        name: str,
        seen: dict[str, list[str]],
        came_in: dict[str, dict[str, Any]],
    ) -> Team:
        """The side as listed, then those the deliveries or the replacements name who are
        not listed, then its substitute fielders."""
        listed = self.info.get("players", {}).get(name, [])
        extra, subs = _unlisted(listed, seen, came_in)
        keepers = seen["keepers"]
        players = [
            self._player(p, keeper=p in keepers, came_in=came_in.get(p))
            for p in [*listed, *extra]
        ]
        players += [Player(id=self.pid(p), name=p, isSubstitute=True) for p in subs]
        return Team(id=slug(name), name=name, players=players)

    def _no_ball_runs(self) -> int:
        """Competitions choose a 1- or 2-run no-ball (Law 21.10). Cricsheet records the
        penalty in ``extras.noballs``; its smallest value is the competition's penalty."""
        seen = [
            d["extras"]["noballs"] for d in self._deliveries() if d.get("extras", {}).get("noballs")
        ]
        return 2 if seen and min(seen) >= 2 else 1

    def _deliveries(self) -> Iterator[dict[str, Any]]:
        for inn in self.data.get("innings", []):
            yield from _innings_deliveries(inn)

    def _player(self, name: str, *, keeper: bool, came_in: dict[str, Any] | None) -> Player:
        return Player(
            id=self.pid(name),
            name=name,
            isWicketkeeper=keeper,
            replaces=self.pid(came_in["out"]) if came_in else None,
            replacementReason=CRICSHEET_REASONS.get(came_in.get("reason", "")) if came_in else None,
        )

    def _match_replacements(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per team, the players who came into the match as replacements (concussion,
        COVID-19, impact player: ``replacements.match`` on the delivery before which they
        came in), by name, with Cricsheet's record (``out``, ``reason``). Role
        replacements (a substitute bowling out an injured bowler's over) are not players
        joining the side."""
        out: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in self.info["teams"]}
        for d in self._deliveries():
            for r in d.get("replacements", {}).get("match", []):
                out.setdefault(r["team"], {}).setdefault(r["in"], r)
        return out

    def _people_in_play(self) -> dict[str, dict[str, list[str]]]:
        """Everyone the deliveries name, by team: players (a concussion or impact
        replacement may be missing from ``info.players``), substitute fielders, and
        keepers (whoever made a stumping keeps wicket, Law 39)."""
        out: dict[str, dict[str, list[str]]] = {
            t: {"players": [], "substitutes": [], "keepers": []} for t in self.info["teams"]
        }
        for inn in self.data.get("innings", []):
            batting = inn["team"]
            fielding = self._other_side(batting)
            for d in _innings_deliveries(inn):
                _add_people_of(out, d, batting=batting, fielding=fielding)
        return out

    def _other_side(self, team: str) -> str:
        teams = self.info["teams"]
        return teams[1] if team == teams[0] else teams[0]

    # -- actions -------------------------------------------------------------------------

    def base(self, innings: int, seq: int) -> dict[str, Any]:
        stamp = self.start + timedelta(seconds=STEP_SECONDS * self.count)
        self.count += 1
        return {
            "id": action_id(innings, seq),
            "matchId": self.match_id,
            "inningsNumber": innings,
            "sequenceNumber": seq,
            "timestamp": stamp,
            "createdAt": stamp,
            "recordedBy": self.recorded_by,
            "source": "import",
        }

    @staticmethod
    def _next_seq(actions: list[Action], innings: int) -> int:
        return 1 + sum(1 for a in actions if a.inningsNumber == innings)

    def innings(self, number: int, inn: dict[str, Any]) -> list[Action]:
        batting = inn["team"]
        bowling = self._other_side(batting)
        seq = 0

        def nxt() -> dict[str, Any]:
            nonlocal seq
            seq += 1
            return self.base(number, seq)

        out: list[Action] = [self._innings_start(inn, batting, bowling, nxt)]
        out += _penalty_runs(inn, "pre", batting, nxt)
        for name in inn.get("absent_hurt", []):
            out.append(Absence(**nxt(), kind="absence", batterId=self.pid(name)))
        if inn.get("forfeited"):
            out.append(Forfeit(**nxt(), kind="forfeit"))
        out += self._over_actions(inn, nxt)
        out += self._close(inn, nxt)
        out += _penalty_runs(inn, "post", batting, nxt)
        return out

    def _close(self, inn: dict[str, Any], nxt: _NextFields) -> list[Action]:
        """The declaration, or the end of an innings whose batters ran out."""
        if inn.get("declared"):
            return [Declaration(**nxt(), kind="declaration")]
        if self._no_batter_left(inn):
            # Cricsheet just stops: the last batters were retired hurt or absent hurt and
            # could not bat, so the side was all out with fewer than ten wickets down.
            return [InningsEnd(**nxt(), kind="innings_end", reason="all_out")]
        return []

    def _unseen_end(self, match: Match, number: int, actions: list[Action]) -> list[Action]:
        """An innings_end (reason other) for an innings that stopped where the fold cannot
        see an end: Cricsheet just goes on to the next innings when rain cut the first one
        short (1263161, 1269728), and a scorer would have recorded the end."""
        current = replay(match, actions).current()
        if current is None or current.closed:
            return []
        seq = self._next_seq(actions, number)
        return [InningsEnd(**self.base(number, seq), kind="innings_end", reason="other",
                           note="cut short: the source records no end")]

    def _innings_start(
        self, inn: dict[str, Any], batting: str, bowling: str, nxt: _NextFields
    ) -> InningsStart:
        target = inn.get("target") or {}
        return InningsStart(
            **nxt(),
            kind="innings_start",
            battingTeamId=slug(batting),
            bowlingTeamId=slug(bowling),
            isSuperOver=bool(inn.get("super_over")),
            target=target.get("runs"),
            maxOvers=self._over_limit(inn, target.get("overs")),
        )

    def _over_limit(self, inn: dict[str, Any], max_overs: Any) -> int | None:
        """An over limit only when it differs from the match's (a rain-reduced chase)."""
        if not max_overs or inn.get("super_over") or max_overs == self.info.get("overs"):
            return None
        return int(max_overs)

    def _over_actions(self, inn: dict[str, Any], nxt: _NextFields) -> list[Action]:
        """The deliveries, each followed by the retirements and dismissals hung on it."""
        out: list[Action] = []
        for over in inn.get("overs", []):
            for ball, d in enumerate(over["deliveries"], start=1):
                delivery, later = self.delivery(d, over["over"], ball)
                out.append(ScoringAction(**nxt(), **delivery))
                out += [_LATER[kind](**nxt(), kind=kind, **payload) for kind, payload in later]
        return out

    def _no_batter_left(self, inn: dict[str, Any]) -> bool:
        wickets = 0
        retired: set[str] = set()
        for d in _innings_deliveries(inn):
            retired -= {d["batter"], d["non_striker"]}  # a retired batter resumed
            for w in d.get("wickets", []):
                if _KINDS.get(w["kind"]) in ("retired_hurt", "retired_not_out"):
                    retired.add(w["player_out"])
                else:
                    wickets += 1
        unavailable = len(retired) + len(inn.get("absent_hurt", []))
        return wickets < PLAYERS_PER_SIDE - 1 <= wickets + unavailable

    def _wicket(self, w: dict[str, Any], bowler: str) -> Wicket:
        kind = _KINDS.get(w["kind"])
        if kind is None:
            raise ValueError(f"wickets.kind: unknown Cricsheet dismissal {w['kind']!r}")
        fielders, subs = self._fielders(w)
        if w["kind"] == "caught and bowled":
            fielders = [self.pid(bowler)]
        return Wicket(
            type=kind,
            dismissedPlayerId=self.pid(w["player_out"]),
            fielderIds=fielders,
            substituteFielderIds=subs,
        )

    def _fielders(self, w: dict[str, Any]) -> tuple[list[str], list[str]]:
        """The wicket's fielders, and which of them were substitutes."""
        fielders: list[str] = []
        subs: list[str] = []
        for f in w.get("fielders", []):
            # A substitute whose name the scorers did not record is still a fielder.
            fid = self.pid(f["name"]) if f.get("name") else UNKNOWN_SUBSTITUTE
            fielders.append(fid)
            if f.get("substitute") or not f.get("name"):
                subs.append(fid)
        return fielders, subs

    def _ball_wickets(
        self, d: dict[str, Any]
    ) -> tuple[Wicket | None, list[tuple[str, dict[str, Any]]]]:
        """The ball's own wicket, and the retirements and dismissals hung on it."""
        wicket = None
        later: list[tuple[str, dict[str, Any]]] = []
        for w in d.get("wickets", []):
            wk = self._wicket(w, d["bowler"])
            if wk.type in _RETIRED:
                # Cricsheet hangs a retirement on the ball it followed; it is its own event.
                later.append(("retirement", {"batterId": wk.dismissedPlayerId, "type": wk.type}))
            elif wicket is None and wk.type != "timed_out":
                wicket = wk
            else:
                later.append(("dismissal", {"wicket": wk, "bowlerId": self.pid(d["bowler"])}))
        return wicket, later

    def delivery(
        self, d: dict[str, Any], over: int, ball: int
    ) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
        runs = d["runs"]
        ex = d.get("extras", {})
        extras = Extras(
            wide=ex.get("wides", 0),
            noBall=ex.get("noballs", 0),
            bye=ex.get("byes", 0),
            legBye=ex.get("legbyes", 0),
            penalty=ex.get("penalty", 0),
        )
        wicket, later = self._ball_wickets(d)
        return (
            {
                "kind": "delivery",
                "overNumber": over,
                "ballInOver": ball,
                "strikerId": self.pid(d["batter"]),
                "nonStrikerId": self.pid(d["non_striker"]),
                "bowlerId": self.pid(d["bowler"]),
                "runsOffBat": runs["batter"],
                "extras": extras,
                "totalRuns": runs["total"],
                "isWicket": wicket is not None,
                "wicket": wicket,
                "isLegalDelivery": not (extras.wide or extras.noBall),
                "isBoundary": _boundary(runs),
            },
            later,
        )

    def result(self, innings: int, seq: int) -> MatchResult | None:
        outcome = self.info.get("outcome") or {}
        base = {**self.base(innings, seq), "kind": "match_result",
                "method": outcome.get("method")}
        kind = outcome.get("result")
        if outcome.get("winner"):
            return MatchResult(**base, result="win", winnerId=slug(outcome["winner"]),
                               winMargin=_margin(outcome.get("by", {})))
        if kind == "tie":
            eliminator = outcome.get("eliminator") or outcome.get("bowl_out")
            return MatchResult(**base, result="tie",
                               winnerId=slug(eliminator) if eliminator else None)
        if isinstance(kind, str) and kind in _UNDECIDED:  # (a list or a map: no key)
            return MatchResult(**base, result=_UNDECIDED[kind])
        self.count -= 1  # no result recorded: the action's fields go unused
        return None


def _innings_deliveries(inn: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for over in inn.get("overs", []):
        yield from over["deliveries"]


def _boundary(runs: dict[str, Any]) -> bool | None:
    """A four or a six, unless Cricsheet says the runs were run (``non_boundary``); not
    known otherwise."""
    if runs.get("non_boundary"):
        return False
    return True if runs["batter"] in (4, 6) else None


def _margin(by: dict[str, Any]) -> WinMargin | None:
    if not by:
        return None
    return WinMargin(runs=by.get("runs"), wickets=by.get("wickets"),
                     innings=bool(by.get("innings")))


def _title(names: list[str], event: dict[str, Any]) -> str:
    title = f"{names[0]} v {names[1]}"
    if event.get("name"):
        title += f", {event['name']}"
        if event.get("match_number"):
            title += f" (match {event['match_number']})"
    return title


def _toss(toss: dict[str, Any]) -> Toss:
    return Toss(
        winnerId=slug(toss["winner"]) if toss.get("winner") else None,
        decision=toss.get("decision"),
    )


def _penalty_runs(
    inn: dict[str, Any], when: Literal["pre", "post"], batting: str, nxt: _NextFields
) -> list[PenaltyRuns]:
    """The penalty runs awarded to the batting side before or after its innings (Law 41)."""
    runs = inn.get("penalty_runs", {}).get(when)
    if not runs:
        return []
    return [
        PenaltyRuns(
            **nxt(), kind="penalty_runs", runs=runs, when=when, awardedToTeamId=slug(batting)
        )
    ]


def lineups_from_cricsheet(
    source: Mapping[str, Any] | str | Path,
    *,
    match_id: str | None = None,
    captains: Mapping[str, str] | None = None,
    selected_by: str = "cricsheet-import",
) -> list[MatchLineup]:
    """The lineup entries of a Cricsheet match, with the ids :func:`load_match` gives.

    The XI is ``info.players`` in its listed order (Cricsheet lists the batting order), less
    the players who came in as match replacements (``replacements.match`` on a delivery:
    concussion, COVID-19, impact player), who are entries of their own linked to the player
    replaced. Keepers are those who made a stumping; Cricsheet records no captains, so pass
    ``captains`` (team id -> player id) to name them. Substitute fielders are substitutes.
    Each is selected (and created) by ``selected_by`` at midnight UTC of the first day, when
    the log's timestamps begin.
    """
    data, match_id = _read(source, match_id)
    match, _ = load_match(dict(data), match_id=match_id)
    first = match.dates[0] if match.dates else date(1970, 1, 1)
    selected_at = datetime(first.year, first.month, first.day, tzinfo=UTC)
    captains = captains or {}
    return [
        entry
        for team in match.teams
        for entry in player_entries(
            match.id,
            team.id,
            team.players,
            selected_by=selected_by,
            selected_at=selected_at,
            captain_id=captains.get(team.id),
        )
    ]
