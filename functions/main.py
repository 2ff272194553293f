"""Cloud Functions entry points: thin triggers that hand each event to one service call."""

import gc

# An instance's cold start imports this module, and with it the Functions SDK and the
# Firestore client (and, after the fork, the scoring path: _warm): some 150,000 objects the
# cyclic garbage collector tracks, none of them garbage. Left on, the collector ran about 220
# times meanwhile and freed nothing (50 ms of the 480 ms this import took on the project's
# machine). It is off until this module is loaded; the end of the module freezes what was
# loaded out of its reach, then turns it back on.
_COLLECTING = gc.isenabled()
gc.disable()

import importlib
import logging
import os
import threading
from datetime import UTC, datetime
from typing import Any

from firebase_functions import firestore_fn, https_fn, options, scheduler_fn, tasks_fn
from firebase_functions.firestore_fn import Change, DocumentSnapshot, Event

# Each function runs in instances of its own: a module-level import is one every instance
# pays for at its cold start, so only what the decorators need is imported here; the
# triggers import what they use in their bodies, and a forked instance of a trigger that
# maintains live/score imports its path while it waits for its first event (_warm).
from scorebook.firestore.client import firebase_app, firestore_client, open_connection
from scorebook.firestore.paths import (
    COMPETITION_TRIGGER,
    DISPUTE_TRIGGER,
    LINEUP_TRIGGER,
    MATCH_TRIGGER,
    RESOLUTION_TRIGGER,
    SCORING_ACTION_TRIGGER,
    SUBMISSION_TRIGGER,
    TEAM_ROLE_TRIGGER,
)

# Cloud Logging keeps what the functions print; each run says whether it folded or rebuilt.
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
# A callable verifies the caller's ID token with the Admin SDK before it runs.
firebase_app()


def _open_connection() -> None:
    try:
        open_connection()
    except Exception:  # the first event opens it then, and says what fails
        logging.getLogger(__name__).warning("opening Firestore's connection early failed",
                                            exc_info=True)


#: The triggers that maintain live/score, whose forked instances import what they use before
#: their first event comes (FUNCTION_TARGET names an instance's function, deployed and
#: emulated): live/score's path, and beside it what each of them adds. The scoring trigger's
#: first event waits for no more than its own (the lineups' and the consensus' path were some
#: 20 ms of a cold first ball).
_LIVE = ("scorebook.firestore.live_score", "scorebook.service.live_score")
WARMED = {
    "on_scoring_action_written": _LIVE,
    "on_lineup_written": (*_LIVE, "scorebook.firestore.lineups"),
    "on_match_written": (*_LIVE, "scorebook.firestore.lineups"),
    "on_dispute_written": (*_LIVE, "scorebook.firestore.consensus"),
}
#: Clear while that import runs: the trigger waits for it before importing anything itself,
#: so that two threads never import the same modules in two orders (Python's import locks
#: would raise a deadlock error in one of them).
_IMPORTED = threading.Event()
_IMPORTED.set()


def _warm(modules: tuple[str, ...]) -> None:
    # pydantic builds the models as they load (some 100 ms), here rather than in the first
    # event's time; a rebuild's too (a new match's first ball, a correction)
    gc.disable()
    try:
        for module in modules:
            importlib.import_module(module)
    except Exception:  # the first event imports them then, and says what fails
        logging.getLogger(__name__).warning("importing the scoring path early failed",
                                            exc_info=True)
    finally:
        gc.freeze()
        if _COLLECTING:
            gc.enable()
        _IMPORTED.set()


def _after_fork() -> None:
    threading.Thread(target=_open_connection, name="open-firestore", daemon=True).start()
    modules = WARMED.get(os.environ.get("FUNCTION_TARGET", ""))
    if modules:
        _IMPORTED.clear()
        threading.Thread(target=_warm, args=(modules,), name="import-scoring-path",
                         daemon=True).start()


# functions-framework's server (gunicorn, deployed and in the emulator) imports this module,
# then forks the process that serves the events. Firestore's connection cannot be opened
# before the fork (a gRPC channel does not survive one); opened by the first event, it was
# part of that event's time (the channel, its connection, the first call's set-up: up to
# 100 ms of the cold first ball on the emulator; deployed also TLS and an access token).
# Opened by a thread of the forked process as it starts, it is usually ready before the
# first event comes: the emulator asks a new process whether it is up only every 100 ms.
# The scoring path's import overlaps that wait the same way.
os.register_at_fork(after_in_child=_after_fork)


