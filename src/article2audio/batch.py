"""Build several articles in one process: the voice is loaded once, one failure stops none.

Each article goes through `pipeline.build_episode` as if built alone, so every episode is
written atomically and the feed is updated once per episode under its lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .engines.base import registry
from .errors import Article2AudioError, InputError
from .models import Episode
from .parse import ARTICLE_EXTENSIONS
from .settings import Settings
from .synthesize import ProgressFn

logger = logging.getLogger(__name__)


@dataclass
class BatchResult:
    """What became of one article: its episode, or the one-line reason it failed."""

    source: str
    episode: Episode | None = None
    error: str | None = None


def expand_sources(specs: list[str]) -> list[str]:
    """Articles named on the command line; a folder stands for the article files in it."""
    sources: list[str] = []
    for spec in specs:
        path = Path(spec)
        if "://" not in spec and spec != "-" and path.is_dir():
            found = sorted(
                str(p)
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in ARTICLE_EXTENSIONS
            )
            if not found:
                raise InputError(
                    f"{spec}: the folder has no article files ({', '.join(sorted(ARTICLE_EXTENSIONS))})"
                )
            sources.extend(found)
        else:
            sources.append(spec)
    return list(dict.fromkeys(sources))  # each article once, in the order given


def usable_jobs(engine: str, jobs: int) -> int:
    """Parallel builds pay only with network engines; Piper already uses every core."""
    if jobs > 1 and registry().concurrency(engine) == 1:
        logger.warning(
            "--jobs %d ignored: the %s engine builds one article at a time", jobs, engine
        )
        return 1
    return max(1, jobs)


def build_all(
    sources: list[str],
    settings: Settings,
    progress_for: Callable[[str], ProgressFn | None],
    jobs: int = 1,
) -> list[BatchResult]:
    """Build every source into its own episode; failures are recorded, not raised."""
    if settings.episode.title and len(sources) > 1:
        raise InputError("--title names one episode; give it with a single article")

    def build_one(numbered: tuple[int, str]) -> BatchResult:
        number, source = numbered
        logger.info("[%d/%d] %s", number, len(sources), source)
        try:
            return BatchResult(
                source, episode=pipeline.build_episode(source, settings, progress_for(source))
            )
        except Article2AudioError as exc:
            logger.error("[%d/%d] %s failed: %s", number, len(sources), source, exc)
            return BatchResult(source, error=str(exc))
        except OSError as exc:
            return BatchResult(source, error=exc.strerror or str(exc))

    numbered = list(enumerate(sources, start=1))
    workers = usable_jobs(settings.voice.engine, jobs)
    if workers == 1:
        return [build_one(item) for item in numbered]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(build_one, numbered))
