"""Command line: ``python -m scorebook replay MATCH.json`` / ``python -m scorebook actions ...``.

Cricsheet data: cricsheet.org, Open Data Commons Attribution License.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from scorebook.document import to_document
from scorebook.views.scorecard import project
from scorebook_tools.cricsheet import ATTRIBUTION, load_match


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scorebook",
        description="Replay Cricsheet matches through the scorebook fold (pure, no Firebase).",
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
    match = sub.add_parser("match", help="print the match document as JSON")
    match.add_argument("match", help="a Cricsheet JSON file")
    match.add_argument("--match-id", help="override the match id")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "replay":
        if args.match_id and len(args.match) > 1:
            parser.error("--match-id names one match: give one file")
        for path in args.match:
            match, acts = load_match(path, match_id=args.match_id)
            doc = to_document(project(match, acts), json=True)
            sys.stdout.write(json.dumps(doc, indent=args.indent or None, ensure_ascii=False) + "\n")
        return 0
    if args.command == "actions":
        _, acts = load_match(args.match, match_id=args.match_id, recorded_by=args.recorded_by)
        for a in acts:
            sys.stdout.write(json.dumps(to_document(a, json=True), ensure_ascii=False) + "\n")
        return 0
    match, _ = load_match(args.match, match_id=args.match_id)
    doc = to_document(match, json=True)
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
