"""Encode the MP3 while the voice still speaks, on CPU time the voice leaves idle.

The LAME encode is most of mastering's cost (about 1.2 s for a 12-minute episode). Started
once a third of the cues are mixed, with the gain guessed from the loudness so far, it runs
beside synthesis at idle priority (SCHED_IDLE: it gets a core only when the voice leaves one
free), fed from the WAV on disk so memory stays flat. Until two thirds of the cues, a loudness
that moves off the guess restarts it. When the mix is done, the encode is kept if the whole mix
measures within `miss_lu` of the guess and the encoder finishes in time; a wrong guess, a
failure, or an encoder starved by a busy machine (seen within `probe_s`) means the mix is
encoded as usual by `master`. Where idle priority is not available (not Linux) nothing starts.

The mixer knows it only as a `mix.MixListener` (`mixed`), mastering only as the `master.Encoded`
that `finish` returns. Its clock and its idle priority can be given, so tests decide how long
it waits and whether its speed depends on the machine's load.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import AudioError
from .ffmpeg import ffmpeg_command, has_loudness, metered_loudness
from .master import Encoded, aim_lufs, audible, encode_args, gain_for
from .mix import MixSoFar

logger = logging.getLogger(__name__)

PIPE_BYTES = 1 << 20  # a pipe this big holds a whole cue (Linux)


@dataclass(frozen=True)
class EarlyPolicy:
    """When the early encode starts, restarts, is kept, and how long the build waits for it."""

    start_share: float = 1 / 3  # of the cues mixed before the loudness guess is trusted
    start_audio_s: float = 60.0  # and at least this much audio
    miss_lu: float = 0.25  # the largest miss of the guess that is kept
    restart_drift_lu: float = 0.12  # start again with a new guess when the loudness moves this much
    restart_until_share: float = (
        2 / 3
    )  # of the cues; later, a restart would not finish in idle time
    recheck_audio_s: float = 30.0  # how often the guess is checked, in audio mixed
    finish_grace_s: float = 0.5  # the wait for the encoder to finish: this, plus
    slowest_encode_x: float = 150.0  # what is left at this many times real time (it does 500-600)
    probe_s: float = 0.25  # a starved encoder (busy machine) is given up after this long


DEFAULT_POLICY = EarlyPolicy()


@dataclass
class EarlyReport:
    """What became of the early encode."""

    guesses: list[float] = field(default_factory=list)  # the mix loudness each start guessed
    outcome: str = "not started"  # kept | missed | starved | late | failed | not started
    waited_s: float = 0.0  # how long `finish` waited for the encoder, on its clock
    allowed_s: float = 0.0  # the longest it would have waited

    @property
    def starts(self) -> int:
        """How many times an encoder was started (a restart counts)."""
        return len(self.guesses)


class EarlyEncode:
    """An MP3 encoded from the growing mix beside synthesis (see the module's notes)."""

    def __init__(
        self,
        mp3_path: Path,
        target_lufs: float = -16.0,
        bitrate_kbps: int = 96,
        channels: int = 1,
        cues_total: int = 0,
        *,
        policy: EarlyPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        idle: bool = True,
    ) -> None:
        self.mp3_path = mp3_path
        self.report = EarlyReport()
        self._log = mp3_path.with_name(f"{mp3_path.name}.log")  # the encoder's stderr
        self._aim = aim_lufs(target_lufs)
        self._bitrate_kbps = bitrate_kbps
        self._channels = channels
        self._cues_total = cues_total
        self._policy = policy or DEFAULT_POLICY
        self._clock = clock
        self._idle = idle  # run the encoder at idle priority
        self._guess = float("nan")  # the mix loudness the gain was set for
        self._gain = 0.0
        self._proc: subprocess.Popen[bytes] | None = None
        self._stdin: IO[bytes] | None = None
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

    def mixed(self, mix: MixSoFar) -> None:
        """Take the mix after a cue (a mix.MixListener): start, restart or feed the encoder."""
        if self._proc is None and not self._tried and self._ready(mix):
            self._start(mix)
        elif self._proc is not None and self._drifted(mix):
            self.abort()
            self._start(mix)
        if self._source is not None:
            self._make_idle()
            self._feed(mix.data_end)

    def finish(self, mix_lufs: float) -> Encoded | None:
        """The MP3 made beside the voice, or None when the mix must be encoded from the WAV:
        the guess missed, the encoder failed, or it cannot finish in time (its idle priority
        gets no CPU while other programs keep the cores busy)."""
        if self._proc is None:
            return None
        if not abs(mix_lufs - self._guess) <= self._policy.miss_lu:
            logger.debug("early encode guessed %.2f LUFS, mix is %.2f", self._guess, mix_lufs)
            return self._give_up("missed")
        allowed = self._time_allowed()
        started = self._clock()
        stopped = self._finish(started + allowed)
        self.report.waited_s, self.report.allowed_s = self._clock() - started, allowed
        if stopped is not None:
            logger.debug(
                "early encode %s (busy CPU) after %.1f s: encoding again", stopped, allowed
            )
            return self._give_up(stopped)
        returncode = self._proc.returncode
        self._proc = None
        log = self._log.read_text(errors="replace")
        if returncode != 0 or not has_loudness(log):
            logger.debug("early encode failed: %s", (log.strip().splitlines() or [""])[-1])
            return self._give_up("failed")
        self.report.outcome = "kept"
        return Encoded(self._gain, metered_loudness(log))

    def abort(self) -> None:
        """Stop the encoder, if running (on any error, or a wrong guess)."""
        self._close_source()
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            self._close_stdin()
            proc.wait()

    def __enter__(self) -> EarlyEncode:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.abort()

    # --- starting ---------------------------------------------------------------------------

    def _ready(self, mix: MixSoFar) -> bool:
        if mix.cues < self._cues_total * self._policy.start_share or not self.available():
            return False
        return mix.samples >= self._policy.start_audio_s * mix.rate

    def _drifted(self, mix: MixSoFar) -> bool:
        """Whether the loudness so far has moved off the guess while a restart is cheap."""
        if mix.cues > self._cues_total * self._policy.restart_until_share:
            return False
        if mix.samples < self._checked_at + self._policy.recheck_audio_s * mix.rate:
            return False
        self._checked_at = mix.samples
        return abs(mix.loudness() - self._guess) > self._policy.restart_drift_lu

    def _start(self, mix: MixSoFar) -> None:
        self._checked_at = mix.samples
        self._idle_threads = set()
        guess = mix.loudness()
        if not audible(guess):
            return
        self._tried = True
        self._guess, self._gain = guess, gain_for(self._aim, guess)
        source = ["-f", "s16le", "-ar", str(mix.rate), "-ac", "1", "-i", "pipe:0"]
        encode = encode_args(self.mp3_path, self._gain, self._bitrate_kbps, self._channels)
        try:
            with open(self._log, "wb") as log:
                self._proc = subprocess.Popen(
                    ffmpeg_command("-y", *source, *encode),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            self._stdin = self._proc.stdin
            self._make_idle()
            self._source = os.open(mix.path, os.O_RDONLY)
        except (OSError, AudioError) as exc:
            logger.debug("early encode not started: %s", exc)
            self.abort()
            return
        pipe = self._pipe()
        os.set_blocking(pipe, False)  # the mixer never waits for it
        with contextlib.suppress(OSError, ImportError, AttributeError):
            import fcntl

            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        self._sent, self._rate = mix.data_start, mix.rate
        self.report.guesses.append(guess)
        logger.debug("early encode started at %.2f LUFS (gain %+.2f dB)", guess, self._gain)

    def _make_idle(self) -> None:
        """SCHED_IDLE for each of the encoder's threads (new ones inherit it; this catches
        any started before)."""
        if not self._idle or self._proc is None:
            return
        try:
            threads = set(os.listdir(f"/proc/{self._proc.pid}/task")) - self._idle_threads
            for tid in threads:
                os.sched_setscheduler(int(tid), os.SCHED_IDLE, os.sched_param(0))
                self._idle_threads.add(tid)
        except OSError:
            pass  # it has exited, or a thread ended: nothing to slow down

    # --- feeding and finishing --------------------------------------------------------------

    def _pipe(self) -> int:
        if self._stdin is None:
            raise AudioError("the early encoder has no input pipe")
        return self._stdin.fileno()

    def _feed(self, upto: int) -> None:
        """Pass the encoder what the mixer has written since, as much as the pipe takes."""
        pipe = self._pipe()
        while self._source is not None and self._sent < upto:
            data = os.pread(self._source, min(upto - self._sent, PIPE_BYTES), self._sent)
            if not data:
                return
            try:
                self._sent += os.write(pipe, data)
            except BlockingIOError:
                return
            except BrokenPipeError:  # the encoder died; finish() will find out
                self._close_source()
                return

    def _time_allowed(self) -> float:
        """Seconds to wait for the encoder to finish, at a fraction of its full speed."""
        total = os.fstat(self._source).st_size if self._source is not None else self._sent
        unencoded_s = (total - self._sent + PIPE_BYTES) / (2 * self._rate)
        return self._policy.finish_grace_s + unencoded_s / self._policy.slowest_encode_x

    def _finish(self, deadline: float) -> str | None:
        """Feed the rest of the WAV and wait for the encoder to exit; None when it did, else
        why not: "starved" as soon as it is clearly slower than `slowest_encode_x` (after
        `probe_s`), "late" when the deadline passes. Every wait is measured on the clock."""
        if self._source is not None:
            total = os.fstat(self._source).st_size
            started, first = self._clock(), self._sent
            slowest = self._policy.slowest_encode_x * 2 * self._rate  # bytes a second
            while self._source is not None and self._sent < total:
                self._feed(total)
                now = self._clock()
                elapsed = now - started
                if elapsed >= self._policy.probe_s and self._sent - first < elapsed * slowest:
                    return "starved"
                if self._source is not None and self._sent < total:
                    if now >= deadline:
                        return "late"
                    wait = min(deadline - now, self._policy.probe_s)
                    select.select([], [self._pipe()], [], wait)
            self._close_source()
        self._close_stdin()
        proc = self._proc
        while proc is not None and proc.poll() is None:
            now = self._clock()
            if now >= deadline:
                return "late"
            _wait_for_exit(proc, min(deadline - now, self._policy.probe_s))
        return None

    def _give_up(self, outcome: str) -> Encoded | None:
        self.report.outcome = outcome
        self.abort()
        return None

    def _close_source(self) -> None:
        if self._source is not None:
            os.close(self._source)
            self._source = None

    def _close_stdin(self) -> None:
        stdin, self._stdin = self._stdin, None
        if stdin is not None:
            with contextlib.suppress(BrokenPipeError, OSError):
                stdin.close()


def _wait_for_exit(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait up to `timeout` seconds for a process to exit, woken at once when it does (a
    pidfd; Popen.wait(timeout) polls up to every 50 ms)."""
    try:
        exited = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout)
        return
    try:
        select.select([exited], [], [], timeout)
    finally:
        os.close(exited)
