"""Build settings: what the producer asked for, with the defaults a podcast wants."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_AUTHOR = "article2audio"
DEFAULT_SHOW = "article2audio"


@dataclass
class BuildSettings:
    """Everything `build` needs besides the article itself."""

    output_dir: Path = Path("output")
    title: str | None = None
    author: str | None = None
    show: str | None = None
    description: str | None = None
    engine: str = "piper"
    voice: str | None = None
    speed: float = 1.0
    intro: str | None = None  # None = the generated jingle, "none" = no music, else a file
    bitrate_kbps: int = 96
    channels: int = 1
    loudness_lufs: float = -16.0
    force: bool = False
    input_format: str | None = None
    cache_dir: Path | None = None  # None = the user cache folder
    use_cache: bool = True
    extra: dict[str, str] = field(default_factory=dict)
