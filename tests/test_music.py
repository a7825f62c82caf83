"""The generated intro jingle and decoding a user's music file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import audio_checks
from article2audio.errors import InputError
from article2audio.music import default_intro, load_intro, note_hz

RATE = 44100


def dbfs(value: float) -> float:
    """Level of an amplitude relative to full scale."""
    return 20.0 * float(np.log10(max(value, 1e-12)))


def rms(samples: np.ndarray) -> float:
    """Root mean square of a block of samples."""
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


@pytest.fixture(scope="module")
def intro() -> np.ndarray:
    """The default jingle at 44.1 kHz."""
    return default_intro(RATE)


def write_wav(path: Path, seconds: float, rate: int = 22050) -> None:
    """A 16-bit mono WAV of a quiet 330 Hz tone."""
    t = np.arange(int(seconds * rate)) / rate
    audio_checks.write_wav(path, 0.3 * np.sin(2 * np.pi * 330 * t), rate)


def test_note_names_are_equal_tempered() -> None:
    assert note_hz("A4") == pytest.approx(440.0)
    assert note_hz("C4") == pytest.approx(261.63, abs=0.01)
    assert note_hz("F2") == pytest.approx(87.31, abs=0.01)


def test_default_intro_shape_and_level(intro: np.ndarray) -> None:
    assert intro.dtype == np.float32 and intro.ndim == 1
    assert 4.0 <= len(intro) / RATE <= 8.0
    assert -9.0 <= dbfs(float(np.max(np.abs(intro)))) <= -3.0
    assert abs(float(np.mean(intro))) < 1e-3  # no DC offset


def test_default_intro_starts_at_once_and_fades_out(intro: np.ndarray) -> None:
    assert dbfs(rms(intro[:RATE])) > -30.0
    assert dbfs(rms(intro[-RATE // 10 :])) < -60.0
    assert abs(float(intro[-1])) < 1e-3
    assert abs(float(intro[0])) < 1e-3  # attack ramp, no click at the very start


def test_default_intro_is_smooth_and_not_harsh(intro: np.ndarray) -> None:
    # No clicks: the biggest sample step is what a soft mid-range tone makes.
    assert float(np.max(np.abs(np.diff(intro)))) < 0.1
    spectrum = np.abs(np.fft.rfft(intro.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(intro), 1 / RATE)
    assert spectrum[freqs > 4000].sum() / spectrum.sum() < 1e-4  # nothing buzzy or hissy
    assert spectrum[freqs < 60].sum() / spectrum.sum() < 1e-2  # no rumble


def test_default_intro_is_deterministic_and_follows_the_rate(intro: np.ndarray) -> None:
    assert np.array_equal(intro, default_intro(RATE))
    assert len(default_intro(24000)) / 24000 == pytest.approx(len(intro) / RATE, abs=1e-3)


def test_load_intro_specs(intro: np.ndarray) -> None:
    assert load_intro("none", RATE) is None
    assert load_intro("None", RATE) is None
    default = load_intro("default", RATE)
    assert default is not None and np.array_equal(default, intro)
    unset = load_intro(None, RATE)
    assert unset is not None and np.array_equal(unset, intro)


def test_load_intro_decodes_a_wav_at_the_requested_rate(tmp_path: Path) -> None:
    path = tmp_path / "theme.wav"
    write_wav(path, seconds=2.5)

    samples = load_intro(str(path), RATE)

    assert samples is not None and samples.dtype == np.float32
    assert len(samples) / RATE == pytest.approx(2.5, abs=0.01)
    assert dbfs(float(np.max(np.abs(samples)))) == pytest.approx(dbfs(0.3), abs=0.5)


def test_load_intro_caps_long_music_at_30_seconds(tmp_path: Path) -> None:
    path = tmp_path / "long.wav"
    write_wav(path, seconds=33.0, rate=8000)

    samples = load_intro(str(path), 16000)

    assert samples is not None
    assert len(samples) / 16000 == pytest.approx(30.0, abs=0.01)
    assert abs(float(samples[-1])) < 1e-3  # cut with a fade, not a click


def test_missing_intro_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found: .*nowhere.mp3"):
        load_intro(str(tmp_path / "nowhere.mp3"), RATE)


def test_bogus_intro_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "theme.mp3"
    path.write_text("this is not audio\n")
    with pytest.raises(InputError, match="theme.mp3") as raised:
        load_intro(str(path), RATE)
    assert "\n" not in str(raised.value)
