"""The intake: a provider's answers, however repeated, reordered, holed or corrected, become
the match's log exactly once, in order (pure: no Firebase)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorebook.actions import is_voided, log_position, parse_action, sort_key
from scorebook.cricsheet import load_match
from scorebook.fold import replay
from scorebook.ingest.answer import Answer, ProviderEvent, ProviderRef, ScoreSnapshot, event_of
from scorebook.ingest.intake import Intake, missing, poll_writes
from scorebook.ingest.normalise import ProviderMapping
from tests.conftest import real_match_params

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
REF = ProviderRef(name="feed", adapter="generic", url="http://feed", providerMatchId="m",
                  idPrefix="")


class Log:
    """The scoring_actions collection, as the plans' writes leave it."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.intake = Intake()
        self.counts: dict[str, int] = {}

    def take(self, answer: Answer, **kw: Any) -> None:
        p = poll_writes(self.intake, answer, match_id="m", ref=REF, mapping=ProviderMapping(),
                 recorded_by="ingest", now=NOW, **kw)
        for doc in p.creates:
            assert doc["id"] not in self.docs, f"{doc['id']} written twice"
            self.docs[doc["id"]] = doc
        for action_id, fields in p.voids.items():
            assert not is_voided(self.docs[action_id])
            self.docs[action_id] = {**self.docs[action_id], **fields}
        for k, v in p.counts.model_dump(exclude={"latencies"}).items():
            self.counts[k] = self.counts.get(k, 0) + v
        self.intake = p.intake

    def live(self) -> list:
        actions = [parse_action(d) for d in self.docs.values() if not is_voided(d)]
        return sorted(actions, key=sort_key)


def events_of(actions: list) -> list[ProviderEvent]:
    return [event_of(a, event_id=f"e{n}", published_at=NOW - timedelta(seconds=5))
            for n, a in enumerate(actions)]


def lengths_of(events: list[ProviderEvent]) -> dict[int, int]:
    out: dict[int, int] = {}
    for e in events:
        out[e.innings] = max(out.get(e.innings, 0), e.sequence)
    return out


def same_match(match, original: list, taken: list) -> None:
    assert [a.id.split("-c")[0] for a in taken] == [a.id for a in original]
    for mine, theirs in zip(taken, original, strict=True):
        assert event_of(mine, event_id="x").data == event_of(theirs, event_id="x").data
    want, got = replay(match, original), replay(match, taken)
    assert [(i.runs, i.wickets, i.balls) for i in got.innings] == \
        [(i.runs, i.wickets, i.balls) for i in want.innings]
    assert got.result == want.result


@pytest.fixture(scope="module")
def t20(generated: Path):
    return load_match(generated / "generated-t20.json")


def test_a_whole_match_in_one_answer_is_the_log(t20) -> None:
    match, actions = t20
    events = events_of(actions)
    log = Log()
    log.take(Answer(events=events, lengths=lengths_of(events), complete=True))
    same_match(match, actions, log.live())
    assert log.counts["written"] == len(actions)
    assert log.intake.complete and not log.intake.missing


@pytest.mark.parametrize("path", real_match_params())
def test_real_matches_arrive_whole_ball_by_ball(path: Path) -> None:
    match, actions = load_match(path)
    events = events_of(actions)
    lengths = lengths_of(events)
    log = Log()
    for n, event in enumerate(events):
        seen = {i: s for i, s in lengths.items() if i < event.innings} | {
            event.innings: event.sequence}
        log.take(Answer(events=[event], lengths=seen, complete=n == len(events) - 1))
    same_match(match, actions, log.live())
    assert log.counts["duplicates"] == 0 and log.counts["gaps"] == 0
    assert log.intake.complete


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), chunk=st.integers(1, 12),
       duplicate=st.floats(0, 0.3), drop=st.floats(0, 0.2))
def test_repeats_reorders_and_holes_never_double_or_skip_a_ball(
        generated: Path, seed: int, chunk: int, duplicate: float, drop: float) -> None:
    match, actions = load_match(generated / "generated-t20-5-overs.json")
    events = events_of(actions)
    lengths = lengths_of(events)
    rng = random.Random(seed)
    log = Log()
    for start in range(0, len(events), chunk):
        answer = list(events[max(0, start - chunk):start + chunk])  # overlaps: re-sent
        answer += [e for e in answer if rng.random() < duplicate]
        answer = [e for e in answer if rng.random() >= drop]
        rng.shuffle(answer)
        reached = answer[-1].innings if answer else 1
        seen = {i: n for i, n in lengths.items() if i <= reached}
        gaps = missing(log.intake, Answer(events=answer, lengths=seen))
        refetched = [e for e in events if e.position in set(gaps)]
        log.take(Answer(events=answer + refetched, lengths=seen), gaps=gaps,
                 backfilled=frozenset(e.position for e in refetched))
        assert not log.intake.missing  # every hole was filled by its backfill
    log.take(Answer(events=events[-chunk:], lengths=lengths, complete=True))
    same_match(match, actions, log.live())
    assert log.counts["written"] == len(actions)


