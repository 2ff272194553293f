"""Take live matches from data providers: each provider's balls become the match's scoring
actions (source "import"), so live/score, the feed and the statistics follow as for a match
scored in the apps.

Set a match up and poll it from this process until it is over, serving the metrics at
/metrics:

    scripts/ingest.py --match 1269700 \\
        --provider feed=generic:http://127.0.0.1:8765#1269700 \\
        --provider file=cricsheet:http://127.0.0.1:8765/cricsheet/1269700.json

(`.venv/bin/python -m scorebook_tools.fake_provider .cache/cricsheet/1269700.json` serves
a real match there as a provider would, ball by ball, for trying it.)

A provider is NAME=ADAPTER:URL[#PROVIDER_MATCH_ID]: `generic` is the generic ball-by-ball
JSON feed (docs/ingest.md), `cricsheet` a Cricsheet JSON file that grows as the match goes
on. The first provider is preferred; the next ones are failed over to when it is unhealthy.
`{match}` in a provider is replaced by the match id, so one --provider serves many --match.

The match, its lineups and the ingestion (`ingestion/{matchId}`) are created once, from the
first provider's match information; running the command again goes on where it stopped
(each ball is written once, however often it is fetched). With --set-up-only nothing is
polled here: the deployed functions poll it (a Cloud Tasks queue, kept going by a scheduled
function). Players are mapped through `provider_mappings/{provider}` (--mapping FILE writes
one: {"players": {"their id": "our person id"}, "teams": {...}}). --status prints where each
match stands, --stop ends a match's ingestion.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from _common import add_project, connect, parser
from rich.console import Console
from rich.markup import escape

from scorebook.firestore.ingest import FirestoreIngestStore, enqueue_poll, write_mapping
from scorebook.http_providers import provider_for
from scorebook.ingest.answer import ProviderProblem, ProviderRef
from scorebook.ingest.cadence import Cadence
from scorebook.ingest.normalise import ProviderMapping
from scorebook.service.ingest import Ingestion, set_up
from scorebook_tools.ingest_local import LocalIngest, PrometheusObserver


def provider_ref(spec: str, match_id: str) -> ProviderRef:
    """NAME=ADAPTER:URL[#PROVIDER_MATCH_ID], with {match} replaced."""
    spec = spec.replace("{match}", match_id)
    name, adapter, url = _spec_parts(spec)
    url, _, provider_match = url.partition("#")
    return ProviderRef(name=name, adapter=adapter, url=url,  # type: ignore[arg-type]
                       providerMatchId=provider_match or match_id,
                       idPrefix="" if adapter == "cricsheet" else None)


def _spec_parts(spec: str) -> tuple[str, str, str]:
    """NAME, ADAPTER and URL[#PROVIDER_MATCH_ID] of a provider's spec, each present."""
    name, sep, rest = spec.partition("=")
    adapter, sep2, url = rest.partition(":")
    if not (sep and sep2 and name and url):
        raise ValueError(f"--provider {spec!r}: expected NAME=ADAPTER:URL[#MATCH_ID]")
    return name, adapter, url


def describe(ingestion: Ingestion) -> str:
    t = ingestion.totals
    return (f"{ingestion.matchId}: {ingestion.status}, from {ingestion.active}; "
            f"{_score(ingestion)}; "
            f"{t.written} written, {t.duplicates} duplicates, {t.gaps} gaps "
            f"({t.missedBalls} balls, {t.backfilled} backfilled), {t.corrections} corrections, "
            f"{ingestion.failovers} switches of provider{_waiting(ingestion)}")


def _score(ingestion: Ingestion) -> str:
    """`145/3 (17.2 ov, innings 2)` as the provider last gave it."""
    snapshot = ingestion.intake.snapshot
    if not snapshot:
        return "no score yet"
    return (f"{snapshot.runs}/{snapshot.wickets} ({snapshot.overs} ov, innings "
            f"{snapshot.innings})")


def _waiting(ingestion: Ingestion) -> str:
    """`; waiting at 1-0042: ...`: the ball the intake holds back, and why; else nothing."""
    rejected = ingestion.intake.rejected
    if not rejected:
        return ""
    return f"; waiting at {rejected.position}: {'; '.join(rejected.problems)}"


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__)
    add_project(p)
    p.add_argument("--match", action="append", required=True, metavar="ID",
                   help="the match (matches/{id}; repeatable)")
    p.add_argument("--provider", action="append", default=[], metavar="SPEC",
                   help="NAME=ADAPTER:URL[#PROVIDER_MATCH_ID], in order of preference "
                        "(repeatable; needed to set a match up)")
    p.add_argument("--mapping", nargs=2, metavar=("PROVIDER", "FILE"),
                   help="write provider_mappings/PROVIDER from a JSON file first")
    p.add_argument("--cadence", metavar="JSON",
                   help='settings of the polling, e.g. \'{"live": 2, "pinSeconds": 120}\' '
                        "(docs/ingest.md lists them; used when a match is set up)")
    p.add_argument("--set-up-only", action="store_true",
                   help="create the match and its ingestion, and leave the polling to the "
                        "deployed functions")
    p.add_argument("--metrics-port", type=int, default=9464,
                   help="serve the metrics at http://127.0.0.1:PORT/metrics (0: not served)")
    p.add_argument("--seconds", type=float, default=None,
                   help="stop polling after this long (default: when every match is over)")
    p.add_argument("--linger", type=float, default=0.0, metavar="SECONDS",
                   help="keep serving /metrics this long after the matches are over (for a "
                        "last scrape)")
    p.add_argument("--status", action="store_true", help="print where each match stands")
    p.add_argument("--stop", action="store_true", help="end these matches' ingestion")
    args = p.parse_args(argv)
    console = Console()
    db = connect(console, args.project)
    store = FirestoreIngestStore(db)

    if args.mapping:
        _write_mapping(console, db, *args.mapping)
    if args.status or args.stop:
        return _status(console, store, args.match, stop=args.stop)
    return _set_up_and_poll(console, db, store, args)


