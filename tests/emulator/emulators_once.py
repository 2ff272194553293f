"""Run the emulators once, as `make demo`, `make test` and `make bench` do, for the process
hygiene test: start them, make a trigger run (so a functions worker exists), print the
session's processes as one JSON line, then end the way the first argument says.

    python -m tests.emulator.emulators_once exit|error|wait
"""

from __future__ import annotations

import json
import signal
import sys
import time

import psutil
import requests

from scorebook.cricsheet import load_match
from scorebook_tools.emulators import run_processes, running_emulators
from scorebook_tools.realdata import generated_match_file
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import create_match, write_action
from tests.conftest import REPO

PROJECT = "demo-scorebook"


def main(mode: str) -> int:
    # Ctrl-C in a terminal interrupts the foreground program; a run started in the
    # background (a CI job, `make test &`) inherits SIGINT ignored, so restore the default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    match, actions = load_match(generated_match_file(), match_id="hygiene")
    with running_emulators(REPO, PROJECT) as _:
        admin = FirestoreRest.as_admin(PROJECT)
        # On a busy machine the emulators answer slowly at first: keep asking, up to a limit.
        deadline = time.monotonic() + 180
        while True:
            try:
                create_match(admin, match)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
        write_action(admin, actions[0])
        (firebase,) = [p for p in _children() if "emulators:start" in " ".join(p.cmdline())]
        processes = _described(run_processes(firebase.pid))
        # what a demo has running: the Firestore JVM and a functions worker that ran a trigger
        while not (admin.get(f"matches/{match.id}/live/score")
                   and "java" in " ".join(processes.values())
                   and "functions-framework" in " ".join(processes.values())):
            if time.monotonic() > deadline:
                raise RuntimeError(f"no trigger ran in time; processes: {processes}")
            time.sleep(0.2)
            processes = _described(run_processes(firebase.pid))
        print(json.dumps({"leader": firebase.pid, "processes": processes}), flush=True)
        if mode == "error":
            raise RuntimeError("a failing run")
        if mode == "wait":
            time.sleep(600)  # until Ctrl-C or SIGTERM
    return 0


def _described(processes) -> dict[int, str]:
    """Each process as its name and command line (either may be what names a JVM)."""
    out = {}
    for p in processes:
        try:
            out[p.pid] = f"{p.name()} {' '.join(p.cmdline())}"
        except psutil.Error:
            continue
    return out


def _children():
    return psutil.Process().children()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
