"""Episode and show pages: static HTML with a synced transcript, rendered from small inputs.

`episode_page` makes `<slug>.html` (player, chapters, the transcript whose spoken sentence is
highlighted) and `show_page` makes `index.html` (subscribe links, episodes newest first). Both
are pure functions of frozen dataclasses; every text from a document is escaped, in JSON-LD
too. The pages link one stylesheet and one script shipped with the package (`asset_files`),
use relative links only (they work from any static host and from file://), and absolute URLs
only where sharing needs them (Open Graph, JSON-LD, the feed link).

Markup contract (tests rely on it): chapter links are `<a href="#t=SECONDS">`; each transcript
sentence is an element with `data-start` and `data-end` in seconds; the script marks the one
being spoken with `aria-current="true"`. Word timings travel compactly in `data-w` (each
word's start, in hundredths of a second after the sentence's start) and the script makes each
word an element with its own `data-start`/`data-end`, so a long episode stays a light page.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from urllib.parse import quote, urljoin, urlsplit

ASSET_NAMES = ("site.css", "player.js")
SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
SYNTHETIC_NOTE = "read by a synthetic voice (text-to-speech software), not by a person."


@dataclass(frozen=True)
class Word:
    """One spoken word of a sentence and when it is said (seconds)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Sentence:
    """One transcript sentence and when it is spoken; `words` are its whitespace tokens, timed."""

    text: str
    start: float
    end: float
    words: tuple[Word, ...] = ()
    heading: bool = False  # the chapter's spoken heading: shown as the chapter's title
    new_paragraph: bool = False  # starts a new paragraph within its chapter


@dataclass(frozen=True)
class PageChapter:
    """A chapter: its title and where it starts and ends (seconds)."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class ShowPage:
    """What the pages say about the show; files are names in the published folder."""

    title: str
    description: str
    author: str
    base_url: str  # where the folder is served, ending in "/"
    language: str = "en"
    feed_file: str = "feed.xml"
    cover_file: str | None = None

    def url(self, file_name: str) -> str:
        """The absolute URL of a file in the published folder."""
        return urljoin(self.base_url, quote(file_name))

    @property
    def feed_url(self) -> str:
        """The absolute URL of the feed."""
        return self.url(self.feed_file)


@dataclass(frozen=True)
class EpisodePage:
    """What the episode page shows; files are names in the published folder."""

    title: str
    slug: str
    published: dt.datetime
    author: str
    description: str
    duration: float  # seconds
    audio_file: str
    audio_bytes: int
    audio_type: str = "audio/mpeg"
    cover_file: str | None = None  # the episode's own art, else the show's is used
    source_url: str | None = None  # the original article, when it came from a URL
    chapters: tuple[PageChapter, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    transcript_files: tuple[tuple[str, str], ...] = ()  # (file name, label), e.g. WebVTT

    @property
    def page_file(self) -> str:
        """The page's file name in the published folder."""
        return f"{self.slug}.html"


def asset_files() -> dict[str, str]:
    """The stylesheet and script the pages link, by file name, to copy next to them."""
    folder = resources.files("article2audio") / "data"
    return {name: (folder / name).read_text(encoding="utf-8") for name in ASSET_NAMES}


# --- small formatting helpers ----------------------------------------------------------------


def _e(text: str) -> str:
    """Escape text for HTML content and quoted attribute values."""
    return escape(text, quote=True)


def _href(file_name: str) -> str:
    """A relative link to a file in the published folder, escaped for an attribute."""
    return _e(quote(file_name))


