"""Use case: tell a match's followers what happened. The scoring trigger hands over the
`seq`s of the events worth telling that its run published (`NOTABLE`); this reads them,
words them (`scorebook.notify`), writes each follower's notification documents and sends
them to the follower's devices. A notification is written once (its id is the event's
action and key): a task tried again, or an event a correction re-published, tells nobody
twice. A device the messaging service no longer knows is forgotten."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from scorebook.match import Match
from scorebook.notify import Notice, notices, wanted

#: the feed's event types a follower can be told of
NOTABLE = frozenset({"WICKET_FALLEN", "MILESTONE_ACHIEVED", "INNINGS_COMPLETE", "MATCH_COMPLETE"})


class NotifyStore(Protocol):
    def match(self, match_id: str) -> Mapping[str, Any] | None: ...
    def events(self, match_id: str, seqs: Iterable[int]) -> list[tuple[int, Mapping[str, Any]]]: ...
    def followers(self, match_id: str) -> list[tuple[str, Any]]:
        """(uid, the kinds its follower document asks for) of every follower."""
        ...
    def write(self, uid: str, told: list[Notice]) -> list[Notice]:
        """Create each notification the user does not have yet; the ones it created."""
        ...
    def devices(self, uid: str) -> list[tuple[str, str]]:
        """(device id, messaging token) of the user's devices."""
        ...
    def forget_device(self, uid: str, device_id: str) -> None: ...


class Sender(Protocol):
    def send(self, token: str, notice: Notice) -> bool:
        """Send one notification; False when the service no longer knows the token."""
        ...


@dataclass
class Told:
    notices: int = 0
    followers: int = 0
    documents: int = 0
    sent: int = 0
    forgotten: int = 0


def tell_followers(store: NotifyStore, sender: Sender | None, match_id: str,
                   seqs: Iterable[int]) -> Told:
    """Each follower's notifications of the events `seqs` (those of the kinds they follow):
    written, then sent to their devices when a `sender` is configured."""
    game = _match(store.match(match_id), match_id)
    if game is None:
        return Told()
    found = notices(match_id, _title(game), store.events(match_id, seqs), game.player_names())
    told = Told(notices=len(found))
    if not found:
        return told
    for uid, kinds in store.followers(match_id):
        mine = _followed(found, kinds)
        if mine:
            _tell(store, sender, uid, mine, told)
    return told


def _followed(found: list[Notice], kinds: Any) -> list[Notice]:
    """The notices of the kinds a follower asks for."""
    return [n for n in found if n.kind in wanted(kinds)]


def _tell(store: NotifyStore, sender: Sender | None, uid: str, mine: list[Notice],
          told: Told) -> None:
    """One follower's notifications written, and the new ones sent when a `sender` is
    configured."""
    new = store.write(uid, mine)
    told.followers += 1
    told.documents += len(new)
    if sender is not None and new:
        _send(store, sender, uid, new, told)


def _title(game: Match) -> str:
    return game.name or " v ".join(t.name for t in game.teams)


def _send(store: NotifyStore, sender: Sender, uid: str, mine: list[Notice], told: Told) -> None:
    for device_id, token in store.devices(uid):
        for notice in mine:
            if not sender.send(token, notice):
                store.forget_device(uid, device_id)
                told.forgotten += 1
                break
            told.sent += 1


def _match(document: Mapping[str, Any] | None, match_id: str) -> Match | None:
    """The match the events are about, as the fold reads it; None when it is gone or cannot
    be read (its scoring run flags that: nobody is told about a match nobody can score)."""
    if document is None:
        return None
    try:
        return Match.model_validate({**document, "id": match_id})
    except ValidationError:
        return None
