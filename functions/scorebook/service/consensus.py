"""Use case: the scorers' submissions become the log, in order, or disputes for officials.

Under ``DUAL`` and ``TRIPLE`` (``matches/{id}.validation``) the scorers write
``submissions/{position}_{uid}``, never the log. Each submission, and each official's
resolution, runs ``on_submission`` or ``on_resolution`` in one transaction:

- a position whose views agree (``scorebook.consensus.decide``) is appended to the log as
  ``source: "consensus"``, naming the submissions (``submissionIds``); the projection goes on
  from there as for any action;
- a position whose views cannot agree any more opens ``disputes/{position}`` (each differing
  field with every scorer's value); positions after an open dispute are held: their
  submissions stay where they are and are decided, in log order, when it is resolved;
- a submission for a position already in the log, disputed, or sent twice changes nothing;
- a void (``{position}-void``) needs the same agreement as a ball, and is never held;
- a resolution appends what the official chose (the ball stated, the majority's view, or
  for an abandoned ball the first view, voided, so the log keeps no hole), closes the
  dispute and releases the balls held behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from scorebook.actions import log_position
from scorebook.consensus import (
    QUORUM,
    STATED,
    Agreed,
    Disputed,
    DisputeState,
    Resolution,
    Submission,
    View,
    decide,
    majority_view,
    voided_target,
)

Document = Mapping[str, Any]

#: The tiers whose balls need agreement: their scorers submit, the functions append.
CONSENSUS_TIERS = frozenset({"DUAL", "TRIPLE"})


def previous_position(position: str) -> str | None:
    """The position that must be in the log before `position` is decided: the ball before
    it in its innings (a correction's: the action it corrects); none for an innings' first."""
    innings, sequence, correction, _ = log_position(position)
    if correction:
        return position.rsplit("-c", 1)[0]
    return f"{innings}-{sequence - 1:04d}" if sequence > 1 else None


class ConsensusTx(Protocol):
    """One transaction's view of one match's consensus: all reads happen before `write`."""

    def match(self) -> Document | None: ...

    def submissions(self, position: str) -> list[tuple[str, View]]:
        """The views of one position that parse, in the order they arrived."""
        ...

    def submissions_after(self, position: str) -> list[tuple[str, View]]:
        """Every view of a position after `position` in the log that parses, in arrival
        order."""
        ...

    def action(self, action_id: str) -> Document | None: ...

    def log_ids_after(self, position: str) -> set[str]:
        """The ids of the log's actions after `position` (no contents)."""
        ...

    def dispute(self, position: str) -> DisputeState | None: ...

    def open_disputes(self) -> list[str]:
        """The positions of the match's open disputes (asked only for an innings' first
        ball: the last balls of the innings before may still be in dispute)."""
        ...

    def resolution(self, resolution_id: str) -> Resolution | None: ...

    def write(self, changes: Changes) -> None: ...


@dataclass
class Changes:
    """What a run writes: new actions, voids, and disputes opened or updated."""

    actions: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    voids: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    disputes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.actions or self.voids or self.disputes)


@dataclass
class Decided:
    mode: Literal["appended", "disputed", "voided", "waiting", "held", "unchanged", "ignored",
                  "resolved", "unresolved"]
    reason: str = ""
    positions: list[str] = field(default_factory=list)


def _submissions(views: Sequence[tuple[str, View]]) -> list[tuple[str, Submission]]:
    """The submissions a decision counts, in arrival order: the first of each scorer role
    (a side with two people holding its scorer role still has one view: the first that
    came), each with an action, or for a void the ask itself (a view of a ball without its
    action is left out)."""
    found = []
    roles: set[str] = set()
    for doc_id, view in views:
        submission = _as_submission(view)
        if view.role in roles or submission is None:
            continue
        found.append((doc_id, submission))
        roles.add(view.role)
    return found


def _as_submission(view: View) -> Submission | None:
    """What a view submits: its action, or for a void the ask itself."""
    if view.action is not None:
        return Submission(view.scorerId, view.action)
    if voided_target(view.position):
        return Submission(view.scorerId, {"kind": "void"})
    return None


def consensus_action(position: str, action: Document, submission_ids: Sequence[str],
                     ) -> dict[str, Any]:
    """The log's action for an agreed (or resolved) view: the view as its scorer (or the
    official) signed it, marked as the consensus' and naming where it came from."""
    return {**action, "id": position, "source": "consensus",
            "submissionIds": list(submission_ids), "isVoided": False}


def _dispute(position: str, match_id: str, decision: Disputed, ids: Sequence[str],
             ) -> dict[str, Any]:
    return {
        "matchId": match_id, "position": position, "status": "open",
        "differences": [{"field": d.field, "values": d.values} for d in decision.differences],
        "scorerIds": list(decision.scorerIds), "submissionIds": list(ids),
        "method": None, "resolvedBy": None, "problem": None,
    }


