"""Clips + music -> Timeline: the one place where time is decided.

The episode is written to a WAV file cue by cue, so memory stays flat however long the
article is. Chapters and transcript cues are both taken from the same sample counter.
"""

from __future__ import annotations

import logging
import wave
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .loudness import LoudnessMeter
from .models import Chapter, Clip, Cue, Script, TimedCue, Timeline

logger = logging.getLogger(__name__)

SPEECH_OVER_INTRO_MS = 2000  # the voice starts this long before the jingle ends
INTRO_DUCK_GAIN = 0.3  # music level under the first words (about -10 dB)
CHAPTER_LEAD_MS = 300  # a chapter mark sits this far before its heading is spoken
TAIL_MS = 800  # silence after the last word
OUTRO_DUCK_GAIN = 0.3  # outro level under the last words; it rises to full after TAIL_MS
OUTRO_RISE_MS = 600  # from the duck level to full level once the voice has finished
OUTRO_FADE_OUT_MS = 1500  # the outro always ends with a fade, however it was cut

IntroLoader = Callable[[int], "np.ndarray | None"]


@dataclass(frozen=True)
class MixSoFar:
    """The mix as it stands after a cue, for a reader of the growing WAV file on disk."""

    path: Path
    rate: int
    data_start: int  # byte offset of the first sample (16-bit mono)
    samples: int  # samples on disk so far
    cues: int  # cues mixed so far
    loudness: Callable[[], float]  # the integrated loudness so far, metered when asked

    @property
    def data_end(self) -> int:
        """Byte offset of the end of the samples on disk."""
        return self.data_start + 2 * self.samples


MixListener = Callable[[MixSoFar], None]


