"""Publishing: feed (read by feedparser and gPodder's podcastparser), transcript, chapters JSON."""

from __future__ import annotations

import json
import multiprocessing
import re
import subprocess
import sys
import uuid
from pathlib import Path

import feedparser
import podcastparser
import pytest
from mutagen.id3 import ID3
from PIL import Image

from article2audio import episodes, pipeline, publish, transcript
from article2audio import feed as rss
from article2audio.errors import OutputError
from article2audio.models import Article, Chapter, Section, TimedCue
from article2audio.settings import Settings
from article2audio.sources import Source
from article2audio.tags import read_tags
from audio_checks import stream_info
from cli_runner import run_cli

BASE_URL = "https://example.com/pod/"
SECOND_ARTICLE = """---
title: Rain Gardens
author: Grace Hopper
date: 2024-06-02
---

Rain gardens soak up storms.

## Why They Work

Plants and soil slow the water down.
"""
VTT_TIMING = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$")


def _settings(tmp_path: Path, **overrides) -> Settings:
    values = {
        "output_dir": tmp_path / "out",
        "engine": "fake",
        "cache_dir": tmp_path / "cache",
        "intro": "none",
        "base_url": BASE_URL,
        "show": "City Notes",
        "owner_email": "owner@example.com",
    }
    values.update(overrides)
    return Settings.of(**values)


def _cover(tmp_path: Path) -> Path:
    path = tmp_path / "cover.png"
    Image.new("RGB", (600, 400), (20, 120, 60)).save(path)
    return path


def _local(url: str, out: Path) -> Path:
    """The file in the output folder that a feed URL points at."""
    assert url.startswith(BASE_URL), url
    return out / url[len(BASE_URL) :]


def _ms(parts: tuple[str, ...]) -> int:
    hours, minutes, seconds, millis = map(int, parts)
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def parse_webvtt(text: str) -> list[tuple[int, int, list[str]]]:
    """A strict reader for the WebVTT we write: header, blank-line blocks, timing then text."""
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == "WEBVTT"
    cues = []
    for block in blocks[1:]:
        timing, *lines = block.split("\n")
        match = VTT_TIMING.match(timing)
        assert match, timing
        assert lines and all(line.strip() and "-->" not in line for line in lines)
        cues.append((_ms(match.groups()[:4]), _ms(match.groups()[4:]), lines))
    return cues


@pytest.fixture
def published(tmp_path, data_file, fake_engine):
    """short.md built with a cover, a base URL and an SRT transcript."""
    settings = _settings(tmp_path, cover=_cover(tmp_path), srt=True, show_author="Show Host")
    episode = pipeline.build_episode(str(data_file("short.md")), settings)
    return episode, settings.output.dir


def test_feedparser_reads_one_complete_episode(published):
    episode, out = published
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "City Notes"
    assert feed.feed.language == "en"
    assert not feed.feed.itunes_explicit  # feedparser knows only "yes"; Apple asks for "false"
    assert feed.feed.image.href == BASE_URL + "cover.jpg"
    assert feed.feed.tags[0].term == "News"
    assert feed.feed.publisher_detail.email == "owner@example.com"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [BASE_URL + "feed.xml"]
    (entry,) = feed.entries
    (enclosure,) = entry.enclosures
    assert enclosure.href == BASE_URL + "bees-in-the-city.mp3"
    assert int(enclosure.length) == episode.path.stat().st_size
    assert enclosure.type == "audio/mpeg"
    assert abs(int(entry.itunes_duration) - stream_info(episode.path)["duration"]) <= 1
    assert entry.id.startswith("urn:uuid:")
    assert entry.published_parsed[:3] == (2024, 5, 1)  # the front matter date
    assert entry.itunes_episode == "1"
    assert feed.feed.author == "Show Host"  # the show's author ...
    assert entry.author == "Ada Lovelace"  # ... and the episode's, from its front matter
    assert "00:00 Bees in the City" in entry.summary


