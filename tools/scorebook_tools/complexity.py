"""make lint's size checks: radon's cyclomatic complexity over the code (functions/, tools/,
scripts/, benchmarks/), which counts what ruff's mccabe does not (comprehension filters,
boolean chains), and the length of every Python module, the tests' too.

No function may pass LIMIT (split it by job). The average over every block may not rise
above AVERAGE_CEILING, the average the code has reached (under AVERAGE_GOAL, issue 45's
3.0): new code is written as small as what is there. No module may pass MODULE_LINES lines
(split it by job before adding more).

    python -m scorebook_tools.complexity          # exit 1 naming what is over
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from radon.cli import Config
from radon.cli.harvest import CCHarvester
from radon.complexity import SCORE

REPO = Path(__file__).resolve().parents[2]
PATHS = ("functions/main.py", "functions/scorebook", "tools", "scripts", "benchmarks")
LIMIT = 15
AVERAGE_GOAL = 3.0
AVERAGE_CEILING = 2.92
MODULE_LINES = 600
#: where module lengths are checked: the code and its tests
MODULE_PATHS = (*PATHS, "tests")


@dataclass(frozen=True)
class Block:
    name: str  # file:function, file:Class.method
    complexity: int


def blocks(paths: Iterable[str], root: Path = REPO) -> list[Block]:
    """Every function, method and class radon measures, as `radon cc` does."""
    config = Config(exclude=None, ignore="venv,node_modules", order=SCORE, no_assert=False,
                    show_closures=False, min="A", max="F")
    harvester = CCHarvester([str(root / p) for p in paths], config)
    found: list[Block] = []
    for filename, results in harvester.results:
        if isinstance(results, dict):  # radon could not parse the file
            raise SystemExit(f"{filename}: {results.get('error')}")
        where = Path(filename).resolve().relative_to(root.resolve()).as_posix()
        for result in results:
            found.append(Block(f"{where}:{result.fullname}", result.complexity))
    return found


def problems(found: list[Block], average_ceiling: float = AVERAGE_CEILING) -> list[str]:
    """What is over: a function past LIMIT, the average past its ceiling."""
    out = [f"{b.name}: complexity {b.complexity}, over {LIMIT}: split it by job"
           for b in sorted(found, key=lambda b: b.name) if b.complexity > LIMIT]
    average = sum(b.complexity for b in found) / max(len(found), 1)
    if average > average_ceiling:
        out.append(f"average complexity {average:.2f} over {average_ceiling:.2f}"
                   f" (goal {AVERAGE_GOAL})")
    return out


def long_modules(paths: Iterable[str], root: Path = REPO,
                 most: int = MODULE_LINES) -> list[str]:
    """Every Python module under `paths` (no virtualenv, no node_modules) longer than `most`
    lines, with its length."""
    files = {f for p in paths for f in ([root / p] if p.endswith(".py") else
                                        (root / p).rglob("*.py"))}
    out = []
    for path in sorted(files):
        if {"venv", ".venv", "node_modules"} & set(path.relative_to(root).parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > most:
            out.append(f"{path.relative_to(root).as_posix()}: {lines} lines, over {most}:"
                       " split it by job")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    found = blocks(PATHS)
    over = problems(found) + long_modules(MODULE_PATHS)
    for line in over:
        print(line, file=sys.stderr)
    average = sum(b.complexity for b in found) / len(found)
    past = sum(b.complexity > LIMIT for b in found)
    print(f"complexity: {len(found)} blocks, average {average:.2f} (ceiling {AVERAGE_CEILING},"
          f" goal {AVERAGE_GOAL}); {past or 'none'} over {LIMIT}; modules at most"
          f" {MODULE_LINES} lines")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
