"""The clip cache: keys, atomic verified entries, damage detection, info and clear."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from article2audio.cache import ClipCache, cache_info, clear_cache, clip_key, default_cache_dir
from article2audio.models import Clip

RATE = 22050


def _clip(seconds: float = 0.5, freq: float = 220.0, text: str = "hello") -> Clip:
    t = np.arange(int(RATE * seconds)) / RATE
    return Clip((0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32), RATE, text)


def _entry_files(root):
    return sorted(root.glob("*/*.pcm"))


def test_key_depends_on_engine_identity_and_exact_text():
    base = clip_key("piper:1.8:joe:ls=1.000", "Hello there.")
    assert base == clip_key("piper:1.8:joe:ls=1.000", "Hello there.")
    assert base != clip_key("piper:1.8:joe:ls=0.800", "Hello there.")
    assert base != clip_key("piper:1.8:joe:ls=1.000", "Hello there!")
    assert base != clip_key("gtts:2.5:en:com", "Hello there.")


def test_round_trip_keeps_the_audio(tmp_path):
    cache = ClipCache(tmp_path)
    clip = _clip()
    cache.put("ab" * 32, clip)
    back = cache.get("ab" * 32, "hello")
    assert back is not None and back.rate == RATE and len(back.samples) == len(clip.samples)
    assert np.max(np.abs(back.samples - clip.samples)) < 1e-4  # 16-bit PCM precision
    assert (cache.hits, cache.misses) == (1, 0)
    assert not list(tmp_path.rglob(".tmp-*"))  # the atomic write left nothing behind


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated (a write cut short)
        lambda data: data[:-10] + bytes(10),  # last bytes zeroed
        lambda data: data[:100] + bytes([data[100] ^ 0xFF]) + data[101:],  # one bit flip
        lambda data: b"",  # empty
        lambda data: b"garbage" + data[7:],  # wrong magic
    ],
    ids=["truncated", "zeroed-tail", "bit-flip", "empty", "bad-magic"],
)
def test_damaged_entry_is_detected_removed_and_never_played(tmp_path, damage):
    cache = ClipCache(tmp_path)
    key = "cd" * 32
    cache.put(key, _clip())
    [path] = _entry_files(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key, "hello") is None
    assert not path.exists()
    assert cache.misses == 1 and cache.hits == 0


def test_disabled_cache_stores_nothing(tmp_path):
    cache = ClipCache(None)
    cache.put("ef" * 32, _clip())
    assert cache.get("ef" * 32, "hello") is None and cache.misses == 1
    assert not cache.contains("ef" * 32)


def test_default_folder_honours_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "article2audio" / "clips"


def test_info_counts_entries_size_speech_and_leftovers(tmp_path):
    cache = ClipCache(tmp_path)
    cache.put("11" * 32, _clip(0.5))
    cache.put("22" * 32, _clip(1.5))
    (tmp_path / "11" / ".tmp-abc").write_bytes(b"half a write")  # as left by kill -9
    info = cache_info(tmp_path)
    assert info.entries == 2 and info.leftovers == 1
    assert info.seconds == pytest.approx(2.0, abs=0.01)
    assert info.bytes == sum(p.stat().st_size for p in _entry_files(tmp_path))
    assert info.as_dict()["path"] == str(tmp_path)
    assert cache_info(tmp_path / "missing").entries == 0


def test_clear_removes_entries_and_leftovers_but_nothing_else(tmp_path):
    cache = ClipCache(tmp_path)
    cache.put("11" * 32, _clip())
    cache.put("22" * 32, _clip())
    (tmp_path / "11" / ".tmp-abc").write_bytes(b"x")
    keep = tmp_path / "notes.txt"
    keep.write_text("not ours")
    assert clear_cache(tmp_path) == 2
    assert _entry_files(tmp_path) == [] and not list(tmp_path.rglob(".tmp-*"))
    assert keep.read_text() == "not ours"


def test_clear_older_than_keeps_recently_used_clips(tmp_path):
    cache = ClipCache(tmp_path)
    cache.put("11" * 32, _clip())
    cache.put("22" * 32, _clip())
    old = time.time() - 10 * 86400
    for path in _entry_files(tmp_path):
        os.utime(path, (old, old))
    assert cache.get("22" * 32, "hello") is not None  # using a clip refreshes it
    assert clear_cache(tmp_path, older_than_days=5) == 1
    assert cache.contains("22" * 32) and not cache.contains("11" * 32)


def test_word_timings_are_stored_with_the_clip_and_checked(tmp_path):
    cache = ClipCache(tmp_path)
    timed = _clip()
    timed.words = [(0, 4000), (4410, 11025)]
    cache.put("ef" * 32, timed)
    back = cache.get("ef" * 32, "hello")
    assert back is not None and back.words == [(0, 4000), (4410, 11025)]
    cache.put("ee" * 32, _clip())  # an engine that does not time its words
    assert cache.get("ee" * 32, "hello").words is None
    [path, _] = sorted(_entry_files(tmp_path), key=lambda p: p.name, reverse=True)
    data = bytearray(path.read_bytes())
    data[53] ^= 0x01  # a word's start, inside what the checksum covers
    path.write_bytes(bytes(data))
    assert cache.get("ef" * 32, "hello") is None and not path.exists()


def test_an_entry_of_the_first_format_is_read_with_its_words_untimed(tmp_path):
    import hashlib

    clip = _clip()
    pcm = (clip.samples * 32767.0).astype("<i2").tobytes()
    old = b"A2AC1" + RATE.to_bytes(4, "little") + (len(pcm) // 2).to_bytes(8, "little")
    path = tmp_path / "aa" / f"{'aa' * 32}.pcm"
    path.parent.mkdir()
    path.write_bytes(old + hashlib.sha256(pcm).digest() + pcm)
    back = ClipCache(tmp_path).get("aa" * 32, "hello")
    assert back is not None and back.words is None and len(back.samples) == len(clip.samples)
    assert cache_info(tmp_path).seconds == pytest.approx(0.5, abs=0.01)
