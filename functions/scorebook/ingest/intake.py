"""What a provider's answer changes in the log, exactly once: `poll_writes` of an answer
against what the match has already taken in (its `Intake`).

- An event at a position already taken, saying the same (the same digest), writes nothing: a
  re-sent event, or the other provider's copy of the ball after a failover.
- One saying something else, with a revision no older, is a correction: the action there is
  voided and the event written at ``{position}-c{n}``, as a scorer's correction would be.
- New events are written in order and only as a prefix with no hole: a missing sequence is a
  gap, and nothing after it is written until it is filled (the design's "19.1 to 20.0
  captured in sequence"). An innings is followed by the next only once it is complete.
- The score snapshot is the latest the provider gave: an older one is ignored.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from pydantic import Field

from scorebook.document import Schema
from scorebook.ingest.answer import Answer, Position, ProviderEvent, ProviderRef, ScoreSnapshot
from scorebook.ingest.answer import position_id as _position_id
from scorebook.ingest.normalise import (
    Normalised,
    ProviderMapping,
    correction_id,
    normalise,
    void_fields,
)


class Taken(Schema):
    """A position of the log the ingestion has written: the action there now, and what said
    it (for the next answer's comparison)."""

    actionId: str
    provider: str
    eventId: str
    revision: int = 1
    digest: str


class Rejected(Schema):
    """An event that is not a valid action: ingestion waits at its position (nothing after it
    is written) until the provider sends a valid revision."""

    position: str
    eventId: str
    provider: str
    problems: list[str]


class Intake(Schema):
    """What the match has taken from its providers (`ingestion/{matchId}.intake`)."""

    #: position id ("1-0045") -> what is there
    taken: dict[str, Taken] = Field(default_factory=dict)
    #: innings (as text: a Firestore map key) -> the last sequence written with none missing
    frontier: dict[str, int] = Field(default_factory=dict)
    #: innings -> the provider's last sequence, as last said
    lengths: dict[str, int] = Field(default_factory=dict)
    #: positions known missing (counted once, until filled)
    missing: list[str] = Field(default_factory=list)
    #: provider -> its source's revision, when it has one (a Cricsheet file's meta.revision)
    sourceRevisions: dict[str, int] = Field(default_factory=dict)
    snapshot: ScoreSnapshot | None = None
    rejected: Rejected | None = None
    #: positions already written whose correction is not a valid action -> why (the log keeps
    #: what it has there; counted once)
    rejectedCorrections: dict[str, list[str]] = Field(default_factory=dict)
    complete: bool = False

    def written_to(self, innings: int) -> int:
        return self.frontier.get(str(innings), 0)

    def after(self) -> Position | None:
        """The last position written (a generic provider's cursor)."""
        if not self.frontier:
            return None
        innings = max(int(i) for i in self.frontier)
        return (innings, self.frontier[str(innings)])


class Counts(Schema):
    """What one answer did, for the metrics (each a counter of the same name)."""

    seen: int = 0
    written: int = 0
    duplicates: int = 0
    corrections: int = 0
    gaps: int = 0
    missedBalls: int = 0
    backfilled: int = 0
    rejected: int = 0
    staleSnapshots: int = 0
    #: seconds from the provider publishing each written event to now (the write)
    latencies: list[float] = Field(default_factory=list)

    def __add__(self, other: Counts) -> Counts:
        merged = {k: getattr(self, k) + getattr(other, k) for k in Counts.model_fields}
        return Counts(**merged)


class PollWrites(Schema):
    """The writes of one answer, in log order, and the intake once they are made."""

    creates: list[dict[str, Any]] = Field(default_factory=list)
    #: action id -> the void fields to set on it
    voids: dict[str, dict[str, Any]] = Field(default_factory=dict)
    intake: Intake
    counts: Counts


def lengths_of(intake: Intake, answer: Answer) -> dict[int, int]:
    """How long each innings is, as far as known: the answer's lengths, else the last ones
    said; an innings a feed gives no length for is as long as its events once a later
    innings has begun."""
    lengths = {int(i): n for i, n in intake.lengths.items()} | dict(answer.lengths)
    top = max((e.innings for e in answer.events), default=0)
    for e in answer.events:
        if e.innings < top and e.innings not in answer.lengths:
            lengths[e.innings] = max(lengths.get(e.innings, 0), e.sequence)
    return lengths


def _reach(intake: Intake, answer: Answer) -> dict[int, int]:
    """Each innings' last sequence as far as anything says: its length or the answer's
    furthest event."""
    reach = lengths_of(intake, answer)
    for e in answer.events:
        reach[e.innings] = max(reach.get(e.innings, 0), e.sequence)
    return reach


def missing(intake: Intake, answer: Answer) -> list[Position]:
    """The positions to fetch again before the answer can be written in full: in every innings
    not yet written to its end, each sequence up to the furthest its length or the answer
    reaches that the answer does not hold (a tail the stream never sends included)."""
    have = {e.position for e in answer.events}
    reach = _reach(intake, answer)
    out = []
    for innings in sorted(reach):
        for sequence in range(intake.written_to(innings) + 1, reach[innings] + 1):
            if (innings, sequence) not in have:
                out.append((innings, sequence))
    return out


class _Taking:
    def __init__(self, intake: Intake, *, match_id: str, ref: ProviderRef,
                 mapping: ProviderMapping, recorded_by: str, now: datetime,
                 limit: int | None) -> None:
        self.taken = dict(intake.taken)
        self.frontier = dict(intake.frontier)
        self.args = {"match_id": match_id, "ref": ref, "mapping": mapping,
                     "recorded_by": recorded_by, "now": now}
        self.ref = ref
        self.now = now
        self.creates: list[dict[str, Any]] = []
        self.voids: dict[str, dict[str, Any]] = {}
        self.counts: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.rejected: Rejected | None = intake.rejected
        self.rejected_corrections = dict(intake.rejectedCorrections)
        self.limit = limit
        #: the limit stopped the writes short: the rest waits for the next poll
        self.truncated = False

    def room(self, writes: int) -> bool:
        """Whether ``writes`` more fit in the commit (a correction is two: the new action and
        the void)."""
        if self.limit is not None and len(self.creates) + len(self.voids) + writes > self.limit:
            self.truncated = True
            return False
        return True

    def latest(self, events: list[ProviderEvent]) -> dict[Position, ProviderEvent]:
        """One event per position, the highest revision; the rest are duplicates."""
        best: dict[Position, ProviderEvent] = {}
        for e in events:
            if e.position in best:
                self.counts["duplicates"] += 1
            if e.position not in best or e.revision >= best[e.position].revision:
                best[e.position] = e
        return best

    def taken_again(self, event: ProviderEvent, here: Taken) -> None:
        found = normalise(event, **self.args)
        position = _position_id(event.position)
        # revisions are the provider's own: another provider's ball is judged by what it says
        older = here.provider == self.ref.name and event.revision < here.revision
        if found.digest == here.digest or older:
            self.counts["duplicates"] += 1
            self.rejected_corrections.pop(position, None)
            return
        if self.room(2):
            self.correct(event, here, position)

    def correct(self, event: ProviderEvent, here: Taken, position: str) -> None:
        """Write the event as a correction of the action taken at its position, voiding it."""
        new_id = correction_id(here.actionId)
        found = normalise(event, **self.args, action_id=new_id, corrects=here.actionId)
        if found.document is None:
            self.reject_correction(position, found.problems)
            return
        self.rejected_corrections.pop(position, None)
        self.creates.append(found.document)
        self.voids[here.actionId] = void_fields(
            reason=f"corrected by {self.ref.name} (event {event.eventId} revision "
                   f"{event.revision})",
            voided_by=self.args["recorded_by"], now=self.now, corrected_by=new_id)
        self.taken[position] = self.record(found, new_id)
        self.counts["corrections"] += 1

    def reject_correction(self, position: str, problems: list[str]) -> None:
        """A refused correction is counted once, until its problems change."""
        if self.rejected_corrections.get(position) != problems:
            self.counts["rejected"] += 1
            self.rejected_corrections[position] = problems

    def withdraw(self, lengths: dict[int, int]) -> None:
        """The source was revised and is now shorter: what it no longer has is voided (the
        log never deletes), and the innings is written up to its new end again."""
        last = max(lengths, default=0)
        for position, here in sorted(self.taken.items(), reverse=True):
            innings, sequence = (int(x) for x in position.split("-"))
            if _in_source(innings, sequence, last, lengths) or not self.room(1):
                continue
            self.void_withdrawn(position, here, innings, sequence)

    def void_withdrawn(self, position: str, here: Taken, innings: int, sequence: int) -> None:
        """Void the action taken at a position the source no longer has; the innings is
        written again from there."""
        self.voids[here.actionId] = void_fields(
            reason=f"withdrawn by {self.ref.name} (no longer in its revised source)",
            voided_by=self.args["recorded_by"], now=self.now, corrected_by=None)
        del self.taken[position]
        written = self.frontier.get(str(innings), 0)
        if sequence <= written:
            self.frontier[str(innings)] = sequence - 1
        self.counts["corrections"] += 1

    def record(self, found: Normalised, action_id: str) -> Taken:
        return Taken(actionId=action_id, provider=self.ref.name, eventId=found.eventId,
                     revision=found.revision, digest=found.digest)

    def reject(self, found: Normalised) -> None:
        self.counts["rejected"] += 1
        self.rejected = Rejected(position=_position_id(found.position), eventId=found.eventId,
                                 provider=self.ref.name, problems=found.problems)

    def write_new(self, best: dict[Position, ProviderEvent], lengths: dict[int, int]) -> None:
        """The new events, in order, as far as there is no hole; innings by innings."""
        innings_numbers = sorted({p[0] for p in best} | {int(i) for i in self.frontier})
        for innings in innings_numbers:
            if self._earlier_open(innings, innings_numbers, lengths):
                return
            if not self._write_innings(innings, best):
                return

    def _earlier_open(self, innings: int, innings_numbers: list[int],
                      lengths: dict[int, int]) -> bool:
        """Whether an innings before this one is not written to its end (or its length is
        not known)."""
        return any(self.frontier.get(str(i), 0) < lengths.get(i, 0) or i not in lengths
                   for i in innings_numbers if i < innings)

    def _write_innings(self, innings: int, best: dict[Position, ProviderEvent]) -> bool:
        """The innings' new events in order, up to a hole; False when the writes stopped
        short (no room, an event refused)."""
        sequence = self.frontier.get(str(innings), 0) + 1
        while (innings, sequence) in best:
            if not self.room(1):
                return False
            if not self.write_one(best[(innings, sequence)]):
                return False
            sequence += 1
        return True

    def write_one(self, event: ProviderEvent) -> bool:
        found = normalise(event, **self.args)
        if found.document is None:
            self.reject(found)
            return False
        self.creates.append(found.document)
        position = _position_id(event.position)
        self.taken[position] = self.record(found, position)
        self.frontier[str(event.innings)] = event.sequence
        self.counts["written"] += 1
        if self.rejected is not None and self.rejected.position == position:
            self.rejected = None
        if event.publishedAt is not None:
            self.latencies.append(max(0.0, (self.now - event.publishedAt).total_seconds()))
        return True


def poll_writes(
    intake: Intake, answer: Answer, *, match_id: str, ref: ProviderRef,
    mapping: ProviderMapping, recorded_by: str, now: datetime,
    gaps: list[Position] | None = None, backfilled: frozenset[Position] = frozenset(),
    limit: int | None = None,
) -> PollWrites:
    """The writes that bring the log up to what the answer says (see the module). Positions in
    ``gaps`` are the holes the provider's answer showed before they were fetched again
    (default: the answer's own), ``backfilled`` the positions that fetch brought: the holes are
    counted once each (`missedBalls`, `gaps`), the fetched once written (`backfilled`). At most
    ``limit`` documents are written (one commit's worth: a correction is two, the action and
    the void): the rest wait for the next poll."""
    taking = _Taking(intake, match_id=match_id, ref=ref, mapping=mapping,
                       recorded_by=recorded_by, now=now, limit=limit)
    taking.counts["seen"] = len(answer.events)
    lengths = lengths_of(intake, answer)
    _take(taking, intake, answer, ref, lengths)
    now_missing = [_position_id(p) for p in missing(
        intake.model_copy(update={"frontier": taking.frontier}), answer)]
    _count_holes(taking, intake, now_missing, gaps, backfilled)
    snapshot, stale = _latest_snapshot(intake.snapshot, answer.snapshot)
    taking.counts["staleSnapshots"] += stale
    complete = _complete(taking, intake, answer, now_missing)
    revisions = _source_revisions(taking, intake, answer, ref)
    new_intake = intake.model_copy(update={
        "taken": taking.taken, "frontier": taking.frontier,
        "lengths": {str(i): n for i, n in lengths.items()},
        "missing": now_missing, "snapshot": snapshot, "rejected": taking.rejected,
        "rejectedCorrections": taking.rejected_corrections, "sourceRevisions": revisions,
        "complete": intake.complete or complete,
    })
    counts = Counts(**taking.counts, latencies=taking.latencies)
    return PollWrites(creates=taking.creates, voids=taking.voids, intake=new_intake, counts=counts)


def _in_source(innings: int, sequence: int, last: int, lengths: dict[int, int]) -> bool:
    """Whether the revised source still reaches a position: an innings it has, no further
    than its length."""
    return innings <= last and sequence <= lengths.get(innings, sequence)


def _source_revisions(taking: _Taking, intake: Intake, answer: Answer,
                      ref: ProviderRef) -> dict[str, int]:
    """The source revision each provider was last read in full at."""
    revisions = dict(intake.sourceRevisions)
    if answer.revision is not None and not taking.truncated:
        revisions[ref.name] = answer.revision  # else: compared in full again next time
    return revisions


def _take(taking: _Taking, intake: Intake, answer: Answer, ref: ProviderRef,
          lengths: dict[int, int]) -> None:
    """Work out the writes of the answer's events: withdraw what a revised answer no longer
    has, judge the positions taken again, write the new ones."""
    best = taking.latest(answer.events)
    if _revised(intake, answer, ref) and answer.lengths:
        taking.withdraw(dict(answer.lengths))
    _judge_taken_again(taking, intake, best)
    taking.write_new({p: e for p, e in best.items() if _position_id(p) not in taking.taken},
                      lengths)


def _judge_taken_again(taking: _Taking, intake: Intake,
                       best: dict[Position, ProviderEvent]) -> None:
    """Judge each event at a position taken before this answer (and not withdrawn)."""
    for position, event in sorted(best.items()):
        here = taking.taken.get(_position_id(position))
        if here is not None and _position_id(position) in intake.taken:
            taking.taken_again(event, here)


def _revised(intake: Intake, answer: Answer, ref: ProviderRef) -> bool:
    """The provider's source has a revision other than the one last read in full."""
    return (answer.revision is not None
            and answer.revision != intake.sourceRevisions.get(ref.name))


def _count_holes(taking: _Taking, intake: Intake, now_missing: list[str],
                 gaps: list[Position] | None, backfilled: frozenset[Position]) -> None:
    """Count the holes the answer showed once each, and the positions fetched again once
    written."""
    known = set(intake.missing)
    shown = [_position_id(p) for p in gaps] if gaps is not None else now_missing
    fresh = [p for p in shown if p not in known]
    taking.counts["missedBalls"] += len(fresh)
    taking.counts["gaps"] += _runs(fresh)
    taking.counts["backfilled"] += _newly_written(taking, intake, backfilled)


def _newly_written(taking: _Taking, intake: Intake, positions: frozenset[Position]) -> int:
    return sum(1 for p in positions if _position_id(p) in taking.taken
               and _position_id(p) not in intake.taken)


def _complete(taking: _Taking, intake: Intake, answer: Answer, now_missing: list[str],
              ) -> bool:
    """The provider says the match is over, and the log has every ball it reached."""
    reached = _reach(intake, answer)
    return (answer.complete and bool(reached) and not now_missing
            and taking.rejected is None and not taking.truncated
            and _written_to(taking, reached))


def _written_to(taking: _Taking, reached: dict[int, int]) -> bool:
    """Every innings written as far as it reached."""
    return all(taking.frontier.get(str(i), 0) >= n for i, n in reached.items())


def _runs(positions: list[str]) -> int:
    """How many separate holes: consecutive missing positions are one gap."""
    runs, previous = 0, None
    for p in positions:
        innings, sequence = (int(x) for x in p.split("-"))
        if previous != (innings, sequence - 1):
            runs += 1
        previous = (innings, sequence)
    return runs


def _latest_snapshot(
    held: ScoreSnapshot | None, new: ScoreSnapshot | None
) -> tuple[ScoreSnapshot | None, int]:
    """Latest state wins: an answer's snapshot older than the one held is ignored (1)."""
    if new is None:
        return held, 0
    if held is not None and new.asOf < held.asOf:
        return held, 1
    return new, 0
