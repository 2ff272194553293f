"""A fake data provider for the tests, the demo and the benchmarks: a small HTTP server that
replays real Cricsheet matches in accelerated real time, in the two formats the ingestion
reads, and misbehaves when told to.

- ``GET /matches/{id}``: the match (a Cricsheet ``info`` block, players by the provider's ids);
- ``GET /matches/{id}/events?after=I-S``: the generic provider's events after a position, the
  amended ones, the score and the innings' lengths; ``?innings=I&from=S&to=E`` a range again;
- ``GET /cricsheet/{id}.json``: the Cricsheet file as far as the match has gone.

Each event is published at ``start + n / rate`` (``rate`` events a second). Faults, per match
and per format (`Faults`): bursts of 429 (with Retry-After) and of 5xx, slow answers, an outage
(every request refused for a while), events repeated, shuffled or left out of the stream (a
range fetch still has them), and a ball published wrong and corrected later. The generic provider
names players ``fp-{registry id}``, so its ids must be mapped (`mapping`); the Cricsheet file
keeps Cricsheet's. Cricsheet data: cricsheet.org, Open Data Commons Attribution License.

    python -m scorebook_tools.fake_provider MATCH.json... [--port 8765] [--rate 1]
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import copy
import hashlib
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from scorebook.cricsheet import load_match
from scorebook.fold import fold
from scorebook.ingest.answer import (
    ProviderEvent,
    ProviderRef,
    event_of,
    position_id,
    snapshot_of,
)
from scorebook.ingest.normalise import ProviderMapping, mapped_data
from scorebook.state import initial_state

PREFIX = "fp-"
#: the most events one stream answer holds (a backlog comes in pages)
PAGE = 500


@dataclass
class Faults:
    """How one match's feed in one format misbehaves (counts are of requests to come)."""

    rateLimit: int = 0
    retryAfter: float | None = None
    errors: int = 0
    slow: int = 0
    slowSeconds: float = 0.0
    #: every request refused until this time.monotonic()
    outageUntil: float = 0.0
    #: the chance an answer's event is repeated in it
    duplicate: float = 0.0
    reorder: bool = False
    #: positions ("1-0045") never in a stream answer (a range fetch has them)
    drop: set[str] = field(default_factory=set)
    seed: int = 0


def _provider_id(person: str) -> str:
    return f"{PREFIX}{person}"


def mapping(match_file: Path) -> ProviderMapping:
    """The mapping of the generic provider's player ids back to Cricsheet's (an admin's job for a
    real provider: `provider_mappings/{provider}`)."""
    data = json.loads(match_file.read_text())
    people = data["info"].get("registry", {}).get("people", {})
    return ProviderMapping(players={_provider_id(p): p for p in people.values()})


#: the provider's own ids are Cricsheet's behind its prefix: the normaliser's mapping of an
#: unmapped id, run the other way round
_AS_PROVIDER = ProviderRef(name="fake", adapter="generic", url="-", idPrefix=PREFIX)


def _provider_data(event: ProviderEvent) -> ProviderEvent:
    data = mapped_data(event, _AS_PROVIDER, ProviderMapping())
    return event.model_copy(update={"data": data})


def _wrong(event: ProviderEvent) -> ProviderEvent:
    """The ball as first (wrongly) published: one run more off the bat."""
    data = dict(event.data, runsOffBat=event.data["runsOffBat"] + 1,
                totalRuns=event.data["totalRuns"] + 1)
    return event.model_copy(update={"data": data})


def _plain_ball(event: ProviderEvent) -> bool:
    d = event.data
    return (event.kind == "delivery" and not d.get("isWicket") and d.get("runsOffBat", 0) < 3
            and not any((d.get("extras") or {}).values()))


