"""rules/access-matrix.csv as data, and one scenario per (path, operation) row.

A row of the matrix says, for one request and the match's status, whether each persona
(column) is allowed. A scenario sets the world up for that request (what must exist before
it) and makes it as the persona, with a document that is valid in every respect but who
sends it, so that the only thing a cell tests is who may do what. The scenarios are in
scenarios_match.py, scenarios_roles.py, scenarios_consensus.py and scenarios_after.py, by
what they are about; importing this module registers them all in SCENARIOS.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from scorebook_tools.rest import FirestoreError
from tests.conftest import REPO
from tests.rules import (  # noqa: F401 - each module registers its scenarios
    scenarios_after,
    scenarios_consensus,
    scenarios_match,
    scenarios_roles,
)
from tests.rules.scenario import SCENARIOS, Scenario
from tests.rules.world import (
    Persona,
    Refused,
    World,
)

__all__ = ["KEY_COLUMNS", "MATRIX", "OUTCOMES", "SCENARIOS", "Cell", "cells", "outcome",
           "read_matrix"]

MATRIX = REPO / "rules" / "access-matrix.csv"
KEY_COLUMNS = ("path", "operation", "match")
OUTCOMES = ("allow", "deny")


@dataclass(frozen=True)
class Cell:
    path: str
    operation: str
    match_status: str
    persona: str
    expected: str

    def __str__(self) -> str:
        when = f"[{self.match_status}]" if self.match_status else ""
        return f"{self.persona}:{self.operation}:{self.path}{when}"


def read_matrix(path: Path = MATRIX) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def cells(path: Path = MATRIX) -> list[Cell]:
    return [
        Cell(row["path"], row["operation"], row["match"], persona, row[persona])
        for row in read_matrix(path)
        for persona in row
        if persona not in KEY_COLUMNS
    ]


def outcome(world: World, persona: Persona, play: Scenario) -> str:
    """'allow' when the request went through, 'deny' when the rules refused it; any other
    failure (a 400 for a malformed request, a 409) is a broken test and is raised."""
    try:
        play(world, persona)
    except Refused:
        return "deny"
    except FirestoreError as error:
        if error.denied:
            return "deny"
        raise
    return "allow"
