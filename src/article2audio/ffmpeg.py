"""ffmpeg plumbing: find the binary, run it, decode audio with it, read its loudness meter.

The binary is the static one in the `imageio-ffmpeg` wheel (with libmp3lame), or the one
$ARTICLE2AUDIO_FFMPEG names. Mastering, music, engines and `inspect` all go through here.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import AudioError

_SUMMARY_I = re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf) LUFS")
_SUMMARY_TP = re.compile(r"True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-inf) dBFS")


@dataclass
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP, None when not measured)."""

    integrated: float
    true_peak: float | None = None


def ffmpeg_exe() -> str:
    """The ffmpeg binary: $ARTICLE2AUDIO_FFMPEG, else the one in the imageio-ffmpeg wheel."""
    override = os.environ.get("ARTICLE2AUDIO_FFMPEG")
    if override:
        found = shutil.which(override)
        if not found:
            raise AudioError(f"ARTICLE2AUDIO_FFMPEG names {override!r}, which is not an executable")
        return found
    return _bundled_ffmpeg()


@functools.lru_cache(maxsize=1)
def _bundled_ffmpeg() -> str:
    """The wheel's ffmpeg, found without running it (get_ffmpeg_exe runs `ffmpeg -version`,
    0.2 s a build), else whatever imageio-ffmpeg finds."""
    try:
        from imageio_ffmpeg import _utils

        shipped = Path(_utils._get_bin_dir()) / _utils.FNAME_PER_PLATFORM[_utils.get_platform()]
        if not os.environ.get("IMAGEIO_FFMPEG_EXE") and os.access(shipped, os.X_OK):
            return str(shipped)
    except (ImportError, AttributeError, KeyError, OSError):
        pass  # a different imageio-ffmpeg layout: ask it below
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception as exc:
        raise AudioError(
            f"no ffmpeg found: {exc}. Probable cause: imageio-ffmpeg is not installed"
        ) from exc


def ffmpeg_command(*args: str) -> list[str]:
    """The command line that runs ffmpeg quietly (no banner, no stdin, no progress)."""
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *args]


def run_ffmpeg(args: list[str]) -> str:
    """Run ffmpeg with `args`; return its stderr, raise AudioError on failure."""
    proc = subprocess.run(ffmpeg_command(*args), capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise AudioError(f"ffmpeg failed: {last}")
    return proc.stderr


def decode_f32(
    source: str, rate: int, extra_args: list[str] | None = None, data: bytes | None = None
) -> np.ndarray:
    """Decode a file (or `data` on stdin, source "pipe:0") to mono float32 at `rate` with ffmpeg.

    Raises ValueError with ffmpeg's last complaint when there is no audio to be had.
    """
    command = [
        ffmpeg_exe(), "-nostdin", "-v", "error", "-i", source, "-vn",
        *(extra_args or []), "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1",
    ]  # fmt: skip
    result = subprocess.run(command, input=data, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ValueError(reason[-1] if reason else "no audio stream")
    samples = np.frombuffer(result.stdout[: len(result.stdout) // 4 * 4], dtype="<f4")
    return np.clip(samples, -1.0, 1.0).astype(np.float32)


def measure_loudness(path: Path, filters: str = "", true_peak: bool = False) -> Loudness:
    """Measure a file (after optional `filters`) with ffmpeg's EBU R128 meter."""
    meter = "ebur128=framelog=quiet" + (":peak=true" if true_peak else "")
    chain = f"{filters},{meter}" if filters else meter
    out = run_ffmpeg(["-i", str(path), "-af", chain, "-f", "null", "-"])
    if not has_loudness(out):
        raise AudioError(f"could not read loudness of {path.name} from ffmpeg")
    peak = None
    if true_peak:
        found_tp = _SUMMARY_TP.findall(out)
        peak = float(found_tp[-1]) if found_tp else None
    return Loudness(metered_loudness(out), peak)


def has_loudness(ffmpeg_stderr: str) -> bool:
    """Whether ffmpeg's output holds an ebur128 summary."""
    return _SUMMARY_I.search(ffmpeg_stderr) is not None


def metered_loudness(ffmpeg_stderr: str) -> float:
    """The integrated loudness in the last ebur128 summary of ffmpeg's output."""
    found = _SUMMARY_I.findall(ffmpeg_stderr)
    if not found:
        raise AudioError("could not read the loudness of the encoded mix from ffmpeg")
    return float(found[-1])


OPUS_BITRATE_KBPS = 24  # speech in Opus: about a quarter of the MP3, still clear


def encode_opus(mp3_path: Path, opus_path: Path, bitrate_kbps: int = OPUS_BITRATE_KBPS) -> Path:
    """A lighter copy of a finished episode in Ogg Opus, with its tags and chapters."""
    run_ffmpeg(
        [
            "-y", "-i", str(mp3_path), "-map", "0:a", "-map_metadata", "0", "-map_chapters", "0",
            "-ac", "1", "-c:a", "libopus", "-b:a", f"{bitrate_kbps}k", "-application", "voip",
            "-f", "ogg", str(opus_path),
        ]
    )  # fmt: skip
    return opus_path
