"""Plain dataclasses that flow between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np


@dataclass
class Section:
    """One headed part of the article as the author wrote it."""

    title: str
    level: int
    text: str  # plain prose, paragraphs separated by a blank line, markup removed
    subheadings: list[str] = field(default_factory=list)  # deeper headings, spoken in `text`


@dataclass
class Article:
    """What the author wrote: a title, metadata and the sections in order."""

    title: str
    sections: list[Section]
    meta: dict[str, str] = field(default_factory=dict)  # author, date, description, lang, image


CueKind = Literal["title", "heading", "sentence", "closing"]  # title: the article's, said first
HEADING_KINDS: tuple[CueKind, ...] = ("title", "heading")  # said at the heading pace
Span = tuple[
    int, int
]  # where one word is said: start and end (samples in a clip, ms on the timeline)


@dataclass
class Cue:
    """One unit the voice will say; `pause_after_ms` is the silence that follows it.

    `text` is what the voice is given (normalized; the clip cache keys on it), `display` the
    article's own words for captions and transcripts ("" means the same as `text`).
    """

    section_index: int
    kind: CueKind
    text: str
    pause_after_ms: int = 0
    display: str = ""
    opens_paragraph: bool = False  # the first sentence of one of the article's paragraphs

    @property
    def shown(self) -> str:
        """The words to show for this cue."""
        return self.display or self.text


@dataclass
class Script:
    """What the voice will say, cue by cue, plus the chapter titles."""

    title: str
    chapter_titles: list[str]
    cues: list[Cue]

    def section_text(self, section_index: int) -> str:
        """The spoken text of one chapter, cues joined by spaces."""
        return " ".join(c.text for c in self.cues if c.section_index == section_index)


@dataclass
class Clip:
    """Audio for one cue: mono float32 samples in [-1, 1] at `rate` Hz."""

    samples: np.ndarray
    rate: int
    text: str
    words: list[Span] | None = None  # each whitespace token of `text`, in samples; None: unknown

    @property
    def duration_ms(self) -> float:
        """Length of the clip in milliseconds."""
        return 1000.0 * len(self.samples) / self.rate

    def words_ms(self, start_ms: int) -> list[Span] | None:
        """The words' times on a timeline where the clip starts at `start_ms` (None: unknown)."""
        if self.words is None:
            return None
        return [
            (start_ms + round(1000 * a / self.rate), start_ms + round(1000 * b / self.rate))
            for a, b in self.words
        ]


@dataclass
class Chapter:
    """A chapter mark on the final timeline."""

    title: str
    start_ms: int
    end_ms: int


@dataclass
class TimedCue:
    """A spoken cue placed on the timeline; `display` is the written form to show."""

    section_index: int
    kind: CueKind
    text: str
    start_ms: int
    end_ms: int
    display: str = ""
    opens_paragraph: bool = False
    words: list[Span] | None = None  # each whitespace token of `text`, ms; None: not timed

    @property
    def shown(self) -> str:
        """The words to show for this cue."""
        return self.display or self.text

    @property
    def speech_start_ms(self) -> int:
        """When the voice starts saying the cue: its first word when timed, else the clip."""
        return self.words[0][0] if self.words else self.start_ms


@dataclass
class Timeline:
    """The mixed episode: a mono 16-bit WAV file plus where every chapter and cue sits."""

    audio_path: Path
    rate: int
    duration_ms: int
    chapters: list[Chapter]
    cues: list[TimedCue]
    loudness_lufs: float | None = None  # integrated loudness of the mix, metered as it was written


@dataclass
class Episode:
    """The result of a build: where the files are and what is in them."""

    path: Path
    title: str
    duration_ms: int
    chapters: list[Chapter]
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    extra_files: dict[str, Path] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)


_LINE_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " "})
_TEXT_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def printable(text: str, one_line: bool = True) -> str:
    """`text` without control characters (NUL, bell, escape, C1 ...), which no tag, file name
    or XML feed can hold; in `one_line` text (a title) tabs and line breaks become spaces."""
    text = text.translate(_LINE_BREAKS if one_line else _TEXT_BREAKS)
    kept = "".join(c for c in text if c in "\t\n\r" or not _unprintable(c))
    return " ".join(kept.split()) if one_line else kept


def _unprintable(char: str) -> bool:
    """A control character, a lone surrogate or a non-character (U+FFFE, U+FFFF)."""
    code = ord(char)
    return code < 32 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)


def drop_control_characters(article: Article) -> None:
    """Clean an article's title, metadata, headings and text of control characters, in place."""
    article.title = printable(article.title)
    article.meta = {key: printable(value) for key, value in article.meta.items()}
    for section in article.sections:
        section.title = printable(section.title)
        section.subheadings = [printable(s) for s in section.subheadings]
        section.text = printable(section.text, one_line=False)
