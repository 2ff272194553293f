"""Properties that hold for any sequence of deliveries (hypothesis)."""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorebook.actions import ScoringAction
from scorebook.document import to_document
from scorebook.fold import fold, replay
from scorebook.laws.dismissals import credited_to_bowler
from scorebook.state import FoldState, initial_state
from scorebook.views.scorecard import project, to_projection
from tests.unit.factories import Book, make_match, two_innings_match

# One scorer's event: (kind, argument).
EVENTS = st.one_of(
    st.tuples(st.just("runs"), st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 4, 6])),
    st.tuples(st.just("four_run"), st.just(4)),
    st.tuples(st.just("wide"), st.integers(1, 5)),
    st.tuples(st.just("no_ball"), st.integers(0, 6)),
    st.tuples(st.just("no_ball_bye"), st.integers(1, 4)),
    st.tuples(st.just("bye"), st.integers(1, 4)),
    st.tuples(st.just("leg_bye"), st.integers(1, 4)),
    st.tuples(st.just("penalty_ball"), st.just(5)),
    st.tuples(
        st.just("out"), st.sampled_from(["bowled", "caught", "lbw", "stumped", "hit_wicket"])
    ),
    st.tuples(st.just("run_out"), st.integers(0, 3)),
    st.tuples(st.just("run_out_non_striker"), st.integers(0, 2)),
    st.tuples(st.just("wide_stumped"), st.just(1)),
    st.tuples(st.just("retired_hurt"), st.just(0)),
    st.tuples(st.just("retired_out"), st.just(0)),
    st.tuples(st.just("penalty_event"), st.just(5)),
)


#: Events that are one ball, whatever the state of the innings.
_BALLS: dict[str, Callable[[Book, int], object]] = {
    "runs": lambda book, arg: book.ball(arg),
    "four_run": lambda book, arg: book.ball(4, boundary=False),
    "wide": lambda book, arg: book.ball(wide=arg),
    "no_ball": lambda book, arg: book.ball(arg, no_ball=1),
    "no_ball_bye": lambda book, arg: book.ball(no_ball=1, bye=arg),
    "bye": lambda book, arg: book.ball(bye=arg),
    "leg_bye": lambda book, arg: book.ball(leg_bye=arg),
    "penalty_ball": lambda book, arg: book.ball(penalty=arg),
    "out": lambda book, arg: book.ball(
        0, out=arg, fielders=[_keeper(book)] if arg in ("caught", "stumped") else None
    ),
    "run_out": lambda book, arg: book.ball(arg, out="run_out"),
    "wide_stumped": lambda book, arg: book.ball(wide=1, out="stumped", fielders=[_keeper(book)]),
}


def _keeper(book: Book) -> str:
    """A fielder of the side in the field (its seventh player)."""
    inn = book.state.current()
    assert inn is not None
    return f"{inn.bowlingTeamId[0]}7"


def _score(book: Book, kind: str, arg: int) -> None:
    if kind in _BALLS:
        _BALLS[kind](book, arg)
    elif kind == "run_out_non_striker":
        _run_out_non_striker(book, arg)
    elif kind in ("retired_hurt", "retired_out"):
        _retire_striker(book, kind)
    elif kind == "penalty_event":
        book.event("penalty_runs", runs=arg, awardedToTeamId=book.state.current().battingTeamId)


def _run_out_non_striker(book: Book, runs: int) -> None:
    """Needs two batters at the crease; else the event is a plain ball."""
    inn = book.state.current()
    striker = inn.strikerId or book._next_batter()
    non = inn.nonStrikerId
    if non is None or non == striker:
        book.ball(runs)
        return
    book.ball(runs, striker=striker, non_striker=non, out="run_out", dismissed=non)


def _retire_striker(book: Book, kind: str) -> None:
    """Needs a striker; else the event is a dot ball."""
    inn = book.state.current()
    if inn.strikerId is None:
        book.ball(0)
        return
    book.event("retirement", batterId=inn.strikerId, type=kind)


def _book(events: list[tuple[str, int]], two_innings: bool, bpo: int) -> Book:
    match = two_innings_match(ballsPerOver=bpo) if two_innings else make_match(ballsPerOver=bpo)
    book = Book(match)
    book.start(bowlers=("a1", "a2", "a3", "a4", "a5"))
    for kind, arg in events:
        inn = book.state.current()
        if inn.closed:
            if book.innings >= 2:
                break
            book.start(bowlers=("h1", "h2", "h3", "h4", "h5"))
            inn = book.state.current()
        _score(book, kind, arg)
    return book


