"""The emulators' Firestore triggers switched off and on, their functions waited for and
reloaded, and a scheduled function fired: what the tests and the benchmarks do to the
functions of a running emulator suite."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from scorebook_tools.emulators import (
    DEFAULT_PROJECT,
    EmulatorError,
    emulator_hosts,
    emulator_log,
)


def functions_idle(repo: Path | None = None, still: float = 1.0, limit: float = 120.0) -> float:
    """Wait until the functions emulator has run nothing for `still` seconds (its log has
    not grown), at most `limit` seconds: the trigger events it has queued (the Firestore
    emulator delivers them one at a time) are done. Returns how long it took."""
    log = emulator_log(repo or Path(__file__).resolve().parents[2])
    started = since = time.monotonic()
    size = -1
    while time.monotonic() - since < still and time.monotonic() - started < limit:
        now = _size(log)
        if now != size:
            size, since = now, time.monotonic()
        time.sleep(min(0.2, still / 4))
    return time.monotonic() - started


def _size(log: Path) -> int:
    return log.stat().st_size if log.exists() else 0


@contextmanager
def triggers_disabled(repo: Path | None = None) -> Iterator[None]:
    """Writes made in the block run no trigger, as a failed Python trigger's run is lost in
    production (it is not retried); also how a log is imported in bulk without a trigger per
    action. It waits for the functions to be idle first: what was written before the block
    has run.

    The Firestore emulator sends an event for every registration of a trigger that matches
    the document written (`firestore_triggers`); in the block each one names a document
    nobody writes, and afterwards what it named again. The emulator hub's own switch
    (`/functions/disableBackgroundTriggers`, which this falls back to) reloads the functions
    when it is switched back: it ends every Python worker (each new one then imports the
    functions again, 1.3 s of CPU), and registers every trigger anew under the next
    generation's key while the Firestore emulator keeps the old ones, so each later write
    was sent once per switch made so far (27 in a run of the emulator tests), answered
    "disabled" by all but the last: the Firestore and functions emulators' CPU for a write
    2-3 times what it was."""
    repo = repo or Path(__file__).resolve().parents[2]
    project = _session_project()
    functions_idle(repo)
    try:
        registered = firestore_triggers(repo, project)
        _register(repo, {key: _nowhere(registration) for key, registration in registered},
                  project)
    except (requests.RequestException, EmulatorError):
        registered = None
        hub_triggers_off()
    try:
        yield
    finally:
        if registered is None:
            triggers_enabled(repo)
        else:
            _register(repo, dict(registered), project)


def _session_project() -> str:
    """The project the running emulators were started for (`running_emulators` names it):
    a trigger registered under another project's name is accepted and switches nothing."""
    return os.environ.get("GCLOUD_PROJECT", DEFAULT_PROJECT)


def hub_triggers_off() -> None:
    """The emulator hub's switch: every background trigger off, until it is switched on again
    (`triggers_enabled`), which reloads the functions."""
    hub = os.environ["FIREBASE_EMULATOR_HUB"]
    requests.put(f"http://{hub}/functions/disableBackgroundTriggers",
                 timeout=30).raise_for_status()


#: a document path no test or app writes: a registration naming it sends nothing
_NOWHERE = "scorebook-triggers-off/nothing"


def _nowhere(registration: dict[str, Any]) -> dict[str, Any]:
    return registration | {"document": {"value": _NOWHERE, "matchType": "EXACT"}}