class Replay:
    """One match, published event by event from ``start``."""

    #: the replay's clock (a test moves this one alone: moving `time.monotonic` would move
    #: every thread's, and a thread left by another test would take its steps)
    clock = staticmethod(time.monotonic)

    def __init__(self, path: Path, match_id: str, rate: float, start: float | None,
                 final: tuple[int, float] | None = None) -> None:
        self.path = path
        self.id = match_id
        self.start = start if start is not None else 0.0
        #: None: the match starts when it is first asked for (`begin`)
        self.lazy = start is None
        self.started_at = datetime.now(UTC) - timedelta(seconds=self.clock() - self.start)
        self.data = json.loads(path.read_text())
        match, actions = load_match(self.data, match_id=match_id)
        self.offsets = _offsets(len(actions), rate, final)
        self.events = [
            _provider_data(event_of(a, event_id=self._event_id(n), published_at=self.at(n)))
            for n, a in enumerate(actions)]
        self.cricsheet_events = [event_of(a, event_id=a.id) for a in actions]
        #: a ball published wrong: its index -> seconds until its correction
        self.wrong: dict[int, float] = {}
        #: a ball published wrong: (adapter, its index) -> when that adapter's client was
        #: first shown it
        self.shown_wrong: dict[tuple[str, int], float] = {}
        self._states = [initial_state(match)]
        self._actions = actions
        self.lock = threading.Lock()
        self.faults = {"generic": Faults(), "cricsheet": Faults()}
        self.served: Counter[str] = Counter()

    def _event_id(self, n: int) -> str:
        return "evt_" + hashlib.sha1(f"{self.id}/{n}".encode()).hexdigest()[:12]

    # -- time ----------------------------------------------------------------------------

    def begin(self) -> None:
        """Start the match now, if it starts when first asked for."""
        if self.lazy:
            self.lazy = False
            self.start = self.clock()
            self.started_at = datetime.now(UTC)
            self.events = [e.model_copy(update={"publishedAt": self.at(n)})
                           for n, e in enumerate(self.events)]

    def at(self, n: int) -> datetime:
        """When event ``n`` is published."""
        return self.started_at + timedelta(seconds=self.offsets[n])

    def published(self) -> int:
        """How many events are out now."""
        if self.lazy:
            return 0
        return bisect.bisect_right(self.offsets, self.clock() - self.start)

    def corrected(self, n: int, adapter: str) -> bool:
        """Whether ball n's correction is out on `adapter` ("generic", "cricsheet"):
        `wrong[n]` seconds after that adapter's client was first shown it wrong. (Counted
        from its publication, or from another adapter's showing, a poller held up for longer,
        as on a loaded machine, never saw it wrong, and had nothing to correct.)"""
        shown = self.shown_wrong.get((adapter, n))
        return shown is not None and self.clock() - shown >= self.wrong[n]

    def _show(self, indexes: Iterable[int], adapter: str) -> None:
        """Events `indexes` go out on `adapter`: a wrong one's correction is due from now."""
        now = self.clock()
        for n in indexes:
            if n in self.wrong:
                self.shown_wrong.setdefault((adapter, n), now)

    def event(self, n: int) -> ProviderEvent:
        event = self.events[n]
        if n in self.wrong:
            return (event.model_copy(update={"revision": 2}) if self.corrected(n, "generic")
                    else _wrong(event))
        return event

    def publish_wrong(self, position: str, seconds: float) -> str:
        """The first plain ball at or after ``position`` is published one run out, and
        corrected ``seconds`` after; its position."""
        for n, e in enumerate(self.events):
            if position_id(e.position) >= position and _plain_ball(e):
                self.wrong[n] = seconds
                return position_id(e.position)
        raise ValueError(f"no plain ball at or after {position}")

    def _wrong_out(self, count: int) -> list[int]:
        """The balls published wrong among the first `count` events."""
        return [n for n in self.wrong if n < count]

    def snapshot(self, count: int) -> dict[str, Any] | None:
        with self.lock:
            while len(self._states) <= count:
                k = len(self._states)
                self._states.append(fold(self._states[-1], self._actions[k - 1]))
            state = self._states[count]
        last = self.events[count - 1].sequence if count else 0
        snap = snapshot_of(state, as_of=datetime.now(UTC),
                           complete=self.complete(count, "generic"),
                           sequence=last)
        return snap.model_dump(mode="json") if snap else None

    def complete(self, count: int, adapter: str) -> bool:
        """Every event out, every wrong one corrected, and the result known."""
        return (count == len(self.events) and bool(self.data["info"].get("outcome"))
                and all(self.corrected(n, adapter) for n in self.wrong))

    # -- the generic provider ------------------------------------------------------------------

    def stream(self, after: tuple[int, int] | None) -> dict[str, Any]:
        count = self.published()
        faults = self.faults["generic"]
        rng = random.Random(f"{faults.seed}/{count}")
        picked = self._page_after(after, count, faults)
        out = [self.event(n) for n in picked]
        self._show(picked, "generic")
        out = _misbehaved(out, faults, rng)
        amended = self._amended(count)
        # an innings' length is the sequence of its last event out
        lengths = {str(e.innings): e.sequence for e in self.events[:count]}
        return {"events": [_wire(e) for e in out], "amended": [_wire(e) for e in amended],
                "innings": lengths, "score": self.snapshot(count),
                "complete": self.complete(count, "generic")}

    def _amended(self, count: int) -> list[ProviderEvent]:
        """The balls published wrong among the first `count` events, corrected by now."""
        return [self.event(n) for n in self._wrong_out(count) if self.corrected(n, "generic")]

    def _page_after(self, after: tuple[int, int] | None, count: int, faults: Faults,
                    ) -> list[int]:
        """The first PAGE events out after `after` (None: from the start), but those the
        faults drop."""
        return [n for n, e in enumerate(self.events[:count])
                if (after is None or e.position > after)
                and position_id(e.position) not in faults.drop][:PAGE]

    def range(self, innings: int, first: int, last: int) -> dict[str, Any]:
        picked = self._published_between(innings, first, last)
        out = {"events": [_wire(self.event(n)) for n in picked]}
        self._show(picked, "generic")
        return out

    def _published_between(self, innings: int, first: int, last: int) -> list[int]:
        """The events out of `innings` from sequence `first` to `last`."""
        return [n for n in range(self.published()) if self.events[n].innings == innings
                and first <= self.events[n].sequence <= last]

    def info(self) -> dict[str, Any]:
        info = copy.deepcopy(self.data["info"])
        people = info.get("registry", {}).get("people", {})
        info.setdefault("registry", {})["people"] = {
            name: _provider_id(p) for name, p in people.items()}
        info.pop("outcome", None)
        return {"info": info}

    # -- the Cricsheet file ----------------------------------------------------------------

    def cricsheet(self) -> tuple[dict[str, Any], datetime]:
        """The file as far as the match has gone: the deliveries published, an innings'
        closing facts (declared, penalty runs after it) once it is over, the outcome at the
        end; a ball published wrong until corrected (meta.revision counts the changes)."""
        count = self.published()
        data = copy.deepcopy(self.data)
        # which balls are still wrong is decided once for the whole file: asked again for
        # its outcome a moment later, a correction falling due in between gave a file with
        # the outcome and a wrong ball, and the poller took the match as complete with it
        wrong_balls = self._wrong_deliveries(count)
        still_wrong = sum(len(balls) for balls in wrong_balls.values())
        self._show(self._wrong_out(count), "cricsheet")
        data["innings"] = self._innings_so_far(data.get("innings", []), count, wrong_balls)
        revision = 1 + len(self._wrong_out(count)) - still_wrong
        data.setdefault("meta", {})["revision"] = revision
        if still_wrong or not self.complete(count, "cricsheet"):
            data["info"].pop("outcome", None)
        return data, self.at(max(0, count - 1))

    def _innings_so_far(self, innings: list[dict[str, Any]], count: int,
                        wrong_balls: dict[int, set[int]]) -> list[dict[str, Any]]:
        """Each innings begun by the first `count` events, cut to its deliveries so far
        (with its closing facts once it is over)."""
        shown = self.cricsheet_events[:count]
        deliveries: Counter[int] = Counter(e.innings for e in shown if e.kind == "delivery")
        started = {e.innings for e in shown}
        done = self._innings_over(count)
        out = []
        for number, inn in enumerate(innings, start=1):
            if number not in started:
                break
            out.append(_cut(inn, deliveries[number], number in done,
                            wrong_balls.get(number, set())))
        return out

    def _innings_over(self, count: int) -> set[int]:
        """The innings whose last event is among the first `count`."""
        last = {e.innings: n for n, e in enumerate(self.cricsheet_events)}
        return {i for i, n in last.items() if n < count}

    def _wrong_deliveries(self, count: int) -> dict[int, set[int]]:
        """innings -> the indexes (among its deliveries) of balls shown wrong now."""
        out: dict[int, set[int]] = {}
        for n in self._wrong_out(count):
            if self.corrected(n, "cricsheet"):
                continue
            innings = self.cricsheet_events[n].innings
            out.setdefault(innings, set()).add(self._delivery_index(n))
        return out

    def _delivery_index(self, n: int) -> int:
        """Event n's index among its innings' deliveries."""
        event = self.cricsheet_events[n]
        return sum(1 for e in self.cricsheet_events[:n]
                   if e.innings == event.innings and e.kind == "delivery")


