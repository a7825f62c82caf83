"""Intro music: a generated default jingle, or a user's file decoded with ffmpeg; the chapter
sting, a short quiet motif taken from the jingle."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from .errors import InputError
from .ffmpeg import decode_f32

log = logging.getLogger(__name__)

MAX_INTRO_SECONDS = 30.0
DEFAULT_INTRO_SECONDS = 5.5
INTRO_PEAK_DBFS = -6.0
_TRUNCATION_FADE_SECONDS = 1.0

# The jingle, in note names: I (C) arpeggio, IV (F) arpeggio, then a strummed I chord with
# an added ninth that rings out. Each entry: (start seconds, note, decay seconds, level).
_MELODY = [
    (0.00, "C4", 0.9, 0.55), (0.18, "E4", 0.9, 0.50), (0.36, "G4", 0.9, 0.48),
    (0.54, "C5", 1.1, 0.45),
    (1.30, "F4", 0.9, 0.55), (1.48, "A4", 0.9, 0.50), (1.66, "C5", 0.9, 0.48),
    (1.84, "F5", 1.1, 0.40),
    (2.60, "C4", 1.8, 0.50), (2.63, "G4", 1.8, 0.45), (2.66, "C5", 1.8, 0.42),
    (2.69, "E5", 1.8, 0.38), (2.72, "D5", 1.6, 0.22),
]  # fmt: skip
# Soft bass under each chord: (start seconds, note, decay seconds, level).
_BASS = [(0.00, "C3", 1.2, 0.40), (1.30, "F2", 1.2, 0.45), (2.60, "C3", 2.0, 0.45)]
# A quiet sustained pad per chord: (start, end seconds, notes).
_PAD = [(0.0, 1.4, ("E4", "G4")), (1.3, 2.7, ("F4", "A4")), (2.6, 5.5, ("E4", "G4", "C5"))]

# The sting: the jingle's opening arpeggio, twice as fast, softer and ringing out in a second.
STING_SECONDS = 1.1
STING_PEAK_DBFS = -18.0  # 12 dB under the jingle
_STING_SPEEDUP = 2.0
_STING_DECAY = 0.5  # of each note's decay in the jingle

_SEMITONES = {"C": -9, "D": -7, "E": -5, "F": -4, "G": -2, "A": 0, "B": 2}


def note_hz(name: str) -> float:
    """Equal-tempered frequency of a note name like "A4" (440 Hz) or "F2"."""
    letter, octave = name[0], int(name[1:])
    return 440.0 * 2.0 ** ((_SEMITONES[letter] + 12 * (octave - 4)) / 12.0)


def _attack(length: int, rate: int, seconds: float) -> np.ndarray:
    """A raised-cosine ramp from 0 to 1 over `seconds`, then 1 (no click at note start)."""
    ramp_len = min(length, max(1, int(seconds * rate)))
    envelope = np.ones(length)
    envelope[:ramp_len] = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp_len) / ramp_len)
    return envelope


def _sine(freq: float, t: np.ndarray) -> np.ndarray:
    """sin(2 pi freq t), its phase wrapped in float64 and the sine taken in float32: the
    float32 sine is vectorized, 8x faster, and within 2e-7 of the float64 one."""
    cycles = freq * t
    cycles -= np.rint(cycles)
    return np.sin((2 * np.pi * cycles).astype(np.float32))


def _decay(t: np.ndarray, seconds: float) -> np.ndarray:
    return np.exp((-t / seconds).astype(np.float32))


def _pluck(freq: float, decay_s: float, length: int, rate: int) -> np.ndarray:
    """A warm electric-piano-like tone: detuned pair, soft harmonics that fade faster."""
    t = np.arange(length) / rate
    tone = np.zeros(length)
    for harmonic, weight in ((1, 1.0), (2, 0.30), (3, 0.10), (4, 0.04), (6, 0.015)):
        partial_decay = _decay(t, decay_s / harmonic**0.8)
        for cents in (-4.0, 4.0):  # gentle chorus without stereo
            detuned = freq * harmonic * 2.0 ** (cents / 1200.0)
            tone += 0.5 * weight * _sine(detuned, t) * partial_decay
    return tone * _attack(length, rate, 0.012)


def _bass(freq: float, decay_s: float, length: int, rate: int) -> np.ndarray:
    """A round bass note: sine plus a little octave, slow attack."""
    t = np.arange(length) / rate
    tone = _sine(freq, t) + 0.25 * _sine(2 * freq, t)
    return tone * _decay(t, decay_s) * _attack(length, rate, 0.04)


def _pad(freq: float, length: int, rate: int) -> np.ndarray:
    """A soft sustained tone that swells in and out (raised-cosine window)."""
    t = np.arange(length) / rate
    tone = sum(_sine(freq * 2.0 ** (c / 1200.0), t) for c in (-6.0, 0.0, 6.0))
    return tone * np.sin(np.pi * np.arange(length) / length) ** 2


def _place(track: np.ndarray, sound: np.ndarray, start_s: float, rate: int) -> None:
    """Add `sound` into `track` at `start_s`, cutting what runs past the end."""
    start = int(round(start_s * rate))
    end = min(len(track), start + len(sound))
    track[start:end] += sound[: end - start]


def default_intro(rate: int = 44100) -> np.ndarray:
    """The built-in 5.5 s intro jingle: mono float32, peak -6 dBFS, fades to silence."""
    total = int(DEFAULT_INTRO_SECONDS * rate)
    track = np.zeros(total)
    for start_s, note, decay_s, level in _MELODY:
        length = total - int(round(start_s * rate))
        _place(track, level * _pluck(note_hz(note), decay_s, length, rate), start_s, rate)
    for start_s, note, decay_s, level in _BASS:
        length = total - int(round(start_s * rate))
        _place(track, level * _bass(note_hz(note), decay_s, length, rate), start_s, rate)
    for start_s, end_s, notes in _PAD:
        length = int((end_s - start_s) * rate)
        for note in notes:
            _place(track, 0.06 * _pad(note_hz(note), length, rate), start_s, rate)
    fade_len = int(1.5 * rate)
    track[-fade_len:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(fade_len) / fade_len)
    track *= 10.0 ** (INTRO_PEAK_DBFS / 20.0) / np.max(np.abs(track))
    return track.astype(np.float32)


def chapter_sting(rate: int = 44100) -> np.ndarray:
    """The chapter sting: the jingle's first arpeggio (C E G C) played quickly and quietly over
    its bass note, faded out by 1.1 s; mono float32, peak -18 dBFS."""
    total = int(STING_SECONDS * rate)
    track = np.zeros(total)
    first_chord = [note for note in _MELODY if note[0] < _BASS[1][0]]
    for start_s, note, decay_s, level in first_chord:
        at = start_s / _STING_SPEEDUP
        length = total - int(round(at * rate))
        _place(track, level * _pluck(note_hz(note), decay_s * _STING_DECAY, length, rate), at, rate)
    _, bass_note, bass_decay, bass_level = _BASS[0]
    track += 0.5 * bass_level * _bass(note_hz(bass_note), bass_decay * _STING_DECAY, total, rate)
    fade_len = int(0.4 * rate)
    track[-fade_len:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(fade_len) / fade_len)
    track *= 10.0 ** (STING_PEAK_DBFS / 20.0) / np.max(np.abs(track))
    return track.astype(np.float32)


def load_intro(spec: str | None, rate: int) -> np.ndarray | None:
    """Intro music for `spec`: None/"default" (built-in), "none" (no intro) or a file path."""
    if spec is None or spec.strip().lower() == "default":
        return default_intro(rate)
    if spec.strip().lower() == "none":
        return None
    return decode_audio(Path(spec).expanduser(), rate, MAX_INTRO_SECONDS)


def load_outro(spec: str | None, rate: int) -> np.ndarray | None:
    """Outro music for `spec`: None/"none" (no outro, the default) or a file path."""
    if spec is None or spec.strip().lower() in ("none", "default"):
        return None
    return decode_audio(Path(spec).expanduser(), rate, MAX_INTRO_SECONDS, "outro music")


def decode_audio(
    path: Path, rate: int, max_seconds: float, label: str = "intro music"
) -> np.ndarray:
    """Decode any audio file ffmpeg reads to mono float32 at `rate`, at most `max_seconds`."""
    if not path.is_file():
        raise InputError(
            f"{label.capitalize()} file not found: {path}. Probable cause: the path is misspelled "
            "or relative to another directory."
        )
    try:
        samples = decode_f32(str(path), rate, ["-t", f"{max_seconds:.3f}"])
    except ValueError as exc:
        raise InputError(
            f"Cannot read {label} {path}: {exc}. Probable cause: the file is not audio or is damaged."
        ) from exc
    max_len = int(max_seconds * rate)
    if len(samples) >= max_len:
        samples = samples[:max_len].copy()
        fade_len = min(len(samples), int(_TRUNCATION_FADE_SECONDS * rate))
        samples[-fade_len:] *= np.linspace(1.0, 0.0, fade_len, dtype=np.float32)
        log.info("%s %s cut to %.0f s with a fade-out", label, path, max_seconds)
    log.debug("decoded %s: %.2f s at %d Hz", path, len(samples) / rate, rate)
    return samples
