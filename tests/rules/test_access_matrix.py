"""Every cell of rules/access-matrix.csv, tried through the REST API as that persona.

The matrix is the policy; this module only reads it. A cell passes when the emulator with
firestore.rules allows exactly what the cell says (allow) and refuses what it forbids (deny).
"""

from __future__ import annotations

import pytest

from tests.rules.matrix import (
    KEY_COLUMNS,
    MATRIX,
    OUTCOMES,
    SCENARIOS,
    Cell,
    cells,
    outcome,
    read_matrix,
)
from tests.rules.world import PERSONAS, World

CELLS = cells()
#: A read changes nothing, so the personas of a read's row ask the same world, written once
#: (a write's cell gets a world of its own). A world for each of them made the matrix take
#: 115 s, not 98, and 172 s of CPU, not 149.
READS = ("get", "list")
_READ_WORLDS: dict[tuple[str, str, str], World] = {}


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Worlds never meet (fresh ids each), so the cells skip clearing the database."""


def world_for(cell: Cell) -> World:
    status = cell.match_status or "live"
    if cell.operation not in READS:
        return World(status=status)
    key = (cell.path, cell.operation, status)
    if key not in _READ_WORLDS:
        _READ_WORLDS[key] = World(status=status)
    return _READ_WORLDS[key]


@pytest.mark.parametrize("cell", CELLS, ids=str)
def test_the_rules_do_what_the_matrix_says(cell: Cell) -> None:
    world = world_for(cell)
    play = SCENARIOS[(cell.path, cell.operation)]
    assert outcome(world, PERSONAS[cell.persona], play) == cell.expected


def test_the_matrix_has_a_column_per_persona_and_a_row_per_scenario() -> None:
    rows = read_matrix()
    columns = [c for c in rows[0] if c not in KEY_COLUMNS]
    assert columns == list(PERSONAS), f"{MATRIX.name} columns must be the personas of world.py"
    keys = [(r["path"], r["operation"]) for r in rows]
    assert set(keys) == set(SCENARIOS), "a row without a scenario or a scenario without a row"
    assert len(set(zip(keys, (r["match"] for r in rows), strict=True))) == len(rows), "a row twice"
    assert {c.expected for c in CELLS} <= set(OUTCOMES)
    assert {r["match"] for r in rows} <= {"", "scheduled", "live", "innings_break", "completed"}


def test_every_persona_is_allowed_something_and_refused_something() -> None:
    for persona in PERSONAS:
        mine = {c.expected for c in CELLS if c.persona == persona}
        assert mine == {"allow", "deny"}, persona
