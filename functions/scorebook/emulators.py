"""Start and stop the Firebase emulators (Auth, Firestore, Functions) for the demo, the tests
and the benchmarks, with their logs in a file rather than on the terminal.

Ports and project come from firebase.json and the `demo-` project id, which can never reach
real resources. SCOREBOOK_EMULATOR_PORT_OFFSET=N shifts every port by N (through a generated
`firebase.portN.json`), so that two checkouts can run their emulators side by side.
When FIRESTORE_EMULATOR_HOST is already set (the emulators are running, e.g. under
`firebase emulators:exec`), nothing is started.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

DEFAULT_PROJECT = "demo-scorebook"
EMULATORS = ("auth", "firestore", "functions")
READY = "All emulators ready"


class EmulatorError(RuntimeError):
    pass


def port_offset() -> int:
    return int(os.environ.get("SCOREBOOK_EMULATOR_PORT_OFFSET", "0") or 0)


def config_file(repo: Path) -> Path:
    """firebase.json, or a copy with every emulator port shifted by the offset (ports are
    spaced so that offsets in steps of 100 never collide)."""
    offset = port_offset()
    base = repo / "firebase.json"
    if not offset:
        return base
    config = json.loads(base.read_text())
    for settings in config["emulators"].values():
        for key in ("port", "websocketPort"):
            if isinstance(settings, dict) and key in settings:
                settings[key] += offset
    shifted = repo / f"firebase.port{offset}.json"
    shifted.write_text(json.dumps(config, indent=2))
    return shifted


def _hosts(repo: Path) -> dict[str, str]:
    config = json.loads(config_file(repo).read_text())["emulators"]
    return {name: f"{config[name]['host']}:{config[name]['port']}" for name in (*EMULATORS, "hub")}


def emulator_env(repo: Path, project: str = DEFAULT_PROJECT) -> dict[str, str]:
    """The variables clients read to find the emulators (as `emulators:exec` sets them)."""
    hosts = _hosts(repo)
    return {
        "FIRESTORE_EMULATOR_HOST": hosts["firestore"],
        "FIREBASE_AUTH_EMULATOR_HOST": hosts["auth"],
        "FIREBASE_EMULATOR_HUB": hosts["hub"],
        "GCLOUD_PROJECT": project,
        "GOOGLE_CLOUD_PROJECT": project,
    }


def _port_open(host: str) -> bool:
    try:
        requests.get(f"http://{host}/", timeout=0.5)
    except requests.ConnectionError:
        return False
    except requests.RequestException:
        return True
    return True


@contextmanager
def running_emulators(
    repo: Path, project: str = DEFAULT_PROJECT, log: Path | None = None, timeout: float = 120.0
) -> Iterator[dict[str, str]]:
    """Run the emulators for the duration of the block; yield their environment variables,
    which are also set in os.environ for the block."""
    if os.environ.get("FIRESTORE_EMULATOR_HOST"):
        yield {k: os.environ[k] for k in emulator_env(repo, project) if k in os.environ}
        return
    hosts = _hosts(repo)
    busy = [name for name, host in hosts.items() if _port_open(host)]
    if busy:
        raise EmulatorError(
            f"ports of {', '.join(busy)} ({', '.join(hosts[b] for b in busy)}) are in use: "
            "are other emulators still running? (`pkill -f emulators:start` stops them)"
        )
    # One log per offset: waiting for "ready" must never read another run's log.
    log = log or repo / ".cache" / f"emulators{port_offset() or ''}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    firebase = repo / "node_modules" / ".bin" / "firebase"
    command = [str(firebase), "emulators:start", "--only", ",".join(EMULATORS),
               "--project", project, "--config", config_file(repo).name]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=repo, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_ready(process, log, timeout)
        env = emulator_env(repo, project)
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            yield env
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    finally:
        _stop(process)


def _wait_ready(process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        text = log.read_text(errors="replace")
        if READY in text:
            return
        if process.poll() is not None:
            raise EmulatorError(
                f"the emulators exited with code {process.returncode}; see {log}:\n{text[-3000:]}"
            )
        time.sleep(0.2)
    raise EmulatorError(f"the emulators were not ready after {timeout:.0f}s; see {log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)  # firebase-tools shuts its emulators down on SIGINT
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
