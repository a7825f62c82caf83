"""Batches on Dask: the same batch code on a LocalCluster, a worker killed mid-article, the
voice loaded once per worker with its share of the cores, and no Dask without --cluster."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from dask.system import CPU_COUNT

import article2audio
from article2audio import batch, cluster
from article2audio.engines.base import registry
from article2audio.episodes import read_sidecars
from article2audio.settings import Settings
from article2audio.tags import read_tags
from audio_checks import ebur128, ffmpeg_chapters, stream_info
from cli_runner import run_cli
from cluster_engines import STALL_MARKER, STALL_PORT, register_all
from feed_site import FeedSite, make_posts, publish_blog

TESTS = Path(__file__).parent
CLUSTER_CLI = TESTS / "helpers" / "cluster_cli.py"
BASE = "https://pod.example.com/"
WAIT_S = 600  # generous limits on waits for events: a busy machine only makes them slower
LEFTOVERS = (".a2a-*", "*.part", "*.partial", ".*.part")


@pytest.fixture
def test_engines() -> Iterator[None]:
    """The cluster test engines registered at run time in this process (so workers get them)."""
    register_all()
    yield
    for name in ("tone", "stall-once"):
        registry().remove(name)


@pytest.fixture
def site() -> Iterator[FeedSite]:
    served = FeedSite()
    yield served
    served.close()


def _articles(folder: Path, count: int) -> list[str]:
    paths = []
    for number in range(count):
        path = folder / f"story-{number}.md"
        path.write_text(
            f"# Story {number}\n\nStory {number} begins here. It goes on a little.\n\n"
            f"## The end of {number}\n\nAnd then story {number} ends.\n"
        )
        paths.append(str(path))
    return paths


def _no_leftovers(folder: Path) -> None:
    for pattern in LEFTOVERS:
        assert not list(folder.glob(pattern)), pattern


def test_without_cluster_nothing_of_dask_is_imported(tmp_path):
    _articles(tmp_path, 2)
    program = f"""
