"""Faults a producer meets: kills, a full disk, an unwritable folder. Nothing may be lost."""

from __future__ import annotations

import errno
import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from mutagen.id3 import ID3

from article2audio import files, pipeline
from article2audio import tags as tags_mod
from article2audio.errors import AudioError, InputError, OutputError
from article2audio.settings import Settings
from article2audio.tags import read_tags
from audio_checks import ffmpeg_chapters
from cli_runner import run_cli

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


# --- issue 14: what used to crash, leak or linger ------------------------------------------------


def _cli_build(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "build", *args, "--engine", "fake", "--intro", "none", "--base-url", "https://e.com/p/",
        cwd=tmp_path,
    )  # fmt: skip


def test_more_than_255_chapters_are_written_in_child_tables_and_read_in_order(
    tmp_path, fake_engine
):
    count = 260
    article = tmp_path / "many.md"
    article.write_text("# Many\n\n" + "".join(f"## P{i}\n\nA.\n\n" for i in range(count)))
    episode = pipeline.build_episode(str(article), _settings(tmp_path))
    titles = [c.title for c in episode.chapters]
    assert titles == [f"P{i}" for i in range(count)]
    tags = read_tags(episode.path)
    assert [c[0] for c in tags["chapters"]] == titles  # mutagen, through the child CTOCs
    by_ffmpeg = ffmpeg_chapters(episode.path)
    assert [c[0] for c in by_ffmpeg] == titles  # libavformat, as ffprobe reads them
    starts = [round(start * 1000) for _, start, _ in by_ffmpeg]
    assert starts == [c.start_ms for c in episode.chapters]
    tocs = ID3(episode.path).getall("CTOC")
    assert all(len(t.child_element_ids) <= 255 for t in tocs) and len(tocs) == 3  # top + 2


def test_what_would_fail_after_the_speech_fails_before_it(tmp_path, fake_engine, monkeypatch):
    article = tmp_path / "dated.md"
    article.write_text('---\ntitle: Dated\ndate: "2024-13-45"\n---\n\nWords to say.\n')
    with pytest.raises(InputError, match="2024-13-45.* not a valid date"):
        pipeline.build_episode(str(article), _settings(tmp_path))
    assert fake_engine.calls == [] and not (tmp_path / "out").exists()

    def unwritable(id3, chapters):  # as mutagen failed on 256 chapters, after all the speech
        raise ValueError("bytes must be in range(0, 256)")

    monkeypatch.setattr(tags_mod, "_add_chapter_frames", unwritable)
    article.write_text("# Fine\n\nWords to say.\n")
    with pytest.raises(AudioError, match="ID3 tag cannot be written"):
        pipeline.build_episode(str(article), _settings(tmp_path))
    assert fake_engine.calls == []


def test_control_characters_in_titles_are_dropped(tmp_path, fake_engine):
    (tmp_path / "a.md").write_text(
        '---\ntitle: "Nul\\0 here"\nauthor: "Bell\\a Ringer"\n---\n\nText.\n'
    )
    proc = _cli_build(tmp_path, "a.md", "-o", "out", "--show", "Show\x01 Name")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    assert (out / "nul-here.mp3").is_file()
    tags = read_tags(out / "nul-here.mp3")
    assert (tags["title"], tags["author"], tags["show"]) == ("Nul here", "Bell Ringer", "Show Name")
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].title == "Nul here"
    proc = _cli_build(tmp_path, "a.md", "-o", "out", "--force", "--title", "T\x07itle\x00")
    assert proc.returncode == 0, proc.stderr  # the feed written before is valid: no refusal
    assert read_tags(out / "nul-here.mp3")["title"] == "Title"


def test_a_failed_build_leaves_no_folder_it_made(tmp_path, fake_engine):
    (tmp_path / "a.md").write_text("# Title\n\nText.\n")
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    proc = _cli_build(tmp_path, "a.md", "-o", "new/deep", "--cover", "passwd")
    assert proc.returncode == 2 and not (tmp_path / "new").exists()
    (line,) = proc.stderr.strip().splitlines()[-1:]
    assert line.startswith("Error: cover image") and " object at 0x" not in proc.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"root:x:0:0\n", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b"\xff\xd8\xff" + b"x" * 99],
)
def test_unreadable_covers_are_one_line_without_python_reprs(tmp_path, fake_engine, content):
    (tmp_path / "a.md").write_text("# Title\n\nText.\n")
    (tmp_path / "art.png").write_bytes(content)
    proc = _cli_build(tmp_path, "a.md", "-o", "out", "--cover", "art.png")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert re.search(r"<[^>]* at 0x[0-9a-f]+>", proc.stderr) is None, proc.stderr


def test_a_killed_builds_work_folder_is_removed_and_reported(tmp_path, fake_engine):
    out = tmp_path / "out"
    for name in ("dead1", "dead2"):
        (out / f".a2a-{name}").mkdir(parents=True)
        (out / f".a2a-{name}" / "pid").write_text("999999999")
        (out / f".a2a-{name}" / "slow.mp3.partial").write_bytes(b"\xff\xfb" * 10)
    (tmp_path / "a.md").write_text("# Title\n\nText.\n")
    proc = _cli_build(tmp_path, "a.md", "-o", "out")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("the work folder of a build that was killed") == 2
    assert not list(out.glob(".a2a-*"))
    (out / ".a2a-dead3").mkdir()
    (out / ".a2a-dead3" / "pid").write_text("999999999")
    cleared = run_cli("cache", "clear", "-o", "out", cwd=tmp_path)
    assert cleared.returncode == 0, cleared.stderr
    assert "out/.a2a-dead3, the work folder of a build that was killed" in cleared.stderr
    assert not (out / ".a2a-dead3").exists()
