"""Publish an episode like a podcast: transcript, chapters JSON, show notes, sidecar and RSS feed.

Every file is written under a temporary name and renamed into place. The feed is a function of
the episode sidecars (`DIR/<slug>.episode.json`): each build writes its sidecar and then, under
an exclusive lock on `DIR/.feed.lock`, regenerates `DIR/feed.xml` from all sidecars, keeping
items of the old feed that no sidecar describes. So two builds into one folder never lose an
entry, a rebuilt episode replaces its item (same guid), and `article2audio feed DIR` can make
the feed again from the sidecars alone.
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
import textwrap
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import quote, urljoin

from .cover import find_cover, load_cover
from .errors import InputError, OutputError
from .models import Article, Chapter, TimedCue
from .settings import DEFAULT_AUTHOR, DEFAULT_SHOW, BuildSettings
from .tags import EpisodeTags, sniff_image_mime

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

FEED_NAME = "feed.xml"
SIDECAR_SUFFIX = ".episode.json"
SIDECAR_FORMAT = "article2audio-episode/1"
RESERVED_SUFFIX = ".reserved.json"
CHAPTERS_VERSION = "1.2.0"
MAX_LINE_CHARS = 65
MAX_CAPTION_LINES = 2
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


# --- transcript -------------------------------------------------------------------------------


@dataclass
class Caption:
    """One transcript cue: its time span and at most two short lines."""

    start_ms: int
    end_ms: int
    lines: list[str]


def captions(cues: list[TimedCue], duration_ms: int) -> list[Caption]:
    """One caption per spoken cue (long ones split), lines <= 65 chars, monotonic, within the audio."""
    result: list[Caption] = []
    for cue in cues:
        for caption in _split_cue(cue):
            start = max(caption.start_ms, result[-1].end_ms if result else 0)
            end = min(caption.end_ms, duration_ms)
            if end > start:
                result.append(Caption(start, end, caption.lines))
    return result


def _split_cue(cue: TimedCue) -> list[Caption]:
    """Wrap a cue's text and share its time among two-line groups by their length in characters."""
    lines = _balanced_lines(cue.text)
    groups = [lines[i : i + MAX_CAPTION_LINES] for i in range(0, len(lines), MAX_CAPTION_LINES)]
    total_chars = sum(len(" ".join(g)) for g in groups)
    span = cue.end_ms - cue.start_ms
    result, done_chars = [], 0
    for group in groups:
        start = cue.start_ms + round(span * done_chars / total_chars)
        done_chars += len(" ".join(group))
        result.append(Caption(start, cue.start_ms + round(span * done_chars / total_chars), group))
    return result


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [text]


