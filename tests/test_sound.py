"""Outro music, configurable pauses, loudness targets and stereo (issue 5, "Outro and sound")."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from article2audio import music, pipeline
from article2audio.errors import InputError
from article2audio.loudness import clip_loudness
from article2audio.mix import (
    CHAPTER_LEAD_MS,
    MUSIC_GAIN,
    OUTRO_DUCK_GAIN,
    SPEECH_LUFS,
    SPEECH_PEAK_DBFS,
    STING_AFTER_MS,
    STING_OVERLAP_MS,
    TAIL_MS,
    level_clips,
    level_speech,
    mix_timeline,
)
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
    level = 0.5 * MUSIC_GAIN  # music is laid in below the speech level (mix.MUSIC_GAIN)
    assert 0 < under.mean() < level * OUTRO_DUCK_GAIN  # quietly rising under the last words
    assert np.all(np.diff(under) >= -1e-4)
    full_from = words_end + round(RATE * (TAIL_MS + 700) / 1000)
    assert audio[full_from : full_from + RATE // 4].mean() == pytest.approx(level, abs=0.01)
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


# --- an even voice and the chapter sting ---------------------------------------------------


def _syllables(seconds: float, peak: float, seed: int) -> np.ndarray:
    """Speech-like bursts (a buzz through syllable-shaped envelopes) scaled to `peak`."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    buzz = np.sign(np.sin(2 * np.pi * 130 * t)) * 0.3 + 0.2 * rng.standard_normal(len(t))
    envelope = np.clip(np.sin(2 * np.pi * rng.uniform(2, 4) * t), 0, None)
    audio = buzz * envelope
    return (peak * audio / np.max(np.abs(audio))).astype(np.float32)


def test_every_clip_is_levelled_to_the_same_loudness_whatever_its_peak():
    quiet, loud = _syllables(3, 0.2, 1), _syllables(3, 1.0, 2)
    loud[RATE] = 1.0  # one sharp click: Piper's peak scaling would have made this sentence quiet
    loud *= 1.0 / np.max(np.abs(loud))
    levelled = [level_speech(clip, RATE) for clip in (quiet, loud)]
    assert abs(clip_loudness(quiet, RATE) - clip_loudness(loud, RATE)) > 3
    assert [clip_loudness(c, RATE) for c in levelled] == pytest.approx([SPEECH_LUFS] * 2, abs=0.05)
    assert max(np.max(np.abs(c)) for c in levelled) <= 10 ** (SPEECH_PEAK_DBFS / 20) + 1e-6


def test_a_clip_whose_peak_would_pass_the_ceiling_gets_only_the_gain_that_fits():
    spiky = _syllables(3, 0.05, 3)
    spiky[RATE] = 0.9  # a peak 25 dB over its speech
    levelled = level_speech(spiky, RATE)
    assert np.max(np.abs(levelled)) == pytest.approx(10 ** (SPEECH_PEAK_DBFS / 20), rel=1e-4)
    assert clip_loudness(levelled, RATE) < SPEECH_LUFS


def test_silent_and_too_short_clips_are_left_as_they_are():
    for clip in (np.zeros(RATE, np.float32), _syllables(0.3, 0.5, 4)):
        assert level_speech(clip, RATE) is clip


def test_level_clips_keeps_each_cue_with_its_clip():
    cues = [Cue(0, "sentence", "a", 0), Cue(0, "sentence", "b", 0)]
    clips = [
        Clip(_syllables(2, peak, 5), RATE, cue.text)
        for peak, cue in zip((0.1, 1.0), cues, strict=True)
    ]
    out = list(level_clips(zip(cues, clips, strict=True)))
    assert [(cue, clip.text, clip.rate) for cue, clip in out] == [(c, c.text, RATE) for c in cues]
    assert np.max(np.abs(clips[0].samples)) == pytest.approx(0.1)  # the cached clip untouched
    assert [clip_loudness(c.samples, RATE) for _, c in out] == pytest.approx(
        [SPEECH_LUFS] * 2, abs=0.01
    )


def _three_chapters(pause_ms: int = 1500) -> tuple[Script, list[Clip]]:
    cues = [
        Cue(0, "title", "T", 800),
        Cue(0, "sentence", "one", pause_ms),
        Cue(1, "heading", "Two", 800),
        Cue(1, "sentence", "two", pause_ms),
        Cue(2, "heading", "Three", 800),
        Cue(2, "sentence", "three", 0),
    ]
    clips = [Clip(_syllables(1.0, 0.5, n), RATE, c.text) for n, c in enumerate(cues)]
    return Script("T", ["T", "Two", "Three"], cues), clips


