"""Where real matches come from: the one place in the project that names a data path.

Real ball-by-ball matches are Cricsheet's (cricsheet.org, Open Data Commons Attribution
License). They are not part of the repository: ``make data`` downloads the archives listed in
``CORPUS`` into ``.cache/cricsheet/``, or ``SCOREBOOK_CRICSHEET_DIR`` names a folder of
Cricsheet JSON files that is used instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scorebook_tools.generated_match import write_generated_match

REPO = Path(__file__).resolve().parents[2]
ENV_VAR = "SCOREBOOK_CRICSHEET_DIR"
DEFAULT_DIR = REPO / ".cache" / "cricsheet"
ATTRIBUTION = "Data from cricsheet.org, Open Data Commons Attribution License"
HOW_TO_GET = (
    "run `make data` to download the Cricsheet matches the project uses, "
    f"or set {ENV_VAR} to a folder of Cricsheet JSON files"
)


@dataclass(frozen=True)
class RealMatch:
    """A real match the project replays, the Cricsheet archive that holds it, and why."""

    id: str
    archive: str
    exercises: str


_CPL_2021 = tuple(str(n) for n in range(1269700, 1269731))

#: The real matches the tests, the demo and the benchmarks use, and where Cricsheet publishes
#: them (https://cricsheet.org/downloads/{archive}).
CORPUS: tuple[RealMatch, ...] = (
    RealMatch("1473459", "ipl_json.zip", "T20 (IPL 2025) with a batter retired out; the demo's"),
    RealMatch("1269710", "cpl_json.zip", "T20 tie decided by a super over"),
    RealMatch("1239543", "tests_json.zip", "Test, four innings, a draw, a non-striker run out"),
    RealMatch("1263170", "tests_json.zip", "Test with a declaration"),
    RealMatch("1244225", "cch_json.zip",
              "county match: penalty runs, a declaration, 2-run no-balls, stumpings"),
    RealMatch("1166947", "cch_json.zip",
              "county match: hit wicket, retired hurt, no-ball plus byes, a replacement"),
    RealMatch("1166966", "cch_json.zip", "county match with a forfeited innings"),
    RealMatch("1267678", "odis_json.zip", "ODI: hit wicket, run out off a wide, stumpings"),
    RealMatch("1263161", "odis_json.zip", "ODI decided by D/L, stumped off a wide"),
    RealMatch("1252700", "hnd_json.zip", "The Hundred (5-ball sets), no-ball plus byes"),
    RealMatch("1252684", "hnd_json.zip", "The Hundred, no result"),
    RealMatch("1275268", "t20s_json.zip", "T20I with retired hurt, stumped off a wide"),
    RealMatch("1263164", "t20s_json.zip", "T20I, no result, retired hurt"),
    *(RealMatch(n, "cpl_json.zip", "Caribbean Premier League 2021, league stage")
      for n in _CPL_2021 if n != "1269710"),
)

ARCHIVES: tuple[str, ...] = tuple(dict.fromkeys(m.archive for m in CORPUS))


def cricsheet_dir() -> Path:
    """The folder real matches are read from: ``$SCOREBOOK_CRICSHEET_DIR`` or the download."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DIR


def real_match(match_id: str) -> Path | None:
    """The Cricsheet file of a match, or None when it is not available here."""
    path = cricsheet_dir() / f"{match_id}.json"
    return path if path.is_file() else None


def real_matches() -> list[Path]:
    """The files of the corpus that are available, in the corpus order."""
    return [p for m in CORPUS if (p := real_match(m.id)) is not None]


def missing_reason(match_id: str | None = None) -> str:
    """Why a real match is not there, and how to get it."""
    what = f"Cricsheet match {match_id} is not" if match_id else "no real matches are"
    return f"{what} in {cricsheet_dir()}: {HOW_TO_GET}"


def expected_scorecard(path: Path) -> Path | None:
    """An independent scorecard published beside a match (``expected/{id}.scorecard.json``),
    when the data folder has one."""
    candidate = path.parent / "expected" / f"{path.stem}.scorecard.json"
    return candidate if candidate.is_file() else None


GENERATED_DIR = REPO / ".cache" / "generated"
#: The real match the demo replays when the data is there: a T20 of 257 actions.
DEMO_MATCH = "1473459"


def generated_match_file() -> Path:
    """The generated T20 as a Cricsheet file (written on first use, the same every time)."""
    return write_generated_match(GENERATED_DIR)


def default_match(match_id: str = DEMO_MATCH) -> tuple[Path, str]:
    """The match to replay when none is named: the real one if it is here, else the
    generated one; and a line that says which, and how to get real data."""
    path = real_match(match_id)
    if path is not None:
        return path, f"replaying the real match {match_id} ({path}); {ATTRIBUTION}"
    return generated_match_file(), (
        "no real matches here, so replaying a generated T20 (valid cricket, made up); "
        f"for a real one, {HOW_TO_GET}"
    )
