"""What a build with a base URL publishes beyond the MP3 (fake voice, real ffmpeg): the episode
page and the show page, every transcript format, the Podcasting 2.0 tags, the Opus alternate,
and `feed DIR` making the show page again. The real voice's page is tested in
test_site_build.py and test_site_browser.py."""

from __future__ import annotations

import http.server
import json
import re
import threading

import feedparser
import podcastparser
import pytest

from article2audio import pipeline
from article2audio.episodes import read_sidecars
from article2audio.ffmpeg import run_ffmpeg
from article2audio.models import TimedCue
from article2audio.settings import Settings
from article2audio.wordtimes import shown_words
from audio_checks import stream_info
from cli_runner import run_cli
from sample_site import PageMarkup
from test_publish import BASE_URL, parse_webvtt
from test_publish import _settings as publish_settings

ARTICLE = """---
title: Rain Gardens
author: Grace Hopper
date: 2024-06-02
---

Rain gardens soak up storms. They cost $3.5 million a year.

A second paragraph starts here. It has two sentences.

## Why They Work

Plants and soil slow the water down.
"""


def _settings(tmp_path, **overrides) -> Settings:
    return publish_settings(tmp_path, **{"engine": "fake-timed", **overrides})


def _build(tmp_path, text: str = ARTICLE, **overrides):
    article = tmp_path / "rain.md"
    article.write_text(text)
    settings = _settings(tmp_path, **overrides)
    return pipeline.build_episode(str(article), settings), settings.output.dir


@pytest.fixture
def built(tmp_path, fake_engine):
    return _build(tmp_path)


def test_a_build_with_a_base_url_writes_both_pages_and_their_assets(built):
    episode, out = built
    assert episode.extra_files["page"] == out / "rain-gardens.html"
    assert episode.extra_files["index"] == out / "index.html"
    assert (out / "site.css").is_file() and (out / "player.js").is_file()
    (record,) = read_sidecars(out)
    assert record.page == "rain-gardens.html"
    markup = PageMarkup((out / "rain-gardens.html").read_text())
    chapters = json.loads((out / "rain-gardens.chapters.json").read_text())["chapters"]
    assert markup.chapter_links == [f"#t={c['startTime']:g}" for c in chapters]
    assert markup.current == 0  # the script marks the sentence being spoken, never the HTML
    starts = [s.start for s in markup.sentences]
    assert starts == sorted(starts) and all(s.start < s.end for s in markup.sentences)
    texts = [s.text for s in markup.sentences]
    assert "They cost $3.5 million a year." in texts  # the written words, not the spoken
    index = (out / "index.html").read_text()
    assert 'href="rain-gardens.html"' in index and "Why They Work" in index


def test_the_page_keeps_the_article_s_paragraphs(built):
    _, out = built
    html = (out / "rain-gardens.html").read_text()
    html = html[html.index('<div id="tr">') :]  # the transcript (the description says it too)
    first = html.index("Rain gardens soak up storms.")
    second = html.index("A second paragraph starts here.")
    assert "</p>\n<p>" in html[first:second] or "</p><p>" in html[first:second]
    assert "</p>" not in html[second : html.index("It has two sentences.")]


def test_words_are_timed_on_the_page_and_in_every_transcript(built):
    episode, out = built
    markup = PageMarkup((out / "rain-gardens.html").read_text())
    money = next(s for s in markup.sentences if s.text.startswith("They cost"))
    assert len(money.word_offsets) == len(money.text.split())  # "$3.5" is one written word
    segments = json.loads((out / "rain-gardens.transcript.json").read_text())["segments"]
    bodies = [s["body"] for s in segments]
    assert bodies[bodies.index("They") : bodies.index("They") + 6] == [
        "They", "cost", "$3.5", "million", "a", "year.",
    ]  # fmt: skip
    assert all(s["startTime"] <= s["endTime"] for s in segments)
    starts = {round(s["startTime"] * 1000) for s in segments}
    for start, _, _ in parse_webvtt((out / "rain-gardens.vtt").read_text()):
        assert start in starts  # each caption starts when its first word is said
    assert "1\n00:00:" in (out / "rain-gardens.srt").read_text()


