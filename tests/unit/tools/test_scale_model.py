"""The capacity and cost model (benchmarks/scale.py, docs/scale.md): its arithmetic, on the
figures one ball costs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO

_SPEC = importlib.util.spec_from_file_location("scale", REPO / "benchmarks" / "scale.py")
scale = importlib.util.module_from_spec(_SPEC)
sys.modules["scale"] = scale
_SPEC.loader.exec_module(scale)

T20 = scale.Pace(ball_seconds=48, actions=250, poll_seconds=5)


def test_the_scoring_side_grows_with_the_matches_alone() -> None:
    ball = scale.Ball()
    one = scale.figures(scale.Load(1, 0, "listener"), ball, T20)
    many = scale.figures(scale.Load(1000, 0, "listener"), ball, T20)
    assert many.writes == pytest.approx(1000 / 48 * ball.writes)
    assert many.writes == pytest.approx(1000 * one.writes)
    assert many.function_calls == pytest.approx(1000 / 48)
    sweep = scale.reconciliation_reads(1000, ball, T20)
    assert many.reads == pytest.approx(1000 / 48 * ball.reads + sweep)


def test_the_reconciliation_reads_the_counts_every_run_and_the_log_once_an_hour() -> None:
    """Every five minutes it reads each match not over's counts (four reads); once an hour
    it refolds the match from its whole log: half a T20's log on average, about 4.4 reads an
    action. Refolding it every run read twelve times as much for the refolds."""
    ball = scale.Ball()
    sweep = scale.reconciliation_reads(1, ball, T20)
    assert sweep == pytest.approx((ball.counts_reads + 125 * ball.sweep_reads / 12) / 300)
    every_run = 125 * ball.sweep_reads / 300
    assert every_run / sweep > 8


def test_a_million_listeners_meet_the_connections_of_a_database_and_http_does_not() -> None:
    ball = scale.Ball()
    listening = scale.figures(scale.Load(1, 1_000_000, "listener"), ball, T20)
    polling = scale.figures(scale.Load(1, 1_000_000, "http"), ball, T20)
    assert "at the limit" in listening.binds and "connections" in listening.binds
    # a spectator's reads: live/now and the feed's new events, each ball
    sweep = scale.reconciliation_reads(1, ball, T20)
    assert listening.reads == pytest.approx(
        ball.reads / 48 + sweep + 1_000_000 / 48 * (1 + ball.events))
    assert (polling.connections, polling.firestore_gib) == (0, 0.0)
    assert polling.reads == pytest.approx(ball.reads / 48 + sweep)  # the functions' own
    assert polling.cdn_requests == pytest.approx(1_000_000 / 5)


def test_polling_twice_as_often_nearly_doubles_the_crowds_bill() -> None:
    ball = scale.Ball()
    every_5 = scale.figures(scale.Load(1, 1_000_000, "http"), ball, T20)
    every_2_5 = scale.figures(scale.Load(1, 1_000_000, "http"), ball,
                              scale.Pace(48, 250, 2.5))
    assert 1.6 < every_2_5.hosting_gib / every_5.hosting_gib < 2.0


def test_the_command_prints_every_combination() -> None:
    done = subprocess.run([sys.executable, "benchmarks/scale.py", "--poll-seconds", "2"],
                          cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 1")]
    assert len(rows) == 3 * 3 * 2
    assert "poll every 2 s" in done.stdout
