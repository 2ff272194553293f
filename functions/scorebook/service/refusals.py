"""The words a refusal is explained in: one code a problem (pydantic-style typed error codes),
the field it is about and a sentence. `validateAction` answers with them, the kit's `causes`
use them, and docs/clients.md §9 lists them (tests/unit/test_client_guide.py holds the three
to one vocabulary)."""

from __future__ import annotations

from typing import Literal, get_args

from scorebook.document import Schema

#: Every code a problem may carry, one word each (docs/clients.md §9 lists them):
#:
#: - ``missing``: a field the action needs is absent
#: - ``unknown_field``: a field the action's kind does not have
#: - ``invalid_value``: of the wrong type, or not one of the values the schema allows
#: - ``out_of_range``: a number outside what the rules accept
#: - ``too_long``: a text, an id or a list longer than the rules accept
#: - ``unlawful``: the Laws of Cricket (runs that do not add up, a dismissal the ball
#:   does not allow, a win without a winner)
#: - ``not_position``: the id is not the action's place in the log, `{innings}-{seq:04d}`
#: - ``position_taken``: another document holds that place in the log
#: - ``wrong_match``: `matchId` is not the match the action is written to
#: - ``no_match``: the match does not exist
#: - ``not_caller``: `recordedBy` is not the signed-in caller
#: - ``not_scorer``: the caller is not an assigned scorer of the match (nor an admin)
#: - ``needs_consensus``: the match is DUAL or TRIPLE: its scorers submit their views, and
#:   only what they agree on is written to the log
#: - ``admin_only``: only an admin may record it (an award, Law 16.4)
#: - ``future_timestamp``: dated more than an hour ahead of the server
#: - ``voided``: a new action must say `isVoided: false` and carry no void fields
#: - ``unknown_correction``: `corrects` names no action of this match's log
#: - ``not_followed``: `follows` names an action the log does not hold at that place (another
#:   device's ball took it, or it was never written): this one was built on another story
#: - ``not_in_match``: a player or team the match does not list
#: - ``no_ball_runs``: a no-ball's penalty is not the match's `noBallRuns`
#: - ``unknown_method``: a result's or target's method outside its vocabulary
#: - ``match_over``: the match is completed: only what closes it (the officials' result, the
#:   innings' end) and, after a tie, a super over may follow; abandoned by an admin: nothing
#:   from a scorer
RefusalCode = Literal[
    "missing",
    "unknown_field",
    "invalid_value",
    "out_of_range",
    "too_long",
    "unlawful",
    "not_position",
    "position_taken",
    "wrong_match",
    "no_match",
    "not_caller",
    "not_scorer",
    "needs_consensus",
    "admin_only",
    "future_timestamp",
    "voided",
    "unknown_correction",
    "not_followed",
    "not_in_match",
    "no_ball_runs",
    "unknown_method",
    "match_over",
]
REFUSAL_CODES: tuple[str, ...] = get_args(RefusalCode)


class Problem(Schema):
    """One reason the rules would refuse the draft: the field (dotted, `extras.noBall`;
    None for the request as a whole), a code of `RefusalCode`, and a sentence."""

    field: str | None
    code: RefusalCode
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message
