"""Start and stop the Firebase emulators (Auth, Firestore, Functions, Hosting serving the
web app, Cloud Tasks for the ingestion's poll queue, Pub/Sub for the scheduled functions) for
the demo, the tests and the benchmarks, with their logs in a file rather than on the
terminal.

Ports and project come from firebase.json and the `demo-` project id, which can never reach
real resources. SCOREBOOK_EMULATOR_PORT_OFFSET=N shifts every port by N (through a generated
`firebase.portN.json`), so that two checkouts can run their emulators side by side.
When FIRESTORE_EMULATOR_HOST is already set (the emulators are running, e.g. under
`firebase emulators:exec`), nothing is started.

Nothing is left behind. firebase-tools is started as the leader of a session of its own; the
processes it starts are its descendants (the Firestore JVM, in a session of its own) or keep
its session (the functions-framework workers, even once re-parented to init). When the block
ends (normally, on an exception, on Ctrl-C or on SIGTERM) firebase-tools is asked to shut
down, and whatever of those is still alive afterwards is terminated, then killed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Collection, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any

import psutil

DEFAULT_PROJECT = "demo-scorebook"


#: Cloud Tasks runs the ingestion's poll queue; Pub/Sub fires the scheduled functions (a
#: schedule is a topic in the emulators: publishing to it runs the function)
EMULATORS = ("auth", "firestore", "functions", "hosting", "tasks", "pubsub")


READY = "All emulators ready"
#: What firebase-tools logs, and then says ready all the same, when it could not ask the
#: functions what they are: on a loaded machine their import took longer than its 10 s (or
#: main.py does not load). The emulators would run no trigger, and every test wait for one.
NO_FUNCTIONS = "Failed to load function definition from source"


#: How long firebase-tools gets to stop its emulators, then its leftovers to exit on SIGTERM.
SHUTDOWN_SECONDS = 30.0


LEFTOVER_SECONDS = 5.0


#: The emulators' JVM options unless JAVA_TOOL_OPTIONS says otherwise (a limit, not a
#: reservation: the heap grows only as far as it is used).
JAVA_OPTIONS = "-Xmx12g"


class EmulatorError(RuntimeError):
    pass


class FunctionsNotLoaded(EmulatorError):
    """The emulators said ready without the functions (NO_FUNCTIONS): started again."""


def started_emulators() -> tuple[str, ...]:
    """The emulators a run starts: all of them, or those SCOREBOOK_EMULATORS names (e.g.
    "auth,firestore" for the rules tests, which need no functions)."""
    named = os.environ.get("SCOREBOOK_EMULATORS", "")
    chosen = tuple(n.strip() for n in named.split(",") if n.strip())
    unknown = set(chosen) - set(EMULATORS)
    if unknown:
        raise EmulatorError(f"SCOREBOOK_EMULATORS names unknown emulators: {sorted(unknown)} "
                            f"(known: {', '.join(EMULATORS)})")
    return chosen or EMULATORS


def short_lived_java(options: str | None) -> str:
    """JAVA_TOOL_OPTIONS for emulators that live about a minute (a test's own): C1 alone, as
    C2's compilations never pay for themselves in that time (test_process_hygiene's JVMs:
    29 s of CPU, not 53). A session's emulators keep C2 (the rules tests' JVM under C1 alone:
    259 s of CPU, not 246, and 302 s, not 240)."""
    return f"{options or JAVA_OPTIONS} -XX:TieredStopAtLevel=1"


def port_offset() -> int:
    return int(os.environ.get("SCOREBOOK_EMULATOR_PORT_OFFSET", "0") or 0)


#: Ports the Fetch standard blocks (https://fetch.spec.whatwg.org/#port-blocking): Node's
#: fetch, which firebase-tools uses to reach the emulators, refuses them, so an emulator
#: moved onto one starts but cannot be reached (10080 is Firestore's 8080 moved by 2000).
FETCH_BAD_PORTS = frozenset({
    1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389,
    427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
    989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
    6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080})


def extra_codebases() -> tuple[str, ...]:
    """Functions codebases beside the product's that this run's emulators load, as folders of
    the repository (SCOREBOOK_EXTRA_CODEBASES, comma-separated): the benchmark's trivial
    trigger (benchmarks/hop). Never in firebase.json, so never deployed."""
    named = os.environ.get("SCOREBOOK_EXTRA_CODEBASES", "")
    return tuple(n.strip().strip("/") for n in named.split(",") if n.strip())


def config_file(repo: Path) -> Path:
    """firebase.json, or a copy with every emulator port shifted by the offset (ports are
    spaced so that offsets in steps of 100 never collide) and the extra codebases added,
    each running on the functions' virtualenv."""
    offset, extra = port_offset(), extra_codebases()
    started = started_emulators()
    base = repo / "firebase.json"
    if not offset and not extra:
        return base
    config = json.loads(base.read_text())
    _shift_every_port(config["emulators"], offset, started)
    for source in extra:
        _add_codebase(repo, config, source)
    suffix = "".join(f"-{Path(source).name}" for source in extra)
    shifted = repo / f"firebase.port{offset}{suffix}.json"
    shifted.write_text(json.dumps(config, indent=2))
    return shifted


