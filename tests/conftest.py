"""Shared by every test: where the real Cricsheet matches are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def cricsheet_dir() -> Path:
    return Path(os.environ.get("SCOREBOOK_CRICSHEET_DIR", REPO.parent / "shared/data/cricsheet"))


@pytest.fixture(scope="session")
def cricsheet() -> Path:
    return cricsheet_dir()