def _decide_position(match_id: str, tier: str, position: str,
                     docs: Sequence[tuple[str, View]], changes: Changes) -> Decided:
    """Decide one position from its submissions, adding what follows to `changes`."""
    subs = _submissions(docs)
    decision = decide(tier, [s for _, s in subs])
    if isinstance(decision, Agreed):
        changes.actions.append((position, _agreed_action(position, decision, subs)))
        return Decided("appended", positions=[position])
    if isinstance(decision, Disputed):
        ids = [doc_id for doc_id, _ in subs]
        changes.disputes.append((position, _dispute(position, match_id, decision, ids)))
        return Decided("disputed", positions=[position])
    return Decided("waiting", f"{decision.have} of {decision.of} scorers have submitted")


def _agreed_action(position: str, decision: Agreed,
                   subs: Sequence[tuple[str, Submission]]) -> dict[str, Any]:
    """The agreed view, naming the submissions of the scorers who agreed."""
    ids = [doc_id for doc_id, s in subs if s.scorerId in decision.scorerIds]
    return consensus_action(position, decision.action, ids)


def _tier(tx: ConsensusTx) -> str | None:
    match = tx.match()
    tier = (match or {}).get("validation", "SINGLE")
    return tier if tier in CONSENSUS_TIERS else None


def on_submission(tx: ConsensusTx, match_id: str, position: str) -> Decided:
    """A scorer submitted their view of `position`: decide it once the position before it
    is in the log (so balls go in in order, however their triggers are ordered), and then
    the positions after it whose views are in, up to one that waits or is disputed."""
    tier = _tier(tx)
    if tier is None:
        return Decided("ignored", "the match takes one scorer's word (SINGLE or HONOR)")
    target = voided_target(position)
    if target is not None:
        return _decide_void(tx, tier, position, target)
    not_now = _settled(tx, position) or _held(tx, position)
    if not_now is not None:
        return not_now
    return _decide_and_release(tx, match_id, tier, position)


def _settled(tx: ConsensusTx, position: str) -> Decided | None:
    """Why `position` has nothing more to decide: it is in the log, or was disputed."""
    if tx.action(position) is not None:
        return Decided("unchanged", f"{position} is in the log already")
    if tx.dispute(position) is not None:
        return Decided("unchanged", f"{position} is in dispute, or was")
    return None


def _held(tx: ConsensusTx, position: str) -> Decided | None:
    """Why `position` waits: the ball before it is not in the log yet, or (the first ball)
    an earlier dispute is still open."""
    before = previous_position(position)
    if before is not None:
        if tx.action(before) is None:
            return Decided("held", f"{position} waits for {before}")
        return None
    if earlier := _open_disputes_before(tx, position):
        return Decided("held", f"{position} waits for the dispute at {min(earlier)}")
    return None


def _open_disputes_before(tx: ConsensusTx, position: str) -> list[str]:
    return [p for p in tx.open_disputes() if log_position(p) < log_position(position)]


def _decide_and_release(tx: ConsensusTx, match_id: str, tier: str, position: str) -> Decided:
    """Decide `position` from its views and, once it is appended, the positions after it."""
    docs = tx.submissions(position)
    later = tx.submissions_after(position)
    logged = tx.log_ids_after(position)
    changes = Changes()
    decided = _decide_position(match_id, tier, position, docs, changes)
    if decided.mode == "appended":
        decided.positions += release(match_id, tier, position, later, logged=logged,
                                     changes=changes)
    if changes:
        tx.write(changes)
    return decided


def _decide_void(tx: ConsensusTx, tier: str, position: str, target: str) -> Decided:
    """A void takes back an action once as many scorers ask as a ball needs."""
    docs = tx.submissions(position)
    action = tx.action(target)
    if action is None or action.get("isVoided") is True:
        return Decided("unchanged", f"{target} is not in the log, or is voided already")
    subs = _submissions(docs)
    decision = decide(tier, [s for _, s in subs])
    if not isinstance(decision, Agreed):
        need = QUORUM[tier][0]
        return Decided("waiting", f"{len(subs)} of the {need} scorers needed ask to void it")
    tx.write(Changes(voids=[(target, _void(decision, docs))]))
    return Decided("voided", positions=[target])


def _void(decision: Agreed, docs: Sequence[tuple[str, View]]) -> dict[str, Any]:
    """The void as the first scorer of the agreement asked for it."""
    first = next(view for _, view in docs if view.scorerId == decision.scorerIds[0])
    return {"isVoided": True, "voidReason": first.voidReason or "undone by the scorers",
            "voidedBy": decision.scorerIds[0]}


