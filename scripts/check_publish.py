#!/usr/bin/env python3
"""Check a published folder the way issue 5 says it will be checked, with outside tools.

    .venv/bin/python scripts/check_publish.py DIR https://example.com/pod/ [--cover]

feedparser and gPodder's podcastparser read DIR/feed.xml; every episode's enclosure URL and
length must match its file, its duration must be within a second of the MP3's, guid and
pubDate present, chapters and transcript links must point at files that exist, the chapters
JSON must match the ID3 chapters, each transcript must be valid in its own format (WebVTT,
SubRip, Podcasting 2.0 JSON) and within the audio, and the cover must be embedded when one
was asked for (`--cover`, or the episode has its own image in the feed). Needs the test
extras (pip install -e '.[test]'). Exit 1 on failure.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import podcastparser
from mutagen.mp3 import MP3

from article2audio.tags import read_tags

TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")
SRT_TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)$")
PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"


def _ms(h: str, m: str, s: str, ms: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def check_vtt(path: Path, duration_ms: int) -> list[str]:
    """Problems with a WebVTT file: header, timings, monotonic cues, line length, end."""
    blocks = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    problems = [] if blocks[0] == "WEBVTT" else [f"{path.name}: no WEBVTT header"]
    return problems + _check_cues(path, [b.split("\n") for b in blocks[1:]], TIMING, duration_ms)


def check_srt(path: Path, duration_ms: int) -> list[str]:
    """Problems with a SubRip file: numbered cues 1, 2, ... with comma timings, as in WebVTT."""
    blocks = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    problems, cues = [], []
    for number, block in enumerate(blocks, start=1):
        counter, *rest = block.split("\n")
        if counter != str(number):
            problems.append(f"{path.name}: cue {number} is numbered {counter[:10]!r}")
        cues.append(rest)
    return problems + _check_cues(path, cues, SRT_TIMING, duration_ms)


def _check_cues(
    path: Path, cues: list[list[str]], timing_format: re.Pattern[str], duration_ms: int
) -> list[str]:
    """Each cue a timing line then text: monotonic, short lines, ending within the audio."""
    problems: list[str] = []
    previous_end = 0
    for timing, *lines in (cue or [""] for cue in cues):
        match = timing_format.match(timing)
        if not match or not lines:
            problems.append(f"{path.name}: bad cue {timing[:40]!r}")
            continue
        start, end = _ms(*match.groups()[:4]), _ms(*match.groups()[4:])
        if not previous_end <= start < end:
            problems.append(f"{path.name}: cue at {timing} is not monotonic")
        problems += [f"line over 65 chars: {line[:30]}..." for line in lines if len(line) > 65]
        previous_end = end
    if previous_end > duration_ms:
        problems.append(
            f"{path.name}: last cue ends at {previous_end} ms, after the audio ({duration_ms} ms)"
        )
    return problems


def check_json(path: Path, duration_ms: int) -> list[str]:
    """Problems with a Podcasting 2.0 JSON transcript: version, segments in order, each with a
    body and a start no later than its end, all within the audio."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        segments = doc["segments"]
        times = [(float(s["startTime"]), float(s["endTime"]), str(s["body"])) for s in segments]
    except (ValueError, KeyError, TypeError) as exc:
        return [f"{path.name}: not a JSON transcript ({exc})"]
    problems = [] if doc.get("version") == "1.0.0" else [f"{path.name}: version is not 1.0.0"]
    previous = 0.0
    for start, end, body in times:
        if not (previous <= start <= end) or not body.strip():
            problems.append(f"{path.name}: segment at {start} s out of order or empty")
        previous = start
    if times and times[-1][1] * 1000 > duration_ms + 1:
        problems.append(f"{path.name}: the last segment ends after the audio")
    return problems


CHECKERS = {
    "text/vtt": check_vtt,
    "application/srt": check_srt,
    "application/x-subrip": check_srt,
    "application/json": check_json,
}


