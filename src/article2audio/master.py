"""Timeline WAV -> mastered MP3: measure loudness, set gain, limit true peaks, encode CBR.

Loudness is measured with ffmpeg's ebur128 at the mix's native rate (no 192 kHz loudnorm):
the mixer meters the raw mix as it writes it (loudness.py), and the single encode meters
its own limited signal, so a second encode is needed only when the limiter took more than
expected. The mix is mono and is metered as mono. A mono file is heard as dual-mono, and a
stereo file carries the same signal at full level in both channels; either way the listener
hears it 3 LU louder than the mono meter reads, so the mono target is 3 LU below the
listener's (-16 LUFS heard = -19 LUFS measured as mono).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import select
import subprocess
import time
from pathlib import Path

from .errors import AudioError
from .ffmpeg import (
    Loudness,
    ffmpeg_command,
    has_loudness,
    measure_loudness,
    metered_loudness,
    run_ffmpeg,
)
from .loudness import MONO_OFFSET_LU

logger = logging.getLogger(__name__)

MP3_RATE = 44100
LIMIT_DBFS = -1.5  # sample-peak ceiling of the limiter; leaves room for MP3 and inter-sample peaks
LAME_QUALITY = (
    7  # libmp3lame -q (0 best..9 fastest): 7 is clean for speech at 96 kbps and 40% faster than 5
)
MAX_GAIN_DB = 30.0
GAIN_TOLERANCE_LU = 0.4
MAX_ENCODES = 4  # a mix the limiter fights is encoded again with a corrected gain, this often
EXPECTED_LIMITER_LOSS_LU = 0.6  # what the limiter typically takes from Piper speech (measured)
MP3_LOSS_LU = 0.5  # libmp3lame at speech bitrates measures about 0.5 LU below its input


def _chain(gain_db: float) -> str:
    limit = 10 ** (LIMIT_DBFS / 20)
    return f"volume={gain_db:.2f}dB,alimiter=limit={limit:.4f}:attack=5:release=60:level=false"


def measured_target(target_lufs: float) -> float:
    """The loudness the mono signal must meter for a listener target (dual-mono rule)."""
    return target_lufs - MONO_OFFSET_LU


def master_to_mp3(
    wav_path: Path,
    mp3_path: Path,
    target_lufs: float = -16.0,
    bitrate_kbps: int = 96,
    channels: int = 1,
    mix_lufs: float | None = None,
    early: EarlyEncode | None = None,
) -> Loudness:
    """Encode the mix to a CBR 44.1 kHz MP3 at the target loudness; returns what was reached.

    `mix_lufs` is the mix's loudness when the mixer already metered it; otherwise it is
    measured here. `early` is an encode started while the mix was written; it is kept when
    its guess of the loudness was right. The encode meters its own limited signal; while the
    limiter takes more than expected, the file is encoded again with a corrected gain (at most
    MAX_ENCODES encodes in all).
    """
    target = measured_target(target_lufs)
    raw = mix_lufs if mix_lufs is not None else measure_loudness(wav_path).integrated
    if not _audible(raw):  # an early encode is stopped by its owner's `with`
        raise AudioError(
            "the mix is silent; nothing to master. Probable cause: the engine produced no audio"
        )
    aim = target + MP3_LOSS_LU  # what the limited signal must measure before the encoder
    reached = early.result(raw) if early is not None else None
    if reached is not None:
        gain = early.gain
    else:
        gain = _gain(aim, raw)
        reached = _encode(wav_path, mp3_path, gain, bitrate_kbps, channels)
    tries = [(gain, reached)]
    while abs(aim - reached) > GAIN_TOLERANCE_LU and len(tries) < MAX_ENCODES:
        logger.debug("limiter took %.2f LU more than expected; encoding again", aim - reached)
        gain = _next_gain(tries, aim)
        reached = _encode(wav_path, mp3_path, gain, bitrate_kbps, channels)
        tries.append((gain, reached))
    logger.info(
        "Mastering: %.1f LUFS as heard (gain %+.1f dB; the mono mix %.1f -> %.1f LUFS)",
        reached - MP3_LOSS_LU + MONO_OFFSET_LU,
        gain,
        raw,
        reached - MP3_LOSS_LU,
    )
    return Loudness(integrated=reached - MP3_LOSS_LU)


def _next_gain(tries: list[tuple[float, float]], aim: float) -> float:
    """The gain for the next encode, from the (gain, reached) pairs so far.

    The limiter takes more the harder it is driven, so a dB of gain adds less than a LU; after
    the first miss, the slope of the last two tries says how much (the secant method), which
    brings a heavily limited mix (a -14 LUFS target) in within one or two more encodes.
    """
    gain, reached = tries[-1]
    slope = 1.0
    if len(tries) > 1:
        (g0, r0), (g1, r1) = tries[-2], tries[-1]
        if g1 != g0:
            slope = min(1.0, max(0.2, (r1 - r0) / (g1 - g0)))
    return min(MAX_GAIN_DB, gain + (aim - reached) / slope)


def _audible(lufs: float) -> bool:
    return math.isfinite(lufs) and lufs >= -70


def _gain(aim: float, raw: float) -> float:
    """The gain that brings a mix measuring `raw` to `aim` after the limiter."""
    return min(MAX_GAIN_DB, aim - raw + EXPECTED_LIMITER_LOSS_LU)


def _encode(wav_path: Path, mp3_path: Path, gain: float, bitrate_kbps: int, channels: int) -> float:
    """One ffmpeg run: gain + limiter, metered and encoded at once; returns the metered LUFS."""
    out = run_ffmpeg(
        ["-y", "-i", str(wav_path), *_encode_args(mp3_path, gain, bitrate_kbps, channels)]
    )
    return metered_loudness(out)


def _encode_args(mp3_path: Path, gain: float, bitrate_kbps: int, channels: int) -> list[str]:
    """ffmpeg arguments after the input: limit, meter and encode the one audio stream."""
    upmix = "pan=stereo|c0=c0|c1=c0," if channels == 2 else ""  # both at full level, no -3 dB
    graph = (
        f"[0:a]{_chain(gain)},asplit=2[enc][met];"
        f"[met]ebur128=framelog=quiet[metered];"
        f"[enc]{upmix}aresample={MP3_RATE}[out]"
    )
    return [
        "-filter_complex", graph,
        "-map", "[out]", "-ac", str(channels), "-ar", str(MP3_RATE),
        "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-compression_level", str(LAME_QUALITY),
        "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", str(mp3_path),
        "-map", "[metered]", "-f", "null", "-",
    ]  # fmt: skip


class EarlyEncode:
    """Encode the mix while it is still being written, on CPU time the voice leaves idle.

    The LAME encode is most of mastering's cost (about 1.2 s for a 12-minute episode). Started
    once a third of the cues are mixed, with the gain guessed from the loudness so far, it
    runs beside synthesis at idle priority (SCHED_IDLE: it gets a core only when the voice
    leaves one free), fed from the WAV on disk so memory stays flat. Until two thirds of the
    cues, a loudness that moves off the guess restarts it. When the mix is done, the encode
    is kept if the whole mix measures within EARLY_MISS_LU of the guess and the encoder
    finishes in time; a wrong guess, a failure, or an encoder starved by a busy machine
    (checked within PROBE_S) means the mix is encoded as usual. Where idle priority is not
    available (not Linux) the encode simply runs at the end.
    """

    START_SHARE = 1 / 3  # of the cues mixed before the loudness guess is trusted
    START_AUDIO_S = 60.0  # and at least this much audio
    EARLY_MISS_LU = 0.25  # the largest miss of the guess that is kept
    RESTART_DRIFT_LU = 0.12  # start again with a new guess when the loudness moves this much
    RESTART_UNTIL_SHARE = 2 / 3  # of the cues; later, a restart would not finish in idle time
    RECHECK_AUDIO_S = 30.0  # how often the guess is checked, in audio mixed
    PIPE_BYTES = 1 << 20
    FINISH_GRACE_S = 0.5  # the wait for the encoder to finish: this, plus
    SLOWEST_ENCODE_X = 150.0  # what is left at this many times real time (it does 500-600)
    PROBE_S = 0.25  # a starved encoder (busy machine) is given up after this long

    def __init__(
        self,
        mp3_path: Path,
        target_lufs: float = -16.0,
        bitrate_kbps: int = 96,
        channels: int = 1,
        cues_total: int = 0,
    ) -> None:
        self.mp3_path = mp3_path
        self._log = mp3_path.with_name(f"{mp3_path.name}.log")  # the encoder's stderr
        self.aim = measured_target(target_lufs) + MP3_LOSS_LU
        self.bitrate_kbps = bitrate_kbps
        self.channels = channels
        self.cues_total = cues_total
        self.guess = float("nan")  # the mix loudness the gain was set for
        self.gain = 0.0
        self.starts = 0
        self._proc: subprocess.Popen | None = None
        self._source: int | None = None  # the growing WAV, read where the encoder is
        self._sent = 0
        self._rate = 0
        self._idle_threads: set[str] = set()
        self._tried = False  # started once, or could not start: never again
        self._checked_at = 0  # samples mixed when the guess was last checked

    @property
    def pid(self) -> int | None:
        """The running encoder's process id."""
        return self._proc.pid if self._proc is not None else None

    @staticmethod
    def available() -> bool:
        """Idle priority for the encoder's threads: Linux."""
        return hasattr(os, "SCHED_IDLE") and Path("/proc/self/task").is_dir()

    def written(self, mix) -> None:
        """Called by the mixer after each cue with its writer (see mix._WavWriter)."""
        if self._proc is None and not self._tried and self._ready(mix):
            self._start(mix)
        elif self._proc is not None and self._drifted(mix):
            self.abort()
            self._start(mix)
        if self._source is not None:
            self._make_idle()
            self._feed(mix.data_start + mix.data_bytes)

    def _ready(self, mix) -> bool:
        if mix.cues_written < self.cues_total * self.START_SHARE or not self.available():
            return False
        return mix.samples_written >= self.START_AUDIO_S * mix.rate

    def _drifted(self, mix) -> bool:
        """Whether the loudness so far has moved off the guess while a restart is cheap."""
        if mix.cues_written > self.cues_total * self.RESTART_UNTIL_SHARE:
            return False
        if mix.samples_written < self._checked_at + self.RECHECK_AUDIO_S * mix.rate:
            return False
        self._checked_at = mix.samples_written
        return abs(mix.meter.integrated() - self.guess) > self.RESTART_DRIFT_LU

    def _start(self, mix) -> None:
        self._checked_at = mix.samples_written
        self._idle_threads = set()
        guess = mix.meter.integrated()
        if not _audible(guess):
            return
        self._tried = True
        self.guess, self.gain = guess, _gain(self.aim, guess)
        source = ["-f", "s16le", "-ar", str(mix.rate), "-ac", "1", "-i", "pipe:0"]
        args = [*source, *_encode_args(self.mp3_path, self.gain, self.bitrate_kbps, self.channels)]
        try:
            with open(self._log, "wb") as log:
                self._proc = subprocess.Popen(
                    ffmpeg_command("-y", *args),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            self._make_idle()
            self._source = os.open(mix.path, os.O_RDONLY)
        except (OSError, AudioError) as exc:
            logger.debug("early encode not started: %s", exc)
            self.abort()
            return
        os.set_blocking(self._proc.stdin.fileno(), False)  # the mixer never waits for it
        with contextlib.suppress(OSError, ImportError, AttributeError):
            import fcntl  # a bigger pipe holds a whole cue (Linux)

            fcntl.fcntl(self._proc.stdin.fileno(), fcntl.F_SETPIPE_SZ, self.PIPE_BYTES)
        self._sent, self._rate = mix.data_start, mix.rate
        self.starts += 1
        logger.debug("early encode started at %.2f LUFS (gain %+.2f dB)", guess, self.gain)

    def _make_idle(self) -> None:
        """SCHED_IDLE for each of the encoder's threads (new ones inherit it; this catches
        any started before)."""
        try:
            threads = set(os.listdir(f"/proc/{self._proc.pid}/task")) - self._idle_threads
            for tid in threads:
                os.sched_setscheduler(int(tid), os.SCHED_IDLE, os.sched_param(0))
                self._idle_threads.add(tid)
        except OSError:
            pass  # it has exited, or a thread ended: nothing to slow down

    def _feed(self, upto: int) -> None:
        """Pass the encoder what the mixer has written since, as much as the pipe takes."""
        pipe = self._proc.stdin.fileno()
        while self._sent < upto:
            data = os.pread(self._source, min(upto - self._sent, self.PIPE_BYTES), self._sent)
            if not data:
                return
            try:
                self._sent += os.write(pipe, data)
            except BlockingIOError:
                return
            except BrokenPipeError:  # the encoder died; result() will find out
                self._close_source()
                return

    def result(self, mix_lufs: float) -> float | None:
        """The encode's metered loudness, or None when the mix must be encoded from the WAV:
        the guess missed, the encoder failed, or it cannot finish in time (its idle priority
        gets no CPU while other programs keep the cores busy)."""
        if self._proc is None:
            return None
        if not abs(mix_lufs - self.guess) <= self.EARLY_MISS_LU:
            logger.debug("early encode guessed %.2f LUFS, mix is %.2f", self.guess, mix_lufs)
            self.abort()
            return None
        allowed = self._time_allowed()
        if not self._finish(time.monotonic() + allowed):
            logger.debug(
                "early encode too slow (busy CPU) to finish in %.1f s: encoding again", allowed
            )
            self.abort()
            return None
        returncode, self._proc = self._proc.returncode, None
        log = self._log.read_text(errors="replace")
        if returncode != 0 or not has_loudness(log):
            logger.debug("early encode failed: %s", (log.strip().splitlines() or [""])[-1])
            return None
        return metered_loudness(log)

    def _time_allowed(self) -> float:
        """Seconds to wait for the encoder to finish, at a fraction of its full speed."""
        total = os.fstat(self._source).st_size if self._source is not None else self._sent
        unencoded_s = (total - self._sent + self.PIPE_BYTES) / (2 * self._rate)
        return self.FINISH_GRACE_S + unencoded_s / self.SLOWEST_ENCODE_X

    def _finish(self, deadline: float) -> bool:
        """Feed the rest of the WAV and wait for the encoder; False if the deadline passes,
        or as soon as it is clearly starved (slower than SLOWEST_ENCODE_X after PROBE_S)."""
        if self._source is not None:
            total = os.fstat(self._source).st_size
            pipe = self._proc.stdin.fileno()
            started, first = time.monotonic(), self._sent
            slowest = self.SLOWEST_ENCODE_X * 2 * self._rate  # bytes a second
            while self._source is not None and self._sent < total:
                self._feed(total)
                now = time.monotonic()
                if now - started >= self.PROBE_S and self._sent - first < (now - started) * slowest:
                    return False
                if self._source is not None and self._sent < total:
                    if now >= deadline:
                        return False
                    select.select([], [pipe], [], min(deadline - now, self.PROBE_S))
            self._close_source()
        with contextlib.suppress(BrokenPipeError):
            self._proc.stdin.close()
        with contextlib.suppress(AttributeError, OSError):  # Popen.wait polls every 50 ms
            exited = os.pidfd_open(self._proc.pid)
            try:
                select.select([exited], [], [], max(0.0, deadline - time.monotonic()))
            finally:
                os.close(exited)
        try:
            self._proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return False
        return True

    def abort(self) -> None:
        """Stop the encoder, if running (on any error, or a wrong guess)."""
        self._close_source()
        if self._proc is not None:
            self._proc.kill()
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
            self._proc.wait()
            self._proc = None

    def _close_source(self) -> None:
        if self._source is not None:
            os.close(self._source)
            self._source = None

    def __enter__(self) -> EarlyEncode:
        return self

    def __exit__(self, *exc_info) -> None:
        self.abort()
