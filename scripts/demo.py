"""Watch a cricket match scored live on the Firebase emulators.

Run through `make demo ARGS="..."`, which starts the emulators (Auth, Firestore, Functions,
Hosting, Cloud Tasks, Pub/Sub). The demo creates the match, its teams and players and a
scorer (a real Auth emulator user), then replays a match (Cricsheet JSON: a real one, or the
generated T20) ball by ball through the Firestore REST API as that signed-in scorer, exactly
as a mobile app writes. Open the printed URL to watch it in the web app (web/, served by the Hosting
emulator); a spectator's listener on `live/score` prints the scoreboard on the terminal as
the Cloud Function updates it; the final scorecard ends the run. With --ingest the match
comes from a data provider instead (docs/ingest.md).

Match data: Cricsheet (cricsheet.org), Open Data Commons Attribution License.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
from rich.console import Console
from rich.table import Table

from scorebook.cricsheet import lineups_from_cricsheet, load_match
from scorebook.document import to_document
from scorebook.match import Match
from scorebook.views.live_now import innings_numbers
from scorebook.views.scorecard import project
from scorebook_tools.emulators import emulator_log, running_emulators, web_origin
from scorebook_tools.generated_match import GENERATED_MATCH_ID
from scorebook_tools.made_up_shots import with_shots
from scorebook_tools.realdata import ATTRIBUTION, DEMO_MATCH, default_match
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    assign_match_role,
    create_match,
    write_action,
    write_lineup,
)
from scorebook_tools.spectator import Listener

if TYPE_CHECKING:
    from scorebook.ingest.intake import Counts

REPO = Path(__file__).resolve().parents[1]
SECONDS_PER_BALL = 30.0  # a live match: roughly one delivery every half minute
SCORER_EMAIL = "scorer@example.com"
INTERACTIVE_SPEED = 30.0  # a ball a second: a T20 in about four minutes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make demo ARGS=...",
        description=__doc__.split("\n\n")[0] + " " + " ".join(__doc__.split("\n\n")[1].split()),
    )
    parser.add_argument(
        "--match",
        type=Path,
        help=f"a Cricsheet JSON match (default: the real T20 {DEMO_MATCH} when `make data` "
        "has fetched it, else a generated T20)",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=None,
        help=f"how many times faster than live ({SECONDS_PER_BALL:.0f} s a ball); 0 = as fast "
        "as the pipeline allows (each ball is written as soon as the spectator has seen the "
        f"previous one). Default: {INTERACTIVE_SPEED:.0f} (a ball a second, to watch in the "
        "browser) on a terminal, else 0",
    )
    parser.add_argument(
        "--hold",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="after the match, keep the emulators and the web app up until Ctrl-C (default: "
        "on a terminal)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the final live/score document as JSON, last",
    )
    parser.add_argument(
        "--ingest",
        action="store_true",
        help="take the match from a data provider instead: the fake provider replays it as a "
        "live feed (with a re-sent ball, a missing one and a correction), and the ingestion "
        "(scripts/ingest.py's loop, docs/ingest.md) writes its balls to the log",
    )
    parser.add_argument(
        "--shots",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="record where each ball went and pitched, so that the page draws wagon wheels "
        "and pitch maps; made up (Cricsheet records neither) and said so (default: on)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="print no line per ball, only the final scorecard",
    )
    args = parser.parse_args(argv)
    interactive = sys.stdout.isatty()
    if args.speed is None:
        args.speed = INTERACTIVE_SPEED if interactive else 0.0
    if args.hold is None:
        args.hold = interactive
    return args


def sign_up_scorer(project_id: str) -> tuple[str, str]:
    """Create (or sign in) the scorer in the Auth emulator; return (uid, ID token)."""
    host = os.environ.get("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")
    base = f"http://{host}/identitytoolkit.googleapis.com/v1/accounts"
    body = {"email": SCORER_EMAIL, "password": "not-a-secret", "returnSecureToken": True}
    reply = requests.post(f"{base}:signUp?key=demo-key", json=body, timeout=10)
    if reply.status_code == 400 and "EMAIL_EXISTS" in reply.text:
        reply = requests.post(f"{base}:signInWithPassword?key=demo-key", json=body, timeout=10)
    reply.raise_for_status()
    data = reply.json()
    return data["localId"], data["idToken"]


def ball_line(score: dict[str, Any], names: dict[str, str]) -> str:
    """One scoreboard line: `Punjab Kings 45/2 (5.3) | Dhawan* 23 (14) ... | this over: 1 4 W`."""
    innings = score.get("currentInnings") or {}
    batting = innings.get("battingTeamName") or innings.get("battingTeamId", "")
    head = (
        f"{batting} {innings.get('runs', 0)}/{innings.get('wickets', 0)} ({innings.get('overs')})"
    )
    over = " ".join(ball["display"] for ball in score.get("currentOver", []))
    return (f"{head} | {_at_the_crease(score, names)} | {_bowling_now(score)} | "
            f"this over: {over}{_chase(innings)}")


def _at_the_crease(score: dict[str, Any], names: dict[str, str]) -> str:
    """`Dhawan* 23 (14) Bairstow 8 (6)`: the batters in, the striker starred."""
    return " ".join(
        f"{_name(b, names)}"
        f"{'*' if b.get('isOnStrike') else ''} {b['runs']} ({b['ballsFaced']})"
        for b in score.get("batsmen", []) if b.get("isAtCrease")
    )


def _name(player: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """A batter's or bowler's name as live/score gives it, else as the match names them,
    else their id."""
    return player.get("name") or (names or {}).get(player["playerId"], player["playerId"])


def _bowling_now(score: dict[str, Any]) -> str:
    """`Rabada 1-20 (3.3)`: the bowler of the over; empty between overs."""
    bowler = next((b for b in score.get("bowlers", []) if b.get("isBowling")), None)
    if not bowler:
        return ""
    return (f"{_name(bowler)} {bowler['wickets']}-"
            f"{bowler['runsConceded']} ({bowler['overs']})")


def _chase(innings: dict[str, Any]) -> str:
    """` | need 30 off 18` in a chase, else nothing."""
    if not innings.get("target"):
        return ""
    return f" | need {innings.get('runsNeeded')} off {innings.get('ballsRemaining')}"


def print_scorecard(console: Console, score: dict[str, Any], teams: dict[str, str]) -> None:
    number = 1
    while f"innings{number}" in score:
        innings = score[f"innings{number}"]
        console.print(_batting(innings, number, teams))
        console.print(_bowling(innings))
        fow = _fall_of_wickets(innings)
        if fow:
            console.print(f"[bold]Fall of wickets:[/bold] {fow}\n")
        number += 1
    console.print(f"[bold green]{score.get('result') or score.get('status')}[/bold green]")


def _fall_of_wickets(innings: dict[str, Any]) -> str:
    """`45-1 (Dhawan, 5.3 ov), ...`; empty before the first wicket."""
    return ", ".join(
        f"{f['score']}-{f['wicketNumber']} ({f.get('batsmanOutName') or f['batsmanOutId']},"
        f" {f['over']} ov)"
        for f in innings.get("fallOfWickets", [])
    )


def _batting(innings: dict[str, Any], number: int, teams: dict[str, str]) -> Table:
    batting = Table(title=_innings_title(innings, number, teams), title_justify="left")
    for column in ("Batter", "How out", "R", "B", "4s", "6s", "SR"):
        batting.add_column(
            column, justify="left" if column in ("Batter", "How out") else "right"
        )
    for b in innings.get("batsmen", []):
        batting.add_row(*_batter_row(b))
    extras = innings.get("extras", {})
    batting.add_row(
        "Extras",
        f"(b {extras.get('byes', 0)}, lb {extras.get('legByes', 0)}, "
        f"w {extras.get('wides', 0)}, nb {extras.get('noBalls', 0)}, "
        f"p {extras.get('penalty', 0)})",
        str(extras.get("total", 0)),
        "",
        "",
        "",
        "",
    )
    return batting


def _innings_title(innings: dict[str, Any], number: int, teams: dict[str, str]) -> str:
    """`Innings 2 (super over): Punjab Kings 180/6 (20 ov)`."""
    return (
        f"Innings {number}{' (super over)' if innings.get('isSuperOver') else ''}: "
        f"{teams.get(innings['battingTeamId'], innings['battingTeamId'])} "
        f"{innings['runs']}/{innings['wickets']} "
        f"({innings['overs']} ov)"
    )


def _batter_row(b: dict[str, Any]) -> tuple[str, ...]:
    """A batter's line of the card; no strike rate before a ball faced."""
    return (
        _name(b),
        b.get("howOut", ""),
        str(b["runs"]),
        str(b["ballsFaced"]),
        str(b["fours"]),
        str(b["sixes"]),
        f"{b['strikeRate']:.1f}" if b.get("ballsFaced") else "-",
    )


