#!/usr/bin/env python3
"""Screenshot the episode page a build wrote, in headless Chromium, light and dark.

    article2audio build examples/ceasefire.txt -o DIR --base-url http://localhost:8000/ \
        --show "Weekly Read"
    .venv/bin/python scripts/site_screenshot.py DIR SLUG SECONDS docs/episode-page

The folder is served by `serve`, the page opened at SECONDS (a deep link, so a sentence and a
word are highlighted) and saved as PREFIX.png and PREFIX-dark.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from article2audio.serve import serve_folder  # noqa: E402
from browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402


def screenshot(folder: Path, slug: str, at: float, prefix: Path) -> None:
    """Save PREFIX.png (light) and PREFIX-dark.png of the page opened at `at` seconds."""
    executable = chromium_path()
    if executable is None:
        sys.exit("Chromium is not installed (apt-get install chromium)")
    with (
        serve_folder(folder, port=0).start_in_thread() as server,
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as profile,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 900, "height": 1600},
        )  # fmt: skip
        for scheme, name in (("light", f"{prefix}.png"), ("dark", f"{prefix}-dark.png")):
            page = context.new_page()
            page.emulate_media(color_scheme=scheme)
            page.goto(f"{server.url}{slug}.html#t={at}")
            page.wait_for_function("document.querySelector('[aria-current=\"true\"] .w.on')")
            page.wait_for_function(
                """() => { const r = document.querySelector('[aria-current="true"]')
                .getBoundingClientRect(); return r.top > 0 && r.bottom < innerHeight; }"""
            )
            page.wait_for_timeout(1500)  # let the smooth scroll settle: a picture, not a test
            page.screenshot(path=name)
            print(name)
            page.close()
        context.close()


def main() -> None:
    """DIR SLUG SECONDS PREFIX: screenshot DIR/SLUG.html opened at SECONDS."""
    folder, slug, at, prefix = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
    screenshot(folder, slug, at, Path(prefix))


if __name__ == "__main__":
    main()
