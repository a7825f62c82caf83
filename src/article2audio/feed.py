"""The RSS feed, rendered from the episode records alone.

The feed is a function of the records (`DIR/<slug>.episode.json`, see `episodes`): each build
writes its record and then, under the folder's lock, regenerates `DIR/feed.xml` from all of
them, keeping items of the old feed that no record describes. So builds running at once into
one folder never lose an entry, a rebuilt episode replaces its item (same guid), and
`article2audio feed DIR` makes the feed (and the show page) again from the records alone. A
feed.xml that is not valid XML is refused, never overwritten, by a build.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import uuid
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from urllib.parse import quote, urljoin

from . import pages
from .episodes import (
    SIDECAR_SUFFIX,
    EpisodeRecord,
    ShowInfo,
    keep_show_image,
    newest_show,
    published,
    read_sidecars,
    show_info,
)
from .errors import InputError, OutputError
from .files import folder_lock, write_atomic, write_files
from .models import printable
from .settings import ShowSettings
from .timefmt import duration_seconds

logger = logging.getLogger(__name__)

FEED_NAME = "feed.xml"
# Podcasting 2.0 namespace: podcast:guid is a UUIDv5 of the feed URL in this namespace
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a1b28a128cb6")

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    # the namespace's original URL: valid per the spec (clients must recognise both), and the
    # only one gPodder's podcastparser maps to podcast:chapters and podcast:transcript
    "podcast": "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def podcast_guid(url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def feed_url(show: ShowInfo) -> str | None:
    """The absolute URL of feed.xml, or None without a base URL."""
    return urljoin(show.base_url, FEED_NAME) if show.base_url else None


# --- the feed ---------------------------------------------------------------------------------


def read_feed(path: Path) -> ET.Element | None:
    """The existing feed's root, None if there is none; OutputError if it is not a valid RSS feed."""
    if not path.exists():
        return None
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise OutputError(
            f"{path} is not valid XML ({exc}); it was left untouched. Probable cause: it was "
            f"edited by hand. Fix it, or run 'article2audio feed {path.parent}' to rebuild it "
            "from the episodes."
        ) from exc
    if root.tag != "rss" or root.find("channel") is None:
        raise OutputError(f"{path} is XML but not an RSS feed (root <{root.tag}>); left untouched")
    return root


def check_feed(output_dir: Path) -> None:
    """Fail early (before any speech) when the folder's feed.xml would be refused later."""
    read_feed(output_dir / FEED_NAME)


def render(
    output_dir: Path, show: ShowInfo, records: list[EpisodeRecord], keep_foreign: bool
) -> bytes:
    """feed.xml for the show and its episode records, newest first; with `keep_foreign`, the
    items of the folder's old feed that no record describes stay (an invalid old feed is
    refused), else they go (and an invalid old feed is ignored)."""
    if not show.base_url:
        raise InputError(
            "no base URL for the feed: enclosures must be absolute URLs. "
            "Use --base-url https://... or set show.base_url in article2audio.toml"
        )
    feed_path = output_dir / FEED_NAME
    old_root = read_feed(feed_path) if keep_foreign else _read_feed_leniently(feed_path)
    records = sorted(records, key=lambda r: r.pub_date, reverse=True)
    ours = {r.guid for r in records}
    foreign = [i for i in _items(old_root) if (i.findtext("guid") or "").strip() not in ours]
    rss, channel = _channel(show, records, output_dir)
    for record in records:
        channel.append(_item(record, show, output_dir))
    if keep_foreign:
        channel.extend(foreign)
    ET.indent(rss, space="  ")
    logger.info("Feed %s: %d episodes", feed_path, len(records) + len(foreign) * keep_foreign)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(output_dir: Path, show: ShowInfo | None = None, keep_foreign: bool = True) -> Path:
    """Regenerate DIR/feed.xml from the folder's records under its lock; the show is the newest
    record's unless given."""
    with folder_lock(output_dir):
        records = published(output_dir)
        show = show or newest_show(records, output_dir)
        if show is None:
            show = show_info(ShowSettings())
        return write_atomic(output_dir / FEED_NAME, render(output_dir, show, records, keep_foreign))


