"""Read a finished MP3 back with tools outside the project: mutagen and ffmpeg."""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from mutagen.mp3 import MP3, BitrateMode

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """Float mono samples (-1..1) as a 16-bit WAV, for the readers below."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def ffmpeg_chapters(path: Path) -> list[tuple[str, float, float]]:
    """Chapters as ffmpeg lists them (file order): (title, start_s, end_s)."""
    out = subprocess.run(
        [FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True, text=True
    ).stderr
    found = re.findall(
        r"Chapter #\d+:\d+: start (\d+\.\d+), end (\d+\.\d+)\s*\n\s*Metadata:\s*\n\s*title\s*: (.*)",
        out,
    )
    return [(title.strip(), float(start), float(end)) for start, end, title in found]


def ebur128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) measured by ffmpeg."""
    out = subprocess.run(
        [
            FFMPEG,
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-af",
            "ebur128=peak=true:framelog=quiet",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    ).stderr
    integrated = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", out)[-1])
    peak = float(re.findall(r"Peak:\s+(-?[\d.]+) dBFS", out)[-1])
    return integrated, peak


def decode_errors(path: Path) -> str:
    """What ffmpeg complains about when decoding the whole file (empty when clean)."""
    proc = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostats", "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
    )
    return proc.stderr.strip()


def stream_info(path: Path) -> dict:
    """Rate, channels, bitrate, CBR-ness and duration as mutagen reads them."""
    info = MP3(path).info
    return {
        "rate": info.sample_rate,
        "channels": info.channels,
        "bitrate": info.bitrate,
        "cbr": info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)
        and info.bitrate_mode != BitrateMode.VBR,
        "duration": info.length,
        "lame_header": info.encoder_info,
    }


def recognize(path: Path, start_s: float, seconds: float = 6.0) -> str:
    """What offline speech recognition (pocketsphinx, English) hears in a stretch of the file."""
    from pocketsphinx import Decoder

    pcm = subprocess.run(
        [FFMPEG, "-v", "error", "-ss", f"{start_s:.3f}", "-t", f"{seconds:.3f}", "-i", str(path),
         "-ac", "1", "-ar", "16000", "-f", "s16le", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    decoder = (
        Decoder(samprate=16000, loglevel="FATAL")
        if _accepts_loglevel()
        else Decoder(samprate=16000)
    )
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return hyp.hypstr if hyp else ""


def _accepts_loglevel() -> bool:
    from pocketsphinx import Decoder

    try:
        Decoder(samprate=16000, loglevel="FATAL")
    except Exception:
        return False
    return True


_VTT_TIMING = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")
_MOMENTARY = re.compile(r"pts_time:([\d.]+)\s*\n\s*lavfi\.r128\.M=(-?[\d.]+|-?inf)")


def transcript_cues(vtt_text: str) -> list[tuple[float, float, str]]:
    """Each spoken cue of a WebVTT transcript as (start_s, end_s, words): the captions one long
    cue was split into touch each other (a pause always separates two cues), so they are joined."""
    cues: list[tuple[float, float, str]] = []
    for block in vtt_text.strip().split("\n\n")[1:]:
        timing, *lines = block.split("\n")
        match = _VTT_TIMING.match(timing)
        assert match, timing
        h1, m1, s1, ms1, h2, m2, s2, ms2 = (int(x) for x in match.groups())
        start = h1 * 3600 + m1 * 60 + s1 + ms1 / 1000
        end = h2 * 3600 + m2 * 60 + s2 + ms2 / 1000
        words = " ".join(lines)
        if cues and abs(cues[-1][1] - start) < 0.0015:
            cues[-1] = (cues[-1][0], end, f"{cues[-1][2]} {words}")
        else:
            cues.append((start, end, words))
    return cues


def cue_spans(vtt_text: str) -> list[tuple[float, float]]:
    """Each spoken cue's (start_s, end_s) in a WebVTT transcript."""
    return [(start, end) for start, end, _ in transcript_cues(vtt_text)]


def momentary_loudness(path: Path) -> list[tuple[float, float]]:
    """ffmpeg's EBU R128 momentary loudness every 100 ms: (end of its 400 ms block in s, LUFS)."""
    out = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostats", "-v", "error", "-i", str(path), "-af",
         "ebur128=metadata=1,ametadata=print:key=lavfi.r128.M:file=-", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # the value ebur128 attaches to the 100 ms frame at t covers the 400 ms ending at t + 0.1
    return [(float(t) + 0.1, float(m)) for t, m in _MOMENTARY.findall(out)]


def gated_loudness(blocks: list[float]) -> float:
    """BS.1770 integration of 400 ms block loudnesses: absolute gate -70 LUFS, relative -10 LU."""
    kept = np.array([b for b in blocks if b > -70.0])
    if not len(kept):
        return float("-inf")
    relative = 10 * np.log10(np.mean(10 ** (kept / 10))) - 10.0
    kept = kept[kept > relative]
    return float(10 * np.log10(np.mean(10 ** (kept / 10))))


def cue_loudness(path: Path, spans: list[tuple[float, float]]) -> list[float]:
    """The gated loudness (LUFS) of each span, from the 400 ms blocks that lie wholly inside it
    (a span shorter than one block is metered by the block that covers most of it)."""
    blocks = momentary_loudness(path)
    levels = []
    for start, end in spans:
        inside = [m for t, m in blocks if t - 0.4 >= start - 0.05 and t <= end + 0.05]
        if not inside:
            inside = [min(blocks, key=lambda b: abs(b[0] - 0.2 - (start + end) / 2))[1]]
        levels.append(gated_loudness(inside))
    return levels


def neighbour_steps(levels: list[float]) -> dict[str, float]:
    """How much neighbouring cues differ in loudness: the 90th percentile, the largest and the
    spread (sd) of the levels, in LU."""
    steps = np.abs(np.diff(np.array(levels)))
    return {
        "p90": float(np.percentile(steps, 90)),
        "max": float(steps.max()),
        "sd": float(np.std(levels)),
        "over_3": int((steps > 3).sum()),
        "pairs": len(steps),
    }
