"""Publish an episode like a podcast: the two calls the pipeline makes, and what they write.

`plan_episode` runs before any speech (checks the feed and the cover, fixes the episode's
names, guid, date and number); once the MP3 is tagged and in place, `publish_episode` writes
the cover, the transcripts (`transcript`: WebVTT, SRT, JSON), the Podcasting 2.0 chapters
JSON, the show notes and, with a base URL, the episode page (`pages`), then, under the
folder's lock, the episode's record (`episodes`), the feed (`feed`) and the show page. Every
file is written under a temporary name and renamed into place (`files`).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import feed, pages
from .cover import article_cover, load_cover, title_card
from .episodes import (
    EpisodeRecord,
    ShowInfo,
    claim_episode,
    episode_guid,
    keep_show_image,
    published,
    read_sidecars,
    show_info,
    sidecar_path,
    sidecar_text,
    source_key,
)
from .ffmpeg import encode_opus
from .files import folder_lock, write_files
from .models import Article, Chapter, TimedCue, printable
from .settings import DEFAULT_AUTHOR, Settings
from .site import seconds
from .sources import Source
from .tags import EpisodeTags, check_tags, sniff_image_mime
from .timefmt import chapter_stamp, publication_date, tag_date
from .transcript import SRT_LINE_CHARS, captions, to_json, to_srt, to_webvtt

logger = logging.getLogger(__name__)

CHAPTERS_VERSION = "1.2.0"
OPUS_TYPE = "audio/opus"  # as the namespace's alternateEnclosure examples name Ogg Opus


# --- chapters JSON and show notes -------------------------------------------------------------


def chapters_json(
    chapters: list[Chapter], title: str, show: str, page_url: str | None = None
) -> dict[str, Any]:
    """Podcasting 2.0 chapters (version 1.2.0) with the same start times as the ID3 chapters;
    with the episode page's URL, each chapter links to its place on the page (#t=SECONDS)."""
    listed: list[dict[str, Any]] = []
    for c in chapters:
        entry: dict[str, Any] = {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000}
        entry["title"] = c.title
        if page_url:
            entry["url"] = f"{page_url}#t={seconds(c.start_ms / 1000)}"
        listed.append(entry)
    return {"version": CHAPTERS_VERSION, "title": title, "podcastName": show, "chapters": listed}


def show_notes(description: str, chapters: list[Chapter]) -> str:
    """The description followed by one "00:00 Title" line per chapter (apps make these links)."""
    long_form = bool(chapters) and chapters[-1].end_ms >= 3_600_000
    lines = [f"{chapter_stamp(c.start_ms, long_form)} {c.title}" for c in chapters]
    notes = description.strip()
    if not lines:
        return notes
    chapters_part = "Chapters:\n" + "\n".join(lines)
    return f"{notes}\n\n{chapters_part}" if notes else chapters_part


# --- before any speech ------------------------------------------------------------------------


@dataclass
class EpisodePlan:
    """Decided before any speech: the episode's names, cover, guid, number and date, the show."""

    output_dir: Path
    slug: str
    show: ShowInfo
    author: str  # the episode's: --author, else front matter, else the show's
    guid: str
    episode_number: int
    pub_date: str
    source: str  # episodes.source_key of the article
    explicit: bool = False
    srt: bool = False
    cover: bytes | None = None
    cover_is_show_art: bool = False  # True: the show's cover (--cover/settings), not the article's
    title_card: bytes | None = None  # the stand-in show art, drawn now in case it is needed
    entry_id: str | None = None  # the feed entry's guid/id, kept in the record (see intake)

    @property
    def audio_path(self) -> Path:
        """Where the episode's MP3 goes."""
        return self.output_dir / f"{self.slug}.mp3"

    pages: bool = False  # write the episode page and the show page (needs a base URL)
    opus: bool = False  # also a lighter Opus copy, a podcast:alternateEnclosure
    source_url: str | None = None  # the original article, when it was fetched from the web
    season: int | None = None
    season_name: str | None = None