def test_podcastparser_finds_links_to_files_that_exist(published):
    episode, out = published
    with open(out / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse(BASE_URL + "feed.xml", stream)
    assert parsed["title"] == "City Notes"
    assert parsed["import_prohibited"] is False and parsed["explicit"] is False
    assert parsed["itunes_owner"] == {"name": "Show Host", "email": "owner@example.com"}
    assert parsed["itunes_categories"] == [["News"]]
    assert _local(parsed["cover_url"], out).is_file()
    (item,) = parsed["episodes"]
    (enclosure,) = item["enclosures"]
    assert _local(enclosure["url"], out) == episode.path
    assert enclosure["file_size"] == episode.path.stat().st_size
    assert enclosure["mime_type"] == "audio/mpeg"
    assert abs(item["total_time"] - stream_info(episode.path)["duration"]) <= 1
    assert item["guid"] and item["published"] > 0 and item["number"] == 1
    assert _local(item["chapters_json_url"], out).name == "bees-in-the-city.chapters.json"
    assert _local(item["chapters_json_url"], out).is_file()
    assert _local(item["transcript_url"], out).is_file()


def test_podcast_guid_is_uuid5_of_the_feed_url(published):
    _, out = published
    text = (out / "feed.xml").read_text()
    expected = uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a1b28a128cb6"), "example.com/pod/feed.xml"
    )
    assert f"<podcast:guid>{expected}</podcast:guid>" in text
    assert '<podcast:locked owner="owner@example.com">no</podcast:locked>' in text
    assert 'type="text/vtt" language="en" rel="captions"' in text
    assert 'type="application/x-subrip"' in text


def test_chapters_json_matches_the_id3_chapters(published):
    episode, out = published
    doc = json.loads((out / "bees-in-the-city.chapters.json").read_text())
    assert doc["version"] == "1.2.0"
    id3_chapters = read_tags(episode.path)["chapters"]
    assert [c["title"] for c in doc["chapters"]] == [c[0] for c in id3_chapters]
    assert [round(c["startTime"] * 1000) for c in doc["chapters"]] == [c[1] for c in id3_chapters]
    starts = [c["startTime"] for c in doc["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0


def test_webvtt_is_valid_monotonic_short_lined_and_within_the_audio(published):
    episode, out = published
    cues = parse_webvtt((out / "bees-in-the-city.vtt").read_text())
    assert len(cues) >= 8
    previous_end = 0
    for start, end, lines in cues:
        assert previous_end <= start < end
        assert all(len(line) <= 65 for line in lines) and len(lines) <= 2
        previous_end = end
    assert cues[-1][1] <= stream_info(episode.path)["duration"] * 1000
    spoken = " ".join(" ".join(lines) for _, _, lines in cues)
    assert "Bees are thriving on city rooftops." in spoken and "Fewer Pesticides" in spoken
    # the first heading after the intro is captioned where its chapter starts (plus the lead)
    heading = next(c for c in cues if c[2] == ["Flowers Everywhere"])
    assert 0 <= heading[0] - episode.chapters[1].start_ms <= 400
    srt = (out / "bees-in-the-city.srt").read_text()
    blocks = srt.rstrip("\n").split("\n\n")
    assert srt.startswith("1\n00:00:") and len(blocks) >= len(cues)  # shorter lines, more cards
    for number, block in enumerate(blocks, start=1):
        index, timing, *lines = block.split("\n")
        assert index == str(number) and " --> " in timing and "," in timing
        assert 1 <= len(lines) <= 2 and all(len(line) <= 32 for line in lines), lines
    assert " ".join(" ".join(b.split("\n")[2:]) for b in blocks) == spoken


def test_tags_hold_cover_show_notes_and_episode_number(published):
    episode, _ = published
    tags = read_tags(episode.path)
    assert tags["has_cover"] and tags["episode"] == "1"
    notes = tags["comment"]
    assert notes.startswith("Why city rooftops")
    stamps = re.findall(r"^(\d{2}):(\d{2}) (.+)$", notes, re.MULTILINE)
    assert [title for _, _, title in stamps] == [c.title for c in episode.chapters]
    assert [int(m) * 60 + int(s) for m, s, _ in stamps] == [
        c.start_ms // 1000 for c in episode.chapters
    ]
    assert str(ID3(episode.path)["TDES"]) == notes  # the podcast description frame too
    picture = ID3(episode.path).getall("APIC")[0]
    assert picture.mime == "image/jpeg" and picture.type == 3
    assert episode.extra_files["feed"] == episode.path.parent / "feed.xml"


def test_two_articles_and_a_rebuild_give_both_without_duplicates(tmp_path, data_file, fake_engine):
    first = pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path))
    second_path = tmp_path / "rain.md"
    second_path.write_text(SECOND_ARTICLE)
    pipeline.build_episode(str(second_path), _settings(tmp_path))
    guid_before = json.loads((first.path.parent / "bees-in-the-city.episode.json").read_text())[
        "guid"
    ]
    again = pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path, force=True))

    feed = feedparser.parse((again.path.parent / "feed.xml").read_bytes())
    assert not feed.bozo
    assert sorted(e.title for e in feed.entries) == ["Bees in the City", "Rain Gardens"]
    assert len({e.id for e in feed.entries}) == 2
    bees = next(e for e in feed.entries if e.title == "Bees in the City")
    assert bees.id == guid_before and bees.itunes_episode == "1"
    rain = next(e for e in feed.entries if e.title == "Rain Gardens")
    assert rain.itunes_episode == "2" and rain.author == "Grace Hopper"
    assert feed.entries[0].title == "Rain Gardens"  # newest first


