"""Pictures of the pages a coordinator sees, for the docs: run against a running `noaber demo`.

    .venv/bin/noaber demo --port 8123 &      # wait for "noaber demo ready"
    .venv/bin/python docs/screenshots/take.py --base http://127.0.0.1:8123

Uses Debian's Chromium through Playwright (as the browser tests do), signs in with the demo's
coordinator login, and writes PNGs beside this file.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
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
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        for name, slug, path, role in PAGES:
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            page = context.new_page()
            sign_in(page, args.base, slug, role)
            page.goto(f"{args.base}/t/{slug}{path}")
            page.screenshot(path=str(HERE / name), full_page=True)
            context.close()
            print(f"wrote {HERE / name}")
        browser.close()


if __name__ == "__main__":
    main()
