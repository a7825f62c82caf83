"""Script -> clips: each cue from the cache, or spoken by the engine and then cached.

Clips come out in script order, one at a time, so the mixer can stream them to disk.
Network engines (those with `concurrency` > 1) are asked ahead by a few worker threads;
every clip is cached the moment it is spoken, so an interrupted build keeps all of them.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .cache import ClipCache, clip_key
from .engines.base import Engine
from .errors import EngineError
from .models import HEADING_KINDS, Clip, Cue, Script

logger = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
LOOKAHEAD_PER_WORKER = 2  # clips spoken ahead of the mixer, per worker
FINISH_WAIT_S = 2.0  # on failure or Ctrl-C, how long workers may finish the clip in hand


@dataclass
class _Job:
    """One cue with the engine that speaks it and its cache key."""

    cue: Cue
    engine: Engine
    key: str


def synthesize_cues(
    script: Script,
    engine: Engine,
    cache: ClipCache,
    progress: ProgressFn | None = None,
    heading_engine: Engine | None = None,
) -> Iterator[tuple[Cue, Clip]]:
    """Yield every cue with its clip, in order, synthesizing only what the cache lacks."""
    jobs = plan_jobs(script, engine, heading_engine)
    engines = [engine] if heading_engine is None else [engine, heading_engine]
    limits = {id(e): threading.Semaphore(_concurrency(e)) for e in engines}
    workers = max(_concurrency(e) for e in engines)
    _log_plan(jobs, cache)

    def clip_for(job: _Job) -> Clip:
        clip = cache.get(job.key, job.cue.text)
        if clip is None:
            with _ctrl_c_after_caching(), limits[id(job.engine)]:  # espeak: one at a time
                clip = _speak(job.engine, job.cue.text)
                cache.put(job.key, clip)
        return clip

    clips = _in_order(jobs, clip_for, workers) if workers > 1 else map(clip_for, jobs)
    finished = False
    try:
        for done, (job, clip) in enumerate(zip(jobs, clips, strict=True), start=1):
            if progress is not None:
                progress(done, len(jobs))
            yield job.cue, clip
        finished = True
    finally:
        if not finished:
            _cancel(engines)  # no more retries: the build is stopping
        close = getattr(clips, "close", None)
        if close is not None:
            close()  # stops the workers, letting clips already spoken reach the cache


def _concurrency(engine: Engine) -> int:
    """How many requests an engine takes at once (1 unless it says more)."""
    return max(1, int(getattr(engine, "concurrency", 1)))


def _cancel(engines: list[Engine]) -> None:
    for used in engines:
        cancel = getattr(used, "cancel", None)
        if cancel is not None:
            cancel()


def _log_plan(jobs: list[_Job], cache: ClipCache) -> None:
    """Say how much is to be spoken when a build resumes or follows an edit."""
    if cache.root is None:
        return
    missing = sum(not cache.contains(job.key) for job in jobs)
    level = logging.INFO if 0 < missing < len(jobs) else logging.DEBUG
    logger.log(
        level, "%d of %d cues to speak, %d from the cache", missing, len(jobs), len(jobs) - missing
    )


def plan_jobs(script: Script, engine: Engine, heading_engine: Engine | None = None) -> list[_Job]:
    """Pick the engine of each cue (the title and headings may have their own) and its key."""
    identities = {id(engine): engine.identity()}
    if heading_engine is not None:
        identities[id(heading_engine)] = heading_engine.identity()
    jobs = []
    for cue in script.cues:
        speaker = heading_engine if cue.kind in HEADING_KINDS and heading_engine else engine
        jobs.append(_Job(cue, speaker, clip_key(identities[id(speaker)], cue.text)))
    return jobs


class _Slot:
    """The result of one job, filled by a worker thread."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.clip: Clip | None = None
        self.error: BaseException | None = None

    def result(self) -> Clip:
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.clip is not None
        return self.clip


def _in_order(jobs: list[_Job], clip_for: Callable[[_Job], Clip], workers: int) -> Iterator[Clip]:
    """Run `clip_for` on the jobs in daemon threads, a bounded window ahead; yield in order."""
    slots = [_Slot() for _ in jobs]
    window = threading.Semaphore(workers * LOOKAHEAD_PER_WORKER)
    stop = threading.Event()
    next_index = iter(range(len(jobs)))
    index_lock = threading.Lock()

    def work() -> None:
        while not stop.is_set():
            while not window.acquire(timeout=0.2):
                if stop.is_set():
                    return
            with index_lock:
                index = next(next_index, None)
            if index is None or stop.is_set():
                return
            slot = slots[index]
            try:
                slot.clip = clip_for(jobs[index])
            except BaseException as exc:  # handed to the consumer, which raises it in order
                slot.error = exc
            slot.done.set()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for slot in slots:
            clip = slot.result()
            window.release()
            yield clip
    finally:
        stop.set()
        deadline = time.monotonic() + FINISH_WAIT_S
        for thread in threads:  # a clip spoken a moment ago is still worth caching
            thread.join(max(0.0, deadline - time.monotonic()))


@contextlib.contextmanager
def _ctrl_c_after_caching() -> Iterator[None]:
    """Hold a Ctrl-C until the clip in hand is spoken and cached, then raise it.

    Piper's inference cannot be interrupted anyway (Python raises KeyboardInterrupt only when
    it returns), so without this a Ctrl-C threw away the clip that had just been paid for.
    Only in the main thread, and only over Python's own handler.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    pressed: list[int] = []
    signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if pressed:
            raise KeyboardInterrupt


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