def test_invalid_feed_is_refused_before_speaking_and_left_untouched(
    tmp_path, data_file, fake_engine
):
    out = tmp_path / "out"
    out.mkdir()
    broken = b"<rss><channel><item>half a feed"
    (out / "feed.xml").write_bytes(broken)
    with pytest.raises(OutputError, match="feed.xml is not valid XML"):
        pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path))
    assert (out / "feed.xml").read_bytes() == broken
    assert fake_engine.calls == []
    assert not list(out.glob("*.mp3"))


def test_items_the_build_did_not_make_are_kept(tmp_path, data_file, fake_engine):
    first = pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path))
    feed_path = first.path.parent / "feed.xml"
    text = feed_path.read_text()
    hand_item = (
        "<item><title>Hand made</title><guid>hand-1</guid>"
        '<enclosure url="https://example.com/pod/x.mp3" length="10" type="audio/mpeg"/></item>'
    )
    feed_path.write_text(text.replace("</channel>", hand_item + "</channel>"))
    pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path, force=True))
    titles = sorted(e.title for e in feedparser.parse(feed_path.read_bytes()).entries)
    assert titles == ["Bees in the City", "Hand made"]
    # `feed DIR` rebuilds from the sidecars alone: the hand-made item is not one of them
    feed_path.unlink()
    rss.write_feed(first.path.parent, keep_foreign=False)
    rebuilt = feedparser.parse(feed_path.read_bytes())
    assert [e.title for e in rebuilt.entries] == ["Bees in the City"]
    assert rebuilt.feed.title == "City Notes"  # the show comes from the sidecar
    assert int(rebuilt.entries[0].enclosures[0].length) == first.path.stat().st_size


def _record_in_process(out: str, index: int) -> None:
    audio = Path(out) / f"ep{index}.mp3"
    audio.write_bytes(b"\xff\xfb" * (100 + index))
    record = episodes.EpisodeRecord(
        slug=f"ep{index}",
        guid=f"guid-{index}",
        title=f"Episode {index}",
        author="A",
        description="d",
        show_notes="d",
        pub_date=f"2024-01-{index + 1:02d}T12:00:00+00:00",
        duration_ms=1000,
        audio=audio.name,
        episode_number=index + 1,
    )
    show = episodes.ShowInfo("Show", "A", "About", base_url=BASE_URL)
    publish.record_episode(Path(out), record, show)


def test_concurrent_builds_into_one_folder_lose_no_entry(tmp_path):
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_record_in_process, args=(str(tmp_path), i)) for i in range(12)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert not feed.bozo
    assert sorted(e.id for e in feed.entries) == sorted(f"guid-{i}" for i in range(12))
    lengths = {e.id: int(e.enclosures[0].length) for e in feed.entries}
    assert lengths["guid-3"] == 206
    assert not list(tmp_path.glob("*.part"))


def test_long_cue_is_split_into_short_lines_within_its_time():
    text = " ".join(f"word{i}" for i in range(60))  # about 410 characters
    cues = [TimedCue(0, "sentence", text, 1000, 9000), TimedCue(0, "sentence", "End.", 9200, 9800)]
    caps = transcript.captions(cues, duration_ms=9500)
    assert len(caps) >= 4
    assert all(len(line) <= 65 for cap in caps for line in cap.lines)
    assert caps[0].start_ms == 1000 and caps[-2].end_ms == 9000
    assert [c.start_ms for c in caps] == sorted(c.start_ms for c in caps)
    assert caps[-1].end_ms == 9500  # clipped to the audio
    assert " ".join(" ".join(c.lines) for c in caps[:-1]) == text


def test_caption_times_keep_their_milliseconds_in_both_formats():
    caps = [transcript.Caption(1_005, 3_723_456, ["One line."])]
    assert "00:00:01.005 --> 01:02:03.456\nOne line." in transcript.to_webvtt(caps)
    assert transcript.to_srt(caps) == "1\n00:00:01,005 --> 01:02:03,456\nOne line.\n"


