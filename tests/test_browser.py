"""End to end in a real browser: Debian's Chromium driven by Playwright against the servers
started as `make run` starts them. Keyboard only, as a resident without a mouse would."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.devserver import DevServers

from .conftest import ROOT

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
# As the machine's notes say: without these, Chromium tries to reach Google and is refused.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ANSWER_TIMEOUT = 30_000  # ms


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or not AXE.exists():
        pytest.fail("Chromium or axe-core missing: run scripts/browser_setup.sh (make test does)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """One browser tab that records console errors and CSP violations."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           locale="nl-NL")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def axe(self, context: str = "document") -> list[dict[str, Any]]:
        """Serious and critical WCAG 2.x A/AA violations found by axe-core."""
        # Through the DevTools protocol: our CSP (rightly) blocks add_script_tag's inline script.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            f"""async () => (await axe.run({context}, {{runOnly: {{type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}}})).violations"""
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result if v["impact"] in ("serious", "critical")
        ]


@pytest.fixture
def tab(browser: Any) -> Iterator[Page]:
    page = Page(browser)
    yield page
    page.context.close()


def wait_until(page: Any, expression: str, timeout_ms: int = ANSWER_TIMEOUT) -> None:
    """Poll a JS expression with page.evaluate. (wait_for_function evaluates a string inside
    the page, which our Content-Security-Policy rightly forbids.)"""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {expression}")
        time.sleep(0.1)


def bots(page: Any) -> str:
    return "document.querySelectorAll('[data-testid=jc-bot]').length"


