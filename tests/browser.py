"""Headless Chromium for the page tests: Debian's chromium driven by Playwright.

Playwright is pointed at the system Chromium (`executable_path`), so nothing is downloaded
(`playwright install` is never run). One browser serves a whole test session (the `browser`
fixture in conftest.py); when Chromium or Playwright is missing the tests that need them skip
and say why (`scripts/_browser.sh`, sourced by `scripts/test`, installs Chromium where it can).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


def chromium_path() -> str | None:
    """The system Chromium (ARTICLE2AUDIO_CHROMIUM, else chromium on PATH), or None."""
    named = os.environ.get("ARTICLE2AUDIO_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium (a fresh profile), or a skip saying what is missing."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; scripts/test does it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')"
    )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield context
        context.close()


class PageProblems:
    """Console errors and uncaught exceptions a page reported."""

    def __init__(self, page: object) -> None:
        self.messages: list[str] = []
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: self.messages.append(f"uncaught: {error}"))  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            self.messages.append(f"console {message.type}: {message.text}")  # type: ignore[attr-defined]
