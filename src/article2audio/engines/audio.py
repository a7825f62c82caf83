"""Decode the compressed audio network engines return (MP3, WAV, ...) with ffmpeg."""

from __future__ import annotations

from ..errors import EngineError
from ..ffmpeg import decode_f32
from ..models import Clip


def decode_audio_bytes(data: bytes, rate: int, text: str, source: str) -> Clip:
    """Decode audio bytes (any format ffmpeg reads) to a mono float32 clip at `rate`."""
    if not data:
        raise EngineError(f"{source} returned no audio for {text[:40]!r}")
    try:
        samples = decode_f32("pipe:0", rate, data=data)
    except ValueError as exc:
        raise EngineError(
            f"{source} returned audio ffmpeg cannot decode ({exc}). Probable cause: "
            "the server sent an error page or an unsupported format."
        ) from exc
    return Clip(samples, rate, text)
