"""The base of every schema model and view, how one becomes a Firestore document, and how a
document that is not valid is described (one line per bad field, saying why)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

#: Whether a view's field docstrings become the fields' descriptions. Only docs/schema.md and
#: the JSON Schemas, which the tools generate, show a description; the functions never read
#: one, and pydantic finds the docstrings by reading each class's source as the class is made
#: (on Python 3.11 by walking the stack and the modules for it): 60 ms for the ~50 views,
#: a sixth of what the scoring trigger's own modules cost an instance's cold start. So a
#: function's process skips them; the Functions runtime, deployed and in the emulator, names
#: the function it serves in FUNCTION_TARGET. Nothing else changes: a document is the same.
FIELD_DOCS = "FUNCTION_TARGET" not in os.environ


def _utc(value: datetime) -> datetime:
    """A moment as Firestore keeps one: aware, in UTC. Text an admin wrote without a zone
    ('2026-05-01T14:00:00') is UTC, never the machine's local time: read as local, the
    earliest moments (year 1) cannot be turned into a number of seconds, and a date one
    function could not read froze a match's every run."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    if value.utcoffset() == UTC.utcoffset(None):
        return value
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 east of Greenwich, year 9999 west of it
        raise ValueError(f"a moment out of range: {value.isoformat()}") from None


#: A stored date and time, whatever its representation (a Firestore timestamp, ISO text with
#: or without a zone), as an aware UTC datetime.
Moment = Annotated[datetime, AfterValidator(_utc)]


