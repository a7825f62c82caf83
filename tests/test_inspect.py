"""`inspect`: the producer's check before upload, compared with what other tools read."""

from __future__ import annotations

import json
import re

import pytest
from mutagen.id3 import ID3

from article2audio import pipeline
from article2audio.errors import InputError
from article2audio.inspect import inspect_episode
from article2audio.settings import Settings
from article2audio.tags import read_tags
from audio_checks import ebur128, stream_info
from cli_runner import run_cli


@pytest.fixture
def episode(tmp_path, data_file, fake_engine):
    settings = Settings.of(
        output_dir=tmp_path / "out",
        engine="fake",
        cache_dir=tmp_path / "cache",
        show="City Notes",
        episode_number=7,
    )
    return pipeline.build_episode(str(data_file("short.md")), settings)


def test_report_matches_the_file(episode):
    report = inspect_episode(episode.path)
    info = stream_info(episode.path)
    assert report["duration"] == pytest.approx(info["duration"], abs=0.001)
    assert report["bitrate_kbps"] == 96 and report["cbr"] is True
    assert report["sample_rate"] == 44100 and report["channels"] == 1
    assert report["tags"]["title"] == "Bees in the City"
    assert report["tags"]["show"] == "City Notes" and report["tags"]["episode"] == "7"
    assert "00:00 Bees in the City" in report["tags"]["comment"]
    assert [c["title"] for c in report["chapters"]] == [c.title for c in episode.chapters]
    assert [c["start"] for c in report["chapters"]] == [c.start_ms / 1000 for c in episode.chapters]
    measured, peak = ebur128(episode.path)
    assert report["loudness"]["integrated_lufs"] == pytest.approx(measured, abs=0.11)
    assert report["loudness"]["heard_lufs"] == pytest.approx(measured + 3, abs=0.11)
    assert report["loudness"]["true_peak_dbtp"] == pytest.approx(peak, abs=0.11)
    assert report["problems"] == []


def test_problems_are_named(episode):
    report = inspect_episode(episode.path, measure=False)
    assert "loudness" not in report
    from article2audio.inspect import problems

    report["cbr"] = False
    report["chapters"][1]["start"] += 1
    report["loudness"] = {"heard_lufs": -23.0, "true_peak_dbtp": -0.2, "integrated_lufs": -26.0}
    found = problems(report, round(report["duration"] * 1000))
    assert "not constant bit rate" in found
    assert "chapters leave gaps or overlap" in found
    assert any("-23.0 LUFS" in p for p in found) and any("-0.2 dBTP" in p for p in found)


def test_not_an_mp3_is_an_input_error(tmp_path):
    bogus = tmp_path / "x.mp3"
    bogus.write_bytes(b"hello" * 100)
    with pytest.raises(InputError):
        inspect_episode(bogus)
    with pytest.raises(InputError, match="no such file"):
        inspect_episode(tmp_path / "missing.mp3")


def test_cli_inspect_json_on_stdout(episode):
    proc = run_cli("inspect", str(episode.path), "--json", cwd=episode.path.parent)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["tags"]["title"] == "Bees in the City"
    assert report["loudness"]["true_peak_dbtp"] <= -1.0
    text = run_cli("inspect", str(episode.path), cwd=episode.path.parent).stdout
    assert "LUFS heard" in text and "Flowers Everywhere" in text and "no problems found" in text


def test_an_mp3_without_tags_is_reported_not_refused(data_file):
    bare = data_file("tone.mp3")
    ID3(bare).delete()
    report = inspect_episode(bare, measure=False)
    assert report["chapters"] == [] and report["sample_rate"] == 44100
    assert "no ID3v2 tag" in report["problems"] and "no title tag" in report["problems"]


def test_chapter_times_are_shown_the_same_everywhere(tmp_path, fake_engine):
    (tmp_path / "a.md").write_text(
        "# Timing\n\nA first part that is said. "
        + "\n\n".join(f"## Part {n}\n\n" + "Words are said here. " * n for n in range(1, 6))
    )
    built = run_cli(
        "build", "a.md", "-o", "out", "--engine", "fake", "--intro", "none",
        "--base-url", "https://e.com/p/", cwd=tmp_path,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    mp3 = tmp_path / "out" / "timing.mp3"
    starts = [start for _, start, _ in read_tags(mp3)["chapters"]]
    assert any(start % 1000 >= 500 for start in starts)  # one a plain round() would move
    in_build = re.findall(r"^\s+(\d\d:\d\d)  (.+)$", built.stdout, re.MULTILINE)
    notes = read_tags(mp3)["comment"]
    in_notes = re.findall(r"^(\d\d:\d\d) (.+)$", notes, re.MULTILINE)
    inspected = run_cli("inspect", str(mp3), "--no-loudness", cwd=tmp_path)
    in_inspect = re.findall(r"^\s+(\d\d:\d\d)  (.+)$", inspected.stdout, re.MULTILINE)
    expected = [
        (f"{s // 60000:02d}:{s // 1000 % 60:02d}", t) for t, s, _ in read_tags(mp3)["chapters"]
    ]
    assert in_build == in_notes == in_inspect == expected


def test_json_loudness_is_the_finished_files_for_stereo_and_mono(tmp_path, fake_engine):
    (tmp_path / "a.md").write_text("# Loud\n\nWords are said here. " * 8)
    for channels in ("--mono", "--stereo"):
        proc = run_cli(
            "build", "a.md", "-o", channels[2:], "--engine", "fake", "--intro", "none",
            channels, "--json", cwd=tmp_path,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        result = json.loads(proc.stdout)
        measured, _ = ebur128(tmp_path / result["path"])
        assert result["loudness_lufs"] == pytest.approx(measured, abs=0.4), channels