def _shift_every_port(emulators: dict[str, Any], offset: int, started: Collection[str]) -> None:
    for name, settings in emulators.items():
        if isinstance(settings, dict):
            _shift_ports(name, settings, offset, started)


def _shift_ports(name: str, settings: dict[str, Any], offset: int,
                 started: Collection[str]) -> None:
    """Move an emulator's ports by `offset`; refuse a port Node's fetch will not connect to."""
    # only where something will listen: an emulator this run starts, or the hub, the logging
    # and eventarc, which always start
    listens = name in started or name not in EMULATORS
    for key in ("port", "websocketPort"):
        if key not in settings:
            continue
        settings[key] += offset
        if listens:
            _refuse_fetch_blocked(name, settings[key], offset)


def _refuse_fetch_blocked(name: str, port: int, offset: int) -> None:
    if port in FETCH_BAD_PORTS:
        raise EmulatorError(
            f"SCOREBOOK_EMULATOR_PORT_OFFSET={offset} puts the {name} emulator on"
            f" port {port}, which Node's fetch refuses to connect to (a"
            " port the Fetch standard blocks): choose another multiple of 100")


def _add_codebase(repo: Path, config: dict[str, Any], source: str) -> None:
    """A functions codebase added to the config, running on the functions' virtualenv."""
    venv = repo / source / "venv"
    if not venv.exists():
        venv.symlink_to(repo / "functions" / "venv", target_is_directory=True)
    config["functions"].append({"source": source, "codebase": Path(source).name,
                                "runtime": config["functions"][0]["runtime"]})


def _ports(repo: Path) -> dict[str, tuple[str, int]]:
    """Every port the emulators listen on, by what listens there."""
    config = json.loads(config_file(repo).read_text())["emulators"]
    ports: dict[str, tuple[str, int]] = {}
    for name, settings in config.items():
        if not isinstance(settings, dict) or "port" not in settings:
            continue
        ports[name] = (settings.get("host", "127.0.0.1"), settings["port"])
        if "websocketPort" in settings:
            ports[f"{name} websocket"] = (settings.get("host", "127.0.0.1"),
                                          settings["websocketPort"])
    return ports


def emulator_hosts(repo: Path) -> dict[str, str]:
    ports = _ports(repo)
    return {name: f"{ports[name][0]}:{ports[name][1]}" for name in (*EMULATORS, "hub")}


def web_origin(repo: Path) -> str:
    """Where the Hosting emulator serves the web app (web/dist): `http://127.0.0.1:5000`,
    moved by the port offset like every emulator."""
    return f"http://{emulator_hosts(repo)['hosting']}"


def emulator_env(repo: Path, project: str = DEFAULT_PROJECT) -> dict[str, str]:
    """The variables clients read to find the emulators (as `emulators:exec` sets them;
    FUNCTIONS_EMULATOR_HOST is for the JS kit's example, the web SDK reads no variable)."""
    hosts = emulator_hosts(repo)
    return {
        "FIRESTORE_EMULATOR_HOST": hosts["firestore"],
        "FIREBASE_AUTH_EMULATOR_HOST": hosts["auth"],
        "FUNCTIONS_EMULATOR_HOST": hosts["functions"],
        "FIREBASE_EMULATOR_HUB": hosts["hub"],
        "CLOUD_TASKS_EMULATOR_HOST": hosts["tasks"],
        "PUBSUB_EMULATOR_HOST": hosts["pubsub"],
        "SCOREBOOK_WEB_ORIGIN": f"http://{hosts['hosting']}",
        "GCLOUD_PROJECT": project,
        "GOOGLE_CLOUD_PROJECT": project,
    }


