"""Batch builds: several articles in one process, one failure stops none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from article2audio import batch, console
from article2audio.errors import InputError
from article2audio.models import Episode
from article2audio.settings import Settings
from article2audio.tags import read_tags
from audio_checks import stream_info
from cli_runner import run_cli


def _articles(folder: Path) -> None:
    (folder / "a.md").write_text(
        "# Alpha\n\nFirst words here. More words.\n\n## Beta\n\nSecond part.\n"
    )
    (folder / "broken.txt").write_text("Only A Title\n")
    sub = folder / "more"
    sub.mkdir()
    (sub / "c.txt").write_text("Gamma Story\n\nOne two three.\n\nDelta\n\nFour five six.\n")
    (sub / "notes.json").write_text("{}")  # not an article: a folder is searched by extension


def test_expand_sources_reads_folders_by_extension(tmp_path):
    _articles(tmp_path)
    found = batch.expand_sources(
        [str(tmp_path / "a.md"), str(tmp_path / "more"), str(tmp_path / "a.md")]
    )
    assert found == [str(tmp_path / "a.md"), str(tmp_path / "more" / "c.txt")]
    with pytest.raises(InputError, match="no article files"):
        (tmp_path / "empty").mkdir()
        batch.expand_sources([str(tmp_path / "empty")])


def test_one_failure_stops_none(tmp_path, fake_engine):
    _articles(tmp_path)
    settings = Settings.of(
        output_dir=tmp_path / "out", engine="fake", cache_dir=tmp_path / "cache", intro="none"
    )
    sources = batch.expand_sources(
        [str(tmp_path / "a.md"), str(tmp_path / "broken.txt"), str(tmp_path / "more")]
    )
    results = batch.build_all(sources, settings)
    assert [r.error is None for r in results] == [True, False, True]
    assert "no text" in results[1].error
    titles = [read_tags(r.episode.path)["title"] for r in results if r.episode]
    assert titles == ["Alpha", "Gamma Story"]
    assert all(stream_info(r.episode.path)["duration"] > 1 for r in results if r.episode)


def test_title_flag_with_many_articles_is_refused(tmp_path, fake_engine):
    settings = Settings.of(output_dir=tmp_path / "out", engine="fake", title="One Title")
    with pytest.raises(InputError, match="--title"):
        batch.build_all(["a.md", "b.md"], settings)


def test_cli_batch_reports_and_exits_non_zero(tmp_path, fake_engine):
    _articles(tmp_path)
    proc = run_cli(
        "-q", "build", "a.md", "broken.txt", "more", "-o", "out", "--engine", "fake",
        "--intro", "none", "--json", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert [e["title"] for e in report["episodes"]] == ["Alpha", "Gamma Story"]
    assert [f["source"] for f in report["failed"]] == ["broken.txt"]
    assert proc.stderr.strip().splitlines()[-1] == "Error: 1 of 3 articles failed"
    assert sorted(p.name for p in (tmp_path / "out").glob("*.mp3")) == [
        "alpha.mp3",
        "gamma-story.mp3",
    ]


def test_batch_progress_counts_articles_audio_rate_and_time_left():
    now = [100.0]
    progress = console.BatchProgress(4, enabled=False, clock=lambda: now[0])
    episode = Episode(Path("a.mp3"), "A", duration_ms=90_000, chapters=[])
    now[0] = 160.0  # the first article took a minute
    progress(batch.BatchResult("a.md", episode=episode))
    assert progress.line(batch.BatchResult("a.md", episode=episode)) == (
        "[1/4] built: a.md | 1.5 audio min, 60 articles/h, ETA 3:00"
    )
    progress(batch.BatchResult("b.md", error="no text", retries=1))
    assert progress.line(batch.BatchResult("b.md", error="no text", retries=1)) == (
        "[2/4] FAILED: b.md, retried 1x | 1.5 audio min, 120 articles/h, ETA 1:00"
    )