def _bowling(innings: dict[str, Any]) -> Table:
    bowling = Table(title_justify="left")
    for column in ("Bowler", "O", "M", "R", "W", "Wd", "Nb", "Econ"):
        bowling.add_column(column, justify="left" if column == "Bowler" else "right")
    for b in innings.get("bowlers", []):
        bowling.add_row(*_bowler_row(b))
    return bowling


def _bowler_row(b: dict[str, Any]) -> tuple[str, ...]:
    """A bowler's line of the card; no economy before a ball bowled."""
    return (
        _name(b),
        str(b["overs"]),
        str(b["maidens"]),
        str(b["runsConceded"]),
        str(b["wickets"]),
        str(b["wides"]),
        str(b["noBalls"]),
        f"{b['economy']:.2f}" if b.get("ballsBowled") else "-",
    )


def check_against_data(
    match: Match, actions: list[Any], score: dict[str, Any], source: Path
) -> list[str]:
    """Differences between live/score and (a) the pure projection of the same log and
    (b) the innings totals the Cricsheet deliveries imply."""
    expected = to_document(project(match, actions), json=True)
    return (_innings_differences(expected, score) + _match_differences(expected, score)
            + _file_differences(score, source))


def _innings_differences(expected: dict[str, Any], score: dict[str, Any]) -> list[str]:
    """Each innings' runs, wickets, balls and overs that live/score and the projection
    disagree on."""
    problems = []
    for key in (f"innings{n}" for n in innings_numbers(expected)):
        problems += _totals_differences(key, expected[key], score.get(key) or {})
    return problems