def test_show_notes_use_hours_only_for_long_episodes():
    short = [Chapter("Intro", 0, 65_000), Chapter("Main", 65_000, 120_000)]
    assert publish.show_notes("About.", short) == "About.\n\nChapters:\n00:00 Intro\n01:05 Main"
    long = [Chapter("Intro", 0, 3_000_000), Chapter("Late", 3_000_000, 3_700_000)]
    assert publish.show_notes("About.", long).endswith("0:00:00 Intro\n0:50:00 Late")
    assert publish.show_notes("", short).startswith("Chapters:\n00:00 Intro")
    assert publish.show_notes("Only words.", []) == "Only words."


def test_cli_feed_rebuilds_a_broken_feed_from_sidecars(published, tmp_path):
    episode, out = published
    (out / "feed.xml").write_text("<rss><channel>broken")
    proc = run_cli("feed", str(out), "--base-url", "https://cdn.example.org/show", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "1 episodes" in proc.stdout
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "City Notes"
    (entry,) = feed.entries
    assert entry.enclosures[0].href == "https://cdn.example.org/show/bees-in-the-city.mp3"
    assert int(entry.enclosures[0].length) == episode.path.stat().st_size
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = run_cli("feed", str(empty), cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.startswith("Error: ")


@pytest.mark.e2e
def test_real_voice_build_publishes_a_feed_podcast_apps_read(tmp_path):
    (tmp_path / "tiny.txt").write_text("Tiny Test\n\nHello there.\n\nSecond Part\n\nThe end.\n")
    Image.new("RGB", (300, 300), (10, 20, 200)).save(tmp_path / "art.png")
    (tmp_path / "article2audio.toml").write_text(
        f'[show]\ntitle = "From File"\nauthor = "File Host"\nbase_url = "{BASE_URL}"\n'
        '[sound]\nintro = "none"\n'
    )
    proc = run_cli(
        "build", "tiny.txt", "-o", "out", "--cover", "art.png", "--show", "From Flag", "--json",
        cwd=tmp_path, env={"ARTICLE2AUDIO_SHOW_AUTHOR": "Env Host", "ARTICLE2AUDIO_SHOW": "From Env"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    channel = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes()).feed
    assert (channel.title, channel.author) == ("From Flag", "Env Host")  # file < env < flag
    out = tmp_path / "out"
    mp3 = out / "tiny-test.mp3"
    files = json.loads(proc.stdout)["files"]
    assert {Path(files[k]).name for k in ("feed", "transcript", "chapters", "cover")} == {
        "feed.xml", "tiny-test.vtt", "tiny-test.chapters.json", "cover.jpg"
    }  # fmt: skip
    with open(out / "feed.xml", "rb") as stream:
        (item,) = podcastparser.parse(BASE_URL + "feed.xml", stream)["episodes"]
    assert item["enclosures"][0]["file_size"] == mp3.stat().st_size
    assert abs(item["total_time"] - stream_info(mp3)["duration"]) <= 1
    assert _local(item["transcript_url"], out).is_file()
    cues = parse_webvtt((out / "tiny-test.vtt").read_text())
    assert [lines for _, _, lines in cues][1] == ["Hello there."]
    assert cues[-1][1] <= stream_info(mp3)["duration"] * 1000
    doc = json.loads((out / "tiny-test.chapters.json").read_text())
    id3 = read_tags(mp3)
    assert [round(c["startTime"] * 1000) for c in doc["chapters"]] == [
        c[1] for c in id3["chapters"]
    ]
    assert id3["has_cover"]


def _plan_in_process(out: str, index: int) -> None:
    article = Article(f"Episode {index}", [Section(f"Episode {index}", 1, "Text.")])
    settings = Settings.of(output_dir=Path(out), base_url=BASE_URL)
    work_dir = Path(out) / f".a2a-test{index}"  # a build's hidden work folder, kept while it runs
    work_dir.mkdir()
    source = Source(
        "Text.",
        "-",
        None,
        url=f"https://example.com/{index}",
        requested=f"https://example.com/{index}",
    )
    publish.plan_episode(settings, article, source, [f"Episode {index}"], work_dir)


def test_builds_started_together_get_different_episode_numbers(tmp_path):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_plan_in_process, args=(str(tmp_path), i)) for i in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    notes = [json.loads(p.read_text()) for p in tmp_path.glob(".a2a-*/*.reserved.json")]
    assert sorted(n["episode_number"] for n in notes) == list(range(1, 9))
    # a finished episode takes the next number; running builds are not in the feed
    _record_in_process(str(tmp_path), 20)
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == ["guid-20"]
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob(".*.lock"))


def test_a_three_line_sentence_becomes_two_even_captions_without_an_orphan():
    text = (
        "The idea of these two titans sitting down to discuss something as critical "
        "as a ceasefire in Ukraine is, to say the least, intriguing."
    )
    caps = transcript.captions([TimedCue(0, "sentence", text, 0, 8000)], duration_ms=9000)
    assert [len(c.lines) for c in caps] == [2, 2]
    assert min(len(line) for c in caps for line in c.lines) > 20
    assert " ".join(" ".join(c.lines) for c in caps) == text


def test_article_image_becomes_the_episode_art(tmp_path, fake_engine):
    Image.new("RGB", (2000, 1500), (200, 100, 0)).save(tmp_path / "art.png")
    article = tmp_path / "art.md"
    article.write_text("---\ntitle: Art Piece\nimage: art.png\n---\n\nA picture says it.\n")
    episode = pipeline.build_episode(str(article), _settings(tmp_path))
    out = episode.path.parent
    art = Image.open(out / "art-piece.jpg")
    assert art.format == "JPEG" and art.size == (1500, 1500)
    assert read_tags(episode.path)["has_cover"]
    with open(out / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse(BASE_URL + "feed.xml", stream)
    assert parsed["episodes"][0]["episode_art_url"] == BASE_URL + "art-piece.jpg"
    assert parsed["cover_url"] == BASE_URL + "art-piece.jpg"  # no show cover yet: the episode's


def test_a_show_with_no_art_gets_a_title_card_until_a_cover_is_given(
    tmp_path, data_file, fake_engine
):
    out = tmp_path / "out"
    episode = pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path))
    card = Image.open(out / "cover.jpg")
    assert card.format == "JPEG" and card.size == (1400, 1400)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.image.href == BASE_URL + "cover.jpg"
    assert not read_tags(episode.path)["has_cover"]  # the MP3 is not padded with a stand-in
    made = (out / "cover.jpg").read_bytes()
    again = _settings(tmp_path, cover=_cover(tmp_path), force=True)
    pipeline.build_episode(str(data_file("short.md")), again)
    assert (out / "cover.jpg").read_bytes() != made  # the producer's art replaces the card
    assert Image.open(out / "cover.jpg").getpixel((700, 700)) == pytest.approx((20, 120, 60), abs=4)


