"""The system's Chromium for the web app's tests and benchmark: Debian's
`chromium-headless-shell` (setup installs it), else its `chromium` (SCOREBOOK_CHROMIUM names
another), driven by Playwright, which then downloads no browser of its own; and the size of
the build they load."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path
from typing import Any

# Chromium's own calls home are refused on machines without the internet, many at a time.
QUIET_FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MISSING = ("no Chromium: `make test` installs Debian's chromium-headless-shell as root with "
           "apt; elsewhere install it (or chromium), or set SCOREBOOK_CHROMIUM to a Chromium "
           "binary")


def chromium_path() -> str | None:
    return os.environ.get("SCOREBOOK_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium-headless-shell", "chromium",
                                        "chromium-browser"))), None)


def launch(playwright: Any) -> Any:
    """Headless Chromium, the system's, quiet (a Playwright `Browser`)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=QUIET_FLAGS)


def build_sizes(dist: Path) -> dict[str, int]:
    """The web app's production build (web/dist): each file the browser loads, gzipped
    bytes (level 9, as the budget of 300 KB counts them)."""
    return {p.relative_to(dist).as_posix(): len(gzip.compress(p.read_bytes(), compresslevel=9))
            for p in dist.rglob("*") if p.is_file() and p.suffix in (".js", ".css", ".html")}
