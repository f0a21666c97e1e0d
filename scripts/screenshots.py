"""Screenshots of the chat (desktop and 320 px wide) and of the staff lookup, taken in
Debian's Chromium against the servers started as `make run` starts them.

  make screenshots      -> docs/screenshots/chat-desktop.png, chat-320px.png, staff.png
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.devserver import DevServers  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chat(page: Page, web: str, question: str) -> None:
    page.goto(web + "/")
    page.get_by_test_id("jc-launcher").click()
    page.get_by_test_id("jc-input").fill(question)
    page.keyboard.press("Enter")
    # (not wait_for_function: it evaluates a string in the page, which our CSP forbids)
    page.get_by_test_id("jc-bot").nth(1).wait_for(timeout=30_000)
    page.wait_for_timeout(300)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with DevServers(ROOT / "var" / "screenshots") as servers, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, size in (("chat-desktop", (1280, 800)), ("chat-320px", (320, 640))):
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            chat(page, servers.web, "Kan ik met een pgb verder als mijn indicatie afloopt?")
            page.screenshot(path=str(OUT / f"{name}.png"))
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(servers.web + "/medewerkers?q=pgb")
        page.get_by_test_id("staff-result").first.wait_for()
        page.get_by_role("button", name="Toon wijzigingen").first.click()
        page.screenshot(path=str(OUT / "staff.png"))
        browser.close()
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.relative_to(ROOT)}  {png.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