def plan_episode(
    settings: Settings,
    article: Article,
    source: Source,
    chapter_titles: list[str],
    work: Path,
) -> EpisodePlan:
    """Check the feed, the cover and the tags and fix the episode's identity, before the slow
    stages run: whatever can fail after the speech is tried here first.

    The episode's name and number are taken now, noted in the build's `work` folder (see
    `episodes.claim_episode`)."""
    show, episode, out = settings.show, settings.episode, settings.output.dir
    feed.check_feed(out)
    cover = (
        load_cover(show.cover)
        if show.cover is not None
        else article_cover(article, source, episode.allow_private_urls)
    )
    info = show_info(show, episode.author)
    key = source_key(source.origin)
    claim = claim_episode(out, article.title, key, episode.number, work, settings.output.force)
    previous = claim.previous
    author = episode.author or article.meta.get("author") or show.author or DEFAULT_AUTHOR
    plan = EpisodePlan(
        output_dir=out,
        slug=claim.slug,
        show=info,
        author=printable(author) or DEFAULT_AUTHOR,
        guid=previous.guid if previous else episode_guid(info.title, key),
        episode_number=claim.episode_number,
        pub_date=publication_date(
            article.meta.get("date"), previous.pub_date if previous else None
        ),
        source=key,
        explicit=show.explicit,
        srt=settings.output.srt,
        cover=cover,
        cover_is_show_art=show.cover is not None,
        title_card=title_card(info.title, info.author) if cover is None and info.base_url else None,
        pages=settings.output.pages and info.base_url is not None,
        opus=settings.output.opus,
        source_url=source.url,
        season=episode.season,
        season_name=episode.season_name,
    )
    rehearse(plan, article, chapter_titles)
    return plan


def rehearse(plan: EpisodePlan, article: Article, chapter_titles: list[str]) -> None:
    """Make the tags, the chapters JSON and the show notes with stand-in times, in memory, so
    that a date, a title or a chapter count they cannot hold fails before any speech."""
    chapters = [Chapter(t, i * 1000, (i + 1) * 1000) for i, t in enumerate(chapter_titles)]
    tags = episode_tags(plan, article, chapters)
    check_tags(tags, chapters, max(1000, len(chapters) * 1000))
    json.dumps(chapters_json(chapters, tags.title, plan.show.title))


# --- once the MP3 is made ---------------------------------------------------------------------


def episode_tags(plan: EpisodePlan, article: Article, chapters: list[Chapter]) -> EpisodeTags:
    """The episode's ID3 tags: names, date, cover, episode number and show notes (COMM)."""
    description = article.meta.get("description") or _first_words(article)
    return EpisodeTags(
        title=article.title,
        author=plan.author,
        show=plan.show.title,
        date=tag_date(article.meta.get("date")),
        description=description,
        language=article.meta.get("lang"),
        cover=plan.cover,
        episode=plan.episode_number,
        comment=show_notes(description, chapters),
    )


def _first_words(article: Article, limit: int = 240) -> str:
    text = " ".join(s.text for s in article.sections).split()
    summary = " ".join(text)[:limit]
    return summary.rsplit(" ", 1)[0] + "…" if len(" ".join(text)) > limit else summary


def publish_episode(
    plan: EpisodePlan,
    tags: EpisodeTags,
    audio_path: Path,
    chapters: list[Chapter],
    cues: list[TimedCue],
    duration_ms: int,
) -> dict[str, Path]:
    """Write cover, transcripts, chapters JSON, the episode page (and, when asked, the Opus
    alternate), then the record, the feed and the show page; return them by kind."""
    record = EpisodeRecord(
        slug=plan.slug,
        guid=plan.guid,
        title=tags.title,
        author=tags.author,
        description=tags.description,
        show_notes=tags.comment or show_notes(tags.description, chapters),
        pub_date=plan.pub_date,
        duration_ms=duration_ms,
        audio=audio_path.name,
        episode_number=plan.episode_number,
        explicit=plan.explicit,
        source=plan.source,
        source_url=plan.source_url,
        season=plan.season,
        season_name=plan.season_name,
        entry_id=plan.entry_id,
    )
    beside = _episode_files(plan, record, chapters, cues, duration_ms)
    if plan.pages:
        beside.update(pages.episode_page_file(record, plan.show, plan.output_dir, chapters, cues))
    written = write_files(beside)
    if plan.opus:
        written["opus"] = _opus_alternate(plan, record, audio_path)
    written.update(record_episode(plan.output_dir, record, plan.show, plan.pages))
    return written


