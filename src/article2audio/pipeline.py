"""build_episode(): the stages in order, from an article file to a finished episode."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from . import music, publish
from .cache import ClipCache, default_cache_dir
from .early_encode import EarlyEncode
from .errors import InputError
from .files import work_folder
from .lexicon import load_lexicon
from .master import master_to_mp3
from .mix import level_clips, mix_timeline
from .models import Article, Chapter, Episode, Script, TimedCue, drop_control_characters
from .parse import Explanation, StructureOptions, read_article
from .script import Framing, build_script
from .settings import EpisodeSettings, Settings
from .sources import Source, read_source
from .synthesize import ProgressFn, synthesize_cues
from .tags import EpisodeTags, write_tags
from .timefmt import format_duration
from .voices import engines_for

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class Prepared:
    """An article read, parsed and turned into a script, ready to be spoken."""

    article: Article
    script: Script
    source: Source
    explanation: Explanation  # how the article was split: outline, chapter level, drops

    @property
    def source_name(self) -> str:
        """The article's file name (or the page's), for messages."""
        return self.source.name


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


def prepare(
    source_spec: str | Source,
    episode: EpisodeSettings | None = None,
    meta: Mapping[str, str] | None = None,
) -> Prepared:
    """Read and parse the article and build its script (no audio yet); `meta` (a feed entry's
    title, author, date, ...) overrides what the article says of itself."""
    episode = episode or EpisodeSettings()
    if isinstance(source_spec, Source):
        source = source_spec
    else:
        source = read_source(source_spec, episode.allow_private_urls)
    title = episode.title or (meta or {}).get("title")
    options = StructureOptions(title=title, chapter_level=episode.chapter_level)
    fmt = episode.input_format or source.format_hint
    reading = read_article(source.text, fmt, source.name, options)
    article = reading.article
    article.meta.update({key: value for key, value in (meta or {}).items() if key != "title"})
    drop_control_characters(article)
    if not article.title:
        raise InputError(f"{source.name}: the article's title is empty once control characters go")
    lexicon = load_lexicon(episode.lexicon) if episode.lexicon else None
    framing = Framing(author=episode.author, closing_line=episode.closing_line)
    return Prepared(article, build_script(article, lexicon, framing), source, reading.explanation)


@dataclass
class Rendered:
    """An episode's tagged MP3 (in a work folder) and what the files beside it are made from."""

    audio_path: Path
    tags: EpisodeTags
    chapters: list[Chapter]
    cues: list[TimedCue]
    duration_ms: int
    loudness_lufs: float | None
    stage_seconds: dict[str, float]


def build_episode(
    source_spec: str | Source,
    settings: Settings,
    progress: ProgressFn | None = None,
    timer: StageTimer | None = None,
) -> Episode:
    """Turn one article into a tagged, mastered MP3 with chapters; return what was made."""
    timer = timer or StageTimer()
    started = time.perf_counter()
    prepared = prepare(source_spec, settings.episode)
    timer.add("parse", started)
    with work_folder(settings.output.dir) as work_dir:
        plan = plan_episode(prepared, settings, work_dir)
        rendered = render_episode(prepared, plan, settings, work_dir, progress, timer)
        os.replace(rendered.audio_path, plan.audio_path)
        extra_files = publish_files(plan, rendered)
    logger.info("Wrote %s (%s)", plan.audio_path, format_duration(rendered.duration_ms))
    return finished_episode(plan, prepared, rendered, extra_files)


def plan_episode(prepared: Prepared, settings: Settings, work_dir: Path) -> publish.EpisodePlan:
    """Fix the episode's name, number, guid, date and cover before any speech (the claim is
    noted in `work_dir`, which must last until the episode is published)."""
    article, script = prepared.article, prepared.script
    return publish.plan_episode(settings, article, prepared.source, script.chapter_titles, work_dir)


