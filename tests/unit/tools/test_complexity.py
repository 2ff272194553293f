"""make lint's complexity check (scorebook_tools.complexity): radon's figures, a limit per
function, the functions over it held at their figure, the average held."""

from __future__ import annotations

from pathlib import Path

from scorebook_tools.complexity import LIMIT, Block, blocks, problems

BRANCHY = "def branchy(x):\n" + "".join(
    f"    if x == {n}:\n        return {n}\n" for n in range(LIMIT)) + "    return -1\n"


def test_a_function_over_the_limit_is_named(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "mod.py").write_text(BRANCHY + "\ndef small():\n    return 1\n")
    found = blocks(["code"], root=tmp_path)
    assert {b.name: b.complexity for b in found} == {"code/mod.py:branchy": LIMIT + 1,
                                                     "code/mod.py:small": 1}
    over = problems(found, ceilings={}, average_ceiling=100)
    assert over == [f"code/mod.py:branchy: complexity {LIMIT + 1}, over {LIMIT}: split it by job"]


def test_a_named_function_may_only_come_down() -> None:
    held = {"a.py:f": 20}
    assert problems([Block("a.py:f", 20)], held, 100) == []
    assert problems([Block("a.py:f", 21)], held, 100) == [
        "a.py:f: complexity 21, over 20: split it by job"]
    assert problems([Block("a.py:f", 12)], held, 100) == [
        f"a.py:f: now within {LIMIT} (or gone): take it out of OVER_THE_LIMIT"]


def test_the_average_is_held() -> None:
    assert problems([Block("a.py:f", 5), Block("a.py:g", 3)], {}, 3.5) == [
        "average complexity 4.00 over 3.50 (goal 3.0)"]
