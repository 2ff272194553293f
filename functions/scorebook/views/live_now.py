"""The live documents by how often they change: `live/now`, what changes every ball, small
enough for a phone on a ground's mobile data to follow a five-day Test ball by ball; and
`live/innings{n}`, each innings' scorecard, which stops changing when the innings ends.

A spectator's listener receives a document whole whenever it changes: a scoreboard, an
overlay or a ticker listens to `live/now` alone (about 1.5 KB); a scorecard adds the innings
it shows (a settled innings is sent once, at the start, and never again). `live/score`, the
product schema's LiveScoreProjection with every innings' card in it, stays for the apps built
on it. Both are cut from the live/score document the functions render (`now_document`,
`innings_documents`): one rendering, three documents, never two stories.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from scorebook.document import View
from scorebook.views.live_score_schema import (
    BallView,
    CurrentInningsView,
    FallOfWicketView,
    PartnershipView,
)


class CreaseBatterView(View):
    """A batter at the crease, as the scoreboard shows him."""

    playerId: str
    name: str | None = None
    runs: int = 0
    ballsFaced: int = 0
    fours: int = 0
    sixes: int = 0
    strikeRate: float = 0.0
    isOnStrike: bool = False


class BowlerNowView(View):
    """The bowler of the over in progress, as the scoreboard shows him."""

    playerId: str
    name: str | None = None
    overs: float = 0.0
    ballsBowled: int = 0
    maidens: int = 0
    runsConceded: int = 0
    wickets: int = 0
    wides: int = 0
    noBalls: int = 0
    economy: float = 0.0


class LiveNow(View):
    """``matches/{matchId}/live/now``: what changes every ball, for a scoreboard, an overlay
    or a ticker. The same figures as ``live/score`` (the same rendering, cut small): the
    innings in progress (its ``yetToBat`` left empty: the card has it), the two batters at
    the crease, the bowler, this over, the partnership, the last wicket, the status and the
    result. Each innings' full card is ``live/innings{n}`` (``innings`` of them)."""

    matchId: str
    status: Literal["scheduled", "live", "innings_break", "completed"] = "scheduled"
    inningsNumber: int = 0
    """The current innings' number (0 before the first): its card is ``live/innings{n}``."""
    innings: int = 0
    """How many innings there are (``live/innings1`` to ``live/innings{innings}``)."""
    currentInnings: CurrentInningsView | None = None
    batters: list[CreaseBatterView] = Field(default_factory=list)
    """The batters at the crease, the one on strike first."""
    bowler: BowlerNowView | None = None
    currentOver: list[BallView] = Field(default_factory=list)
    partnership: PartnershipView | None = None
    lastWicket: FallOfWicketView | None = None
    resultType: Literal["win", "tie", "draw", "no_result", "abandoned"] | None = None
    winnerId: str | None = None
    winMargin: str | None = None
    resultMethod: str | None = None
    result: str | None = None
    resultSource: Literal["officials", "laws"] | None = None
    validation: Literal["SINGLE", "HONOR", "DUAL", "TRIPLE"] = "SINGLE"
    openDisputes: list[str] = Field(default_factory=list)
    problems: int = 0
    """How many problems ``live/score.integrity`` lists (0: none): a scorer's app reads them
    there when there are."""
    lastUpdated: datetime | None = None
    """The server's time of the write that last changed it."""
    lastActionId: str | None = None
    version: int = 0
    """live/score's version this was cut from: the three documents of one write share it."""


#: live/score's fields live/now carries as they are
_KEPT = ("matchId", "status", "inningsNumber", "currentOver", "partnership", "resultType",
         "winnerId", "winMargin", "resultMethod", "result", "resultSource", "validation",
         "openDisputes", "lastUpdated", "lastActionId", "version")
_BATTER = tuple(CreaseBatterView.model_fields)
_BOWLER = tuple(BowlerNowView.model_fields)


def innings_numbers(score: dict[str, Any]) -> list[int]:
    """The innings live/score carries a card of (`innings1`, `innings2`, ...), in order."""
    return sorted(int(k[7:]) for k in score if k.startswith("innings") and k[7:].isdigit())


def now_document(score: dict[str, Any]) -> dict[str, Any]:
    """live/now as cut from a rendered live/score document."""
    now: dict[str, Any] = {k: score[k] for k in _KEPT if k in score}
    now["innings"] = len(innings_numbers(score))
    current = score.get("currentInnings")
    if current is not None:
        # (who is yet to bat is the scorecard's: live/innings{n})
        now["currentInnings"] = {**current, "yetToBat": []}
        now |= _at_the_crease(score, current)
    now["problems"] = len(score.get("integrity") or [])
    return now


def _at_the_crease(score: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The two batters (striker first), the bowler and the last wicket of the innings."""
    wickets = score.get("fallOfWickets") or []
    return {"batters": _batters_now(score),
            "bowler": _bowler_now(score, current),
            "lastWicket": wickets[-1] if wickets else None}


def _batters_now(score: dict[str, Any]) -> list[dict[str, Any]]:
    at_crease = [b for b in score.get("batsmen", []) if b.get("isAtCrease")]
    at_crease.sort(key=lambda b: not b.get("isOnStrike"))
    return [_cut(b, _BATTER) for b in at_crease]


def _bowler_now(score: dict[str, Any], current: dict[str, Any]) -> dict[str, Any] | None:
    bowler = next((b for b in score.get("bowlers", [])
                   if b.get("playerId") == current.get("bowlerId")), None)
    return None if bowler is None else _cut(bowler, _BOWLER)


def _cut(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in fields if k in row}


def innings_documents(score: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Each innings' card as `live/innings{n}` holds it: live/score's `innings{n}` (none
    where live/score had to leave it out to fit a document)."""
    cards = {n: score[f"innings{n}"] for n in innings_numbers(score)}
    return {n: card for n, card in cards.items() if isinstance(card, dict)}
