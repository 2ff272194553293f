"""`make test` on two cores: three pytest processes side by side, and a fourth once the
first's emulators are up.

- tests/emulator, against the emulators (the pipeline, the browser): the longest, in front;
- tests/rules, against emulators of their own (ports moved by RULES_OFFSET beyond the
  first ones), with the functions' triggers off and the rules coverage check last, at a
  lower priority (they have minutes to spare; the emulator tests are the suite's path);
- tests/unit, the pure tests, with no emulator, at the same lower priority;
- once the emulator tests' emulators are up, the slowest emulator tests that need neither
  the browser nor the Auth emulator (LATE: the admin's garbage, runs started and killed,
  faults: workers killed, emulators restarted, a device offline for twenty balls, ingestion
  from misbehaving providers, the season's replay, two scorers' consensus, the migrations)
  on emulators of their own.

The emulator tests spend most of their time waiting for triggers, so the other two fit beside
them: the suite takes about the time of the emulator tests. The outputs of the rules and pure
tests (and the late ones) are printed whole after the emulator tests'; the exit code is the
worst of them.
Long replays (marked `long`: the console scoring a whole real T20 by taps, five-day matches
after every action) are left to `make bench`, which runs them as tests.
With arguments (`make test PYTEST_ARGS=...`), one pytest runs with them, as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from scorebook_tools.emulators import READY, emulator_log, port_offset

REPO = Path(__file__).resolve().parents[2]
#: The rules tests' emulators: this far beyond the ports of the emulator tests' ones.
RULES_OFFSET = 1000
#: The Firestore emulators' heaps. The rules tests' one keeps every rule evaluation for the
#: coverage report, read and emptied after each module (tests/rules/conftest.py): under 13 GB
#: G1 grew its resident size to 8.8 GB rather than collect, and the rules tests passed under
#: 5 GB in the same time (194 s, not 205 s, alone). JAVA_TOOL_OPTIONS overrides.
#: (C1 alone with the serial collector, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC, saved CPU
#: on a 3-minute subset but not over the whole suite: its Firestore emulator took 666 s of
#: CPU, not 455 s, and the emulator tests 1,224 s, not 1,014 s; C2's code pays for itself.)
EMULATOR_JAVA, RULES_JAVA = "-Xmx4g", "-Xmx6g"


#: what every lane leaves out: the long replays, which `make bench` runs
NOT_LONG = ("-m", "not long")


#: The niceness of the lanes off the suite's path, the pure tests and the rules tests. They end
#: minutes before the rest (alone, the pure tests take 172 s of CPU and the rules tests 230 s
#: with their emulator), while the emulator tests, and the late tests beside them, are the
#: suite's longest path: on two busy cores, the CPU these would take from those goes to them,
#: and these take what the others leave.
SIDE_NICENESS = 10
#: How long the rules tests' emulators may take to start (at SIDE_NICENESS, on cores the
#: others' starts keep busy): more than a start at full priority is given
RULES_READY_WITHIN_S = 300


def _start(args: list[str], log: IO[str], env: dict[str, str] | None = None,
           niceness: int = 0) -> subprocess.Popen:
    nice = ["nice", "-n", str(niceness)] if niceness else []
    return subprocess.Popen([*nice, sys.executable, "-m", "pytest", *args, *NOT_LONG,
                             "-p", "no:cacheprovider"],
                            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)


#: Emulator tests that run on emulators of their own beside the rest, started once the
#: emulator tests' emulators are up: the emulator tests are the suite's path, and four sets of
#: emulators starting at once on two cores took the emulator tests' start from 20 s to 34 s.
#: The season's replay is among them because the Firestore emulator finds a collection's
#: documents by collection id alone and keeps every document ever written, deleted or
#: emptied ones too: each query of one match's log scans every scoring action the emulator
#: was given (30,000 of other matches: a count of one log 14 -> 70 ms, 2026-11-24). The
#: replay took 28 s on fresh emulators and 95-123 s as the last of the main emulator tests.
#: The consensus and the migrations are among them to even the two out: without them the
#: late tests ended about 160 s before the emulator tests (365 s of 529), a core idle
#: meanwhile; with the consensus and the migrations' trigger tests, 55 s before (445 of
#: 500). The admin's garbage comes first: it reads the functions' log for a run that raised,
#: before the faults.
LATE = ("tests/emulator/test_admin_garbage.py", "tests/emulator/test_process_hygiene.py",
        "tests/emulator/test_faults.py", "tests/emulator/test_ingest.py",
        "tests/emulator/test_season.py", "tests/emulator/test_consensus.py",
        "tests/emulator/test_migrations.py", "tests/emulator/test_migration_scripts.py")
#: What the late tests use: none signs in (mock ID tokens) or opens the web app. The Auth
#: emulator alone costs a start 11 s of CPU and 10 s (it compiles its API's schemas); the
#: process hygiene test's runs start the same set.
LATE_EMULATORS = "firestore,functions,tasks,pubsub"
#: their emulators: this far beyond the ports of the first ones (the rules' are at 1000; at
#: 2000 the Firestore emulator's port would be 10080, which Node's fetch refuses to call)
LATE_OFFSET = 3000
#: What the other emulator tests use: all but Pub/Sub, which fires the scheduled functions
#: (only the late tests' faults publish to it; the others call the reconciliation directly).
#: Its JVM took 2.4 s of CPU to start and a second a minute idle.
MAIN_EMULATORS = "auth,firestore,functions,hosting,tasks"


#: How long the late tests wait for the emulator tests' emulators to say they are up (they
#: start anyway after it: a start that failed is the emulator tests' to report)
STARTED_WITHIN_S = 120.0


def _started(log: Path, deadline: float = STARTED_WITHIN_S) -> None:
    """Until the emulators logging to `log` (written afresh by their start) say they are up."""
    end = time.monotonic() + deadline
    while time.monotonic() < end and READY not in (
            log.read_text(errors="replace") if log.exists() else ""):
        time.sleep(0.5)


def _after(main_log: Path, args: list[str], log: IO[str],
           env: dict[str, str], codes: dict[str, int]) -> threading.Thread:
    """Run pytest with `args` once the emulators logging to `main_log` are up; its exit code
    goes in codes["late"]."""
    def run() -> None:
        _started(main_log)
        codes["late"] = _start(args, log, env).wait()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _environments() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The rules tests', the emulator tests' and the late tests' environments: each its
    emulators, ports and JVM options (unless JAVA_TOOL_OPTIONS says)."""
    java = os.environ.get("JAVA_TOOL_OPTIONS")
    # the rules tests need Firestore alone (mock ID tokens, no triggers): the functions'
    # workers, Pub/Sub's JVM and the rest would only take the emulator tests' CPU
    rules_env = os.environ | {"SCOREBOOK_EMULATOR_PORT_OFFSET": str(port_offset() + RULES_OFFSET),
                              "JAVA_TOOL_OPTIONS": java or RULES_JAVA,
                              "SCOREBOOK_EMULATORS": "firestore",
                              # (their JVM starts at SIDE_NICENESS while the others start theirs)
                              "SCOREBOOK_EMULATORS_READY_WITHIN": str(RULES_READY_WITHIN_S)}
    emulator_env = os.environ | {"JAVA_TOOL_OPTIONS": java or EMULATOR_JAVA,
                                 "SCOREBOOK_EMULATORS": MAIN_EMULATORS}
    late_env = emulator_env | {"SCOREBOOK_EMULATOR_PORT_OFFSET": str(port_offset() + LATE_OFFSET),
                               "SCOREBOOK_EMULATORS": LATE_EMULATORS}
    return rules_env, emulator_env, late_env


