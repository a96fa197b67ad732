"""One check for every page a browser test visits: axe finds no serious or critical
accessibility violation, the page is saved at a desktop's width (1280 px) and a phone's
(375 px), and at 375 px it never scrolls sideways.

The check watches each browser context a test opens and records the pages it loads. Before the
context closes (or when the test ends), it opens each recorded address again in that context,
so with the same session, and checks it there: the test's own steps are never disturbed by
resizing or by axe running beside them. An address that now sends the session elsewhere (the
login page once signed in) is opened once more without a session. A test also checks a page in
the state it is in (a form showing its errors) with ``check_here(page, name)``.
Screenshots go under ``var/screenshots/<test>/`` (ignored by git)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SERIOUS = {"serious", "critical"}
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
SIDEWAYS = "document.scrollingElement.scrollWidth - window.innerWidth"
TOO_WIDE = """[...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))
    .slice(0, 8)"""

_axe = Axe()


def serious_violations(page) -> list[str]:
    """axe's serious and critical violations on the page as it is, one line each."""
    found = _axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:4])
        for v in found
        if v.get("impact") in SERIOUS
    ]


def sideways(page) -> int:
    """How many pixels the page scrolls sideways (0 or less: it fits the window)."""
    return page.evaluate(SIDEWAYS)


def check_here(page, name: str) -> None:
    """Check ``page`` as it is now (screenshots, sideways scroll, axe), then put its viewport
    back: for the states a revisit cannot reach, such as a form showing its errors."""
    size = page.viewport_size
    PageCheck.current.look(page, name)
    if size:
        page.set_viewport_size(size)


class PageCheck:
    """Records the pages each watched context loads and checks them before it closes."""

    current: PageCheck

    def __init__(self, name: str, new_context):
        PageCheck.current = self
        self.new_context = new_context  # the browser's own: a context nobody watches
        self.name = re.sub(r"[^\w.-]+", "-", name)[:80]
        self.problems: list[str] = []
        self.visited: dict[object, list[str]] = {}
        self.checked: set[tuple[int, str]] = set()  # (context, address): once per session
        self.count = 0
        shutil.rmtree(SHOTS / self.name, ignore_errors=True)

    def watch(self, context) -> None:
        urls: list[str] = []
        self.visited[context] = urls

        def loaded(page) -> None:
            if page.url not in urls and self.checkable(page.url):
                urls.append(page.url)

        context.on("page", lambda page: page.on("load", loaded))
        close = context.close

        def check_then_close(*args, **kwargs):
            self.check_context(context)
            return close(*args, **kwargs)

        context.close = check_then_close

    @staticmethod
    def checkable(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme == "http" and parts.hostname in LOCAL_HOSTS

    def check_context(self, context) -> None:
        urls = self.visited.pop(context, None)
        if not urls:
            return
        page = context.new_page()
        try:
            for url in urls:
                self.check(page, url)
        finally:
            page.close()

    def check_all(self) -> None:
        for context in list(self.visited):
            self.check_context(context)

    def check(self, page, url: str) -> None:
        if self.seen(page, url):
            return
        if not self.open(page, url):
            return
        if urlsplit(page.url).path != urlsplit(url).path:
            anonymous = self.new_context()  # sent elsewhere: the page as someone signed out sees it
            try:
                self.open(anonymous.new_page(), url, look=True)
            finally:
                anonymous.close()
            self.checked.add((id(page.context), url))
        if not self.seen(page, page.url):
            self.look(page, urlsplit(page.url).path)

    def seen(self, page, url: str) -> bool:
        return (id(page.context), url) in self.checked

    def open(self, page, url: str, look: bool = False) -> bool:
        page.set_viewport_size(PHONE)
        try:
            response = page.goto(url)
        except Exception:  # a download, or a page that is gone: nothing to look at
            return False
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return False
        if look and not self.seen(page, page.url):
            self.look(page, urlsplit(page.url).path)
        return True

    def look(self, page, name: str) -> None:
        where = urlsplit(page.url).path
        self.checked.add((id(page.context), page.url))
        self.count += 1
        folder = SHOTS / self.name
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{self.count:02d}-" + (re.sub(r"[^\w]+", "-", name).strip("-") or "home")
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(folder / f"{stem}-375.png"), full_page=True)
        over = sideways(page)
        if over > 0:
            self.problems.append(
                f"{where} scrolls {over}px sideways at 375px: {page.evaluate(TOO_WIDE)}"
            )
        self.problems.extend(f"{where}: {line}" for line in serious_violations(page))
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(folder / f"{stem}-1280.png"), full_page=True)