def _totals_differences(key: str, want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """The runs, wickets, balls and overs of innings `key` where live/score (`got`) is not
    the projection (`want`)."""
    return [f"{key}.{field}: live/score has {got.get(field)}, "
            f"the projection of the log has {want.get(field)}"
            for field in ("runs", "wickets", "balls", "overs")
            if want.get(field) != got.get(field)]


def _match_differences(expected: dict[str, Any], score: dict[str, Any]) -> list[str]:
    """The result, the winner and the last action, where live/score and the projection
    disagree."""
    return [f"{field}: live/score has {score.get(field)!r}, "
            f"the projection of the log has {expected.get(field)!r}"
            for field in ("result", "winnerId", "lastActionId")
            if expected.get(field) != score.get(field)]


def _file_differences(score: dict[str, Any], source: Path) -> list[str]:
    """Each innings whose runs in live/score are not the match file's."""
    problems = []
    for number, runs in enumerate(_file_totals(source), start=1):
        got = (score.get(f"innings{number}") or {}).get("runs")
        if got != runs:
            problems.append(f"innings{number}.runs: live/score has {got}, the file has {runs}")
    return problems


def _file_totals(source: Path) -> list[int]:
    """Each innings' runs as the Cricsheet file has them: its deliveries' and its penalty
    runs."""
    totals = []
    for innings in json.loads(source.read_text())["innings"]:
        runs = sum(d["runs"]["total"] for o in innings.get("overs", []) for d in o["deliveries"])
        penalties = innings.get("penalty_runs", {})
        totals.append(runs + penalties.get("pre", 0) + penalties.get("post", 0))
    return totals


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(highlight=False, soft_wrap=True)
    if args.match is None:
        args.match, which = default_match()
        console.print(which)
    elif not args.match.is_file():
        console.print(f"[red]No such match file: {args.match}[/red]")
        return 2
    console.print("starting the emulators: Auth, Firestore, Functions, Hosting, Cloud Tasks, "
                  f"Pub/Sub (log: {emulator_log(REPO).relative_to(REPO)}) ...")
    with running_emulators(REPO):
        status = ingest(args, console) if args.ingest else replay(args, console)
        if args.hold:
            _hold(console)
        return status


def _hold(console: Console) -> None:
    """Keep the emulators and the web app up until Ctrl-C."""
    console.print(f"The web app stays up at {web_origin(REPO)}/ : Ctrl-C stops it.")
    with suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)


