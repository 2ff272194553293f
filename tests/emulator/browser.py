"""A real headless Chromium for the web app's tests: the system's (Debian's `chromium`, which
setup installs; SCOREBOOK_CHROMIUM names another), driven by Playwright, which downloads no
browser of its own. Screenshots go to reports/web/ for a person to look at."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scorebook_tools.emulators import web_origin
from tests.conftest import REPO

SCREENSHOTS = REPO / "reports" / "web"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
# Chromium's own calls home are refused on machines without the internet, many at a time.
QUIET_FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("SCOREBOOK_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: `make test` installs Debian's chromium as root with apt; "
                    "elsewhere install it, or set SCOREBOOK_CHROMIUM to a Chromium binary")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=QUIET_FLAGS)
        yield launched
        launched.close()


class Tab:
    """One page in a context of its own (its own storage and sign-in), with what its console
    said, for the failure message."""

    def __init__(self, browser: Any, origin: str, viewport: dict[str, int] = LAPTOP) -> None:
        self.context = browser.new_context(viewport=viewport, base_url=origin)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def open(self, path: str) -> Any:
        self.page.goto(path)
        return self.page

    def text(self, test_id: str) -> str:
        return self.page.get_by_test_id(test_id).inner_text()

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=full_page)
        return path

    def errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error", "pageerror"))]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tabs(browser: Any, emulators: dict[str, str]) -> Iterator[Any]:
    """`tabs()` opens a tab on the Hosting emulator's origin; all are closed after the test."""
    opened: list[Tab] = []

    def open_tab(viewport: dict[str, int] = LAPTOP) -> Tab:
        tab = Tab(browser, emulators.get("SCOREBOOK_WEB_ORIGIN") or web_origin(REPO), viewport)
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        tab.close()
