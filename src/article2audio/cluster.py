"""Big batches on Dask: `--cluster local:N` (a LocalCluster of N worker processes here) or
`--cluster tcp://HOST:8786` (a running Dask scheduler). Imported only when --cluster is given.

This is only a runner for `batch`: the batch plans every article in this process (the client),
each task renders one planned episode (`batch.render_task`) in the worker's own scratch folder
and returns the MP3's bytes, and the client alone writes the episodes and the feed. So a task
run twice (its worker was lost) makes the same episode, and writes nothing twice.

Each worker gets a plugin (`WorkerSetup`) that gives onnxruntime the worker's share of its
machine's cores (cores / article slots of all workers on that host) before any voice loads,
hands it the engines registered in the client's process, and keeps its logging quiet; the
voice is then loaded once per worker process and kept (`engines.piper.load_voice`). When a
worker dies, the scheduler runs its article again elsewhere; the batch reports how often.
"""

from __future__ import annotations

import logging
import re
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

import dask
from dask.system import CPU_COUNT
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.client import FutureCancelledError

from .batch import Made, RenderJob, render_task
from .engines.base import EngineFactory, registry
from .errors import InputError

logger = logging.getLogger(__name__)

LOCAL = re.compile(r"local:(\d+)$")
ADDRESS = re.compile(r"(tcp|tls)://[^\s/]+:\d+$")
PLUGIN_NAME = "article2audio-worker-setup"
# Dask settings for `local:N` (and recommended for a scheduler and workers of your own, as
# DASK_DISTRIBUTED__... variables; docs/cluster.md): a worker is sent no more articles than it
# has threads, so a lost worker held only the articles it was building; and the housekeeping
# meant for many short tasks is slowed down: the statistical profiler sampled the building
# thread's stack every 10 ms, and the event-loop and memory monitors woke every 20/100 ms.
LOCAL_DASK_CONFIG = {
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def check_spec(spec: str) -> str:
    """`local:N` (1-64 workers) or `tcp://HOST:PORT`; InputError otherwise."""
    local = LOCAL.match(spec)
    if local and 1 <= int(local.group(1)) <= 64:
        return spec
    if ADDRESS.match(spec):
        return spec
    raise InputError(
        f"--cluster {spec!r}: give local:N (N worker processes on this machine, 1-64) or the "
        "scheduler's address, tcp://HOST:8786"
    )


def cluster_task(job: RenderJob) -> Made:
    """A task on a worker: render in the worker's scratch folder."""
    job.work_root = Path(get_worker().local_directory) / "article2audio"
    return render_task(job)


class WorkerSetup(WorkerPlugin):
    """Prepares each worker before its first article: onnxruntime threads, engines, logging."""

    def __init__(self, engines: dict[str, tuple[EngineFactory, str]]) -> None:
        self.engines = engines

    async def setup(self, worker: Any) -> None:
        """Runs once in every worker, including those that join or restart later."""
        from .engines import piper

        for name, (factory, description) in self.engines.items():
            registry().add(name, factory, description)
        threads = await share_of_cores(worker)
        # a worker with the whole machine keeps onnxruntime's own default (a thread per core,
        # each pinned to its core), exactly as a build outside the cluster runs
        piper.use_session_threads(None if threads >= CPU_COUNT else threads)
        logging.getLogger("article2audio").setLevel(logging.WARNING)
        logger.debug("worker %s: %d onnxruntime threads", worker.address, threads)


async def share_of_cores(worker: Any) -> int:
    """The cores of this worker's machine divided by the article slots (threads) of all the
    workers the scheduler knows on it, at least 1."""
    host = worker.address.rsplit(":", 1)[0].split("://")[-1]
    identity = await worker.scheduler.identity()
    slots = sum(
        int(info.get("nthreads", 1))
        for info in identity.get("workers", {}).values()
        if info.get("host") == host
    )
    return max(1, CPU_COUNT // max(1, slots, worker.state.nthreads))


def _worker_environment() -> dict[str, dict[str, object]]:
    """The variables a Nanny sets in its worker, less MALLOC_TRIM_THRESHOLD_: trimming the heap
    at 64 KiB made every large array of an inference a fresh mapping (measured: 7-17 % more
    CPU for the same speech, twice the page faults)."""
    key = "distributed.nanny.pre-spawn-environ"
    environ = dict(dask.config.get(key, default={}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return {key: environ}


class DaskRunner:
    """Renders planned articles on a Dask cluster, reporting how often each was retried."""

    def __init__(self, spec: str) -> None:
        spec = check_spec(spec)
        self._cluster: LocalCluster | None = None
        local = LOCAL.match(spec)
        try:
            if local:
                with dask.config.set({**LOCAL_DASK_CONFIG, **_worker_environment()}):
                    self._cluster = LocalCluster(
                        n_workers=int(local.group(1)),
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self.client = Client(self._cluster)
            else:
                self.client = Client(spec, timeout=30)
        except OSError as exc:
            self._close_cluster()
            raise InputError(f"--cluster {spec}: cannot reach the scheduler ({exc})") from exc
        try:
            self.client.register_plugin(
                WorkerSetup(registry().added_at_run_time()), name=PLUGIN_NAME
            )
        except Exception as exc:  # a worker that cannot import article2audio, or the plugin
            self.close()
            raise InputError(
                f"--cluster {spec}: the workers could not be set up ({type(exc).__name__}: "
                f"{exc}). Probable cause: article2audio[cluster] is not installed on them"
            ) from exc
        self._batch = uuid.uuid4().hex[:8]
        self._jobs: dict[str, RenderJob] = {}
        self._completed = as_completed()
        slots = sum(self.client.nthreads().values())
        self.window = max(2, 2 * slots)  # keep every worker busy while the client writes
        logger.info(
            "Dask: %d workers, %d article slots (%s)", len(self.client.nthreads()), slots, spec
        )

    def submit(self, job: RenderJob) -> None:
        """Send the job to the scheduler; its key names the batch and the article."""
        key = f"article2audio-{self._batch}-{job.number}"
        future = self.client.submit(cluster_task, job, key=key, pure=False)
        self._jobs[key] = job
        self._completed.add(future)

    def next_done(self) -> tuple[RenderJob, Made, int]:
        """The next job to finish, what it made and how many times it was retried."""
        future: Future = next(self._completed)
        key = str(future.key)
        job = self._jobs.pop(key)
        retries = self._retries(key)
        try:
            made = future.result()
        except FutureCancelledError:
            made = Made(error="cancelled on the cluster")
        except Exception as exc:  # KilledWorker, or a task that failed outside our errors
            made = Made(error=_task_failure(exc))
        future.release()
        return job, made, retries

    def _retries(self, key: str) -> int:
        """How many times the worker holding this task died (so it was sent to another).

        A worker holds only the articles it runs when the scheduler sends it no more tasks
        than it has threads (worker-saturation 1.0, set for local:N; for a scheduler of your
        own see docs/cluster.md), so this counts the articles a lost worker was building."""

        def lost_workers(dask_scheduler: Any, key: str) -> int:
            task = dask_scheduler.tasks.get(key)
            return int(task.suspicious) if task is not None else 0

        try:
            return int(self.client.run_on_scheduler(lost_workers, key=key))
        except Exception as exc:  # an older or locked-down scheduler: no count, no failure
            logger.debug("retry count for %s unavailable: %s", key, exc)
            return 0

    def close(self) -> None:
        """Disconnect; a LocalCluster is shut down with its workers."""
        try:
            self.client.close()
        finally:
            self._close_cluster()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _task_failure(exc: BaseException) -> str:
    """One line for a task the cluster could not finish."""
    if type(exc).__name__ == "KilledWorker":
        allowed = dask.config.get("distributed.scheduler.allowed-failures")
        return (
            f"workers died {allowed + 1} times while building it (out of memory, or killed); "
            "it was given up"
        )
    return f"the task failed on the cluster: {type(exc).__name__}: {exc}"