def _score_ball_by_ball(args: argparse.Namespace, console: Console, scorer: FirestoreRest, *,
                        uid: str, match: Match, actions: list[Any],
                        ) -> tuple[dict[str, Any], list[float]]:
    """Write each action as the scorer, wait until a spectator's live/score has it, print the
    ball: live/score at the end and each write's wait."""
    names = match.player_names()
    spectator = Listener(f"matches/{match.id}/live/score")
    interval = SECONDS_PER_BALL / args.speed if args.speed > 0 else 0.0
    latencies: list[float] = []
    score: dict[str, Any] = {}
    try:
        for action in actions:
            action = action.model_copy(update={"recordedBy": uid})
            sent = time.monotonic()
            write_action(scorer, action)
            _, score = spectator.wait_for_action(action.id)
            latencies.append(time.monotonic() - sent)
            if not args.quiet:
                _print_action(console, action, score, names)
            if interval:
                time.sleep(max(0.0, interval - (time.monotonic() - sent)))
    finally:
        spectator.close()
    return score, latencies


def _print_action(console: Console, action: Any, score: dict[str, Any],
                  names: dict[str, str]) -> None:
    """A delivery's scoreboard line, or the kind of any other action."""
    if getattr(action, "kind", "delivery") == "delivery":
        console.print(ball_line(score, names))
    else:
        console.print(f"[yellow]{action.kind.replace('_', ' ')}[/yellow]")


def replay(args: argparse.Namespace, console: Console) -> int:
    project_id = os.environ.get("GCLOUD_PROJECT", "demo-scorebook")
    match, actions = load_match(args.match)
    _announce(console, args.match, match, len(actions))
    if args.shots:
        actions = _with_made_up_shots(console, actions)
    uid, scorer = _set_up_match(args.match, match, project_id)
    console.print(f"scorer {SCORER_EMAIL} (uid {uid}) signed in to the Auth emulator")
    origin = web_origin(REPO)
    console.print(f"[bold]Watch it in a browser: {origin}/match/{match.id}[/bold]  (the stream "
                  f"overlay: {origin}/match/{match.id}/overlay, the printable scorecard: "
                  f"{origin}/match/{match.id}/scorecard, all matches: {origin}/)")

    started = time.monotonic()
    score, latencies = _score_ball_by_ball(args, console, scorer, uid=uid, match=match,
                                           actions=actions)
    elapsed = time.monotonic() - started

    console.rule("Final scorecard")
    print_scorecard(console, score, _team_names(match))
    _print_latencies(console, len(actions), elapsed, latencies)
    problems = check_against_data(match, actions, score, args.match)
    _print_replay_check(console, problems)
    if args.json:
        sys.stdout.flush()
        print(json.dumps(score, default=str, indent=1, sort_keys=True))
    return 1 if problems else 0