def test_no_title_card_without_a_feed(tmp_path, data_file, fake_engine):
    pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path, base_url=None))
    assert not list((tmp_path / "out").glob("cover.*"))


def test_an_episode_whose_mp3_was_removed_leaves_the_feed(tmp_path):
    for index in (1, 2):
        _record_in_process(str(tmp_path), index)
    (tmp_path / "ep1.mp3").unlink()
    rss.write_feed(tmp_path, keep_foreign=False)
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == ["guid-2"]


CHECK_PUBLISH = Path(__file__).parents[1] / "scripts" / "check_publish.py"


def _check_publish(out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK_PUBLISH), str(out), BASE_URL, *flags],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_publish_passes_a_build_without_cover_and_reads_the_srt_as_srt(
    tmp_path, data_file, fake_engine
):
    episode = pipeline.build_episode(str(data_file("short.md")), _settings(tmp_path, srt=True))
    out = episode.path.parent
    checked = _check_publish(out)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "bees-in-the-city.srt (application/x-subrip): valid" in checked.stdout
    assert "bees-in-the-city.transcript.json (application/json): valid" in checked.stdout
    assert checked.stdout.rstrip().endswith("OK")
    asked = _check_publish(out, "--cover")  # a cover was asked for and is not there
    assert asked.returncode == 1 and "no embedded cover" in asked.stdout
    srt = out / "bees-in-the-city.srt"
    srt.write_text(srt.read_text().replace("1\n00:", "one\n00:", 1).replace(",", ".", 2))
    broken = _check_publish(out)
    assert broken.returncode == 1
    assert "bees-in-the-city.srt: cue 1 is numbered 'one'" in broken.stdout
    assert "bees-in-the-city.srt: bad cue" in broken.stdout


def test_check_publish_passes_a_build_with_its_cover(published):
    _, out = published
    checked = _check_publish(out, "--cover")
    assert checked.returncode == 0, checked.stdout + checked.stderr