def _read_feed_leniently(path: Path) -> ET.Element | None:
    try:
        return read_feed(path)
    except OutputError as exc:
        logger.warning("%s", exc)
        return None


def _items(root: ET.Element | None) -> list[ET.Element]:
    return [] if root is None else root.findall("channel/item")


def _sub(parent: ET.Element, tag: str, content: str | None = None, **attrs: str) -> ET.Element:
    """Append a child; `tag` may be "prefix:name" for the namespaces in NS."""
    if ":" in tag:
        prefix, name = tag.split(":", 1)
        tag = f"{{{NS[prefix]}}}{name}"
    element = ET.SubElement(parent, tag, {name: printable(value) for name, value in attrs.items()})
    if content is not None:
        element.text = printable(content, one_line=False)  # XML 1.0 holds no control characters
    return element


def file_url(show: ShowInfo, file_name: str) -> str:
    """The absolute URL of a file in the published folder."""
    return urljoin(show.base_url or "", quote(file_name))


AUTHOR_ROLE = {"group": "writing", "role": "author"}  # Podcast Taxonomy: prose read verbatim


def _channel(
    show: ShowInfo, records: list[EpisodeRecord], output_dir: Path
) -> tuple[ET.Element, ET.Element]:
    """The <rss> element and its filled <channel> (no items yet)."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    url = feed_url(show) or ""
    _sub(channel, "title", show.title)
    _sub(channel, "link", show.base_url)
    _sub(channel, "description", show.description)
    _sub(channel, "language", show.language)
    _sub(channel, "generator", "article2audio")
    _sub(channel, "lastBuildDate", email.utils.format_datetime(dt.datetime.now(dt.timezone.utc)))
    _sub(channel, "atom:link", href=url, rel="self", type="application/rss+xml")
    _sub(channel, "itunes:author", show.author)
    owner = _sub(channel, "itunes:owner")
    _sub(owner, "itunes:name", show.owner_name or show.author)
    if show.owner_email:
        _sub(owner, "itunes:email", show.owner_email)
    else:
        logger.warning("no owner e-mail (show.owner_email): Apple Podcasts asks for one")
    image = show.image or next((r.image for r in records if r.image), None)
    if image and (output_dir / image).is_file():
        _sub(channel, "itunes:image", href=file_url(show, image))
        picture = _sub(channel, "image")
        _sub(picture, "url", file_url(show, image))
        _sub(picture, "title", show.title)
        _sub(picture, "link", show.base_url)
    else:
        logger.warning("the show has no cover: Apple Podcasts requires one (--cover)")
    _category(channel, show.category)
    _sub(channel, "itunes:explicit", "true" if show.explicit else "false")
    _sub(channel, "itunes:type", "episodic")
    _sub(channel, "podcast:guid", podcast_guid(url))
    locked = _sub(channel, "podcast:locked", "yes" if show.locked else "no")
    if show.owner_email:
        locked.set("owner", show.owner_email)
    _show_extras(channel, show)
    return rss, channel


def _show_extras(channel: ET.Element, show: ShowInfo) -> None:
    """The Podcasting 2.0 tags a show may set: its author, licence, funding, verification."""
    _sub(channel, "podcast:person", show.author, **AUTHOR_ROLE)
    if show.license:
        licence = _sub(channel, "podcast:license", show.license)
        if show.license_url:
            licence.set("url", show.license_url)
    if show.funding_url:
        _sub(channel, "podcast:funding", show.funding_text, url=show.funding_url)
    if show.verify_token:
        _sub(channel, "podcast:txt", show.verify_token, purpose="verify")


def _category(channel: ET.Element, category: str) -> None:
    """itunes:category, nested for "Top > Sub"."""
    parts = [p.strip() for p in category.replace("/", ">").split(">") if p.strip()]
    parent = _sub(channel, "itunes:category", text=parts[0])
    if len(parts) > 1:
        _sub(parent, "itunes:category", text=parts[1])


def _item(record: EpisodeRecord, show: ShowInfo, output_dir: Path) -> ET.Element:
    """One <item> from a sidecar; the enclosure length is the audio file's size now."""
    item = ET.Element("item")
    _sub(item, "title", record.title)
    if record.page:
        _sub(item, "link", file_url(show, record.page))
    _sub(item, "description", record.show_notes)
    _sub(item, "content:encoded", _notes_html(record.show_notes))
    length = str((output_dir / record.audio).stat().st_size)
    _sub(item, "enclosure", url=file_url(show, record.audio), length=length, type="audio/mpeg")
    _sub(item, "guid", record.guid, isPermaLink="false")
    pub_date = dt.datetime.fromisoformat(record.pub_date)
    _sub(item, "pubDate", email.utils.format_datetime(pub_date))
    _sub(item, "itunes:title", record.title)
    _sub(item, "itunes:author", record.author)
    _sub(item, "itunes:duration", str(duration_seconds(record.duration_ms)))
    if record.episode_number:
        _sub(item, "itunes:episode", str(record.episode_number))
    if record.season:
        _sub(item, "itunes:season", str(record.season))
    _sub(item, "itunes:episodeType", "full")
    _sub(item, "itunes:explicit", "true" if record.explicit else "false")
    if record.image:
        _sub(item, "itunes:image", href=file_url(show, record.image))
    if record.chapters:
        _sub(
            item,
            "podcast:chapters",
            url=file_url(show, record.chapters),
            type="application/json+chapters",
        )
    for transcript in record.transcripts:
        _sub(
            item,
            "podcast:transcript",
            url=file_url(show, transcript["file"]),
            type=transcript["type"],
            language=show.language,
            rel="captions",  # timed cues, so apps can show them in sync
        )
    _episode_extras(item, record, show, output_dir)
    return item


