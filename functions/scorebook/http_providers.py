"""The provider adapters: each reads its provider's wire format over HTTP (httpx, with
timeouts) and answers in `scorebook.ingest.answer`'s shape.

- `GenericFeed`: the generic ball-by-ball JSON feed (docs/ingest.md): events after a cursor,
  each with the provider's id, position, revision and publication time; a range of positions
  fetched again for a gap; the score; how long each innings is.
- `CricsheetLive`: a Cricsheet JSON file (https://cricsheet.org/format/json/) that grows as
  the match goes on; converted as the importer converts a finished one
  (`scorebook.cricsheet.load_match`), its positions are the events' ids and its
  ``meta.revision`` says when an earlier ball may have changed.

An answer that is not the format is `ProviderProblem("bad_answer")`; a refusal is
``rate_limited`` (429, with its Retry-After), ``unavailable`` (5xx, no connection),
``timeout`` or ``not_found``: the cadence acts on the code.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from scorebook.cricsheet import load_match
from scorebook.fold import replay
from scorebook.ingest.answer import (
    Answer,
    Position,
    Provider,
    ProviderEvent,
    ProviderProblem,
    ProviderRef,
    ScoreSnapshot,
    event_of,
    position_id,
    snapshot_of,
)

#: connect, then read: a provider slower than this is a timeout (and its health says so)
TIMEOUT = httpx.Timeout(5.0, connect=2.0)


def _get(client: httpx.Client, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
    try:
        response = client.get(url, params=params, timeout=TIMEOUT)
    except httpx.TimeoutException as err:
        raise ProviderProblem("timeout", f"{url}: {err.__class__.__name__}") from None
    except httpx.HTTPError as err:
        raise ProviderProblem("unavailable", f"{url}: {err}") from None
    problem = _status_problem(url, response)
    if problem is not None:
        raise problem
    return response


def _status_problem(url: str, response: httpx.Response) -> ProviderProblem | None:
    """What an HTTP status other than a success says of the provider: asking to be polled
    less (429), down for now (5xx, both with a Retry-After), no such match (404), or a
    request it refuses."""
    status = response.status_code
    if status == 429:
        return ProviderProblem("rate_limited", f"{url}: HTTP 429", status=status,
                               retry_after=_retry_after(response))
    if status >= 500:
        return ProviderProblem("unavailable", f"{url}: HTTP {status}", status=status,
                               retry_after=_retry_after(response))
    if status == 404:
        return ProviderProblem("not_found", f"{url}: HTTP 404", status=status)
    if status >= 400:
        return ProviderProblem("bad_answer", f"{url}: HTTP {status}", status=status)
    return None


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds or as an HTTP date (RFC 9110 10.2.3)."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ProviderProblem("bad_answer", f"{response.url}: not JSON") from None


T = TypeVar("T")


def _parsed(build: Callable[[], T], where: str) -> T:
    try:
        return build()
    except (ValidationError, LookupError, TypeError, ValueError, AttributeError) as err:
        raise ProviderProblem("bad_answer", f"{where}: {err}"[:500]) from None


def _wire_event(item: dict[str, Any]) -> ProviderEvent:
    return ProviderEvent(eventId=str(item["id"]), innings=item["innings"],
                         sequence=item["sequence"], revision=item.get("revision", 1),
                         publishedAt=item.get("published"), kind=item["type"],
                         data=item.get("data") or {})


class GenericFeed:
    """The generic ball-by-ball JSON feed (the wire format is in docs/ingest.md)."""

    def __init__(self, ref: ProviderRef, client: httpx.Client) -> None:
        self.ref = ref
        self.client = client
        self.base = f"{ref.url.rstrip('/')}/matches/{ref.providerMatchId}"

    def poll(self, after: Position | None, known_revision: int | None) -> Answer:
        params = {"after": position_id(after)} if after else {}
        body = _json(_get(self.client, f"{self.base}/events", params))
        return _parsed(lambda: _feed_answer(body), f"{self.base}/events")

    def fetch(self, positions: list[Position]) -> list[ProviderEvent]:
        out: list[ProviderEvent] = []
        for innings in sorted({p[0] for p in positions}):
            wanted = [s for i, s in positions if i == innings]
            params = {"innings": innings, "from": min(wanted), "to": max(wanted)}
            body = _json(_get(self.client, f"{self.base}/events", params))
            out += _parsed(lambda b=body: [_wire_event(e) for e in b.get("events", [])],
                           f"{self.base}/events")
        return out

    def info(self) -> dict[str, Any]:
        body = _json(_get(self.client, self.base))
        return _parsed(lambda: dict(body["info"]), self.base)


def _feed_answer(body: dict[str, Any]) -> Answer:
    """The answer the feed's events body gives: new and amended events, the score, the
    innings' lengths."""
    return Answer(
        events=[_wire_event(e) for e in [*body.get("events", []), *body.get("amended", [])]],
        snapshot=ScoreSnapshot(**body["score"]) if body.get("score") else None,
        lengths={int(k): v for k, v in (body.get("innings") or {}).items()},
        complete=bool(body.get("complete")),
    )


