"""The three flows in a real browser: Debian's Chromium driven by Playwright, headless.

The server runs as ``politburo serve`` on a free localhost port. The tests
replay a run to its end, run a small what-if and wait for its result, and
play several months as Trotsky; every request the browser makes must stay
on the server. A screenshot of each page goes to ``test-artifacts/``.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import ARTIFACTS, Server

CHROMIUM = Path("/usr/bin/chromium")
#: Installs Debian's chromium with apt-get (as root); the tests run it where chromium is missing.
INSTALLER = Path(__file__).resolve().parents[3] / ".ci" / "install-chromium"
#: Chromium as the machine's notes start it: no sandbox (root), no background traffic.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def installed_chromium() -> Path:
    """Debian's chromium, installed first where it is missing and can be (root, apt-get).

    One test process installs at a time (a lock file), so the workers of
    ``pytest -n`` do not race for apt's lock. Where it cannot be installed
    (not root, no apt-get) the browser tests are skipped with that message;
    where installing it fails, they fail with the installer's words.
    """
    with open(Path("/tmp") / "politburo-install-chromium.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if CHROMIUM.is_file():
            return CHROMIUM
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            pytest.skip("Debian's chromium is missing and cannot be installed here (root, apt-get)")
        done = subprocess.run([str(INSTALLER)], capture_output=True, text=True, check=False)
    if not CHROMIUM.is_file():
        pytest.fail(f"chromium could not be installed: {done.stderr[-2000:]}")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(installed_chromium()), headless=True, args=ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh page; at the end, every request it made must have gone to the server."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    opened = context.new_page()
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(30_000)
    yield opened
    context.close()
    outside = [u for u in requested if not u.startswith((server.url + "/", "data:"))]
    assert requested and not outside, f"requests outside the server: {outside}"
    assert not errors, f"script errors: {errors}"


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_a_run_is_replayed_to_its_end_with_buttons_and_arrow_keys(
    page: Page, server: Server
) -> None:
    page.goto(server.url + "/")
    page.fill("#seed", "7")
    page.click("#replay-button")
    expect(page.locator("#month-title")).to_have_text("January 1924")
    expect(page.locator(".chart svg").first).to_be_visible()
    page.click("#next")
    expect(page.locator("#month-title")).to_have_text("February 1924")
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#month-title")).to_have_text("June 1927")
    shot(page, "replay")
    page.click("#last")
    expect(page.locator("#month-title")).to_have_text("December 1930")
    expect(page.locator("#final-verdict")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#month-title")).to_have_text("November 1930")
    link = page.get_attribute("#permalink", "href")
    assert link and "seed=7" in link and "v=" in link


def test_a_small_whatif_runs_in_the_background_to_its_result(page: Page, server: Server) -> None:
    page.goto(server.url + "/whatif")
    page.check("input[name=lever][value=patronage]")
    page.fill("#runs", "20")
    page.click("#whatif-button")
    expect(page.locator("#job-link")).to_be_visible()
    expect(page.locator("#job-done")).to_be_visible(timeout=180_000)
    expect(page.locator("[data-chart='outcomes-spec'] svg")).to_be_visible()
    expect(page.locator("[data-chart='shapley-spec'] svg")).to_be_visible()
    shot(page, "whatif")
    page.reload()  # a finished job reloads from the store
    expect(page.locator("#job-done")).to_be_visible()


def test_several_months_are_played_as_trotsky(page: Page, server: Server) -> None:
    page.goto(server.url + "/play")
    page.select_option("#actor", "trotsky")
    page.click("#start-game")
    months = [page.inner_text("#turn-month")]
    for move in ("button.move >> nth=0", "button.move.suggested", "button.move >> nth=1"):
        page.click(move)
        months.append(page.inner_text("#turn-month"))
    page.click("button.move.suggested")
    months.append(page.inner_text("#turn-month"))
    assert months[0].startswith("1924-01") and len(set(months)) == len(months), months
    expect(page.locator(".chapter").first).to_be_visible()
    shot(page, "play")
