"""Script -> clips: each cue from the cache, or spoken by the engine and then cached."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from .cache import ClipCache, clip_key
from .engines.base import Engine
from .errors import EngineError
from .models import Clip, Cue, Script

logger = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]


def synthesize_cues(
    script: Script,
    engine: Engine,
    cache: ClipCache,
    progress: ProgressFn | None = None,
) -> Iterator[tuple[Cue, Clip]]:
    """Yield every cue with its clip, in order, synthesizing only what the cache lacks."""
    identity = engine.identity()
    total = len(script.cues)
    for done, cue in enumerate(script.cues, start=1):
        key = clip_key(identity, cue.text)
        clip = cache.get(key, cue.text)
        if clip is None:
            clip = _speak(engine, cue.text)
            cache.put(key, clip)
        if progress is not None:
            progress(done, total)
        yield cue, clip


def _speak(engine: Engine, text: str) -> Clip:
    started = time.perf_counter()
    try:
        clip = engine.synthesize(text)
    except EngineError:
        raise
    except Exception as exc:
        raise EngineError(f"{engine.name} failed to speak {text[:40]!r}: {exc}") from exc
    logger.debug("synthesized %d chars in %.2fs", len(text), time.perf_counter() - started)
    return clip
