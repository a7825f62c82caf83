"""Clips + music -> Timeline: the one place where time and level are decided.

The episode is written to a WAV file cue by cue, so memory stays flat however long the
article is. Chapters and transcript cues are both taken from the same sample counter.

Every spoken clip is levelled by its loudness before it is laid down (`level_clips`): its
gated BS.1770 loudness is brought to `SPEECH_LUFS`, so one sentence is as loud as the next
whatever the engine made of it (Piper scales each sentence to full peak, which left
neighbouring sentences up to 4 LU apart). The clips in the cache stay as the engine made them.
Speech sits low in the 16-bit mix so that a clip with a high peak for its loudness still fits;
music is laid in at the same distance below the speech as before levelling, and mastering
brings the whole mix up to the target.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import wave
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .loudness import LoudnessMeter, clip_loudness
from .models import Chapter, Clip, Cue, Script, TimedCue, Timeline

logger = logging.getLogger(__name__)

SPEECH_OVER_INTRO_MS = 2000  # the voice starts this long before the jingle ends
INTRO_DUCK_GAIN = 0.3  # music level under the first words (about -10 dB)
CHAPTER_LEAD_MS = 300  # a chapter mark sits this far before its heading is spoken
SPEECH_LUFS = -26.0  # every spoken clip's gated loudness in the mix (mastering raises the mix)
SPEECH_PEAK_DBFS = -1.0  # a clip gets no more gain than keeps its peak below this
MUSIC_SET_AGAINST_LUFS = -20.5  # the speech level the music was balanced against (Piper's
# sentences, each scaled to full peak, averaged this); music keeps that distance to the speech
MUSIC_GAIN = 10 ** ((SPEECH_LUFS - MUSIC_SET_AGAINST_LUFS) / 20)
STING_AFTER_MS = 400  # a chapter sting starts this long after the last words of a chapter
STING_OVERLAP_MS = 250  # and the next heading may start this long before the sting has ended
TAIL_MS = 800  # silence after the last word
OUTRO_DUCK_GAIN = 0.3  # outro level under the last words; it rises to full after TAIL_MS
OUTRO_RISE_MS = 600  # from the duck level to full level once the voice has finished
OUTRO_FADE_OUT_MS = 1500  # the outro always ends with a fade, however it was cut

IntroLoader = Callable[[int], "np.ndarray | None"]
StingLoader = Callable[[int], np.ndarray]


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
        """Music to be mixed under the audio written next (added to any still pending)."""
        music = music.astype(np.float32, copy=True)
        pending = self._overlay[: len(music)]
        music[: len(pending)] += pending
        if len(self._overlay) > len(music):
            music = np.concatenate([music, self._overlay[len(music) :]])
        self._overlay = music

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
    writer.overlay(outro * envelope)  # added to an intro still fading under a one-cue script


def _pause(
    writer: _WavWriter, pause_ms: int, following: Cue | None, sting_loader: StingLoader | None
) -> int | None:
    """Write the pause after a cue; before a chapter after the first, with the sting in it when
    there is one. Returns where the sting starts (ms), None without one.

    The sting starts a little after the last words and may ring on under the first words of
    the heading; a pause too short for it is lengthened."""
    if sting_loader is None or not _opens_chapter(following):
        writer.silence(pause_ms)
        return None
    sting = MUSIC_GAIN * sting_loader(writer.rate)
    sting_ms = round(1000 * len(sting) / writer.rate)
    lead_ms = min(STING_AFTER_MS, pause_ms)
    writer.silence(lead_ms)
    starts_ms = writer.position_ms
    writer.overlay(sting)
    writer.silence(max(pause_ms - lead_ms, sting_ms - STING_OVERLAP_MS))
    return starts_ms


def level_clips(clips: Iterable[tuple[Cue, Clip]]) -> Iterator[tuple[Cue, Clip]]:
    """Each cue with its clip levelled to `SPEECH_LUFS` (see `level_speech`)."""
    for cue, clip in clips:
        yield cue, dataclasses.replace(clip, samples=level_speech(clip.samples, clip.rate))


def level_speech(samples: np.ndarray, rate: int) -> np.ndarray:
    """Speech brought to `SPEECH_LUFS` by its gated loudness, with no more gain than keeps its
    peak below `SPEECH_PEAK_DBFS`; a clip too short or too quiet to meter is left as it is."""
    loudness = clip_loudness(samples, rate)
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    if not math.isfinite(loudness) or loudness < -70 or peak <= 0:
        return samples
    gain_db = min(SPEECH_LUFS - loudness, SPEECH_PEAK_DBFS - 20 * math.log10(peak))
    return (samples * np.float32(10 ** (gain_db / 20))).astype(np.float32, copy=False)


def _with_next(items: Iterable[tuple[Cue, Clip]]) -> Iterator[tuple[Cue, Clip, Cue | None]]:
    """Yield each item with the cue that follows it (None for the last; one item of look-ahead)."""
    iterator = iter(items)
    previous = next(iterator, None)
    if previous is None:
        return
    for item in iterator:
        yield previous[0], previous[1], item[0]
        previous = item
    yield previous[0], previous[1], None


def _opens_chapter(cue: Cue | None) -> bool:
    """Whether a cue is the heading of a chapter after the first."""
    return cue is not None and cue.kind == "heading" and cue.section_index > 0


def mix_timeline(
    script: Script,
    clips: Iterable[tuple[Cue, Clip]],
    wav_path: Path,
    intro_loader: IntroLoader,
    outro_loader: IntroLoader | None = None,
    on_cue: MixListener | None = None,
    sting_loader: StingLoader | None = None,
) -> Timeline:
    """Lay the clips end to end with their pauses between intro and outro; return the Timeline.

    Music (intro, outro, and a sting before each chapter after the first when `sting_loader`
    is given) is laid at `MUSIC_GAIN`. `on_cue` is told after each cue what is on disk so far
    (the early encode reads the growing WAV).
    """
    writer: _WavWriter | None = None
    chapter_starts_ms: dict[int, int] = {}
    timed: list[TimedCue] = []
    try:
        for cue, clip, following in _with_next(clips):
            if writer is None:
                writer = _WavWriter(wav_path, clip.rate)
                intro = intro_loader(clip.rate)
                if intro is not None and len(intro):
                    _start_intro(writer, MUSIC_GAIN * intro)
            start_ms = writer.position_ms
            samples = _resample(clip.samples, clip.rate, writer.rate)
            outro = outro_loader(writer.rate) if following is None and outro_loader else None
            if outro is not None and len(outro):
                tail_ms = cue.pause_after_ms + TAIL_MS
                under = len(samples) + round(writer.rate * tail_ms / 1000)
                _start_outro(writer, MUSIC_GAIN * outro, under)
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
                chapter_starts_ms.setdefault(
                    cue.section_index, max(0, timed[-1].speech_start_ms - CHAPTER_LEAD_MS)
                )
            sting_ms = _pause(writer, cue.pause_after_ms, following, sting_loader)
            if sting_ms is not None and following is not None:
                chapter_starts_ms[following.section_index] = sting_ms  # the chapter opens on it
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
    chapters = _chapters(script.chapter_titles, chapter_starts_ms, duration_ms)
    loudness = writer.meter.integrated()
    return Timeline(wav_path, writer.rate, duration_ms, chapters, timed, loudness)


def _chapters(titles: list[str], starts_ms: dict[int, int], duration_ms: int) -> list[Chapter]:
    """Contiguous chapters: the first at 0, each ending where the next begins."""
    starts = [0] + [starts_ms[i] for i in range(1, len(titles)) if i in starts_ms]
    kept_titles = [titles[0]] + [titles[i] for i in range(1, len(titles)) if i in starts_ms]
    ends = starts[1:] + [duration_ms]
    return [Chapter(t, s, e) for t, s, e in zip(kept_titles, starts, ends, strict=True)]