def _balanced_lines(text: str) -> list[str]:
    """Lines of at most 65 chars, as even as possible across two-line captions (no orphan word)."""
    lines = _wrap(text, MAX_LINE_CHARS)
    if len(lines) <= MAX_CAPTION_LINES:
        return lines
    target = MAX_CAPTION_LINES * -(-len(lines) // MAX_CAPTION_LINES)  # whole captions
    for width in range(max(1, len(text) // target), MAX_LINE_CHARS):
        balanced = _wrap(text, width)
        if len(balanced) <= target:
            return balanced
    return lines


def _timestamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def to_webvtt(caps: list[Caption]) -> str:
    """The captions as a WebVTT document."""
    blocks = ["WEBVTT"]
    for caption in caps:
        timing = f"{_timestamp(caption.start_ms, '.')} --> {_timestamp(caption.end_ms, '.')}"
        text = "\n".join(line.replace("-->", "->") for line in caption.lines)
        blocks.append(f"{timing}\n{text}")
    return "\n\n".join(blocks) + "\n"


def to_srt(caps: list[Caption]) -> str:
    """The captions as a SubRip (.srt) document."""
    blocks = []
    for number, caption in enumerate(caps, start=1):
        timing = f"{_timestamp(caption.start_ms, ',')} --> {_timestamp(caption.end_ms, ',')}"
        blocks.append(f"{number}\n{timing}\n" + "\n".join(caption.lines))
    return "\n\n".join(blocks) + "\n"


# --- chapters JSON and show notes -------------------------------------------------------------


def chapters_json(chapters: list[Chapter], title: str, show: str) -> dict:
    """Podcasting 2.0 chapters (version 1.2.0) with the same start times as the ID3 chapters."""
    return {
        "version": CHAPTERS_VERSION,
        "title": title,
        "podcastName": show,
        "chapters": [
            {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
            for c in chapters
        ],
    }


def chapter_stamp(ms: int, long_form: bool = False) -> str:
    """A show-notes timestamp: MM:SS, or H:MM:SS when the episode is an hour or longer."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if long_form else f"{minutes:02d}:{seconds:02d}"


def show_notes(description: str, chapters: list[Chapter]) -> str:
    """The description followed by one "00:00 Title" line per chapter (apps make these links)."""
    long_form = bool(chapters) and chapters[-1].end_ms >= 3_600_000
    lines = [f"{chapter_stamp(c.start_ms, long_form)} {c.title}" for c in chapters]
    notes = description.strip()
    if not lines:
        return notes
    chapters_part = "Chapters:\n" + "\n".join(lines)
    return f"{notes}\n\n{chapters_part}" if notes else chapters_part


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


def publication_date(meta_date: str | None, previous: str | None) -> str:
    """ISO pubDate: the previous one when rebuilt on the same day, else the article's date, else now."""
    if previous and (not meta_date or previous.startswith(meta_date[:10])):
        return previous
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", meta_date or "")
    if match:
        day = dt.datetime(*map(int, match.groups()), 12, 0, tzinfo=dt.timezone.utc)
        return day.isoformat()
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


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
    records = sorted(read_sidecars(output_dir), key=lambda r: r.pub_date, reverse=True)
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
    audio = output_dir / record.audio
    length = str(audio.stat().st_size) if audio.is_file() else "0"
    if not audio.is_file():
        logger.warning("%s is missing; its feed item has length 0", audio)
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
    from html import escape

    paragraphs = [p for p in notes.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


# --- the two calls from the pipeline ---------------------------------------------------------


@dataclass
class EpisodePlan:
    """Decided before any speech: the cover, the episode's guid, number and date, the show."""

    output_dir: Path
    slug: str
    show: ShowInfo
    guid: str
    episode_number: int | None  # None until reserve_episode_number() takes the next free one
    pub_date: str
    explicit: bool = False
    srt: bool = False
    cover: bytes | None = None
    cover_is_show_art: bool = False  # True: the show's cover (--cover/settings), not the article's


def show_info(settings: BuildSettings) -> ShowInfo:
    """The channel's description of the show from the build settings."""
    title = settings.show or DEFAULT_SHOW
    author = settings.show_author or settings.author or DEFAULT_AUTHOR
    return ShowInfo(
        title=title,
        author=author,
        description=settings.show_description or f"{title}: articles read aloud.",
        language=settings.language,
        category=settings.category,
        explicit=settings.explicit,
        owner_name=settings.owner_name or author,
        owner_email=settings.owner_email,
        locked=settings.locked,
        base_url=settings.base_url,
    )


def plan_episode(
    settings: BuildSettings, article: Article, slug: str, article_dir: Path | None
) -> EpisodePlan:
    """Check the feed and the cover and fix the episode's identity, before the slow stages run."""
    out = settings.output_dir
    check_feed(out)
    cover_path = find_cover(settings.cover, article, article_dir)
    cover = load_cover(cover_path) if cover_path else None
    show = show_info(settings)
    previous = next((r for r in read_sidecars(out) if r.slug == slug), None)
    return EpisodePlan(
        output_dir=out,
        slug=slug,
        show=show,
        guid=previous.guid if previous else episode_guid(show.title, slug),
        episode_number=settings.episode_number or (previous and previous.episode_number),
        pub_date=publication_date(article.meta.get("date"), previous and previous.pub_date),
        explicit=settings.explicit,
        srt=settings.srt,
        cover=cover,
        cover_is_show_art=settings.cover is not None,
    )


def reserve_episode_number(plan: EpisodePlan, work_dir: Path) -> int:
    """Take the next free episode number under the feed lock, noted in the build's work folder.

    Builds running at once into one folder see each other's notes (DIR/.*/*.reserved.json), so
    they get different numbers; the note goes with the work folder when the build ends or fails.
    """
    with feed_lock(plan.output_dir):
        if plan.episode_number is None:
            taken = read_sidecars(plan.output_dir) + _reservations(plan.output_dir)
            plan.episode_number = next_episode_number(taken, plan.slug)
        note = {"slug": plan.slug, "episode_number": plan.episode_number}
        write_atomic(work_dir / f"{plan.slug}{RESERVED_SUFFIX}", json.dumps(note) + "\n")
    return plan.episode_number


def _reservations(output_dir: Path) -> list[EpisodeRecord]:
    """Episode numbers taken by builds still running (notes in their hidden work folders)."""
    taken = []
    for path in output_dir.glob(f".*/*{RESERVED_SUFFIX}"):
        try:
            note = json.loads(path.read_text(encoding="utf-8"))
            taken.append(EpisodeRecord.from_dict({**_EMPTY_RECORD, **note}))
        except (OSError, ValueError, TypeError):
            continue  # a build that just finished took its note away
    return taken


_EMPTY_RECORD = {
    "slug": "",
    "guid": "",
    "title": "",
    "author": "",
    "description": "",
    "show_notes": "",
    "pub_date": "",
    "duration_ms": 0,
    "audio": "",
}


def tags_with_notes(tags: EpisodeTags, plan: EpisodePlan, chapters: list[Chapter]) -> EpisodeTags:
    """The episode's ID3 tags plus cover, episode number and show notes (COMM)."""
    return replace(
        tags,
        cover=plan.cover,
        cover_mime=None,
        episode=plan.episode_number,
        comment=show_notes(tags.description, chapters),
    )


def publish_episode(
    plan: EpisodePlan,
    tags: EpisodeTags,
    audio_path: Path,
    chapters: list[Chapter],
    cues: list[TimedCue],
    duration_ms: int,
) -> dict[str, Path]:
    """Write cover, transcript(s), chapters JSON, the sidecar and the feed; return them by kind."""
    out, slug = plan.output_dir, plan.slug
    record = EpisodeRecord(
        slug=slug,
        guid=plan.guid,
        title=tags.title,
        author=tags.author,
        description=tags.description,
        show_notes=tags.comment or show_notes(tags.description, chapters),
        pub_date=plan.pub_date,
        duration_ms=duration_ms,
        audio=audio_path.name,
        episode_number=plan.episode_number,
        explicit=plan.explicit,
    )
    files = _write_cover(plan, record)
    caps = captions(cues, duration_ms)
    files["transcript"] = write_atomic(out / f"{slug}.vtt", to_webvtt(caps))
    record.transcripts = [{"file": f"{slug}.vtt", "type": "text/vtt"}]
    if plan.srt:
        files["srt"] = write_atomic(out / f"{slug}.srt", to_srt(caps))
        record.transcripts.append({"file": f"{slug}.srt", "type": "application/srt"})
    chapters_doc = chapters_json(chapters, record.title, plan.show.title)
    text = json.dumps(chapters_doc, indent=2, ensure_ascii=False) + "\n"
    files["chapters"] = write_atomic(out / f"{slug}.chapters.json", text)
    record.chapters = files["chapters"].name
    files.update(record_episode(out, record, plan.show))
    return files


def record_episode(output_dir: Path, record: EpisodeRecord, show: ShowInfo) -> dict[str, Path]:
    """Under the feed lock: write the episode's sidecar, then regenerate the feed with it."""
    files: dict[str, Path] = {}
    with feed_lock(output_dir):
        _keep_show_image(show, output_dir)
        record.show = asdict(show)
        sidecar = json.dumps(asdict(record), indent=2, ensure_ascii=False) + "\n"
        files["sidecar"] = write_atomic(sidecar_path(output_dir, record.slug), sidecar)
        if show.base_url:
            files["feed"] = _write_feed_locked(output_dir, show, keep_foreign=True)
        else:
            logger.warning("no base URL (--base-url or show.base_url): feed.xml not written")
    return files


def _write_cover(plan: EpisodePlan, record: EpisodeRecord) -> dict[str, Path]:
    """The show's cover as DIR/cover.jpg, or the article's own as DIR/<slug>.jpg (.png if PNG)."""
    if plan.cover is None:
        return {}
    ext = "png" if sniff_image_mime(plan.cover) == "image/png" else "jpg"
    if plan.cover_is_show_art:
        path = write_atomic(plan.output_dir / f"cover.{ext}", plan.cover)
        plan.show.image = path.name
    else:
        path = write_atomic(plan.output_dir / f"{plan.slug}.{ext}", plan.cover)
        record.image = path.name
    return {"cover": path}


def _keep_show_image(show: ShowInfo, output_dir: Path) -> None:
    """Without a cover this build, the show keeps the cover an earlier build wrote."""
    if show.image is None:
        show.image = next(
            (f"cover.{ext}" for ext in ("jpg", "png") if (output_dir / f"cover.{ext}").is_file()),
            None,
        )


# settings field -> ShowInfo field, for `article2audio feed DIR` overrides
_SHOW_FIELDS = {
    "show": "title",
    "show_author": "author",
    "show_description": "description",
    "language": "language",
    "category": "category",
    "explicit": "explicit",
    "owner_name": "owner_name",
    "owner_email": "owner_email",
    "locked": "locked",
    "base_url": "base_url",
}


def rebuild_feed(output_dir: Path, given: dict[str, object]) -> tuple[Path, int]:
    """Make DIR/feed.xml again from the sidecars alone; `given` settings override the show."""
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
    for name, value in given.items():
        if name in _SHOW_FIELDS:
            setattr(show, _SHOW_FIELDS[name], value)
    with feed_lock(output_dir):
        _keep_show_image(show, output_dir)
        path = _write_feed_locked(output_dir, show, keep_foreign=False)
    return path, len(records)
