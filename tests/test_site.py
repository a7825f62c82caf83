"""The episode and show pages as HTML: the markup contract, escaping, sharing tags, weight."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from article2audio import site
from article2audio.site import PageChapter, Sentence, Word
from site_pages import BASE_URL, SLUG, episode, sample_article_episode, show, timed_sentences

HOSTILE = '</title></script><script>alert("x")</script><img src=x onerror=alert(1)> & "q" \u2028'


class Element:
    """A parsed start tag: its name, attributes and the text directly after it."""

    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.text = tag, attrs, ""


class Collect(HTMLParser):
    """Every element of a page in order, script bodies kept apart."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in ("img", "meta", "link", "br", "input"):
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open:
            element = self._open.pop()
            if element.tag == tag:
                if tag == "script":
                    self.scripts.append((element.attrs, element.text))
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


@pytest.fixture
def page() -> Collect:
    return Collect(site.episode_page(show(), episode(400_000)))


def test_chapter_links_are_hash_t_seconds(page):
    chapters, _ = timed_sentences()
    links = [a for a in page.elements if a.tag == "a" and (a.attrs["href"] or "").startswith("#t=")]
    assert [a.attrs["href"] for a in links] == [f"#t={site.seconds(c.start)}" for c in chapters]
    assert [a.text.split(None, 1)[1] for a in links] == [c.title for c in chapters]
    assert links[2].attrs["href"] == "#t=24"


def test_every_sentence_is_timed_in_order_and_none_is_current(page):
    _, sentences = timed_sentences()
    timed = [e for e in page.elements if "data-start" in e.attrs]
    assert [e.text for e in timed] == [s.text for s in sentences]
    starts = [float(e.attrs["data-start"]) for e in timed]
    ends = [float(e.attrs["data-end"]) for e in timed]
    assert starts == [s.start for s in sentences] and ends == [s.end for s in sentences]
    assert all(a < b for a, b in zip(starts, ends, strict=True))
    assert not [e for e in page.elements if "aria-current" in e.attrs]  # the script sets it


def test_word_timings_travel_as_offsets_from_the_sentence_start(page):
    first = page.find("span", data_start="3")[0]
    assert first.text == "We leave the bridge at dawn."
    assert first.attrs["data-w"] == "0 43 87 130 173 217"
    untimed = Sentence("Two words here", 1.0, 2.0, (Word("Two", 1.0, 1.5),))
    assert "data-w" not in site._sentence(untimed)  # words that do not match the text: none


def test_headings_spoken_are_the_chapter_titles(page):
    headings = [e for e in page.elements if e.tag == "h3"]
    assert [h.text for h in headings] == ["Setting Out", "The Mill", "The Meadow", "Home Again"]
    spoken = page.find("span", data_start="12")[0]
    assert spoken.text == "The Mill"


def test_player_has_the_controls_and_a_download_link(page):
    (audio,) = page.find("audio")
    assert audio.attrs["src"] == f"{SLUG}.mp3" and "controls" in audio.attrs
    assert page.find("button", id="play") and len(page.find("button", data_skip="15")) == 1
    assert page.find("button", data_skip="-15")
    speeds = [o.attrs["value"] for o in page.find("option")]
    assert speeds == ["0.75", "1", "1.25", "1.5", "1.75", "2"]
    assert [e for e in page.find("label") if e.attrs.get("for") == "speed"]
    (download,) = [a for a in page.find("a") if "download" in a.attrs]
    assert download.attrs["href"] == f"{SLUG}.mp3"


def test_discovery_and_sharing_tags(page):
    alternates = page.find("link", rel="alternate")
    assert len(alternates) == 1 and alternates[0].attrs["type"] == "application/rss+xml"
    assert alternates[0].attrs["href"] == BASE_URL + "feed.xml"
    og = {
        m.attrs["property"]: m.attrs["content"] for m in page.find("meta") if "property" in m.attrs
    }
    assert og["og:audio"] == BASE_URL + f"{SLUG}.mp3" and og["og:audio:type"] == "audio/mpeg"
    assert og["og:url"] == BASE_URL + f"{SLUG}.html" and og["og:image"] == BASE_URL + "cover.jpg"
    (canonical,) = page.find("link", rel="canonical")
    assert canonical.attrs["href"] == "https://blog.example.org/river-walk"
    ((_, ld_text),) = [s for s in page.scripts if s[0].get("type") == "application/ld+json"]
    ld = json.loads(ld_text)
    assert ld["@type"] == "PodcastEpisode" and ld["partOfSeries"]["@type"] == "PodcastSeries"
    assert ld["associatedMedia"]["contentUrl"] == og["og:audio"]
    assert ld["timeRequired"] == "PT49S" and ld["isBasedOn"] == canonical.attrs["href"]
    note = [p for p in page.find("p") if "synthetic voice" in p.text]
    assert len(note) == 1


