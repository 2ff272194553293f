"""`make test` on two cores: the pure tests (tests/unit) in a second pytest process beside the
emulator and rules tests, which share one set of emulators and run in order in the first.

The pure tests need no emulator and take about two minutes of one core; the emulator tests
spend most of their time waiting for triggers. Run side by side, the whole suite takes the
time of the emulator tests. The pure tests' output is printed after the emulator tests',
whole; the exit code is the worse of the two. With arguments (`make test PYTEST_ARGS=...`),
one pytest runs with them, as before.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    pytest = [sys.executable, "-m", "pytest"]
    if args:
        return subprocess.call([*pytest, *args], cwd=REPO)
    with tempfile.TemporaryFile("w+") as unit_log:
        unit = subprocess.Popen([*pytest, "tests/unit", "-p", "no:cacheprovider"], cwd=REPO,
                                stdout=unit_log, stderr=subprocess.STDOUT)
        try:
            emulated = subprocess.call([*pytest, "tests/emulator", "tests/rules"], cwd=REPO)
        finally:
            pure = unit.wait()
        unit_log.seek(0)
        print("\n===== the pure tests (tests/unit), run beside the emulator tests =====")
        print(unit_log.read(), flush=True)
    print(f"emulator and rules tests: exit {emulated}; pure tests: exit {pure}")
    return max(emulated, pure)


if __name__ == "__main__":
    sys.exit(main())
