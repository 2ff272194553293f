"""The Cricsheet downloader (`make data`) against a real HTTP server on 127.0.0.1.

The server serves zip archives built here (small fake Cricsheet matches named like the corpus
ids, plus one match per archive that is not in the corpus), honours `Range: bytes=N-` and
records every request, so the tests can count what a run downloaded. It can also answer with
garbage, an error status, a connection dropped halfway, or ignore ranges.
"""

from __future__ import annotations

import importlib.util
import io
import json
import socket
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scorebook_tools.cricsheet_download import (
    ARCHIVES_SUBDIR,
    INCOMPLETE,
    OK,
    URL_ENV_VAR,
    run,
)
from scorebook_tools.realdata import ARCHIVES, ATTRIBUTION, CORPUS, ENV_VAR
from tests.conftest import REPO

CORPUS_IDS = {m.id for m in CORPUS}
#: One match per archive that is not in the corpus: extracted only with --all.
EXTRA = {name: str(9_000_000 + n) for n, name in enumerate(ARCHIVES)}
GARBAGE = b"<html>not a zip archive</html>" * 20


def fake_match(match_id: str, archive: str) -> bytes:
    return json.dumps({
        "meta": {"data_version": "1.1.0", "created": "2024-01-01", "revision": 1},
        "info": {
            "match_type": archive.split("_", maxsplit=1)[0], "teams": ["A", "B"], "id": match_id,
        },
        "innings": [],
    }).encode()


