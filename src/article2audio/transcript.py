"""Transcripts from the timeline's spoken cues: WebVTT, SubRip (SRT) and Podcasting 2.0 JSON.

They show the article's own words (`TimedCue.shown`), never the normalized text the voice
was given (no respelling, no phonemes, "$5" rather than "five dollars"). One caption per
spoken cue; a long sentence is split into even two-line captions, timed from their words when
the voice timed them (`wordtimes`), else sharing the cue's time by length. Lines stay within
65 characters (32 in SRT, as the Podcasting 2.0 transcript notes advise), captions never
overlap, and none ends after the audio. The JSON transcript
has one segment per word when the words are timed, else one per cue.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

from .models import TimedCue
from .timefmt import caption_stamp
from .wordtimes import TimedWord, shown_words

JSON_TRANSCRIPT_VERSION = "1.0.0"
MAX_LINE_CHARS = 65
SRT_LINE_CHARS = 32  # the Podcasting 2.0 advice for SRT: two lines of at most 32 characters
MAX_CAPTION_LINES = 2


@dataclass
class Caption:
    """One transcript cue: its time span and at most two short lines."""

    start_ms: int
    end_ms: int
    lines: list[str]


def captions(
    cues: list[TimedCue], duration_ms: int, line_chars: int = MAX_LINE_CHARS
) -> list[Caption]:
    """One caption per spoken cue (long ones split), lines <= `line_chars`, monotonic, within
    the audio."""
    result: list[Caption] = []
    for cue in cues:
        for caption in _split_cue(cue, line_chars):
            start = max(caption.start_ms, result[-1].end_ms if result else 0)
            end = min(caption.end_ms, duration_ms)
            if end > start:
                result.append(Caption(start, end, caption.lines))
    return result


def _split_cue(cue: TimedCue, line_chars: int) -> list[Caption]:
    """Wrap a cue's text into two-line groups, each timed from its words when the voice timed
    them, else by sharing the cue's time among the groups by their length in characters."""
    lines = _balanced_lines(cue.shown, line_chars)
    groups = [lines[i : i + MAX_CAPTION_LINES] for i in range(0, len(lines), MAX_CAPTION_LINES)]
    words = shown_words(cue)
    counts = [len(" ".join(group).split()) for group in groups]
    if words is not None and sum(counts) == len(words):
        return _timed_groups(groups, counts, words)
    total_chars = sum(len(" ".join(g)) for g in groups)
    span = cue.end_ms - cue.start_ms
    result, done_chars = [], 0
    for group in groups:
        start = cue.start_ms + round(span * done_chars / total_chars)
        done_chars += len(" ".join(group))
        result.append(Caption(start, cue.start_ms + round(span * done_chars / total_chars), group))
    return result


def _timed_groups(
    groups: list[list[str]], counts: list[int], words: list[TimedWord]
) -> list[Caption]:
    """Each group from its first word's start; it stays up until the next group begins, the
    last until its last word ends."""
    starts = [words[sum(counts[:k])].start_ms for k in range(len(groups))]
    ends = starts[1:] + [words[-1].end_ms]
    return [Caption(s, e, g) for s, e, g in zip(starts, ends, groups, strict=True)]


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [text]


def _balanced_lines(text: str, line_chars: int) -> list[str]:
    """Lines of at most `line_chars`, as even as possible across two-line captions (no orphan
    word)."""
    lines = _wrap(text, line_chars)
    if len(lines) <= MAX_CAPTION_LINES:
        return lines
    target = MAX_CAPTION_LINES * -(-len(lines) // MAX_CAPTION_LINES)  # whole captions
    for width in range(max(1, len(text) // target), line_chars):
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


def to_json(cues: list[TimedCue], duration_ms: int) -> str:
    """The Podcasting 2.0 JSON transcript: a segment per word when timed, else per cue."""
    segments = []
    for cue in cues:
        words = shown_words(cue)
        if words is None:
            start, end = cue.start_ms, cue.end_ms
            parts = [(cue.shown, start, end)]
        else:
            parts = [(w.text, w.start_ms, w.end_ms) for w in words]
        for body, start, end in parts:
            start, end = min(start, duration_ms), min(end, duration_ms)
            segments.append({"startTime": start / 1000, "endTime": end / 1000, "body": body})
    document = {"version": JSON_TRANSCRIPT_VERSION, "segments": segments}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
