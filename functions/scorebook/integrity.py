"""What the functions report instead of crashing: problems found in the log."""

from __future__ import annotations

from pydantic import (
    BaseModel,
    Field,
)

from scorebook.actions import Action
from scorebook.document import View


class IntegrityProblem(View):
    """Something wrong in the log that the projection could not use, e.g. an unparseable
    document, a gap or a duplicate in the sequence."""

    code: str
    message: str
    actionId: str | None = None


def problem(code: str, message: str, action_id_: str | None = None) -> IntegrityProblem:
    return IntegrityProblem(code=code, message=message, actionId=action_id_)


class LogAudit(BaseModel):
    """What the gap and duplicate checks remember of the log read so far, so that they can
    go on over the next actions only (a trigger folding one new ball)."""

    expected: dict[int, int] = Field(default_factory=dict)
    liveSeen: set[tuple[int, int]] = Field(default_factory=set)


def log_problems(ordered: list[Action], audit: LogAudit | None = None) -> list[IntegrityProblem]:
    """Gaps and duplicates in the sequence numbers of a sorted log (voided actions count as
    present: an undo never deletes). With ``audit``, the check continues from (and updates)
    what an earlier call saw, so checking a log in two parts equals checking it whole."""
    audit = audit if audit is not None else LogAudit()
    problems: list[IntegrityProblem] = []
    expected = audit.expected
    seen_live = audit.liveSeen
    for a in ordered:
        nxt = expected.get(a.inningsNumber, 1)
        if a.sequenceNumber > nxt:
            problems.append(
                IntegrityProblem(
                    code="sequence_gap",
                    message=(
                        f"innings {a.inningsNumber}: sequence {nxt}..{a.sequenceNumber - 1} missing"
                    ),
                    actionId=a.id,
                )
            )
        expected[a.inningsNumber] = max(nxt, a.sequenceNumber + 1)
        if not a.isVoided:
            if a.position in seen_live:
                problems.append(
                    IntegrityProblem(
                        code="duplicate_sequence",
                        message=(
                            f"two live actions at innings {a.inningsNumber} sequence "
                            f"{a.sequenceNumber}; the later id was ignored"
                        ),
                        actionId=a.id,
                    )
                )
            seen_live.add(a.position)
    return problems
