"""Whole builds with network engines: offline failure, Ctrl-C, kill -9, resume, heading voice.

The engine is gTTS pointed at a local server that plays its endpoint (see speech_server.py).
Builds that are interrupted run in a real process (they get real signals); the others run
the command line in this process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from article2audio import pipeline
from article2audio.settings import Settings
from article2audio.tags import read_tags
from cli_runner import run_cli
from speech_server import Behaviour, SpeechServer

SECTIONS = ["Morning", "Noon", "Evening"]
ARTICLE = "# Three Parts of a Day\n\n" + "\n\n".join(
    f"## {title}\n\n" + " ".join(f"{title} sentence number {n} is short." for n in range(10))
    for title in SECTIONS
)
# the title (its H1 has no text of its own, so it is said before the first chapter's heading),
# a heading and ten sentences per section, and the closing line
CUE_COUNT = 1 + 3 * (1 + 10) + 1


@pytest.fixture
def work(tmp_path):
    (tmp_path / "day.md").write_text(ARTICLE)
    script = pipeline.prepare(str(tmp_path / "day.md")).script
    assert len(script.cues) == CUE_COUNT and script.chapter_titles == SECTIONS
    return tmp_path


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "xdg"), PYTHONUNBUFFERED="1")
    env.pop("ARTICLE2AUDIO_CONFIG", None)
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "article2audio.cli", "build", "day.md", "-o", "out", *args]


def _cached(work: Path) -> int:
    return len(list((work / "xdg").rglob("*.pcm")))


def _mp3s(work: Path) -> list[Path]:
    return list((work / "out").rglob("*.mp3")) if (work / "out").exists() else []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and stderr.strip().splitlines()[-1] == errors[0], stderr
    return errors[0]


def _build(work: Path, *args: str, env: dict[str, str] | None = None):
    """`article2audio build day.md -o out ARGS` in this process, with the work folder's cache."""
    variables = {"XDG_CACHE_HOME": str(work / "xdg"), **(env or {})}
    return run_cli("build", "day.md", "-o", "out", *args, cwd=work, env=variables)


def _rebuild_without_delay(work: Path, server: SpeechServer) -> subprocess.CompletedProcess:
    """Run the interrupted build again against a server that now answers at once."""
    server.reset()  # requests in flight when the build stopped are not the rerun's
    server.delay_s = 0.0
    return _build(work, "--engine", "gtts", "--server-url", server.url, "--intro", "none")


