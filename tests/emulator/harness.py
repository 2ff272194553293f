"""Helpers for emulator tests: the project id, polling with a deadline, seeding a match."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
PROJECT = os.environ.get("GCLOUD_PROJECT", "demo-scorebook")
TRIGGER_DEADLINE = float(os.environ.get("SCOREBOOK_TRIGGER_DEADLINE", "60"))


def wait_for(
    probe: Callable[[], T | None], what: str, deadline: float = TRIGGER_DEADLINE
) -> T:
    """Poll `probe` until it returns something truthy, or fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    last: Any = None
    while time.monotonic() < end:
        last = probe()
        if last:
            return last
        time.sleep(0.05)
    pytest.fail(f"timed out after {deadline:.0f}s waiting for {what}; last seen: {last!r}")
