"""The consensus part of `make bench`: one match scored twice on the emulators, by one
trusted scorer (SINGLE) and by a home and an away scorer from separate clients (DUAL) with a
few deliberate differences that an umpire resolves. Measures, ball by ball, the time from the
write that decides the ball (SINGLE: the scorer's; DUAL: the second submission) until a
spectator's listener has live/score with it, and checks that the DUAL match ends with
live/score equal to the projection of the match as scored (its official scorecard) and a
ledger that verifies."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from scorebook.document import to_document
from scorebook.firestore.client import firestore_client
from scorebook.firestore.ledger import verify_chain
from scorebook.firestore.paths import dispute_path, live_score_path
from scorebook.service.live_score import expected_live_score, without_history
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    assign_match_role,
    create_match,
    resolve_dispute,
    submit_action,
    write_action,
)
from scorebook_tools.spectator import Listener

HOME, AWAY, UMPIRE, SINGLE = "bench-home", "bench-away", "bench-umpire", "bench-single"


@dataclass
class ConsensusRun:
    single: list[float] = field(default_factory=list)
    dual: list[float] = field(default_factory=list)
    #: from the umpire's resolution until live/score has the disputed ball
    resolved: list[float] = field(default_factory=list)
    disputes: list[list[str]] = field(default_factory=list)  # the fields each one listed
    equal: bool = False
    chain: str = ""


def _signed(action: Any, uid: str, **changes: Any) -> Any:
    return action.model_copy(update={"recordedBy": uid, **changes})


def _other_bowler(match: Any, action: Any) -> str:
    """A player of the fielding side other than the ball's bowler and batters."""
    return next(p.id for p in _side_of(match, action.bowlerId).players
                if p.id not in (action.strikerId, action.nonStrikerId, action.bowlerId))


def _side_of(match: Any, player_id: str) -> Any:
    """The team `player_id` plays for."""
    return next(t for t in match.teams if any(p.id == player_id for p in t.players))


def wait_until(probe: Any, what: str, deadline: float = 60) -> Any:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if found := probe():
            return found
        time.sleep(0.02)
    raise TimeoutError(what)


def run(project: str, match: Any, actions: list[Any], differences: int = 5) -> ConsensusRun:
    """Score `actions` SINGLE, then DUAL with `differences` balls on which the away scorer
    names another bowler (spread over the match), each resolved by an umpire's override."""
    admin = FirestoreRest.as_admin(project)
    out = ConsensusRun()
    single = match.model_copy(update={"id": f"{match.id}-single", "validation": "SINGLE"})
    dual = match.model_copy(update={"id": f"{match.id}-dual", "validation": "DUAL"})
    _create_matches(admin, single, dual)
    _score_single(project, single, actions, out)
    _score_dual(project, admin, match, dual, actions, differences=differences, out=out)
    out.equal = _ends_as_scorecard(admin, dual, actions)
    # read as the functions read (the Admin SDK's timestamps), not through REST
    report = verify_chain(firestore_client(), dual.id)
    out.chain = (f"verifies ({report.entries} entries)" if report.ok
                 else f"FAILS: {report.problem}")
    return out


def _create_matches(admin: FirestoreRest, single: Any, dual: Any) -> None:
    """Both matches, SINGLE with its one scorer, DUAL with its two and its umpire."""
    for m, roles in ((single, ((SINGLE, "scorer_home"),)),
                     (dual, ((HOME, "scorer_home"), (AWAY, "scorer_away"),
                             (UMPIRE, "umpire_on_field")))):
        create_match(admin, m)
        for uid, role in roles:
            assign_match_role(admin, m.id, uid, role)


def _score_single(project: str, single: Any, actions: list[Any], out: ConsensusRun) -> None:
    """Every action written by the one scorer, timed until the spectator has it."""
    scorer = FirestoreRest.as_user(project, SINGLE)
    spectator = Listener(live_score_path(single.id))
    try:
        for action in actions:
            moved = _signed(action, SINGLE).model_copy(update={"matchId": single.id})
            sent = time.monotonic()
            write_action(scorer, moved)
            out.single.append(spectator.wait_for_action(action.id)[0] - sent)
    finally:
        spectator.close()


def _disputed(actions: list[Any], differences: int) -> set[int]:
    """The positions of `differences` deliveries spread evenly over the match."""
    deliveries = [i for i, a in enumerate(actions) if a.kind == "delivery"]
    step = max(1, len(deliveries) // (differences + 1))
    return set(deliveries[step::step][:differences])


def _score_dual(project: str, admin: FirestoreRest, match: Any, dual: Any,
                actions: list[Any], *, differences: int, out: ConsensusRun) -> None:
    """Every action submitted by both scorers, timed from the second submission; on the
    disputed balls, timed from the umpire's resolution."""
    home, away = FirestoreRest.as_user(project, HOME), FirestoreRest.as_user(project, AWAY)
    umpire = FirestoreRest.as_user(project, UMPIRE)
    disputed = _disputed(actions, differences)
    spectator = Listener(live_score_path(dual.id))
    try:
        for i, action in enumerate(actions):
            mine = action.model_copy(update={"matchId": dual.id})
            submit_action(home, _signed(mine, HOME), uid=HOME, role="scorer_home")
            theirs = _signed(mine, AWAY, bowlerId=_other_bowler(match, action)) \
                if i in disputed else _signed(mine, AWAY)
            sent = time.monotonic()
            submit_action(away, theirs, uid=AWAY, role="scorer_away")
            if i not in disputed:
                out.dual.append(spectator.wait_for_action(action.id)[0] - sent)
                continue
            _resolve(admin, umpire, dual, mine, spectator=spectator, out=out)
    finally:
        spectator.close()


def _resolve(admin: FirestoreRest, umpire: FirestoreRest, dual: Any, mine: Any, *,
             spectator: Listener, out: ConsensusRun) -> None:
    """The dispute over `mine` awaited, its fields noted, the umpire's override timed."""
    dispute = wait_until(lambda a=mine: admin.get(dispute_path(dual.id, a.id)),
                         f"the dispute at {mine.id}")
    out.disputes.append([d["field"] for d in dispute["differences"]])
    sent = time.monotonic()
    resolve_dispute(umpire, dual.id, mine.id, "UMPIRE_OVERRIDE", uid=UMPIRE,
                    action=_signed(mine, UMPIRE))
    out.resolved.append(spectator.wait_for_action(mine.id)[0] - sent)


def _ends_as_scorecard(admin: FirestoreRest, dual: Any, actions: list[Any]) -> bool:
    """Whether DUAL's live/score comes to equal the official scorecard: the projection of
    the match as it was played."""
    expected = expected_live_score(dual, [
        (a.id, to_document(a.model_copy(update={"matchId": dual.id}))) for a in actions])
    try:
        wait_until(lambda: without_history(admin.get(live_score_path(dual.id)) or {}) == expected,
                   "live/score to equal the scorecard", deadline=30)
    except TimeoutError:
        return False
    return True