BOOKS = st.builds(
    _book,
    st.lists(EVENTS, min_size=30, max_size=400),
    st.booleans(),
    st.sampled_from([6, 6, 5]),
)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(BOOKS)
def test_the_total_is_batters_runs_plus_extras(book: Book) -> None:
    live = book.live()
    # a well-formed log has no integrity problems (the generator may get a batter out
    # bowled off a free hit, which the fold rightly flags)
    assert {p.code for p in live.integrity} <= {"out_on_free_hit"}
    for snap in live.innings:
        assert snap.runs == sum(b.runs for b in snap.batsmen) + snap.extras.total


@SETTINGS
@given(BOOKS)
def test_balls_are_the_legal_deliveries(book: Book) -> None:
    live = book.live()
    for snap in live.innings:
        deliveries = [
            a
            for a in book.actions
            if isinstance(a, ScoringAction) and a.inningsNumber == snap.inningsNumber
        ]
        assert snap.balls == sum(a.isLegalDelivery for a in deliveries)
        assert sum(b.ballsBowled for b in snap.bowlers) == snap.balls
        assert sum(b.ballsFaced for b in snap.batsmen) == sum(
            a.extras.wide == 0 for a in deliveries
        )
        credited = sum(
            a.wicket is not None and credited_to_bowler(a.wicket.type) for a in deliveries
        )
        assert sum(b.wickets for b in snap.bowlers) == credited


@SETTINGS
@given(BOOKS)
def test_wickets_are_the_falls_of_wicket(book: Book) -> None:
    for snap in book.live().innings:
        assert snap.wickets == len(snap.fallOfWickets)
        assert [f.wicketNumber for f in snap.fallOfWickets] == list(range(1, snap.wickets + 1))
        assert snap.wickets == sum(b.isOut for b in snap.batsmen)


@SETTINGS
@given(BOOKS)
def test_the_bowlers_are_charged_all_but_byes_leg_byes_and_penalties(book: Book) -> None:
    for snap in book.live().innings:
        e = snap.extras
        charged = snap.runs - e.byes - e.legByes - e.penalty
        assert sum(b.runsConceded for b in snap.bowlers) == charged


@SETTINGS
@given(BOOKS)
def test_the_innings_overs_are_its_legal_balls_when_no_over_is_miscounted(book: Book) -> None:
    bpo = book.match.ballsPerOver
    for snap in book.live().innings:
        assert _legal_balls(snap.overs, bpo) == snap.balls
        assert sum(_legal_balls(b.overs, bpo) for b in snap.bowlers) == snap.balls


def _legal_balls(overs: float, bpo: int) -> int:
    """The legal balls in overs written as the number 12.4 (fewer than 10 balls an over):
    the number is exactly the float its one-decimal text reads, with no artefact."""
    text = f"{overs:.1f}"
    assert overs == float(text), overs
    whole, balls = (int(x) for x in text.split("."))
    assert balls < bpo
    return whole * bpo + balls


@SETTINGS
@given(BOOKS, st.data())
def test_folding_in_two_halves_through_json_equals_one_pass(book: Book, data) -> None:
    actions = book.actions
    cut = data.draw(st.integers(0, len(actions)))
    whole = replay(initial_state(book.match), actions)
    first = replay(initial_state(book.match), actions[:cut])
    stored = FoldState.from_json(json.dumps(first.to_json()))
    resumed = replay(stored, actions[cut:])
    assert resumed == whole
    assert to_document(to_projection(resumed)) == to_document(project(book.match, actions))


@SETTINGS
@given(BOOKS)
def test_folding_one_action_at_a_time_equals_projecting_the_log(book: Book) -> None:
    state = initial_state(book.match)
    for action in book.actions:
        state = fold(state, action)
    assert to_document(to_projection(state)) == to_document(project(book.match, book.actions))


@SETTINGS
@given(BOOKS, st.randoms(use_true_random=False))
def test_the_order_the_log_is_read_in_does_not_matter(book: Book, rnd) -> None:
    shuffled = list(book.actions)
    rnd.shuffle(shuffled)
    assert to_document(project(book.match, shuffled)) == to_document(book.live())
