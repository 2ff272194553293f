"""The web app's production build (web/dist, which setup builds with Vite) stays small: under
300 KB gzipped in all, the Firebase SDK included, and the type check of its TypeScript passes
against the SDK's and the generated types."""

from __future__ import annotations

import subprocess

import pytest

from scorebook_tools.browser import build_sizes
from tests.conftest import REPO

DIST = REPO / "web" / "dist"
BUDGET = 300 * 1024


def test_the_build_is_under_300_kb_gzipped_sdk_included() -> None:
    if not (DIST / "index.html").is_file():
        pytest.skip("web/dist is not built: `make setup` builds it")
    sizes = build_sizes(DIST)
    total = sum(sizes.values())
    print(f"web/dist: {total / 1024:.1f} KB gzipped in {len(sizes)} files")
    assert total < BUDGET, sizes
    assert any(name.endswith(".js") for name in sizes)


def test_the_app_type_checks() -> None:
    tsc = REPO / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        pytest.skip("node_modules is not installed: `make setup` installs it")
    done = subprocess.run([str(tsc), "-p", "web"], cwd=REPO, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
