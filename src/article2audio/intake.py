"""Feeds in: what `build` was given, turned into the articles to build.

An argument is an article file, a folder of them, an http(s) URL, stdin, or a feed: an RSS or
Atom feed (read by feedparser) or a sitemap (read by lxml), given as a URL or a local file. A
feed stands for one article per entry: the entry's full content when the feed carries it
(`content:encoded`, Atom `content`), else the page it links to, read by the HTML reader. The
entry's title, author, date and summary become the episode's, and so does its image, fetched
from the web with the limits of a page; a path an entry names is never read from the disk, and
a page or image on a private address (loopback, LAN) only with --allow-private-urls.

An episode built from an entry keeps the entry's guid/id in its record (`episodes`), so
entries already built into the output folder are skipped: run it again from cron and only new
posts are built. Entries are built oldest first, so episode numbers follow the posts' dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

from .episodes import read_sidecars
from .errors import InputError
from .sources import Source, fetch_url, is_url, read_source
from .timefmt import utc_moment

logger = logging.getLogger(__name__)

FEED_ROOTS = ("rss", "feed", "rdf", "urlset", "sitemapindex")  # root elements of what we read
_XML_ROOT = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*"
    r"<(?:[\w-]+:)?([\w-]+)",
    re.DOTALL | re.IGNORECASE,
)
_HTML_CONTENT = ("text/html", "application/xhtml+xml", "html", "xhtml")
_IMAGE_SUFFIXES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
}
MAX_CHILD_SITEMAPS = 50  # a sitemap index is followed one level down, this many at most


@dataclass(frozen=True)
class Entry:
    """One item of a feed or sitemap: where its article is, and what the feed says of it."""

    entry_id: str  # the guid (RSS), id (Atom) or URL (sitemap); recorded in the episode
    feed: str  # the feed it came from, for messages
    feed_url: str | None = None  # the feed's URL (None: a local file); pages it names are held
    # to the rules of pages a document names (sources.fetch_url's named_by)
    title: str | None = None
    link: str | None = None  # an http(s) URL, never a local path
    date: str | None = None  # ISO 8601, UTC
    author: str | None = None
    summary: str | None = None  # plain text
    image: str | None = None  # an http(s) URL
    content: str | None = None  # the full article as HTML, when the feed carries it

    @property
    def label(self) -> str:
        """How messages name the entry."""
        return self.title or self.link or self.entry_id


@dataclass(frozen=True)
class Wanted:
    """One article to build: a file, URL or stdin named on the command line, or a feed entry."""

    spec: str
    source: Source | None = None  # already read (a URL fetched to see whether it is a feed)
    entry: Entry | None = None

    @property
    def label(self) -> str:
        """How the summary and the progress lines name the article."""
        return self.entry.label if self.entry else self.spec


@dataclass(frozen=True)
class Selection:
    """Which feed entries to build: published since a date, at most the newest N."""

    since: dt.date | None = None
    limit: int | None = None


@dataclass
class Intake:
    """What to build, in order, and the feed entries left out because they were built before."""

    items: list[Wanted] = field(default_factory=list)
    already_built: list[Entry] = field(default_factory=list)
    from_feed: bool = False


def gather(
    specs: list[str],
    output_dir: Path,
    selection: Selection | None = None,
    allow_private: bool = False,
) -> Intake:
    """The articles `specs` name (folders already expanded), feeds opened into their entries
    (selected, the built ones skipped, oldest first); InputError or FetchError when a feed or a
    URL cannot be read."""
    selection = selection or Selection()
    intake = Intake()
    built: set[str] | None = None
    for spec in specs:
        source = _read_if_feed(spec, allow_private)
        if source is None or not looks_like_feed(source.text):
            if source is not None and source.format_hint == "xml":
                raise InputError(f"{spec}: is XML but not an RSS or Atom feed, nor a sitemap")
            intake.items.append(Wanted(spec, source))
            continue
        if built is None:
            built = built_entry_ids(output_dir)
        entries = read_entries(source, allow_private)
        intake.from_feed = True
        new = [e for e in entries if e.entry_id not in built]
        intake.already_built += [e for e in entries if e.entry_id in built]
        intake.items += [Wanted(e.link or spec, entry=e) for e in select(new, selection)]
    return intake


def _read_if_feed(spec: str, allow_private: bool) -> Source | None:
    """A URL read now (only its content tells whether it is a feed); a local file read when it
    starts like XML; None for an article file or stdin, read when it is built."""
    if is_url(spec):
        return read_source(spec, allow_private)
    path = Path(spec).expanduser()
    if spec == "-" or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return None  # the build reports it
    return read_source(spec) if looks_like_feed(head) else None


def looks_like_feed(text: str) -> bool:
    """Whether the text is XML whose root is a feed's or a sitemap's."""
    return _root_name(text) in FEED_ROOTS


def built_entry_ids(output_dir: Path) -> set[str]:
    """The ids of the feed entries already built into the folder (from the episode records)."""
    if not output_dir.is_dir():
        return set()
    return {r.entry_id for r in read_sidecars(output_dir) if r.entry_id}


def select(entries: list[Entry], selection: Selection) -> list[Entry]:
    """The entries dated on or after `since` (undated ones then left out), the newest `limit`
    of them, oldest first (undated ones last, in the feed's order)."""
    if selection.since is not None:
        undated = [e for e in entries if not e.date]
        if undated:
            logger.info("--since: %d entries without a date left out", len(undated))
        since = selection.since.isoformat()
        entries = [e for e in entries if e.date and e.date[:10] >= since]
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date or "")
    ordered = dated + [e for e in entries if not e.date]
    if selection.limit is not None and len(ordered) > selection.limit:
        newest = sorted(ordered, key=lambda e: e.date or "", reverse=True)[: selection.limit]
        ordered = [e for e in ordered if e in newest]
    return ordered