def _episode_extras(
    item: ET.Element, record: EpisodeRecord, show: ShowInfo, output_dir: Path
) -> None:
    """The episode's season, its author as a person, and lighter encodings of its audio."""
    if record.season:
        season = _sub(item, "podcast:season", str(record.season))
        if record.season_name:
            season.set("name", record.season_name)
    _sub(item, "podcast:person", record.author, **AUTHOR_ROLE)
    for alternate in record.alternates:
        path = output_dir / str(alternate["file"])
        if not path.is_file():
            continue
        enclosure = _sub(
            item,
            "podcast:alternateEnclosure",
            type=str(alternate["type"]),
            length=str(path.stat().st_size),
            bitrate=str(alternate["bitrate"]),
            title=str(alternate["title"]),
        )
        _sub(enclosure, "podcast:source", uri=file_url(show, path.name))


def _notes_html(notes: str) -> str:
    """Show notes as simple HTML paragraphs (line breaks kept) for content:encoded."""
    paragraphs = [p for p in notes.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def rebuild_feed(output_dir: Path, given: dict[str, object]) -> tuple[Path, int]:
    """Make DIR/feed.xml (and index.html, when episodes have pages) again from the sidecars
    alone; `given` show settings override theirs."""
    if not output_dir.is_dir():
        raise InputError(f"{output_dir}: no such folder")
    records = read_sidecars(output_dir)
    if not records:
        raise InputError(
            f"{output_dir} has no episode metadata (*{SIDECAR_SUFFIX}). "
            "Probable cause: no episode was built into it with this version"
        )
    show = newest_show(records, output_dir) or show_info(ShowSettings())
    show.override(given)
    keep_show_image(show, output_dir)
    path = write_feed(output_dir, show, keep_foreign=False)
    if any(r.page for r in records):
        with folder_lock(output_dir):
            write_files(pages.show_page_files(output_dir, show, published(output_dir)))
    return path, len(published(output_dir))
