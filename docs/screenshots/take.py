"""Pictures of the pages a coordinator sees, for the docs: run against a running `noaber demo`.

    .venv/bin/noaber demo --port 8123 &      # wait for "noaber demo ready"
    .venv/bin/python docs/screenshots/take.py --base http://127.0.0.1:8123

Uses Debian's Chromium through Playwright (as the browser tests do), signs in with each page's
demo login, and writes PNGs beside this file. With Debian's ``chromium-l10n`` the date and
time fields show as a Dutch browser shows them (without it, as an American one).
"""
from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
#: a long page (the coalition's dashboard) is shown down to here: the picture is for its top
TALLEST = 1800
#: (file, tenant, address, who signs in)
PAGES = [
    ("home.png", "de-es", "/", "coordinator"),
    ("ride-form.png", "de-es", "/transport/rides/new?rider=2", "coordinator"),
    ("known-places.png", "de-es", "/places/", "coordinator"),
    ("person.png", "de-es", "/people/2", "coordinator"),
    ("volunteer-hours.png", "de-es", "/volunteers/hours", "treasurer"),
    ("my-rides.png", "de-es", "/transport/my", "volunteer"),
    ("coalition-dashboard.png", "regio-oost", "/federation/dashboard", "coordinator"),
]


def sign_in(page, base: str, slug: str, role: str) -> None:
    page.goto(f"{base}/t/{slug}/sign-in")
    page.get_by_label("E-mailadres").fill(f"{role}@{slug}.example")
    page.get_by_label("Wachtwoord").fill(f"demo-{role}-{slug}")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/t/{slug}/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        # --lang: date and time fields as a Dutch browser shows them (dd-mm-jjjj, 24 hours)
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--lang=nl-NL"],
                                            env={**os.environ, "LANG": "nl_NL.UTF-8", "LANGUAGE": "nl"})
        for name, slug, path, role in PAGES:
            context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="nl-NL")
            page = context.new_page()
            sign_in(page, args.base, slug, role)
            page.goto(f"{args.base}/t/{slug}{path}")
            height = min(page.evaluate("document.documentElement.scrollHeight"), TALLEST)
            page.screenshot(path=str(HERE / name), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1100, "height": height})
            context.close()
            print(f"wrote {HERE / name}")
        browser.close()


if __name__ == "__main__":
    main()