import json, sys
sys.path.insert(0, {str(TESTS)!r})
from cluster_engines import register_all
register_all()
from article2audio.cli import cli
cli.main(["-q", "build", "story-0.md", "story-1.md", "-o", "out", "--engine", "tone",
          "--intro", "none", "--json"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed"))
print(json.dumps({{"dask_modules": loaded}}))
"""
    proc = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"dask_modules": []}
    assert sorted(p.name for p in (tmp_path / "out").glob("*.mp3")) == [
        "story-0.mp3",
        "story-1.mp3",
    ]


def test_a_local_cluster_builds_what_the_plain_batch_builds(tmp_path, test_engines):
    sources = _articles(tmp_path, 4)

    def settings(out: str) -> Settings:
        return Settings.of(
            output_dir=tmp_path / out, engine="tone", intro="none", base_url=BASE,
            cache_dir=tmp_path / "cache",
        )  # fmt: skip

    plain = batch.build_all(sources, settings("plain"))
    with cluster.DaskRunner("local:2") as runner:
        on_cluster = batch.build_all(sources, settings("cluster"), runner)
        threads = runner.client.run(lambda: __import__("article2audio.engines.piper").engines.piper._session_threads)  # fmt: skip
    share = max(1, CPU_COUNT // 2)  # each worker's share (None: all cores, onnxruntime's default)
    assert list(threads.values()) == [share if share < CPU_COUNT else None] * 2
    assert [r.error for r in on_cluster] == [None] * 4 and [r.retries for r in on_cluster] == [
        0
    ] * 4
    for here, there in zip(plain, on_cluster, strict=True):
        assert here.episode and there.episode
        assert there.episode.path.parent == tmp_path / "cluster"
        assert there.episode.path.name == here.episode.path.name
        assert there.episode.duration_ms == here.episode.duration_ms
        assert ffmpeg_chapters(there.episode.path) == ffmpeg_chapters(here.episode.path)
        assert read_tags(there.episode.path)["episode"] == read_tags(here.episode.path)["episode"]
    items = feedparser.parse((tmp_path / "cluster" / "feed.xml").read_bytes()).entries
    assert sorted(e.title for e in items) == [f"Story {n}" for n in range(4)]
    _no_leftovers(tmp_path / "cluster")


def _descends_from(pid: int, ancestor: int) -> bool:
    """Whether process `pid` is a child, grandchild ... of `ancestor` (read from /proc)."""
    while pid > 1:
        if pid == ancestor:
            return True
        with open(f"/proc/{pid}/stat") as stat:
            pid = int(stat.read().rsplit(")", 1)[1].split()[1])
    return False


def test_a_worker_killed_mid_article_costs_that_article_one_retry(tmp_path, site):
    posts = make_posts(stall_in=5)  # post 5 (a linked page) stalls its first worker
    feed = publish_blog(site, tmp_path, posts)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(WAIT_S)
    env = {
        **os.environ,
        STALL_PORT: str(listener.getsockname()[1]),
        STALL_MARKER: str(tmp_path / "stalled-once"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
    }
    command = [
        sys.executable, str(CLUSTER_CLI), "build", str(feed), "-o", "out", "--engine",
        "stall-once", "--intro", "none", "--base-url", BASE, "--cluster", "local:2", "--json",
        "--allow-private-urls",
    ]  # fmt: skip
    with subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as build:
        try:
            connection, _ = listener.accept()  # a worker is in the middle of post 5
            with connection:
                worker = int(connection.recv(64))
            assert worker != build.pid and _descends_from(worker, build.pid)
            os.kill(worker, signal.SIGKILL)
            stdout, stderr = build.communicate(timeout=WAIT_S)
        finally:
            if build.poll() is None:
                build.kill()
            listener.close()
    assert build.returncode == 0, stderr
    report = json.loads(stdout)
    assert report["failed"] == [] and report["retries"] == 1
    retried = {e["title"]: e["retries"] for e in report["episodes"]}
    assert retried == {p.title: int(p.number == 5) for p in posts}
    assert "retried 1x" in stderr and "[12/12]" in stderr
    out = tmp_path / "out"
    _no_leftovers(out)
    assert len(list(out.glob("*.mp3"))) == 12
    records = read_sidecars(out)
    assert sorted(r.entry_id or "" for r in records) == sorted(p.guid for p in posts)
    for record in records:
        assert stream_info(out / record.audio)["duration"] > 3
    items = feedparser.parse((out / "feed.xml").read_bytes()).entries
    newest_first = sorted(posts, key=lambda p: p.date, reverse=True)
    assert [e.title for e in items] == [p.title for p in newest_first]  # one item each, by date


def test_the_real_voice_is_loaded_once_per_worker_with_its_cores(tmp_path):
    sources = _articles(tmp_path, 2)
    settings = Settings.of(output_dir=tmp_path / "out", intro="none", cache_dir=tmp_path / "cache")

    def voice_on_worker() -> tuple[int, int]:
        from article2audio.engines import piper

        loads = piper.load_voice.cache_info().misses
        voice = piper.load_voice(piper.default_voice_path(), piper._session_threads)
        return loads, voice.session.get_session_options().intra_op_num_threads

    with cluster.DaskRunner("local:1") as runner:
        results = batch.build_all(sources, settings, runner)
        (loads, threads), *_ = runner.client.run(voice_on_worker).values()
    assert [r.error for r in results] == [None, None]
    # one load for both articles; a worker with all the cores keeps onnxruntime's default (0:
    # a thread per core), as outside the cluster; local:2 sets the share (test above)
    assert (loads, threads) == (1, 0)
    for result in results:
        assert result.episode is not None
        path = result.episode.path
        assert 3 < stream_info(path)["duration"] < 30  # two short sections, intro off
        assert [title for title, _, _ in ffmpeg_chapters(path)] == [
            result.episode.title,
            f"The end of {result.episode.title.split()[-1]}",
        ]
        integrated, _ = ebur128(path)
        assert abs(integrated - -19.0) <= 1.0  # -16 LUFS as heard, mono


def test_a_bad_cluster_spec_or_missing_dask_is_one_error_line(tmp_path, monkeypatch):
    _articles(tmp_path, 2)
    proc = run_cli("build", "story-0.md", "--cluster", "local:0", cwd=tmp_path)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip().splitlines()[-1].startswith("Error: --cluster 'local:0': give local:N")
    )
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    monkeypatch.delitem(sys.modules, "article2audio.cluster")
    monkeypatch.delattr(article2audio, "cluster")
    proc = run_cli("build", "story-0.md", "story-1.md", "--cluster", "local:1", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        "Error: --cluster needs Dask (distributed is not installed): "
        "pip install 'article2audio[cluster]'"
    )
    assert not (tmp_path / "output").exists()
