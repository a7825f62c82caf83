"""Transcript captions from the timeline's spoken cues, as WebVTT and SubRip (SRT).

Captions show the article's own words (`TimedCue.shown`), never the normalized text the voice
was given (no respelling, no phonemes, "$5" rather than "five dollars"). One caption per
spoken cue; a long sentence is split into even two-line captions whose times
are shared out by length. Lines stay within 65 characters, captions never overlap, and none
ends after the audio.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .models import TimedCue
from .timefmt import caption_stamp

MAX_LINE_CHARS = 65
MAX_CAPTION_LINES = 2


@dataclass
class Caption:
    """One transcript cue: its time span and at most two short lines."""

    start_ms: int
    end_ms: int
    lines: list[str]


def captions(cues: list[TimedCue], duration_ms: int) -> list[Caption]:
    """One caption per spoken cue (long ones split), lines <= 65 chars, monotonic, within the audio."""
    result: list[Caption] = []
    for cue in cues:
        for caption in _split_cue(cue):
            start = max(caption.start_ms, result[-1].end_ms if result else 0)
            end = min(caption.end_ms, duration_ms)
            if end > start:
                result.append(Caption(start, end, caption.lines))
    return result


def _split_cue(cue: TimedCue) -> list[Caption]:
    """Wrap a cue's text and share its time among two-line groups by their length in characters."""
    lines = _balanced_lines(cue.shown)
    groups = [lines[i : i + MAX_CAPTION_LINES] for i in range(0, len(lines), MAX_CAPTION_LINES)]
    total_chars = sum(len(" ".join(g)) for g in groups)
    span = cue.end_ms - cue.start_ms
    result, done_chars = [], 0
    for group in groups:
        start = cue.start_ms + round(span * done_chars / total_chars)
        done_chars += len(" ".join(group))
        result.append(Caption(start, cue.start_ms + round(span * done_chars / total_chars), group))
    return result


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [text]


def _balanced_lines(text: str) -> list[str]:
    """Lines of at most 65 chars, as even as possible across two-line captions (no orphan word)."""
    lines = _wrap(text, MAX_LINE_CHARS)
    if len(lines) <= MAX_CAPTION_LINES:
        return lines
    target = MAX_CAPTION_LINES * -(-len(lines) // MAX_CAPTION_LINES)  # whole captions
    for width in range(max(1, len(text) // target), MAX_LINE_CHARS):
        balanced = _wrap(text, width)
        if len(balanced) <= target:
            return balanced
    return lines


def to_webvtt(caps: list[Caption]) -> str:
    """The captions as a WebVTT document."""
    blocks = ["WEBVTT"]
    for caption in caps:
        timing = f"{caption_stamp(caption.start_ms)} --> {caption_stamp(caption.end_ms)}"
        text = "\n".join(line.replace("-->", "->") for line in caption.lines)
        blocks.append(f"{timing}\n{text}")
    return "\n\n".join(blocks) + "\n"


def to_srt(caps: list[Caption]) -> str:
    """The captions as a SubRip (.srt) document."""
    blocks = []
    for number, caption in enumerate(caps, start=1):
        timing = f"{caption_stamp(caption.start_ms, ',')} --> {caption_stamp(caption.end_ms, ',')}"
        blocks.append(f"{number}\n{timing}\n" + "\n".join(caption.lines))
    return "\n\n".join(blocks) + "\n"
