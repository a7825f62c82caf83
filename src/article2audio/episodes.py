"""Episode records: each episode's identity and metadata, kept beside its MP3.

A build writes `DIR/<slug>.episode.json` (an `EpisodeRecord`, with the show as it was then);
the feed is made from these records alone. An episode keeps its slug (from its title), its
guid and its number across rebuilds; builds running at once into one folder get different
numbers through notes in their work folders, taken under the folder's lock.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .files import folder_lock, write_atomic
from .settings import DEFAULT_AUTHOR, DEFAULT_SHOW, ShowSettings

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".episode.json"
SIDECAR_FORMAT = "article2audio-episode/1"
RESERVED_SUFFIX = ".reserved.json"


def slugify(title: str, max_len: int = 60) -> str:
    """A file-name-safe slug of a title: ascii, lower case, hyphens."""
    spaced = re.sub(r"[^\w]+", " ", title)
    ascii_title = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "episode"


@dataclass
class ShowInfo:
    """What the feed's channel says about the show (kept in every record)."""

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
    license: str | None = None
    license_url: str | None = None
    funding_url: str | None = None
    funding_text: str = "Support the show"
    verify_token: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShowInfo:
        """A ShowInfo from a record's "show" object (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def override(self, given: dict[str, object]) -> None:
        """Take the show settings a command was given (those ShowInfo holds)."""
        known = {f.name for f in fields(self)}
        for name, value in given.items():
            if name in known:
                setattr(self, name, value)


def show_info(show: ShowSettings, episode_author: str | None = None) -> ShowInfo:
    """The show as the feed describes it, from its settings (defaults filled in)."""
    title = show.title or DEFAULT_SHOW
    author = show.author or episode_author or DEFAULT_AUTHOR
    return ShowInfo(
        title=title,
        author=author,
        description=show.description or f"{title}: articles read aloud.",
        language=show.language,
        category=show.category,
        explicit=show.explicit,
        owner_name=show.owner_name or author,
        owner_email=show.owner_email,
        locked=show.locked,
        base_url=show.base_url,
        license=show.license,
        license_url=show.license_url,
        funding_url=show.funding_url,
        funding_text=show.funding_text,
        verify_token=show.verify_token,
    )


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
    page: str | None = None  # the episode page, <slug>.html
    source_url: str | None = None  # the original article, when it was fetched from the web
    season: int | None = None
    season_name: str | None = None
    alternates: list[dict[str, Any]] = field(
        default_factory=list
    )  # {"file","type","bitrate","title"}
    show: dict[str, Any] = field(default_factory=dict)
    format: str = SIDECAR_FORMAT

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EpisodeRecord:
        """An EpisodeRecord from parsed sidecar JSON (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def sidecar_path(output_dir: Path, slug: str) -> Path:
    """Where an episode's record lives."""
    return output_dir / f"{slug}{SIDECAR_SUFFIX}"


def read_sidecars(output_dir: Path) -> list[EpisodeRecord]:
    """Every readable episode record in the folder (broken ones are skipped with a warning)."""
    records = []
    for path in sorted(output_dir.glob(f"*{SIDECAR_SUFFIX}")):
        try:
            records.append(EpisodeRecord.from_dict(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError) as exc:
            logger.warning("skipping %s: not a readable episode sidecar (%s)", path.name, exc)
    return records


def sidecar_text(record: EpisodeRecord, show: ShowInfo) -> str:
    """The episode's record as its sidecar file holds it, with the show as it is now."""
    record.show = asdict(show)
    return json.dumps(asdict(record), indent=2, ensure_ascii=False) + "\n"


def published(output_dir: Path) -> list[EpisodeRecord]:
    """The records whose MP3 is still there, newest first (a removed episode leaves the feed)."""
    records = []
    for record in read_sidecars(output_dir):
        if (output_dir / record.audio).is_file():
            records.append(record)
        else:
            logger.warning(
                "%s is gone: episode %r left out of the feed", record.audio, record.title
            )
    return sorted(records, key=lambda r: r.pub_date, reverse=True)


def newest_show(records: list[EpisodeRecord]) -> ShowInfo | None:
    """The show as the newest record that has one describes it."""
    for record in sorted(records, key=lambda r: r.pub_date, reverse=True):
        if record.show:
            return ShowInfo.from_dict(record.show)
    return None


def keep_show_image(show: ShowInfo, output_dir: Path) -> None:
    """Without a cover this build, the show keeps the cover an earlier build wrote."""
    if show.image is None:
        show.image = next(
            (f"cover.{ext}" for ext in ("jpg", "png") if (output_dir / f"cover.{ext}").is_file()),
            None,
        )


def episode_guid(show_title: str, slug: str) -> str:
    """A new episode's guid; kept in its record so it stays the same on every rebuild."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'article2audio:{show_title}:{slug}')}"


def next_episode_number(records: list[EpisodeRecord], slug: str) -> int:
    """The episode's previous number when rebuilt, else one more than the highest."""
    for record in records:
        if record.slug == slug and record.episode_number:
            return record.episode_number
    return 1 + max((r.episode_number or 0 for r in records), default=0)


def reserve_episode_number(output_dir: Path, slug: str, number: int | None, work: Path) -> int:
    """Take the next free episode number (or keep `number`) under the folder's lock, noted in
    the build's work folder.

    Builds running at once into one folder see each other's notes (DIR/.*/*.reserved.json), so
    they get different numbers; the note goes with the work folder when the build ends or fails.
    """
    with folder_lock(output_dir):
        if number is None:
            taken = read_sidecars(output_dir) + _reservations(output_dir)
            number = next_episode_number(taken, slug)
        note = {"slug": slug, "episode_number": number}
        write_atomic(work / f"{slug}{RESERVED_SUFFIX}", json.dumps(note) + "\n")
    return number


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
