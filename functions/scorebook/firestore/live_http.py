"""The live documents over HTTP, for an audience too large for listeners: Firebase Hosting
rewrites `/live/{matchId}/now.json` (`live/now`) and `/live/{matchId}/innings{n}.json` (the
card `live/innings{n}`) to the `liveJson` function, which answers with the document as JSON,
`Cache-Control: public, max-age=1, s-maxage=2` and an ETag, so that the CDN, not the database,
answers the crowd: one read of the match and one of the document per edge every two seconds,
whatever the number of spectators. A request that names the ETag it has (`If-None-Match`) gets
304 and no body; a client that accepts gzip gets the JSON compressed (a card late in an innings
is about 10 KB of JSON, 2 KB compressed: what a phone downloads once an over). A private match
is never served this way (a listener with the member's sign-in is): it answers 404, as a match
that does not exist."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore

from scorebook.firestore.paths import live_innings_path, live_now_path, match_path

#: what a CDN keeps an answer for (`s-maxage`) and a browser (`max-age`): a ball takes a
#: spectator at most this long to see, beyond the projection's own time
CACHE_CONTROL = "public, max-age=1, s-maxage=2"
#: an answer that says "nothing here (yet)": kept briefly, so a match set up later shows soon
MISSING_CACHE = "public, max-age=5, s-maxage=5"
#: `/live/{matchId}/now.json` or `/live/{matchId}/innings{n}.json`
_PATH = re.compile(r"^/live/([^/]{1,128})/(now|innings([1-9][0-9]?))\.json$")
#: smaller bodies are sent as they are (compressing them saves less than its header costs)
SMALLEST_COMPRESSED = 512


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str | bytes = ""


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _missing(why: str) -> Answer:
    return Answer(404, {"Cache-Control": MISSING_CACHE}, json.dumps({"error": why}))


def live_answer(db: firestore.Client, path: str, if_none_match: str | None) -> Answer:
    """The answer to `GET path`: live/now, or the card of innings n, of a public match."""
    found = _PATH.match(path)
    if found is None:
        return _missing("not a live path")
    match_id, innings = found.group(1), found.group(3)
    match = db.document(match_path(match_id)).get()
    if not _is_public(match):
        return _missing("no such public match")
    snapshot = db.document(_live_path(match_id, innings)).get()
    if not snapshot.exists:
        return _missing("no ball yet" if innings is None else "no such innings yet")
    return _found(match_id, innings, snapshot.to_dict() or {}, if_none_match)


def _is_public(match: firestore.DocumentSnapshot) -> bool:
    return match.exists and (match.to_dict() or {}).get("visibility") != "private"


def _live_path(match_id: str, innings: str | None) -> str:
    """live/now, or the card of innings `innings`."""
    return live_now_path(match_id) if innings is None else live_innings_path(match_id,
                                                                             int(innings))


def _found(match_id: str, innings: str | None, document: dict[str, Any],
           if_none_match: str | None) -> Answer:
    """The document read, or 304 when the client has it already (its ETag)."""
    tag, body = _tagged(match_id, innings, document)
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": tag, "Vary": "Accept-Encoding",
               "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag"}
    if _has(if_none_match, tag):
        return Answer(304, headers)
    return Answer(200, {**headers, "Content-Type": "application/json"},
                  _body(document) if body is None else body)


def _has(if_none_match: str | None, tag: str) -> bool:
    """Whether `If-None-Match` names the tag."""
    return if_none_match is not None and tag in [t.strip() for t in if_none_match.split(",")]


def _tagged(match_id: str, innings: str | None, document: dict[str, Any],
            ) -> tuple[str, str | None]:
    """The document's ETag, and its JSON when the tag needed it."""
    if innings is None:
        # live/now carries the version of the write that made it: a poll that has it gets
        # its 304 without the JSON being made
        return f'"{match_id}-{document.get("version", 0)}"', None
    # a card changes with its innings alone, so its tag is its content's
    body = _body(document)
    return f'"{match_id}-{innings}-{hashlib.sha256(body.encode()).hexdigest()[:20]}"', body


def _body(document: dict[str, Any]) -> str:
    return json.dumps(document, default=_json, separators=(",", ":"), sort_keys=True)


def compressed(answer: Answer, accept_encoding: str | None) -> Answer:
    """`answer` gzipped when the client accepts it and the body is worth it."""
    if not _accepts_gzip(accept_encoding) or len(answer.body) < SMALLEST_COMPRESSED:
        return answer
    body = answer.body.encode() if isinstance(answer.body, str) else answer.body
    return Answer(answer.status, {**answer.headers, "Content-Encoding": "gzip"},
                  gzip.compress(body, compresslevel=6, mtime=0))


def _accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether `Accept-Encoding` takes gzip (`gzip`, `*`; not `gzip;q=0`)."""
    return any(_takes_gzip(part) for part in (accept_encoding or "").split(","))


def _takes_gzip(coding: str) -> bool:
    """Whether one coding of `Accept-Encoding` is gzip's (or any) and not refused (q=0)."""
    name, *params = (p.strip().lower() for p in coding.split(";"))
    return name in ("gzip", "*") and not any(_weight(p) == 0 for p in params)


def _weight(param: str) -> float | None:
    """A `q=` parameter's weight (None for any other parameter, or one not a number)."""
    key, _, value = param.partition("=")
    if key.strip() != "q":
        return None
    try:
        return float(value)
    except ValueError:
        return None