def _set_up_and_poll(console: Console, db, store: FirestoreIngestStore,
                     args: argparse.Namespace) -> int:
    """Set up the matches not set up yet, then poll them here, or leave the polling to the
    deployed functions (--set-up-only); the exit status."""
    cadence = Cadence.model_validate_json(args.cadence) if args.cadence else None
    problem = _set_up_all(console, store, args.match, args.provider, cadence)
    if problem:
        return problem
    if args.set_up_only:
        _hand_to_functions(console, args.match)
        return 0
    return _poll(console, db, store, args)


def _write_mapping(console: Console, db, name: str, path: str) -> None:
    """provider_mappings/{name} from the JSON file at `path`."""
    write_mapping(db, name, ProviderMapping.model_validate_json(Path(path).read_text()))
    console.print(f"provider_mappings/{escape(name)} written")


def _set_up_all(console: Console, store: FirestoreIngestStore, match_ids: list[str],
                specs: list[str], cadence: Cadence | None) -> int:
    """Set up each match not set up yet; an exit status (0: all set up)."""
    with httpx.Client() as http:
        for match_id in match_ids:
            if store.read(match_id) is not None:
                continue
            if not specs:
                console.print(f"[red]{match_id} is not set up: give its --provider[/red]")
                return 2
            if not _set_up_one(console, store, http, match_id, specs=specs, cadence=cadence):
                return 1
    return 0


