"""Download the Cricsheet archives that hold the project's real matches, and extract them.

What ``make data`` runs (through ``scripts/download_cricsheet.py``). Each archive of
``realdata.ARCHIVES`` is fetched from the base URL into ``<dest>/archives/`` and the corpus
matches (with ``everything``, every match of the archives) are extracted into
``<dest>/{id}.json``. The paths come from :mod:`scorebook_tools.realdata`.

- Idempotent: a match file already there is not written again, an archive already there is not
  downloaded again, and no archive is needed at all when its corpus matches are all there.
- Resumable: an archive is downloaded to ``<name>.part``; a later attempt (a retry, or the next
  run) asks for the rest with an HTTP Range request, and takes the whole file if the server
  answers 200 instead of 206. An archive that is not a valid zip is discarded and fetched again
  once (a stale ``.part`` of an older version of the archive ends up this way).
- Atomic: an archive is renamed from its ``.part`` once complete and valid, a match from a
  temporary file once written.
- Transient failures (connection, timeout, HTTP 5xx or 429) are retried with exponential
  backoff; the last one becomes a :class:`DownloadError`, which :func:`run` reports in one
  message (exit code 2).

Data: cricsheet.org, Open Data Commons Attribution License.
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import TracebackType

import requests
from rich.console import Console
from rich.filesize import decimal
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from scorebook_tools.realdata import ARCHIVES, ATTRIBUTION, CORPUS, ENV_VAR, cricsheet_dir

URL_ENV_VAR = "SCOREBOOK_CRICSHEET_URL"
DEFAULT_URL = "https://cricsheet.org/downloads/"
ARCHIVES_SUBDIR = "archives"
PART_SUFFIX = ".part"
RETRIES = 3
BACKOFF = 0.5
TIMEOUT = (10.0, 60.0)
CHUNK = 1 << 16

#: The exit codes of :func:`run`.
OK, INCOMPLETE, FAILED = 0, 1, 2

_MATCH_ID = re.compile(r"[\w-]+")


def default_base_url() -> str:
    """``$SCOREBOOK_CRICSHEET_URL``, or Cricsheet's downloads page."""
    return os.environ.get(URL_ENV_VAR) or DEFAULT_URL


def archive_url(base_url: str, name: str) -> str:
    return f"{base_url.rstrip('/')}/{name}"


class DownloadError(Exception):
    """An archive could not be fetched: which URL, and why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class _Transient(Exception):
    """A failure worth another try that is not an exception of requests (a server error)."""


_TRANSIENT = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    _Transient,
)


def _reason(exc: BaseException) -> str:
    """The root cause of a failure in a few words ("Connection refused"), not requests' essay:
    the operating system's words if any, else the message of the deepest cause that has one."""
    message = ""
    for cause in _causes(exc):
        system = _system_words(cause)
        if system:
            return system
        message = _own_words(cause) or message
    return message or str(exc) or type(exc).__name__


def _system_words(cause: BaseException) -> str:
    """The operating system's words for an OSError ("Connection refused"), else ""."""
    if isinstance(cause, OSError) and isinstance(cause.strerror, str):
        return cause.strerror
    return ""


def _own_words(cause: BaseException) -> str:
    """The last text among an exception's args, else "": none for requests' own exceptions,
    whose text is the essay."""
    if isinstance(cause, requests.RequestException):
        return ""
    words = [a for a in cause.args if isinstance(a, str) and a]
    return words[-1] if words else ""


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it links to (urllib3's `reason`, the cause, the context, exceptions
    among its args), nearest first, each once: the links can loop."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        cause = todo.pop(0)
        if id(cause) in seen:
            continue
        seen.add(id(cause))
        yield cause
        linked = (getattr(cause, "reason", None), cause.__cause__, cause.__context__, *cause.args)
        todo.extend(x for x in linked if isinstance(x, BaseException))


def _say(console: Console, text: str, style: str | None = None) -> None:
    console.print(text, style=style, markup=False, highlight=False, soft_wrap=True)


class _Progress:
    """Where a run tells what it does: a bar per archive on a terminal, plain lines otherwise."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
        ) if console.is_terminal else None
        self.tasks: dict[str, TaskID] = {}
        self.name = ""
        self.size = 0

    def __enter__(self) -> _Progress:
        if self.bars:
            self.bars.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bars:
            self.bars.stop()

    def say(self, text: str, style: str | None = None) -> None:
        _say(self.console, text, style)

    def start(self, name: str, url: str, total: int | None, completed: int) -> None:
        """An attempt at downloading archive `name` begins, `completed` bytes already there."""
        self.name, self.size = name, completed
        if self.bars is None:
            resuming = f" (resuming after {decimal(completed)})" if completed else ""
            self.say(f"Downloading {url}{resuming}")
        elif name in self.tasks:
            self.bars.reset(self.tasks[name], total=total, completed=completed)
        else:
            self.tasks[name] = self.bars.add_task(name, total=total, completed=completed)

    def advance(self, size: int) -> None:
        self.size += size
        if self.bars:
            self.bars.advance(self.tasks[self.name], size)

    def finish(self) -> None:
        if self.bars is None:
            self.say(f"  {self.name}: {decimal(self.size)}")


def _valid_zip(path: Path) -> bool:
    """Whether `path` is a zip archive whose every member reads back with the right CRC."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return False


