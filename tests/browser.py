"""Open the run's HTML pages in Debian's chromium (driven by Playwright) with the network
blocked: every request that is not for a local file is refused and recorded."""
from __future__ import annotations

import shutil
from contextlib import contextmanager

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def offline_browser():
    assert CHROMIUM, "the browser tests need Debian's chromium (scripts/test installs it)"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_offline(browser, uri: str):
    """A page loaded from `uri` with the network blocked; `page.problems` lists the
    requests that tried to leave the machine, script errors and console errors."""
    page = browser.new_page()
    page.problems = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            page.problems.append(f"network request: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: page.problems.append(f"script error: {e}"))
    page.on("console", lambda m: page.problems.append(f"console: {m.text}")
            if m.type == "error" else None)
    page.goto(uri)
    page.wait_for_load_state("load")
    return page
