#!/usr/bin/env python3
"""How far the old time estimate is from the voice's own word timings, on one build.

    .venv/bin/python scripts/timing_error.py [ARTICLE] [--cache-dir DIR]

Builds the article (default: the sample) with the default voice, which times every word from
its phoneme alignments, keeps the timeline's cues, and compares what the transcripts said
before those timings existed (a cue's clip from its first sample to its last, its time shared
out by length) with what they say now: caption starts and ends, sentence starts and ends, the
chapter marks, and every word's start.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from dataclasses import replace
from pathlib import Path

from article2audio import pipeline, publish
from article2audio.models import TimedCue
from article2audio.settings import Settings
from article2audio.transcript import captions
from article2audio.wordtimes import shown_words, speech_span

ROOT = Path(__file__).resolve().parent.parent


def build_cues(article: Path, cache_dir: Path | None) -> tuple[list[TimedCue], int]:
    """Build the article and return its timeline's cues and its duration (ms)."""
    kept: dict[str, object] = {}
    publish_episode = publish.publish_episode

    def keep(plan, tags, audio, chapters, cues, duration_ms, opus=None):  # type: ignore[no-untyped-def]
        kept["cues"], kept["duration"] = cues, duration_ms
        return publish_episode(plan, tags, audio, chapters, cues, duration_ms, opus)

    publish.publish_episode = keep  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as out:
        settings = Settings.of(output_dir=Path(out), cache_dir=cache_dir)
        pipeline.build_episode(str(article), settings)
    return kept["cues"], kept["duration"]  # type: ignore[return-value]


def summary(name: str, errors: list[float]) -> str:
    """Mean, median, 95th percentile and largest size of the differences, in ms."""
    ordered = sorted(abs(e) for e in errors)
    p95 = ordered[max(0, int(0.95 * len(ordered)) - 1)]
    return (
        f"{name:<44} n={len(ordered):<5} mean {statistics.mean(ordered):4.0f} ms  median "
        f"{statistics.median(ordered):4.0f} ms  95th {p95:4.0f} ms  max {ordered[-1]:4.0f} ms"
    )


def word_estimates(cue: TimedCue) -> list[float]:
    """Each written word's start as a share of the clip by length in characters."""
    tokens = cue.shown.split()
    total, done, starts = sum(len(t) for t in tokens), 0, []
    for token in tokens:
        starts.append(cue.start_ms + (cue.end_ms - cue.start_ms) * done / total)
        done += len(token)
    return starts


def main() -> None:
    """Print the differences between the estimate and the alignments."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "article", type=Path, nargs="?", default=ROOT / "examples" / "ceasefire.txt"
    )
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    cues, duration = build_cues(args.article, args.cache_dir)
    if not all(c.words for c in cues):
        raise SystemExit("the voice gave no word timings (is the onnx package installed?)")
    estimated = [replace(c, words=None) for c in cues]
    timed_caps, old_caps = captions(cues, duration), captions(estimated, duration)
    pairs = list(zip(timed_caps, old_caps, strict=True))
    headings = [c for c in cues if c.kind == "heading" and c.section_index > 0]  # chapter 1: 0 s
    words = [
        w.start_ms - guess
        for c in cues
        for w, guess in zip(shown_words(c) or [], word_estimates(c), strict=True)
    ]
    print(summary("caption start (WebVTT)", [a.start_ms - b.start_ms for a, b in pairs]))
    print(summary("caption end (WebVTT)", [a.end_ms - b.end_ms for a, b in pairs]))
    print(
        summary(
            "sentence start: clip vs first word", [speech_span(c)[0] - c.start_ms for c in cues]
        )
    )
    print(summary("sentence end: clip vs last word", [speech_span(c)[1] - c.end_ms for c in cues]))
    print(
        summary(
            "chapter mark: heading clip vs first word",
            [c.speech_start_ms - c.start_ms for c in headings],
        )
    )
    print(summary("word start: share of the clip by characters", words))


if __name__ == "__main__":
    main()