def _announce(console: Console, path: Path, match: Match, actions: int) -> None:
    """The match, its actions and where they come from (a real match's attribution)."""
    source = "generated" if path.stem == GENERATED_MATCH_ID else ATTRIBUTION
    console.print(
        f"[bold]{match.name or match.id}[/bold]: {actions} scoring actions from "
        f"{path.name} ({source})"
    )


def _team_names(match: Match) -> dict[str, str]:
    return {team.id: team.name for team in match.teams}


def _with_made_up_shots(console: Console, actions: list[Any]) -> list[Any]:
    """Each ball with where it went and pitched made up, and said so: Cricsheet records
    neither."""
    console.print("where each ball went and pitched (the wagon wheels and pitch maps) is "
                  "made up for the demo: the match file does not record it (--no-shots leaves "
                  "it out)")
    return [with_shots(a) for a in actions]


def _print_latencies(console: Console, actions: int, elapsed: float,
                     latencies: list[float]) -> None:
    """The run's length and each write's wait until the spectator had it: p50, p95, max."""
    ms = sorted(1000 * t for t in latencies)
    console.print(
        f"\n{actions} actions in {elapsed:.1f}s; write -> spectator sees live/score: "
        f"p50 {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms, "
        f"max {ms[-1]:.0f} ms"
    )


def _set_up_match(path: Path, match: Match, project_id: str) -> tuple[str, FirestoreRest]:
    """The match and its team sheets written as an admin, and its scorer signed up and
    assigned: the scorer's uid and a client signed in as the scorer."""
    admin = FirestoreRest.as_admin(project_id)
    create_match(admin, match)
    # Who plays: the team sheets (and any replacements) as team officials would enter them.
    for entry in lineups_from_cricsheet(path, match_id=match.id):
        write_lineup(admin, match.id, entry)
    uid, id_token = sign_up_scorer(project_id)
    assign_match_role(admin, match.id, uid, role="scorer_neutral")
    return uid, FirestoreRest(project_id, id_token)


def _print_replay_check(console: Console, problems: list[str]) -> None:
    """What live/score disagrees on with the match data, or that it agrees."""
    if problems:
        console.print("[red]live/score disagrees with the match data:[/red]")
        for problem in problems:
            console.print(f"  [red]- {problem}[/red]")
    else:
        console.print(
            "[green]live/score matches the projection of the log and the "
            "innings totals of the match file.[/green]"
        )


def _follow(local: Any, spectator: Listener, console: Console | None,
            names: dict[str, str]) -> dict[str, Any]:
    """live/score as a spectator sees it until the ingestion ends (each new ball printed
    unless `console` is None); the last one."""
    shown, score = "", {}
    while not local.wait(timeout=0.2) or not spectator.updates.empty():
        shown, score = _show_updates(spectator, console, names, shown, score)
    time.sleep(2)
    while not spectator.updates.empty():
        _, score = spectator.updates.get()
    return score