def _data(snapshot: DocumentSnapshot | None) -> dict[str, Any] | None:
    """What a document of the event holds, or None when it does not exist (created, deleted)."""
    return snapshot.to_dict() if snapshot is not None and snapshot.exists else None


def _waited(event: Event[Change[DocumentSnapshot | None]]) -> float:
    """Seconds since the write: the document's commit time (the event's own time is when it
    was sent, after any queue of events before it), or for a delete the event's."""
    after = event.data.after
    written = after.update_time if after is not None and after.exists else None
    return (datetime.now(UTC) - (written or event.time)).total_seconds()


@firestore_fn.on_document_written(document=SCORING_ACTION_TRIGGER)
def on_scoring_action_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """Any create, void or edit of an action brings live/score back in line with the log."""
    if event.data is None:
        return
    _IMPORTED.wait()
    from scorebook.firestore.live_score import refresh_live_score
    from scorebook.service.live_score import ActionEvent

    after = event.data.after
    action = ActionEvent(
        action_id=event.params["actionId"],
        after=_data(after),
        before=_data(event.data.before),
        waited=_waited(event),
        created=after.create_time if after is not None and after.exists else None,
    )
    refresh_live_score(firestore_client(), event.params["matchId"], action)


# A pass over a league's live matches, eight logs in memory at once, ends well inside the 5
# minutes (the defaults: 60 s and 256 MB). (Every 5 minutes: service.reconcile.RECONCILE_SECONDS,
# which spreads each match's whole verification over the hour's runs.)
@scheduler_fn.on_schedule(schedule="every 5 minutes", timeout_sec=240,
                          memory=options.MemoryOption.MB_512)
def reconcile_live_scores(event: scheduler_fn.ScheduledEvent) -> None:
    """A Python trigger that fails is not retried: repair live matches whose projection lags."""
    from scorebook.firestore.reconcile import reconcile_live_matches

    reconcile_live_matches(firestore_client(), at=event.schedule_time)


@tasks_fn.on_task_dispatched(
    retry_config=options.RetryConfig(max_attempts=5, min_backoff_seconds=5),
    rate_limits=options.RateLimits(max_concurrent_dispatches=500, max_dispatches_per_second=50),
    timeout_sec=120, memory=options.MemoryOption.MB_512)
def ingestPoll(req: https_fn.CallableRequest) -> dict[str, Any]:  # noqa: N802 (a queue id has no "_")
    """One slice of polling a live match's providers (scorebook.service.ingest); while the
    match is live the slice queues the next, so each match has one poll going."""
    # imported here: the scoring triggers' instances need not load the ingestion
    from scorebook.firestore.ingest import enqueue_poll, poll_slice

    match_id = (req.data or {}).get("matchId")
    if not isinstance(match_id, str) or not match_id:
        return {"outcome": "no matchId"}  # not retried: a bad task stays bad
    outcome, due = poll_slice(firestore_client(), match_id,
                              holder=f"task-{req.raw_request.headers.get('X-CloudTasks-TaskName')}")
    if outcome == "error":  # logged with its cause; the queue tries the task again
        raise RuntimeError(f"ingestion of {match_id} failed: see the log above")
    if outcome == "live":  # the next slice when its first poll is due (a backoff carries over)
        enqueue_poll(match_id, delay_seconds=due)
    return {"outcome": outcome}


@tasks_fn.on_task_dispatched(
    retry_config=options.RetryConfig(max_attempts=5, min_backoff_seconds=5),
    rate_limits=options.RateLimits(max_concurrent_dispatches=100, max_dispatches_per_second=50),
    timeout_sec=300)
