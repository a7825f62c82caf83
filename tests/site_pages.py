"""Page inputs for the renderer's tests (test_site.py): a small show and episode whose
timings the tests know in advance, and the sample article as a long timed episode. The
pages a real build writes are tested through `sample_site`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from article2audio.site import EpisodePage, PageChapter, Sentence, ShowPage, Word

BASE_URL = "https://example.com/pod/"
SLUG = "river-walk"
SENTENCE_SECONDS = 2.6  # each sentence, then
GAP_SECONDS = 0.4  # a pause, as between spoken sentences
CHAPTER_TEXTS = {
    "Setting Out": [
        "We leave the bridge at dawn.",
        "The river is still grey and quiet.",
        "A heron waits on the far bank.",
    ],
    "The Mill": [
        "The old mill stands where the water runs fast.",
        "Its wheel turned for two hundred years.",
        "Now children fish from its stone steps.",
    ],
    "The Meadow": [
        "Past the mill the valley opens wide.",
        "Cows graze on both sides of the path.",
        "The grass is wet and bright with dew.",
    ],
    "Home Again": [
        "We turn back as the sun climbs.",
        "The town wakes up around us.",
        "Breakfast has never tasted better.",
    ],
}


def timed_sentences() -> tuple[tuple[PageChapter, ...], tuple[Sentence, ...]]:
    """Chapters and their sentences (a spoken heading first), words timed evenly."""
    chapters, sentences, t = [], [], 0.0
    for title, texts in CHAPTER_TEXTS.items():
        chapter_start = t
        for index, text in enumerate([title, *texts]):
            sentences.append(_sentence(text, t, heading=index == 0))
            t += SENTENCE_SECONDS + GAP_SECONDS
        chapters.append(PageChapter(title, round(chapter_start, 3), round(t, 3)))
    return tuple(chapters), tuple(sentences)


def _sentence(text: str, start: float, heading: bool = False) -> Sentence:
    tokens = text.split()
    step = SENTENCE_SECONDS / len(tokens)
    words = tuple(
        Word(token, round(start + i * step, 3), round(start + (i + 1) * step, 3))
        for i, token in enumerate(tokens)
    )
    return Sentence(text, round(start, 3), round(start + SENTENCE_SECONDS, 3), words, heading)


def duration_seconds() -> float:
    """The tone's length: every sentence and pause, plus a second."""
    _, sentences = timed_sentences()
    return sentences[-1].end + 1.0


def show() -> ShowPage:
    """The test show."""
    return ShowPage(
        title="Walks & Talks",
        description="Short walks, read aloud.",
        author="Ada Walker",
        base_url=BASE_URL,
        cover_file="cover.jpg",
    )


def episode(audio_bytes: int, **changes: object) -> EpisodePage:
    """The test episode with its known chapters and sentences."""
    chapters, sentences = timed_sentences()
    values: dict = {
        "title": "A River Walk",
        "slug": SLUG,
        "published": dt.datetime(2024, 6, 2, 12, tzinfo=dt.timezone.utc),
        "author": "Ada Walker",
        "description": "Along the river to the mill and back.",
        "duration": duration_seconds(),
        "audio_file": f"{SLUG}.mp3",
        "audio_bytes": audio_bytes,
        "source_url": "https://blog.example.org/river-walk",
        "chapters": chapters,
        "sentences": sentences,
        "transcript_files": ((f"{SLUG}.vtt", "WebVTT"),),
    }
    values.update(changes)
    return EpisodePage(**values)


def sample_article_episode(audio_bytes: int = 11_000_000) -> EpisodePage:
    """The repository's sample article (examples/ceasefire.txt) as a long timed episode."""
    text = (Path(__file__).parent.parent / "examples" / "ceasefire.txt").read_text()
    title, body = text.split("\n", 1)
    sentences, t = [], 5.5
    for paragraph in (p for p in body.split("\n") if p.strip()):
        for index, chunk in enumerate(re.split(r"(?<=[.!?])\s+", paragraph.strip())):
            spoken = _sentence(chunk, t)
            duration = 0.33 * len(chunk.split())
            scaled = tuple(
                Word(w.text, round(t + (w.start - t) * duration / 2.6, 3), 0.0)
                for w in spoken.words
            )
            sentences.append(Sentence(chunk, t, round(t + duration, 3), scaled, False, index == 0))
            t = round(t + duration + 0.4, 3)
    step = t / 6
    chapters = tuple(
        PageChapter(f"Part {n + 1} of the article", round(n * step, 3), round((n + 1) * step, 3))
        for n in range(6)
    )
    return episode(
        audio_bytes, title=title, duration=t, chapters=chapters, sentences=tuple(sentences)
    )
