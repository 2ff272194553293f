"""What this instance has folded: a run that folds the log reads every action after the
checkpoint, the ones whose own trigger events are still on their way included. When those
events come, each run would read the checkpoint only to find its action in it already (three
round trips in a read-only transaction): a scorer's burst, a device's offline queue sent at
once, or a flood of writes then costs a read-free run an event. An instance remembers the
actions its committed runs read, and an event that creates one of them ends at once.

Only a create can be answered so, and only for the very document the run read (the server's
time it was created, which a document deleted and written again at the same place, or a
database emptied and filled again, does not share): an action is never rewritten but by a
void or an admin's edit, which are updates and take the usual path. A committed checkpoint
only ever grows, so what it folded stays folded; another instance, which did not fold it,
reads the checkpoint as before.

An instance also remembers the checkpoint each match's last run of it read or committed, as
stored, with its update time (`seen`, `last_seen`): the next run folds onto it without reading
it, on condition that it is still that one when the run commits
(scorebook.firestore.live_score).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from threading import Lock
from typing import Any

from scorebook.service.live_score.ports import RECENT_MATCHES, ActionEvent, Document

#: matches remembered, the most recently folded kept
MATCHES = RECENT_MATCHES
#: actions remembered a match: more than a backlog a run folds
PER_MATCH = 4096

_folded: OrderedDict[str, OrderedDict[str, datetime]] = OrderedDict()
#: match -> (its checkpoint as stored, its update time)
_checkpoints: OrderedDict[str, tuple[Document, Any]] = OrderedDict()
_lock = Lock()


def remember(match_id: str, actions: Iterable[tuple[str, datetime | None]]) -> None:
    """The actions (id, when its document was created) a run of this instance read and
    committed into the checkpoint."""
    known = [(action_id, created) for action_id, created in actions if created is not None]
    if not known:
        return
    with _lock:
        seen = _folded.setdefault(match_id, OrderedDict())
        _folded.move_to_end(match_id)
        for action_id, created in known:
            seen[action_id] = created
        _keep_latest(seen, PER_MATCH)
        _keep_latest(_folded, MATCHES)


def _keep_latest(entries: OrderedDict[str, Any], most: int) -> None:
    """The `most` entries put in last kept, the older ones dropped."""
    while len(entries) > most:
        entries.popitem(last=False)


def folded_here(match_id: str, event: ActionEvent | None) -> bool:
    """The event created an action whose very document a run of this instance folded."""
    if event is None or event.before is not None or event.after is None:
        return False
    with _lock:  # (what is remembered has a time: an event without one never matches)
        return _folded.get(match_id, {}).get(event.action_id, _UNKNOWN) == event.created


_UNKNOWN = object()


def seen(match_id: str, checkpoint: tuple[Document, Any] | None) -> None:
    """The checkpoint a committed run of this instance read or wrote (as stored, and its
    update time), or None when the run leaves it unknown (it wrote part of it)."""
    with _lock:
        _checkpoints.pop(match_id, None)
        if checkpoint is not None:
            _checkpoints[match_id] = checkpoint
            _keep_latest(_checkpoints, MATCHES)


def last_seen(match_id: str) -> tuple[Document, Any] | None:
    """The checkpoint of the match as this instance last read or wrote it (`seen`)."""
    with _lock:
        return _checkpoints.get(match_id)


def forget(match_id: str | None = None) -> None:
    """A match's memory (every match's: None) gone, as after a rebuild it did not make."""
    with _lock:
        if match_id is None:
            _folded.clear()
            _checkpoints.clear()
        else:
            _folded.pop(match_id, None)
            _checkpoints.pop(match_id, None)