def ports_in_use(repo: Path) -> list[str]:
    """One line per emulator port something already listens on, naming the process."""
    wanted = {port: name for name, (_, port) in _ports(repo).items()}
    try:
        holders = _listeners(wanted)
    except psutil.AccessDenied:  # not root on macOS: fall back to trying each port
        holders = _answering(wanted)
    return [f"{wanted[port]} port {port}: {_describe(pid)}"
            for port, pid in sorted(holders.items())]


def free_port() -> int:
    """A port nothing listens on now (for a server a test or a benchmark starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _answering(ports: Collection[int]) -> dict[int, int | None]:
    """The ports something answers on, by trying each (who holds it unknown)."""
    return {port: None for port in ports if _listening(port)}


def _describe(pid: int | None) -> str:
    if pid is None:
        return "held by a process this user cannot see"
    try:
        process = psutil.Process(pid)
        command = " ".join(process.cmdline())[:120] or process.name()
    except psutil.Error:
        return f"PID {pid}"
    return f"PID {pid} ({command})"


def emulator_log(repo: Path, offset: int | None = None) -> Path:
    """Where a run's emulators log (this run's, or the run's at `offset`): one file per port
    offset, so that waiting for "ready" never reads another run's log."""
    offset = port_offset() if offset is None else offset
    return repo / ".cache" / f"emulators{offset or ''}.log"