def _offsets(count: int, rate: float, final: tuple[int, float] | None) -> list[float]:
    """Seconds from the start to each event's publication: ``rate`` a second, and from the
    ``final[0]``-th last event on, ``final[1]`` a second (a last over ball by ball)."""
    slow_from, slow_rate = (count - final[0], final[1]) if final else (count, rate)
    out = [n / rate for n in range(min(count, max(0, slow_from)))]
    for _ in range(len(out), count):
        out.append((out[-1] + 1 / slow_rate) if out else 0.0)
    return out


def _cut(inn: dict[str, Any], deliveries: int, done: bool, wrong: set[int]) -> dict[str, Any]:
    out = {k: v for k, v in inn.items() if k != "overs"}
    if not done:
        out.pop("declared", None)
        out.get("penalty_runs", {}).pop("post", None)
    overs = _overs_so_far(inn.get("overs", []), deliveries, wrong)
    if overs:
        out["overs"] = overs
    return out


def _overs_so_far(overs: list[dict[str, Any]], deliveries: int, wrong: set[int],
                  ) -> list[dict[str, Any]]:
    """The overs of the first `deliveries` deliveries, those at the indexes `wrong` shown
    wrong."""
    out, n = [], 0
    for over in overs:
        kept = []
        for d in over["deliveries"]:
            if n >= deliveries:
                break
            kept.append(_with_a_run_too_many(d) if n in wrong else d)
            n += 1
        if kept:
            out.append({**over, "deliveries": kept})
    return out


