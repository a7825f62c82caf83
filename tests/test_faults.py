"""Faults a producer meets: kills, a full disk, an unwritable folder. Nothing may be lost."""

from __future__ import annotations

import errno
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from article2audio import files, pipeline
from article2audio.errors import OutputError
from article2audio.settings import Settings

HELPER = Path(__file__).parent / "helpers" / "slow_cli.py"
ARTICLE = "Slow Article\n\n" + "\n\n".join(
    f"Part {n}\n\n" + " ".join(f"Sentence {n}.{i} is spoken here." for i in range(1, 5))
    for n in range(1, 5)
)


def _start(tmp_path: Path, delay: str = "0.15", notify: int | None = None) -> subprocess.Popen:
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "SLOW_ENGINE_LOG": str(tmp_path / "spoken.log"),
        "SLOW_ENGINE_DELAY": delay,
        "SLOW_EARLY_START_S": "0",  # the encoder is running from a third of the cues on
        "SLOW_ENGINE_NOTIFY_FD": "" if notify is None else str(notify),
    }
    return subprocess.Popen(
        [sys.executable, str(HELPER), "build", "slow.txt", "-o", "out", "--engine", "slow", "--intro", "none"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        pass_fds=() if notify is None else (notify,),
    )  # fmt: skip


def _spoken(tmp_path: Path) -> list[str]:
    log = tmp_path / "spoken.log"
    return log.read_text().splitlines() if log.exists() else []


def _wait_for_spoken(notified: int, count: int) -> None:
    """Block until the build has spoken `count` clips: it writes a byte to the pipe for each."""
    got = 0
    while got < count:
        ready, _, _ = select.select([notified], [], [], 120)  # only a guard against a hang
        assert ready, "the build never got going"
        news = os.read(notified, count - got)
        assert news, "the build ended before speaking that much"
        got += len(news)


def _episodes(out: Path) -> list[Path]:
    return sorted(out.rglob("*.mp3*")) if out.exists() else []


@pytest.fixture
def slow_article(tmp_path):
    (tmp_path / "slow.txt").write_text(ARTICLE)
    return tmp_path


@pytest.mark.parametrize(
    "sig, code, at", [(signal.SIGINT, 130, 10), (signal.SIGKILL, -9, 16)], ids=["ctrl-c", "kill-9"]
)
def test_interrupted_build_leaves_no_episode_and_resumes(slow_article, sig, code, at):
    tmp_path = slow_article
    notified, notify = os.pipe()
    proc = _start(tmp_path, notify=notify)
    os.close(notify)
    _wait_for_spoken(notified, at)  # of 21 cues: the midpoint, three quarters
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    os.close(notified)  # only now: a write to a closed pipe would fail the build another way
    assert proc.returncode == code
    out = tmp_path / "out"
    if sig == signal.SIGINT:
        lines = stderr.decode().strip().splitlines()
        assert lines[-1].startswith("Error: interrupted") and "Traceback" not in stderr.decode()
        assert _episodes(out) == []  # no MP3, not even a partial one in its work folder
    else:  # nothing runs to clean up: only the hidden work folder holds a partial encode
        assert all(p.parent.name.startswith(".a2a-") for p in _episodes(out))
        assert not list(out.glob("*.mp3*"))
    spoken_before = len(_spoken(tmp_path))

    resumed = _start(tmp_path, delay="0")
    _, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, stderr.decode()
    spoken_after = _spoken(tmp_path)
    total_cues = 4 + 16 + 1  # headings, sentences, and the title chapter's heading
    assert (
        len(spoken_after) - spoken_before <= total_cues - 5
    )  # what was cached is not spoken again
    assert len(set(spoken_after)) == len(spoken_after) or sig == signal.SIGKILL
    assert [p.name for p in _episodes(tmp_path / "out")] == ["slow-article.mp3"]
    assert not list((tmp_path / "out").glob(".a2a-*"))  # the killed build's work folder is gone


def _settings(tmp_path, **overrides) -> Settings:
    values = {
        "output_dir": tmp_path / "out",
        "engine": "fake",
        "cache_dir": tmp_path / "cache",
        "intro": "none",
    }
    values.update(overrides)
    return Settings.of(**values)


def test_ctrl_c_while_a_clip_is_spoken_keeps_that_clip(
    tmp_path, data_file, fake_engine, monkeypatch
):
    article = data_file("short.md")
    speak = fake_engine.synthesize

    def interrupted(self, text):
        clip = speak(self, text)
        if len(fake_engine.calls) == 3:  # Ctrl-C while the third clip is being made
            os.kill(os.getpid(), signal.SIGINT)
        return clip

    monkeypatch.setattr(fake_engine, "synthesize", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build_episode(str(article), _settings(tmp_path))
    spoken_before = list(fake_engine.calls)
    assert len(spoken_before) == 3  # the build stopped at once

    monkeypatch.setattr(fake_engine, "synthesize", speak)
    pipeline.build_episode(str(article), _settings(tmp_path))
    assert not set(spoken_before) & set(fake_engine.calls[3:])  # none of the three again


def test_full_disk_keeps_the_existing_episode(tmp_path, data_file, fake_engine, monkeypatch):
    article = str(data_file("short.md"))
    first = pipeline.build_episode(article, _settings(tmp_path))
    before = first.path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline, "write_tags", disk_full)
    with pytest.raises(OSError, match="No space"):
        pipeline.build_episode(article, _settings(tmp_path, force=True))
    assert first.path.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".a2a-")
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_folder_is_a_clear_error(tmp_path, data_file, fake_engine):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    with pytest.raises(OutputError, match="not writable"):
        pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path, output_dir=locked))


def test_output_path_that_is_a_file_is_a_clear_error(tmp_path, data_file, fake_engine):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(OutputError, match="cannot create output folder"):
        pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path))
    assert blocker.read_text() == "a file where the folder should be"


def test_stale_work_folder_of_a_dead_build_is_removed(tmp_path):
    out = tmp_path / "out"
    stale = out / ".a2a-dead"
    stale.mkdir(parents=True)
    (stale / "pid").write_text("999999999")
    (stale / "mix.wav").write_bytes(b"RIFF")
    live = out / ".a2a-live"
    live.mkdir()
    (live / "pid").write_text(str(os.getpid()))
    files.remove_stale_work_dirs(out)
    assert not stale.exists() and live.exists()