# --- reading feeds and sitemaps ---------------------------------------------------------------


def read_entries(source: Source, allow_private: bool = False) -> list[Entry]:
    """The entries of an RSS/Atom feed or a sitemap, each once, in the document's order."""
    root = _root_name(source.text)
    if root in ("urlset", "sitemapindex"):
        entries = _sitemap_entries(source, allow_private, follow=True)
    else:
        entries = _feed_entries(source)
    entries = [replace(entry, feed_url=source.url) for entry in entries]
    unique = list({e.entry_id: e for e in reversed(entries)}.values())[::-1]
    logger.info("%s: %d entries", _name(source), len(unique))
    return unique


def _name(source: Source) -> str:
    return source.url or (str(source.path) if source.path else source.name)


def _root_name(text: str) -> str:
    match = _XML_ROOT.match(text[:4096])
    return match.group(1).lower() if match else ""


def _feed_entries(source: Source) -> list[Entry]:
    """RSS or Atom entries through feedparser (given the text as a stream, never a name it
    would open or fetch itself)."""
    import feedparser

    headers = {"content-type": "application/xml; charset=utf-8"}
    if source.url:
        headers["content-location"] = source.url  # relative links resolve against the feed
    parsed = feedparser.parse(io.BytesIO(source.text.encode("utf-8")), response_headers=headers)
    if not parsed.entries and parsed.get("bozo"):
        raise InputError(f"{_name(source)}: not a readable feed ({parsed.get('bozo_exception')})")
    feed_author = parsed.feed.get("author")
    return [_entry(item, _name(source), feed_author) for item in parsed.entries]


def _entry(item: Any, feed: str, feed_author: str | None) -> Entry:
    """An Entry from one of feedparser's entries."""
    link = _web_url(item.get("link"))
    title = _clean(item.get("title"))
    entry_id = _clean(item.get("id")) or link or _stable_id(feed, title or "")
    return Entry(
        entry_id=entry_id,
        feed=feed,
        title=title,
        link=link,
        date=_iso(item.get("published_parsed") or item.get("updated_parsed")),
        author=_clean(item.get("author")) or feed_author,
        summary=_plain_text(item.get("summary")),
        image=_entry_image(item),
        content=_full_content(item),
    )


def _full_content(item: Any) -> str | None:
    """The entry's full article (content:encoded, Atom content) as HTML, if it carries one."""
    for content in item.get("content") or []:
        value = (content.get("value") or "").strip()
        if not value:
            continue
        kind = (content.get("type") or "").lower()
        if kind in _HTML_CONTENT:
            return value
        if kind == "text/plain":
            return "".join(f"<p>{escape(p)}</p>" for p in re.split(r"\n\s*\n", value))
    return None


def _entry_image(item: Any) -> str | None:
    """The entry's image URL: media:thumbnail, media:content, itunes:image, an image enclosure."""
    candidates: list[str | None] = [t.get("url") for t in item.get("media_thumbnail") or []]
    candidates += [
        m.get("url")
        for m in item.get("media_content") or []
        if m.get("medium") == "image" or (m.get("type") or "").startswith("image/")
    ]
    candidates.append((item.get("image") or {}).get("href"))
    candidates += [
        e.get("href")
        for e in item.get("enclosures") or []
        if (e.get("type") or "").startswith("image/")
    ]
    return next((url for url in map(_web_url, candidates) if url), None)