def _show_updates(spectator: Listener, console: Console | None, names: dict[str, str],
                  shown: str, score: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Each update waiting, its ball printed when it brings a new last action; the last
    action shown and the latest live/score (`score` when none was waiting)."""
    while not spectator.updates.empty():
        _, score = spectator.updates.get()
        if score.get("lastActionId") != shown and console is not None:
            console.print(ball_line(score, names))
        shown = score.get("lastActionId") or shown
    return shown, score


def ingest(args: argparse.Namespace, console: Console) -> int:
    """The match from the fake provider, ingested as it plays, watched as a spectator."""
    from scorebook.firestore.client import firestore_client
    from scorebook.firestore.ingest import FirestoreIngestStore, write_mapping
    from scorebook_tools.fake_provider import FakeProvider, mapping

    match, actions = load_match(args.match)
    names = match.player_names()
    rate = args.speed / SECONDS_PER_BALL if args.speed else 10.0
    db = firestore_client()
    write_mapping(db, "feed", mapping(args.match))
    with FakeProvider() as fake:
        wrong = _faulty_feed(console, fake, args.match, rate=rate, match=match,
                             actions=len(actions))
        _set_up_ingestion(db, fake.url, match.id)
        origin = web_origin(REPO)
        console.print(f"[bold]Watch it in a browser: {origin}/match/{match.id}[/bold]")
        score = _watch_ingestion(db, match.id, None if args.quiet else console, names)
    ingestion = FirestoreIngestStore(db).read(match.id)
    console.rule("Final scorecard")
    print_scorecard(console, score, _team_names(match))
    if ingestion and ingestion.totals:
        _print_ingested(console, ingestion.totals, wrong)
    problems = check_against_data(match, actions, score, args.match)
    _print_ingest_check(console, problems)
    return 1 if problems else 0


def _faulty_feed(console: Console, fake: Any, path: Path, *, rate: float, match: Match,
                 actions: int) -> str:
    """The match served by the fake provider with the faults a real feed has: a tenth of
    its events re-sent, a ball left out of the stream, one published wrong and corrected
    (said); the id of the one published wrong."""
    replay_ = fake.add(path, rate=rate, delay=None)
    faults = fake.faults(match.id)
    faults.duplicate, faults.drop = 0.1, {"1-0012"}
    wrong = replay_.publish_wrong("1-0020", seconds=10 / rate)
    credit = "" if path.stem == GENERATED_MATCH_ID else f"; {ATTRIBUTION}"
    console.print(f"[bold]{match.name or match.id}[/bold]: {actions} events from the "
                  f"fake provider at {fake.url}, {rate:g} a second (re-sending 10%, "
                  f"leaving 1-0012 out of its stream, {wrong} published wrong and "
                  f"corrected){credit}")
    return wrong


def _set_up_ingestion(db: Any, url: str, match_id: str) -> None:
    """The match's ingestion from the provider at `url`, set up as scripts/ingest.py does."""
    from datetime import UTC, datetime

    import httpx

    from scorebook.firestore.ingest import FirestoreIngestStore
    from scorebook.http_providers import provider_for
    from scorebook.ingest.answer import ProviderRef
    from scorebook.ingest.cadence import Cadence
    from scorebook.service.ingest import set_up

    refs = [ProviderRef(name="feed", adapter="generic", url=url, providerMatchId=match_id)]
    with httpx.Client() as http:
        set_up(FirestoreIngestStore(db), provider_for(refs[0], http, match_id),
               match_id=match_id, providers=refs, now=datetime.now(UTC),
               cadence=Cadence(settleSeconds=3, breakTime=1))


def _watch_ingestion(db: Any, match_id: str, console: Console | None,
                     names: dict[str, str]) -> dict[str, Any]:
    """The match ingested here until it ends, followed as a spectator (`_follow`); the
    last live/score."""
    from scorebook_tools.ingest_local import LocalIngest, PrometheusObserver

    spectator = Listener(f"matches/{match_id}/live/score")
    local = LocalIngest(db, PrometheusObserver())
    local.start([match_id])
    try:
        return _follow(local, spectator, console, names)
    finally:
        spectator.close()
        local.stop()


def _print_ingest_check(console: Console, problems: list[str]) -> None:
    """What live/score disagrees on with the match data, or that it agrees."""
    for problem in problems:
        console.print(f"  [red]- {problem}[/red]")
    if not problems:
        console.print("[green]live/score matches the projection of the match and the "
                      "innings totals of the match file.[/green]")


def _print_ingested(console: Console, totals: Counts, wrong: str) -> None:
    """What the ingestion wrote, ignored, fetched again and corrected."""
    console.print(f"\ningested: {totals.written} balls written, {totals.duplicates} "
                  f"re-sent ones ignored, {totals.gaps} gap ({totals.backfilled} ball "
                  f"fetched again), {totals.corrections} correction (a void and "
                  f"{wrong}-c1)")


if __name__ == "__main__":
    sys.exit(main())