def firestore_triggers(repo: Path, project: str = DEFAULT_PROJECT
                       ) -> list[tuple[str, dict[str, Any]]]:
    """(key, registration) of each Firestore trigger as the functions emulator registered it
    with the Firestore emulator (2nd gen: `POST .../eventarcTrigger?eventarcTriggerId=KEY`,
    as firebase-tools' functionsEmulator.getV2FirestoreAttributes makes it). The key carries
    the functions' load generation (the emulator lists the keys; the last is the current).
    Registrations of earlier generations, left behind by a reload of the functions, are
    pointed at no document first, so that no write is sent to them again."""
    host = emulator_hosts(repo)["functions"]
    triggers = _function_triggers(host)
    listing = _trigger_keys(host, project)
    registered, stale = [], {}
    for trigger in triggers:
        registration = _firestore_registration(trigger)
        if registration is None:
            continue
        generations = _generations(trigger["id"], listing)
        if not generations or not registration["document"]["value"]:
            raise EmulatorError(f"cannot tell how {trigger['id']} is registered: {listing[:300]}")
        registered.append((f"{trigger['id']}-{generations[-1]}", registration))
        stale |= _earlier_generations(trigger["id"], registration, generations)
    if not registered:
        raise EmulatorError("the functions emulator lists no Firestore trigger")
    _register(repo, stale, project)
    return registered


def _earlier_generations(trigger_id: str, registration: dict[str, Any],
                         generations: list[int]) -> dict[str, dict[str, Any]]:
    """The registrations a reload of the functions left behind, each pointed at no
    document."""
    return {f"{trigger_id}-{g}": _nowhere(registration) for g in generations[:-1]}


def _function_triggers(host: str) -> list[dict[str, Any]]:
    """Every trigger of every backend the functions emulator has loaded."""
    backends = requests.get(f"http://{host}/backends", timeout=30).json()["backends"]
    return [t for backend in backends for t in backend.get("functionTriggers", [])]


def _generations(trigger_id: str, listing: str) -> list[int]:
    """The load generations under which the emulator lists a trigger's key, oldest first."""
    return sorted(int(g) for g in re.findall(rf"{re.escape(trigger_id)}-(\d+)\b", listing))


def _firestore_registration(trigger: dict[str, Any]) -> dict[str, Any] | None:
    """How the functions emulator registers `trigger` with the Firestore emulator; None for a
    trigger on anything but a Firestore document."""
    event = trigger.get("eventTrigger") or {}
    if not event.get("eventType", "").startswith("google.cloud.firestore.document.v1."):
        return None
    filters = event.get("eventFilters") or {}
    return {"eventType": event["eventType"], "database": filters.get("database"),
            "namespace": filters.get("namespace"), "document": _document_filter(event, filters)}


def _document_filter(event: dict[str, Any], filters: dict[str, Any]) -> dict[str, Any]:
    """The documents a trigger is on: a path pattern, else one exact path."""
    patterns = event.get("eventFilterPathPatterns") or {}
    if "document" in patterns:
        return {"value": patterns["document"], "matchType": "PATH_PATTERN"}
    return {"value": filters.get("document"), "matchType": "EXACT"}


def _trigger_keys(host: str, project: str) -> str:
    """The functions emulator's keys of its triggers, as it lists them in its answer to a
    call of a function it does not have: an event trigger's key carries the functions' load
    generation (`us-central1-on_match_written-0`)."""
    return requests.get(f"http://{host}/{project}/us-central1/scorebook-none", timeout=30).text


def _register(repo: Path, registrations: dict[str, dict[str, Any]],
              project: str = DEFAULT_PROJECT) -> None:
    """Register triggers with the Firestore emulator (a key registered again is replaced)."""
    host = emulator_hosts(repo)["firestore"]
    for key, registration in registrations.items():
        requests.post(f"http://{host}/emulator/v1/projects/{project}/eventarcTrigger",
                      params={"eventarcTriggerId": key}, data=json.dumps(registration),
                      timeout=30).raise_for_status()


#: how long the functions emulator may take to load the functions again
RELOAD_SECONDS = 60


_LOADED = re.compile(r"Loaded functions definitions from source: (.*)\.")


_HTTP = re.compile(r"functions\[[\w-]+?-(\w+)\]: http function initialized")


def triggers_enabled(repo: Path | None = None) -> None:
    """Switch the triggers back on and wait until the functions emulator has loaded every
    one again: a write made while it reloads runs no trigger at all."""
    log = emulator_log(repo or Path(__file__).resolve().parents[2])
    offset = _size(log)
    hub = os.environ["FIREBASE_EMULATOR_HUB"]
    requests.put(f"http://{hub}/functions/enableBackgroundTriggers", timeout=60
                 ).raise_for_status()
    if log.exists():
        _wait_loaded_again(log, offset)


