"""build_episode(): the stages in order, from an article file to a finished episode."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from . import music, publish
from .cache import ClipCache, default_cache_dir
from .errors import OutputError
from .language import check_voice_language, engine_language, pick_voice_for_language
from .lexicon import load_lexicon
from .master import EarlyEncode, master_to_mp3
from .mix import mix_timeline
from .models import Article, Chapter, Episode, Script
from .parse import Explanation, StructureOptions, read_article
from .script import build_script
from .settings import DEFAULT_AUTHOR, DEFAULT_SHOW, BuildSettings
from .sources import read_source
from .synthesize import ProgressFn, create_engines, synthesize_cues
from .tags import EpisodeTags, write_tags

logger = logging.getLogger(__name__)

T = TypeVar("T")
WORK_DIR_PREFIX = ".a2a-"  # hidden work folder inside the output folder, removed after the build


@dataclass
class Prepared:
    """An article read, parsed and turned into a script, ready to be spoken."""

    article: Article
    script: Script
    source_name: str
    explanation: Explanation  # how the article was split: outline, chapter level, drops


@dataclass
class StageTimer:
    """Seconds spent in each stage of one build."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, started: float) -> None:
        """Add the time since `started` to `stage`."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

    def timed_iter(self, stage: str, items: Iterable[T]) -> Iterator[T]:
        """Yield from `items`, adding the time spent producing each item to `stage`."""
        iterator = iter(items)
        self.seconds.setdefault(stage, 0.0)
        while True:
            started = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                self.add(stage, started)
            yield item


def prepare(source_spec: str, settings: BuildSettings) -> Prepared:
    """Read and parse the article and build its script (no audio yet)."""
    source = read_source(source_spec)
    options = StructureOptions(title=settings.title, chapter_level=settings.chapter_level)
    fmt = settings.input_format or source.format_hint
    reading = read_article(source.text, fmt, source.name, options)
    lexicon = load_lexicon(settings.lexicon) if settings.lexicon else None
    article = reading.article
    return Prepared(article, build_script(article, lexicon), source.name, reading.explanation)


def slugify(title: str, max_len: int = 60) -> str:
    """A file-name-safe slug of a title: ascii, lower case, hyphens."""
    spaced = re.sub(r"[^\w]+", " ", title)
    ascii_title = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "episode"


def episode_path(prepared: Prepared, settings: BuildSettings) -> Path:
    """Where the MP3 for this article goes."""
    return settings.output_dir / f"{slugify(prepared.article.title)}.mp3"


def build_episode(
    source_spec: str,
    settings: BuildSettings,
    progress: ProgressFn | None = None,
    timer: StageTimer | None = None,
) -> Episode:
    """Turn one article into a tagged, mastered MP3 with chapters; return what was made."""
    timer = timer or StageTimer()
    started = time.perf_counter()
    prepared = prepare(source_spec, settings)
    timer.add("parse", started)
    final_path = episode_path(prepared, settings)
    if final_path.exists() and not settings.force:
        raise OutputError(f"{final_path} already exists; use --force to replace it")
    _ensure_output_dir(settings.output_dir)
    plan = publish.plan_episode(
        settings, prepared.article, final_path.stem, _article_dir(source_spec)
    )
    scale_pauses(prepared.script, settings.pause_scale)
    intro_loader = _intro_loader(settings.intro)
    outro_loader = _intro_loader(settings.outro, music.load_outro)
    settings = pick_voice_for_language(settings, prepared.article.meta.get("lang", ""))
    engine, heading_engine = create_engines(settings, prepared.article.meta.get("lang"))
    check_voice_language(
        prepared.article.meta.get("lang", ""),
        engine_language(engine),
        voice_chosen=settings.voice is not None or settings.voice_lang is not None,
    )
    cache = ClipCache(
        None if not settings.use_cache else (settings.cache_dir or default_cache_dir())
    )
    remove_stale_work_dirs(settings.output_dir)
    with tempfile.TemporaryDirectory(prefix=WORK_DIR_PREFIX, dir=settings.output_dir) as work:
        work_dir = Path(work)
        (work_dir / "pid").write_text(str(os.getpid()))
        publish.reserve_episode_number(plan, work_dir)
        partial = work_dir / f"{final_path.name}.partial"
        mastering = (settings.loudness_lufs, settings.bitrate_kbps, settings.channels)
        with EarlyEncode(partial, *mastering, cues_total=len(prepared.script.cues)) as early:
            started = time.perf_counter()
            clips = timer.timed_iter(
                "synthesize",
                synthesize_cues(prepared.script, engine, cache, progress, heading_engine),
            )
            timeline = mix_timeline(
                prepared.script,
                clips,
                work_dir / "mix.wav",
                intro_loader,
                outro_loader,
                on_cue=early.written,
            )
            timer.add("mix", started)
            timer.seconds["mix"] -= timer.seconds["synthesize"]
            logger.info("Cache: %d clips reused, %d synthesized", cache.hits, cache.misses)
            started = time.perf_counter()
            loudness = master_to_mp3(
                timeline.audio_path,
                partial,
                *mastering,
                mix_lufs=timeline.loudness_lufs,
                early=early,
            )
            timer.add("master", started)
        started = time.perf_counter()
        duration_ms = mp3_duration_ms(partial)
        chapters = fit_chapters(timeline.chapters, duration_ms)
        tags = publish.tags_with_notes(episode_tags(prepared.article, settings), plan, chapters)
        write_tags(partial, tags, chapters, duration_ms)
        os.replace(partial, final_path)
        timer.add("tag", started)
        started = time.perf_counter()
        extra_files = publish.publish_episode(
            plan, tags, final_path, chapters, timeline.cues, duration_ms
        )
        timer.add("publish", started)
    logger.info("Wrote %s (%s)", final_path, format_duration(duration_ms))
    return Episode(
        path=final_path,
        title=prepared.article.title,
        duration_ms=duration_ms,
        chapters=chapters,
        loudness_lufs=loudness.integrated,
        stage_seconds=dict(timer.seconds),
        extra_files=extra_files,
    )


def _article_dir(source_spec: str) -> Path | None:
    """The folder an article file is in (for its relative image path); None for stdin."""
    return None if source_spec == "-" else Path(source_spec).expanduser().parent


def scale_pauses(script: Script, factor: float) -> None:
    """Make every pause between cues `factor` times as long (settings: sound.pause_scale)."""
    if factor != 1.0:
        for cue in script.cues:
            cue.pause_after_ms = round(cue.pause_after_ms * factor)


def _intro_loader(
    spec: str | None,
    decode: Callable[[str | None, int], np.ndarray | None] = music.load_intro,
) -> Callable[[int], np.ndarray | None]:
    """Check the music now (fail before any speech); decode it at the voice's rate later."""
    checked_rate = 22050
    checked = decode(spec, checked_rate)

    def load(rate: int) -> np.ndarray | None:
        return checked if rate == checked_rate else decode(spec, rate)

    return load


