"""Multi-scorer consensus, pure: whether the scorers' views of one log position agree.

Under a validation tier that needs agreement (``DUAL``: the home and the away scorer;
``TRIPLE``: two of three), each scorer submits their view of the action at a position, and
the position is decided by comparing the submissions on the fields that matter: for a ball,
the runs off the bat, each extra, the wicket and who is out, the striker, the non-striker and
the bowler (what the scorebook records of it; when it was tapped, by whom, the shot's
coordinates, do not matter); for any other action, all of its own fields. Each submission is
reduced to a canonical hash of exactly those fields, so "agree" means "the same hash".

``decide(tier, submissions)`` is ``Agreed`` (enough scorers gave the same view: that view goes
into the log), ``Disputed`` (they cannot agree any more: each differing field with every
scorer's value, for an official to resolve) or ``Waiting`` (not enough submissions yet). A
scorer's first submission is theirs: one sent again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scorebook.document import Moment, canonical_json, describe

ValidationTier = Literal["SINGLE", "HONOR", "DUAL", "TRIPLE"]

#: (submissions that must agree, scorers who submit) per tier. SINGLE and HONOR take the one
#: scorer's word (HONOR is the batting side's own scorer, marked so on the scorecard).
QUORUM: dict[str, tuple[int, int]] = {
    "SINGLE": (1, 1), "HONOR": (1, 1), "DUAL": (2, 2), "TRIPLE": (2, 3),
}

#: What a ball is decided on: the scorebook's record of it.
BALL_FIELDS = (
    "runsOffBat", "extras.wide", "extras.noBall", "extras.bye", "extras.legBye",
    "extras.penalty", "isWicket", "wicket.type", "wicket.dismissedPlayerId", "strikerId",
    "nonStrikerId", "bowlerId",
)
#: Fields of any action that say who wrote it, when, or where it is: never decided on.
NOT_DECIDED = frozenset({
    "id", "matchId", "inningsNumber", "sequenceNumber", "recordedBy", "timestamp",
    "createdAt", "updatedAt", "source", "isVoided", "voidReason", "voidedBy", "voidedAt",
    "correctedBy", "corrects", "shotData", "bowlingAngle", "submissionIds",
})


def _get(document: Mapping[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def deciding_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a submission is compared on, flat (``extras.wide``), missing ones None."""
    if document.get("kind", "delivery") == "delivery":
        return _ball_fields(document)
    return {k: v for k, v in document.items() if k not in NOT_DECIDED}


def _ball_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    fields = {name: _get(document, name) for name in BALL_FIELDS}
    # an extra not given is none of it (the schema's default)
    for name in BALL_FIELDS:
        if name.startswith("extras.") and fields[name] is None:
            fields[name] = 0
    fields["isWicket"] = bool(fields["isWicket"])
    return fields


def canonical_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 of the deciding fields as canonical JSON (sorted keys, no spaces)."""
    return hashlib.sha256(canonical_json(deciding_fields(document))).hexdigest()


@dataclass(frozen=True)
class Submission:
    """One scorer's view of the action at a position."""

    scorerId: str
    action: Mapping[str, Any]


@dataclass(frozen=True)
class Agreed:
    """Enough scorers gave the same view: ``action`` (the first of them) goes into the log,
    naming ``scorerIds``; the others' (a TRIPLE's dissenter) are ``dissenters``."""

    hash: str
    action: Mapping[str, Any]
    scorerIds: tuple[str, ...]
    dissenters: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldDifference:
    field: str
    values: dict[str, Any]  # scorer id -> their value


@dataclass(frozen=True)
class Disputed:
    """The scorers cannot agree any more: each field that differs, with every scorer's value."""

    differences: tuple[FieldDifference, ...]
    scorerIds: tuple[str, ...]


@dataclass(frozen=True)
class Waiting:
    """Not decided yet: ``have`` submissions of the ``of`` scorers."""

    have: int
    of: int


Decision = Agreed | Disputed | Waiting