def seconds(value: float) -> str:
    """Seconds as the pages write them: at most three decimals, no trailing zeros."""
    text = f"{max(0.0, value):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def clock(value: float) -> str:
    """A listener's timestamp: M:SS, or H:MM:SS from an hour on."""
    hours, rest = divmod(int(value), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def length_words(value: float) -> str:
    """A duration for a listing: "12 min", "1 h 5 min", "45 s"."""
    if value < 60:
        return f"{round(value)} s"
    hours, minutes = divmod(round(value / 60), 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def _iso_duration(value: float) -> str:
    """A duration in ISO 8601 (schema.org): PT1H2M3S."""
    hours, rest = divmod(round(value), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def _date_words(when: dt.datetime) -> str:
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _json_ld(data: dict) -> str:
    """JSON-LD that cannot end its <script> element or start another (<, >, & escaped)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'


# --- the head: title, sharing and discovery --------------------------------------------------


def _head(title: str, description: str, show: ShowPage, meta: list[tuple[str, str]]) -> str:
    """<head> with the stylesheet, the feed link, Open Graph `meta` pairs and extras."""
    tags = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f'<meta name="description" content="{_e(description)}">',
        '<link rel="icon" href="data:,">',
        '<link rel="stylesheet" href="site.css">',
        f'<link rel="alternate" type="application/rss+xml" title="{_e(show.title)}" '
        f'href="{_e(show.feed_url)}">',
    ]
    tags += [f'<meta property="{_e(k)}" content="{_e(v)}">' for k, v in meta]
    return "<head>\n" + "\n".join(tags) + "\n"


def _cover_img(file_name: str | None, alt: str, css_class: str) -> str:
    if not file_name:
        return ""
    return (
        f'<img class="{css_class}" src="{_href(file_name)}" alt="{_e(alt)}" '
        'width="160" height="160">'
    )


def _web_address(url: str | None) -> str | None:
    """The URL if it is an http(s) address, else None (no javascript: or data: links)."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _note(source_url: str | None, subject: str = "This episode is") -> str:
    """The visible note that the voice is synthetic (and where the text comes from)."""
    original = (
        f' <a href="{_e(source_url)}" rel="noopener">Read the original article</a>.'
        if source_url
        else ""
    )
    return f'<p class="note">{subject} {SYNTHETIC_NOTE}{original}</p>'


# --- the episode page ------------------------------------------------------------------------


def episode_page(show: ShowPage, episode: EpisodePage) -> str:
    """The episode page (`<slug>.html`): player, chapters and the synced transcript."""
    cover = episode.cover_file or show.cover_file
    page_url = show.url(episode.page_file)
    source_url = _web_address(episode.source_url)
    meta = [
        ("og:type", "article"),
        ("og:site_name", show.title),
        ("og:title", episode.title),
        ("og:description", episode.description or show.description),
        ("og:url", page_url),
        ("og:audio", show.url(episode.audio_file)),
        ("og:audio:type", episode.audio_type),
        *([("og:image", show.url(cover))] if cover else []),
    ]
    head = _head(f"{episode.title} · {show.title}", episode.description, show, meta)
    canonical = source_url or page_url
    head += f'<link rel="canonical" href="{_e(canonical)}">\n'
    head += _json_ld(_episode_ld(show, episode, cover, source_url)) + "\n"
    head += '<script src="player.js" defer></script>\n</head>'
    body = [
        f'<header class="site"><a href="index.html">{_e(show.title)}</a></header>',
        '<main id="main">',
        _episode_intro(show, episode, cover) + _note(source_url),
        _player(episode),
        _chapter_list(episode.chapters, ""),
        _transcript(episode),
        "</main>",
        _footer(show),
    ]
    return _document(show.language, head, body)


def _document(language: str, head: str, body: list[str]) -> str:
    parts = [p for p in body if p]
    return (
        f'<!doctype html>\n<html lang="{_e(language)}">\n{head}\n<body>\n'
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )


def _episode_intro(show: ShowPage, episode: EpisodePage, cover: str | None) -> str:
    published = episode.published
    facts = (
        f"By {_e(episode.author)} · "
        f'<time datetime="{published.date().isoformat()}">{_date_words(published)}</time> · '
        f"{length_words(episode.duration)}"
    )
    description = f'<p class="desc">{_e(episode.description)}</p>' if episode.description else ""
    return (
        '<div class="intro">'
        + _cover_img(cover, f"Cover art of {show.title}", "cover")
        + f'<div><h1>{_e(episode.title)}</h1><p class="facts">{facts}</p></div></div>\n'
        + description
    )


def _player(episode: EpisodePage) -> str:
    """The native <audio> element plus the buttons the script brings to life."""
    options = "".join(
        f'<option value="{s}"{" selected" if s == "1" else ""}>{s}×</option>' for s in SPEEDS
    )
    audio = _href(episode.audio_file)
    return (
        '<section class="player" aria-label="Player">\n'
        f'<audio id="audio" controls preload="metadata" src="{audio}"></audio>\n'
        '<div class="bar">'
        '<span class="controls" hidden>'
        '<button type="button" id="play">Play</button>'
        '<button type="button" data-skip="-15">−15 s</button>'
        '<button type="button" data-skip="15">+15 s</button>'
        f'<span class="speed"><label for="speed">Speed</label><select id="speed">{options}</select>'
        "</span></span></div>\n</section>\n"
        f'<p class="download"><a href="{audio}" download>Download MP3 '
        f"({_megabytes(episode.audio_bytes)})</a></p>"
    )


def _chapter_list(chapters: Sequence[PageChapter], page_href: str) -> str:
    """The chapters as links; on the episode page each is `<a href="#t=SECONDS">`."""
    if not chapters:
        return ""
    items = "".join(
        f'<li><a href="{page_href}#t={seconds(c.start)}">'
        f'<span class="at">{clock(c.start)}</span> {_e(c.title)}</a></li>'
        for c in chapters
    )
    if page_href:
        return f'<ol class="chapters">{items}</ol>'
    return (
        '<nav class="toc" aria-labelledby="chapters-h"><h2 id="chapters-h">Chapters</h2>'
        f'<ol class="chapters">{items}</ol></nav>'
    )


def _transcript(episode: EpisodePage) -> str:
    """The whole transcript, one section per chapter, each sentence timed."""
    if not episode.sentences:
        return ""
    files = "".join(
        f' <a href="{_href(name)}">{_e(label)}</a>' for name, label in episode.transcript_files
    )
    groups = _by_chapter(episode.chapters, episode.sentences)
    sections = "\n".join(_transcript_section(title, group) for title, group in groups)
    return (
        '<section class="transcript" aria-labelledby="transcript-h">'
        '<h2 id="transcript-h">Transcript</h2>'
        '<p class="hint">Select a sentence to play from there; in the transcript, the arrow '
        f"keys move between sentences and Enter plays.{files}</p>\n"
        f'<div id="tr">\n{sections}\n</div>\n'
        '<button type="button" id="follow" hidden>Back to the sentence being read</button>'
        "</section>"
    )


def _by_chapter(
    chapters: Sequence[PageChapter], sentences: Sequence[Sentence]
) -> list[tuple[str, list[Sentence]]]:
    """Sentences grouped under the chapter in which they start (all under one without any)."""
    if not chapters:
        return [("", list(sentences))]
    groups: list[tuple[str, list[Sentence]]] = [(c.title, []) for c in chapters]
    index = 0
    for sentence in sorted(sentences, key=lambda s: s.start):
        while index + 1 < len(chapters) and sentence.start >= chapters[index + 1].start:
            index += 1
        groups[index][1].append(sentence)
    return groups


def _transcript_section(title: str, sentences: list[Sentence]) -> str:
    heading = next((s for s in sentences if s.heading), None)
    parts = []
    if heading is not None:
        parts.append(f"<h3>{_sentence(heading)}</h3>")
    elif title:
        parts.append(f"<h3>{_e(title)}</h3>")
    paragraphs: list[list[str]] = [[]]
    for sentence in sentences:
        if sentence is heading:
            continue
        if sentence.new_paragraph and paragraphs[-1]:
            paragraphs.append([])
        paragraphs[-1].append(_sentence(sentence))
    parts += [f"<p>{' '.join(p)}</p>" for p in paragraphs if p]
    return "<section>" + "\n".join(parts) + "</section>"


def _sentence(sentence: Sentence) -> str:
    """One timed sentence: `<span class="s" data-start data-end [data-w]>text</span>`."""
    words = _word_offsets(sentence)
    word_attr = f' data-w="{words}"' if words else ""
    return (
        f'<span class="s" data-start="{seconds(sentence.start)}" '
        f'data-end="{seconds(sentence.end)}"{word_attr}>{_e(sentence.text)}</span>'
    )


def _word_offsets(sentence: Sentence) -> str:
    """Each word's start in hundredths after the sentence's; "" unless one word per token."""
    if not sentence.words or len(sentence.words) != len(sentence.text.split()):
        return ""
    return " ".join(str(max(0, round((w.start - sentence.start) * 100))) for w in sentence.words)


def _episode_ld(
    show: ShowPage, episode: EpisodePage, cover: str | None, source_url: str | None
) -> dict:
    """schema.org PodcastEpisode, part of the show's PodcastSeries."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "url": show.url(episode.page_file),
        "name": episode.title,
        "datePublished": episode.published.isoformat(),
        "description": episode.description,
        "inLanguage": show.language,
        "timeRequired": _iso_duration(episode.duration),
        "author": {"@type": "Person", "name": episode.author},
        "associatedMedia": {
            "@type": "AudioObject",
            "contentUrl": show.url(episode.audio_file),
            "encodingFormat": episode.audio_type,
            "duration": _iso_duration(episode.duration),
            "contentSize": str(episode.audio_bytes),
        },
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": show.title,
            "url": show.url("index.html"),
            "webFeed": show.feed_url,
        },
    }
    if cover:
        data["image"] = show.url(cover)
    if source_url:
        data["isBasedOn"] = source_url
    return data


def _footer(show: ShowPage) -> str:
    return (
        '<footer class="site"><p>'
        f'<a href="index.html">{_e(show.title)}</a> · '
        f'<a href="{_e(show.feed_url)}">RSS feed</a> · made with article2audio</p></footer>'
    )


# --- the show page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PodcastApp:
    """A podcast app and how a link subscribes it to a feed."""

    name: str
    template: str  # {url}: the feed URL percent-encoded; {bare}: without its scheme

    def link(self, feed_url: str, title: str) -> str:
        """The subscribe link for this app."""
        bare = feed_url.split("://", 1)[-1]
        return self.template.format(
            url=quote(feed_url, safe=""), bare=bare, title=quote(title, safe="")
        )


# The apps' own subscribe-link schemes (AntennaPod documents an https deep link).
PODCAST_APPS = (
    PodcastApp("Apple Podcasts", "podcast://{bare}"),
    PodcastApp("Overcast", "overcast://x-callback-url/add?url={url}"),
    PodcastApp("Pocket Casts", "pktc://subscribe/{bare}"),
    PodcastApp("AntennaPod", "https://antennapod.org/deeplink/subscribe?url={url}&title={title}"),
    PodcastApp("Podcast Addict", "podcastaddict://{bare}"),
    PodcastApp("Castro", "castro://subscribe/{bare}"),
)


def show_page(show: ShowPage, episodes: Sequence[EpisodePage]) -> str:
    """The show page (`index.html`): cover, subscribe links, the episodes newest first."""
    newest_first = sorted(episodes, key=lambda e: e.published, reverse=True)
    meta = [
        ("og:type", "website"),
        ("og:site_name", show.title),
        ("og:title", show.title),
        ("og:description", show.description),
        ("og:url", show.url("index.html")),
        *([("og:image", show.url(show.cover_file))] if show.cover_file else []),
    ]
    head = _head(show.title, show.description, show, meta)
    head += f'<link rel="canonical" href="{_e(show.url("index.html"))}">\n'
    head += _json_ld(_series_ld(show)) + "\n</head>"
    body = [
        '<main id="main">',
        '<div class="intro">'
        + _cover_img(show.cover_file, f"Cover art of {show.title}", "cover")
        + f'<div><h1>{_e(show.title)}</h1><p class="facts">By {_e(show.author)}</p></div></div>',
        f'<p class="desc">{_e(show.description)}</p>' if show.description else "",
        _note(None, "Every episode is"),
        _subscribe(show),
        _episode_list(newest_first),
        "</main>",
        _footer(show),
    ]
    return _document(show.language, head, body)


def _subscribe(show: ShowPage) -> str:
    apps = "".join(
        f'<li><a href="{_e(app.link(show.feed_url, show.title))}">{_e(app.name)}</a></li>'
        for app in PODCAST_APPS
    )
    return (
        '<section aria-labelledby="subscribe-h"><h2 id="subscribe-h">Subscribe</h2>'
        f'<p>Feed: <a href="{_e(show.feed_url)}" type="application/rss+xml">'
        f"<code>{_e(show.feed_url)}</code></a> (paste it into any podcast app)</p>"
        f'<p>Add to an app:</p><ul class="apps">{apps}</ul></section>'
    )


def _episode_list(episodes: Sequence[EpisodePage]) -> str:
    items = []
    for episode in episodes:
        page = _href(episode.page_file)
        chapters = _chapter_list(episode.chapters, page)
        details = (
            f"<details><summary>Chapters ({len(episode.chapters)})</summary>{chapters}</details>"
            if chapters
            else ""
        )
        description = f"<p>{_e(episode.description)}</p>" if episode.description else ""
        items.append(
            f'<li><h3><a href="{page}">{_e(episode.title)}</a></h3>'
            f'<p class="facts"><time datetime="{episode.published.date().isoformat()}">'
            f"{_date_words(episode.published)}</time> · {length_words(episode.duration)}</p>"
            f"{description}{details}</li>"
        )
    return (
        '<section aria-labelledby="episodes-h"><h2 id="episodes-h">Episodes</h2>'
        f'<ol class="episodes">{"".join(items)}</ol></section>'
    )


def _series_ld(show: ShowPage) -> dict:
    """schema.org PodcastSeries."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": show.title,
        "description": show.description,
        "url": show.url("index.html"),
        "webFeed": show.feed_url,
        "inLanguage": show.language,
        "author": {"@type": "Person", "name": show.author},
    }
    if show.cover_file:
        data["image"] = show.url(show.cover_file)
    return data
