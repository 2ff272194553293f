"""`scripts/ingest.py --stop`: a live ingestion is stopped over a poller's write made between
the read and the stop (read again, stop again), and one not live is left as it is."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from scorebook.ingest.answer import ProviderRef
from scorebook.service.ingest import Ingestion
from tests.conftest import REPO


@pytest.fixture(scope="module")
def ingest_script() -> ModuleType:
    sys.path.insert(0, str(REPO / "scripts"))  # as Python puts it there for the script
    try:
        spec = importlib.util.spec_from_file_location("ingest_script",
                                                      REPO / "scripts" / "ingest.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(REPO / "scripts"))


class _Store:
    """An ingestion whose poller writes `writes_first` more versions before a stop gets in."""

    def __init__(self, ingestion: Ingestion, writes_first: int) -> None:
        self.stored, self.writes_first, self.commits = ingestion, writes_first, 0

    def read(self, match_id: str) -> Ingestion:
        return self.stored

    def commit(self, before: Ingestion, after: Ingestion, writes: object) -> bool:
        self.commits += 1
        if self.writes_first:
            self.writes_first -= 1
            self.stored = self.stored.model_copy(update={"version": self.stored.version + 1})
            return False
        assert before.version == self.stored.version
        self.stored = after
        return True


def _ingestion(status: str = "live") -> Ingestion:
    ref = ProviderRef(name="feed", adapter="generic", url="http://127.0.0.1:1")
    return Ingestion(matchId="m1", providers=[ref], active="feed", status=status, version=3)


def test_a_stop_over_a_pollers_write_reads_again_and_stops(
    ingest_script: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_script.time, "sleep", lambda _: None)
    store = _Store(_ingestion(), writes_first=2)
    stopped = ingest_script._stopped(store, "m1", _ingestion())
    assert (stopped.status, stopped.version, store.commits) == ("stopped", 6, 3)
    assert store.stored == stopped


def test_an_ingestion_not_live_is_left_alone(ingest_script: ModuleType) -> None:
    done = _ingestion("complete")
    store = _Store(done, writes_first=0)
    assert ingest_script._stopped(store, "m1", done) == done
    assert store.commits == 0
