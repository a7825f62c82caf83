"""The whole build with a fake voice: mix, master, tags and files, read back with real tools."""

from __future__ import annotations

import pytest

from article2audio import episodes, pipeline
from article2audio.errors import OutputError
from article2audio.models import HEADING_KINDS
from article2audio.settings import DEFAULT_CLOSING_LINE, Settings
from article2audio.tags import read_tags
from audio_checks import decode_errors, ebur128, ffmpeg_chapters, stream_info
from test_publish import parse_webvtt


def _settings(tmp_path, **overrides) -> Settings:
    values = {"output_dir": tmp_path / "out", "engine": "fake", "cache_dir": tmp_path / "cache"}
    values.update(overrides)
    return Settings.of(**values)


def test_build_writes_a_tagged_mastered_episode(tmp_path, data_file, fake_engine):
    article = data_file("short.md")
    episode = pipeline.build_episode(str(article), _settings(tmp_path, show="City Notes"))

    assert episode.path == tmp_path / "out" / "bees-in-the-city.mp3"
    titles = ["Bees in the City", "Flowers Everywhere", "Fewer Pesticides", "What You Can Do"]
    tags = read_tags(episode.path)
    assert [c[0] for c in tags["chapters"]] == titles
    assert tags["title"] == "Bees in the City"
    assert tags["author"] == "Ada Lovelace"
    assert tags["show"] == "City Notes"
    assert tags["genre"] == "Podcast"
    assert tags["date"].startswith("2024")
    assert "rooftops" in tags["comment"]

    info = stream_info(episode.path)
    assert (
        info["rate"] == 44100 and info["channels"] == 1 and info["bitrate"] == 96000 and info["cbr"]
    )
    assert abs(info["duration"] * 1000 - episode.duration_ms) < 60
    assert decode_errors(episode.path) == ""

    starts = [c[1] for c in tags["chapters"]]
    ends = [c[2] for c in tags["chapters"]]
    assert starts[0] == 0 and starts == sorted(starts) and starts[1:] == ends[:-1]
    assert ends[-1] == episode.duration_ms
    assert [c[0] for c in ffmpeg_chapters(episode.path)] == titles

    loudness, peak = ebur128(episode.path)
    assert -20.0 <= loudness <= -18.0  # -16 LUFS heard = -19 LUFS measured as mono
    assert peak <= -1.0


def test_chapter_marks_sit_just_before_each_spoken_heading(tmp_path, data_file, fake_engine):
    article = data_file("short.md")
    episode = pipeline.build_episode(str(article), _settings(tmp_path, intro="none"))
    # the fake voice speaks 60 ms per character; the first heading follows the intro
    prepared = pipeline.prepare(str(article), _settings(tmp_path).episode)
    heading_cues = [c for c in prepared.script.cues if c.kind in HEADING_KINDS]
    assert [c.text for c in heading_cues][:2] == [
        "Bees in the City, by Ada Lovelace.",
        "Flowers Everywhere",
    ]
    first_gap = episode.chapters[1].start_ms - episode.chapters[0].start_ms
    assert first_gap > 0.06 * len("Bees are thriving on city rooftops.") * 1000


def test_existing_episode_is_not_overwritten_without_force(tmp_path, data_file, fake_engine):
    article = data_file("short.md")
    first = pipeline.build_episode(str(article), _settings(tmp_path, intro="none"))
    before = first.path.read_bytes()
    with pytest.raises(OutputError, match="--force"):
        pipeline.build_episode(str(article), _settings(tmp_path, intro="none"))
    assert first.path.read_bytes() == before
    again = pipeline.build_episode(str(article), _settings(tmp_path, intro="none", force=True))
    assert again.path == first.path


def test_rebuild_reuses_cached_clips(tmp_path, data_file, fake_engine):
    article = data_file("short.md")
    pipeline.build_episode(str(article), _settings(tmp_path, intro="none"))
    spoken_first = len(fake_engine.calls)
    assert spoken_first > 5
    pipeline.build_episode(str(article), _settings(tmp_path, intro="none", force=True))
    assert len(fake_engine.calls) == spoken_first  # nothing spoken twice


def test_intro_adds_music_before_the_first_words(tmp_path, data_file, fake_engine):
    article = data_file("short.md")
    with_music = pipeline.build_episode(
        str(article), _settings(tmp_path, output_dir=tmp_path / "a")
    )
    without = pipeline.build_episode(
        str(article), _settings(tmp_path, output_dir=tmp_path / "b", intro="none")
    )
    extra_ms = with_music.duration_ms - without.duration_ms
    assert 2000 <= extra_ms <= 7000  # a 4-8 s jingle, of which the last 2 s sit under the voice


def test_no_partial_files_are_left_when_mastering_fails(
    tmp_path, data_file, fake_engine, monkeypatch
):
    from article2audio.errors import AudioError

    def broken(*args, **kwargs):
        raise AudioError("ffmpeg failed: simulated")

    monkeypatch.setattr(pipeline, "master_to_mp3", broken)
    with pytest.raises(AudioError):
        pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path))
    assert not (tmp_path / "out").exists()  # the folder the build made goes with it: empty
    assert any((tmp_path / "cache").rglob("*.pcm"))  # what was spoken is kept for the next try


def test_slugify():
    assert (
        episodes.slugify("Trump And Putin Discuss Ukraine Ceasefire")
        == "trump-and-putin-discuss-ukraine-ceasefire"
    )
    assert episodes.slugify("Ça va? Über—alles!") == "ca-va-uber-alles"
    assert episodes.slugify("???") == "episode"


def test_the_transcript_shows_the_title_once_and_the_closing_line_last(tmp_path, fake_engine):
    (tmp_path / "bees.md").write_text(
        "---\nauthor: Ada Lovelace\n---\n# Bees\n\n## Flowers\n\nThey bloom.\n\n## Water\n\nA dish.\n"
    )
    episode = pipeline.build_episode(str(tmp_path / "bees.md"), _settings(tmp_path))
    captions = parse_webvtt(episode.extra_files["transcript"].read_text())
    shown = [" ".join(lines) for _, _, lines in captions]
    assert shown == [
        "Bees, by Ada Lovelace.",
        "Flowers",
        "They bloom.",
        "Water",
        "A dish.",
        DEFAULT_CLOSING_LINE,
    ]
    assert [c.title for c in episode.chapters] == ["Flowers", "Water"]
    last = episode.chapters[-1]
    assert last.start_ms < captions[-1][0] < captions[-1][1] <= last.end_ms
    quiet = pipeline.build_episode(
        str(tmp_path / "bees.md"), _settings(tmp_path, closing_line="", force=True)
    )
    shown = parse_webvtt(quiet.extra_files["transcript"].read_text())
    assert " ".join(shown[-1][2]) == "A dish."