def _set_up_one(console: Console, store: FirestoreIngestStore, http: httpx.Client,
                match_id: str, *, specs: list[str], cadence: Cadence | None) -> bool:
    """Set the match up from its first provider's match information; whether it answered."""
    refs = [provider_ref(spec, match_id) for spec in specs]
    try:
        set_up(store, provider_for(refs[0], http, match_id), match_id=match_id,
               providers=refs, cadence=cadence, now=datetime.now(UTC))
    except ProviderProblem as err:
        console.print(f"[red]{match_id}: its first provider did not answer: "
                      f"{escape(str(err))}[/red]")
        return False
    console.print(f"{match_id}: set up from {escape(refs[0].url)}")
    return True


def _hand_to_functions(console: Console, match_ids: list[str]) -> None:
    """Queue each match's first poll; the scheduled function would start it within a
    minute anyway."""
    for match_id in match_ids:
        try:
            enqueue_poll(match_id)
            console.print(f"{match_id}: first poll queued (the functions poll it from now)")
        except Exception as err:  # noqa: BLE001 (the keeper starts it anyway: say so)
            console.print(f"[yellow]{match_id}: the poll queue did not take it "
                          f"({escape(str(err))[:200]}); the scheduled keep_ingesting starts "
                          "it within a minute[/yellow]")


def _poll(console: Console, db, store: FirestoreIngestStore, args) -> int:
    local = LocalIngest(db, _observer(console, args.metrics_port))
    local.start(args.match)
    try:
        _until_over(console, store, local, args.match, args.seconds)
    except KeyboardInterrupt:
        console.print("stopping (the next run goes on from here)")
    local.stop()
    _print_where(console, store, args.match)
    if args.linger and args.metrics_port:
        console.print(f"serving /metrics for {args.linger:g} s more")
        time.sleep(args.linger)
    return 0


def _observer(console: Console, port: int) -> PrometheusObserver:
    """The metrics, served at /metrics on `port` (0: not served)."""
    observer = PrometheusObserver()
    if port:
        observer.serve(port)
        console.print(f"metrics at http://127.0.0.1:{port}/metrics")
    return observer


def _until_over(console: Console, store: FirestoreIngestStore, local: LocalIngest,
                match_ids: list[str], seconds: float | None) -> None:
    """Where each match stands, every 5 s, until the polling ends (or `seconds` pass)."""
    started = time.monotonic()
    while not local.wait(timeout=5.0):
        _print_where(console, store, match_ids)
        if seconds is not None and time.monotonic() - started >= seconds:
            break


def _print_where(console: Console, store: FirestoreIngestStore, match_ids: list[str]) -> None:
    """A line for each match's ingestion, where it stands now."""
    for match_id in match_ids:
        if (ingestion := store.read(match_id)) is not None:
            console.print(escape(describe(ingestion)))


def _status(console: Console, store: FirestoreIngestStore, match_ids: list[str], *,
            stop: bool) -> int:
    missing = 0
    for match_id in match_ids:
        ingestion = store.read(match_id)
        if ingestion is None:
            console.print(f"[red]{match_id}: no ingestion[/red]")
            missing += 1
            continue
        if stop:
            console.print(escape(describe(_stopped(store, match_id, ingestion))))
        else:
            console.print(escape(describe(ingestion)))
            console.print(json.dumps(_health(ingestion), indent=1))
    return 1 if missing else 0


def _health(ingestion: Ingestion) -> dict[str, Any] | None:
    """Each provider's health as JSON (None or {} as the ingestion has it)."""
    return ingestion.health and {
        k: v.model_dump(mode="json") for k, v in ingestion.health.items()}


def _stopped(store: FirestoreIngestStore, match_id: str, ingestion: Ingestion) -> Ingestion:
    """The match's ingestion stopped, if it is live: as it now stands."""
    for _ in range(10):  # a poller's write between the read and this one: read again
        if ingestion.status != "live":
            break
        stopped = ingestion.model_copy(update={"status": "stopped",
                                               "version": ingestion.version + 1})
        if store.commit(ingestion, stopped, None):
            return stopped
        time.sleep(0.5)
        ingestion = store.read(match_id) or ingestion
    return ingestion


if __name__ == "__main__":
    sys.exit(main())