def _interrupt_after(work: Path, server: SpeechServer, sig: int, answered: int):
    """Start a build, send `sig` once the server has answered `answered` requests."""
    proc = subprocess.Popen(
        _command("--engine", "gtts", "--server-url", server.url, "--intro", "none"),
        cwd=work,
        env=_env(work),
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.wait_for_requests(answered), proc.communicate()
    assert proc.poll() is None, proc.communicate()
    seen = len(server.requests)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    return proc.returncode, stderr, seen


def test_unreachable_server_fails_fast_in_one_line_suggesting_piper(work):
    # how soon it gives up (the short first-contact budget) is test_retry's, on its own clock
    proc = _build(work, "--engine", "gtts", "--server-url", f"http://127.0.0.1:{_closed_port()}")
    assert proc.returncode == 1, proc.stderr
    line = _one_error_line(proc.stderr)
    assert "no network connection" in line and "--engine piper" in line
    assert _mp3s(work) == []


def test_ctrl_c_leaves_no_episode_keeps_the_cache_and_resume_speaks_only_the_rest(
    work, gtts_server
):
    gtts_server.delay_s = 0.25  # slow enough to interrupt half way
    code, stderr, answered = _interrupt_after(work, gtts_server, signal.SIGINT, 8)
    assert code == 130, stderr
    assert "interrupted" in _one_error_line(stderr)
    assert _mp3s(work) == [] and not list((work / "out").glob(".a2a-*"))
    kept = _cached(work)
    assert answered <= kept < CUE_COUNT  # every clip that arrived is kept

    proc = _rebuild_without_delay(work, gtts_server)
    assert proc.returncode == 0, proc.stderr
    assert len(gtts_server.requests) == CUE_COUNT - kept  # only what was missing
    assert f"{CUE_COUNT - kept} of {CUE_COUNT} cues to speak" in proc.stderr
    [mp3] = _mp3s(work)
    assert [c[0] for c in read_tags(mp3)["chapters"]] == SECTIONS


def test_kill_9_leaves_no_episode_and_the_next_build_resumes(work, gtts_server):
    gtts_server.delay_s = 0.25
    code, _, answered = _interrupt_after(work, gtts_server, signal.SIGKILL, 8)
    assert code == -signal.SIGKILL
    assert _mp3s(work) == []
    kept = _cached(work)
    assert kept >= answered - 4  # at most the clips in flight were lost with the process

    proc = _rebuild_without_delay(work, gtts_server)
    assert proc.returncode == 0, proc.stderr
    assert len(gtts_server.requests) == CUE_COUNT - kept
    assert len(_mp3s(work)) == 1 and not list((work / "out").glob(".a2a-*"))


@pytest.mark.e2e
def test_heading_voice_speaks_every_heading_and_only_headings(work, gtts_server):
    short = "# Walk\n\nWe walk.\n\n## Hills\n\nThey rise.\n\n## Rest\n\nWe sleep.\n"
    (work / "walk.md").write_text(short)
    settings = Settings.of(
        output_dir=work / "out",
        cache_dir=work / "cache",
        intro="none",
        heading_voice=f"gtts:com,base_url={gtts_server.url}",
    )
    episode = pipeline.build_episode(str(work / "walk.md"), settings)
    assert [c.title for c in episode.chapters] == ["Walk", "Hills", "Rest"]
    assert sorted(gtts_server.spoken()) == ["Hills", "Rest", "Walk"]
    # each chapter holds a heading tone (40 ms a letter) and a sentence from Piper
    assert all(c.end_ms - c.start_ms > 400 for c in episode.chapters)


def test_network_lost_mid_build_fails_in_one_line_and_the_rerun_finishes(work, gtts_server):
    gtts_server.script = [Behaviour()] * 12 + [Behaviour(drop=True)] * 1000
    args = ("--engine", "gtts", "--server-url", gtts_server.url, "--intro", "none")
    proc = _build(work, *args, "--give-up-after", "2")
    assert proc.returncode == 1, proc.stderr
    line = _one_error_line(proc.stderr)
    assert "gTTS" in line and "--engine piper" in line
    assert _mp3s(work) == [] and _cached(work) == 12

    gtts_server.script = []
    gtts_server.reset()
    rerun = _build(work, *args)
    assert rerun.returncode == 0, rerun.stderr
    assert len(gtts_server.requests) == CUE_COUNT - 12
    assert len(_mp3s(work)) == 1


def test_openai_compatible_server_builds_a_chaptered_episode(work, monkeypatch):
    server = SpeechServer("openai")
    try:
        proc = _build(
            work, "--engine", "openai", "--server-url", f"{server.url}/v1", "--voice", "af_sky",
            "--json", env={"OPENAI_API_KEY": "sk-local"},
        )  # fmt: skip
    finally:
        server.close()
    assert proc.returncode == 0, proc.stderr
    assert len(server.requests) == CUE_COUNT
    assert {r.payload["voice"] for r in server.requests} == {"af_sky"}
    assert {r.headers["Authorization"] for r in server.requests} == {"Bearer sk-local"}
    [mp3] = _mp3s(work)
    chapters = read_tags(mp3)["chapters"]
    assert [c[0] for c in chapters] == SECTIONS
    # every section: a heading and ten sentences of ~36 characters at 40 ms each, plus pauses
    assert all(c[2] - c[1] > 11 * 1.2 * 1000 for c in chapters[:-1])


def test_cache_dir_and_no_cache_flags(work, gtts_server):
    args = ("--engine", "gtts", "--server-url", gtts_server.url, "--intro", "none", "--force")
    elsewhere = work / "clips-here"
    first = _build(work, *args, "--cache-dir", str(elsewhere))
    assert first.returncode == 0, first.stderr
    assert len(list(elsewhere.rglob("*.pcm"))) == CUE_COUNT and _cached(work) == 0
    gtts_server.reset()
    again = _build(work, *args, "--no-cache")
    assert again.returncode == 0, again.stderr
    assert len(gtts_server.requests) == CUE_COUNT  # nothing reused, nothing stored
    assert _cached(work) == 0


def test_a_damaged_cache_entry_is_spoken_again_not_played(work, gtts_server):
    args = ("--engine", "gtts", "--server-url", gtts_server.url, "--intro", "none", "--force")
    first = _build(work, *args)
    assert first.returncode == 0, first.stderr
    entries = sorted((work / "xdg").rglob("*.pcm"))
    damaged = entries[5]
    damaged.write_bytes(damaged.read_bytes()[:-100])  # a write cut short
    gtts_server.reset()
    again = _build(work, *args)
    assert again.returncode == 0, again.stderr
    assert len(gtts_server.requests) == 1  # only the damaged clip is spoken again
    assert "damaged" in again.stderr
    assert _cached(work) == CUE_COUNT