def _wait_loaded_again(log: Path, offset: int) -> None:
    """Until the log after `offset` says every function was loaded again."""
    end = time.monotonic() + RELOAD_SECONDS
    while time.monotonic() < end:
        data = log.read_bytes()  # the offset counts bytes; the log has "✔"s
        whole, after = (data.decode(errors="replace"),
                        data[offset:].decode(errors="replace"))
        if _all_loaded(whole, after):
            return
        time.sleep(0.05)
    raise TimeoutError(f"the functions were not loaded again within {RELOAD_SECONDS} s")


def _all_loaded(whole: str, after: str) -> bool:
    """Whether the log since the switch (`after`) says the functions were loaded again and
    names every one that is not an HTTP function (`whole`, the log from its start, names
    those) as initialized after that."""
    loaded = _LOADED.search(after)
    if not loaded:
        return False
    http = set(_HTTP.findall(whole))
    names = [n.strip() for n in loaded.group(1).split(",") if n.strip() not in http]
    rest = after[loaded.end():]
    return all(f"-{name}]" in rest for name in names)


def functions_reloaded(repo: Path | None = None) -> None:
    """Load the functions again, as the emulator does when their source changes: every Python
    worker ends, and each trigger's next event starts a new one (a cold start, what
    `benchmarks/cold.py` times). The hub's switch off and on reloads them; the Firestore
    emulator keeps the registrations of the generation before, which are pointed at no
    document (`firestore_triggers`) so that a write is not sent once per reload."""
    repo = repo or Path(__file__).resolve().parents[2]
    project = _session_project()
    host = emulator_hosts(repo)["functions"]
    before = _generation(_trigger_keys(host, project))
    functions_idle(repo)
    hub_triggers_off()
    triggers_enabled(repo)
    if _generation(_trigger_keys(host, project)) <= before:
        raise EmulatorError("the functions emulator did not load the functions again")
    firestore_triggers(repo, project)


def _generation(listing: str) -> int:
    """The functions' load generation, from the emulator's keys of its triggers (the last
    number of `us-central1-on_match_written-3`); -1 when it lists none."""
    return max((int(g) for g in re.findall(r"-(\d+)\b", listing)), default=-1)


def _schedule_key(listing: str, region: str, function: str) -> str:
    """The key of the schedule's trigger in the functions' current load generation."""
    keys = re.findall(rf"{re.escape(region)}-{re.escape(function)}-(\d+)", listing)
    if not keys:
        raise EmulatorError(f"no scheduled function {function} in the emulators: {listing[:300]}")
    return f"{region}-{function}-{max(int(k) for k in keys)}"


def fire_schedule(repo: Path, function: str, *, region: str = "us-central1",
                  project: str = DEFAULT_PROJECT, when: str | None = None) -> None:
    """Run a scheduled function now, as Cloud Scheduler runs a 2nd-gen one: an HTTP POST with
    Cloud Scheduler's headers, to the trigger the Functions emulator registered for the
    schedule; returns once the run is over.

    Publishing to the schedule's Pub/Sub topic (`firebase-schedule-{function}`) would be the
    emulators' own way, but firebase-tools' Pub/Sub emulator delivers only to event and
    CloudEvent triggers, and a 2nd-gen schedule's trigger has the HTTP signature: the message
    runs nothing. The Pub/Sub emulator is still what registers the trigger."""
    host = emulator_hosts(repo)["functions"]
    key = _schedule_key(_trigger_keys(host, project), region, function)
    stamp = when or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    reply = requests.post(
        f"http://{host}/functions/projects/{project}/triggers/{key}", json={}, timeout=600,
        headers={"X-CloudScheduler-JobName": f"firebase-schedule-{function}-{region}",
                 "X-CloudScheduler-ScheduleTime": stamp})
    if reply.status_code != 200:
        raise EmulatorError(f"{function} failed: HTTP {reply.status_code} {reply.text[:300]}")