def build_archive(name: str, ids: list[str], padding: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "Fake Cricsheet archive for the tests.\n")
        for match_id in ids:
            archive.writestr(f"{match_id}.json", fake_match(match_id, name))
        if padding:  # incompressible, so a dropped connection has something to drop
            archive.writestr("padding.bin", bytes(range(256)) * (padding // 256),
                             compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def archive_ids(name: str) -> list[str]:
    return [m.id for m in CORPUS if m.archive == name] + [EXTRA[name]]


ARCHIVE_BYTES = {name: build_archive(name, archive_ids(name)) for name in ARCHIVES}


class ArchiveServer(ThreadingHTTPServer):
    """Serves `bodies[name]` at /downloads/<name>; records (name, Range header) per request."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RangeHandler)
        #: The answers for an archive, in turn; the last one repeats.
        self.bodies: dict[str, list[bytes]] = {n: [b] for n, b in ARCHIVE_BYTES.items()}
        #: Statuses to answer before the body, in turn (e.g. a 503 once).
        self.statuses: dict[str, list[int]] = {}
        #: Send only this many bytes of the next answer, then drop the connection.
        self.cut_after: dict[str, int] = {}
        self.ranges = True
        self.requests: list[tuple[str, str | None]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/downloads/"

    def requested(self, name: str) -> list[str | None]:
        """The Range header of each request for archive `name` (None: the whole file)."""
        return [r for n, r in self.requests if n == name]


class RangeHandler(BaseHTTPRequestHandler):
    server: ArchiveServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        srv = self.server
        name = self.path.rsplit("/", 1)[-1]
        asked = self.headers.get("Range")
        with srv.lock:
            srv.requests.append((name, asked))
            status = srv.statuses[name].pop(0) if srv.statuses.get(name) else None
            answers = srv.bodies.get(name)
            body = (answers.pop(0) if len(answers) > 1 else answers[0]) if answers else None
            cut = srv.cut_after.pop(name, None)
        if status or body is None:
            self.send_error(status or 404)
            return
        start = int(asked.removeprefix("bytes=").split("-")[0]) if asked and srv.ranges else 0
        if start >= len(body) > 0 and asked:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(body)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        self.wfile.write(body[start:] if cut is None else body[start:start + cut])


@pytest.fixture(autouse=True)
def no_configured_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArchiveServer]:
    srv = ArchiveServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    monkeypatch.setenv(URL_ENV_VAR, srv.url)
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


def download(dest: Path, **options: object) -> int:
    """A run as `make data` does it, without waiting between retries."""
    return run(dest, backoff=0, **options)  # type: ignore[arg-type]


def files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`, its inode and when it was last written (a rewrite, even
    atomic, changes one or the other)."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def json_ids(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.json")}


def the_archive(dest: Path, name: str) -> Path:
    return dest / ARCHIVES_SUBDIR / name


def test_the_corpus_matches_are_downloaded_once_per_archive_and_credited_once(
    server: ArchiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert download(tmp_path) == OK

    assert server.requests == [(name, None) for name in ARCHIVES]
    assert json_ids(tmp_path) == CORPUS_IDS
    first = CORPUS[0]
    assert (tmp_path / f"{first.id}.json").read_bytes() == fake_match(first.id, first.archive)
    for name in ARCHIVES:
        assert the_archive(tmp_path, name).read_bytes() == ARCHIVE_BYTES[name]
    assert not list(tmp_path.rglob("*.part")) and not list(tmp_path.rglob("*.tmp"))
    out = capsys.readouterr().out
    assert out.count(ATTRIBUTION) == 1
    assert f"{len(CORPUS)} of {len(CORPUS)} corpus matches available in {tmp_path}" in out
    assert f"Downloading {server.url}ipl_json.zip" in out  # plain lines: not a terminal


def test_only_the_corpus_matches_are_extracted_unless_all(
    server: ArchiveServer, tmp_path: Path
) -> None:
    download(tmp_path)
    assert json_ids(tmp_path) == CORPUS_IDS
    before, requests_so_far = files(tmp_path), len(server.requests)

    assert download(tmp_path, everything=True) == OK

    assert json_ids(tmp_path) == CORPUS_IDS | set(EXTRA.values())
    assert len(server.requests) == requests_so_far  # the archives were already there
    assert {f: files(tmp_path)[f] for f in before} == before  # the corpus was not rewritten


@pytest.mark.parametrize("everything", [False, True], ids=["corpus", "all"])
def test_a_second_run_downloads_nothing(
    server: ArchiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], everything: bool
) -> None:
    download(tmp_path, everything=everything)
    before, requests_so_far = files(tmp_path), len(server.requests)
    capsys.readouterr()

    assert download(tmp_path, everything=everything) == OK

    assert len(server.requests) == requests_so_far
    assert files(tmp_path) == before  # nothing rewritten
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "nothing downloaded, nothing rewritten" in lines[0]
    assert ATTRIBUTION in lines[0]


def test_a_deleted_match_comes_back_from_the_archive_already_there(
    server: ArchiveServer, tmp_path: Path
) -> None:
    download(tmp_path)
    (tmp_path / f"{CORPUS[0].id}.json").unlink()
    requests_so_far = len(server.requests)

    assert download(tmp_path) == OK

    assert json_ids(tmp_path) == CORPUS_IDS
    assert len(server.requests) == requests_so_far


def test_an_interrupted_download_resumes_with_a_range_request(
    server: ArchiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = ARCHIVE_BYTES["ipl_json.zip"]
    half = len(body) // 2
    part = tmp_path / ARCHIVES_SUBDIR / "ipl_json.zip.part"
    part.parent.mkdir()
    part.write_bytes(body[:half])

    assert download(tmp_path) == OK

    assert server.requested("ipl_json.zip") == [f"bytes={half}-"]
    assert the_archive(tmp_path, "ipl_json.zip").read_bytes() == body
    assert not part.exists()
    assert "resuming after" in capsys.readouterr().out


def test_a_connection_dropped_halfway_is_retried_from_where_it_stopped(
    server: ArchiveServer, tmp_path: Path
) -> None:
    body = build_archive("cpl_json.zip", archive_ids("cpl_json.zip"), padding=600_000)
    server.bodies["cpl_json.zip"] = [body]
    server.cut_after["cpl_json.zip"] = 400_000

    assert download(tmp_path) == OK

    first, second = server.requested("cpl_json.zip")
    assert first is None
    assert second is not None and int(second.removeprefix("bytes=").rstrip("-")) > 0
    assert the_archive(tmp_path, "cpl_json.zip").read_bytes() == body


def test_a_server_that_ignores_the_range_gets_the_whole_file_again(
    server: ArchiveServer, tmp_path: Path
) -> None:
    server.ranges = False
    body = ARCHIVE_BYTES["tests_json.zip"]
    part = tmp_path / ARCHIVES_SUBDIR / "tests_json.zip.part"
    part.parent.mkdir()
    part.write_bytes(body[:100])

    assert download(tmp_path) == OK

    assert server.requested("tests_json.zip") == ["bytes=100-"]  # answered 200: all of it
    assert the_archive(tmp_path, "tests_json.zip").read_bytes() == body


@pytest.mark.parametrize("stale", [b"x" * 100, b"x" * 100_000], ids=["shorter", "longer"])
def test_a_part_of_something_else_is_discarded_and_fetched_whole(
    server: ArchiveServer, tmp_path: Path, stale: bytes
) -> None:
    part = tmp_path / ARCHIVES_SUBDIR / "odis_json.zip.part"
    part.parent.mkdir()
    part.write_bytes(stale)

    assert download(tmp_path) == OK

    # shorter: resumed into an invalid zip, fetched again; longer: 416, fetched whole.
    assert server.requested("odis_json.zip") == [f"bytes={len(stale)}-", None]
    assert the_archive(tmp_path, "odis_json.zip").read_bytes() == ARCHIVE_BYTES["odis_json.zip"]


def test_a_corrupt_archive_is_fetched_again(server: ArchiveServer, tmp_path: Path) -> None:
    server.bodies["hnd_json.zip"] = [GARBAGE, ARCHIVE_BYTES["hnd_json.zip"]]

    assert download(tmp_path) == OK

    assert server.requested("hnd_json.zip") == [None, None]
    assert the_archive(tmp_path, "hnd_json.zip").read_bytes() == ARCHIVE_BYTES["hnd_json.zip"]


def test_a_corrupt_archive_already_on_disk_is_fetched_again(
    server: ArchiveServer, tmp_path: Path
) -> None:
    archive = the_archive(tmp_path, "t20s_json.zip")
    archive.parent.mkdir()
    archive.write_bytes(ARCHIVE_BYTES["t20s_json.zip"][:-10])  # cut short

    assert download(tmp_path) == OK

    assert server.requested("t20s_json.zip") == [None]
    assert archive.read_bytes() == ARCHIVE_BYTES["t20s_json.zip"]


def test_an_archive_that_stays_corrupt_is_reported_and_not_kept(
    server: ArchiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.bodies["ipl_json.zip"] = [GARBAGE]

    assert download(tmp_path) == 2

    assert server.requested("ipl_json.zip") == [None, None]
    assert not (tmp_path / ARCHIVES_SUBDIR).exists() or not any(
        (tmp_path / ARCHIVES_SUBDIR).iterdir())
    err = capsys.readouterr().err
    assert f"{server.url}ipl_json.zip" in err and "not a valid zip archive" in err


def test_a_failing_server_is_retried_with_backoff(
    server: ArchiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.statuses["cch_json.zip"] = [503, 502]

    assert download(tmp_path) == OK

    assert server.requested("cch_json.zip") == [None, None, None]
    out = capsys.readouterr().out
    assert "HTTP 503" in out and "retrying in 0 s (1/3)" in out


def test_a_missing_archive_is_not_retried(
    server: ArchiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del server.bodies["cch_json.zip"]

    assert download(tmp_path) == 2

    assert server.requested("cch_json.zip") == [None]
    assert f"{server.url}cch_json.zip: HTTP 404" in capsys.readouterr().err


def test_offline_says_what_failed_and_how_to_work_around_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/downloads/"
    dest = tmp_path / "cricsheet"

    assert download(dest, base_url=url, retries=2) == 2

    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"Could not download {url}ipl_json.zip: Connection refused." in err
    assert ENV_VAR in err
    assert not dest.exists() or not files(dest)


def test_a_match_the_archives_lack_is_named(
    server: ArchiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.bodies["hnd_json.zip"] = [build_archive("hnd_json.zip", ["1252700"])]

    assert download(tmp_path) == INCOMPLETE

    out = capsys.readouterr().out
    assert f"{len(CORPUS) - 1} of {len(CORPUS)} corpus matches available" in out
    assert "Missing, not in the archives at" in out and "1252684" in out


def test_a_complete_scorebook_cricsheet_dir_is_left_alone(
    server: ArchiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    for match in CORPUS:
        (tmp_path / f"{match.id}.json").write_bytes(fake_match(match.id, match.archive))
    monkeypatch.setenv(ENV_VAR, str(tmp_path))

    assert run() == OK

    assert server.requests == []
    out = capsys.readouterr().out
    assert out.startswith(f"{ENV_VAR}={tmp_path.resolve()} already has all {len(CORPUS)}")


def test_an_incomplete_scorebook_cricsheet_dir_is_completed(
    server: ArchiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))

    assert run(backoff=0) == OK

    assert json_ids(tmp_path) == CORPUS_IDS


def load_script() -> object:
    spec = importlib.util.spec_from_file_location(
        "download_cricsheet", REPO / "scripts" / "download_cricsheet.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_command_line_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        load_script().main(["--help"])  # type: ignore[attr-defined]

    assert exit.value.code == 0
    text = capsys.readouterr().out
    for words in ("--dest", "--base-url", "--all", "--retries", ENV_VAR, URL_ENV_VAR,
                  "Range", "exit codes", ATTRIBUTION, *ARCHIVES):
        assert words in text


def test_the_command_line_takes_the_url_and_the_folder_it_is_given(
    server: ArchiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(URL_ENV_VAR, "http://127.0.0.1:9/nowhere/")

    code = load_script().main(  # type: ignore[attr-defined]
        ["--dest", str(tmp_path), "--base-url", server.url, "--all"])

    assert code == OK
    assert json_ids(tmp_path) == CORPUS_IDS | set(EXTRA.values())
