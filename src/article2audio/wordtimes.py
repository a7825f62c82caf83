"""Word timings: the article's own words with the times the voice said them.

An engine that knows when it said each word (Piper, from its phoneme alignments) times the
words it was given: `TimedCue.words` holds one span per whitespace token of the normalized
text `TimedCue.text`. Captions, the JSON transcript and the episode page show the written
words (`TimedCue.shown`): "$3.5 billion" where the voice said "three point five billion
dollar". `shown_words` carries the times over: tokens that read the same once folded
(lower case, letters and digits only) take their spoken word's span; a written run between
them ("$3.5") shares the span of the spoken run it became ("three point five"), by length;
a spoken word with no written one ("dollar") lengthens the written word before it; a written
token nothing was said for (a lone dash) takes the gap where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .models import Span, TimedCue

_NOT_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class TimedWord:
    """One written word and when it is said (ms on the timeline)."""

    text: str
    start_ms: int
    end_ms: int


def speech_span(cue: TimedCue) -> Span:
    """From the cue's first word to its last when timed, else the whole clip."""
    if cue.words:
        return cue.words[0][0], cue.words[-1][1]
    return cue.start_ms, cue.end_ms


def shown_words(cue: TimedCue) -> list[TimedWord] | None:
    """The cue's written words with their times; None when the voice gave no timings."""
    spoken, shown = cue.text.split(), cue.shown.split()
    if cue.words is None or len(cue.words) != len(spoken) or not shown:
        return None
    spans: list[Span | None] = [None] * len(shown)
    matcher = SequenceMatcher(None, [_fold(t) for t in shown], [_fold(t) for t in spoken], False)
    unwritten: list[tuple[int, Span]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        said = (cue.words[j1][0], cue.words[j2 - 1][1]) if j2 > j1 else (0, 0)
        if tag == "equal":
            spans[i1:i2] = cue.words[j1:j2]
        elif tag == "replace":
            spans[i1:i2] = _shared(said, shown[i1:i2])
        elif tag == "insert":
            unwritten.append((i1, said))
    for before, said in unwritten:
        _lengthen(spans, before, said)
    return [
        TimedWord(text, a, b)
        for text, (a, b) in zip(shown, fill_gaps(spans, *speech_span(cue)), strict=True)
    ]


def _fold(token: str) -> str:
    return _NOT_WORD.sub("", token.lower())


def _shared(span: Span, tokens: list[str]) -> list[Span | None]:
    """A span cut into one piece per token, each as long as its token (in characters)."""
    start, end = span
    total = sum(len(t) for t in tokens)
    pieces: list[Span | None] = []
    done = 0
    for token in tokens:
        left = start + (end - start) * done // total
        done += len(token)
        pieces.append((left, start + (end - start) * done // total))
    return pieces


def _lengthen(spans: list[Span | None], before: int, said: Span) -> None:
    """Spoken words with no written token: the written word before them lasts until they end
    (at the start: the first written word starts with them)."""
    if before > 0 and (previous := spans[before - 1]) is not None:
        spans[before - 1] = (previous[0], max(previous[1], said[1]))
    elif before < len(spans) and (following := spans[before]) is not None:
        spans[before] = (min(following[0], said[0]), following[1])


def fill_gaps(spans: Sequence[Span | None], first: int, last: int) -> list[Span]:
    """Every span known: a missing one takes the gap between its neighbours (shared evenly
    among missing neighbours, `first` and `last` at the ends); spans never go back in time."""
    result: list[Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        if span is not None:
            start = max(span[0], result[-1][1] if result else first)
            result.append((start, max(start, span[1])))
            index += 1
            continue
        run_end = index
        while run_end < len(spans) and spans[run_end] is None:
            run_end += 1
        left = result[-1][1] if result else first
        following = spans[run_end] if run_end < len(spans) else None
        right = max(left, following[0] if following is not None else last)
        count = run_end - index
        result += [
            (left + (right - left) * k // count, left + (right - left) * (k + 1) // count)
            for k in range(count)
        ]
        index = run_end
    return result
