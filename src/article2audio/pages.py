"""The published folder's web pages, made from the build and the episode records.

`site` renders; this module gathers what it renders. A build with a base URL writes its
episode page `<slug>.html` from its timeline (every spoken cue a timed sentence, its words
timed when the voice timed them, see `wordtimes`) and then, under the folder's lock, the show
page `index.html` from every episode record, with the stylesheet and script the pages link.
`article2audio feed DIR` makes index.html again from the records alone (the chapters come
from each episode's chapters JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from .episodes import EpisodeRecord, ShowInfo
from .models import HEADING_KINDS, Chapter, TimedCue
from .site import (
    EpisodePage,
    PageChapter,
    Sentence,
    ShowPage,
    Word,
    asset_files,
    episode_page,
    show_page,
)
from .wordtimes import shown_words, speech_span

logger = logging.getLogger(__name__)

INDEX_NAME = "index.html"
TRANSCRIPT_LABELS = {
    "text/vtt": "WebVTT",
    "application/x-subrip": "SubRip (SRT)",
    "application/json": "JSON",
}

Files = dict[str, tuple[Path, bytes | str]]


def page_name(slug: str) -> str:
    """The episode page's file name."""
    return f"{slug}.html"


def page_chapters(chapters: list[Chapter]) -> tuple[PageChapter, ...]:
    """The timeline's chapters in seconds."""
    return tuple(PageChapter(c.title, c.start_ms / 1000, c.end_ms / 1000) for c in chapters)


def sentences(cues: list[TimedCue]) -> tuple[Sentence, ...]:
    """Every spoken cue as a transcript sentence, from its first word to its last when timed."""
    result = []
    for cue in cues:
        start, end = speech_span(cue)
        words = shown_words(cue) or []
        result.append(
            Sentence(
                cue.shown,
                start / 1000,
                end / 1000,
                tuple(Word(w.text, w.start_ms / 1000, w.end_ms / 1000) for w in words),
                heading=cue.kind in HEADING_KINDS,  # the title opens the first chapter
                new_paragraph=cue.opens_paragraph,
            )
        )
    return tuple(result)


def show_page_info(show: ShowInfo) -> ShowPage:
    """What the pages say about the show (its cover is on disk, or written with the page)."""
    return ShowPage(
        title=show.title,
        description=show.description,
        author=show.author,
        base_url=show.base_url or "",
        language=show.language,
        cover_file=show.image,
    )


def episode_page_info(
    record: EpisodeRecord,
    output_dir: Path,
    chapters: tuple[PageChapter, ...],
    spoken: tuple[Sentence, ...] = (),
) -> EpisodePage:
    """What an episode's page (or its entry on the show page) shows."""
    return EpisodePage(
        title=record.title,
        slug=record.slug,
        published=dt.datetime.fromisoformat(record.pub_date),
        author=record.author,
        description=record.description,
        duration=record.duration_ms / 1000,
        audio_file=record.audio,
        audio_bytes=(output_dir / record.audio).stat().st_size,
        cover_file=record.image,
        source_url=record.source_url,
        chapters=chapters,
        sentences=spoken,
        transcript_files=tuple(
            (t["file"], TRANSCRIPT_LABELS.get(t["type"], t["type"])) for t in record.transcripts
        ),
    )


def episode_page_file(
    record: EpisodeRecord,
    show: ShowInfo,
    output_dir: Path,
    chapters: list[Chapter],
    cues: list[TimedCue],
) -> Files:
    """The episode page as {kind: (path, html)}; the record names it."""
    record.page = page_name(record.slug)
    info = episode_page_info(record, output_dir, page_chapters(chapters), sentences(cues))
    html = episode_page(show_page_info(show), info)
    return {"page": (output_dir / record.page, html)}


def show_page_files(output_dir: Path, show: ShowInfo, records: list[EpisodeRecord]) -> Files:
    """index.html (the episodes that have a page, newest first), site.css and player.js."""
    listed = [
        episode_page_info(r, output_dir, recorded_chapters(output_dir, r))
        for r in records
        if r.page and (output_dir / r.audio).is_file()
    ]
    files: Files = {"index": (output_dir / INDEX_NAME, show_page(show_page_info(show), listed))}
    for name, text in asset_files().items():
        files[name] = (output_dir / name, text)
    return files


def recorded_chapters(output_dir: Path, record: EpisodeRecord) -> tuple[PageChapter, ...]:
    """An episode's chapters from its chapters JSON (none if it is missing or unreadable)."""
    if not record.chapters:
        return ()
    try:
        document = json.loads((output_dir / record.chapters).read_text(encoding="utf-8"))
        return tuple(
            PageChapter(str(c["title"]), float(c["startTime"]), float(c["endTime"]))
            for c in document["chapters"]
        )
    except (OSError, ValueError, TypeError, KeyError) as exc:
        logger.warning("%s: chapters left off the show page (%s)", record.chapters, exc)
        return ()
