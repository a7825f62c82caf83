"""Mastering's early encode: the MP3 is encoded beside synthesis, at idle priority, and a
wrong guess of the loudness falls back to encoding the finished mix."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import numpy as np
import pytest

from article2audio import master, pipeline
from article2audio.errors import EngineError
from article2audio.master import EarlyEncode, master_to_mp3
from article2audio.mix import mix_timeline
from article2audio.models import Clip, Cue, Script
from article2audio.settings import BuildSettings
from audio_checks import decode_errors, ebur128, stream_info

pytestmark = pytest.mark.skipif(not EarlyEncode.available(), reason="needs Linux SCHED_IDLE")

RATE = 22050
TARGET = -19.0  # -16 LUFS heard, measured as mono


def _speechlike(seconds: float, peak: float, seed: int) -> np.ndarray:
    """Voiced syllables (pitch pulses through a formant) with gaps, peaking at `peak` as Piper
    levels a sentence."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    pulses = np.zeros(n)
    pulses[:: RATE // 120] = 1.0
    formant = np.exp(-np.arange(160) / 25) * np.sin(2 * np.pi * 700 * np.arange(160) / RATE)
    voiced = np.convolve(pulses, formant, mode="same") + 0.05 * rng.standard_normal(n)
    syllables = np.clip(np.sin(2 * np.pi * 2.5 * t + rng.uniform(0, 6)), 0, None) ** 0.5
    audio = voiced * syllables * rng.uniform(0.6, 1.0, size=n // RATE + 1).repeat(RATE)[:n]
    return (peak * audio / np.max(np.abs(audio))).astype(np.float32)


def _mix(tmp_path: Path, levels: list[float], early: EarlyEncode, seconds: float = 10.0):
    cues = [Cue(0, "sentence", f"cue {i}", 300) for i in range(len(levels))]
    clips = [Clip(_speechlike(seconds, lv, i), RATE, c.text) for i, (lv, c) in enumerate(zip(levels, cues, strict=True))]  # fmt: skip
    script = Script("T", ["T"], cues)
    pairs = zip(cues, clips, strict=True)
    return mix_timeline(script, pairs, tmp_path / "mix.wav", lambda r: None, on_cue=early.written)


def _children() -> list[str]:
    """Live child processes of this test process."""
    found = []
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            found += (task / "children").read_text().split()
    return found


@pytest.fixture
def encodes(monkeypatch):
    """The encodes run from the finished WAV (the fall-back path), recorded."""
    calls = []
    real = master._encode

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(master, "_encode", counting)
    return calls


def test_a_steady_mix_is_encoded_while_it_is_written_at_idle_priority(tmp_path, encodes):
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12)
    policies: set[int] = set()
    written = early.written

    def watching(writer) -> None:
        written(writer)
        if early.pid is not None:
            for tid in os.listdir(f"/proc/{early.pid}/task"):
                with contextlib.suppress(OSError):
                    policies.add(os.sched_getscheduler(int(tid)))

    early.written = watching
    timeline = _mix(tmp_path, [1.0] * 12, early)
    reached = master_to_mp3(timeline.audio_path, mp3, mix_lufs=timeline.loudness_lufs, early=early)

    assert early.starts == 1 and encodes == []  # nothing was encoded after the mix
    assert policies == {os.SCHED_IDLE}  # every encoder thread yields to the voice
    info = stream_info(mp3)
    assert info["rate"] == 44100 and info["bitrate"] == 96000 and info["cbr"]
    assert info["duration"] * 1000 == pytest.approx(timeline.duration_ms, abs=60)  # tail included
    assert decode_errors(mp3) == ""
    loudness, peak = ebur128(mp3)
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0  # the standard: ±1 LU, -1 dBTP
    assert reached.integrated == pytest.approx(loudness, abs=0.3)
    assert _children() == []


def test_a_mix_that_gets_louder_late_is_encoded_again_at_the_right_level(tmp_path, encodes):
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12)
    timeline = _mix(tmp_path, [0.5] * 9 + [1.0] * 3, early)  # after the last restart point
    master_to_mp3(timeline.audio_path, mp3, mix_lufs=timeline.loudness_lufs, early=early)

    assert early.starts == 1 and len(encodes) >= 1  # the guess missed: encoded from the WAV
    assert abs(timeline.loudness_lufs - early.guess) > EarlyEncode.EARLY_MISS_LU
    loudness, peak = ebur128(mp3)
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0  # the standard: ±1 LU, -1 dBTP
    assert _children() == []


def test_a_guess_that_drifts_early_restarts_the_encode(tmp_path, encodes, monkeypatch):
    monkeypatch.setattr(EarlyEncode, "START_AUDIO_S", 20.0)
    monkeypatch.setattr(EarlyEncode, "RECHECK_AUDIO_S", 10.0)
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12)
    started_with: list[float] = []
    start = early._start

    def recording(writer) -> None:
        start(writer)
        started_with.append(early.guess)

    early._start = recording
    timeline = _mix(tmp_path, [0.3] * 4 + [1.0] * 8, early)
    master_to_mp3(timeline.audio_path, mp3, mix_lufs=timeline.loudness_lufs, early=early)

    assert early.starts >= 2 and started_with == sorted(started_with)  # louder guesses
    loudness, peak = ebur128(mp3)
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0  # the standard: ±1 LU, -1 dBTP
    assert _children() == []  # the encoders given up on were stopped


def test_an_encoder_starved_of_cpu_is_given_up_in_time(tmp_path, encodes):
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12)
    timeline = _mix(tmp_path, [1.0] * 12, early)
    os.kill(early.pid, signal.SIGSTOP)  # as if busy programs left no idle CPU at all
    started = time.monotonic()
    master_to_mp3(timeline.audio_path, mp3, mix_lufs=timeline.loudness_lufs, early=early)
    waited = time.monotonic() - started

    assert len(encodes) == 1 and _children() == []
    assert waited < 10  # the wait is bounded (about 1 s here), then one normal encode
    assert stream_info(mp3)["duration"] * 1000 == pytest.approx(timeline.duration_ms, abs=60)
    assert decode_errors(mp3) == ""
    loudness, peak = ebur128(mp3)
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0


def test_a_failing_voice_stops_the_early_encode(tmp_path, fake_engine, monkeypatch):
    monkeypatch.setattr(EarlyEncode, "START_AUDIO_S", 5.0)
    article = tmp_path / "long.txt"
    sentences = " ".join(f"Sentence number {n} is read aloud." for n in range(30))
    article.write_text(f"A Long Read\n\n{sentences}\n")
    speak = fake_engine.synthesize
    encoders: list[int] = []

    def failing(self, text):
        if len(fake_engine.calls) == 20:
            encoders.extend(int(pid) for pid in _children())
            raise EngineError("the voice fell over")
        return speak(self, text)

    monkeypatch.setattr(fake_engine, "synthesize", failing)
    settings = BuildSettings(output_dir=tmp_path / "out", engine="fake", cache_dir=tmp_path / "c")
    with pytest.raises(EngineError):
        pipeline.build_episode(str(article), settings)

    assert len(encoders) == 1  # it was running when the voice failed
    assert _children() == []
    assert list((tmp_path / "out").iterdir()) == []  # no episode, no work folder