class _WavWriter:
    """Appends mono float audio to a 16-bit WAV, adding any pending music under it."""

    def __init__(self, path: Path, rate: int) -> None:
        self.path = path
        self.rate = rate
        self.samples_written = 0
        self.cues_written = 0
        self._overlay = np.zeros(0, dtype=np.float32)
        self.meter = LoudnessMeter(rate)
        self._file = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._wav = wave.open(self._file, "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)
        self._wav.writeframes(b"")  # the header, so the samples' offset is known
        self.data_start = self._file.tell()

    def so_far(self) -> MixSoFar:
        """Put everything written so far on disk and say what is there."""
        self._file.flush()
        return MixSoFar(
            self.path,
            self.rate,
            self.data_start,
            self.samples_written,
            self.cues_written,
            self.meter.integrated,
        )

    @property
    def position_ms(self) -> int:
        """Current end of the audio in milliseconds."""
        return round(1000 * self.samples_written / self.rate)

    def overlay(self, music: np.ndarray) -> None:
        """Music to be mixed under the audio written next."""
        self._overlay = music.astype(np.float32, copy=False)

    def write(self, samples: np.ndarray) -> None:
        """Append samples, mixing in the pending overlay."""
        if len(self._overlay):
            n = min(len(samples), len(self._overlay))
            samples = samples.astype(np.float32, copy=True)
            samples[:n] += self._overlay[:n]
            self._overlay = self._overlay[n:]
        pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
        self.meter.add(pcm / 32767.0)
        self._wav.writeframes(pcm.tobytes())
        self.samples_written += len(pcm)

    def silence(self, ms: int) -> None:
        """Append `ms` milliseconds of silence (music still plays under it)."""
        self.write(np.zeros(round(self.rate * ms / 1000), dtype=np.float32))

    def close(self) -> None:
        """Flush any music left over, then close the file."""
        try:
            if len(self._overlay):
                self.write(np.zeros(len(self._overlay), dtype=np.float32))
            self._wav.close()
        finally:
            self._file.close()


def _resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target:
        return samples
    positions = np.arange(round(len(samples) * target / rate)) * (rate / target)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def _start_intro(writer: _WavWriter, intro: np.ndarray) -> None:
    """Write the jingle up to where speech begins; the rest fades under the voice."""
    over = min(round(writer.rate * SPEECH_OVER_INTRO_MS / 1000), len(intro) // 2)
    head, tail = intro[: len(intro) - over], intro[len(intro) - over :]
    writer.write(head)
    fade = np.linspace(INTRO_DUCK_GAIN, 0.0, len(tail), dtype=np.float32)
    duck_in = np.linspace(1.0, INTRO_DUCK_GAIN, min(len(tail), writer.rate // 5), dtype=np.float32)
    fade[: len(duck_in)] = np.maximum(fade[: len(duck_in)], duck_in)
    writer.overlay(tail * fade)


def _start_outro(writer: _WavWriter, outro: np.ndarray, under_samples: int) -> None:
    """Fade the outro in under the last words and their tail, then up to full level."""
    outro = outro.astype(np.float32, copy=True)
    under = min(under_samples, len(outro))
    envelope = np.ones(len(outro), dtype=np.float32)
    envelope[:under] = np.linspace(0.0, OUTRO_DUCK_GAIN, under, dtype=np.float32)
    rise = min(len(outro) - under, round(writer.rate * OUTRO_RISE_MS / 1000))
    envelope[under : under + rise] = np.linspace(OUTRO_DUCK_GAIN, 1.0, rise, dtype=np.float32)
    fade = min(len(outro) - under - rise, round(writer.rate * OUTRO_FADE_OUT_MS / 1000))
    if fade > 0:
        envelope[len(outro) - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    music = outro * envelope
    pending = writer._overlay  # an intro still fading out under a one-cue script
    music[: min(len(pending), len(music))] += pending[: len(music)]
    writer.overlay(music)


def _with_last(items: Iterable[tuple[Cue, Clip]]) -> Iterator[tuple[Cue, Clip, bool]]:
    """Yield each item with whether it is the last one (one item of look-ahead)."""
    iterator = iter(items)
    previous = next(iterator, None)
    if previous is None:
        return
    for item in iterator:
        yield previous[0], previous[1], False
        previous = item
    yield previous[0], previous[1], True


def mix_timeline(
    script: Script,
    clips: Iterable[tuple[Cue, Clip]],
    wav_path: Path,
    intro_loader: IntroLoader,
    outro_loader: IntroLoader | None = None,
    on_cue: MixListener | None = None,
) -> Timeline:
    """Lay the clips end to end with their pauses between intro and outro; return the Timeline.

    `on_cue` is told after each cue what is on disk so far (the early encode reads the
    growing WAV).
    """
    writer: _WavWriter | None = None
    heading_starts_ms: dict[int, int] = {}
    timed: list[TimedCue] = []
    try:
        for cue, clip, is_last in _with_last(clips):
            if writer is None:
                writer = _WavWriter(wav_path, clip.rate)
                intro = intro_loader(clip.rate)
                if intro is not None and len(intro):
                    _start_intro(writer, intro)
            start_ms = writer.position_ms
            samples = _resample(clip.samples, clip.rate, writer.rate)
            outro = outro_loader(writer.rate) if is_last and outro_loader else None
            if outro is not None and len(outro):
                tail_ms = cue.pause_after_ms + TAIL_MS
                _start_outro(writer, outro, len(samples) + round(writer.rate * tail_ms / 1000))
            writer.write(samples)
            timed.append(
                TimedCue(
                    cue.section_index,
                    cue.kind,
                    cue.text,
                    start_ms,
                    writer.position_ms,
                    cue.display,
                    cue.opens_paragraph,
                    clip.words_ms(start_ms),
                )
            )
            if cue.kind == "heading":
                heading_starts_ms.setdefault(cue.section_index, timed[-1].speech_start_ms)
            writer.silence(cue.pause_after_ms)
            writer.cues_written += 1
            if on_cue is not None:
                on_cue(writer.so_far())
        if writer is None:
            raise ValueError("the script has no cues")
        writer.silence(TAIL_MS)
    finally:
        if writer is not None:
            writer.close()
    duration_ms = writer.position_ms
    chapters = _chapters(script.chapter_titles, heading_starts_ms, duration_ms)
    loudness = writer.meter.integrated()
    return Timeline(wav_path, writer.rate, duration_ms, chapters, timed, loudness)


def _chapters(
    titles: list[str], heading_starts_ms: dict[int, int], duration_ms: int
) -> list[Chapter]:
    """Contiguous chapters: the first at 0, each ending where the next begins."""
    starts = [0] + [
        max(0, heading_starts_ms[i] - CHAPTER_LEAD_MS)
        for i in range(1, len(titles))
        if i in heading_starts_ms
    ]
    kept_titles = [titles[0]] + [titles[i] for i in range(1, len(titles)) if i in heading_starts_ms]
    ends = starts[1:] + [duration_ms]
    return [Chapter(t, s, e) for t, s, e in zip(kept_titles, starts, ends, strict=True)]
