"""Outro music, configurable pauses, loudness targets and stereo (issue 5, "Outro and sound")."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from article2audio import music, pipeline
from article2audio.errors import InputError
from article2audio.mix import OUTRO_DUCK_GAIN, TAIL_MS, mix_timeline
from article2audio.models import Clip, Cue, Script
from article2audio.settings import Settings
from audio_checks import ebur128, stream_info, write_wav
from test_publish import parse_webvtt

RATE = 22050


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(np.float32) / 32767


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples**2)))


def _write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    return write_wav(path, samples, rate)


def _tone(seconds: float, freq: float, level: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_outro_fades_in_under_the_last_words_and_plays_after_the_tail(tmp_path):
    script = Script("T", ["T"], [Cue(0, "sentence", "one", 200), Cue(0, "sentence", "two", 0)])
    voice = [
        Clip(np.zeros(RATE, np.float32), RATE, "one"),
        Clip(np.zeros(RATE, np.float32), RATE, "two"),
    ]
    outro = np.full(6 * RATE, 0.5, np.float32)  # a flat "music" level makes the envelope visible
    timeline = mix_timeline(
        script,
        zip(script.cues, voice, strict=True),
        tmp_path / "m.wav",
        lambda r: None,
        lambda r: outro,
    )
    audio = _read_wav(tmp_path / "m.wav")
    last_start = round(timeline.cues[-1].start_ms * RATE / 1000)
    words_end = round(timeline.cues[-1].end_ms * RATE / 1000)
    assert _rms(audio[:last_start]) == 0  # nothing before the last words
    under = audio[last_start:words_end]
    assert 0 < under.mean() < 0.5 * OUTRO_DUCK_GAIN  # quietly rising under the last words
    assert np.all(np.diff(under) >= -1e-4)
    full_from = words_end + round(RATE * (TAIL_MS + 700) / 1000)
    assert audio[full_from : full_from + RATE // 4].mean() == pytest.approx(0.5, abs=0.01)
    assert abs(audio[-1]) < 0.01  # faded out at the end
    assert timeline.duration_ms == pytest.approx(1000 + 200 + 6000, abs=2)  # outro runs past tail
    assert timeline.chapters[-1].end_ms == timeline.duration_ms


def test_without_outro_the_episode_ends_after_the_tail(tmp_path):
    script = Script("T", ["T"], [Cue(0, "sentence", "one", 0)])
    clip = Clip(np.zeros(RATE, np.float32), RATE, "one")
    timeline = mix_timeline(script, [(script.cues[0], clip)], tmp_path / "m.wav", lambda r: None)
    assert timeline.duration_ms == 1000 + TAIL_MS


def test_outro_specs(tmp_path):
    assert music.load_outro(None, RATE) is None and music.load_outro("none", RATE) is None
    with pytest.raises(InputError, match="Outro music file not found"):
        music.load_outro(str(tmp_path / "missing.wav"), RATE)
    path = _write_wav(tmp_path / "o.wav", _tone(1.0, 440, 0.3))
    assert len(music.load_outro(str(path), RATE)) == pytest.approx(RATE, abs=50)


def test_pause_scale_stretches_every_pause(data_file):
    prepared = pipeline.prepare(str(data_file("short.md")))
    before = [c.pause_after_ms for c in prepared.script.cues]
    pipeline.scale_pauses(prepared.script, 2.0)
    assert [c.pause_after_ms for c in prepared.script.cues] == [2 * p for p in before]
    assert max(before) > 0


def test_build_with_outro_stereo_and_minus_14(tmp_path, data_file, fake_engine):
    outro = _write_wav(tmp_path / "outro.wav", _tone(8.0, 330, 0.3))
    settings = Settings.of(
        output_dir=tmp_path / "out",
        engine="fake",
        cache_dir=tmp_path / "cache",
        intro="none",
        outro=str(outro),
        channels=2,
        loudness_lufs=-14.0,
    )
    episode = pipeline.build_episode(str(data_file("short.md")), settings)
    info = stream_info(episode.path)
    assert info["channels"] == 2 and info["cbr"]
    loudness, peak = ebur128(episode.path)
    assert -15.0 <= loudness <= -13.0 and peak <= -1.0  # stereo is measured as heard
    cues = parse_webvtt(episode.extra_files["transcript"].read_text())
    # the outro starts under the last words and plays on for the rest of its 8 s
    last_words_ms = cues[-1][1] - cues[-1][0]
    assert episode.duration_ms - cues[-1][1] == pytest.approx(8000 - last_words_ms, abs=150)
