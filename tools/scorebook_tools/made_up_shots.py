"""Shot data for matches that record none (Cricsheet has no wagon wheel or pitch map): the
demo draws its wagon wheels and pitch maps with it, and the browser tests check the page
against the log that carries it. Made up, and said so wherever it is used; the same every
run (each ball's from its own place in the log)."""

from __future__ import annotations

import random
from typing import Any

from scorebook.document import to_document

#: Where the runs go, by the wagon wheel's segments 1-8 (1 long off ... 8 long on): sixes
#: mostly straight and to the leg side, fours square and fine, the rest anywhere.
_SEGMENT_WEIGHTS = {
    6: (3, 1, 0, 0, 1, 2, 3, 4),
    4: (2, 3, 2, 2, 2, 2, 2, 1),
}
_ANYWHERE = (1, 1, 1, 1, 1, 1, 1, 1)
_LENGTHS = (("good", 10), ("full", 5), ("short", 4), ("yorker", 1))
_LINES = (("off_stump", 8), ("outside_off", 7), ("middle_stump", 3), ("leg_stump", 2))


def _pick(chance: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    words, weights = zip(*weighted, strict=True)
    return chance.choices(words, weights=weights)[0]


def with_shots(action: Any) -> Any:
    """A delivery with made-up shot data (where it went, its length and line); any other
    action as it is."""
    if getattr(action, "kind", "") != "delivery":
        return action
    chance = random.Random(action.id)  # noqa: S311 - a picture, not a secret
    weights = _SEGMENT_WEIGHTS.get(action.runsOffBat, _ANYWHERE)
    segment = chance.choices(range(1, 9), weights=weights)[0]
    doc = to_document(action) | {"shotData": {
        "wagonWheelSegment": segment, "length": _pick(chance, _LENGTHS),
        "line": _pick(chance, _LINES)}}
    return type(action).model_validate(doc)