def _match_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The matches of a Cricsheet archive by id (``{id}.json``; README.txt and the rest aside)."""
    return {PurePosixPath(info.filename).stem: info for info in archive.infolist()
            if _is_match(info)}


def _is_match(info: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(info.filename)
    return not info.is_dir() and path.suffix == ".json" and bool(_MATCH_ID.fullmatch(path.stem))


def _there(target: Path, info: zipfile.ZipInfo) -> bool:
    """Whether a match file is already there (as long as the archive's: not cut short)."""
    return target.is_file() and target.stat().st_size == info.file_size


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def extract(archive_path: Path, dest: Path, wanted: Iterable[str] | None = None) -> int:
    """Write the matches `wanted` (None: every match) of an archive that are not yet in `dest`
    as ``{id}.json``; how many were written. A wanted id the archive lacks is skipped."""
    written = 0
    with zipfile.ZipFile(archive_path) as archive:
        members = _match_members(archive)
        for match_id in _to_extract(members, wanted):
            target = dest / f"{match_id}.json"
            if not _there(target, members[match_id]):
                _write_atomically(target, archive.read(members[match_id]))
                written += 1
    return written


def _to_extract(members: dict[str, zipfile.ZipInfo], wanted: Iterable[str] | None) -> list[str]:
    """The ids `wanted` the archive has (None: all of its matches)."""
    return list(members) if wanted is None else [i for i in wanted if i in members]


def _missing_corpus(dest: Path) -> list[str]:
    return [m.id for m in CORPUS if not (dest / f"{m.id}.json").is_file()]


def pending(dest: Path, everything: bool = False) -> dict[str, list[str] | None]:
    """What a run has to do: the archives it needs, each with the matches to extract from it
    (None: all of them). Empty when everything is already there; no network involved."""
    if not everything:
        return dict(_missing_by_archive(dest))
    return {name: None for name in ARCHIVES if not _all_extracted(dest, name)}


def _missing_by_archive(dest: Path) -> dict[str, list[str]]:
    """The corpus matches not in `dest`, by the archive that holds them."""
    missing = set(_missing_corpus(dest))
    todo: dict[str, list[str]] = {}
    for match in CORPUS:
        if match.id in missing:
            todo.setdefault(match.archive, []).append(match.id)
    return todo


def _all_extracted(dest: Path, name: str) -> bool:
    """Whether archive `name` is in `dest/archives` and every match of it in `dest`."""
    try:
        with zipfile.ZipFile(dest / ARCHIVES_SUBDIR / name) as archive:
            members = _match_members(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
    return all(_there(dest / f"{i}.json", info) for i, info in members.items())


@dataclass
class Fetcher:
    """Gets archives from `base_url`: resumable, retried, checked, renamed into place."""

    session: requests.Session
    base_url: str
    progress: _Progress
    retries: int = RETRIES
    backoff: float = BACKOFF
    archives: int = 0
    downloaded: int = 0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def archive(self, folder: Path, name: str) -> Path:
        """A valid copy of archive `name` in `folder`: the one there, or a fresh download."""
        path = folder / name
        if self._kept(path):
            return path
        return self._download(name, path)

    def _kept(self, path: Path) -> bool:
        """Whether a valid copy is already there; one that is not is deleted."""
        if not path.is_file():
            return False
        if _valid_zip(path):
            return True
        self.progress.say(f"{path} is not a valid zip archive: fetching it again")
        path.unlink()
        return False

    def _download(self, name: str, path: Path) -> Path:
        """Archive `name` fetched into `path`: once more if what came is not a valid zip."""
        url = archive_url(self.base_url, name)
        part = path.with_name(name + PART_SUFFIX)
        try:
            for attempt in (1, 2):
                self._retrying(url, lambda: self._get(url, part))
                if _valid_zip(part):
                    os.replace(part, path)
                    self.archives += 1
                    return path
                part.unlink()
                if attempt == 1:
                    self.progress.say(f"{name} is not a valid zip archive: fetching it again")
        finally:
            _drop_if_empty(part)
        raise DownloadError(url, "what the server sent twice is not a valid zip archive")

    def _retrying(self, url: str, attempt: Callable[[], None]) -> None:
        for n in range(self.retries + 1):
            try:
                return attempt()
            except _TRANSIENT as exc:
                if n == self.retries:
                    raise DownloadError(url, _reason(exc)) from exc
                wait = self.backoff * 2**n
                self.progress.say(
                    f"  {url}: {_reason(exc)}; retrying in {wait:g} s ({n + 1}/{self.retries})"
                )
                self.sleep(wait)

    def _get(self, url: str, part: Path) -> None:
        """One attempt: the rest of `part` (Range) if some of it is there, else all of it."""
        offset = part.stat().st_size if part.is_file() else 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        with self.session.get(url, headers=headers, stream=True, timeout=TIMEOUT) as response:
            if response.status_code != 416 or not offset:
                return self._save(response, url, part, offset)
        # 416: the .part is no prefix of the archive (longer than it): start afresh.
        part.unlink()
        return self._get(url, part)

    def _save(self, response: requests.Response, url: str, part: Path, offset: int) -> None:
        _check_status(response, url)
        resumed = _resumed(response, part, offset)
        start = offset if resumed else 0
        length = response.headers.get("Content-Length", "")
        total = start + int(length) if length.isdigit() else None
        self.progress.start(part.name.removesuffix(PART_SUFFIX), url, total, start)
        part.parent.mkdir(parents=True, exist_ok=True)
        with part.open("ab" if resumed else "wb") as out:
            for chunk in response.iter_content(CHUNK):
                out.write(chunk)
                self.downloaded += len(chunk)
                self.progress.advance(len(chunk))
        self.progress.finish()


def _drop_if_empty(part: Path) -> None:
    """An empty `.part` is nothing to resume from."""
    if part.is_file() and part.stat().st_size == 0:
        part.unlink()


def _check_status(response: requests.Response, url: str) -> None:
    """Raise for an answer that is not the archive: one worth trying again (429, 5xx), or a
    failure."""
    code = response.status_code
    if code == 429 or code >= 500:
        raise _Transient(f"HTTP {code} {response.reason}")
    if code not in (200, 206):
        raise DownloadError(url, f"HTTP {code} {response.reason}")


def _resumed(response: requests.Response, part: Path, offset: int) -> bool:
    """Whether the answer carries the rest of the `.part` (offset bytes long); a resumption
    at the wrong place deletes it, to be tried again from the start."""
    resumed = offset > 0 and response.status_code == 206
    if resumed and not response.headers.get("Content-Range", "").startswith(
        f"bytes {offset}-"
    ):
        part.unlink()
        raise _Transient("the server resumed the download at the wrong place")
    return resumed


def _nothing_to_do(dest: Path, everything: bool) -> str:
    if everything:
        what = f"Every match of the {len(ARCHIVES)} archives is already in {dest}"
    elif os.environ.get(ENV_VAR) and dest == cricsheet_dir():
        what = f"{ENV_VAR}={dest} already has all {len(CORPUS)} corpus matches"
    else:
        what = f"All {len(CORPUS)} corpus matches are already in {dest}"
    return f"{what}: nothing downloaded, nothing rewritten. ({ATTRIBUTION}.)"


def _failed(exc: DownloadError) -> str:
    return (
        f"Could not download {exc.url}: {exc.reason}. Check the connection and the URL "
        f"(--base-url, {URL_ENV_VAR}), or set {ENV_VAR} to a folder of Cricsheet JSON "
        "files (e.g. unzipped from https://cricsheet.org/downloads/) to use those instead."
    )


def _summary(console: Console, dest: Path, fetcher: Fetcher, written: int) -> int:
    missing = _missing_corpus(dest)
    _say(
        console,
        f"{len(CORPUS) - len(missing)} of {len(CORPUS)} corpus matches available in {dest} "
        f"({fetcher.archives} archives downloaded, {decimal(fetcher.downloaded)}; "
        f"{written} match files written).",
    )
    if not missing:
        return OK
    _say(
        console,
        f"Missing, not in the archives at {fetcher.base_url}: {', '.join(missing)}",
        style="yellow",
    )
    return INCOMPLETE


def run(
    dest: Path | None = None,
    base_url: str | None = None,
    *,
    everything: bool = False,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    console: Console | None = None,
    errors: Console | None = None,
) -> int:
    """Get the Cricsheet matches into `dest` (default: ``cricsheet_dir()``) from `base_url`
    (default: ``default_base_url()``). The exit code: 0 every corpus match is there, 1 some
    are not in the archives (named), 2 an archive could not be downloaded (one message on
    `errors`, the resumable ``.part`` kept)."""
    console = console or Console()
    errors = errors or Console(stderr=True)
    dest = Path(dest) if dest is not None else cricsheet_dir()
    todo = pending(dest, everything)
    if not todo:
        _say(console, _nothing_to_do(dest, everything))
        return OK
    _say(console, f"{ATTRIBUTION} (https://cricsheet.org).")
    try:
        fetcher, written = _download_and_extract(
            console, dest, todo, base_url or default_base_url(), retries=retries, backoff=backoff
        )
    except DownloadError as exc:
        _say(errors, _failed(exc), style="red")
        return FAILED
    return _summary(console, dest, fetcher, written)


def _download_and_extract(
    console: Console, dest: Path, todo: dict[str, list[str] | None], base_url: str, *,
    retries: int, backoff: float,
) -> tuple[Fetcher, int]:
    """Each archive of `todo` fetched (if not there) and its matches extracted: the fetcher,
    with what it downloaded, and how many match files were written."""
    written = 0
    with requests.Session() as session, _Progress(console) as progress:
        session.headers["User-Agent"] = "scorebook make data (python-requests)"
        fetcher = Fetcher(session, base_url, progress, max(retries, 0), backoff)
        for name, wanted in todo.items():
            written += extract(fetcher.archive(dest / ARCHIVES_SUBDIR, name), dest, wanted)
    return fetcher, written
