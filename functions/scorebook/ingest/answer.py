"""What a provider says about a match, in one shape whatever the provider: its events (each an
action of the log, with the provider's ids for players and teams), its score, and how far each
innings has gone. Each adapter (`scorebook.http_providers`) turns its own wire format into
this; the normaliser (`scorebook.ingest.normalise`) turns it into the log's actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import AwareDatetime, Field

from scorebook.actions import ACTION_KINDS, ActionBase, action_id
from scorebook.document import Schema
from scorebook.laws.innings import target_of
from scorebook.state import FoldState

#: Where an event stands in the match: (innings, sequence). The sequence counts every event of
#: the innings from 1 (its start), wides and no-balls included, so the provider's 19.3 after a
#: wide is not the same place as the 19.3 before it.
Position = tuple[int, int]


def position_id(position: Position) -> str:
    """The log's id of the action at this position: ``(2, 45)`` -> ``"2-0045"``."""
    return action_id(*position)


class ProviderRef(Schema):
    """One provider of one match, as an ingestion names it."""

    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9.-]+$")
    #: which adapter reads it: `generic` (the generic ball-by-ball JSON API) or `cricsheet`
    #: (a Cricsheet JSON file that grows as the match goes on)
    adapter: Literal["generic", "cricsheet"]
    #: the provider's base address (generic) or the file's address (cricsheet)
    url: str = Field(min_length=1)
    #: the provider's id of the match (generic providers)
    providerMatchId: str | None = None
    #: the person id of a player the mappings do not know: this prefix + the provider's id
    #: ("" keeps the provider's id: Cricsheet's registry ids are this project's person ids)
    idPrefix: str | None = None

    @property
    def prefix(self) -> str:
        return f"{self.name}-" if self.idPrefix is None else self.idPrefix


class ProviderEvent(Schema):
    """One event of the match as the provider published it."""

    eventId: str = Field(min_length=1)
    innings: int = Field(ge=1, le=99)
    sequence: int = Field(ge=1, le=99_999)
    #: a provider that corrects an event sends it again with a higher revision
    revision: int = Field(default=1, ge=1)
    #: when the provider published it (for the latency from the provider to the log); with
    #: its time zone: a time without one is not an answer
    publishedAt: AwareDatetime | None = None
    #: the action's kind (`delivery`, `innings_start`, ...: `scorebook.actions`)
    kind: str
    #: the action's own fields, players and teams by the provider's ids
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def position(self) -> Position:
        return (self.innings, self.sequence)

    def known_kind(self) -> bool:
        return self.kind in ACTION_KINDS


class ScoreSnapshot(Schema):
    """The provider's score now: the latest wins, an older one is ignored."""

    asOf: AwareDatetime
    innings: int = Field(ge=1)
    #: the provider's last event in that innings
    sequence: int = Field(ge=0)
    runs: int = Field(ge=0)
    wickets: int = Field(ge=0)
    #: legal balls bowled in the innings
    balls: int = Field(ge=0)
    ballsPerOver: int = Field(default=6, ge=1)
    maxOvers: int | None = None
    target: int | None = None
    state: Literal["scheduled", "live", "break", "complete"] = "live"

    @property
    def overs(self) -> str:
        return f"{self.balls // self.ballsPerOver}.{self.balls % self.ballsPerOver}"


class Answer(Schema):
    """What one poll of a provider returned."""

    events: list[ProviderEvent] = Field(default_factory=list)
    snapshot: ScoreSnapshot | None = None
    #: innings -> the provider's last sequence in it (what exists, published or not yet sent)
    lengths: dict[int, int] = Field(default_factory=dict)
    #: the source's own revision, when it has one (a Cricsheet file's meta.revision): a new
    #: one means any earlier event may have changed
    revision: int | None = None
    #: the provider says the match is over and every event is published
    complete: bool = False

    def merged(self, more: list[ProviderEvent]) -> Answer:
        return self.model_copy(update={"events": [*self.events, *more]})


class Provider(Protocol):
    """What the ingestion asks of a provider of one match (`scorebook.http_providers`)."""

    def poll(self, after: Position | None, known_revision: int | None) -> Answer:
        """What the provider says now: the events after ``after`` (all of them when its
        revision is no longer ``known_revision``), its score, its innings' lengths."""
        ...

    def fetch(self, positions: list[Position]) -> list[ProviderEvent]:
        """These positions' events again (a gap's backfill)."""
        ...

    def info(self) -> dict[str, Any]:
        """The match: teams, players and their ids, as a Cricsheet ``info`` block."""
        ...


ProviderProblemCode = Literal["rate_limited", "unavailable", "timeout", "bad_answer", "not_found"]


class ProviderProblem(Exception):
    """A poll that got no usable answer, by a code the cadence acts on: ``rate_limited``
    (HTTP 429) and ``unavailable`` (5xx, connection refused) and ``timeout`` back off;
    ``bad_answer`` (not the format) and ``not_found`` count against the provider's health."""

    def __init__(self, code: ProviderProblemCode, message: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code: ProviderProblemCode = code
        self.status = status
        self.retry_after = retry_after


#: Fields of an action that say where and by whom it was written, not what happened.
PLACE_FIELDS = frozenset({
    "id", "matchId", "inningsNumber", "sequenceNumber", "timestamp", "recordedBy", "source",
    "corrects", "correctedBy", "submissionIds", "isVoided", "voidReason", "voidedBy",
    "voidedAt", "createdAt", "updatedAt", "provider", "providerEventId", "kind",
})


def event_of(action: ActionBase, *, event_id: str, published_at: datetime | None = None,
             revision: int = 1) -> ProviderEvent:
    """An action as a provider event: what happened, at its position (a feed made from a log,
    as the Cricsheet adapter and the fake provider make theirs)."""
    data = {k: v for k, v in action.model_dump(mode="json").items()
            if k not in PLACE_FIELDS and v is not None}
    return ProviderEvent(eventId=event_id, innings=action.inningsNumber,
                         sequence=action.sequenceNumber, revision=revision,
                         publishedAt=published_at, kind=getattr(action, "kind", "delivery"),
                         data=data)


def snapshot_of(state: FoldState, *, as_of: datetime, complete: bool,
                sequence: int) -> ScoreSnapshot | None:
    """The score a provider would give for a match folded this far."""
    current = state.current()
    if current is None:
        return None
    if complete:
        status: Literal["scheduled", "live", "break", "complete"] = "complete"
    else:
        status = "break" if current.closed else "live"
    return ScoreSnapshot(
        asOf=as_of, innings=current.number, sequence=sequence, runs=current.runs,
        wickets=current.wickets, balls=current.balls, ballsPerOver=state.config.ballsPerOver,
        maxOvers=current.maxOvers or state.config.scheduledOvers,
        target=target_of(state, current), state=status)
