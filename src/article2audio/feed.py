"""The RSS feed and the episode sidecars it is made from.

The feed is a function of the sidecars (`DIR/<slug>.episode.json`): each build writes its
sidecar and then, under an exclusive lock on the folder (flock), regenerates `DIR/feed.xml`
from all of them, keeping items of the old feed that no sidecar describes. So builds running
at once into one folder never lose an entry, a rebuilt episode replaces its item (same guid),
and `article2audio feed DIR` makes the feed again from the sidecars alone. Every file is
written under a temporary name and renamed into place; a feed.xml that is not valid XML is
refused, never overwritten, by a build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import logging
import os
import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from html import escape
from pathlib import Path
from urllib.parse import quote, urljoin

from .errors import InputError, OutputError
from .settings import DEFAULT_AUTHOR, DEFAULT_SHOW

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

FEED_NAME = "feed.xml"
SIDECAR_SUFFIX = ".episode.json"
SIDECAR_FORMAT = "article2audio-episode/1"
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


# --- the show and the episode sidecar ---------------------------------------------------------


@dataclass
class ShowInfo:
    """What the feed's channel says about the show."""

    title: str
    author: str
    description: str
    language: str = "en"
    category: str = "News"
    explicit: bool = False
    owner_name: str | None = None
    owner_email: str | None = None
    locked: bool = False
    base_url: str | None = None
    image: str | None = None  # file name in the output folder

    @classmethod
    def from_dict(cls, data: dict) -> ShowInfo:
        """A ShowInfo from a sidecar's "show" object (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def feed_url(self) -> str | None:
        """The absolute URL of feed.xml, or None without a base URL."""
        return urljoin(self.base_url, FEED_NAME) if self.base_url else None


@dataclass
class EpisodeRecord:
    """Everything the feed needs about one episode (stored as DIR/<slug>.episode.json)."""

    slug: str
    guid: str
    title: str
    author: str
    description: str
    show_notes: str
    pub_date: str  # ISO 8601 with time zone
    duration_ms: int
    audio: str  # file names in the output folder
    chapters: str | None = None
    transcripts: list[dict[str, str]] = field(default_factory=list)  # {"file", "type"}
    image: str | None = None
    episode_number: int | None = None
    explicit: bool = False
    show: dict = field(default_factory=dict)
    format: str = SIDECAR_FORMAT

    @classmethod
    def from_dict(cls, data: dict) -> EpisodeRecord:
        """An EpisodeRecord from parsed sidecar JSON (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def sidecar_path(output_dir: Path, slug: str) -> Path:
    """Where an episode's metadata sidecar lives."""
    return output_dir / f"{slug}{SIDECAR_SUFFIX}"


def read_sidecars(output_dir: Path) -> list[EpisodeRecord]:
    """Every readable episode sidecar in the folder (broken ones are skipped with a warning)."""
    records = []
    for path in sorted(output_dir.glob(f"*{SIDECAR_SUFFIX}")):
        try:
            records.append(EpisodeRecord.from_dict(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError) as exc:
            logger.warning("skipping %s: not a readable episode sidecar (%s)", path.name, exc)
    return records


def episode_guid(show_title: str, slug: str) -> str:
    """A new episode's guid; kept in the sidecar so it stays the same on every rebuild."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'article2audio:{show_title}:{slug}')}"


def podcast_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def next_episode_number(records: list[EpisodeRecord], slug: str) -> int:
    """The episode's previous number when rebuilt, else one more than the highest."""
    for record in records:
        if record.slug == slug and record.episode_number:
            return record.episode_number
    return 1 + max((r.episode_number or 0 for r in records), default=0)


# --- atomic files and the lock ----------------------------------------------------------------


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write a file under a temporary name in its folder, then rename it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


@contextlib.contextmanager
def feed_lock(output_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock (flock on the folder itself, no lock file) while the feed changes."""
    if fcntl is None:
        yield
        return
    fd = os.open(output_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


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


def write_feed(output_dir: Path, show: ShowInfo | None = None, keep_foreign: bool = True) -> Path:
    """Regenerate DIR/feed.xml from the sidecars under the lock; keep items no sidecar describes."""
    with feed_lock(output_dir):
        return _write_feed_locked(output_dir, show, keep_foreign)


def _write_feed_locked(output_dir: Path, show: ShowInfo | None, keep_foreign: bool) -> Path:
    feed_path = output_dir / FEED_NAME
    old_root = read_feed(feed_path) if keep_foreign else _read_feed_leniently(feed_path)
    records = sorted(_published(output_dir), key=lambda r: r.pub_date, reverse=True)
    show = show or _newest_show(records)
    if show is None or not show.base_url:
        raise InputError(
            "no base URL for the feed: enclosures must be absolute URLs. "
            "Use --base-url https://... or set show.base_url in article2audio.toml"
        )
    ours = {r.guid for r in records}
    foreign = [i for i in _items(old_root) if (i.findtext("guid") or "").strip() not in ours]
    rss = _channel(show, records, output_dir)
    channel = rss.find("channel")
    for record in records:
        channel.append(_item(record, show, output_dir))
    if keep_foreign:
        channel.extend(foreign)
    ET.indent(rss, space="  ")
    data = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    write_atomic(feed_path, data + b"\n")
    logger.info("Feed %s: %d episodes", feed_path, len(records) + len(foreign) * keep_foreign)
    return feed_path


def _published(output_dir: Path) -> list[EpisodeRecord]:
    """The sidecars whose MP3 is still there (a removed episode leaves the feed)."""
    records = []
    for record in read_sidecars(output_dir):
        if (output_dir / record.audio).is_file():
            records.append(record)
        else:
            logger.warning(
                "%s is gone: episode %r left out of the feed", record.audio, record.title
            )
    return records


def _read_feed_leniently(path: Path) -> ET.Element | None:
    try:
        return read_feed(path)
    except OutputError as exc:
        logger.warning("%s", exc)
        return None


def _items(root: ET.Element | None) -> list[ET.Element]:
    return [] if root is None else root.findall("channel/item")


def _newest_show(records: list[EpisodeRecord]) -> ShowInfo | None:
    for record in records:
        if record.show:
            return ShowInfo.from_dict(record.show)
    return None


def _sub(parent: ET.Element, tag: str, content: str | None = None, **attrs: str) -> ET.Element:
    """Append a child; `tag` may be "prefix:name" for the namespaces in NS."""
    if ":" in tag:
        prefix, name = tag.split(":", 1)
        tag = f"{{{NS[prefix]}}}{name}"
    element = ET.SubElement(parent, tag, attrs)
    if content is not None:
        element.text = content
    return element


def _url(show: ShowInfo, file_name: str) -> str:
    return urljoin(show.base_url or "", quote(file_name))


def _channel(show: ShowInfo, records: list[EpisodeRecord], output_dir: Path) -> ET.Element:
    """The <rss> element with a filled <channel> (no items yet)."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    feed_url = show.feed_url() or ""
    _sub(channel, "title", show.title)
    _sub(channel, "link", show.base_url)
    _sub(channel, "description", show.description)
    _sub(channel, "language", show.language)
    _sub(channel, "generator", "article2audio")
    _sub(channel, "lastBuildDate", email.utils.format_datetime(dt.datetime.now(dt.timezone.utc)))
    _sub(channel, "atom:link", href=feed_url, rel="self", type="application/rss+xml")
    _sub(channel, "itunes:author", show.author)
    owner = _sub(channel, "itunes:owner")
    _sub(owner, "itunes:name", show.owner_name or show.author)
    if show.owner_email:
        _sub(owner, "itunes:email", show.owner_email)
    else:
        logger.warning("no owner e-mail (show.owner_email): Apple Podcasts asks for one")
    image = show.image or next((r.image for r in records if r.image), None)
    if image and (output_dir / image).is_file():
        _sub(channel, "itunes:image", href=_url(show, image))
        picture = _sub(channel, "image")
        _sub(picture, "url", _url(show, image))
        _sub(picture, "title", show.title)
        _sub(picture, "link", show.base_url)
    else:
        logger.warning("the show has no cover: Apple Podcasts requires one (--cover)")
    _category(channel, show.category)
    _sub(channel, "itunes:explicit", "true" if show.explicit else "false")
    _sub(channel, "itunes:type", "episodic")
    _sub(channel, "podcast:guid", podcast_guid(feed_url))
    locked = _sub(channel, "podcast:locked", "yes" if show.locked else "no")
    if show.owner_email:
        locked.set("owner", show.owner_email)
    return rss


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
    _sub(item, "description", record.show_notes)
    _sub(item, "content:encoded", _notes_html(record.show_notes))
    length = str((output_dir / record.audio).stat().st_size)
    _sub(item, "enclosure", url=_url(show, record.audio), length=length, type="audio/mpeg")
    _sub(item, "guid", record.guid, isPermaLink="false")
    pub_date = dt.datetime.fromisoformat(record.pub_date)
    _sub(item, "pubDate", email.utils.format_datetime(pub_date))
    _sub(item, "itunes:title", record.title)
    _sub(item, "itunes:author", record.author)
    _sub(item, "itunes:duration", str(round(record.duration_ms / 1000)))
    if record.episode_number:
        _sub(item, "itunes:episode", str(record.episode_number))
    _sub(item, "itunes:episodeType", "full")
    _sub(item, "itunes:explicit", "true" if record.explicit else "false")
    if record.image:
        _sub(item, "itunes:image", href=_url(show, record.image))
    if record.chapters:
        _sub(
            item,
            "podcast:chapters",
            url=_url(show, record.chapters),
            type="application/json+chapters",
        )
    for transcript in record.transcripts:
        _sub(
            item,
            "podcast:transcript",
            url=_url(show, transcript["file"]),
            type=transcript["type"],
            language=show.language,
            rel="captions",  # timed cues, so apps can show them in sync
        )
    return item


def _notes_html(notes: str) -> str:
    """Show notes as simple HTML paragraphs (line breaks kept) for content:encoded."""
    paragraphs = [p for p in notes.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def record_episode(output_dir: Path, record: EpisodeRecord, show: ShowInfo) -> dict[str, Path]:
    """Under the feed lock: write the episode's sidecar, then regenerate the feed with it."""
    files: dict[str, Path] = {}
    with feed_lock(output_dir):
        keep_show_image(show, output_dir)
        record.show = asdict(show)
        sidecar = json.dumps(asdict(record), indent=2, ensure_ascii=False) + "\n"
        files["sidecar"] = write_atomic(sidecar_path(output_dir, record.slug), sidecar)
        if show.base_url:
            files["feed"] = _write_feed_locked(output_dir, show, keep_foreign=True)
        else:
            logger.warning("no base URL (--base-url or show.base_url): feed.xml not written")
    return files


def keep_show_image(show: ShowInfo, output_dir: Path) -> None:
    """Without a cover this build, the show keeps the cover an earlier build wrote."""
    if show.image is None:
        show.image = next(
            (f"cover.{ext}" for ext in ("jpg", "png") if (output_dir / f"cover.{ext}").is_file()),
            None,
        )


def rebuild_feed(output_dir: Path, given: dict[str, object]) -> tuple[Path, int]:
    """Make DIR/feed.xml again from the sidecars alone; `given` show settings override theirs."""
    if not output_dir.is_dir():
        raise InputError(f"{output_dir}: no such folder")
    records = read_sidecars(output_dir)
    if not records:
        raise InputError(
            f"{output_dir} has no episode metadata (*{SIDECAR_SUFFIX}). "
            "Probable cause: no episode was built into it with this version"
        )
    records.sort(key=lambda r: r.pub_date, reverse=True)
    show = _newest_show(records) or ShowInfo(DEFAULT_SHOW, DEFAULT_AUTHOR, DEFAULT_SHOW)
    known = {f.name for f in fields(ShowInfo)}
    for name, value in given.items():
        if name in known:
            setattr(show, name, value)
    with feed_lock(output_dir):
        keep_show_image(show, output_dir)
        path = _write_feed_locked(output_dir, show, keep_foreign=False)
    return path, len(_published(output_dir))
