#!/usr/bin/env python3
"""Screenshot an episode page of a published folder in headless Chromium, light and dark.

    .venv/bin/python scripts/site_screenshot.py DIR SLUG SECONDS docs/episode-page

Until the build writes the pages itself (issue 15, phase B), the page is made here from what
a build already publishes: the episode's sidecar and chapters JSON, and its WebVTT captions
as the timed sentences. The folder is served by `serve`, the page opened at SECONDS (a deep
link, so a sentence is highlighted) and saved as PREFIX.png and PREFIX-dark.png.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from article2audio import site  # noqa: E402
from article2audio.serve import serve_folder  # noqa: E402
from browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402

TIMING = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def vtt_sentences(path: Path, chapter_titles: set[str]) -> tuple[site.Sentence, ...]:
    """The captions as timed sentences (a caption equal to a chapter title is its heading)."""
    sentences = []
    for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        timing, *lines = block.strip().split("\n")
        match = TIMING.match(timing)
        if match:
            text = " ".join(lines)
            start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
            sentences.append(site.Sentence(text, start, end, heading=text in chapter_titles))
    return tuple(sentences)


def write_pages(folder: Path, slug: str) -> None:
    """Render <slug>.html and index.html (and their assets) from the folder's files."""
    record = json.loads((folder / f"{slug}.episode.json").read_text(encoding="utf-8"))
    show_data = record["show"]
    doc = json.loads((folder / f"{slug}.chapters.json").read_text(encoding="utf-8"))
    chapters = tuple(
        site.PageChapter(c["title"], c["startTime"], c["endTime"]) for c in doc["chapters"]
    )
    show = site.ShowPage(
        title=show_data["title"],
        description=show_data["description"],
        author=show_data["author"],
        base_url=show_data["base_url"],
        language=show_data["language"],
        cover_file=show_data.get("image"),
    )
    episode = site.EpisodePage(
        title=record["title"],
        slug=slug,
        published=dt.datetime.fromisoformat(record["pub_date"]),
        author=record["author"],
        description=record["description"],
        duration=record["duration_ms"] / 1000,
        audio_file=record["audio"],
        audio_bytes=(folder / record["audio"]).stat().st_size,
        cover_file=record.get("image"),
        chapters=chapters,
        sentences=vtt_sentences(folder / f"{slug}.vtt", {c.title for c in chapters}),
        transcript_files=((f"{slug}.vtt", "WebVTT"),),
    )
    (folder / episode.page_file).write_text(site.episode_page(show, episode), encoding="utf-8")
    (folder / "index.html").write_text(site.show_page(show, [episode]), encoding="utf-8")
    for name, text in site.asset_files().items():
        (folder / name).write_text(text, encoding="utf-8")


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
            page.wait_for_function("document.querySelector('[aria-current=\"true\"]')")
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
    """DIR SLUG SECONDS PREFIX: write the pages into DIR and screenshot the episode page."""
    folder, slug, at, prefix = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
    write_pages(folder, slug)
    screenshot(folder, slug, at, Path(prefix))


if __name__ == "__main__":
    main()
