"""When the reconciliation verifies a match whole (scorebook.service.reconcile): at once when
a lost trigger run left its mark, else once an hour, each match in a run of its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scorebook.service.reconcile import (
    FULL_EVERY,
    RECONCILE_SECONDS,
    Seen,
    Whole,
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
#: half an hour ago, and edited before that ball
HEALTHY = Seen(counts_agree=True, checkpoint_written=RUN - 10 * MINUTE,
               match_written=RUN - 90 * MINUTE, verified_from=RUN - 30 * MINUTE)


@pytest.mark.parametrize(("seen", "match_id", "why"), [
    (HEALTHY, OTHER, None),
    (HEALTHY, DUE, Whole.ITS_RUN),
    # the marks a lost run leaves, whatever the slot
    (Seen(True, None, RUN - 90 * MINUTE, None), OTHER, Whole.NO_CHECKPOINT),
    (Seen(False, RUN - 10 * MINUTE, RUN - 90 * MINUTE, RUN - 30 * MINUTE), OTHER,
     Whole.COUNTS_DIFFER),
    (Seen(True, RUN - 10 * MINUTE, RUN - 5 * MINUTE, RUN - 30 * MINUTE), OTHER,
     Whole.MATCH_EDITED),
    (Seen(True, RUN - 40 * MINUTE, RUN - 35 * MINUTE, RUN - 30 * MINUTE), OTHER, None),
    # written in the checkpoint's own commit (the projection's status and result)
    (Seen(True, RUN - 10 * MINUTE, RUN - 10 * MINUTE, RUN - 30 * MINUTE), OTHER, None),
    # never verified whole, or its run of the hour missed (that run failed, or ran late)
    (Seen(True, RUN - 10 * MINUTE, RUN - 90 * MINUTE, None), OTHER, Whole.OVERDUE),
    (Seen(True, RUN - 10 * MINUTE, RUN - 90 * MINUTE, RUN - 66 * MINUTE), OTHER, Whole.OVERDUE),
    (Seen(True, RUN - 10 * MINUTE, RUN - 90 * MINUTE, RUN - 64 * MINUTE), OTHER, None),
])
def test_whole_because(seen: Seen, match_id: str, why: Whole | None) -> None:
    assert whole_because(seen, match_id, RUN) == why


def test_only_the_hours_verification_spares_a_dormant_match() -> None:
    assert {w for w in Whole if w.hourly} == {Whole.OVERDUE, Whole.ITS_RUN}
