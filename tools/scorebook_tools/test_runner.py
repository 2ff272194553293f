"""`make test` on two cores: three pytest processes side by side.

- tests/emulator, against the emulators (the pipeline, the browser): the longest, in front;
- tests/rules, against emulators of their own (ports moved by RULES_OFFSET beyond the
  first ones), with the functions' triggers off and the rules coverage check last;
- tests/unit, the pure tests, with no emulator.

The emulator tests spend most of their time waiting for triggers, so the other two fit beside
them: the suite takes about the time of the emulator tests. The outputs of the rules and pure
tests are printed whole after the emulator tests'; the exit code is the worst of the three.
With arguments (`make test PYTEST_ARGS=...`), one pytest runs with them, as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

from scorebook_tools.emulators import port_offset

REPO = Path(__file__).resolve().parents[2]
#: The rules tests' emulators: this far beyond the ports of the emulator tests' ones.
RULES_OFFSET = 1000
#: The two Firestore emulators' heaps, side by side in 23 GB: the rules tests' one keeps every
#: rule evaluation for the coverage report (its JSON passed 800 MB), and with both at 12 GB
#: the kernel's OOM killer took it while it built the report. JAVA_TOOL_OPTIONS overrides.
EMULATOR_JAVA, RULES_JAVA = "-Xmx4g", "-Xmx13g"


def _start(args: list[str], log: IO[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pytest", *args, "-p", "no:cacheprovider"],
                            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=REPO)
    java = os.environ.get("JAVA_TOOL_OPTIONS")
    rules_env = os.environ | {"SCOREBOOK_EMULATOR_PORT_OFFSET": str(port_offset() + RULES_OFFSET),
                              "JAVA_TOOL_OPTIONS": java or RULES_JAVA}
    with tempfile.TemporaryFile("w+") as unit_log, tempfile.TemporaryFile("w+") as rules_log:
        unit = _start(["tests/unit"], unit_log)
        rules = _start(["tests/rules"], rules_log, rules_env)
        try:
            emulated = subprocess.call(
                # the slowest tests named at the end: what to look at when the suite grows
                [sys.executable, "-m", "pytest", "tests/emulator", "--durations=15"], cwd=REPO,
                env=os.environ | {"JAVA_TOOL_OPTIONS": java or EMULATOR_JAVA})
        finally:
            codes = {"rules": rules.wait(), "pure": unit.wait()}
        for name, log in (("rules (tests/rules)", rules_log), ("pure (tests/unit)", unit_log)):
            log.seek(0)
            print(f"\n===== the {name} tests, run beside the emulator tests =====")
            print(log.read(), flush=True)
    print(f"emulator tests: exit {emulated}; rules tests: exit {codes['rules']}; "
          f"pure tests: exit {codes['pure']}")
    return max(emulated, *codes.values())


if __name__ == "__main__":
    sys.exit(main())
