"""Content-addressed clip cache: no sentence is synthesized twice."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .models import Clip

logger = logging.getLogger(__name__)

# A cache entry: magic, rate (u32), sample count (u64), word count (u32; NO_WORDS when the engine
# did not time its words), the sha256 of what follows, each word's start and end sample (u32
# pairs), then the int16 samples. Entries of the first format (A2AC1: no word count, no words)
# are still read, as clips whose words are not timed.
_MAGIC = b"A2AC2"
_MAGIC_V1 = b"A2AC1"
NO_WORDS = 0xFFFFFFFF


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
        self._count_lock = threading.Lock()  # clips may be looked up from worker threads

    def _count(self, hit: bool) -> None:
        with self._count_lock:
            if hit:
                self.hits += 1
            else:
                self.misses += 1

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.pcm"

    def contains(self, key: str) -> bool:
        """Whether an entry exists for `key` (not verified; `get` verifies)."""
        return self.root is not None and self._path(key).is_file()

    def get(self, key: str, text: str) -> Clip | None:
        """The cached clip, or None when absent or damaged (a damaged entry is removed)."""
        if self.root is None:
            self._count(hit=False)
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self._count(hit=False)
            return None
        clip = _decode(data, text)
        if clip is None:
            logger.warning("cache entry %s is damaged; synthesizing it again", path.name)
            path.unlink(missing_ok=True)
            self._count(hit=False)
            return None
        self._count(hit=True)
        try:
            os.utime(path)  # "last used", for `cache clear --older-than`
        except OSError:
            pass
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
    words = np.array(clip.words or [], dtype="<u4").tobytes()
    count = NO_WORDS if clip.words is None else len(clip.words)
    header = _MAGIC + clip.rate.to_bytes(4, "little") + (len(pcm) // 2).to_bytes(8, "little")
    header += count.to_bytes(4, "little")
    return header + hashlib.sha256(words + pcm).digest() + words + pcm


def _decode(data: bytes, text: str) -> Clip | None:
    if data.startswith(_MAGIC_V1):
        return _decode_v1(data, text)
    head = len(_MAGIC) + 16 + 32
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    rate = int.from_bytes(data[5:9], "little")
    count = int.from_bytes(data[9:17], "little")
    word_count = int.from_bytes(data[17:21], "little")
    digest, body = data[21:53], data[53:]
    word_bytes = 0 if word_count == NO_WORDS else 8 * word_count
    if len(body) != word_bytes + 2 * count or hashlib.sha256(body).digest() != digest or rate <= 0:
        return None
    words = None
    if word_count != NO_WORDS:
        pairs = np.frombuffer(body[:word_bytes], dtype="<u4").reshape(-1, 2)
        words = [(int(a), int(b)) for a, b in pairs]
    samples = np.frombuffer(body[word_bytes:], dtype="<i2").astype(np.float32) / 32767.0
    return Clip(samples=samples, rate=rate, text=text, words=words)


def _decode_v1(data: bytes, text: str) -> Clip | None:
    """An entry written before words were timed: the clip, its words unknown."""
    head = len(_MAGIC_V1) + 12 + 32
    if len(data) < head:
        return None
    rate = int.from_bytes(data[5:9], "little")
    count = int.from_bytes(data[9:17], "little")
    digest, pcm = data[17:49], data[49:]
    if len(pcm) != 2 * count or hashlib.sha256(pcm).digest() != digest or rate <= 0:
        return None
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32767.0
    return Clip(samples=samples, rate=rate, text=text)


@dataclass
class CacheInfo:
    """What the cache folder holds."""

    root: Path
    entries: int
    bytes: int
    leftovers: int  # temporary files of writes that were interrupted (kill -9)
    seconds: float  # total duration of the cached speech

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "path": str(self.root),
            "entries": self.entries,
            "bytes": self.bytes,
            "leftovers": self.leftovers,
            "audio_seconds": round(self.seconds, 1),
        }


def _entries(root: Path) -> list[Path]:
    return [p for p in root.glob("[0-9a-f][0-9a-f]/*.pcm") if len(p.stem) == 64]


def _leftovers(root: Path) -> list[Path]:
    return list(root.glob("[0-9a-f][0-9a-f]/.tmp-*"))


def cache_info(root: Path) -> CacheInfo:
    """Count the entries, their size and the speech they hold (read from the headers)."""
    entries = _entries(root) if root.is_dir() else []
    total_bytes = 0
    seconds = 0.0
    for path in entries:
        try:
            with path.open("rb") as handle:
                header = handle.read(len(_MAGIC) + 12)
            total_bytes += path.stat().st_size
        except OSError:
            continue
        rate = int.from_bytes(header[5:9], "little")
        if header.startswith((_MAGIC, _MAGIC_V1)) and rate > 0:
            seconds += int.from_bytes(header[9:17], "little") / rate
    leftovers = len(_leftovers(root)) if root.is_dir() else 0
    return CacheInfo(root, len(entries), total_bytes, leftovers, seconds)


def clear_cache(root: Path, older_than_days: float | None = None) -> int:
    """Delete cached clips (all, or those unused for `older_than_days`); return how many."""
    if not root.is_dir():
        return 0
    cutoff = None if older_than_days is None else time.time() - older_than_days * 86400
    removed = 0
    for path in _entries(root) + _leftovers(root):
        try:
            if cutoff is None or path.stat().st_mtime < cutoff:
                path.unlink()
                removed += path.suffix == ".pcm"
        except OSError:
            continue
    for folder in root.glob("[0-9a-f][0-9a-f]"):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            pass
    return removed
