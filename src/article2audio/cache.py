"""Content-addressed clip cache: no sentence is synthesized twice."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from .models import Clip

logger = logging.getLogger(__name__)

_MAGIC = b"A2AC1"  # header of a cache entry: magic, rate (u32), sample count (u64), sha256 of data


def default_cache_dir() -> Path:
    """The user cache folder (XDG_CACHE_HOME honoured via platformdirs)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("article2audio")) / "clips"


def clip_key(engine_identity: str, text: str) -> str:
    """The cache key of one spoken text with one engine configuration."""
    return hashlib.sha256(f"{engine_identity}\x00{text}".encode()).hexdigest()


class ClipCache:
    """Clips stored as int16 PCM files named by their key; writes are atomic, reads verified."""

    def __init__(self, root: Path | None) -> None:
        self.root = root  # None disables the cache
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.pcm"

    def get(self, key: str, text: str) -> Clip | None:
        """The cached clip, or None when absent or damaged (a damaged entry is removed)."""
        if self.root is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        clip = _decode(data, text)
        if clip is None:
            logger.warning("cache entry %s is damaged; synthesizing it again", path.name)
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return clip

    def put(self, key: str, clip: Clip) -> None:
        """Store a clip atomically (temp file, fsync-free rename)."""
        if self.root is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(_encode(clip))
            os.replace(tmp, path)
        except OSError as exc:  # a full disk must not stop the build: the cache is an optimisation
            logger.warning("cannot write cache entry (%s); continuing without it", exc)


def _encode(clip: Clip) -> bytes:
    pcm = (np.clip(clip.samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
    header = _MAGIC + clip.rate.to_bytes(4, "little") + (len(pcm) // 2).to_bytes(8, "little")
    return header + hashlib.sha256(pcm).digest() + pcm


def _decode(data: bytes, text: str) -> Clip | None:
    head = len(_MAGIC) + 12 + 32
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    rate = int.from_bytes(data[5:9], "little")
    count = int.from_bytes(data[9:17], "little")
    digest, pcm = data[17:49], data[49:]
    if len(pcm) != 2 * count or hashlib.sha256(pcm).digest() != digest or rate <= 0:
        return None
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32767.0
    return Clip(samples=samples, rate=rate, text=text)
