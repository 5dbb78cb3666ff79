"""A browser that may reach only the server under test, and what it saw going wrong."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response, Route

from tests.web.test_browser import ARGS, CHROMIUM

__all__ = ["ARGS", "CHROMIUM", "Watched", "watched_context"]


@dataclass
class Watched:
    """What pages of one browser context did wrong: console errors, uncaught script errors,
    answers of 400 and above, and requests to another host (refused)."""

    base: str
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            *(f"console: {text}" for text in self.console),
            *(f"answer: {text}" for text in self.failed),
            *(f"other host: {url}" for url in self.outside),
        ]

    def clear(self) -> None:
        self.console.clear()
        self.failed.clear()
        self.outside.clear()

    def watch(self, page: Page) -> Page:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))
        page.on("response", self._response)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(f"{message.text} ({message.location.get('url', '')})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.base + "/") or url == self.base:
            route.continue_()
        else:
            # As with no network: nothing leaves the machine.
            self.outside.append(url)
            route.abort("internetdisconnected")


@contextmanager
def watched_context(browser: Browser, base: str) -> Iterator[tuple[BrowserContext, Watched]]:
    """A fresh browser context that reaches only ``base`` (scheme, host and port)."""
    watched = Watched(base.rstrip("/"))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", watched._route)
    context.set_default_timeout(60_000)
    try:
        yield context, watched
    finally:
        context.close()