def test_a_gap_holds_what_follows_until_it_is_fetched(t20) -> None:
    _, actions = t20
    events = events_of(actions)[:30]
    log = Log()
    log.take(Answer(events=events[:10], lengths={1: 10}))
    # the provider jumps: 11 and 12 are missing from its answer
    log.take(Answer(events=events[12:20], lengths={1: 20}))
    assert log.intake.written_to(1) == 10
    assert log.intake.missing == ["1-0011", "1-0012"]
    assert log.counts["gaps"] == 1 and log.counts["missedBalls"] == 2
    # asked again, the same hole is not counted twice
    log.take(Answer(events=events[12:20], lengths={1: 20}))
    assert log.counts["gaps"] == 1 and log.counts["missedBalls"] == 2
    log.take(Answer(events=events[10:20], lengths={1: 20}),
             backfilled=frozenset({(1, 11), (1, 12)}))
    assert log.intake.written_to(1) == 20 and not log.intake.missing
    assert log.counts["backfilled"] == 2
    assert [log_position(i)[:2] for i in log.docs] == [(1, n) for n in range(1, 21)]


def test_a_corrected_event_is_a_void_and_a_correction(t20) -> None:
    _, actions = t20
    events = events_of(actions)[:12]
    ball = next(e for e in events if e.kind == "delivery" and e.data["totalRuns"] == 0
                and not e.data["isWicket"])
    log = Log()
    log.take(Answer(events=events, lengths={1: 12}))
    four = dict(ball.data, runsOffBat=4, totalRuns=ball.data["totalRuns"] + 4, isBoundary=True)
    fixed = ball.model_copy(update={"revision": 2, "data": four})
    log.take(Answer(events=[fixed], lengths={1: 12}))
    first = f"{ball.innings}-{ball.sequence:04d}"
    assert log.docs[first]["isVoided"] is True
    assert log.docs[first]["correctedBy"] == f"{first}-c1"
    correction = log.docs[f"{first}-c1"]
    assert correction["corrects"] == first and correction["source"] == "correction"
    assert correction["runsOffBat"] == 4 and correction["providerEventId"] == ball.eventId
    assert log.counts["corrections"] == 1
    # re-sent: nothing; an older revision arriving late: nothing
    log.take(Answer(events=[fixed, ball], lengths={1: 12}))
    assert log.counts["corrections"] == 1 and len(log.docs) == 13
    # corrected again: the correction is voided in its turn
    back = ball.model_copy(update={"revision": 3})
    log.take(Answer(events=[back], lengths={1: 12}))
    assert log.docs[f"{first}-c1"]["correctedBy"] == f"{first}-c2"
    assert log.docs[f"{first}-c2"]["corrects"] == f"{first}-c1"
    assert sum(not is_voided(d) for d in log.docs.values()) == 12


def test_the_next_innings_waits_for_the_last_ball_of_this_one(t20) -> None:
    _, actions = t20
    events = events_of(actions)
    lengths = lengths_of(events)
    first = [e for e in events if e.innings == 1]
    second = [e for e in events if e.innings == 2][:5]
    log = Log()
    log.take(Answer(events=first[:-1] + second, lengths={1: lengths[1], 2: 5}))
    assert log.intake.written_to(2) == 0
    assert log.intake.missing == [f"1-{lengths[1]:04d}"]
    log.take(Answer(events=first[-1:] + second, lengths={1: lengths[1], 2: 5}))
    assert log.intake.written_to(2) == 5


def test_an_event_that_is_not_an_action_stops_the_log_there_and_says_why(t20) -> None:
    _, actions = t20
    events = events_of(actions)[:6]
    bad = events[3].model_copy(update={"data": {**events[3].data, "runsOffBat": -1}})
    log = Log()
    log.take(Answer(events=events[:3] + [bad] + events[4:], lengths={1: 6}))
    assert log.intake.written_to(1) == 3
    assert log.intake.rejected is not None
    assert log.intake.rejected.position == "1-0004"
    assert any("runsOffBat" in p for p in log.intake.rejected.problems)
    log.take(Answer(events=[events[3].model_copy(update={"revision": 2}), *events[4:]],
                    lengths={1: 6}))
    assert log.intake.written_to(1) == 6 and log.intake.rejected is None


def test_players_are_mapped_and_unknown_ones_prefixed(t20) -> None:
    _, actions = t20
    ball = next(e for e in events_of(actions) if e.kind == "delivery")
    ref = REF.model_copy(update={"idPrefix": None})
    mapping = ProviderMapping(players={ball.data["strikerId"]: "person-1"})
    p = poll_writes(Intake(frontier={"1": ball.sequence - 1}), Answer(events=[ball]), match_id="m",
             ref=ref, mapping=mapping, recorded_by="ingest", now=NOW)
    (doc,) = p.creates
    assert doc["strikerId"] == "person-1"
    assert doc["bowlerId"] == f"feed-{ball.data['bowlerId']}"
    assert doc["provider"] == "feed" and doc["source"] == "import"


