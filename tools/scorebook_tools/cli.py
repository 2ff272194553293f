"""Command line, ``python -m scorebook_tools COMMAND``: ``replay MATCH.json``, ``actions``,
``events MATCH.json``, ``check DRAFT.json [--match MATCH.json]``, ``season --competition
COMPETITION.json MATCH.json ...``, ``dls --overs 50 --first 250 --second-overs 30`` (the rain
rule), ``export``, ``match``.

Cricsheet data: cricsheet.org, Open Data Commons Attribution License.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from scorebook.actions import parse_action
from scorebook.cricsheet import ATTRIBUTION, load_match
from scorebook.document import to_document
from scorebook.feed import feed
from scorebook.fold import fold_into
from scorebook.match import Match
from scorebook.season.lines import match_contribution, season_documents
from scorebook.season.table import Competition
from scorebook.service.validate import Context, validate_action
from scorebook.state import initial_state
from scorebook.views.scorecard import project
from scorebook_tools import dls_calculator
from scorebook_tools.cricsheet_export import to_cricsheet


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scorebook_tools",
        description="Replay Cricsheet matches through the scorebook fold (pure, no Firebase), "
        "compute a competition's season, and export a match to Cricsheet JSON.",
        epilog=ATTRIBUTION,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    replay = sub.add_parser(
        "replay",
        help="print the final LiveScoreProjection of each match as JSON, in the order given",
    )
    replay.add_argument("match", nargs="+",
                        help="Cricsheet JSON files (each one's stem is its match id)")
    replay.add_argument("--match-id", help="override the match id (one file only)")
    replay.add_argument("--indent", type=int, default=2,
                        help="JSON indent (0: each match's document on one line, so a season "
                        "replays in one process as JSON lines)")
    actions = sub.add_parser(
        "actions",
        help="print the match's scoring actions as JSON lines (the Firestore documents)",
    )
    actions.add_argument("match", help="a Cricsheet JSON file (its stem is the match id)")
    actions.add_argument("--match-id", help="override the match id")
    actions.add_argument(
        "--recorded-by", default="cricsheet-import", help="recordedBy of every action"
    )
    events = sub.add_parser(
        "events",
        help="print the match's spectator feed as JSON lines: every event of every action, in "
        "log order, each with the seq it takes when the log is published ball by ball",
    )
    events.add_argument("match", help="a Cricsheet JSON file (its stem is the match id)")
    events.add_argument("--match-id", help="override the match id")
    events.add_argument("--type", action="append", dest="types", metavar="TYPE",
                        help="only events of this type (BALL_BOWLED, WICKET_FALLEN, ...); "
                        "repeat for several")
    match = sub.add_parser("match", help="print the match document as JSON")
    match.add_argument("match", help="a Cricsheet JSON file")
    match.add_argument("--match-id", help="override the match id")
    check = sub.add_parser(
        "check",
        help="the problems the security rules and the models find in draft actions, one per "
        "line (what the validateAction function answers); exit status 1 if any",
    )
    check.add_argument("draft", help="a JSON action, a JSON list of them, or JSON lines (what "
                       "`actions` prints); - for standard input")
    check.add_argument("--match", dest="match_document", metavar="MATCH.json",
                       help="the match document (what `match` prints): also checks the match's "
                       "players, teams, no-ball penalty and status")
    season = sub.add_parser(
        "season",
        help="print a competition's table (each side's TeamSeasonStats, ranked), its "
        "players' PlayerSeasonStats and their PlayerHeadToHeadStats from its matches as one "
        "JSON document",
    )
    season.add_argument("--competition", required=True, metavar="COMPETITION.json",
                        help="the competitions/{id} document as JSON: its table matches, "
                        "points and balls an over (docs/season.md)")
    season.add_argument("match", nargs="+", help="Cricsheet JSON files of its matches")
    export = sub.add_parser(
        "export",
        help="print a match as Cricsheet JSON, made from its log (voided actions left out, "
        "corrections in their place): from Firestore by its id (the emulators when "
        "FIRESTORE_EMULATOR_HOST is set, else --project), or from files",
    )
    export.add_argument("match_id", nargs="?", help="matches/{id} in Firestore")
    export.add_argument("--project", help="the Firebase project (default: the environment's)")
    export.add_argument("--match", dest="match_document", metavar="MATCH.json",
                        help="the match document (what `match` prints), with --actions")
    export.add_argument("--actions", metavar="ACTIONS.json",
                        help="its log: a JSON list or JSON lines of action documents (what "
                        "`actions` prints)")
    export.add_argument("--cricsheet", metavar="FILE",
                        help="a Cricsheet file, imported then exported (the round trip)")
    dls_calculator.add_parser(sub)
    return parser


def _export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.cricsheet:
        match, acts = load_match(args.cricsheet)
    elif args.match_document and args.actions:
        match = Match.model_validate_json(Path(args.match_document).read_text())
        acts = [parse_action({"matchId": match.id, **doc}) for doc in _drafts(args.actions)]
    elif args.match_id:
        from scorebook_tools.firestore_export import read_match  # needs google-cloud

        match, acts = read_match(args.match_id, args.project)
    else:
        parser.error("export: give a MATCH_ID, --match and --actions, or --cricsheet")
    sys.stdout.write(json.dumps(to_cricsheet(match, acts), indent=2, ensure_ascii=False) + "\n")
    return 0


def _season(args: argparse.Namespace) -> int:
    competition = Competition.model_validate_json(Path(args.competition).read_text())
    played = []
    for path in args.match:
        match, acts = load_match(path)
        state = initial_state(match)
        fold_into(state, acts)
        mine = match_contribution(state, acts, competition, match.dates, match.playerOfMatch)
        if mine is not None:  # completed
            played.append(mine)
    doc = season_documents(competition, played)
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return 0


def _drafts(path: str) -> list[Any]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return _json_lines(text)
    return data if isinstance(data, list) else [data]


def _json_lines(text: str) -> list[Any]:
    """A document a line, blank lines skipped."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _check(args: argparse.Namespace) -> int:
    """One line per problem (`field: message (code)`, after the action's id when the file
    holds several); exit status 1 when there is any."""
    context = _context(args.match_document)
    drafts = _drafts(args.draft)
    found = 0
    for draft in drafts:
        where = f"{draft.get('id')}: " if len(drafts) > 1 and isinstance(draft, dict) else ""
        for problem in validate_action(draft, context):
            found += 1
            sys.stdout.write(f"{where}{problem} ({problem.code})\n")
    sys.stderr.write(f"{found} problem{'s' * (found != 1)} in {len(drafts)} action"
                     f"{'s' * (len(drafts) != 1)}\n")
    return 1 if found else 0


