"""A real headless Chromium for the web app's tests (scorebook_tools.browser). Screenshots go
to reports/web/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scorebook_tools.browser import MISSING, chromium_path, launch
from scorebook_tools.emulators import web_origin
from tests.conftest import REPO
from tests.emulator.harness import wait_for

SCREENSHOTS = REPO / "reports" / "web"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
#: how long a page may take to show a change: seconds when all is well, but the Firestore
#: SDK's listener backs off (up to a minute) when a stream to the emulator fails, and a page
#: that re-listens pays that wait once.
SHOWN_WITHIN_S = 60


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if chromium_path() is None:
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


def shown(tab: Tab, test_id: str, want: str, *, ending: bool = False,
          deadline: float = SHOWN_WITHIN_S) -> str:
    """Wait until `tab`'s element `test_id` shows `want` (or a text ending with it, `ending`);
    fail with what it showed last, the page and its console."""
    seen: list[str | None] = []

    def showing() -> str | None:
        seen.append(tab.showing(test_id))
        got = seen[-1]
        return got if got is not None and (got.endswith(want) if ending else got == want) else None

    try:
        return wait_for(showing, f"{test_id} to show {want!r}", deadline=deadline)
    except pytest.fail.Exception:
        pytest.fail(f"{test_id} showed {seen[-1:]!r}, not {'...' if ending else ''}{want!r}"
                    f" within {deadline:.0f}s; {tab.why()}")


class Tab:
    """One page in a context of its own (its own storage and sign-in), with what its console
    said, for the failure message."""

    def __init__(self, browser: Any, origin: str, viewport: dict[str, int] = LAPTOP) -> None:
        self.context = browser.new_context(viewport=viewport, base_url=origin)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        # a console's "Failed to load resource: ... 400" names no request: this does
        self.page.on("response", self._failed)

    def _failed(self, response: Any) -> None:
        if response.status >= 400:
            self.console.append(f"response: {response.status} {response.request.method} "
                                f"{response.url[:200]}")

    def open(self, path: str) -> Any:
        self.page.goto(path)
        return self.page

    def text(self, test_id: str) -> str:
        return self.page.get_by_test_id(test_id).inner_text()

    def showing(self, test_id: str) -> str | None:
        """The element's text now, or None while the page has no such element (it is
        re-rendered, or not yet drawn): asking never waits out Playwright's 30 s."""
        found = self.page.get_by_test_id(test_id)
        try:
            return found.inner_text(timeout=1000).strip() if found.count() else None
        except PlaywrightTimeout:
            return None

    def why(self) -> str:
        """What the page shows and what its console said, for a failure's message."""
        body = self.page.locator("body").inner_text()[-600:]
        return f"the page ends: {body!r}; its console: {self.console[-12:]!r}"

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