def _transcripts(raw: bytes) -> dict[str, list[tuple[str, str]]]:
    """Every item's podcast:transcript links as {enclosure URL: [(url, type)]}."""
    found = {}
    for item in ET.fromstring(raw).iter("item"):
        enclosure = item.find("enclosure")
        links = item.findall(f"{{{PODCAST_NS}}}transcript")
        if enclosure is not None:
            found[enclosure.get("url", "")] = [(t.get("url", ""), t.get("type", "")) for t in links]
    return found


def check(out: Path, base_url: str, cover_asked: bool = False) -> list[str]:
    """Every problem found in the folder's feed and files (`cover_asked`: every MP3 must hold
    the cover; an episode with its own image in the feed must anyway)."""

    def local(url: str) -> Path:
        return out / url[len(base_url) :] if url.startswith(base_url) else Path("/nonexistent")

    raw = (out / "feed.xml").read_bytes()
    problems = []
    fp = feedparser.parse(raw)
    if fp.bozo:
        problems.append(f"feedparser: {fp.bozo_exception}")
    transcripts = _transcripts(raw)
    with open(out / "feed.xml", "rb") as stream:
        pp = podcastparser.parse(base_url + "feed.xml", stream)
    print(f"feed: {pp['title']!r}, {len(pp['episodes'])} episodes (feedparser {len(fp.entries)})")
    for item in pp["episodes"]:
        (enclosure,) = item["enclosures"]
        mp3 = local(enclosure["url"])
        if not mp3.is_file():
            problems.append(f"enclosure {enclosure['url']} has no file")
            continue
        size, duration = mp3.stat().st_size, MP3(mp3).info.length
        print(
            f"  {item['title']!r}: {enclosure['url']} length {enclosure['file_size']} "
            f"(file {size}), duration {item['total_time']} s (MP3 {duration:.3f} s)"
        )
        if enclosure["file_size"] != size or enclosure["mime_type"] != "audio/mpeg":
            problems.append(f"{mp3.name}: enclosure length/type wrong")
        if abs(item["total_time"] - duration) > 1:
            problems.append(f"{mp3.name}: itunes:duration off by more than 1 s")
        if not item["guid"] or not item["published"]:
            problems.append(f"{mp3.name}: no guid or pubDate")
        for key in ("chapters_json_url", "transcript_url"):
            if not local(item.get(key) or "").is_file():
                problems.append(f"{mp3.name}: {key} {item.get(key)} points at no file")
        tags = read_tags(mp3)
        doc = json.loads(local(item["chapters_json_url"]).read_text(encoding="utf-8"))
        json_chapters = [(c["title"], round(c["startTime"] * 1000)) for c in doc["chapters"]]
        id3_chapters = [(title, start) for title, start, _ in tags["chapters"]]
        print(
            f"    chapters JSON {doc['version']}: {len(json_chapters)} = ID3 "
            f"{len(id3_chapters)}: {json_chapters == id3_chapters}; cover {tags['has_cover']}"
        )
        if doc["version"] != "1.2.0" or json_chapters != id3_chapters:
            problems.append(f"{mp3.name}: chapters JSON differs from the ID3 chapters")
        if (cover_asked or item.get("episode_art_url")) and not tags["has_cover"]:
            problems.append(f"{mp3.name}: no embedded cover")
        for url, kind in transcripts.get(enclosure["url"], []):
            checker = CHECKERS.get(kind)
            if checker is None:
                problems.append(f"{mp3.name}: transcript {url} of unknown type {kind!r}")
                continue
            found = checker(local(url), round(duration * 1000)) if local(url).is_file() else []
            print(f"    {local(url).name} ({kind}): {'valid' if not found else found[:3]}")
            problems += found
    guids = [e["guid"] for e in pp["episodes"]]
    if len(set(guids)) != len(guids):
        problems.append("duplicate guids")
    return problems


def main() -> None:
    """Check DIR against BASE_URL; print what was found, exit 1 on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("base_url")
    parser.add_argument("--cover", action="store_true", help="a cover was asked for")
    args = parser.parse_args()
    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    problems = check(args.dir, base_url, args.cover)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("OK" if not problems else f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
