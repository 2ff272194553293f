"""The system's Chromium for the web app's tests and benchmark: Debian's `chromium` (setup
installs it; SCOREBOOK_CHROMIUM names another), driven by Playwright, which then downloads no
browser of its own."""

from __future__ import annotations

import os
import shutil

# Chromium's own calls home are refused on machines without the internet, many at a time.
QUIET_FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MISSING = ("no Chromium: `make test` installs Debian's chromium as root with apt; elsewhere "
           "install it, or set SCOREBOOK_CHROMIUM to a Chromium binary")


def chromium_path() -> str | None:
    return os.environ.get("SCOREBOOK_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
