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

import logging
import math
from dataclasses import dataclass
from pathlib import Path

from .errors import AudioError
from .ffmpeg import Loudness, measure_loudness, metered_loudness, run_ffmpeg
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
    """Gain, then the limiter at the MP3's rate: limited before resampling, a 22.05 kHz voice
    gained up to 0.7 dB of true peak between its samples (-0.8 dBTP on the sample article)."""
    limit = 10 ** (LIMIT_DBFS / 20)
    return (
        f"volume={gain_db:.2f}dB,aresample={MP3_RATE},"
        f"alimiter=limit={limit:.4f}:attack=5:release=60:level=false"
    )


@dataclass(frozen=True)
class Encoded:
    """An MP3 already encoded from the mix (by the early encode): the gain it was made with and
    the loudness its meter read of the limited signal."""

    gain_db: float
    reached_lufs: float


def measured_target(target_lufs: float) -> float:
    """The loudness the mono signal must meter for a listener target (dual-mono rule)."""
    return target_lufs - MONO_OFFSET_LU


def aim_lufs(target_lufs: float) -> float:
    """What the limited mono signal must meter before the encoder, for a listener target."""
    return measured_target(target_lufs) + MP3_LOSS_LU


def master_to_mp3(
    wav_path: Path,
    mp3_path: Path,
    target_lufs: float = -16.0,
    bitrate_kbps: int = 96,
    channels: int = 1,
    mix_lufs: float | None = None,
    encoded: Encoded | None = None,
) -> Loudness:
    """Encode the mix to a CBR 44.1 kHz MP3 at the target loudness; returns the loudness of the
    finished file as ffmpeg measures it (`file_loudness`).

    `mix_lufs` is the mix's loudness when the mixer already metered it; otherwise it is
    measured here. `encoded` is an MP3 already at `mp3_path` (made while the mix was written),
    kept when it is loud enough. The encode meters its own limited signal; while the limiter
    takes more than expected, the file is encoded again with a corrected gain (at most
    MAX_ENCODES encodes in all).
    """
    raw = mix_lufs if mix_lufs is not None else measure_loudness(wav_path).integrated
    if not audible(raw):
        raise AudioError(
            "the mix is silent; nothing to master. Probable cause: the engine produced no audio"
        )
    aim = aim_lufs(target_lufs)  # what the limited signal must measure before the encoder
    if encoded is not None:
        gain, reached = encoded.gain_db, encoded.reached_lufs
    else:
        gain = gain_for(aim, raw)
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
    return Loudness(integrated=file_loudness(reached - MP3_LOSS_LU, channels))


def file_loudness(mono_lufs: float, channels: int) -> float:
    """The loudness ffmpeg measures in the finished file, from the mono signal's: a stereo file
    carries it at full level in both channels, so it meters 3 LU louder; a mono file meters
    as the mono signal (and is heard 3 LU louder, as dual-mono)."""
    return mono_lufs + (MONO_OFFSET_LU if channels == 2 else 0.0)


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


def audible(lufs: float) -> bool:
    """Whether a mix measuring `lufs` has anything to master."""
    return math.isfinite(lufs) and lufs >= -70


def gain_for(aim: float, raw: float) -> float:
    """The gain that brings a mix measuring `raw` to `aim` after the limiter."""
    return min(MAX_GAIN_DB, aim - raw + EXPECTED_LIMITER_LOSS_LU)


def _encode(wav_path: Path, mp3_path: Path, gain: float, bitrate_kbps: int, channels: int) -> float:
    """One ffmpeg run: gain + limiter, metered and encoded at once; returns the metered LUFS."""
    out = run_ffmpeg(
        ["-y", "-i", str(wav_path), *encode_args(mp3_path, gain, bitrate_kbps, channels)]
    )
    return metered_loudness(out)


def encode_args(mp3_path: Path, gain: float, bitrate_kbps: int, channels: int) -> list[str]:
    """ffmpeg arguments after the input: limit, meter and encode the one audio stream."""
    upmix = "pan=stereo|c0=c0|c1=c0" if channels == 2 else "anull"  # both at full level
    graph = (
        f"[0:a]{_chain(gain)},asplit=2[enc][met];"
        f"[met]ebur128=framelog=quiet[metered];"
        f"[enc]{upmix}[out]"
    )
    return [
        "-filter_complex", graph,
        "-map", "[out]", "-ac", str(channels), "-ar", str(MP3_RATE),
        "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-compression_level", str(LAME_QUALITY),
        "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", str(mp3_path),
        "-map", "[metered]", "-f", "null", "-",
    ]  # fmt: skip