def open_chat_by_keyboard(page: Any, web: str) -> None:
    page.goto(web + "/")
    page.get_by_test_id("jc-launcher").wait_for()
    for _ in range(40):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.dataset?.testid") == "jc-launcher":
            break
    else:
        pytest.fail("the chat launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.get_by_test_id("jc-panel").wait_for(state="visible")
    assert page.evaluate("document.activeElement?.dataset?.testid") == "jc-input", \
        "opening the chat puts the focus in the message field"


def ask(page: Any, text: str) -> Any:
    """Type a message by keyboard, press Enter, return the new bot message."""
    before = page.get_by_test_id("jc-bot").count()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    wait_until(page, f"{bots(page)} > {before}")
    return page.get_by_test_id("jc-bot").last


def test_resident_asks_by_keyboard_gets_source_presses_button_and_reloads(
    servers: DevServers, tab: Page
) -> None:
    page = tab.page
    open_chat_by_keyboard(page, servers.web)
    answer = ask(page, "Kan ik met een pgb verder als mijn indicatie afloopt?")
    text = answer.inner_text()
    assert "Bron:" in text and "vraag 20" in text, text
    assert answer.locator(".jc-source").count() == 1, "the source line is shown as such"
    buttons = answer.get_by_test_id("jc-button")
    assert buttons.count() >= 2
    assert page.get_by_role("log").count() == 1
    assert page.get_by_role("log").get_attribute("aria-live") == "polite"

    # Tab to the first button (the official text) and press it.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.dataset?.testid") == "jc-button":
            break
    else:
        pytest.fail("the answer's buttons cannot be reached with Tab")
    title = page.evaluate("document.activeElement.textContent")
    before = page.get_by_test_id("jc-bot").count()
    page.keyboard.press("Enter")
    wait_until(page, f"{bots(page)} > {before}")
    assert page.get_by_test_id("jc-user").last.inner_text().strip().endswith(title.strip())
    official = page.get_by_test_id("jc-bot").last.inner_text()
    assert "Bron:" in official

    # A reload keeps the conversation.
    count = page.get_by_test_id("jc-bot").count()
    page.reload()
    page.get_by_test_id("jc-panel").wait_for(state="visible")
    assert page.get_by_test_id("jc-bot").count() == count
    assert "vraag 20" in page.get_by_test_id("jc-log").inner_text()

    # ... and the same conversation goes on at the server (same session id).
    page.get_by_test_id("jc-input").focus()
    follow = ask(page, "stop").inner_text()
    assert follow.strip()
    assert tab.errors == [], tab.errors


def test_markup_is_shown_as_text_never_run(servers: DevServers, tab: Page) -> None:
    page = tab.page
    open_chat_by_keyboard(page, servers.web)
    page.evaluate("window.__pwned = false")
    attack = '<img src=x onerror="window.__pwned=true"><b>vet</b> wat is pgb?'
    ask(page, attack)
    log = page.get_by_test_id("jc-log")
    assert log.locator("img").count() == 0 and log.locator("b").count() == 0
    assert attack in page.get_by_test_id("jc-user").last.inner_text()
    assert page.evaluate("window.__pwned") is False


def test_feedback_is_stored(servers: DevServers, tab: Page) -> None:
    page = tab.page
    open_chat_by_keyboard(page, servers.web)
    answer = ask(page, "wanneer gaat de open house dicht?")
    answer.get_by_test_id("jc-feedback-up").click()
    page.get_by_text("Bedankt voor je reactie").first.wait_for()
    with urllib.request.urlopen(f"{servers.web}/api/feedback") as response:
        stored = json.loads(response.read())["feedback"]
    assert any(f["vote"] == "up" and f["question"] == 13 and f["version"] == "2023-12-04"
               for f in stored), stored


@pytest.mark.parametrize("width", [1280, 320])
def test_chat_accessibility_scan(servers: DevServers, browser: Any, width: int) -> None:
    tab = Page(browser, width=width, height=800)
    try:
        page = tab.page
        open_chat_by_keyboard(page, servers.web)
        ask(page, "welke producten gaan naar wij?")
        assert tab.axe() == []
        # Usable at 320 px: nothing wider than the screen.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"horizontal scroll of {overflow} px at {width} px"
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement?.dataset?.testid") == "jc-launcher"
        assert tab.errors == [], tab.errors
    finally:
        tab.context.close()


def test_chat_at_200_percent_zoom(servers: DevServers, browser: Any) -> None:
    """200% zoom on a 1280 px screen is a 640 px CSS viewport at device scale 2."""
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    try:
        page = context.new_page()
        open_chat_by_keyboard(page, servers.web)
        ask(page, "hallo")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        box = page.get_by_test_id("jc-input").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 450, "message field in view"
    finally:
        context.close()


def test_staff_lookup_side_by_side_with_changes(servers: DevServers, tab: Page) -> None:
    page = tab.page
    page.goto(servers.web + "/medewerkers")
    page.get_by_test_id("staff-q").fill("herindikatie")  # with a typo
    page.keyboard.press("Enter")
    page.get_by_test_id("staff-result").first.wait_for(timeout=10_000)
    assert "gevonden" in page.get_by_test_id("staff-status").inner_text()
    assert "q=herindikatie" in page.url
    page.get_by_test_id("staff-q").fill("pgb")
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('[data-testid=staff-result] h2')"
                     "?.textContent.includes('PGB')")
    first = page.get_by_test_id("staff-result").first
    text = first.inner_text()
    assert "29 september 2022" in text and "4 december 2023" in text
    assert "vraag 18" in text and "vraag 20" in text
    first.get_by_role("button", name="Toon wijzigingen").first.click()
    assert first.locator("ins").count() + first.locator("del").count() > 0
    assert tab.axe() == []
    assert tab.errors == [], tab.errors


def test_staff_page_empty_and_bad_queries(servers: DevServers, tab: Page) -> None:
    page = tab.page
    page.goto(servers.web + "/medewerkers?q=xyzzy")
    wait_until(page, "document.querySelector('[data-testid=staff-status]').textContent"
                     ".includes('Geen')")
    page.goto(servers.web + "/medewerkers?q=" + "<script>alert(1)</script>")
    wait_until(page, "document.querySelector('[data-testid=staff-status]').textContent"
                     ".length > 0")
    assert page.locator("[data-testid=staff-results] script").count() == 0
    assert tab.errors == [], tab.errors
