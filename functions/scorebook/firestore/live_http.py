"""`live/now` over HTTP, for an audience too large for listeners: Firebase Hosting rewrites
`/live/{matchId}/now.json` to the `liveJson` function, which answers with the document as
JSON, `Cache-Control: public, max-age=1, s-maxage=2` and an ETag of its version, so that the
CDN, not the database, answers the crowd: one read of the match and one of `live/now` per
edge every two seconds, whatever the number of spectators. A request that names the ETag it
has (`If-None-Match`) gets 304 and no body. A private match is never served this way (a
listener with the member's sign-in is): it answers 404, as a match that does not exist."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore

from scorebook.firestore.paths import live_now_path, match_path

#: what a CDN keeps an answer for (`s-maxage`) and a browser (`max-age`): a ball takes a
#: spectator at most this long to see, beyond the projection's own time
CACHE_CONTROL = "public, max-age=1, s-maxage=2"
#: an answer that says "nothing here (yet)": kept briefly, so a match set up later shows soon
MISSING_CACHE = "public, max-age=5, s-maxage=5"
_PATH = re.compile(r"^/live/([^/]{1,128})/now\.json$")


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def live_now_answer(db: firestore.Client, path: str, if_none_match: str | None) -> Answer:
    """The answer to `GET path` (`/live/{matchId}/now.json`)."""
    found = _PATH.match(path)
    if found is None:
        return Answer(404, {"Cache-Control": MISSING_CACHE}, '{"error": "not a live path"}')
    match_id = found.group(1)
    match = db.document(match_path(match_id)).get()
    if not match.exists or (match.to_dict() or {}).get("visibility") == "private":
        return Answer(404, {"Cache-Control": MISSING_CACHE}, '{"error": "no such public match"}')
    now = db.document(live_now_path(match_id)).get()
    if not now.exists:
        return Answer(404, {"Cache-Control": MISSING_CACHE}, '{"error": "no ball yet"}')
    document = now.to_dict() or {}
    tag = f'"{match_id}-{document.get("version", 0)}"'
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": tag,
               "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag"}
    if if_none_match is not None and tag in [t.strip() for t in if_none_match.split(",")]:
        return Answer(304, headers)
    body = json.dumps(document, default=_json, separators=(",", ":"), sort_keys=True)
    return Answer(200, {**headers, "Content-Type": "application/json"}, body)