def _print_side_logs(logs: Iterable[tuple[str, IO[str]]]) -> None:
    """The output of the tests run beside the emulator tests, each under a heading."""
    for name, log in logs:
        log.seek(0)
        print(f"\n===== the {name} tests, run beside the emulator tests =====")
        print(log.read(), flush=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=REPO)
    rules_env, emulator_env, late_env = _environments()
    codes: dict[str, int] = {}
    with ExitStack() as stack:
        unit_log, rules_log, late_log = (stack.enter_context(tempfile.TemporaryFile("w+"))
                                         for _ in range(3))
        unit = _start(["tests/unit"], unit_log, niceness=SIDE_NICENESS)
        rules = _start(["tests/rules"], rules_log, rules_env, niceness=SIDE_NICENESS)
        main_log = emulator_log(REPO)
        main_log.unlink(missing_ok=True)  # (the emulators write it afresh as they start)
        late = _after(main_log, [*LATE, "--durations=5"], late_log, late_env, codes)
        try:
            emulated = subprocess.call(
                # the slowest tests named at the end: what to look at when the suite grows
                [sys.executable, "-m", "pytest", "tests/emulator", "--durations=15", *NOT_LONG,
                 *(f"--ignore={path}" for path in LATE)], cwd=REPO, env=emulator_env)
        finally:
            codes |= {"rules": rules.wait(), "pure": unit.wait()}
            late.join()
        _print_side_logs((("rules (tests/rules)", rules_log), ("pure (tests/unit)", unit_log),
                          (f"emulator ({', '.join(LATE)})", late_log)))
    print(f"emulator tests: exit {emulated} and {codes['late']}; rules tests: exit "
          f"{codes['rules']}; pure tests: exit {codes['pure']}")
    return max(emulated, *codes.values())


if __name__ == "__main__":
    sys.exit(main())
