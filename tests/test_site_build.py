"""The sample article built with the real voice and a base URL (`sample_site`, once a session):
the page's weight and markup, times that agree with the audio, what feed readers find, and
`serve` answering byte ranges on it."""

from __future__ import annotations

import json
import urllib.request
import xml.etree.ElementTree as ET
from itertools import pairwise

import feedparser
import numpy as np
import podcastparser
import pytest

from article2audio.ffmpeg import decode_f32
from article2audio.serve import serve_folder
from audio_checks import ffmpeg_chapters, stream_info
from sample_site import AUTHOR, BASE_URL, PageMarkup
from test_publish import parse_webvtt

pytestmark = pytest.mark.e2e

PAGE_BUDGET = 60_000  # bytes before the audio and the cover: the page, its style and script
RATE = 16_000
PODCAST = "{https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md}"


@pytest.fixture(scope="module")
def markup(sample_site) -> PageMarkup:
    return PageMarkup(sample_site.file(".html").read_text())


@pytest.fixture(scope="module")
def audio(sample_site) -> np.ndarray:
    return decode_f32(str(sample_site.file(".mp3")), RATE)


def _rms(audio: np.ndarray, start: float, end: float) -> float:
    piece = audio[int(start * RATE) : int(end * RATE)]
    return float(np.sqrt(np.mean(piece**2))) if len(piece) else 0.0


def test_the_page_weighs_under_60_kb_before_audio_and_cover(sample_site):
    folder = sample_site.folder
    weight = sum((folder / name).stat().st_size for name in ("site.css", "player.js"))
    weight += sample_site.file(".html").stat().st_size
    print(f"page weight: {weight} bytes")
    assert weight < PAGE_BUDGET


def test_the_page_keeps_its_markup_contract(sample_site, markup):
    chapters = sample_site.chapters()
    assert len(chapters) == 7
    assert markup.chapter_links == [f"#t={c['startTime']:g}" for c in chapters]
    assert markup.current == 0
    duration = sample_site.result["duration"]
    starts = [s.start for s in markup.sentences]
    assert starts == sorted(starts) and len(starts) > 100
    assert all(0 <= s.start < s.end <= duration for s in markup.sentences)
    assert all(len(s.word_offsets) == len(s.text.split()) for s in markup.sentences)
    assert markup.canonical == f"{BASE_URL}{sample_site.slug}.html"  # from a file: itself


def test_every_time_comes_from_the_word_timings(sample_site, markup):
    words = sample_site.words()
    word_starts = {round(w["startTime"], 3) for w in words}
    assert sum(len(s.text.split()) for s in markup.sentences) == len(words)
    for sentence in markup.sentences:  # each sentence from its first word ...
        assert round(sentence.start, 3) in word_starts
    for start, _, _ in parse_webvtt(sample_site.file(".vtt").read_text()):
        assert round(start / 1000, 3) in word_starts  # ... and each caption
    headings = [
        s for s in markup.sentences if s.text in {c["title"] for c in sample_site.chapters()}
    ]
    for chapter in sample_site.chapters()[1:]:  # a chapter mark: 0.3 s before its heading is said
        heading = next(s for s in headings if s.text == chapter["title"])
        assert heading.start - chapter["startTime"] == pytest.approx(0.3, abs=0.002)
    by_ffmpeg = ffmpeg_chapters(sample_site.file(".mp3"))
    assert [round(start, 3) for _, start, _ in by_ffmpeg] == [
        round(c["startTime"], 3) for c in sample_site.chapters()
    ]


def test_the_times_agree_with_the_audio(sample_site, markup, audio):
    """Where the timings say nothing is said, the episode is quiet, and the words are not."""
    quiet, loud = [], []
    sentences = [s for s in markup.sentences if s.start > 6.0]  # after the jingle
    for before, after in pairwise(sentences):
        if after.start - before.end >= 0.3:
            middle = (before.end + after.start) / 2
            quiet.append(_rms(audio, middle - 0.1, middle + 0.1))
    words = [w for w in sample_site.words() if w["startTime"] > 6.0]
    for word, following in pairwise(words):
        loud.append(_rms(audio, word["startTime"], word["endTime"]))
        if following["startTime"] - word["endTime"] >= 0.25:  # a comma's pause inside a sentence
            middle = (word["endTime"] + following["startTime"]) / 2
            quiet.append(_rms(audio, middle - 0.05, middle + 0.05))
    assert len(quiet) > 150 and len(loud) > 1500
    speech = float(np.median(loud))
    assert max(quiet) < 0.05 * speech, (max(quiet), speech)
    assert np.percentile(loud, 2) > 0.1 * speech  # hardly a word timed over silence


def test_feed_readers_find_the_transcripts_the_author_and_the_chapters(sample_site):
    folder = sample_site.folder
    feed_bytes = (folder / "feed.xml").read_bytes()
    parsed = feedparser.parse(feed_bytes)
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert entry.link == f"{BASE_URL}{sample_site.slug}.html"
    with open(folder / "feed.xml", "rb") as stream:
        podcast = podcastparser.parse(BASE_URL + "feed.xml", stream)
    (episode,) = podcast["episodes"]
    assert [(p["name"], p["group"], p["role"]) for p in episode["persons"]] == [
        (AUTHOR, "writing", "author")
    ]
    assert episode["chapters_json_url"] == f"{BASE_URL}{sample_site.slug}.chapters.json"
    item = ET.fromstring(feed_bytes).find("channel/item")
    transcripts = {t.get("type"): t.get("url") for t in item.iter(f"{PODCAST}transcript")}
    assert transcripts == {
        kind: f"{BASE_URL}{sample_site.slug}{suffix}"
        for kind, suffix in [
            ("text/vtt", ".vtt"),
            ("application/x-subrip", ".srt"),
            ("application/json", ".transcript.json"),
        ]
    }
    for url in transcripts.values():
        assert (folder / url[len(BASE_URL) :]).is_file()
    page = f"{BASE_URL}{sample_site.slug}.html"
    for chapter in sample_site.chapters():
        assert chapter["url"] == f"{page}#t={chapter['startTime']:g}"


def test_serve_answers_byte_ranges_on_the_episode(sample_site):
    mp3 = sample_site.file(".mp3")
    data = mp3.read_bytes()
    with serve_folder(sample_site.folder, port=0).start_in_thread() as server:
        request = urllib.request.Request(
            f"{server.url}{mp3.name}", headers={"Range": "bytes=1000000-1000999"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 206
            assert response.headers["Content-Range"] == f"bytes 1000000-1000999/{len(data)}"
            assert response.headers["Content-Type"] == "audio/mpeg"
            assert response.read() == data[1000000:1001000]
        with urllib.request.urlopen(f"{server.url}{sample_site.slug}.transcript.json") as response:
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert json.load(response)["version"] == "1.0.0"
    assert stream_info(mp3)["duration"] == pytest.approx(sample_site.result["duration"], abs=0.06)
