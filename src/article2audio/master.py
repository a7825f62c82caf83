"""Timeline WAV -> mastered MP3: measure loudness, set gain, limit true peaks, encode CBR.

Loudness is measured with ffmpeg's ebur128 at the mix's native rate (no 192 kHz loudnorm):
the mixer meters the raw mix as it writes it (loudness.py), and the single encode meters
its own limited signal, so a second encode is needed only when the limiter took more than
expected. A mono file is heard as dual-mono, so its
target is 3 LU below the listener's target (-16 LUFS heard = -19 LUFS measured as mono).
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import AudioError

logger = logging.getLogger(__name__)

MP3_RATE = 44100
LIMIT_DBFS = -1.5  # sample-peak ceiling of the limiter; leaves room for MP3 and inter-sample peaks
MONO_OFFSET_LU = 3.0  # mono is played on both speakers: measured as mono it reads 3 LU lower
LAME_QUALITY = (
    7  # libmp3lame -q (0 best..9 fastest): 7 is clean for speech at 96 kbps and 40% faster than 5
)
MAX_GAIN_DB = 30.0
GAIN_TOLERANCE_LU = 0.4
EXPECTED_LIMITER_LOSS_LU = 0.6  # what the limiter typically takes from Piper speech (measured)
MP3_LOSS_LU = 0.5  # libmp3lame at speech bitrates measures about 0.5 LU below its input


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

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:
        raise AudioError(
            f"no ffmpeg found: {exc}. Probable cause: imageio-ffmpeg is not installed"
        ) from exc


def run_ffmpeg(args: list[str]) -> str:
    """Run ffmpeg with `args`; return its stderr, raise AudioError on failure."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise AudioError(f"ffmpeg failed: {last}")
    return proc.stderr


_SUMMARY_I = re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf) LUFS")
_SUMMARY_TP = re.compile(r"True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-inf) dBFS")


def measure_loudness(path: Path, filters: str = "", true_peak: bool = False) -> Loudness:
    """Measure a file (after optional `filters`) with ffmpeg's EBU R128 meter."""
    meter = "ebur128=framelog=quiet" + (":peak=true" if true_peak else "")
    chain = f"{filters},{meter}" if filters else meter
    out = run_ffmpeg(["-i", str(path), "-af", chain, "-f", "null", "-"])
    found_i = _SUMMARY_I.findall(out)
    if not found_i:
        raise AudioError(f"could not read loudness of {path.name} from ffmpeg")
    integrated = float(found_i[-1])
    peak = None
    if true_peak:
        found_tp = _SUMMARY_TP.findall(out)
        peak = float(found_tp[-1]) if found_tp else None
    return Loudness(integrated, peak)


def _chain(gain_db: float) -> str:
    limit = 10 ** (LIMIT_DBFS / 20)
    return f"volume={gain_db:.2f}dB,alimiter=limit={limit:.4f}:attack=5:release=60:level=false"


def measured_target(target_lufs: float, channels: int) -> float:
    """The loudness to measure on the file for a listener target (dual-mono rule)."""
    return target_lufs - MONO_OFFSET_LU if channels == 1 else target_lufs


def master_to_mp3(
    wav_path: Path,
    mp3_path: Path,
    target_lufs: float = -16.0,
    bitrate_kbps: int = 96,
    channels: int = 1,
    mix_lufs: float | None = None,
) -> Loudness:
    """Encode the mix to a CBR 44.1 kHz MP3 at the target loudness; returns what was reached.

    `mix_lufs` is the mix's loudness when the mixer already metered it; otherwise it is
    measured here. The encode meters its own limited signal; if the limiter took more than
    expected, the file is encoded once more with the corrected gain.
    """
    target = measured_target(target_lufs, channels)
    raw = mix_lufs if mix_lufs is not None else measure_loudness(wav_path).integrated
    if not math.isfinite(raw) or raw < -70:
        raise AudioError(
            "the mix is silent; nothing to master. Probable cause: the engine produced no audio"
        )
    aim = target + MP3_LOSS_LU  # what the limited signal must measure before the encoder
    gain = min(MAX_GAIN_DB, aim - raw + EXPECTED_LIMITER_LOSS_LU)
    reached = _encode(wav_path, mp3_path, gain, bitrate_kbps, channels)
    if abs(aim - reached) > GAIN_TOLERANCE_LU:
        gain = min(MAX_GAIN_DB, gain + (aim - reached))
        logger.debug("limiter took %.2f LU more than expected; encoding again", aim - reached)
        reached = _encode(wav_path, mp3_path, gain, bitrate_kbps, channels)
    logger.info(
        "Mastering: %.1f LUFS -> %.1f LUFS (gain %+.1f dB)", raw, reached - MP3_LOSS_LU, gain
    )
    return Loudness(integrated=reached - MP3_LOSS_LU)


def _encode(wav_path: Path, mp3_path: Path, gain: float, bitrate_kbps: int, channels: int) -> float:
    """One ffmpeg run: gain + limiter, metered and encoded at once; returns the metered LUFS."""
    graph = (
        f"[0:a]{_chain(gain)},asplit=2[enc][met];"
        f"[met]ebur128=framelog=quiet[metered];"
        f"[enc]aresample={MP3_RATE}[out]"
    )
    out = run_ffmpeg(
        [
            "-y", "-i", str(wav_path), "-filter_complex", graph,
            "-map", "[out]", "-ac", str(channels), "-ar", str(MP3_RATE),
            "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-compression_level", str(LAME_QUALITY),
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", str(mp3_path),
            "-map", "[metered]", "-f", "null", "-",
        ]
    )  # fmt: skip
    found = _SUMMARY_I.findall(out)
    if not found:
        raise AudioError("could not read the loudness of the encoded mix from ffmpeg")
    return float(found[-1])
