"""A trivial trigger, for the benchmark only (never deployed: `make bench` adds this codebase
to the emulators' configuration it writes): what one trigger hop costs on these emulators,
the floor under the projection trigger's own time."""

from functools import cache

from firebase_functions import firestore_fn
from firebase_functions.firestore_fn import DocumentSnapshot, Event
from google.cloud import firestore


@cache
def _db() -> firestore.Client:  # one client per instance, as the projection's
    return firestore.Client()


@firestore_fn.on_document_created(document="bench_hops/{hopId}")
def bench_hop(event: Event[DocumentSnapshot | None]) -> None:
    """Copy one field of the document created into bench_hops_seen/last."""
    if event.data is not None:
        _db().document("bench_hops_seen/last").set({"i": event.data.get("i")})
