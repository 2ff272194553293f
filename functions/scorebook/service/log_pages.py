"""Pages of the log: what lets a change to an old ball be refolded without reading the log.

The checkpoint holds the fold after the last action read, and the fold at the current over's
start; a void, a correction or a late ball before that over changes everything after it, and
refolding needs every action from there on. Read from `scoring_actions`, that is one read an
action: 2,700 at the end of a five-day Test. So the functions keep the log in pages as well,
`matches/{id}/projection/page-{k}`: each holds the fold where it starts (sealed, as the
checkpoint is), then the action documents after that point as they were folded, and the
`seq`s of the events the feed published for each. A page starts at the first over's start
PAGE_ACTIONS actions after the last one started (about 23 pages in a five-day Test), so a
change to any ball reads the pages from its own on.

Pages are derived, like live/score: where they start is a function of the log alone, and
they are written in the commit of the run that folds into them (a ball adds itself to the
last page: one more write, no read). They are checked before anything is folded from them:
their documents, chained onto the digest at the start of the first page read, must give the
checkpoint's digest. A page that missed a write, was edited, or could not hold a document
(too big, nested too deep for Firestore) fails that check, and the run reads the log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from scorebook.actions import action_id, log_position
from scorebook.document import canonical_json

Document = Mapping[str, Any]

PAGE_FORMAT = 2
#: A new page starts at the first over's start this many actions after the last one started.
PAGE_ACTIONS = 120
#: ...or once the documents it holds take this much (a log of big documents; a usual ball
#: takes about 500 bytes and EVENTS_ROOM).
PAGE_BYTES = 400_000
#: A page never holds more than this (a Firestore document takes 1 MiB; the fold state at
#: the page's start is kept beside, at most MAX_START_BYTES): a document that would pass it
#: is left out, and so is a document bigger than MAX_DOCUMENT_BYTES.
MAX_PAGE_BYTES = 600_000
MAX_START_BYTES = 300_000
MAX_DOCUMENT_BYTES = 40_000
#: What a document's entry for its events may take (the seq, key, digest and place of each:
#: a ball has a few).
EVENTS_ROOM = 1_000
#: Firestore nests maps and arrays 20 deep; a page holds a document two levels down.
MAX_NESTING = 16

_SEAL_DOMAIN = b"scorebook/log-page-seal/v1\0"


class PageRef(BaseModel):
    """Where a page starts, as the checkpoint lists them (a five-day Test has about 23)."""

    #: the last action before the page (None: the log's start)
    after: str | None = None
    #: the actions read before it
    count: int = 0
    #: what the documents it holds take, with EVENTS_ROOM for each one's events
    bytes: int = 0


def page_id(k: int) -> str:
    return f"page-{k:05d}"


def opens_page(pages: list[PageRef], count: int) -> bool:
    """Asked at an over's start (`count` actions read): whether a new page starts here."""
    if not pages:
        return True
    last = pages[-1]
    return count - last.count >= PAGE_ACTIONS or last.bytes >= PAGE_BYTES


def page_of(pages: list[PageRef], action_id: str) -> int:
    """The page an action at this id is in, or would be in (a late ball)."""
    position = log_position(action_id)
    found = 0
    for k, ref in enumerate(pages):
        if ref.after is not None and log_position(ref.after) >= position:
            break
        found = k
    return found


def head_ids(pages: list[PageRef]) -> list[str] | None:
    """The ids of the actions read before the first page began (it begins at the first
    over's start: an innings' start or its players come before), when they are the log's
    first places one by one, `1-0001` on, as an app writes them; else None (no page yet,
    or a correction among them: the log is read)."""
    if not pages or pages[0].after not in (None, action_id(1, pages[0].count)):
        return None
    return [action_id(1, n) for n in range(1, pages[0].count + 1)]


def _measure(value: Any) -> tuple[int, int]:
    """Firestore's storage size of a value (`scorebook.document.document_size`) and how deep
    it nests maps and arrays, in one walk."""
    if isinstance(value, dict):
        return _measure_map(value)
    if isinstance(value, list | tuple):
        return _measure_array(value)
    return _scalar_size(value), 0


