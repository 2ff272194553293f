"""What the benchmarks make of a listener's snapshots (benchmarks/stats.py): for each ball, the
first version of live/now at or past it, which the load run splits into its parts."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import REPO

_SPEC = importlib.util.spec_from_file_location("stats", REPO / "benchmarks" / "stats.py")
stats = importlib.util.module_from_spec(_SPEC)
sys.modules["stats"] = stats
_SPEC.loader.exec_module(stats)


def test_each_ball_is_seen_by_the_first_version_at_or_past_it() -> None:
    # (arrived, lastActionId, committed): the listener missed 1-0002's own version, and
    # versions arrive out of the log's order of ids only as the log itself does
    seen = [(10.0, "1-0001", 9.9), (12.5, "1-0003", 12.4), (12.0, "1-0010", 11.9),
            (20.0, "2-0001", 19.0)]
    firsts = stats.first_arrivals(seen, ["1-0001", "1-0002", "1-0003", "1-0011", "2-0002"])
    assert firsts == {
        "1-0001": (10.0, 9.9),
        "1-0002": (12.0, 11.9),  # 1-0010 arrived before 1-0003, and is past 1-0002
        "1-0003": (12.0, 11.9),
        "1-0011": (20.0, 19.0),  # the next innings is past every ball of this one
    }  # 2-0002: no version at or past it arrived


def test_a_correction_in_place_is_at_its_position() -> None:
    seen = [(5.0, "1-0004-c1", 4.8)]
    assert stats.first_arrivals(seen, ["1-0004", "1-0005"]) == {"1-0004": (5.0, 4.8)}


def test_the_latency_of_each_ball_is_from_its_write_to_its_first_version() -> None:
    seen = [(10.0, "1-0001"), (12.0, "1-0003")]
    sent = {"1-0001": 9.5, "1-0002": 11.0, "1-0004": 12.5}
    assert stats.arrival_latencies(seen, sent) == [0.5, 1.0]  # 1-0004: never seen
