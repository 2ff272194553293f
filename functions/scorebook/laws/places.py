"""A side's places in the batting order (Law 24: substitutes; the playing conditions'
concussion and impact replacements), from the match's team list."""

from __future__ import annotations

from scorebook.match import Player, Team


def batting_places(team: Team) -> list[list[str]]:
    """The team's places in the batting order, in order, each the chain of players who held
    it: the one picked, then his replacement (a concussion or impact replacement takes the
    replaced player's place, and may be replaced in turn). Substitute fielders hold no place:
    a substitute (Law 24) fields for a player, he does not bat."""
    places: list[list[str]] = []
    place_of: dict[str, list[str]] = {}
    pending = []
    for p in team.players:
        if p.isSubstitute:
            continue
        if p.replaces is not None:
            pending.append(p)
            continue
        _own_place(places, place_of, p.id)
    _take_places(place_of, pending)
    for p in pending:  # replaced someone the team does not list: a place of his own
        _own_place(places, place_of, p.id)
    return places


def _own_place(places: list[list[str]], place_of: dict[str, list[str]], pid: str) -> None:
    place_of[pid] = [pid]
    places.append(place_of[pid])


def _take_places(place_of: dict[str, list[str]], pending: list[Player]) -> None:
    """Each replacement takes the place of the player he replaces, once that player has one
    (a replacement may be replaced in turn); those left in `pending` never do."""
    while pending:
        ready = [p for p in pending if p.replaces in place_of]
        if not ready:
            break
        for p in ready:
            place_of[p.id] = place_of[p.replaces]
            place_of[p.id].append(p.id)
            pending.remove(p)