def _listeners(ports: Collection[int]) -> dict[int, int | None]:
    """The process id listening on each of `ports` that something listens on (None when
    the system does not say)."""
    holders: dict[int, int | None] = {}
    for conn in psutil.net_connections(kind="inet"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port in ports:
            holders.setdefault(conn.laddr.port, conn.pid)
    return holders


#: How long a start may take before it is given up on (a run started at a low priority beside
#: others, as `make test` runs the rules tests, is given longer: SCOREBOOK_EMULATORS_READY_WITHIN)
READY_WITHIN_S = 120.0


@contextmanager
def running_emulators(
    repo: Path, project: str = DEFAULT_PROJECT, log: Path | None = None,
    timeout: float | None = None, data: Path | None = None,
) -> Iterator[dict[str, str]]:
    """Run the emulators for the duration of the block; yield their environment variables,
    which are also set in os.environ for the block. With `data`, they start with the data
    exported there (if any) and export theirs there when they stop (`--import`,
    `--export-on-exit`): a restart keeps the database and the accounts. They must be ready
    within `timeout` seconds (by default SCOREBOOK_EMULATORS_READY_WITHIN, else
    READY_WITHIN_S)."""
    timeout = timeout or float(os.environ.get("SCOREBOOK_EMULATORS_READY_WITHIN") or READY_WITHIN_S)
    if os.environ.get("FIRESTORE_EMULATOR_HOST"):
        yield {k: os.environ[k] for k in emulator_env(repo, project) if k in os.environ}
        return
    _refuse_busy_ports(repo)
    log = log or emulator_log(repo)
    log.parent.mkdir(parents=True, exist_ok=True)
    compile_functions(repo)
    command = _start_command(repo, project, data)
    with _sigterm_as_exit():
        process = _started(command, repo, log, _start_env(), timeout)
        try:
            with _environment(emulator_env(repo, project)) as env:
                yield env
        finally:
            with _uninterruptible():
                stop(process, export=data is not None)


def _refuse_busy_ports(repo: Path) -> None:
    """Raise, naming them, when something already listens on the emulators' ports."""
    busy = ports_in_use(repo)
    if busy:
        raise EmulatorError(
            "the emulators' ports are in use (other emulators still running, perhaps another "
            "checkout's: SCOREBOOK_EMULATOR_PORT_OFFSET=100 moves this run's ports):\n  "
            + "\n  ".join(busy)
        )


def _start_command(repo: Path, project: str, data: Path | None) -> list[str]:
    """`firebase emulators:start` for this run's emulators and config; with `data`, exporting
    there on exit and importing what is there."""
    firebase = repo / "node_modules" / ".bin" / "firebase"
    command = [str(firebase), "emulators:start", "--only", ",".join(started_emulators()),
               "--project", project, "--config", config_file(repo).name]
    if data is not None:
        command += ["--export-on-exit", str(data)]
        if (data / "firebase-export-metadata.json").exists():
            command += ["--import", str(data)]
    return command


def _start_env() -> dict[str, str]:
    """The emulators' environment: this process's, with the JVM's and Node's options."""
    # The Firestore emulator's JVM builds the rules coverage report (hundreds of MB) in its
    # heap; Java's default, a quarter of the memory, ran out after the whole test suite.
    env = {"JAVA_TOOL_OPTIONS": JAVA_OPTIONS} | os.environ
    # a connection per event to the functions' workers (emulator_http.cjs says why)
    env["NODE_OPTIONS"] = " ".join(filter(None, [
        env.get("NODE_OPTIONS"), f'--require "{Path(__file__).with_name("emulator_http.cjs")}"']))
    return env


def compile_functions(repo: Path) -> None:
    """Byte-compile the functions' own sources (and any extra codebase's) with the functions'
    Python, as the emulators are about to start.

    Each trigger's first event starts a Python worker that imports main.py and everything
    the trigger uses. With PYTHONDONTWRITEBYTECODE set (as on the project's machine; the
    workers inherit it) no worker ever writes `__pycache__`, so every cold start compiled
    the ~30 modules of `scorebook` again: about 50 ms of the cold first ball. Written here
    (compileall writes whatever that variable says), only what changed since the last run.
    Deployed functions are untouched: firebase.json leaves `__pycache__` out of the upload.
    """
    python = repo / "functions" / "venv" / "bin" / "python"
    if not python.exists():  # setup not run: the functions emulator cannot start either
        return
    sources = [repo / "functions" / "main.py", repo / "functions" / "scorebook",
               *(repo / c / "main.py" for c in extra_codebases())]
    # a source that does not compile is the functions emulator's to report, as before
    subprocess.run([str(python), "-m", "compileall", "-q", *map(str, sources)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


#: A start may fail on a loaded machine: the functions emulator registers each trigger with a
#: Firestore emulator whose JVM is still warming up, and one request timing out ends the run.
START_ATTEMPTS = 3


def _started(command: list[str], repo: Path, log: Path, env: dict[str, str],
             timeout: float) -> subprocess.Popen[bytes]:
    """The emulators, up: started again (up to START_ATTEMPTS times) when they exit while
    starting or come up without the functions; never when they are only slow (a timeout)."""
    for attempt in range(1, START_ATTEMPTS + 1):
        with log.open("w") as out:
            process = subprocess.Popen(
                command, cwd=repo, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, env=env,
            )
        try:
            _wait_ready(process, log, timeout)
            return process
        except BaseException as error:
            # Stopped whatever ended the wait: after a Ctrl-C or a SIGTERM (SystemExit,
            # _sigterm_as_exit) too, since they run in a session of their own, which no signal
            # to this one reaches, and the caller has no process to stop yet
            retry = _worth_another_start(error, process)
            with _uninterruptible():
                stop(process)
            if not retry or attempt == START_ATTEMPTS:
                raise
            (log.parent / f"{log.stem}.attempt{attempt}.log").write_bytes(log.read_bytes())
            time.sleep(2)
    raise AssertionError("unreachable")


def _worth_another_start(error: BaseException, process: subprocess.Popen[bytes]) -> bool:
    """Exited while starting, or up without the functions: not slow (a timeout), nor stopped
    by the user."""
    return isinstance(error, EmulatorError) and (
        process.poll() is not None or isinstance(error, FunctionsNotLoaded))


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[dict[str, str]]:
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


@contextmanager
def _signal_handlers(handlers: dict[signal.Signals, Any]) -> Iterator[None]:
    """Install handlers for the block and put the previous ones back after it (only the main
    thread can install them: elsewhere the block runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig, handler in handlers.items()}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _sigterm_as_exit() -> AbstractContextManager[None]:
    """A SIGTERM (a CI timeout, `kill`) unwinds the block like Ctrl-C does, so the emulators
    are stopped."""
    return _signal_handlers({signal.SIGTERM: _exit})


def _uninterruptible() -> AbstractContextManager[None]:
    """A second Ctrl-C or a SIGTERM while the emulators stop would abandon them half
    stopped: hold both off until they are gone."""
    return _signal_handlers({signal.SIGINT: signal.SIG_IGN, signal.SIGTERM: signal.SIG_IGN})


def _wait_ready(process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        text = log.read_text(errors="replace")
        if READY in text:
            if NO_FUNCTIONS in text:
                raise FunctionsNotLoaded(f"the functions emulator found no functions; see {log}")
            return
        if process.poll() is not None:
            raise EmulatorError(
                f"the emulators exited with code {process.returncode}; see {log}:\n{text[-3000:]}"
            )
        time.sleep(0.2)
    raise EmulatorError(f"the emulators were not ready after {timeout:.0f}s; see {log}")


def run_processes(leader: int) -> list[psutil.Process]:
    """The live processes of a run: firebase-tools (`leader`), its descendants (the Firestore
    JVM, which it starts in a session of its own) and every process of its session (the
    functions-framework workers, re-parented to init once their shell exits)."""
    found = _process_tree(leader)
    for process in psutil.process_iter():
        with suppress(psutil.Error, OSError):
            if os.getsid(process.pid) == leader:
                found.setdefault(process.pid, process)
    return _not_zombies(found.values())


def _process_tree(leader: int) -> dict[int, psutil.Process]:
    """`leader` and its descendants by pid (none if it is gone)."""
    found: dict[int, psutil.Process] = {}
    with suppress(psutil.Error):
        root = psutil.Process(leader)
        for process in (root, *root.children(recursive=True)):
            found[process.pid] = process
    return found


def _not_zombies(processes: Iterable[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for process in processes:
        with suppress(psutil.Error):
            if process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
    return alive


def stop(process: subprocess.Popen[bytes], *, export: bool = False) -> None:
    """Stop firebase-tools and everything it started, whatever state they are in; with
    `export`, firebase-tools alone is told first, so that it exports the emulators' data
    while they still run (a signal to the whole group stops them under it)."""
    started = run_processes(process.pid)
    if export and process.poll() is None:
        process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=SHUTDOWN_SECONDS)
    if process.poll() is None:
        _stop_group(process)
    _end_leftovers([*started, *run_processes(process.pid)])


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGINT to firebase-tools' whole group (it stops its emulators on it); SIGKILL to the
    group if it has not exited in SHUTDOWN_SECONDS."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=SHUTDOWN_SECONDS)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _end_leftovers(processes: list[psutil.Process]) -> None:
    """Terminate those of `processes` still running; kill those that outlive
    LEFTOVER_SECONDS."""
    leftovers = {p.pid: p for p in processes if p.is_running()}
    for leftover in leftovers.values():
        with suppress(psutil.Error):
            leftover.terminate()
    _, alive = psutil.wait_procs(list(leftovers.values()), timeout=LEFTOVER_SECONDS)
    for leftover in alive:
        with suppress(psutil.Error):
            leftover.kill()
    psutil.wait_procs(alive, timeout=LEFTOVER_SECONDS)


def _print_for_a_client(repo: Path, env: dict[str, str]) -> None:
    print("the emulators are up; for a client of your own:")
    for name, value in {**emulator_env(repo), **env}.items():
        print(f"  export {name}={value}")
    print(f"the web app: {web_origin(repo)}/ (a match: /match/MATCH_ID)")
    print("Ctrl-C stops them.", flush=True)


def main(argv: list[str] | None = None) -> int:
    """`make emulators`: the emulators in the foreground until Ctrl-C, on this checkout's
    ports (SCOREBOOK_EMULATOR_PORT_OFFSET), with what a client of your own needs to export."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="make emulators",
        description="Run the Auth, Firestore and Functions emulators until Ctrl-C, on the "
        "ports of firebase.json shifted by SCOREBOOK_EMULATOR_PORT_OFFSET, and print the "
        "variables a client of your own (a script, `node clients/js/examples/...`) needs. "
        "Their log goes to a file (printed); stopping them stops every process they started.")
    parser.parse_args(argv)
    repo = Path(__file__).resolve().parents[2]
    print(f"starting the emulators (log: {emulator_log(repo).relative_to(repo)}) ...",
          flush=True)
    try:
        with running_emulators(repo) as env:
            _print_for_a_client(repo, env)
            while True:
                time.sleep(3600)
    except EmulatorError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
