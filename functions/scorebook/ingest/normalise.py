"""A provider's event -> the log's action: the provider's players and teams mapped to this
project's ids (`provider_mappings`), the id taken from the position, the provider and its
event id recorded, and the whole checked as any action is (`scorebook.actions.parse_action`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any

from pydantic import Field

from scorebook.actions import ActionParseError, log_position, parse_action
from scorebook.document import Schema, canonical_json
from scorebook.ingest.answer import PLACE_FIELDS, ProviderEvent, ProviderRef, position_id

#: The fields of an action that name a player or a team.
PLAYER_FIELDS = ("strikerId", "nonStrikerId", "bowlerId", "batterId")
TEAM_FIELDS = ("battingTeamId", "bowlingTeamId", "awardedToTeamId", "winnerId")
WICKET_PLAYERS = ("dismissedPlayerId",)
WICKET_PLAYER_LISTS = ("fielderIds", "assistFielderIds", "substituteFielderIds")


class ProviderMapping(Schema):
    """`provider_mappings/{provider}`: the provider's ids of players and teams -> this
    project's person and team ids. A player it does not list becomes the provider's prefix +
    the provider's id (`ProviderRef.prefix`), so two providers' ids never meet by chance. A
    team it does not list keeps the provider's id: the match's teams are named in its
    information, and their ids are the slugs of their names (`scorebook.cricsheet.slug`), which
    a feed must use or map."""

    players: dict[str, str] = Field(default_factory=dict)
    teams: dict[str, str] = Field(default_factory=dict)

    def player(self, ref: ProviderRef, provider_id: str) -> str:
        return self.players.get(provider_id) or f"{ref.prefix}{provider_id}"

    def team(self, ref: ProviderRef, provider_id: str) -> str:
        return self.teams.get(provider_id) or provider_id


def mapped_data(event: ProviderEvent, ref: ProviderRef, mapping: ProviderMapping) -> dict[str, Any]:
    """The event's fields with this project's ids (what the digest and the action are made of).
    Fields the ingestion sets itself are dropped: a provider cannot void or sign an action."""
    data = {k: v for k, v in event.data.items() if k not in PLACE_FIELDS}
    _map_ids(data, PLAYER_FIELDS, partial(mapping.player, ref))
    _map_ids(data, TEAM_FIELDS, partial(mapping.team, ref))
    wicket = data.get("wicket")
    if isinstance(wicket, dict):
        data["wicket"] = _mapped_wicket(wicket, ref, mapping)
    return data


def _mapped_wicket(wicket: dict[str, Any], ref: ProviderRef, mapping: ProviderMapping,
                   ) -> dict[str, Any]:
    """A copy of the wicket with this project's ids of the players it names."""
    wicket = dict(wicket)
    _map_ids(wicket, WICKET_PLAYERS, partial(mapping.player, ref))
    for field in WICKET_PLAYER_LISTS:
        if isinstance(wicket.get(field), list):
            wicket[field] = [mapping.player(ref, p) if isinstance(p, str) else p
                             for p in wicket[field]]
    return wicket


def _map_ids(data: dict[str, Any], fields: Iterable[str], ours: Callable[[str], str]) -> None:
    """Each of the fields that holds a provider's id given this project's id instead."""
    for field in fields:
        if isinstance(data.get(field), str):
            data[field] = ours(data[field])


def digest(kind: str, data: dict[str, Any]) -> str:
    """What an event says, in 16 hex digits: the same ball from two providers, or re-sent,
    has the same digest; a corrected one has another."""
    return hashlib.sha256(canonical_json({"kind": kind, **data})).hexdigest()[:16]


class Normalised(Schema):
    """An event made an action document, or why it cannot be."""

    position: tuple[int, int]
    eventId: str
    revision: int
    digest: str
    publishedAt: datetime | None = None
    document: dict[str, Any] | None = None
    problems: list[str] = Field(default_factory=list)


def normalise(
    event: ProviderEvent, *, match_id: str, ref: ProviderRef, mapping: ProviderMapping,
    recorded_by: str, now: datetime, action_id: str | None = None, corrects: str | None = None,
) -> Normalised:
    """The action document of an event at its position (``action_id``/``corrects`` for a
    correction at ``{position}-c{n}``), checked like any action; ``problems`` when it is not
    one (an unknown kind, a ball that breaks the Laws), and then no document."""
    data = mapped_data(event, ref, mapping)
    found = Normalised(position=event.position, eventId=event.eventId, revision=event.revision,
                       digest=digest(event.kind, data), publishedAt=event.publishedAt)
    if not event.known_kind():
        return found.model_copy(update={"problems": [f"kind: unknown action kind {event.kind!r}"]})
    document = _action_document(event, data, match_id=match_id, ref=ref,
                                recorded_by=recorded_by, now=now, action_id=action_id,
                                corrects=corrects)
    try:
        parse_action(document)
    except ActionParseError as err:
        return found.model_copy(update={"problems": err.problems})
    return found.model_copy(update={"document": document})


def _action_document(
    event: ProviderEvent, data: dict[str, Any], *, match_id: str, ref: ProviderRef,
    recorded_by: str, now: datetime, action_id: str | None, corrects: str | None,
) -> dict[str, Any]:
    """The event's action at its position, recorded as the provider's (a correction when it
    `corrects` an action)."""
    innings, sequence = event.position
    return {
        **data,
        "kind": event.kind,
        "id": action_id or position_id(event.position),
        "matchId": match_id,
        "inningsNumber": innings,
        "sequenceNumber": sequence,
        "timestamp": event.publishedAt or now,
        "createdAt": now,
        "recordedBy": recorded_by,
        "source": "correction" if corrects else "import",
        "provider": ref.name,
        "providerEventId": event.eventId,
        **({"corrects": corrects} if corrects else {}),
    }


def correction_id(current: str) -> str:
    """The id of the correction of the action ``current`` at its position: ``1-0045`` ->
    ``1-0045-c1``, ``1-0045-c1`` -> ``1-0045-c2`` (the log's numbering, as a scorer's)."""
    innings, sequence, correction, _ = log_position(current)
    return f"{position_id((innings, sequence))}-c{correction + 1}"


def void_fields(*, reason: str, voided_by: str, now: datetime,
                corrected_by: str | None) -> dict[str, Any]:
    """What a void sets on the action a correction replaces, or on one withdrawn (the log
    never deletes)."""
    fields = {"isVoided": True, "voidReason": reason, "voidedBy": voided_by, "voidedAt": now,
              "updatedAt": now}
    return fields | ({"correctedBy": corrected_by} if corrected_by else {})
