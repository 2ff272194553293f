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
    match = store.match(match_id)
    if match is None:
        return Told()
    found = notices(match_id, _title(match), store.events(match_id, seqs), _names(match))
    told = Told(notices=len(found))
    if not found:
        return told
    for uid, kinds in store.followers(match_id):
        mine = [n for n in found if n.kind in wanted(kinds)]
        if not mine:
            continue
        new = store.write(uid, mine)
        told.followers += 1
        told.documents += len(new)
        if sender is not None and new:
            _send(store, sender, uid, new, told)
    return told


def _send(store: NotifyStore, sender: Sender, uid: str, mine: list[Notice], told: Told) -> None:
    for device_id, token in store.devices(uid):
        for notice in mine:
            if not sender.send(token, notice):
                store.forget_device(uid, device_id)
                told.forgotten += 1
                break
            told.sent += 1


def _title(match: Mapping[str, Any]) -> str:
    name = match.get("name")
    if isinstance(name, str) and name:
        return name
    teams = [t.get("name") for t in match.get("teams") or [] if isinstance(t, Mapping)]
    return " v ".join(str(t) for t in teams if t) or str(match.get("id", "The match"))


def _names(match: Mapping[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for team in match.get("teams") or []:
        if not isinstance(team, Mapping):
            continue
        names[str(team.get("id"))] = str(team.get("name"))
        for player in team.get("players") or []:
            if isinstance(player, Mapping) and player.get("id"):
                names[str(player["id"])] = str(player.get("name") or player["id"])
    return names
