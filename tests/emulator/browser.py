"""A real headless Chromium for the web app's tests (scorebook_tools.browser). Screenshots go
to reports/web/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scorebook_tools.browser import MISSING, chromium_path, launch
from scorebook_tools.emulators import web_origin
from tests.conftest import REPO

SCREENSHOTS = REPO / "reports" / "web"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if chromium_path() is None:
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
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
