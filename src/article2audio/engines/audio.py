"""Decode the compressed audio network engines return (MP3, WAV, ...) with ffmpeg."""

from __future__ import annotations

import subprocess

import imageio_ffmpeg
import numpy as np

from ..errors import EngineError
from ..models import Clip


def decode_audio_bytes(data: bytes, rate: int, text: str, source: str) -> Clip:
    """Decode audio bytes (any format ffmpeg reads) to a mono float32 clip at `rate`."""
    if not data:
        raise EngineError(f"{source} returned no audio for {text[:40]!r}")
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-i", "pipe:0",
        "-vn", "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1",
    ]  # fmt: skip
    result = subprocess.run(command, input=data, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else "no audio stream"
        raise EngineError(
            f"{source} returned audio ffmpeg cannot decode ({detail}). Probable cause: "
            "the server sent an error page or an unsupported format."
        )
    samples = np.frombuffer(result.stdout[: len(result.stdout) // 4 * 4], dtype="<f4")
    return Clip(np.clip(samples, -1.0, 1.0).astype(np.float32), rate, text)
