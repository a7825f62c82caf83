"""Build many articles: planned here, rendered by a runner, published here by one writer.

The same code runs a batch in this process and on a Dask cluster (`cluster`); only the runner
differs. For each article, in order: this process reads and parses it and fixes its episode's
names, guid, number and date (`pipeline.prepare`, `publish.plan_episode`), so a task that is
run again renders exactly the same episode; a runner renders it (speech, mix, mastering, tags)
into a work folder of its own and hands back the MP3's bytes; then this process alone writes
the MP3, the files beside it, the record and the feed, once per finished episode, each file
under a temporary name renamed into place. A crash loses no finished episode and never leaves
a half-written file; a task that failed in one article stops none of the others.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Protocol

from . import intake, pipeline, publish
from .engines.base import registry
from .errors import Article2AudioError, InputError
from .files import work_folder, write_atomic
from .intake import Wanted
from .models import Episode
from .parse import ARTICLE_EXTENSIONS
from .settings import Settings
from .sources import read_source

logger = logging.getLogger(__name__)


@dataclass
class BatchResult:
    """What became of one article: its episode, or the one-line reason it failed."""

    source: str
    episode: Episode | None = None
    error: str | None = None
    retries: int = 0  # times a worker was lost while it built this article


@dataclass
class RenderJob:
    """One article, planned: everything a runner needs to render its episode."""

    number: int  # 1-based position in the batch
    label: str
    prepared: pipeline.Prepared
    plan: publish.EpisodePlan
    settings: Settings
    work_root: Path | None = None  # where the renderer makes its work folder (None: it chooses)


@dataclass
class Made:
    """A rendered episode as a runner hands it back: the tagged MP3, or why it failed."""

    audio: bytes = b""
    rendered: pipeline.Rendered | None = None
    error: str | None = None


class Runner(Protocol):
    """Renders planned articles, in this process or elsewhere."""

    window: int  # how many planned articles to keep handed to it

    def submit(self, job: RenderJob) -> None:
        """Start rendering `job` (or queue it)."""
        ...

    def next_done(self) -> tuple[RenderJob, Made, int]:
        """Wait for one submitted job: the job, what it made, how often it was retried."""
        ...

    def close(self) -> None:
        """Stop: release what the runner holds."""
        ...


ResultFn = Callable[[BatchResult], None]


def render_task(job: RenderJob) -> Made:
    """Render one planned episode in a work folder of its own; failures come back as Made.error.

    The runner's function: it writes nothing but its work folder, which goes when it ends
    (or, when its process is killed, with the next task's clean-up)."""
    try:
        with work_folder(job.work_root or default_work_root()) as work:
            rendered = pipeline.render_episode(job.prepared, job.plan, job.settings, work)
            return Made(rendered.audio_path.read_bytes(), rendered)
    except Article2AudioError as exc:
        return Made(error=str(exc))
    except OSError as exc:
        return Made(error=exc.strerror or str(exc))


def default_work_root() -> Path:
    """Where a renderer away from the output folder works: a folder in the temporary folder."""
    import tempfile

    return Path(tempfile.gettempdir()) / "article2audio-work"


class LocalRunner:
    """Renders in this process: one article at a time in the calling thread (a Ctrl-C stops it
    after the clip in hand), or `jobs` at once in threads for network engines."""

    def __init__(self, jobs: int = 1, work_root: Path | None = None) -> None:
        self.window = max(1, jobs)
        self.work_root = work_root
        self._pool = ThreadPoolExecutor(max_workers=jobs) if jobs > 1 else None
        self._queue: deque[tuple[RenderJob, Future[Made] | None]] = deque()

    def submit(self, job: RenderJob) -> None:
        """Queue the job (in threads: start it)."""
        job = replace(job, work_root=job.work_root or self.work_root)
        future = self._pool.submit(render_task, job) if self._pool else None
        self._queue.append((job, future))

    def next_done(self) -> tuple[RenderJob, Made, int]:
        """The oldest job, rendered now or waited for."""
        job, future = self._queue.popleft()
        return job, future.result() if future else render_task(job), 0

    def close(self) -> None:
        """Let running threads finish."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def __enter__(self) -> LocalRunner:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


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
    items: list[Wanted] | list[str],
    settings: Settings,
    runner: Runner | None = None,
    on_result: ResultFn | None = None,
) -> list[BatchResult]:
    """Build every article into its own episode with `runner` (default: in this process, one
    at a time); failures are recorded, not raised. Results come in the articles' order."""
    wanted = [Wanted(item) if isinstance(item, str) else item for item in items]
    if settings.episode.title and len(wanted) > 1:
        raise InputError("--title names one episode; give it with a single article")
    runner = runner or LocalRunner(work_root=settings.output.dir)
    results: dict[int, BatchResult] = {}

    def record(number: int, result: BatchResult) -> None:
        results[number] = result
        if on_result is not None:
            on_result(result)

    planner = _Planner(settings)
    waiting = list(enumerate(wanted, start=1))[::-1]
    in_flight = 0
    try:
        while waiting or in_flight:
            while waiting and in_flight < runner.window:
                number, item = waiting.pop()
                job_or_failure = planner.plan(number, item)
                if isinstance(job_or_failure, BatchResult):
                    record(number, job_or_failure)
                    continue
                runner.submit(job_or_failure)
                in_flight += 1
            if in_flight:
                job, made, retries = runner.next_done()
                in_flight -= 1
                record(job.number, _publish(job, made, retries))
                planner.release(job.number)
    finally:
        planner.release_all()
    return [results[number] for number in sorted(results)]


class _Planner:
    """Reads, parses and plans articles in this process, before any is rendered."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.claims: dict[int, contextlib.ExitStack] = {}  # work folders until published

    def release(self, number: int) -> None:
        """Remove the article's work folder (with its claim): it is published or failed."""
        claim = self.claims.pop(number, None)
        if claim is not None:
            claim.close()

    def release_all(self) -> None:
        """Remove the work folders of every article still planned (the batch stops)."""
        for number in list(self.claims):
            self.release(number)

    def plan(self, number: int, item: Wanted) -> RenderJob | BatchResult:
        """The article's render job, or its failure (it could not be read or planned)."""
        try:
            return self._plan(number, item)
        except Article2AudioError as exc:
            logger.error("%s failed: %s", item.label, exc)
            return BatchResult(item.label, error=str(exc))
        except OSError as exc:
            return BatchResult(item.label, error=exc.strerror or str(exc))

    def _plan(self, number: int, item: Wanted) -> RenderJob:
        settings, entry = self.settings, item.entry
        allow_private = settings.episode.allow_private_urls
        if entry is not None:
            source = intake.entry_source(entry, allow_private)
        else:
            source = item.source or read_source(item.spec, allow_private)
        meta = intake.entry_meta(entry) if entry else None
        prepared = pipeline.prepare(source, settings.episode, meta)
        # its own work folder, as a build alone has: its claim on a name and a number is seen
        # by the articles planned after it (and by other builds into the folder)
        claim = contextlib.ExitStack()
        try:
            plan = pipeline.plan_episode(
                prepared, settings, claim.enter_context(work_folder(settings.output.dir))
            )
        except BaseException:
            claim.close()
            raise
        self.claims[number] = claim
        plan.entry_id = entry.entry_id if entry else None
        return RenderJob(number, item.label, prepared, plan, settings)


def _publish(job: RenderJob, made: Made, retries: int) -> BatchResult:
    """The one writer: put a rendered episode in place, then its files, record and feed."""
    if made.error is not None or made.rendered is None:
        logger.error("%s failed: %s", job.label, made.error)
        return BatchResult(job.label, error=made.error or "no episode came back", retries=retries)
    try:
        write_atomic(job.plan.audio_path, made.audio)
        extra_files = pipeline.publish_files(job.plan, made.rendered)
    except Article2AudioError as exc:
        return BatchResult(job.label, error=str(exc), retries=retries)
    episode = pipeline.finished_episode(job.plan, job.prepared, made.rendered, extra_files)
    return BatchResult(job.label, episode=episode, retries=retries)


def runner_for(cluster: str | None, jobs: int, settings: Settings) -> Runner:
    """A Dask runner for `--cluster` (imported only then), else a runner in this process."""
    if cluster is None:
        return LocalRunner(usable_jobs(settings.voice.engine, jobs), settings.output.dir)
    try:
        from . import cluster as cluster_mod
    except ImportError as exc:
        raise InputError(
            f"--cluster needs Dask ({exc.name} is not installed): "
            "pip install 'article2audio[cluster]'"
        ) from exc
    return cluster_mod.DaskRunner(cluster)
