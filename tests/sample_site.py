"""The sample article (examples/ceasefire.txt) built with the real voice into a published
folder, and readers for what the build wrote there (page markup, chapters, word timings)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from cli_runner import run_cli

SAMPLE = Path(__file__).parent.parent / "examples" / "ceasefire.txt"
BASE_URL = "https://pod.example.org/weekly/"
SHOW = "Weekly Read"
AUTHOR = "Ada Lovelace"


@dataclass(frozen=True)
class SampleSite:
    """A published folder and the build's own account of it (`build --json`)."""

    folder: Path
    result: dict

    @property
    def slug(self) -> str:
        """The episode's slug."""
        return Path(self.result["path"]).stem

    def file(self, suffix: str) -> Path:
        """The episode's file with this suffix (".html", ".vtt", ".chapters.json" ...)."""
        return self.folder / f"{self.slug}{suffix}"

    def chapters(self) -> list[dict]:
        """The chapters JSON's chapters."""
        return json.loads(self.file(".chapters.json").read_text())["chapters"]

    def words(self) -> list[dict]:
        """The JSON transcript's segments (one per word when the voice timed them)."""
        return json.loads(self.file(".transcript.json").read_text())["segments"]


def build_sample(work: Path) -> SampleSite:
    """Build the sample article with the default voice, its own cache, pages on."""
    proc = run_cli(
        "build", str(SAMPLE), "-o", "site", "--json", "--base-url", BASE_URL, "--show", SHOW,
        "--author", AUTHOR, "--cache-dir", str(work / "cache"), cwd=work,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return SampleSite(work / "site", json.loads(proc.stdout))


@dataclass(frozen=True)
class TimedSpan:
    """One transcript sentence of a page: its times, word offsets and text."""

    start: float
    end: float
    text: str
    word_offsets: tuple[int, ...]  # data-w: hundredths after the start


class PageMarkup(HTMLParser):
    """The markup contract of an episode page: chapter links, timed sentences, aria-current."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.chapter_links: list[str] = []
        self.sentences: list[TimedSpan] = []
        self.current = 0
        self.paragraphs = 0
        self.canonical: str | None = None
        self._open: dict | None = None
        self._in_chapters = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.current += found.get("aria-current") == "true"
        if tag == "ol" and "chapters" in (found.get("class") or ""):
            self._in_chapters = True
        elif tag == "a" and self._in_chapters:
            self.chapter_links.append(found.get("href") or "")
        elif tag == "link" and found.get("rel") == "canonical":
            self.canonical = found.get("href")
        elif tag == "p":
            self.paragraphs += 1
        if "data-start" in found:
            self._open = {**found, "text": ""}

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self._in_chapters = False
        if tag == "span" and self._open is not None:
            offsets = tuple(int(w) for w in (self._open.get("data-w") or "").split())
            start, end = float(self._open["data-start"]), float(self._open["data-end"])
            self.sentences.append(TimedSpan(start, end, self._open["text"], offsets))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data
