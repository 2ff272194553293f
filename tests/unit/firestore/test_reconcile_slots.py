"""The reconciliation verifies each match whole once an hour, in a run of its own: between
those runs it reads the log's counts alone (scorebook.firestore.reconcile)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scorebook.firestore.reconcile import FULL_EVERY, RECONCILE_SECONDS, full_due

MATCHES = [f"match-{n}" for n in range(200)]


def runs_of_an_hour(start: datetime) -> list[datetime]:
    return [start + timedelta(seconds=RECONCILE_SECONDS * k) for k in range(FULL_EVERY)]


def test_every_match_is_verified_whole_once_in_any_hour_of_runs() -> None:
    for start in (datetime(2026, 11, 28, 10, 0, tzinfo=UTC),
                  datetime(2026, 11, 28, 10, 2, 31, tzinfo=UTC)):
        for match_id in MATCHES:
            assert sum(full_due(match_id, at) for at in runs_of_an_hour(start)) == 1, match_id


def test_a_league_is_spread_over_the_hour_not_verified_in_one_run() -> None:
    per_run = [sum(full_due(m, at) for m in MATCHES)
               for at in runs_of_an_hour(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))]
    assert sum(per_run) == len(MATCHES)
    assert max(per_run) <= 2 * len(MATCHES) / FULL_EVERY, per_run