def _with_a_run_too_many(d: dict[str, Any]) -> dict[str, Any]:
    """A copy of the delivery with a run too many."""
    d = copy.deepcopy(d)
    d["runs"]["batter"] += 1
    d["runs"]["total"] += 1
    return d


def _misbehaved(events: list[ProviderEvent], faults: Faults,
                rng: random.Random) -> list[ProviderEvent]:
    """A stream answer's events as its faults have them: some sent twice, all shuffled."""
    events = events + [e for e in events if rng.random() < faults.duplicate]
    if faults.reorder:
        rng.shuffle(events)
    return events


def _wire(e: ProviderEvent) -> dict[str, Any]:
    return {"id": e.eventId, "innings": e.innings, "sequence": e.sequence,
            "revision": e.revision, "published": e.publishedAt.isoformat() if e.publishedAt
            else None, "type": e.kind, "data": e.data}


class FakeProvider:
    """The server: `add` matches, `faults` to misbehave, `url` to point the ingestion at."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.replays: dict[str, Replay] = {}
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def add(self, path: Path, match_id: str | None = None, *, rate: float = 1.0,
            delay: float | None = 0.0, final: tuple[int, float] | None = None) -> Replay:
        """Publish a match from ``delay`` seconds from now (None: from its first poll),
        ``rate`` events a second (the last ``final[0]`` events at ``final[1]`` a second)."""
        start = None if delay is None else time.monotonic() + delay
        replay = Replay(path, match_id or path.stem, rate, start, final)
        self.replays[replay.id] = replay
        return replay

    def faults(self, match_id: str, adapter: str = "generic") -> Faults:
        return self.replays[match_id].faults[adapter]

    def outage(self, match_id: str, seconds: float, adapter: str = "generic") -> None:
        self.faults(match_id, adapter).outageUntil = time.monotonic() + seconds

    def cricsheet_url(self, match_id: str) -> str:
        return f"{self.url}/cricsheet/{match_id}.json"


def _refusal(faults: Faults) -> tuple[int, dict[str, str]] | None:
    if time.monotonic() < faults.outageUntil:
        return 503, {}
    if faults.rateLimit > 0:
        faults.rateLimit -= 1
        after = {"Retry-After": f"{faults.retryAfter:g}"} if faults.retryAfter else {}
        return 429, after
    if faults.errors > 0:
        faults.errors -= 1
        return 503, {}
    if faults.slow > 0:
        faults.slow -= 1
        time.sleep(faults.slowSeconds)
    return None


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet: the tests read the counters
            pass

        def send(self, status: int, body: Any = None, headers: dict[str, str] | None = None
                 ) -> None:
            payload = json.dumps(body if body is not None else {"error": status}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            parts = url.path.strip("/").split("/")
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            adapter = "cricsheet" if parts[0] == "cricsheet" else "generic"
            match_id = parts[1].removesuffix(".json") if len(parts) > 1 else ""
            replay = provider.replays.get(match_id)
            if replay is None:
                self.send(404)
                return
            info = adapter == "generic" and len(parts) == 2
            # the match's information is asked once, at set-up: the faults are the feed's
            refused = None if info else _refusal(replay.faults[adapter])
            if not info:
                replay.begin()
            replay.served[f"{adapter} {refused[0] if refused else 200}"] += 1
            if refused:
                self.send(refused[0], headers=refused[1])
                return
            if adapter == "cricsheet":
                data, modified = replay.cricsheet()
                self.send(200, data, {"Last-Modified": format_datetime(modified, usegmt=True)})
            elif info:
                self.send(200, replay.info())
            elif "innings" in query:
                self.send(200, replay.range(int(query["innings"]), int(query["from"]),
                                            int(query["to"])))
            else:
                after = query.get("after")
                position = tuple(int(x) for x in after.split("-")) if after else None
                self.send(200, replay.stream(position))  # type: ignore[arg-type]

    return Handler


def _add_matches(provider: FakeProvider, args: argparse.Namespace) -> None:
    """Each match file, `--copies` times, with the stream's faults the options ask for."""
    for path in args.matches:
        for k in range(1, args.copies + 1):
            match_id = f"{path.stem}-{k}" if args.copies > 1 else path.stem
            replay = provider.add(path, match_id, rate=args.rate,
                                  delay=None if args.start_on_first_poll else 0.0)
            replay.faults["generic"].duplicate = args.duplicate
            replay.faults["generic"].drop = set(args.drop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scorebook_tools.fake_provider",
        description="Serve Cricsheet matches as a live provider would, ball by ball "
                    "(generic provider at /matches/{id}/events, Cricsheet file at "
                    "/cricsheet/{id}.json). Data: cricsheet.org (ODC-By).")
    parser.add_argument("matches", nargs="+", type=Path, help="Cricsheet JSON files")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rate", type=float, default=1.0, help="events a second (default 1)")
    parser.add_argument("--copies", type=int, default=1, metavar="N",
                        help="serve each match N times, as {id}-1 ... {id}-N")
    parser.add_argument("--start-on-first-poll", action="store_true",
                        help="each match starts when it is first asked for (default: now)")
    parser.add_argument("--duplicate", type=float, default=0.0, metavar="P",
                        help="the chance each event of an answer is sent twice")
    parser.add_argument("--drop", action="append", default=[], metavar="POSITION",
                        help="leave this position (e.g. 1-0030) out of every match's stream "
                             "(a range fetch has it; repeatable)")
    args = parser.parse_args(argv)
    provider = FakeProvider(args.port)
    _add_matches(provider, args)
    print(f"fake provider at {provider.url}: {len(provider.replays)} matches", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        provider.server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