def _opus_alternate(plan: EpisodePlan, record: EpisodeRecord, audio_path: Path) -> Path:
    """Encode the MP3 again as Opus beside it (under a temporary name, then renamed) and name
    it in the record."""
    target = plan.output_dir / f"{plan.slug}.opus"
    part = plan.output_dir / f".{target.name}.part"
    try:
        os.replace(encode_opus(audio_path, part), target)
    finally:
        part.unlink(missing_ok=True)
    seconds_long = max(record.duration_ms, 1) / 1000
    bitrate = round(target.stat().st_size * 8 / seconds_long)
    record.alternates = [
        {"file": target.name, "type": OPUS_TYPE, "bitrate": bitrate, "title": "Opus (smaller)"}
    ]
    return target


def _episode_files(
    plan: EpisodePlan,
    record: EpisodeRecord,
    chapters: list[Chapter],
    cues: list[TimedCue],
    duration_ms: int,
) -> dict[str, tuple[Path, bytes | str]]:
    """The files beside the MP3 as {kind: (path, content)}, named in the record."""
    out, slug = plan.output_dir, plan.slug
    page_url = feed.file_url(plan.show, pages.page_name(slug)) if plan.pages else None
    chapters_doc = chapters_json(chapters, record.title, plan.show.title, page_url)
    text = json.dumps(chapters_doc, indent=2, ensure_ascii=False) + "\n"
    record.chapters = f"{slug}.chapters.json"
    files: dict[str, tuple[Path, bytes | str]] = {"chapters": (out / record.chapters, text)}
    files.update(_cover_file(plan, record))
    caps = captions(cues, duration_ms)
    files["transcript"] = (out / f"{slug}.vtt", to_webvtt(caps))
    record.transcripts = [{"file": f"{slug}.vtt", "type": "text/vtt"}]
    if plan.srt:
        files["srt"] = (out / f"{slug}.srt", to_srt(captions(cues, duration_ms, SRT_LINE_CHARS)))
        record.transcripts.append({"file": f"{slug}.srt", "type": "application/x-subrip"})
    files["json_transcript"] = (out / f"{slug}.transcript.json", to_json(cues, duration_ms))
    record.transcripts.append({"file": f"{slug}.transcript.json", "type": "application/json"})
    return files


def _cover_file(plan: EpisodePlan, record: EpisodeRecord) -> dict[str, tuple[Path, bytes | str]]:
    """The show's cover as DIR/cover.jpg, or the article's own as DIR/<slug>.jpg (.png if PNG).

    A show with a feed but no art anywhere (no --cover, no cover.* from an earlier build, no
    episode image) gets a generated title card as DIR/cover.jpg; --cover later replaces it.
    """
    out, show = plan.output_dir, plan.show
    if plan.cover is None:
        keep_show_image(show, out)
        if not show.base_url or show.image or any(r.image for r in read_sidecars(out)):
            return {}
        show.image = "cover.jpg"
        logger.info("no cover given: made cover.jpg from the show's title; --cover replaces it")
        card = plan.title_card or title_card(show.title, show.author)
        return {"cover": (out / show.image, card)}
    ext = "png" if sniff_image_mime(plan.cover) == "image/png" else "jpg"
    if plan.cover_is_show_art:
        show.image = f"cover.{ext}"
        return {"cover": (out / show.image, plan.cover)}
    record.image = f"{plan.slug}.{ext}"
    return {"cover": (out / record.image, plan.cover)}


def record_episode(
    output_dir: Path, record: EpisodeRecord, show: ShowInfo, show_page: bool = False
) -> dict[str, Path]:
    """Under the folder's lock: write the episode's record and the feed made with it (and, with
    `show_page`, index.html and the pages' stylesheet and script)."""
    with folder_lock(output_dir):
        keep_show_image(show, output_dir)
        files: dict[str, tuple[Path, bytes | str]] = {
            "sidecar": (sidecar_path(output_dir, record.slug), sidecar_text(record, show))
        }
        if show.base_url:
            others = [r for r in published(output_dir) if r.slug != record.slug]
            rss = feed.render(output_dir, show, [*others, record], keep_foreign=True)
            files["feed"] = (output_dir / feed.FEED_NAME, rss)
            if show_page:
                files.update(pages.show_page_files(output_dir, show, [*others, record]))
        else:
            logger.warning("no base URL (--base-url or show.base_url): feed.xml not written")
        return write_files(files)
