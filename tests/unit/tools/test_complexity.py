"""make lint's size checks (scorebook_tools.complexity): radon's figures, a limit per
function, the average held, and no module past its length."""

from __future__ import annotations

from pathlib import Path

from scorebook_tools.complexity import LIMIT, Block, blocks, long_modules, problems

BRANCHY = "def branchy(x):\n" + "".join(
    f"    if x == {n}:\n        return {n}\n" for n in range(LIMIT)) + "    return -1\n"


def test_a_function_over_the_limit_is_named(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "mod.py").write_text(BRANCHY + "\ndef small():\n    return 1\n")
    found = blocks(["code"], root=tmp_path)
    assert {b.name: b.complexity for b in found} == {"code/mod.py:branchy": LIMIT + 1,
                                                     "code/mod.py:small": 1}
    over = problems(found, average_ceiling=100)
    assert over == [f"code/mod.py:branchy: complexity {LIMIT + 1}, over {LIMIT}: split it by job"]


def test_the_average_is_held() -> None:
    assert problems([Block("a.py:f", 5), Block("a.py:g", 3)], 3.5) == [
        "average complexity 4.00 over 3.50 (goal 3.0)"]


def test_a_module_past_its_length_is_named_and_virtualenvs_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "code" / "venv").mkdir(parents=True)
    (tmp_path / "code" / "long.py").write_text("x = 1\n" * 11)
    (tmp_path / "code" / "short.py").write_text("x = 1\n" * 10)
    (tmp_path / "code" / "venv" / "vendored.py").write_text("x = 1\n" * 50)
    assert long_modules(["code"], root=tmp_path, most=10) == [
        "code/long.py: 11 lines, over 10: split it by job"]