class CricsheetLive:
    """A Cricsheet JSON file that grows ball by ball."""

    def __init__(self, ref: ProviderRef, client: httpx.Client, match_id: str) -> None:
        self.ref = ref
        self.client = client
        self.match_id = match_id

    def _read(self) -> tuple[dict[str, Any], datetime]:
        response = _get(self.client, self.ref.url)
        return _json(response), _last_modified(response)

    def _answer(self, data: dict[str, Any], as_of: datetime) -> Answer:
        match, actions = load_match(data, match_id=self.match_id, recorded_by=self.ref.name)
        events = [event_of(a, event_id=a.id) for a in actions]
        lengths = _furthest_events(events)
        complete = bool(data["info"].get("outcome"))
        state = replay(match, actions)
        last = max((e.position for e in events), default=(1, 0))
        return Answer(events=events, lengths=lengths, complete=complete,
                      revision=(data.get("meta") or {}).get("revision"),
                      snapshot=snapshot_of(state, as_of=as_of, complete=complete,
                                           sequence=last[1]))

    def poll(self, after: Position | None, known_revision: int | None) -> Answer:
        data, as_of = self._read()
        answer = _parsed(lambda: self._answer(data, as_of), self.ref.url)
        if after is not None and answer.revision == known_revision:
            # the file is the same revision: only what lies after the cursor is new
            return answer.model_copy(update={"events": [e for e in answer.events
                                                        if e.position > after]})
        return answer

    def fetch(self, positions: list[Position]) -> list[ProviderEvent]:
        data, as_of = self._read()
        wanted = set(positions)
        answer = _parsed(lambda: self._answer(data, as_of), self.ref.url)
        return [e for e in answer.events if e.position in wanted]

    def info(self) -> dict[str, Any]:
        data, _ = self._read()
        return _parsed(lambda: dict(data["info"]), self.ref.url)


def _last_modified(response: httpx.Response) -> datetime:
    """When the file last changed, as its Last-Modified says (now, when it says nothing
    readable)."""
    stamp = response.headers.get("Last-Modified")
    as_of = datetime.now(UTC)
    if stamp:
        with contextlib.suppress(TypeError, ValueError):
            as_of = parsedate_to_datetime(stamp)
            if as_of.tzinfo is None:  # "-0000": UTC, says RFC 5322
                as_of = as_of.replace(tzinfo=UTC)
    return as_of


def _furthest_events(events: list[ProviderEvent]) -> dict[int, int]:
    """Each innings' length: the sequence of its furthest event."""
    lengths: dict[int, int] = {}
    for e in events:
        lengths[e.innings] = max(lengths.get(e.innings, 0), e.sequence)
    return lengths


def provider_for(ref: ProviderRef, client: httpx.Client, match_id: str) -> Provider:
    """The adapter a provider names."""
    if ref.adapter == "cricsheet":
        return CricsheetLive(ref, client, match_id)
    return GenericFeed(ref, client)
