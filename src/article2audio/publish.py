"""Publish an episode like a podcast: the two calls the pipeline makes, and what they write.

`plan_episode` runs before any speech (checks the feed and the cover, fixes the episode's guid,
date and number); `publish_episode` runs once the MP3 is tagged and in place and writes the
cover, the transcript (`transcript`), the Podcasting 2.0 chapters JSON, the show notes, the
episode's sidecar and the feed (`feed`). Every file is written under a temporary name and
renamed into place.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from . import feed
from .cover import find_cover, load_cover, title_card
from .feed import EpisodeRecord, ShowInfo, write_atomic
from .models import Article, Chapter, TimedCue
from .settings import DEFAULT_AUTHOR, DEFAULT_SHOW, EpisodeSettings, OutputSettings, ShowSettings
from .tags import EpisodeTags, sniff_image_mime
from .timefmt import chapter_stamp, publication_date, tag_date
from .transcript import captions, to_srt, to_webvtt

logger = logging.getLogger(__name__)

CHAPTERS_VERSION = "1.2.0"
RESERVED_SUFFIX = ".reserved.json"


# --- chapters JSON and show notes -------------------------------------------------------------


def chapters_json(chapters: list[Chapter], title: str, show: str) -> dict:
    """Podcasting 2.0 chapters (version 1.2.0) with the same start times as the ID3 chapters."""
    return {
        "version": CHAPTERS_VERSION,
        "title": title,
        "podcastName": show,
        "chapters": [
            {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
            for c in chapters
        ],
    }


def show_notes(description: str, chapters: list[Chapter]) -> str:
    """The description followed by one "00:00 Title" line per chapter (apps make these links)."""
    long_form = bool(chapters) and chapters[-1].end_ms >= 3_600_000
    lines = [f"{chapter_stamp(c.start_ms, long_form)} {c.title}" for c in chapters]
    notes = description.strip()
    if not lines:
        return notes
    chapters_part = "Chapters:\n" + "\n".join(lines)
    return f"{notes}\n\n{chapters_part}" if notes else chapters_part


# --- the two calls from the pipeline ---------------------------------------------------------


@dataclass
class EpisodePlan:
    """Decided before any speech: the episode's names, cover, guid, number and date, the show."""

    output_dir: Path
    slug: str
    show: ShowInfo
    author: str  # the episode's: --author, else front matter, else the show's
    guid: str
    episode_number: int | None  # None until reserve_episode_number() takes the next free one
    pub_date: str
    explicit: bool = False
    srt: bool = False
    cover: bytes | None = None
    cover_is_show_art: bool = False  # True: the show's cover (--cover/settings), not the article's


def show_info(show: ShowSettings, episode_author: str | None = None) -> ShowInfo:
    """The channel's description of the show from its settings."""
    title = show.title or DEFAULT_SHOW
    author = show.author or episode_author or DEFAULT_AUTHOR
    return ShowInfo(
        title=title,
        author=author,
        description=show.description or f"{title}: articles read aloud.",
        language=show.language,
        category=show.category,
        explicit=show.explicit,
        owner_name=show.owner_name or author,
        owner_email=show.owner_email,
        locked=show.locked,
        base_url=show.base_url,
    )


def plan_episode(
    show: ShowSettings,
    episode: EpisodeSettings,
    output: OutputSettings,
    article: Article,
    slug: str,
    article_dir: Path | None,
) -> EpisodePlan:
    """Check the feed and the cover and fix the episode's identity, before the slow stages run."""
    out = output.dir
    feed.check_feed(out)
    cover_path = find_cover(show.cover, article, article_dir)
    cover = load_cover(cover_path) if cover_path else None
    info = show_info(show, episode.author)
    previous = next((r for r in feed.read_sidecars(out) if r.slug == slug), None)
    author = episode.author or article.meta.get("author") or show.author or DEFAULT_AUTHOR
    return EpisodePlan(
        output_dir=out,
        slug=slug,
        show=info,
        author=author,
        guid=previous.guid if previous else feed.episode_guid(info.title, slug),
        episode_number=episode.number or (previous.episode_number if previous else None),
        pub_date=publication_date(
            article.meta.get("date"), previous.pub_date if previous else None
        ),
        explicit=show.explicit,
        srt=output.srt,
        cover=cover,
        cover_is_show_art=show.cover is not None,
    )


