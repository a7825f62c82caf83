"""Episode records: each episode's identity and metadata, kept beside its MP3.

A build writes `DIR/<slug>.episode.json` (an `EpisodeRecord`, with the show as it was then);
the feed is made from these records alone. An episode is the article it was built from (its
`source`: a hash of the URL the user gave, or of the file's absolute path); it keeps its
slug, guid and number across rebuilds, even when its title changes. A new episode's slug is
its title transliterated to ASCII; when another article's episode has that name, the slug
gets a short hash of the source, so two articles never share file names and a rebuild
(`--force`) only ever replaces the episode of the same article. Builds running at once into
one folder see each other through notes in their work folders, taken under the folder's lock.

A record is read as untrusted input: every file it names must be a plain file name of a file
in the folder (no path, no `..`, no symlink out of it), else the record is skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from slugify import slugify as transliterated_slug

from .errors import OutputError
from .files import folder_lock, write_atomic
from .models import printable
from .settings import DEFAULT_AUTHOR, DEFAULT_SHOW, ShowSettings

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".episode.json"
SIDECAR_FORMAT = "article2audio-episode/1"
RESERVED_SUFFIX = ".reserved.json"
SLUG_MAX = 60
HASH_LENGTH = 8  # hex digits of the source's hash added to a slug another episode has
_SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(title: str, max_len: int = SLUG_MAX) -> str:
    """A file-name-safe slug of a title, transliterated to ASCII ("Привет мир" ->
    "privet-mir", "你好" -> "ni-hao"): lower case, digits and hyphens."""
    slug = transliterated_slug(printable(title), max_length=max_len)
    return slug.strip("-") or "episode"


def source_key(origin: str) -> str:
    """What a record keeps of where its article came from: a SHA-256 of the URL or path (the
    folder is published, the producer's file paths are not)."""
    return hashlib.sha256(origin.encode("utf-8", "surrogatepass")).hexdigest()


def is_slug(text: object) -> bool:
    """Whether `text` is a slug this tool makes (safe as the start of a file name)."""
    return isinstance(text, str) and len(text) <= 2 * SLUG_MAX and bool(_SLUG_SHAPE.match(text))


def is_own_file(output_dir: Path, name: object) -> bool:
    """Whether `name` is a plain file name whose file, if there, is inside `output_dir` (no
    path, no `..`, not hidden, no symlink out of the folder)."""
    if not isinstance(name, str) or not name or name.startswith(".") or "\x00" in name:
        return False
    if "/" in name or "\\" in name or Path(name).name != name:
        return False
    path = output_dir / name
    return not path.exists() or path.resolve().parent == output_dir.resolve()


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
    title = printable(show.title or "") or DEFAULT_SHOW
    author = printable(show.author or episode_author or "") or DEFAULT_AUTHOR
    return ShowInfo(
        title=title,
        author=author,
        description=printable(show.description or "") or f"{title}: articles read aloud.",
        language=show.language,
        category=show.category,
        explicit=show.explicit,
        owner_name=printable(show.owner_name or "") or author,
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
    entry_id: str | None = None  # the guid/id of the feed entry it was built from
    show: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # source_key() of the article; None in records made before it
    format: str = SIDECAR_FORMAT

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EpisodeRecord:
        """An EpisodeRecord from parsed sidecar JSON (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def files(self) -> list[object]:
        """The names of the files this record says are the episode's."""
        transcripts = [t.get("file") if isinstance(t, dict) else t for t in self.transcripts]
        alternates = [a.get("file") if isinstance(a, dict) else a for a in self.alternates]
        return [self.audio, self.chapters, self.image, self.page, *transcripts, *alternates]


def sidecar_path(output_dir: Path, slug: str) -> Path:
    """Where an episode's record lives."""
    return output_dir / f"{slug}{SIDECAR_SUFFIX}"


def read_sidecars(output_dir: Path) -> list[EpisodeRecord]:
    """Every sound episode record in the folder (the others are skipped with a warning)."""
    records = []
    for path in sorted(output_dir.glob(f"*{SIDECAR_SUFFIX}")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            records.append(checked_record(EpisodeRecord.from_dict(data), output_dir))
        except (OSError, ValueError, TypeError) as exc:
            _warn_once(path, f"skipping {path.name}: not a sound episode sidecar ({exc})")
    return records


_WARNED: set[str] = set()


def _warn_once(path: Path, message: str) -> None:
    """A warning about a file, once per process (a command reads the folder several times)."""
    key = f"{path.absolute()}\0{message}"
    if key not in _WARNED:
        _WARNED.add(key)
        logger.warning("%s", message)


_TEXT_FIELDS = ("guid", "title", "author", "description", "show_notes")


def checked_record(record: EpisodeRecord, output_dir: Path) -> EpisodeRecord:
    """The record if every value has its type and every file it names is in the folder
    (its text made printable); ValueError saying what is wrong otherwise."""
    if not is_slug(record.slug):
        raise ValueError("its slug is not a file name this tool makes")
    for name in _TEXT_FIELDS:
        value = getattr(record, name)
        if not isinstance(value, str):
            raise ValueError(f"{name} is not text")
        setattr(record, name, printable(value, one_line=name == "title"))
    if not isinstance(record.audio, str) or not isinstance(record.transcripts, list):
        raise ValueError("no audio file, or transcripts is not a list")
    if any(
        not isinstance(t, dict) or not isinstance(t.get("type"), str) for t in record.transcripts
    ):
        raise ValueError("a transcript is not a {file, type} object")
    for file_name in record.files():
        if file_name is not None and not is_own_file(output_dir, file_name):
            raise ValueError(f"it names {file_name!r}, which is not a file in {output_dir}")
    _check_page_fields(record)
    if type(record.duration_ms) is not int or record.duration_ms < 0:
        raise ValueError("duration_ms is not a whole number of milliseconds")
    if record.episode_number is not None and type(record.episode_number) is not int:
        raise ValueError("episode_number is not a whole number")
    if not isinstance(record.show, dict) or not all(
        isinstance(value, (str, type(None))) for value in (record.source, record.entry_id)
    ):
        raise ValueError("show is not an object, or source or entry_id is not text")
    published_at = dt.datetime.fromisoformat(str(record.pub_date))  # ValueError if it is not
    if published_at.tzinfo is None:
        raise ValueError("pub_date has no time zone")
    record.explicit = record.explicit is True
    return record


def _check_page_fields(record: EpisodeRecord) -> None:
    """The fields the pages and the feed's Podcasting 2.0 tags read have their types."""
    if not isinstance(record.alternates, list) or any(
        not isinstance(a, dict)
        or not all(isinstance(a.get(key), str) for key in ("file", "type", "title"))
        or type(a.get("bitrate")) is not int
        for a in record.alternates
    ):
        raise ValueError("an alternate is not a {file, type, bitrate, title} object")
    if record.season is not None and type(record.season) is not int:
        raise ValueError("season is not a whole number")
    for name in ("season_name", "source_url"):
        value = getattr(record, name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} is not text")
        if isinstance(value, str):
            setattr(record, name, printable(value))


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


def newest_show(records: list[EpisodeRecord], output_dir: Path) -> ShowInfo | None:
    """The show as the newest record that has one describes it (its text made printable, an
    image that is not a file in the folder dropped)."""
    for record in sorted(records, key=lambda r: r.pub_date, reverse=True):
        if record.show:
            return _checked_show(record.show, output_dir)
    return None


def _checked_show(data: dict[str, Any], output_dir: Path) -> ShowInfo:
    """The show a record describes, every value of its type (else the default), its text made
    printable, an image that is not a file in the folder dropped."""
    defaults = show_info(ShowSettings())
    show = ShowInfo.from_dict({**asdict(defaults), **data})
    for name, value in vars(show).items():
        default = getattr(defaults, name)
        if isinstance(default, bool) or name in ("explicit", "locked"):
            setattr(show, name, value is True)
        elif not isinstance(value, str) or not printable(value):
            setattr(show, name, default)
        else:
            setattr(show, name, printable(value))
    if show.base_url and not show.base_url.startswith(("http://", "https://")):
        show.base_url = None
    if show.image is not None and not is_own_file(output_dir, show.image):
        logger.warning("%s: the show's image %r is not a file in it", output_dir, show.image)
        show.image = None
    return show


def keep_show_image(show: ShowInfo, output_dir: Path) -> None:
    """Without a cover this build, the show keeps the cover an earlier build wrote."""
    if show.image is None:
        show.image = next(
            (f"cover.{ext}" for ext in ("jpg", "png") if (output_dir / f"cover.{ext}").is_file()),
            None,
        )


def episode_guid(show_title: str, source: str) -> str:
    """A new episode's guid, from the show and its article's source (not its file name); kept
    in its record so it stays the same on every rebuild."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'article2audio:{show_title}:{source}')}"


def next_episode_number(records: list[EpisodeRecord]) -> int:
    """One more than the highest episode number taken."""
    return 1 + max((r.episode_number or 0 for r in records), default=0)


@dataclass(frozen=True)
class Claim:
    """An episode's place in the folder, taken by one build: its slug and number, and the
    record of the same article's earlier build, if any."""

    slug: str
    episode_number: int
    previous: EpisodeRecord | None


def claim_episode(
    output_dir: Path, title: str, source: str, number: int | None, work: Path, replace: bool
) -> Claim:
    """Under the folder's lock: the name and number of the episode of `source` (a source_key),
    noted in the build's `work` folder so builds running at once see it.

    The same article keeps its slug and number (replacing its MP3 needs `replace`); another
    article never gets a slug that a record, a running build or a file in the folder has.
    OutputError when the article is being built into the folder right now, or exists and
    `replace` is off."""
    with folder_lock(output_dir):
        records, running = read_sidecars(output_dir), _reservations(output_dir, work)
        if any(r.source == source for r in running):
            raise OutputError(
                f"{title!r} is being built into {output_dir} by another build right now; "
                "wait for it to finish"
            )
        previous = same_episode(records, source, title)
        slug = (
            previous.slug if previous else _free_slug(output_dir, title, source, records + running)
        )
        audio = output_dir / f"{slug}.mp3"
        if previous is not None and audio.exists() and not replace:
            raise OutputError(
                f"{audio} already exists (built from the same article); use --force to replace it"
            )
        number = number or (previous.episode_number if previous else None)
        number = number or next_episode_number(records + running)
        note = {"slug": slug, "episode_number": number, "source": source}
        write_atomic(work / f"{slug}{RESERVED_SUFFIX}", json.dumps(note) + "\n")
    return Claim(slug, number, previous)


def same_episode(records: list[EpisodeRecord], source: str, title: str) -> EpisodeRecord | None:
    """The record of an earlier build of the same article (one made before records kept their
    source counts as the same article when it has the same title)."""
    for record in records:
        if record.source == source or (record.source is None and record.title == title):
            return record
    return None


def _free_slug(output_dir: Path, title: str, source: str, taken_by: list[EpisodeRecord]) -> str:
    """The title's slug, else the slug with a short hash of the source, whichever no record,
    running build or file in the folder has; OutputError if neither is free."""
    hashed = f"{slugify(title, SLUG_MAX - HASH_LENGTH - 1)}-{source[:HASH_LENGTH]}"
    taken = {r.slug for r in taken_by}
    for slug in (slugify(title), hashed):
        files = (output_dir / f"{slug}.mp3", sidecar_path(output_dir, slug))
        if slug not in taken and not any(f.exists() or f.is_symlink() for f in files):
            return slug
    raise OutputError(f"{output_dir} already has episodes named {slugify(title)} and {hashed}")


def _reservations(output_dir: Path, own_work: Path | None = None) -> list[EpisodeRecord]:
    """Names and numbers taken by builds still running (notes in their hidden work folders)."""
    taken = []
    for path in output_dir.glob(f".*/*{RESERVED_SUFFIX}"):
        if own_work is not None and path.parent == own_work:
            continue
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