def remove_stale_work_dirs(output_dir: Path) -> None:
    """Remove work folders left by builds that were killed (their process is gone)."""
    for work_dir in output_dir.glob(f"{WORK_DIR_PREFIX}*"):
        try:
            pid = int((work_dir / "pid").read_text())
            os.kill(pid, 0)
            continue  # that build is still running
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            if time.time() - work_dir.stat().st_mtime < 3600:
                continue  # no pid yet, or not ours to judge: leave recent folders alone
        logger.debug("removing %s, left by an interrupted build", work_dir)
        shutil.rmtree(work_dir, ignore_errors=True)


def _ensure_output_dir(output_dir: Path) -> None:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create output folder {output_dir}: {exc.strerror or exc}"
        ) from exc
    if not os.access(output_dir, os.W_OK):
        raise OutputError(f"output folder {output_dir} is not writable")


def mp3_duration_ms(path: Path) -> int:
    """The playing time of an MP3 as players compute it (from its Xing/LAME header)."""
    from mutagen.mp3 import MP3

    return round(MP3(path).info.length * 1000)


def fit_chapters(chapters: list[Chapter], duration_ms: int) -> list[Chapter]:
    """Stretch or trim the last chapter so the chapters end exactly at the file's end."""
    kept = [c for c in chapters if c.start_ms < duration_ms]
    fitted = [Chapter(c.title, c.start_ms, c.end_ms) for c in kept]
    fitted[-1].end_ms = duration_ms
    return fitted


def episode_tags(article: Article, settings: BuildSettings) -> EpisodeTags:
    """The ID3 tags for this episode from flags, front matter and defaults."""
    meta = article.meta
    description = settings.description or meta.get("description") or _first_words(article)
    return EpisodeTags(
        title=article.title,
        author=settings.author or meta.get("author") or settings.show_author or DEFAULT_AUTHOR,
        show=settings.show or DEFAULT_SHOW,
        date=tag_date(meta.get("date")),
        description=description,
        language=meta.get("lang"),
    )


def tag_date(value: str | None) -> str:
    """A YYYY[-MM[-DD]] date from front matter (any ISO-like form), else today."""
    match = re.match(r"\s*(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?", value or "")
    if not match:
        return dt.date.today().isoformat()
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def _first_words(article: Article, limit: int = 240) -> str:
    text = " ".join(s.text for s in article.sections).split()
    summary = " ".join(text)[:limit]
    return summary.rsplit(" ", 1)[0] + "…" if len(" ".join(text)) > limit else summary


def format_duration(ms: int) -> str:
    """H:MM:SS or M:SS for a duration in milliseconds."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