def test_without_word_timings_the_transcripts_keep_the_estimate(tmp_path, fake_engine):
    _, out = _build(tmp_path, engine="fake")
    segments = json.loads((out / "rain-gardens.transcript.json").read_text())["segments"]
    assert "They cost $3.5 million a year." in [s["body"] for s in segments]  # one per cue
    markup = PageMarkup((out / "rain-gardens.html").read_text())
    assert all(s.word_offsets == () for s in markup.sentences)


def test_the_words_survive_the_cache(tmp_path, fake_engine):
    _, out = _build(tmp_path)
    first = (out / "rain-gardens.transcript.json").read_text()
    fake_engine.calls.clear()
    _build(tmp_path, force=True)
    assert fake_engine.calls == []  # every clip came from the cache ...
    assert (out / "rain-gardens.transcript.json").read_text() == first  # ... with its words


def test_feed_lists_every_transcript_the_author_and_the_page(built):
    episode, out = built
    with open(out / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse(BASE_URL + "feed.xml", stream)
    (item,) = parsed["episodes"]
    assert item["persons"] == [
        {"name": "Grace Hopper", "role": "author", "group": "writing", "href": None, "img": None}
    ]
    assert item["link"] == BASE_URL + "rain-gardens.html"
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert entry["podcast_transcript"]["type"] == "application/json"  # feedparser: the last
    text = (out / "feed.xml").read_text()
    for name, kind in [
        ("rain-gardens.vtt", "text/vtt"),
        ("rain-gardens.srt", "application/x-subrip"),
        ("rain-gardens.transcript.json", "application/json"),
    ]:
        assert f'<podcast:transcript url="{BASE_URL}{name}" type="{kind}"' in text
        assert (out / name).is_file()
    chapters = json.loads((out / "rain-gardens.chapters.json").read_text())["chapters"]
    assert [c["url"] for c in chapters] == [
        f"{BASE_URL}rain-gardens.html#t={c['startTime']:g}" for c in chapters
    ]


def test_show_settings_become_podcasting_2_tags(tmp_path, fake_engine):
    (tmp_path / "article2audio.toml").write_text(
        '[show]\nlicense = "cc-by-4.0"\nfunding_url = "https://example.com/support"\n'
        'verify_token = "S6lpp-7ZCn8"\nseason = 2\nseason_name = "Wet Spring"\nlocked = true\n'
    )
    (tmp_path / "rain.md").write_text(ARTICLE)
    proc = run_cli(
        "build", "rain.md", "-o", "out", "--engine", "fake-timed", "--intro", "none",
        "--base-url", BASE_URL, "--season", "3", cwd=tmp_path, env={"ARTICLE2AUDIO_OWNER_EMAIL": "me@example.com"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out" / "feed.xml").read_text()
    assert "<podcast:license>cc-by-4.0</podcast:license>" in text
    assert (
        '<podcast:funding url="https://example.com/support">Support the show</podcast:funding>'
        in text
    )
    assert '<podcast:txt purpose="verify">S6lpp-7ZCn8</podcast:txt>' in text
    assert '<podcast:locked owner="me@example.com">yes</podcast:locked>' in text
    assert '<podcast:season name="Wet Spring">3</podcast:season>' in text  # the flag wins
    with open(tmp_path / "out" / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse(BASE_URL + "feed.xml", stream)
    assert parsed["funding_url"] == "https://example.com/support"
    assert parsed["import_prohibited"] is True
    assert parsed["episodes"][0]["season"] == 3


def test_a_licence_url_must_be_a_web_address(tmp_path):
    (tmp_path / "article2audio.toml").write_text('[show]\nlicense_url = "license.txt"\n')
    proc = run_cli("sections", "-", cwd=tmp_path, input="Title\n\nText.\n")
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ") and "show.license_url" in proc.stderr


def test_opus_alternate_is_encoded_and_listed(tmp_path, fake_engine):
    episode, out = _build(tmp_path, opus=True)
    opus = out / "rain-gardens.opus"
    assert episode.extra_files["opus"] == opus
    probe = run_ffmpeg(["-i", str(opus), "-f", "null", "-"])
    assert "Audio: opus" in probe and "Chapter #0:1" in probe  # chapters carried over
    mp3_seconds = stream_info(episode.path)["duration"]
    hours, minutes, seconds = re.search(r"Duration: (\d+):(\d+):([\d.]+)", probe).groups()
    assert abs(int(hours) * 3600 + int(minutes) * 60 + float(seconds) - mp3_seconds) < 0.1
    bitrate = opus.stat().st_size * 8 / mp3_seconds
    assert 12_000 < bitrate < 40_000  # about 24 kbps, a fraction of the MP3's 96
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    text = (out / "feed.xml").read_text()
    assert f'<podcast:alternateEnclosure type="audio/opus" length="{opus.stat().st_size}"' in text
    assert f'<podcast:source uri="{BASE_URL}rain-gardens.opus" />' in text


def test_no_pages_without_a_base_url_or_with_no_pages(tmp_path, fake_engine):
    episode, out = _build(tmp_path, base_url=None)
    assert not (out / "rain-gardens.html").exists() and not (out / "index.html").exists()
    assert (out / "rain-gardens.transcript.json").is_file()  # transcripts need no base URL
    episode, out = _build(tmp_path, pages=False, force=True)
    assert not (out / "rain-gardens.html").exists() and (out / "feed.xml").is_file()
    assert "chapters" in json.loads((out / "rain-gardens.chapters.json").read_text())
    assert "url" not in json.loads((out / "rain-gardens.chapters.json").read_text())["chapters"][0]


def test_feed_dir_makes_the_show_page_again_from_the_records(tmp_path, fake_engine):
    _build(tmp_path)
    second = tmp_path / "second.md"
    second.write_text("---\ntitle: Green Roofs\ndate: 2024-07-01\n---\n\nRoofs grow grass.\n")
    pipeline.build_episode(str(second), _settings(tmp_path))
    out = tmp_path / "out"
    (out / "index.html").unlink()
    proc = run_cli("feed", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    index = (out / "index.html").read_text()
    assert index.index("Green Roofs") < index.index("Rain Gardens")  # newest first
    assert "Why They Work" in index  # the chapters, from the chapters JSON


class _Article(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = (
            b"<html><head><title>Rain Gardens</title></head><body><article><h1>Rain Gardens</h1>"
            b"<p>Rain gardens soak up storms, as every gardener knows.</p></article></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_an_article_from_the_web_links_back_to_it(tmp_path, fake_engine):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Article)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/rain"
    try:
        episode = pipeline.build_episode(url, _settings(tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    html = episode.extra_files["page"].read_text()
    assert PageMarkup(html).canonical == url
    assert f'<a href="{url}" rel="noopener">Read the original article</a>' in html
    assert read_sidecars(tmp_path / "out")[0].source_url == url


def test_written_words_take_the_times_of_what_was_said():
    said = "They cost three point five million dollars a year."
    words = [(1000 + 300 * i, 1250 + 300 * i) for i in range(len(said.split()))]
    cue = TimedCue(0, "sentence", said, 900, 4000, "They cost $3.5 million a year.", False, words)
    timed = shown_words(cue)
    assert [(w.text, w.start_ms, w.end_ms) for w in timed] == [
        ("They", 1000, 1250),
        ("cost", 1300, 1550),
        ("$3.5", 1600, 2450),  # "three point five"
        ("million", 2500, 3050),  # lasts through "dollars", which has no written word
        ("a", 3100, 3350),
        ("year.", 3400, 3650),
    ]
    assert shown_words(TimedCue(0, "sentence", said, 900, 4000, "", False, None)) is None