def _sitemap_entries(source: Source, allow_private: bool, follow: bool) -> list[Entry]:
    """The pages a sitemap lists (a sitemap index: the pages of its sitemaps, one level down)."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(source.text.encode("utf-8"), parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise InputError(f"{_name(source)}: not a readable sitemap ({exc})") from exc
    if lxml.etree.QName(root).localname == "sitemapindex":
        if not follow:
            return []
        children = [url for url in map(_web_url, _texts(root, "sitemap", "loc")) if url]
        if len(children) > MAX_CHILD_SITEMAPS:
            logger.warning("%s: only the first %d sitemaps read", _name(source), MAX_CHILD_SITEMAPS)
        entries: list[Entry] = []
        for child in children[:MAX_CHILD_SITEMAPS]:
            named = fetch_url(child, allow_private=allow_private, named_by=source.url or "")
            entries += _sitemap_entries(named, allow_private, follow=False)
        return entries
    return [e for e in (_sitemap_entry(url, _name(source)) for url in _children(root, "url")) if e]


def _sitemap_entry(element: lxml.etree._Element, feed: str) -> Entry | None:
    """One <url> of a sitemap (with the Google News and image extensions when present)."""
    link = _web_url(_first_text(element, "loc"))
    if link is None:
        return None
    return Entry(
        entry_id=link,
        feed=feed,
        title=_clean(_first_text(element, "title")),  # news:news/news:title
        link=link,
        date=_iso_text(_first_text(element, "publication_date") or _first_text(element, "lastmod")),
        image=_web_url(_first_text(element, "image", "loc")),
    )


def _children(element: lxml.etree._Element, name: str) -> list[lxml.etree._Element]:
    return [child for child in element if _local(child) == name]


def _local(element: lxml.etree._Element) -> str:
    return lxml.etree.QName(element).localname if isinstance(element.tag, str) else ""


def _first_text(element: lxml.etree._Element, *path: str) -> str | None:
    """The text of the first descendant named path[-1] (under path[:-1], any namespace)."""
    for child in element.iter():
        if _local(child) == path[0]:
            if len(path) == 1:
                return (child.text or "").strip() or None
            found = _first_text(child, *path[1:])
            if found:
                return found
    return None


def _texts(root: lxml.etree._Element, parent: str, name: str) -> list[str | None]:
    return [_first_text(child, name) for child in _children(root, parent)]


# --- values -----------------------------------------------------------------------------------


def _web_url(value: object) -> str | None:
    """An absolute http(s) URL, else None: a feed names pages and images on the web only."""
    return value.strip() if isinstance(value, str) and is_url(value) else None


def _clean(value: object) -> str | None:
    """A single-line text without control characters, or None when empty."""
    if not isinstance(value, str):
        return None
    text = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", value).split())
    return text or None


def _plain_text(html: object) -> str | None:
    """The text of an HTML fragment (a feed's summary), or None when empty."""
    if not isinstance(html, str) or not html.strip():
        return None
    try:
        text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    except (lxml.etree.ParserError, ValueError):
        text = html
    return _clean(text)


def _iso(parsed: object) -> str | None:
    """A feedparser date (a struct_time in UTC) as ISO 8601."""
    if parsed is None:
        return None
    try:
        seconds = calendar.timegm(parsed)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat()


def _iso_text(value: str | None) -> str | None:
    """A sitemap's W3C date as ISO 8601: a date alone as it is, a time in UTC."""
    if not value or not re.match(r"\s*\d{4}-\d{2}-\d{2}", value):
        return None
    if len(value.strip()) == 10:
        return value.strip()
    moment = utc_moment(value)
    return moment.isoformat() if moment else None


def _stable_id(feed: str, title: str) -> str:
    """An id for an entry that has no guid, id or link: the feed and its title, hashed."""
    return "urn:sha256:" + hashlib.sha256(f"{feed}\0{title}".encode()).hexdigest()[:32]


# --- an entry as an article -------------------------------------------------------------------


def entry_source(entry: Entry, allow_private: bool = False) -> Source:
    """The entry's article: its full content as an HTML page, else the page it links to
    (fetched as a page the feed named: on a private address only with `allow_private`)."""
    if entry.content:
        title = escape(entry.title or "")
        page = (
            f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{entry.content}</article></body></html>"
        )
        # the entry's id is its origin (what its episode's name and guid are tied to); its
        # host, if any, is the one images may come from without --allow-private-urls
        return Source(page, "entry.html", None, entry.link, "html", requested=entry.entry_id)
    if entry.link is None:
        raise InputError(f"{entry.label}: the feed entry has neither content nor a link")
    return fetch_url(entry.link, allow_private=allow_private, named_by=entry.feed_url or "")


def entry_meta(entry: Entry) -> dict[str, str]:
    """What the feed says of the entry, as article metadata (it wins over the page's own); its
    image is a web address, fetched like a page's (`cover.article_cover`), never a local file."""
    values = {
        "title": entry.title,
        "author": entry.author,
        "date": entry.date,
        "description": entry.summary,
        "image": entry.image,
    }
    return {key: value for key, value in values.items() if value}
