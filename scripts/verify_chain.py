"""Verify the tamper-evident chain of matches' logs (matches/{id}/ledger).

The functions give every change a log accepts (an action appended, an action voided) a
ledger entry, hash = SHA-256(previous hash + canonical JSON of the entry), and live/score
carries the last hash (chainHead). This recomputes each chain from its first entry and checks
it against the log as it is now. It reports the first entry that does not match: an action
edited or deleted since it was accepted (only admin credentials can), a void undone, an
entry edited, removed or reordered, or an action the ledger has no entry for. Reads only;
exit status 1 when any chain fails. The scheduled reconciliation runs the same check (once
an hour for each match not over), and
the migration scripts run it on the matches they wrote.
"""

from __future__ import annotations

import sys

from _common import add_matches, add_project, connect, parser
from rich.console import Console
from rich.markup import escape

from scorebook.firestore.ledger import verify_chain
from scorebook.firestore.paths import MATCHES


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__)
    add_matches(p, all_help="every match in the database")
    add_project(p)
    args = p.parse_args(argv)
    console = Console(highlight=False)
    db = connect(console, args.project)
    matches = args.match or _every_match(db)
    failed = sum(not _verified(console, db, match_id) for match_id in matches)
    console.print(f"{len(matches)} matches, {failed} failed")
    return 1 if failed else 0


def _every_match(db) -> list[str]:
    """Every match in the database, by id."""
    return sorted(ref.id for ref in db.collection(MATCHES).list_documents())


def _verified(console: Console, db, match_id: str) -> bool:
    """Whether the match's chain verifies, said with its head or its first problem."""
    report = verify_chain(db, match_id)
    if report.ok:
        console.print(f"{escape(match_id)}: [green]ok[/] ({report.entries} entries, "
                      f"head {report.head[:12]}…)")
        return True
    problem = report.problem
    assert problem is not None
    console.print(f"{escape(match_id)}: [red]{problem.code}[/] {escape(problem.message)}")
    return False


if __name__ == "__main__":
    sys.exit(main())
