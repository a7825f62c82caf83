"""`voices`, `cache info|clear` and the engine options of `build`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from article2audio.cache import ClipCache
from article2audio.models import Clip
from cli_runner import run_cli

DATA = Path(__file__).parent / "data"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `article2audio ARGS` with its own cache folder."""
    return run_cli(*args, cwd=cwd, env=env)


def _fill_cache(root: Path, count: int) -> None:
    cache = ClipCache(root)
    for n in range(count):
        samples = np.full(22050, 0.1, dtype=np.float32)  # one second each
        cache.put(f"{n:02x}" * 32, Clip(samples, 22050, f"clip {n}"))


def test_voices_json_lists_every_engine_with_voices(tmp_path):
    proc = run("voices", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    listing = {item["engine"]: item for item in json.loads(proc.stdout)}
    assert {"piper", "gtts", "openai"} <= set(listing)
    assert listing["piper"]["voices"][0]["name"] == "en_US-joe-medium"
    gtts = listing["gtts"]["voices"]
    assert {"name": "co.uk", "language": "en", "description": "English (United Kingdom)"} in gtts
    assert any(v["language"] == "fr" for v in gtts)


def test_voices_for_one_engine_and_an_unknown_one(tmp_path):
    proc = run("voices", "--engine", "openai", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("openai:")
    assert "nova" in proc.stdout and "piper" not in proc.stdout
    bad = run("voices", "--engine", "nope", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "Error: unknown engine 'nope' (installed engines: gtts, openai, piper)"
    ]


def test_cache_info_and_clear_use_the_xdg_folder_or_cache_dir(tmp_path):
    default_root = tmp_path / "xdg" / "article2audio" / "clips"
    _fill_cache(default_root, 3)
    info = json.loads(run("cache", "info", "--json", cwd=tmp_path).stdout)
    assert info["path"] == str(default_root)
    assert info["entries"] == 3 and info["audio_seconds"] == pytest.approx(3.0, abs=0.1)

    other = tmp_path / "elsewhere"
    _fill_cache(other, 2)
    text = run("cache", "info", "--cache-dir", str(other), cwd=tmp_path).stdout
    assert str(other) in text and "2 clips" in text

    cleared = run("cache", "clear", cwd=tmp_path)
    assert cleared.returncode == 0 and "Removed 3 clips" in cleared.stdout
    assert json.loads(run("cache", "info", "--json", cwd=tmp_path).stdout)["entries"] == 0
    assert len(list(other.rglob("*.pcm"))) == 2  # only the folder asked for is cleared


@pytest.mark.parametrize(
    "args, words",
    [
        (["--engine", "nope"], "unknown engine 'nope'"),
        (["--speaker", "3"], "single speaker"),
        (["--engine", "gtts", "--lang", "xx"], "does not speak language 'xx'"),
        (["--heading-voice", "pitch=2"], "unknown voice setting 'pitch'"),
        (["--speed", "9"], "speed"),
    ],
    ids=["engine", "speaker", "gtts-lang", "heading-voice", "speed"],
)
def test_bad_engine_options_are_refused_in_one_line(tmp_path, args, words):
    proc = run("build", str(DATA / "short.md"), "-o", str(tmp_path / "out"), *args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0], proc.stderr
    assert not list(tmp_path.rglob("*.mp3"))


def test_openai_without_a_key_is_refused_before_any_work(tmp_path):
    env = {"OPENAI_API_KEY": "", "ARTICLE2AUDIO_OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}
    proc = run(
        "build", str(DATA / "short.md"), "-o", str(tmp_path / "out"), "--engine", "openai",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "OPENAI_API_KEY" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_cache_commands_follow_the_cache_dir_setting(tmp_path):
    _fill_cache(tmp_path / "from-env", 2)
    env = {"ARTICLE2AUDIO_CACHE_DIR": str(tmp_path / "from-env")}
    info = json.loads(run("cache", "info", "--json", cwd=tmp_path, env=env).stdout)
    assert info["path"] == str(tmp_path / "from-env") and info["entries"] == 2
