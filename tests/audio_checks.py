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