def reserve_episode_number(plan: EpisodePlan, work_dir: Path) -> int:
    """Take the next free episode number under the feed lock, noted in the build's work folder.

    Builds running at once into one folder see each other's notes (DIR/.*/*.reserved.json), so
    they get different numbers; the note goes with the work folder when the build ends or fails.
    """
    with feed.feed_lock(plan.output_dir):
        if plan.episode_number is None:
            taken = feed.read_sidecars(plan.output_dir) + _reservations(plan.output_dir)
            plan.episode_number = feed.next_episode_number(taken, plan.slug)
        note = {"slug": plan.slug, "episode_number": plan.episode_number}
        write_atomic(work_dir / f"{plan.slug}{RESERVED_SUFFIX}", json.dumps(note) + "\n")
    return plan.episode_number


def _reservations(output_dir: Path) -> list[EpisodeRecord]:
    """Episode numbers taken by builds still running (notes in their hidden work folders)."""
    taken = []
    for path in output_dir.glob(f".*/*{RESERVED_SUFFIX}"):
        try:
            note = json.loads(path.read_text(encoding="utf-8"))
            taken.append(EpisodeRecord.from_dict({**_EMPTY_RECORD, **note}))
        except (OSError, ValueError, TypeError):
            continue  # a build that just finished took its note away
    return taken


_EMPTY_RECORD = {
    "slug": "",
    "guid": "",
    "title": "",
    "author": "",
    "description": "",
    "show_notes": "",
    "pub_date": "",
    "duration_ms": 0,
    "audio": "",
}


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
    """Write cover, transcript(s), chapters JSON, the sidecar and the feed; return them by kind."""
    out, slug = plan.output_dir, plan.slug
    record = EpisodeRecord(
        slug=slug,
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
    )
    files = _write_cover(plan, record)
    caps = captions(cues, duration_ms)
    files["transcript"] = write_atomic(out / f"{slug}.vtt", to_webvtt(caps))
    record.transcripts = [{"file": f"{slug}.vtt", "type": "text/vtt"}]
    if plan.srt:
        files["srt"] = write_atomic(out / f"{slug}.srt", to_srt(caps))
        record.transcripts.append({"file": f"{slug}.srt", "type": "application/srt"})
    chapters_doc = chapters_json(chapters, record.title, plan.show.title)
    text = json.dumps(chapters_doc, indent=2, ensure_ascii=False) + "\n"
    files["chapters"] = write_atomic(out / f"{slug}.chapters.json", text)
    record.chapters = files["chapters"].name
    files.update(feed.record_episode(out, record, plan.show))
    return files


def _write_cover(plan: EpisodePlan, record: EpisodeRecord) -> dict[str, Path]:
    """The show's cover as DIR/cover.jpg, or the article's own as DIR/<slug>.jpg (.png if PNG).

    A show with a feed but no art anywhere (no --cover, no cover.* from an earlier build, no
    episode image) gets a generated title card as DIR/cover.jpg; --cover later replaces it.
    """
    if plan.cover is None:
        return _title_card_if_no_art(plan)
    ext = "png" if sniff_image_mime(plan.cover) == "image/png" else "jpg"
    if plan.cover_is_show_art:
        path = write_atomic(plan.output_dir / f"cover.{ext}", plan.cover)
        plan.show.image = path.name
    else:
        path = write_atomic(plan.output_dir / f"{plan.slug}.{ext}", plan.cover)
        record.image = path.name
    return {"cover": path}


def _title_card_if_no_art(plan: EpisodePlan) -> dict[str, Path]:
    out, show = plan.output_dir, plan.show
    feed.keep_show_image(show, out)
    if not show.base_url or show.image or any(r.image for r in feed.read_sidecars(out)):
        return {}
    path = write_atomic(out / "cover.jpg", title_card(show.title, show.author))
    show.image = path.name
    logger.info("no cover given: made %s from the show's title; --cover replaces it", path.name)
    return {"cover": path}