class Schema(BaseModel):
    """Base for documents: frozen, unknown fields refused (a typo must not default to 0)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class View(BaseModel):
    """Base for projection documents: frozen, written only by functions.

    A field's docstring (the string literal under it) is its description, which
    docs/schema.md shows. A view that implements an interface of the product's schema (the
    TypeScript the apps are built against) names it in ``productInterface`` and lists the
    fields that interface has in ``productFields``; its other fields are extensions, and
    docs/schema.md marks them so."""

    model_config = ConfigDict(frozen=True, extra="ignore", use_attribute_docstrings=FIELD_DOCS)

    productInterface: ClassVar[str | None] = None
    productFields: ClassVar[frozenset[str]] = frozenset()


def to_document(model: BaseModel, *, json: bool = False) -> dict[str, Any]:
    """The Firestore document of a model: camelCase, every field present (None included, so
    the document shape is stable for rules and clients). ``json=True`` turns datetimes into
    ISO strings (for JSON output); the default keeps ``datetime`` for the Firestore client."""
    return model.model_dump(mode="json" if json else "python", by_alias=True)


def describe(
    error: ValidationError, *, ignore: Collection[str] = (), whole: str | None = None
) -> list[str]:
    """One ``"field: why"`` line per error of a document that is not valid.

    A message that already names its field (the Laws' checks say ``"wicket: ..."``) is kept
    as it is. ``ignore``: parts of the location that are not fields (a union's tags);
    ``whole``: what to call the document in an error about all of it (else the bare message).
    """
    return [_described(e, ignore, whole) for e in errors_in_order(error)]


def errors_in_order(error: ValidationError) -> list[ErrorDetails]:
    """The errors, those of unknown fields last and sorted by where they are."""
    errors = error.errors()
    # Firestore gives a document's fields in no fixed order, and pydantic reports unknown
    # ones in the order it meets them (after the model's own): sorted, the same document is
    # described the same way by every run (a message cut at its length limit included).
    unknown = sorted((e for e in errors if e["type"] == "extra_forbidden"),
                     key=lambda e: [str(p) for p in e["loc"]])
    return [*(e for e in errors if e["type"] != "extra_forbidden"), *unknown]


def _described(e: ErrorDetails, ignore: Collection[str], whole: str | None) -> str:
    loc = _field_path(e, ignore) or whole
    msg = e["msg"].removeprefix("Value error, ")
    return msg if ":" in msg.split(" ")[0] or not loc else f"{loc}: {msg}"


def _field_path(e: ErrorDetails, ignore: Collection[str]) -> str:
    """Where the error is, as a dotted field path (a union's tags left out)."""
    return ".".join(str(p) for p in e["loc"] if str(p) not in ignore)


#: The largest count a document may give (runs, overs, balls, a position in the log): any
#: more is reported as unparseable. Sums and products of such counts stay within the 64-bit
#: integers Firestore stores (a huge figure must not make the functions' own write fail).
MAX_COUNT = 2**31 - 1

#: Firestore's limit on a document is 1 MiB; what the functions write stays below this, with
#: room for the document's name and Firestore's own accounting.
MAX_DOCUMENT_BYTES = 1_000_000


def document_size(value: Any) -> int:
    """The storage size Firestore counts for a value (its documented rules: a string is its
    UTF-8 length + 1, a number or a timestamp 8, a boolean or null 1, a map the sum of its
    keys (+1 each) and values, an array the sum of its items)."""
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass")) + 1
    if isinstance(value, dict):
        return sum(document_size(str(k)) + document_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return sum(document_size(v) for v in value)
    if isinstance(value, bytes):
        return len(value)
    return 8


def fits_in_document(
    value: Any, limit: int = MAX_DOCUMENT_BYTES, *, json_bytes: int | None = None
) -> bool:
    """Whether `document_size(value) <= limit`, without walking the value in Python when its
    compact JSON says so: no value counts more than 4 times its JSON's bytes (a number is 8
    and at least 1 character and a separator; a string, a key, a boolean or null count less
    than they take), so a JSON of a quarter of the limit fits. `json_bytes`: a count no
    smaller than `compact_json_bytes(value)`, when the caller has one (parts measured
    before), so that the JSON is not made again."""
    compact = compact_json_bytes(value) if json_bytes is None else json_bytes
    if 4 * compact <= limit:
        return True
    return document_size(value) <= limit


def compact_json_bytes(value: Any) -> int:
    """The bytes of `value`'s compact JSON (UTF-8, no spaces), what `fits_in_document`
    measures first."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return len(compact.encode("utf-8", "surrogatepass"))


def _json_default(value: Any) -> Any:
    """The JSON of a Firestore value JSON has no type for, tagged with its type, so that a
    timestamp never hashes like the text of a timestamp. Duck-typed: no Firebase import."""
    if hasattr(value, "rfc3339"):  # a Firestore timestamp, to the nanosecond
        return {"$timestamp": value.rfc3339()}
    if hasattr(value, "isoformat"):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, bytes | bytearray):
        return {"$bytes": bytes(value).hex()}
    if hasattr(value, "latitude") and hasattr(value, "longitude"):
        return {"$geo": [value.latitude, value.longitude]}
    if isinstance(getattr(value, "path", None), str):  # a document reference
        return {"$ref": value.path}
    if isinstance(value, set | frozenset | tuple):
        return {"$list": list(value)}
    return {f"${type(value).__name__}": str(value)}


def canonical_json(value: Any) -> bytes:
    """One byte string per value: keys sorted, no spaces, ASCII only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      default=_json_default).encode("ascii")


def as_timestamp(value: Any) -> datetime | None:
    """A timestamp however a document or a JSON request carries it: a datetime (naive is
    UTC), an ISO 8601 string with its zone, or `{seconds, nanoseconds}`; None if it is none."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        return _from_iso(value)
    if isinstance(value, Mapping) and _is_number(value.get("seconds")):
        return _from_seconds(value["seconds"], value.get("nanoseconds", 0))
    return None


def _from_iso(value: str) -> datetime | None:
    """An ISO 8601 timestamp with its zone (None: not one, or without a zone)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _from_seconds(seconds: float, nanos: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, UTC) + timedelta(
            microseconds=(nanos if _is_number(nanos) else 0) / 1000)
    except (OverflowError, OSError, ValueError):
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


#: Characters a name must not carry onto a spectator's screen: C0 controls but tab and line
#: breaks, DEL and the C1 controls; the marks that reorder text around them (bidirectional
#: marks, overrides, embeddings and isolates: U+202E turns "evil.exe" into what looks like
#: another name; U+061C the Arabic letter mark); the invisible ones that make two names look
#: alike (zero width space, word joiner, U+FEFF); and the line and paragraph separators. The
#: zero width joiner and non-joiner (U+200C, U+200D) stay: Indic scripts and emoji need them.
#: firestore.rules' isSafeText and the web app's esc() refuse or drop the same characters
#: (tests/unit/test_safe_text.py holds the three to one set).
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f"
                         "\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


def safe_text(text: str) -> str:
    """`text` without the characters that could disguise it (UNSAFE_TEXT)."""
    return UNSAFE_TEXT.sub("", text) if UNSAFE_TEXT.search(text) else text
