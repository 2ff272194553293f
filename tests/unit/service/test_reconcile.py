"""When the reconciliation verifies a match whole (scorebook.service.reconcile): at once when
a lost trigger run left its mark, else once an hour, each match in a run of its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from scorebook.service.reconcile import (
    FULL_EVERY,
    RECONCILE_SECONDS,
    Seen,
    Whole,
    mark_after,
    slot_due,
    whole_because,
)

MATCHES = [f"match-{n}" for n in range(200)]
RUN = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def runs_of_an_hour(start: datetime) -> list[datetime]:
    return [start + timedelta(seconds=RECONCILE_SECONDS * k) for k in range(FULL_EVERY)]


def test_every_match_is_verified_whole_once_in_any_hour_of_runs() -> None:
    for start in (RUN, datetime(2026, 11, 28, 10, 2, 31, tzinfo=UTC)):
        for match_id in MATCHES:
            assert sum(slot_due(match_id, at) for at in runs_of_an_hour(start)) == 1, match_id


def test_a_league_is_spread_over_the_hour_not_verified_in_one_run() -> None:
    per_run = [sum(slot_due(m, at) for m in MATCHES) for at in runs_of_an_hour(RUN)]
    assert sum(per_run) == len(MATCHES)
    assert max(per_run) <= 2 * len(MATCHES) / FULL_EVERY, per_run


def test_a_schedule_time_without_a_zone_is_the_utc_one() -> None:
    naive = RUN.replace(tzinfo=None)
    assert [slot_due(m, naive) for m in MATCHES] == [slot_due(m, RUN) for m in MATCHES]


#: a match not in this run's slot (so that only the marks decide)
OTHER = next(m for m in MATCHES if not slot_due(m, RUN))
DUE = next(m for m in MATCHES if slot_due(m, RUN))
#: a match whose checkpoint was written at the last ball, ten minutes ago, verified whole
#: half an hour ago, and edited before that ball, its trigger's run not lost
HEALTHY = Seen(counts_agree=True, checkpoint_written=RUN - 10 * MINUTE,
               match_written=RUN - 90 * MINUTE, verified_from=RUN - 30 * MINUTE,
               match_seen=RUN - 90 * MINUTE)


def healthy(**changed: object) -> Seen:
    return replace(HEALTHY, **changed)


@pytest.mark.parametrize(("seen", "match_id", "why"), [
    (HEALTHY, OTHER, None),
    (HEALTHY, DUE, Whole.ITS_RUN),
    # the marks a lost run leaves, whatever the slot
    (healthy(checkpoint_written=None, verified_from=None), OTHER, Whole.NO_CHECKPOINT),
    (healthy(counts_agree=False), OTHER, Whole.COUNTS_DIFFER),
    # an edit whose run was lost, with balls folded since (their runs never read the match)
    (healthy(match_written=RUN - 20 * MINUTE), OTHER, Whole.MATCH_EDITED),
    # ... and before the last whole verification, which read it
    (healthy(match_written=RUN - 35 * MINUTE), OTHER, None),
    # a write whose run was not lost, the projection's own status and result among them
    (healthy(match_written=RUN - 5 * MINUTE, match_seen=RUN - 5 * MINUTE), OTHER, None),
    # a match its trigger never marked (before the marks): once, then verified
    (healthy(match_seen=None, verified_from=RUN - 95 * MINUTE), OTHER, Whole.MATCH_EDITED),
    # never verified whole, or its run of the hour missed (that run failed, or ran late)
    (healthy(verified_from=None), OTHER, Whole.OVERDUE),
    (healthy(verified_from=RUN - 66 * MINUTE), OTHER, Whole.OVERDUE),
    (healthy(verified_from=RUN - 64 * MINUTE), OTHER, None),
    # one begun within the hour that failed waits for its slot, not every run
    (healthy(verified_from=RUN - 90 * MINUTE, attempted_from=RUN - 5 * MINUTE), OTHER, None),
    (healthy(verified_from=RUN - 90 * MINUTE, attempted_from=RUN - 5 * MINUTE), DUE,
     Whole.ITS_RUN),
])
def test_whole_because(seen: Seen, match_id: str, why: Whole | None) -> None:
    assert whole_because(seen, match_id, RUN) == why


def test_only_the_hours_verification_spares_a_dormant_match() -> None:
    assert {w for w in Whole if w.hourly} == {Whole.OVERDUE, Whole.ITS_RUN}


@pytest.mark.parametrize(("seen", "verified", "previous", "moved"), [
    # a run that applied the match marks its write
    (RUN - 20 * MINUTE, None, None, RUN),
    (None, None, None, RUN),
    # never back: a run of an earlier write that ends after a later one's
    (RUN + MINUTE, None, None, None),
    # a run that applied nothing marks its write when the write before it was seen ...
    (RUN - 20 * MINUTE, None, RUN - 20 * MINUTE, RUN),
    (None, RUN - 10 * MINUTE, RUN - 20 * MINUTE, RUN),  # (by a whole verification)
    # ... and not when that write's own run was lost: the mark still shows it
    (RUN - 30 * MINUTE, None, RUN - 20 * MINUTE, None),
    (None, None, RUN - 20 * MINUTE, None),
])
def test_mark_after(seen: datetime | None, verified: datetime | None,
                    previous: datetime | None, moved: datetime | None) -> None:
    assert mark_after(seen, verified, RUN, previous) == moved