def _context(match_document: str | None) -> Context:
    """What the drafts are checked against: now, and the match document if one is given."""
    match = json.loads(Path(match_document).read_text()) if match_document else None
    return Context(now=datetime.now(UTC), check_match=match is not None, match=match,
                   match_id=match.get("id") if isinstance(match, dict) else None)


def _replay(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """live/score of each match, a line each."""
    if args.match_id and len(args.match) > 1:
        parser.error("--match-id names one match: give one file")
    for path in args.match:
        match, acts = load_match(path, match_id=args.match_id)
        doc = to_document(project(match, acts), json=True)
        sys.stdout.write(json.dumps(doc, indent=args.indent or None, ensure_ascii=False) + "\n")
    return 0


def _events(args: argparse.Namespace) -> int:
    """The feed's events of a match, a line each, with their seq."""
    match, acts = load_match(args.match, match_id=args.match_id)
    for seq, event in enumerate(feed(match, acts), start=1):
        if args.types and event.type not in args.types:
            continue
        line = {"seq": seq, **to_document(event, json=True)}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


def _actions(args: argparse.Namespace) -> int:
    """The match's scoring actions, a document a line."""
    _, acts = load_match(args.match, match_id=args.match_id, recorded_by=args.recorded_by)
    for a in acts:
        sys.stdout.write(json.dumps(to_document(a, json=True), ensure_ascii=False) + "\n")
    return 0


def _match(args: argparse.Namespace) -> int:
    match, _ = load_match(args.match, match_id=args.match_id)
    doc = to_document(match, json=True)
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # replay and export can be given options that do not go together: the parser says so
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "replay": partial(_replay, parser=parser), "check": _check, "season": _season,
        "export": partial(_export, parser=parser), "dls": dls_calculator.run,
        "events": _events, "actions": _actions, "match": _match}
    return commands[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