def tellFollowers(req: https_fn.CallableRequest) -> dict[str, Any]:  # noqa: N802 (a queue id has no "_")
    """A match's followers told of the events a scoring run published (their notification
    documents written, sent to their devices): scorebook.service.notify."""
    from dataclasses import asdict

    from scorebook.fcm import sender_from_env
    from scorebook.firestore.notify import FirestoreNotifyStore
    from scorebook.service.notify import tell_followers

    data = req.data or {}
    match_id, seqs = data.get("matchId"), data.get("seqs")
    if not isinstance(match_id, str) or not isinstance(seqs, list):
        return {"outcome": "no matchId or seqs"}  # not retried: a bad task stays bad
    told = tell_followers(FirestoreNotifyStore(firestore_client()), sender_from_env(), match_id,
                          [s for s in seqs if isinstance(s, int)])
    return asdict(told)


@scheduler_fn.on_schedule(schedule="every 1 minutes")
def keep_ingesting(event: scheduler_fn.ScheduledEvent) -> None:
    """A poll task that failed for good breaks its match's chain: start a poll of every live
    match no poller holds."""
    from scorebook.firestore.ingest import keep_ingesting as restart_unattended

    restart_unattended(firestore_client(), event.schedule_time)


def _refresh_both(match_id: str, written: DocumentSnapshot | None) -> None:
    """live/lineups, then live/score, after a change to who plays or to the match (`written`:
    the document as written, None when deleted): the match and its lineups read once, by the
    first, for both; nothing when a run of this instance read that change already."""
    _IMPORTED.wait()
    from scorebook.firestore.lineups import refresh_lineups_read, refreshed, seen_here
    from scorebook.firestore.live_score import refresh_live_score

    if seen_here(match_id, written.update_time if written is not None and written.exists
                 else None):
        logging.getLogger(__name__).info("live/lineups of %s: read by this instance already",
                                         match_id)
        return
    db = firestore_client()
    version, known = refresh_lineups_read(db, match_id)
    refresh_live_score(db, match_id, match_changed=True, known=known)
    refreshed(match_id, known, wrote=version is not None)


@firestore_fn.on_document_written(document=LINEUP_TRIGGER)
def on_lineup_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """Any change to who plays brings live/lineups back in line with the lineup documents,
    and live/score's names with them (the log itself is untouched)."""
    if event.data is None:
        return
    _refresh_both(event.params["matchId"], event.data.after)


@firestore_fn.on_document_written(document=MATCH_TRIGGER)
def on_match_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """An admin's edit of the match (a team renamed, the overs cut) reaches live/score at
    once. The status and result the functions write back themselves change nothing the fold
    or the lineups use: such a write reads nothing but the reconciliation's record. Each
    run ends by marking the write seen, so that the reconciliation finds a lost one."""
    _IMPORTED.wait()
    from scorebook.firestore.reconcile import mark_match_seen
    from scorebook.service.live_score import match_edit_matters

    if event.data is None:
        return
    before, after = event.data.before, event.data.after
    applied = match_edit_matters(_data(before), _data(after))
    if applied:
        _refresh_both(event.params["matchId"], after)
    if after is not None and after.exists:  # (the reconciliation's mark of a run not lost)
        mark_match_seen(firestore_client(), event.params["matchId"], after.update_time,
                        previous=_previous_write(before, applied=applied))


def _previous_write(before: DocumentSnapshot | None, *, applied: bool) -> Any:
    """The update time of the match's write before this one, for the reconciliation's
    mark: None when this run applied the edit, or there was none."""
    return None if applied or before is None or not before.exists else before.update_time


@firestore_fn.on_document_written(document=MATCH_TRIGGER, timeout_sec=300,
                                  memory=options.MemoryOption.MB_512)
