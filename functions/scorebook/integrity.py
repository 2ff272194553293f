"""What the functions report instead of crashing: problems found in the log.

``live/score.integrity`` lists them, each with a code from :data:`INTEGRITY_CODES` (the
published vocabulary apps can rely on), a message for people and the action concerned.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field, field_validator

from scorebook.actions import Action
from scorebook.document import View

IntegrityCode = Literal[
    # the log: documents the fold leaves out
    "unparseable",
    "id_mismatch",
    "match_mismatch",
    "id_not_position",
    "sequence_gap",
    "duplicate_sequence",
    # the fold: actions it uses, with a warning
    "implicit_innings_start",
    "duplicate_innings_start",
    "ball_after_innings_end",
    "over_skipped",
    "over_too_long",
    "possible_double_tap",
    "clock_went_back",
    "innings_ended_twice",
    "over_number_went_back",
    "dismissed_batter_batting",
    "absent_batter_has_batted",
    "out_on_free_hit",
    "no_ball_runs",
    "bowler_consecutive_overs",
    "bowler_over_limit",
    "penalty_without_innings",
    "player_on_wrong_side",
    "player_not_in_match",
    "end_reason_not_shown",
    "declaration_in_limited_overs",
    "innings_start_before_end",
    "super_over_out_of_turn",
    "unknown_method",
    "result_before_last_innings",
    "result_differs_from_log",
    "unsafe_text",
    "ball_after_result",
    "interruption_without_overs",
    # the functions: what they could not read or write
    "unparseable_match",
    "ledger_foreign_entry",
    "document_too_large",
]

#: What each code means; docs/integrity.md publishes this table.
INTEGRITY_CODES: dict[str, str] = {
    "unparseable": "a scoring_actions document is not a valid action (the message names "
    "each bad field); it is left out",
    "id_mismatch": "the document's id field differs from its document id; it is left out",
    "match_mismatch": "the document's matchId is not the match it is filed under; left out",
    "id_not_position": "the document id is not the action's position in the log "
    "({innings}-{sequence:04d}, or -c{n} for a correction); it is left out",
    "sequence_gap": "sequence numbers are missing in an innings (a ball not yet arrived, or "
    "lost); the projection goes on without them and heals when they arrive",
    "duplicate_sequence": "two live actions hold the same position; the first one counts",
    "implicit_innings_start": "an innings began without an innings_start; the batting side "
    "was inferred",
    "duplicate_innings_start": "a second innings_start for an innings already started; "
    "ignored",
    "ball_after_innings_end": "a delivery after the innings ended; the innings goes on",
    "over_skipped": "a ball's over comes two or more after the last one: overs with no ball "
    "(a slip of the over number, or balls not yet arrived); scored as recorded",
    "over_too_long": "an over with two or more legal balls past its length (an umpire "
    "miscounts by one; more is a slip, or balls recorded in the wrong over)",
    "possible_double_tap": "the same ball as the one before it (the same batters, bowler, "
    "runs, extras and wicket), recorded within a second of it: one tap twice, most likely; "
    "scored as recorded until a scorer voids it",
    "clock_went_back": "a ball recorded more than ten minutes before the ball before it: a "
    "device's clock is wrong (or two devices' disagree); the log's order is the order of play, "
    "and the time is kept as recorded",
    "innings_ended_twice": "an innings_end for an innings already ended by one: ignored",
    "over_number_went_back": "a ball's over number is lower than the over in progress",
    "dismissed_batter_batting": "a batter who is out faces again",
    "absent_batter_has_batted": "a batter announced absent has already batted; ignored",
    "out_on_free_hit": "a dismissal the free hit does not allow (only as off a no-ball)",
    "no_ball_runs": "a no-ball's penalty differs from the match's noBallRuns (the rules "
    "refuse it from scorers; an admin's or an import's write is used as it is, and flagged)",
    "bowler_consecutive_overs": "a bowler bowls consecutive overs (Law 17.6)",
    "bowler_over_limit": "a bowler bowls more than his share of the overs (playing "
    "conditions: a fifth of them)",
    "penalty_without_innings": "penalty runs for an innings that does not exist; ignored",
    "player_on_wrong_side": "a batter who is not of the batting side, or a bowler or fielder "
    "who is not of the fielding side, as the match lists its players (Laws 1-2); a ball is "
    "scored as recorded; a retirement, an absence or a wicket without a ball of such a "
    "batter is ignored",
    "player_not_in_match": "a player the match does not list, when both sides list theirs "
    "(matches/{id}.teams[].players; the rules refuse them from apps, so only an admin or an "
    "import wrote it): a ball is still scored; a retirement, an absence or a wicket without "
    "a ball of such a batter is ignored",
    "end_reason_not_shown": "an innings_end whose reason the innings does not show (all "
    "out with batters still to come, counting absences and retirements; the overs not "
    "bowled; the target not reached): the innings ends, as for reason other, so no result "
    "is computed from it and the officials' match_result decides",
    "declaration_in_limited_overs": "a declaration in a limited-overs match of one innings a "
    "side, whose playing conditions allow none (Law 15 is replaced): ignored, the innings "
    "goes on",
    "innings_start_before_end": "an innings_start while the innings before it goes on (no "
    "end the fold can see: record an innings_end, e.g. for an innings cut short by rain); "
    "the earlier innings is closed there",
    "super_over_out_of_turn": "a super over started before the match is tied (the regular "
    "innings not complete, or not level): it is scored, and decides nothing until the "
    "match is tied",
    "unknown_method": "a match_result or revised_target method outside the published "
    "vocabulary (an admin's or an import's write: the rules refuse it from scorers); it is "
    "not printed",
    "result_before_last_innings": "an officials' win or tie recorded before the side "
    "batting last has batted (and not an award, Law 16.4): ignored, the match goes on",
    "result_differs_from_log": "the officials' result differs from the one the log's "
    "cricket gives (Law 16: the type, the winner or the margin): the officials' result "
    "stands, marked as theirs (resultSource), and this flags the difference for review",
    "unsafe_text": "names of the match (teams, players, the lineups') held control or "
    "text-direction characters (U+202E and the like, which can make a name read as another "
    "or reverse the text around it): they are published without them; the rules refuse them "
    "from apps, so an admin or an import wrote them",
    "ball_after_result": "a ball scored after the officials recorded the result: it is "
    "scored, and the result stands until they void it",
    "interruption_without_overs": "an interruption recorded in an innings with no overs to "
    "lose (a two-innings match, a super over): it changes nothing",
    "unparseable_match": "the match document is not a valid match (the message names each "
    "bad field; only an admin can write one): nothing can be projected from it, so live/score "
    "keeps what it showed, with this problem, until the match is valid again (balls are still "
    "folded with the match as it last was)",
    "ledger_foreign_entry": "an entry at the tail of the match's ledger (the hash chain) that "
    "the functions did not write (admin credentials, another program): the chain goes on "
    "after it, each later change chained onto it, and scripts/verify_chain.py names it; "
    "listed until the ledger is rebuilt",
    "document_too_large": "the projection would pass Firestore's 1 MiB document limit (huge "
    "names or ids, or an endless log): live/score keeps only the score and the match's "
    "status until the log is repaired; the functions go on",
}
assert set(INTEGRITY_CODES) == set(get_args(IntegrityCode)), "one description per code"


#: How much of a message or an id a problem repeats: a 600 KB id written by mistake (or on
#: purpose) must not be copied into the public live/score.
MAX_MESSAGE = 500
MAX_ID = 128


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class IntegrityProblem(View):
    """Something wrong in the log that the projection could not use, e.g. an unparseable
    document, a gap or a duplicate in the sequence. Messages and ids are clipped."""

    code: IntegrityCode
    message: str
    actionId: str | None = None

    @field_validator("message")
    @classmethod
    def _short_message(cls, value: str) -> str:
        return _clip(value, MAX_MESSAGE)

    @field_validator("actionId")
    @classmethod
    def _short_id(cls, value: str | None) -> str | None:
        return None if value is None else _clip(value, MAX_ID)


def problem(code: IntegrityCode, message: str, action_id_: str | None = None) -> IntegrityProblem:
    return IntegrityProblem(code=code, message=message, actionId=action_id_)


class LogAudit(BaseModel):
    """What the gap and duplicate checks remember of the log read so far, so that they can
    go on over the next actions only (a trigger folding one new ball)."""

    expected: dict[int, int] = Field(default_factory=dict)
    #: the position of the last live action: in log order the actions at one position are
    #: next to each other (a ball, then its corrections), so one is enough, however long
    #: the log
    lastLive: tuple[int, int] | None = None


def log_problems(ordered: list[Action], audit: LogAudit | None = None) -> list[IntegrityProblem]:
    """Gaps and duplicates in the sequence numbers of a sorted log (voided actions count as
    present: an undo never deletes). With ``audit``, the check continues from (and updates)
    what an earlier call saw, so checking a log in two parts equals checking it whole."""
    audit = audit if audit is not None else LogAudit()
    problems: list[IntegrityProblem] = []
    expected = audit.expected
    last_live = audit.lastLive
    for a in ordered:
        innings, sequence = a.inningsNumber, a.sequenceNumber
        nxt = expected.get(innings, 1)
        if sequence > nxt:
            problems.append(
                IntegrityProblem(
                    code="sequence_gap",
                    message=f"innings {innings}: sequence {nxt}..{sequence - 1} missing",
                    actionId=a.id,
                )
            )
        if sequence >= nxt:
            expected[innings] = sequence + 1
        if not a.isVoided:
            position = (innings, sequence)
            if position == last_live:
                problems.append(
                    IntegrityProblem(
                        code="duplicate_sequence",
                        message=(
                            f"two live actions at innings {innings} sequence "
                            f"{sequence}; the later id was ignored"
                        ),
                        actionId=a.id,
                    )
                )
            last_live = position
    audit.lastLive = last_live
    return problems
