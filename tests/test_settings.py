"""Show settings: article2audio.toml < ARTICLE2AUDIO_* environment < flags, with clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from article2audio.errors import InputError, OutputError
from article2audio.settings import (
    DEFAULT_CLOSING_LINE,
    DEFAULT_HEADING_PACE,
    STARTER_CONFIG,
    Settings,
    resolve,
    tomllib,
    write_starter_config,
)
from cli_runner import run_cli

CONFIG = """
[show]
title = "Weekly Read"
author = "Ada"
category = "Technology"
explicit = true
owner_email = "ada@example.com"
cover = "art/cover.png"
base_url = "https://example.com/pod"

[sound]
loudness = -19
stereo = true
bitrate = 128
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "article2audio.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_in_working_dir_is_read_with_types_and_relative_paths(tmp_path):
    _write(tmp_path, CONFIG)
    settings = resolve(env={}, cwd=tmp_path)
    assert settings.show.title == "Weekly Read"
    assert settings.show.author == "Ada"
    assert settings.show.explicit is True
    assert settings.show.category == "Technology"
    assert settings.show.cover == (tmp_path / "art" / "cover.png").resolve()
    assert settings.show.base_url == "https://example.com/pod/"  # a slash is added
    assert settings.sound.loudness_lufs == -19.0
    assert settings.sound.channels == 2
    assert settings.sound.bitrate_kbps == 128
    assert settings.voice.engine == "piper"  # untouched defaults stay


def test_environment_beats_file_and_flags_beat_both(tmp_path):
    _write(tmp_path, CONFIG)
    env = {"ARTICLE2AUDIO_SHOW": "From Env", "ARTICLE2AUDIO_BITRATE": "64"}
    settings = resolve({"show": "From Flag", "bitrate_kbps": None}, env=env, cwd=tmp_path)
    assert settings.show.title == "From Flag"
    assert settings.sound.bitrate_kbps == 64  # a flag left unset (None) does not override
    assert settings.show.explicit is True  # from the file


def test_no_file_gives_the_dataclass_defaults(tmp_path):
    settings = resolve(env={}, cwd=tmp_path)
    assert settings == Settings()


def test_config_option_names_another_file(tmp_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('[show]\ntitle = "Other"\n', encoding="utf-8")
    _write(tmp_path, CONFIG)
    assert resolve(config=other, env={}, cwd=tmp_path).show.title == "Other"
    with pytest.raises(InputError, match="missing.toml"):
        resolve(config=tmp_path / "missing.toml", env={}, cwd=tmp_path)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[show]\nexplicit = 'maybe'\n", "show.explicit"),
        ("[sound]\nloudness = -23\n", "sound.loudness"),
        ("[show]\ncategory = 'Cooking'\n", "show.category"),
        ("[show]\nbase_url = 'example.com'\n", "show.base_url"),
        ("[sound]\nbitrate = 1000\n", "sound.bitrate"),
        ("[show]\ntitel = 'typo'\n", "show.titel"),
    ],
)
def test_invalid_value_names_the_key_and_the_file(tmp_path, text, key):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        resolve(env={}, cwd=tmp_path)
    assert key in str(caught.value) and str(path) in str(caught.value)


def test_broken_toml_names_the_file(tmp_path):
    path = _write(tmp_path, "[show\ntitle = \n")
    with pytest.raises(InputError, match=str(path)):
        resolve(env={}, cwd=tmp_path)


def test_invalid_environment_value_names_the_variable(tmp_path):
    with pytest.raises(InputError, match="ARTICLE2AUDIO_EXPLICIT"):
        resolve(env={"ARTICLE2AUDIO_EXPLICIT": "perhaps"}, cwd=tmp_path)


def test_starter_file_is_valid_toml_that_loads(tmp_path):
    path = write_starter_config(tmp_path / "article2audio.toml")
    assert tomllib.loads(path.read_text())["show"]["title"] == "My Show"
    assert STARTER_CONFIG.count("#") > 20  # commented
    settings = resolve(env={}, cwd=tmp_path)
    assert settings.show.title == "My Show" and settings.sound.loudness_lufs == -16.0
    with pytest.raises(OutputError, match="exists"):
        write_starter_config(path)


def test_cli_init_writes_the_starter_file_once(tmp_path):
    proc = run_cli("init", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "article2audio.toml").read_text() == STARTER_CONFIG
    again = run_cli("init", cwd=tmp_path)
    assert (
        again.returncode == 1 and again.stderr.startswith("Error: ") and "--force" in again.stderr
    )