def _scalar_size(value: Any) -> int:
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return _utf8_size(value) + 1
    if isinstance(value, bytes):
        return len(value)
    return 8


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _measure_map(value: dict[Any, Any]) -> tuple[int, int]:
    size, depth = 0, 0
    for key, item in value.items():
        item_size, item_depth = _measure(item)
        size += _utf8_size(str(key)) + 1 + item_size
        depth = max(depth, item_depth)
    return size, depth + 1


def _measure_array(value: list[Any] | tuple[Any, ...]) -> tuple[int, int]:
    size, depth = 0, 0
    for item in value:
        item_size, item_depth = _measure(item)
        size, depth = size + item_size, max(depth, item_depth)
    return size, depth + 1


def takes(ref: PageRef, doc_id: str, data: Document) -> bool:
    """Whether the page takes this document (counting it in), or leaves it out: then the
    page cannot be folded from, and a change before its end reads the log."""
    size, depth = _measure(dict(data))
    size += len(doc_id) + 1 + EVENTS_ROOM
    if size > MAX_DOCUMENT_BYTES or depth > MAX_NESTING or ref.bytes + size > MAX_PAGE_BYTES:
        return False
    ref.bytes += size
    return True


def page_seal(match_id: str, k: int, start: str) -> str:
    """What binds a page's start to its match and its place, as the checkpoint's seal does."""
    hasher = hashlib.sha256(_SEAL_DOMAIN)
    hasher.update(canonical_json([PAGE_FORMAT, match_id, k]))
    hasher.update(start.encode("utf-8"))
    return hasher.hexdigest()


#: One published event of an action, as a page keeps it: what the feed's reconciliation
#: matches a refolded event by (its key and digest), where it is placed, and its `seq`.
Identity = tuple[int, str, str, str]


def events_entry(identities: list[Identity]) -> str | None:
    """An action's events as a page stores them (None: too big to keep)."""
    text = json.dumps(identities, separators=(",", ":"))
    return text if len(text) <= EVENTS_ROOM else None


@dataclass
class PageWrites:
    """What a run writes to the pages: each page it started (or refolded) whole, with its
    start as stored; the documents it folded, by page (None: left out); their events."""

    starts: dict[int, str | None] = field(default_factory=dict)
    docs: dict[int, dict[str, Document | None]] = field(default_factory=dict)
    events: dict[str, str | None] = field(default_factory=dict)
    #: pages past the log's last now (a refold that made fewer): deleted
    dropped: list[int] = field(default_factory=list)

    def start(self, k: int, start: str) -> None:
        self.starts[k] = start if len(start) <= MAX_START_BYTES else None
        self.docs.setdefault(k, {})

    def add(self, k: int, doc_id: str, data: Document | None) -> None:
        self.docs.setdefault(k, {})[doc_id] = data

    def folded_ids(self) -> list[str]:
        return [doc_id for docs in self.docs.values() for doc_id in docs]

    def __bool__(self) -> bool:
        return bool(self.docs or self.dropped)

    def stored(self, match_id: str, pages: list[PageRef]) -> StoredWrites:
        """The documents and fields to write: a page started in this run whole, any other
        page by the fields of the documents folded into it."""
        writes = StoredWrites(dropped=list(self.dropped))
        for k, docs in sorted(self.docs.items()):
            events = self._events_of(docs)
            if k in self.starts:
                writes.whole[k] = _whole_page(match_id, k, pages[k], self.starts[k], docs=docs,
                                              events=events)
            else:
                writes.fields[k] = _page_fields(docs, events)
        return writes

    def _events_of(self, docs: dict[str, Document | None]) -> dict[str, str | None]:
        """The events entry of each document of a page: none for one left out of it (or
        moved to another)."""
        return {doc_id: self.events.get(doc_id) if data is not None else None
                for doc_id, data in docs.items()}


def _page_fields(docs: dict[str, Document | None], events: dict[str, str | None],
                 ) -> dict[tuple[str, str], Any]:
    """The fields of a page a run sets (None: deletes) for the documents it folded."""
    return {**{("docs", doc_id): data for doc_id, data in docs.items()},
            **{("events", doc_id): entry for doc_id, entry in events.items()}}