def on_match_over(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """A match over, corrected once over (its completedVersion moves) or no longer over:
    its summary, its archive and its season's figures follow the log."""
    # imported here: the scoring triggers' instances need not load the season (~25 ms)
    from scorebook.firestore.season import record_completed_match
    from scorebook.service.season import concerns

    if event.data is not None and concerns(_data(event.data.before), _data(event.data.after)):
        record_completed_match(firestore_client(), event.params["matchId"])


@firestore_fn.on_document_written(document=COMPETITION_TRIGGER, timeout_sec=540,
                                  memory=options.MemoryOption.MB_512)
def on_competition_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """A competition's rules changed (points, which matches make the table, bonus points):
    its matches are counted again by them."""
    from scorebook.firestore.season import recount_competition

    recount_competition(firestore_client(), event.params["competitionId"])


@firestore_fn.on_document_written(document=TEAM_ROLE_TRIGGER)
def on_team_role_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """An appointment made, changed or revoked changes who may follow the team's private
    matches (team_members/{teamId}, which the rules read)."""
    from scorebook.firestore.members import refresh_team_members_of

    if event.data is None:
        return
    documents = (_data(event.data.before), _data(event.data.after))
    refresh_team_members_of(firestore_client(), *(d for d in documents if d is not None))


@firestore_fn.on_document_created(document=SUBMISSION_TRIGGER)
def on_submission_created(event: Event[DocumentSnapshot | None]) -> None:
    """A scorer's view of a ball (DUAL, TRIPLE): append it once the scorers agree, or open a
    dispute (scorebook.service.consensus)."""
    from scorebook.firestore.consensus import run_consensus

    position = (_data(event.data) or {}).get("position")
    if isinstance(position, str):  # the rules require it; an admin's write may lack it
        run_consensus(firestore_client(), event.params["matchId"], position)


@firestore_fn.on_document_created(document=RESOLUTION_TRIGGER)
def on_resolution_created(event: Event[DocumentSnapshot | None]) -> None:
    """An official settled a dispute: append their ball and release those held behind it."""
    from scorebook.firestore.consensus import run_consensus

    run_consensus(firestore_client(), event.params["matchId"], event.params["resolutionId"],
                  resolution=True)


@firestore_fn.on_document_written(document=DISPUTE_TRIGGER)
def on_dispute_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """A dispute opened or closed: the feed and live/score tell the spectators."""
    _IMPORTED.wait()
    from scorebook.firestore.live_score import publish_dispute_notice

    if event.data is None:
        return
    publish_dispute_notice(firestore_client(), event.params["matchId"],
                           event.params["position"], _data(event.data.before),
                           _data(event.data.after))


def _body_is_json(view: Any) -> Any:
    """A POST whose body is not JSON is a bad request (400, the callable's error), never the
    500 the SDK answers when its parser raises."""
    import functools
    import json

    from flask import Response

    @functools.wraps(view)  # keeps the SDK's marks on the function: how it is deployed
    def checked(request: Any) -> Any:
        if request.method == "POST" and request.get_json(silent=True) is None:
            error = {"status": "INVALID_ARGUMENT",
                     "message": 'the body is not JSON: send {"data": {"action": {...}}}'}
            return Response(json.dumps({"error": error}), status=400,
                            mimetype="application/json")
        return view(request)

    return checked


@_body_is_json
@https_fn.on_call()
def validateAction(req: https_fn.CallableRequest) -> dict[str, Any]:  # its name is its URL
    """Why the rules would refuse a draft action, field by field, before an app writes it:
    `{action, matchId?}` -> `{ok, problems: [{field, code, message}]}`
    (scorebook.service.validate)."""
    from scorebook.firestore.validate import check_draft

    if req.auth is None or not req.auth.uid:
        raise https_fn.HttpsError(https_fn.FunctionsErrorCode.UNAUTHENTICATED,
                                  "sign in to check an action as its scorer")
    return check_draft(firestore_client(), req.data, req.auth.uid, req.auth.token or {})


@https_fn.on_request(max_instances=100, concurrency=80, cpu=1)
def liveJson(req: https_fn.Request) -> https_fn.Response:  # noqa: N802 (Hosting names it)
    """`GET /live/{matchId}/now.json` and `/live/{matchId}/innings{n}.json` through Firebase
    Hosting: live/now or an innings' card as JSON (gzipped when accepted), cached by the CDN
    for two seconds, an ETag, 304 for the one a client has; private matches never
    (scorebook.firestore.live_http)."""
    from scorebook.firestore.live_http import compressed, live_answer

    if req.method not in ("GET", "HEAD"):
        return https_fn.Response("GET only", status=405, headers={"Allow": "GET, HEAD"})
    answer = compressed(live_answer(firestore_client(), req.path, req.headers.get("If-None-Match")),
                        req.headers.get("Accept-Encoding"))
    return https_fn.Response(answer.body if req.method == "GET" else "", status=answer.status,
                             headers=answer.headers)


# Frozen, the modules' objects are never scanned again: otherwise the collector's first runs
# after the imports walk all of them (a full collection, 20 ms), in the first event's time.
gc.freeze()
if _COLLECTING:
    gc.enable()