def test_cli_build_refuses_a_bad_settings_file_with_one_line(tmp_path):
    (tmp_path / "a.md").write_text("# T\n\nSome text.\n")
    (tmp_path / "article2audio.toml").write_text("[sound]\nloudness = -30\n")
    proc = run_cli("build", "a.md", cwd=tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("Error: ") and "sound.loudness" in lines[0]
    assert "article2audio.toml" in lines[0]
    assert not (tmp_path / "output").exists()


def test_cli_rejects_a_relative_base_url(tmp_path):
    proc = run_cli("build", "a.md", "--base-url", "pod/", cwd=tmp_path)
    assert proc.returncode == 2 and "--base-url" in proc.stderr and "Traceback" not in proc.stderr


def test_stereo_defaults_to_128_kbps_unless_a_bitrate_is_given(tmp_path):
    assert resolve({"channels": 2}, env={}, cwd=tmp_path).sound.bitrate_kbps == 128
    stereo_96 = resolve({"channels": 2, "bitrate_kbps": 96}, env={}, cwd=tmp_path)
    assert stereo_96.sound.bitrate_kbps == 96
    assert resolve({"channels": 1}, env={}, cwd=tmp_path).sound.bitrate_kbps == 96
    env = {"ARTICLE2AUDIO_STEREO": "yes", "ARTICLE2AUDIO_PAUSE_SCALE": "1.5"}
    sound = resolve(env=env, cwd=tmp_path).sound
    assert (sound.channels, sound.bitrate_kbps, sound.pause_scale) == (2, 128, 1.5)


def test_every_key_of_the_starter_file_and_every_flag_comes_from_the_one_table():
    from article2audio.cli import build
    from article2audio.settings import SETTINGS

    lines = [re.sub(r"^# (\w+ = )", r"\1", line) for line in STARTER_CONFIG.splitlines()]
    starter = tomllib.loads("\n".join(lines))  # every setting, the commented ones too
    keys = {f"{table}.{key}" for table, values in starter.items() for key in values}
    assert keys <= {s.key for s in SETTINGS}
    flags = {flag for param in build.params for flag in (*param.opts, *param.secondary_opts)}
    assert {flag.split("/")[0] for s in SETTINGS for flag in s.flags} <= flags
    assert len({s.env for s in SETTINGS if s.env}) == len([s for s in SETTINGS if s.env])


def test_closing_line_heading_pace_and_sting_from_each_source(tmp_path):
    defaults = resolve(env={}, cwd=tmp_path)
    assert defaults.episode.closing_line == DEFAULT_CLOSING_LINE  # on unless turned off
    assert defaults.voice.heading_pace == DEFAULT_HEADING_PACE < 1
    assert defaults.sound.chapter_sting is False
    _write(
        tmp_path,
        "[voice]\nclosing_line = false\nheading_pace = 0.9\n[sound]\nchapter_sting = true\n",
    )
    filed = resolve(env={}, cwd=tmp_path)
    assert (filed.episode.closing_line, filed.voice.heading_pace) == ("", 0.9)
    assert filed.sound.chapter_sting is True
    _write(tmp_path, '[voice]\nclosing_line = "Read to you by a  machine."\n')
    assert resolve(env={}, cwd=tmp_path).episode.closing_line == "Read to you by a machine."
    _write(tmp_path, "[voice]\nclosing_line = true\n")
    assert resolve(env={}, cwd=tmp_path).episode.closing_line == DEFAULT_CLOSING_LINE
    env = {"ARTICLE2AUDIO_CLOSING_LINE": "none", "ARTICLE2AUDIO_CHAPTER_STING": "no"}
    from_env = resolve(env=env, cwd=tmp_path)
    assert (from_env.episode.closing_line, from_env.sound.chapter_sting) == ("", False)
    _write(tmp_path, "[voice]\nheading_pace = 3\n")
    with pytest.raises(InputError, match="voice.heading_pace"):
        resolve(env={}, cwd=tmp_path)
    _write(tmp_path, "[voice]\nclosing_line = 3\n")
    with pytest.raises(InputError, match="voice.closing_line"):
        resolve(env={}, cwd=tmp_path)


def test_sections_says_the_closing_line_unless_it_is_turned_off(tmp_path):
    (tmp_path / "a.md").write_text("# Bees\n\nThey fly.\n")
    said = run_cli("sections", "a.md", "--json", cwd=tmp_path)
    assert said.stdout.count("synthetic voice") == 1
    quiet = run_cli("sections", "a.md", "--json", "--closing-line", "", cwd=tmp_path)
    assert quiet.returncode == 0 and "synthetic voice" not in quiet.stdout
    refused = run_cli("build", "a.md", "--heading-pace", "2", cwd=tmp_path)
    assert refused.returncode == 2 and "--heading-pace" in refused.stderr