def _whole_page(match_id: str, k: int, ref: PageRef, start: str | None, *,
                docs: dict[str, Document | None], events: dict[str, Any]) -> dict[str, Any]:
    """Page `k` started in this run, as a whole document: its start sealed, the documents
    left out of it not in it."""
    return {
        "format": PAGE_FORMAT, "page": k, "after": ref.after, "count": ref.count,
        "start": start, "seal": page_seal(match_id, k, start) if start else None,
        "docs": _present(docs), "events": _present(events),
    }


def _present(entries: Mapping[str, Any]) -> dict[str, Any]:
    """The entries that are there (None: left out)."""
    return {i: e for i, e in entries.items() if e is not None}


@dataclass
class StoredWrites:
    """The pages' writes as the adapter makes them: whole documents (a set), fields of a
    page (a merge; None deletes the field), and pages to delete."""

    whole: dict[int, dict[str, Any]] = field(default_factory=dict)
    fields: dict[int, dict[tuple[str, str], Any]] = field(default_factory=dict)
    dropped: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.whole) + len(self.fields) + len(self.dropped)


@dataclass
class StoredPage:
    """A page as read: its start (as stored), its documents and their events."""

    start: str | None
    docs: dict[str, Document]
    events: dict[str, list[Identity]]


def read_page(stored: Document | None, match_id: str, k: int, ref: PageRef,
              ) -> StoredPage | str:
    """The page read, or why it cannot be folded from: absent, not where the checkpoint
    says it starts, or a start whose seal does not match (the documents are checked by the
    caller, against the checkpoint's digest)."""
    if stored is None:
        return f"log page {k} is missing"
    if (stored.get("format"), stored.get("page"), stored.get("after"), stored.get("count")) != (
            PAGE_FORMAT, k, ref.after, ref.count):
        return f"log page {k} does not start where the checkpoint says"
    return _read_contents(stored, match_id, k)


def _read_contents(stored: Document, match_id: str, k: int) -> StoredPage | str:
    """The page's start, documents and events, or why they cannot be read."""
    docs, events, start = stored.get("docs"), stored.get("events"), stored.get("start")
    if not isinstance(docs, dict) or not isinstance(events, dict):
        return f"log page {k} is damaged"
    if start is not None and not _sealed(stored, match_id, k, start):
        return f"log page {k}'s start does not match its seal"
    parsed = _page_events(events, k)
    if isinstance(parsed, str):
        return parsed
    return StoredPage(start, _documents(docs), parsed)


def _documents(docs: dict[Any, Any]) -> dict[str, Document]:
    """The page's action documents (anything else in its `docs` is no document)."""
    return {str(i): d for i, d in docs.items() if isinstance(d, dict)}


def _sealed(stored: Document, match_id: str, k: int, start: Any) -> bool:
    return isinstance(start, str) and stored.get("seal") == page_seal(match_id, k, start)


def _page_events(events: dict[Any, Any], k: int) -> dict[str, list[Identity]] | str:
    """The page's events by action, or why they cannot be read."""
    parsed: dict[str, list[Identity]] = {}
    for doc_id, entry in events.items():
        identities = _identities(entry)
        if identities is None:
            return f"log page {k}'s events of {str(doc_id)[:40]!r} are damaged"
        parsed[doc_id] = identities
    return parsed


def _identities(entry: Any) -> list[Identity] | None:
    items = _json_list(entry)
    if items is None:
        return None
    found: list[Identity] = []
    for item in items:
        if not _is_identity(item):
            return None
        found.append((item[0], item[1], item[2], item[3]))
    return found


def _json_list(entry: Any) -> list[Any] | None:
    """The list an events entry holds as JSON text, or None."""
    try:
        items = json.loads(entry) if isinstance(entry, str) else None
    except ValueError:
        return None
    return items if isinstance(items, list) else None


def _is_identity(item: Any) -> bool:
    return (isinstance(item, list) and len(item) == 4 and type(item[0]) is int
            and all(isinstance(part, str) for part in item[1:]))
