"""Mastering: the early encode (the MP3 encoded beside synthesis, at idle priority; a wrong
guess of the loudness falls back to encoding the finished mix), and stereo's upmix.

The early encoder's speed depends on how busy the machine is, so these tests either give it
its own clock and normal priority (the outcome is then certain) or accept either outcome and
check that the episode is right either way. No test waits on the wall clock."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import subprocess
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest

from article2audio import early_encode, master, pipeline
from article2audio.early_encode import DEFAULT_POLICY, EarlyEncode
from article2audio.errors import EngineError
from article2audio.loudness import LoudnessMeter
from article2audio.master import master_to_mp3
from article2audio.mix import MixListener, MixSoFar, level_clips, mix_timeline
from article2audio.models import Clip, Cue, Script
from article2audio.settings import Settings
from audio_checks import FFMPEG, decode_errors, ebur128, stream_info, write_wav
from clocks import StepClock

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


def _mix(
    tmp_path: Path,
    levels: list[float],
    on_cue: MixListener | None,
    seconds: float = 10.0,
    levelled: bool = False,
):
    """Clips peaking at `levels` mixed as they are (or, `levelled`, as a build mixes them)."""
    cues = [Cue(0, "sentence", f"cue {i}", 300) for i in range(len(levels))]
    clips = [Clip(_speechlike(seconds, lv, i), RATE, c.text) for i, (lv, c) in enumerate(zip(levels, cues, strict=True))]  # fmt: skip
    script = Script("T", ["T"], cues)
    pairs: Iterable[tuple[Cue, Clip]] = zip(cues, clips, strict=True)
    if levelled:
        pairs = level_clips(pairs)
    return mix_timeline(script, pairs, tmp_path / "mix.wav", lambda r: None, on_cue=on_cue)


def _master(timeline, mp3: Path, early: EarlyEncode):
    encoded = early.finish(timeline.loudness_lufs)
    return master_to_mp3(timeline.audio_path, mp3, mix_lufs=timeline.loudness_lufs, encoded=encoded)


def _children() -> list[str]:
    """Live child processes of this test process, but for Python's multiprocessing resource
    tracker: the LocalCluster tests start it once, and it stays until the interpreter ends."""
    found = []
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            found += (task / "children").read_text().split()
    return [pid for pid in found if not _is_resource_tracker(pid)]


def _is_resource_tracker(pid: str) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"multiprocessing.resource_tracker" in command


def _stopping_at_start(early: EarlyEncode) -> MixListener:
    """The early encode's listener, stopping its encoder (SIGSTOP) the moment it starts: as if
    busy programs left it no idle CPU at all."""
    stopped: list[int] = []

    def listen(so_far: MixSoFar) -> None:
        early.mixed(so_far)
        if early.pid is not None and early.pid not in stopped:
            os.kill(early.pid, signal.SIGSTOP)
            stopped.append(early.pid)

    return listen


@pytest.fixture
def encodes(monkeypatch):
    """The encodes run from the finished WAV (the fall-back path), recorded."""
    calls = []
    real = master.run_ffmpeg

    def counting(args):
        calls.append(args)
        return real(args)

    monkeypatch.setattr(master, "run_ffmpeg", counting)
    return calls


def _meets_the_standard(mp3: Path, duration_ms: int) -> float:
    info = stream_info(mp3)
    assert info["rate"] == 44100 and info["bitrate"] == 96000 and info["cbr"]
    assert info["duration"] * 1000 == pytest.approx(duration_ms, abs=60)  # tail included
    assert decode_errors(mp3) == ""
    loudness, peak = ebur128(mp3)
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0  # the standard: ±1 LU, -1 dBTP
    return loudness


def test_a_steady_mix_is_encoded_while_it_is_written(tmp_path, encodes):
    # normal priority and a clock that stands still: the encode is kept however busy the machine
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12, clock=StepClock(0), idle=False)
    timeline = _mix(tmp_path, [1.0] * 12, early.mixed)
    reached = _master(timeline, mp3, early)

    assert early.report.starts == 1 and early.report.outcome == "kept"
    assert encodes == []  # nothing was encoded after the mix
    loudness = _meets_the_standard(mp3, timeline.duration_ms)
    assert reached.integrated == pytest.approx(loudness, abs=0.3)
    assert _children() == []


def test_the_early_encoder_yields_to_the_voice_and_the_episode_is_right_either_way(
    tmp_path, encodes
):
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12)
    policies: set[int] = set()

    def watching(so_far: MixSoFar) -> None:
        early.mixed(so_far)
        if early.pid is not None:
            for tid in os.listdir(f"/proc/{early.pid}/task"):
                with contextlib.suppress(OSError):
                    policies.add(os.sched_getscheduler(int(tid)))

    timeline = _mix(tmp_path, [1.0] * 12, watching)
    _master(timeline, mp3, early)

    assert policies == {os.SCHED_IDLE}  # every encoder thread yields to the voice
    assert early.report.starts == 1
    # an idle machine keeps the early encode; a busy one gives it up and encodes once more
    if early.report.outcome == "kept":
        assert encodes == []
    else:
        assert early.report.outcome in ("starved", "late") and len(encodes) == 1
    _meets_the_standard(mp3, timeline.duration_ms)
    assert _children() == []


def test_a_mix_that_gets_louder_late_is_encoded_again_at_the_right_level(tmp_path, encodes):
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12)
    timeline = _mix(tmp_path, [0.5] * 9 + [1.0] * 3, early.mixed)  # after the last restart point
    _master(timeline, mp3, early)

    assert early.report.starts == 1 and len(encodes) >= 1  # the guess missed: encoded from the WAV
    assert early.report.outcome == "missed"
    assert abs(timeline.loudness_lufs - early.report.guesses[0]) > DEFAULT_POLICY.miss_lu
    loudness, peak = ebur128(mp3)
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0  # the standard: ±1 LU, -1 dBTP
    assert _children() == []


def test_levelled_speech_keeps_the_early_guess_however_the_clips_came(tmp_path, encodes):
    # the clips that make the guess miss above, levelled as a build levels them: the loudness
    # a third of the way in is the whole mix's, so the encode made beside the voice is kept
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12, clock=StepClock(0), idle=False)
    timeline = _mix(tmp_path, [0.5] * 9 + [1.0] * 3, early.mixed, levelled=True)
    _master(timeline, mp3, early)

    assert early.report.starts == 1 and early.report.outcome == "kept" and encodes == []
    assert abs(timeline.loudness_lufs - early.report.guesses[0]) <= 0.1
    _meets_the_standard(mp3, timeline.duration_ms)


def test_a_guess_that_drifts_early_restarts_the_encode(tmp_path, encodes):
    policy = dataclasses.replace(DEFAULT_POLICY, start_audio_s=20.0, recheck_audio_s=10.0)
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12, policy=policy)
    timeline = _mix(tmp_path, [0.3] * 4 + [1.0] * 8, early.mixed)
    _master(timeline, mp3, early)

    guesses = early.report.guesses
    assert len(guesses) >= 2 and guesses == sorted(guesses)  # louder guesses
    loudness, peak = ebur128(mp3)
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0  # the standard: ±1 LU, -1 dBTP
    assert _children() == []  # the encoders given up on were stopped


def test_an_encoder_starved_of_cpu_is_given_up_in_time(tmp_path, encodes):
    mp3 = tmp_path / "ep.mp3"
    early = EarlyEncode(mp3, cues_total=12, clock=StepClock(0.05))
    timeline = _mix(tmp_path, [1.0] * 12, early.mixed)
    os.kill(early.pid, signal.SIGSTOP)  # as if busy programs left no idle CPU at all
    _master(timeline, mp3, early)

    report = early.report
    assert report.outcome in ("starved", "late")
    assert report.waited_s <= report.allowed_s + 0.1  # the wait is bounded, on its clock
    assert len(encodes) == 1 and _children() == []  # then one normal encode
    _meets_the_standard(mp3, timeline.duration_ms)


def test_an_encoder_starved_from_the_start_is_given_up_at_once(tmp_path):
    early = EarlyEncode(tmp_path / "ep.mp3", cues_total=12, clock=StepClock(0.05))
    timeline = _mix(tmp_path, [1.0] * 12, _stopping_at_start(early), seconds=20.0)
    encoded = early.finish(timeline.loudness_lufs)

    report = early.report
    assert encoded is None and report.outcome == "starved" and _children() == []
    assert report.allowed_s > 1.5  # about 2 s for the 4 minutes it has not encoded ...
    assert report.waited_s < report.allowed_s / 2  # ... but it made no progress: not waited out


def test_a_failing_voice_stops_the_early_encode(tmp_path, fake_engine, monkeypatch):
    policy = dataclasses.replace(DEFAULT_POLICY, start_audio_s=5.0)
    monkeypatch.setattr(early_encode, "DEFAULT_POLICY", policy)
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
    settings = Settings.of(output_dir=tmp_path / "out", engine="fake", cache_dir=tmp_path / "c")
    with pytest.raises(EngineError):
        pipeline.build_episode(str(article), settings)

    assert len(encoders) == 1  # it was running when the voice failed
    assert _children() == []
    assert not (tmp_path / "out").exists()  # no episode, no work folder, no folder it made


def _channels(path: Path) -> np.ndarray:
    """The MP3 decoded to float32, one row per channel."""
    out = subprocess.run(
        [FFMPEG, "-v", "error", "-i", str(path), "-f", "f32le", "pipe:1"], capture_output=True
    ).stdout
    count = stream_info(path)["channels"]
    return np.frombuffer(out, "<f4").reshape(-1, count).T


def test_stereo_carries_the_mono_master_in_both_channels_unattenuated(tmp_path):
    # Both are heard at -16 LUFS. A stereo file whose channels were each 3 dB down (ffmpeg's
    # default upmix) would have needed 3 dB more gain into the limiter, squashing the voice.
    timeline = _mix(tmp_path, [1.0] * 3, None)
    mono, stereo = tmp_path / "mono.mp3", tmp_path / "stereo.mp3"
    reported = {
        mono: master_to_mp3(timeline.audio_path, mono, mix_lufs=timeline.loudness_lufs),
        stereo: master_to_mp3(
            timeline.audio_path,
            stereo,
            bitrate_kbps=128,
            channels=2,
            mix_lufs=timeline.loudness_lufs,
        ),
    }

    (single,), (left, right) = _channels(mono), _channels(stereo)
    assert np.array_equal(left, right)
    level = 20 * np.log10(np.sqrt(np.mean(left**2)) / np.sqrt(np.mean(single**2)))
    assert abs(level) < 0.3  # each channel is the mono master, not 3 dB below it
    for path in (mono, stereo):
        loudness, peak = ebur128(path)
        heard = loudness + (3.0 if path == mono else 0.0)  # mono is heard as dual-mono
        assert abs(heard - -16.0) <= 1.0 and peak <= -1.0
        # what --json reports is the finished file's loudness (stereo: not the mono mix's)
        assert reported[path].integrated == pytest.approx(loudness, abs=0.3)


def test_a_mix_the_limiter_fights_still_reaches_the_target(tmp_path):
    # quiet speech under a click every 80 ms: each click ducks the voice, so every dB of gain
    # adds far less than a LU; one correction used to stop 2.6 LU short of -14 LUFS
    voice = np.concatenate([_speechlike(10, 0.3, seed) for seed in range(6)])
    voice[:: int(RATE * 0.08)] += 1.0
    wav = write_wav(tmp_path / "mix.wav", voice, RATE)
    meter = LoudnessMeter(RATE)
    meter.add(voice.astype(np.float64))
    master_to_mp3(wav, tmp_path / "ep.mp3", -14.0, mix_lufs=meter.integrated())

    loudness, peak = ebur128(tmp_path / "ep.mp3")
    assert abs(loudness + 3.0 - -14.0) <= 1.0 and peak <= -1.0  # mono, heard as dual-mono


def test_peaks_between_the_voices_samples_stay_below_minus_one_dbtp(tmp_path):
    # short bursts of a tone at a quarter of the voice's rate, sampled 45 degrees off its
    # crests: each sample is at 0.71 of the wave's true peak, which the resampling to 44.1 kHz
    # brings back; limited at the voice's rate they came out at -0.8 dBTP, as the sample did
    voice = np.concatenate([_speechlike(10, 0.3, seed) for seed in range(3)])
    t = np.arange(int(RATE * 0.03)) / RATE
    burst = 0.12 * np.sin(2 * np.pi * RATE / 4 * t + np.pi / 4)
    for start in range(0, len(voice) - len(burst), RATE // 2):
        voice[start : start + len(burst)] += burst.astype(np.float32)
    wav = write_wav(tmp_path / "mix.wav", voice, RATE)
    meter = LoudnessMeter(RATE)
    meter.add(voice.astype(np.float64))
    master_to_mp3(wav, tmp_path / "ep.mp3", -16.0, mix_lufs=meter.integrated())

    loudness, peak = ebur128(tmp_path / "ep.mp3")
    assert abs(loudness - TARGET) <= 1.0 and peak <= -1.0