def _firsts(submissions: Sequence[Submission]) -> list[Submission]:
    seen: set[str] = set()
    out = []
    for s in submissions:
        if s.scorerId not in seen:
            seen.add(s.scorerId)
            out.append(s)
    return out


def differences(submissions: Sequence[Submission]) -> tuple[FieldDifference, ...]:
    """Every deciding field on which the submissions differ, with each scorer's value."""
    views = {s.scorerId: deciding_fields(s.action) for s in submissions}
    found = []
    for name in _field_names(views.values()):
        values = {scorer: view.get(name) for scorer, view in views.items()}
        if len({canonical_json(v) for v in values.values()}) > 1:
            found.append(FieldDifference(name, values))
    return tuple(found)


def _field_names(views: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every field any of the views has, in name order."""
    return sorted({name for view in views for name in view})


def decide(tier: str, submissions: Sequence[Submission]) -> Decision:
    """The decision on one position from its submissions, in the order they arrived."""
    need, scorers = QUORUM[tier]
    subs = _firsts(submissions)[:scorers]  # the tier's scorers: the first ones to submit
    groups = _alike(subs)
    for digest, group in groups.items():  # in order of first arrival: the first quorum wins
        if len(group) >= need:
            return _agreement(digest, group, subs)
    if _quorum_possible(groups, scorers - len(subs), need):
        return Waiting(len(subs), scorers)
    return Disputed(differences(subs), tuple(s.scorerId for s in subs))


def _quorum_possible(groups: dict[str, list[Submission]], to_come: int, need: int) -> bool:
    """The submissions still to come could give some view a quorum."""
    return max((len(g) for g in groups.values()), default=0) + to_come >= need


def _alike(subs: Sequence[Submission]) -> dict[str, list[Submission]]:
    """The submissions by their view's digest, in order of first arrival."""
    groups: dict[str, list[Submission]] = {}
    for s in subs:
        groups.setdefault(canonical_hash(s.action), []).append(s)
    return groups


def _agreement(digest: str, group: Sequence[Submission], subs: Sequence[Submission]) -> Agreed:
    """The `group`'s view agreed, the other scorers of `subs` outvoted."""
    agreeing = {s.scorerId for s in group}
    return Agreed(digest, _agreed(group), tuple(s.scorerId for s in group),
                  tuple(s.scorerId for s in subs if s.scorerId not in agreeing))


def _agreed(group: Sequence[Submission]) -> Mapping[str, Any]:
    """The first agreeing view, as it goes into the log. A scorer's note on the ball is not
    decided on, so it goes in only when every agreeing view has it: one side's scorer alone
    never publishes words to the spectators of a match scored by consensus."""
    action = group[0].action
    if len({s.action.get("note") for s in group}) > 1:
        return {**action, "note": None}
    return action


# --- resolving a dispute ------------------------------------------------------------------

#: How an official settles a dispute, in the order of authority of the product's design.
ResolutionMethod = Literal[
    "UMPIRE_OVERRIDE", "VIDEO_REVIEW", "MAJORITY_VOTE", "CAPTAIN_CONSENSUS", "ABANDON_BALL",
]
METHODS: tuple[str, ...] = (
    "UMPIRE_OVERRIDE", "VIDEO_REVIEW", "MAJORITY_VOTE", "CAPTAIN_CONSENSUS", "ABANDON_BALL",
)
#: The methods whose official states the ball (the resolution's `action`); a majority vote
#: takes the scorers' majority, and an abandoned ball is not scored.
STATED = frozenset({"UMPIRE_OVERRIDE", "VIDEO_REVIEW", "CAPTAIN_CONSENSUS"})


def majority_view(submissions: Sequence[Submission]) -> Mapping[str, Any] | None:
    """A TRIPLE's majority vote when no two views agree on everything: the first view that
    has, in every field, the value most of the scorers gave. None when some field has no
    majority (three different values), or no one view has every majority's value: the vote
    settles nothing, and an official settles the ball another way."""
    subs = _firsts(submissions)
    views = [deciding_fields(s.action) for s in subs]
    majority = _majorities(views)
    if majority is None:
        return None
    return next((s.action for s, view in zip(subs, views, strict=True)
                 if _gives(view, majority)), None)


def _majorities(views: Sequence[Mapping[str, Any]]) -> dict[str, bytes] | None:
    """Each field's majority value (as canonical JSON), or None when some field has none."""
    majority: dict[str, bytes] = {}
    for name in _field_names(views):
        best = _majority_value(views, name)
        if best is None:
            return None
        majority[name] = best
    return majority


def _gives(view: Mapping[str, Any], majority: dict[str, bytes]) -> bool:
    """The view has every field's majority value."""
    return all(canonical_json(view.get(k)) == v for k, v in majority.items())


def _majority_value(views: Sequence[Mapping[str, Any]], name: str) -> bytes | None:
    """The value (as canonical JSON) most of the views give the field, or None when no value
    has a majority."""
    counts: dict[bytes, int] = {}
    for view in views:
        key = canonical_json(view.get(name))
        counts[key] = counts.get(key, 0) + 1
    best, n = max(counts.items(), key=lambda item: item[1])
    return None if n * 2 <= len(views) else best


# --- undo ----------------------------------------------------------------------------------

#: A void's submissions are filed under the action's position with this suffix
#: (``1-0042-void``): a void needs the same agreement as a ball.
VOID_SUFFIX = "-void"


def voided_target(position: str) -> str | None:
    """The action a void submission's position takes back, or None for a ball's position."""
    return position.removesuffix(VOID_SUFFIX) if position.endswith(VOID_SUFFIX) else None


# What the consensus reads, parsed in one place: a scorer's view
# (``submissions/{position}_{uid}``), an official's resolution (``resolutions/{position}-{n}``)
# and a dispute's state (``disputes/{position}``). The rules let only valid documents through;
# anything else (an admin's write, an old shape) is `Unreadable`: left out of the decision,
# with why, never a crash of the run.

ScorerRole = Literal["scorer_home", "scorer_away", "scorer_neutral"]
#: A log position as a view or a resolution names it: `1-0007`, a correction `1-0007-c1`, a
#: void `1-0007-void` (anything else would name no place of the log, or another path)
POSITION = r"^[1-9][0-9]?-[0-9]{4}(-c[1-9][0-9]*)?(-void)?$"


class _Read(BaseModel):
    # the functions and the rules add fields the decision does not read
    model_config = ConfigDict(frozen=True, extra="ignore")


class View(_Read):
    """One scorer's view of the action at `position`, or at ``{position}-void`` their ask to
    void it; the role they submit in (one view per role)."""

    position: str = Field(pattern=POSITION)
    scorerId: str = Field(min_length=1, max_length=128)
    role: ScorerRole
    action: dict[str, Any] | None = None
    voidReason: str | None = Field(default=None, max_length=500)
    #: when it arrived (the server's time): views are counted in arrival order
    createdAt: Moment | None = None


class Resolution(_Read):
    """An official's settling of the dispute at `position` by `method`, with the ball they
    state (UMPIRE_OVERRIDE and the like)."""

    position: str = Field(pattern=POSITION)
    method: str = Field(min_length=1, max_length=40)
    action: dict[str, Any] | None = None
    resolvedBy: str | None = Field(default=None, max_length=128)


class DisputeState(_Read):
    """Whether the dispute at a position is still open ("open"; "resolved" once settled)."""

    status: str = Field(default="open", max_length=40)


@dataclass(frozen=True)
class Unreadable:
    """A document the decision leaves out, and why."""

    docId: str
    why: str


Model = TypeVar("Model", bound=_Read)


def parse(model: type[Model], doc_id: str, data: Any) -> Model | Unreadable:
    """The document as `model`, or why it is not one."""
    if not isinstance(data, Mapping):
        return Unreadable(doc_id, f"document: expected an object, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as err:
        return Unreadable(doc_id, "; ".join(describe(err)))