def chosen_action(method: str, resolution: Resolution, submissions: Sequence[Submission],
                  ) -> tuple[Document | None, str | None]:
    """What a resolution puts in the log, and whether it is voided (abandoned): or None and
    why it settles nothing."""
    if method in STATED:
        return _or_why(resolution.action,
                       f"{method} states the ball: the resolution has no action")
    if method == "MAJORITY_VOTE":
        return _or_why(majority_view(submissions),
                       "no field has a majority of the scorers: the vote settles nothing")
    if method == "ABANDON_BALL" and submissions:
        return submissions[0].action, None
    return None, f"{method!r} is not a method of resolution"


def _or_why(action: Document | None, why: str) -> tuple[Document | None, str | None]:
    """The chosen action, or (there is none) why the resolution settles nothing."""
    return (action, None) if action is not None else (None, why)


def on_resolution(tx: ConsensusTx, match_id: str, resolution_id: str) -> Decided:
    """An official resolved the dispute at the resolution's `position`: append what they
    chose, close the dispute, and decide the positions held behind it, in log order, up to
    the next dispute. A resolution that settles nothing (a majority vote without a majority)
    is noted on the dispute, which stays open for another (`{position}-2`, ...)."""
    tier = _tier(tx) or "DUAL"
    resolution = _resolving(tx, resolution_id)
    if isinstance(resolution, Decided):
        return resolution
    return _apply_resolution(tx, match_id, tier, resolution_id, resolution)


def _resolving(tx: ConsensusTx, resolution_id: str) -> Resolution | Decided:
    """The resolution, when it names a position with an open dispute; or why not."""
    resolution = tx.resolution(resolution_id)
    if resolution is None or voided_target(resolution.position) is not None:
        return Decided("unchanged", f"resolution {resolution_id} names no position")
    dispute = tx.dispute(resolution.position)
    if dispute is None or dispute.status != "open":
        return Decided("unchanged", f"no open dispute at {resolution.position} to resolve")
    return resolution


def _apply_resolution(tx: ConsensusTx, match_id: str, tier: str, resolution_id: str,
                      resolution: Resolution) -> Decided:
    """Append what the official chose and release what was held behind it; or note on the
    dispute why the resolution settles nothing."""
    position = resolution.position
    docs = tx.submissions(position)
    later = tx.submissions_after(position)
    logged = tx.log_ids_after(position)
    in_log = tx.action(position) is not None
    action, why = chosen_action(resolution.method, resolution,
                                [s for _, s in _submissions(docs)])
    if action is None:
        tx.write(Changes(disputes=[(position, {"problem": f"{resolution_id}: {why}"})]))
        return Decided("unresolved", why or "")
    changes = _resolved(resolution, action, docs, in_log=in_log)
    decided = Decided("resolved", positions=[position])
    decided.positions += release(match_id, tier, position, later, logged=logged,
                                 changes=changes)
    tx.write(changes)
    return decided


def _resolved(resolution: Resolution, action: Document, docs: Sequence[tuple[str, View]], *,
              in_log: bool) -> Changes:
    """The dispute closed as the resolution says, and the chosen action appended unless it
    is in the log already (voided when the officials abandoned the ball)."""
    position, method = resolution.position, resolution.method
    abandoned = method == "ABANDON_BALL"
    changes = Changes(disputes=[(position, {
        "status": "resolved", "method": method, "resolvedBy": resolution.resolvedBy,
        "abandoned": abandoned, "problem": None,
    })])
    if not in_log:
        appended = consensus_action(position, action, [doc_id for doc_id, _ in docs])
        if abandoned:
            appended |= {"isVoided": True, "voidedBy": resolution.resolvedBy,
                         "voidReason": "abandoned by the officials (ABANDON_BALL)"}
        changes.actions.append((position, appended))
    return changes


def _balls_by_position(later: Sequence[tuple[str, View]],
                       ) -> dict[str, list[tuple[str, View]]]:
    """The views of balls (not voids), by position, each in arrival order."""
    by_position: dict[str, list[tuple[str, View]]] = {}
    for doc_id, view in later:
        if voided_target(view.position) is None:
            by_position.setdefault(view.position, []).append((doc_id, view))
    return by_position


def release(match_id: str, tier: str, start: str, later: Sequence[tuple[str, View]], *,
            logged: set[str], changes: Changes) -> list[str]:
    """`start` has just gone into the log: decide the positions after it, in log order
    (their submissions `later`), each once the one before it is in the log, up to one that
    waits for a view or is disputed: the balls after that one wait for it."""
    by_position = _balls_by_position(later)
    done = {*logged, start}
    decided: list[str] = []
    for position in sorted(by_position, key=log_position):
        if position in logged:
            continue
        before = previous_position(position)
        if before is not None and before not in done:
            break
        outcome = _decide_position(match_id, tier, position, by_position[position], changes)
        if outcome.mode != "appended":
            decided += outcome.positions
            break
        decided += outcome.positions
        done.add(position)
    return decided