def test_a_sting_plays_in_the_pause_before_each_chapter_after_the_first(tmp_path):
    script, clips = _three_chapters()
    sting = music.chapter_sting(RATE)
    plain = mix_timeline(
        script, zip(script.cues, clips, strict=True), tmp_path / "a.wav", lambda r: None
    )
    stung = mix_timeline(
        script, zip(script.cues, clips, strict=True), tmp_path / "b.wav", lambda r: None,
        sting_loader=music.chapter_sting,
    )  # fmt: skip
    assert stung.duration_ms == plain.duration_ms  # the default pause holds the sting
    audio, silent = _read_wav(tmp_path / "b.wav"), _read_wav(tmp_path / "a.wav")
    added = audio - silent
    for chapter, heading in zip(
        stung.chapters[1:], [c for c in stung.cues if c.kind == "heading"], strict=True
    ):
        words_end = [c for c in stung.cues if c.end_ms <= chapter.start_ms][-1].end_ms
        assert chapter.start_ms == words_end + STING_AFTER_MS  # the chapter opens on the sting
        start = round(chapter.start_ms * RATE / 1000)
        assert _rms(added[start : start + RATE // 2]) > 0.2 * _rms(MUSIC_GAIN * sting[: RATE // 2])
        assert heading.start_ms - chapter.start_ms >= len(sting) * 1000 / RATE - STING_OVERLAP_MS
    first_sting = round(stung.chapters[1].start_ms * RATE / 1000)
    assert _rms(added[:first_sting]) == 0  # none before the second chapter
    assert [c.start_ms for c in plain.chapters[1:]] == [
        c.start_ms - CHAPTER_LEAD_MS for c in plain.cues if c.kind == "heading"
    ]


def test_a_pause_too_short_for_the_sting_is_lengthened(tmp_path):
    script, clips = _three_chapters(pause_ms=200)
    stung = mix_timeline(
        script, zip(script.cues, clips, strict=True), tmp_path / "b.wav", lambda r: None,
        sting_loader=music.chapter_sting,
    )  # fmt: skip
    heading = stung.cues[2]
    sting_ms = music.STING_SECONDS * 1000
    assert heading.start_ms - stung.chapters[1].start_ms == pytest.approx(
        sting_ms - STING_OVERLAP_MS, abs=2
    )


def test_the_sting_is_a_short_quiet_motif_from_the_jingle():
    sting, jingle = music.chapter_sting(RATE), music.default_intro(RATE)
    assert len(sting) == pytest.approx(music.STING_SECONDS * RATE, abs=1)
    assert 20 * np.log10(np.max(np.abs(sting))) == pytest.approx(music.STING_PEAK_DBFS, abs=0.01)
    assert 20 * np.log10(_rms(sting) / _rms(jingle)) < -9 and abs(sting[-1]) < 1e-3
    spectrum = np.abs(np.fft.rfft(sting))
    strongest = np.fft.rfftfreq(len(sting), 1 / RATE)[np.argsort(spectrum)[-40:]]
    notes = {music.note_hz(n) for n in ("C3", "C4", "E4", "G4", "C5")}  # the jingle's opening
    assert all(min(abs(f - n) / n for n in notes) < 0.02 for f in strongest)


def test_build_with_a_chapter_sting(tmp_path, data_file, fake_engine):
    settings = Settings.of(
        output_dir=tmp_path / "out", engine="fake", cache_dir=tmp_path / "cache", intro="none",
        chapter_sting=True,
    )  # fmt: skip
    episode = pipeline.build_episode(str(data_file("short.md")), settings)
    plain = pipeline.build_episode(
        str(data_file("short.md")),
        Settings.of(output_dir=tmp_path / "plain", engine="fake", cache_dir=tmp_path / "cache",
                    intro="none"),
    )  # fmt: skip
    assert [c.title for c in episode.chapters] == [c.title for c in plain.chapters]
    # each chapter after the first opens on its sting, before where its heading's mark was
    later = [
        (a.start_ms, b.start_ms)
        for a, b in zip(episode.chapters[1:], plain.chapters[1:], strict=True)
    ]
    assert all(b - 900 < a < b for a, b in later)
    loudness, peak = ebur128(episode.path)
    assert -20.0 <= loudness <= -18.0 and peak <= -1.0