def test_an_article_from_a_file_is_its_own_canonical_page():
    page = Collect(site.episode_page(show(), episode(1, source_url=None)))
    assert page.find("link", rel="canonical")[0].attrs["href"] == BASE_URL + f"{SLUG}.html"
    assert "Read the original" not in site.episode_page(show(), episode(1, source_url=None))


def test_only_web_addresses_become_original_article_links():
    html = site.episode_page(show(), episode(1, source_url="javascript:alert(1)"))
    assert "javascript:" not in html


def test_hostile_text_stays_text_everywhere():
    hostile_show = site.ShowPage(HOSTILE, HOSTILE, HOSTILE, BASE_URL, cover_file="a b.jpg")
    sentence = Sentence(HOSTILE, 0.0, 1.0)
    hostile = episode(
        1,
        title=HOSTILE,
        description=HOSTILE,
        author=HOSTILE,
        chapters=(PageChapter(HOSTILE, 0.0, 1.0),),
        sentences=(sentence,),
        transcript_files=((f"{HOSTILE}.vtt", HOSTILE),),
    )
    for html in (site.episode_page(hostile_show, hostile), site.show_page(hostile_show, [hostile])):
        parsed = Collect(html)
        scripts = [attrs for attrs, _ in parsed.scripts]
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in scripts)
        assert len(scripts) <= 2 and not parsed.find("img", src="x")
        assert not [e for e in parsed.elements if any(k.startswith("on") for k in e.attrs)]
        for _, text in parsed.scripts:
            if text:
                data = json.loads(text)
                assert data["name"] == HOSTILE and "<" not in text and "\u2028" not in text
        assert [e.text for e in parsed.elements if e.tag == "h1"] == [HOSTILE]
        assert "a%20b.jpg" in html


def test_show_page_lists_episodes_newest_first_with_chapters_and_apps():
    older = episode(1, title="Older", slug="older")
    newer = episode(1, title="Newer", slug="newer", published=older.published.replace(year=2025))
    page = Collect(site.show_page(show(), [older, newer]))
    titles = [
        a.text
        for a in page.elements
        if a.tag == "a" and a.attrs["href"] in ("newer.html", "older.html")
    ]
    assert titles == ["Newer", "Older"]
    chapter_links = [a.attrs["href"] for a in page.find("a") if "#t=" in a.attrs["href"]]
    assert chapter_links[:4] == [
        "newer.html#t=0",
        "newer.html#t=12",
        "newer.html#t=24",
        "newer.html#t=36",
    ]
    facts = [p.text for p in page.find("p", **{"class": "facts"})]
    assert "49 s" in facts[1]
    apps = {
        a.text: a.attrs["href"]
        for a in page.find("a")
        if a.text in {p.name for p in site.PODCAST_APPS}
    }
    assert apps["Apple Podcasts"] == "podcast://example.com/pod/feed.xml"
    assert apps["Pocket Casts"] == "pktc://subscribe/example.com/pod/feed.xml"
    overcast = parse_qs(urlsplit(apps["Overcast"]).query)
    assert overcast["url"] == [BASE_URL + "feed.xml"]
    antenna = parse_qs(urlsplit(apps["AntennaPod"]).query)
    assert antenna == {"url": [BASE_URL + "feed.xml"], "title": ["Walks & Talks"]}
    ((_, ld_text),) = page.scripts
    assert json.loads(ld_text)["@type"] == "PodcastSeries"
    assert len(page.find("link", rel="alternate")) == 1


def test_long_episode_page_stays_under_60_kb_with_its_script_and_style():
    long_episode = sample_article_episode()
    html = site.episode_page(show(), long_episode)
    assert len(long_episode.sentences) > 100 and html.count('class="s"') == len(
        long_episode.sentences
    )
    assert html.count("data-w=") == len(long_episode.sentences)  # word timings included
    assets = sum(len(text.encode()) for text in site.asset_files().values())
    assert len(html.encode()) + assets < 60_000


@pytest.mark.parametrize(
    ("value", "text", "at", "length"),
    [(0, "0", "0:00", "0 s"), (12.3456, "12.346", "0:12", "12 s"), (754.5, "754.5", "12:34", "13 min"),
     (3725.0, "3725", "1:02:05", "1 h 2 min")],
)  # fmt: skip
def test_times_as_written(value, text, at, length):
    assert (site.seconds(value), site.clock(value), site.length_words(value)) == (text, at, length)


def test_assets_are_small_and_self_contained():
    assets = site.asset_files()
    assert set(assets) == {"site.css", "player.js"}
    for text in assets.values():
        assert not re.search(r"https?://", text)  # no CDN, nothing fetched
    assert (
        "prefers-color-scheme: dark" in assets["site.css"]
        and ":focus-visible" in assets["site.css"]
    )
