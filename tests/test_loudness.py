"""The in-process loudness meter agrees with ffmpeg's EBU R128 meter."""

from __future__ import annotations

import numpy as np
import pytest

from article2audio.ffmpeg import measure_loudness
from article2audio.loudness import LoudnessMeter, clip_loudness
from audio_checks import write_wav


@pytest.mark.parametrize("rate", [22050, 44100, 48000])
def test_sine_reads_as_the_standard_says(rate):
    t = np.arange(rate * 5) / rate
    meter = LoudnessMeter(rate)
    meter.add((0.1 * np.sin(2 * np.pi * 997 * t)).astype(np.float32))  # -20 dBFS peak
    assert meter.integrated() == pytest.approx(-23.0, abs=0.05)


def test_gated_speechlike_signal_matches_ffmpeg(tmp_path):
    rate = 22050
    rng = np.random.default_rng(7)
    bursts = []
    for level in (0.3, 0.05, 0.2, 0.0, 0.4, 0.001):  # loud, quiet, silence: the gates matter
        bursts.append((level * rng.standard_normal(rate)).astype(np.float32))
    signal = np.clip(np.concatenate(bursts), -1, 1)
    meter = LoudnessMeter(rate)
    for start in range(0, len(signal), 3000):  # fed in uneven blocks, as the mixer does
        meter.add(signal[start : start + 3000])
    path = write_wav(tmp_path / "bursts.wav", signal, rate)
    assert meter.integrated() == pytest.approx(measure_loudness(path).integrated, abs=0.1)


def test_silence_is_minus_infinity():
    meter = LoudnessMeter(22050)
    meter.add(np.zeros(22050 * 2, dtype=np.float32))
    assert meter.integrated() == float("-inf")


def test_a_clip_is_metered_as_the_streaming_meter_and_ffmpeg_meter_it(tmp_path):
    rate = 22050
    rng = np.random.default_rng(3)
    pieces = [level * rng.standard_normal(rate // 2) for level in (0.2, 0.0, 0.05, 0.3, 0.002)]
    t = np.arange(rate) / rate
    pieces.append(0.1 * np.sin(2 * np.pi * 60 * t))  # low hum: the high-pass must count
    clip = np.clip(np.concatenate(pieces), -1, 1).astype(np.float32)
    meter = LoudnessMeter(rate)
    meter.add(clip)
    path = write_wav(tmp_path / "clip.wav", clip, rate)
    assert clip_loudness(clip, rate) == pytest.approx(meter.integrated(), abs=0.1)
    assert clip_loudness(clip, rate) == pytest.approx(measure_loudness(path).integrated, abs=0.15)
    assert clip_loudness(clip[: rate // 3], rate) == float("-inf")  # shorter than one block
    assert clip_loudness(np.zeros(rate, np.float32), rate) == float("-inf")