def test_the_latest_score_wins() -> None:
    old = ScoreSnapshot(asOf=NOW, innings=1, sequence=5, runs=10, wickets=0, balls=4)
    new = old.model_copy(update={"asOf": NOW + timedelta(seconds=2), "runs": 12})
    log = Log()
    log.take(Answer(snapshot=new))
    log.take(Answer(snapshot=old))
    assert log.intake.snapshot == new and log.counts["staleSnapshots"] == 1


def test_a_feed_that_gives_no_lengths_still_gets_every_innings(t20) -> None:
    match, actions = t20
    events = events_of(actions)
    log = Log()
    log.take(Answer(events=events, complete=True))  # no lengths at all
    same_match(match, actions, log.live())
    assert log.intake.complete


def test_a_tail_the_stream_never_sends_is_a_gap_and_the_match_is_not_over(t20) -> None:
    _, actions = t20
    events = events_of(actions)
    lengths = lengths_of(events)
    log = Log()
    log.take(Answer(events=events[:-2], lengths=lengths))
    log.take(Answer(events=[], lengths=lengths, complete=True))
    last_two = [f"{e.innings}-{e.sequence:04d}" for e in events[-2:]]
    assert log.intake.missing == last_two and not log.intake.complete
    log.take(Answer(events=events[-2:], lengths=lengths, complete=True))
    assert log.intake.complete and not log.intake.missing


def test_another_providers_ball_is_judged_by_what_it_says_not_its_revision(t20) -> None:
    _, actions = t20
    events = events_of(actions)[:8]
    ball = next(e for e in events if e.kind == "delivery" and e.data["totalRuns"] == 0
                and not e.data["isWicket"])
    log = Log()
    log.take(Answer(events=[e.model_copy(update={"revision": 3}) for e in events],
                    lengths={1: 8}))
    other = REF.model_copy(update={"name": "backup"})
    two = dict(ball.data, runsOffBat=2, totalRuns=2)
    p = poll_writes(log.intake, Answer(events=[ball.model_copy(update={"data": two})]),
                    match_id="m", ref=other, mapping=ProviderMapping(), recorded_by="ingest",
                    now=NOW)
    assert p.counts.corrections == 1 and len(p.voids) == 1


def test_a_commit_holds_at_most_limit_writes_corrections_and_voids_included(t20) -> None:
    _, actions = t20
    events = events_of(actions)[:60]
    log = Log()
    log.take(Answer(events=events, lengths={1: 60}, revision=1))
    plain = [e for e in events if e.kind == "delivery" and e.data["totalRuns"] == 0
             and not e.data["isWicket"]]
    changed = [e.model_copy(update={"data": dict(e.data, runsOffBat=1, totalRuns=1)})
               for e in plain]
    assert len(changed) > 6
    p = poll_writes(log.intake, Answer(events=changed, lengths={1: 60}, revision=2), match_id="m",
             ref=REF, mapping=ProviderMapping(), recorded_by="ingest", now=NOW, limit=10)
    assert len(p.creates) + len(p.voids) <= 10 and p.counts.corrections == 5
    # cut short: the source's revision is not taken, so the whole file is compared again
    assert p.intake.sourceRevisions.get("feed") == 1


def test_a_correction_that_is_not_an_action_keeps_the_ball_and_is_counted_once(t20) -> None:
    _, actions = t20
    events = events_of(actions)[:8]
    ball = next(e for e in events if e.kind == "delivery")
    log = Log()
    log.take(Answer(events=events, lengths={1: 8}))
    bad = ball.model_copy(update={"revision": 2, "data": dict(ball.data, runsOffBat=-1)})
    log.take(Answer(events=[bad], lengths={1: 8}))
    log.take(Answer(events=[bad], lengths={1: 8}))
    position = f"{ball.innings}-{ball.sequence:04d}"
    assert log.counts["rejected"] == 1 and log.intake.rejected is None
    assert position in log.intake.rejectedCorrections
    assert not is_voided(log.docs[position])
    log.take(Answer(events=[ball.model_copy(update={"revision": 3})], lengths={1: 8}))
    assert position not in log.intake.rejectedCorrections


def test_a_ball_the_revised_source_no_longer_has_is_voided(t20) -> None:
    _, actions = t20
    events = events_of(actions)[:10]
    log = Log()
    log.take(Answer(events=events, lengths={1: 10}, revision=1))
    log.take(Answer(events=events[:9], lengths={1: 9}, revision=2))
    assert is_voided(log.docs["1-0010"]) and "withdrawn" in log.docs["1-0010"]["voidReason"]
    assert log.intake.written_to(1) == 9 and "1-0010" not in log.intake.taken
    assert len(log.live()) == 9