def render_episode(
    prepared: Prepared,
    plan: publish.EpisodePlan,
    settings: Settings,
    work_dir: Path,
    progress: ProgressFn | None = None,
    timer: StageTimer | None = None,
) -> Rendered:
    """Speak, mix, master and tag the episode into `work_dir`; nothing outside it is written
    (but the clip cache), so rendering the same plan again (a retried task) makes the same
    episode."""
    timer = timer or StageTimer()
    output, sound = settings.output, settings.sound
    scale_pauses(prepared.script, sound.pause_scale)
    intro_loader = _intro_loader(sound.intro)
    outro_loader = _intro_loader(sound.outro, music.load_outro)
    lang = prepared.article.meta.get("lang", "")
    engine, heading_engine = engines_for(settings.voice, lang)
    cache = ClipCache((output.cache_dir or default_cache_dir()) if output.use_cache else None)
    partial = work_dir / f"{plan.audio_path.name}.partial"
    mastering = (sound.loudness_lufs, sound.bitrate_kbps, sound.channels)
    with EarlyEncode(partial, *mastering, cues_total=len(prepared.script.cues)) as early:
        started = time.perf_counter()
        clips = timer.timed_iter(
            "synthesize",
            synthesize_cues(prepared.script, engine, cache, progress, heading_engine),
        )
        timeline = mix_timeline(
            prepared.script,
            level_clips(clips),
            work_dir / "mix.wav",
            intro_loader,
            outro_loader,
            on_cue=early.mixed,
            sting_loader=music.chapter_sting if sound.chapter_sting else None,
        )
        timer.add("mix", started)
        timer.seconds["mix"] -= timer.seconds["synthesize"]
        logger.info("Cache: %d clips reused, %d synthesized", cache.hits, cache.misses)
        started = time.perf_counter()
        mix_lufs = timeline.loudness_lufs
        encoded = early.finish(mix_lufs) if mix_lufs is not None else None
        loudness = master_to_mp3(
            timeline.audio_path, partial, *mastering, mix_lufs=mix_lufs, encoded=encoded
        )
        timer.add("master", started)
    started = time.perf_counter()
    duration_ms = mp3_duration_ms(partial)
    chapters = fit_chapters(timeline.chapters, duration_ms)
    tags = publish.episode_tags(plan, prepared.article, chapters)
    write_tags(partial, tags, chapters, duration_ms)
    timer.add("tag", started)
    return Rendered(
        partial, tags, chapters, timeline.cues, duration_ms, loudness.integrated, timer.seconds
    )


def publish_files(plan: publish.EpisodePlan, rendered: Rendered) -> dict[str, Path]:
    """With the MP3 in place: the files beside it, the episode's record and the feed."""
    started = time.perf_counter()
    extra_files = publish.publish_episode(
        plan, rendered.tags, plan.audio_path, rendered.chapters, rendered.cues, rendered.duration_ms
    )
    rendered.stage_seconds["publish"] = time.perf_counter() - started
    return extra_files


def finished_episode(
    plan: publish.EpisodePlan,
    prepared: Prepared,
    rendered: Rendered,
    extra_files: dict[str, Path],
) -> Episode:
    """What a build made, as the command line reports it."""
    return Episode(
        path=plan.audio_path,
        title=prepared.article.title,
        duration_ms=rendered.duration_ms,
        chapters=rendered.chapters,
        loudness_lufs=rendered.loudness_lufs,
        stage_seconds=dict(rendered.stage_seconds),
        extra_files=extra_files,
    )


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


def mp3_duration_ms(path: Path) -> int:
    """The playing time of an MP3 as players compute it (from its Xing/LAME header)."""
    from mutagen.mp3 import MP3

    info: Any = MP3(path).info  # mutagen sets MPEGInfo's fields in __init__ untyped
    return round(info.length * 1000)


def fit_chapters(chapters: list[Chapter], duration_ms: int) -> list[Chapter]:
    """Stretch or trim the last chapter so the chapters end exactly at the file's end."""
    kept = [c for c in chapters if c.start_ms < duration_ms]
    fitted = [Chapter(c.title, c.start_ms, c.end_ms) for c in kept]
    fitted[-1].end_ms = duration_ms
    return fitted
