"""ID3v2.3 tags, cover art and chapter marks for the finished MP3 (mutagen).

Chapters follow the ID3v2 Chapter Frame Addendum: one top-level, ordered CTOC frame that
lists one CHAP frame per chapter. A CTOC's entry count is one byte, so it lists at most 255
children; a longer table of contents is split into ordered child CTOCs of up to 255 chapters
each, listed in order by the top-level one (nested again past 255 x 255), as the addendum
allows (a CTOC may name CTOCs). The CHAP frames themselves are also written in chronological
order, because ffmpeg and some podcast apps read chapters in file order and ignore the CTOC.
Plain mutagen sorts frames by size when saving (mutagen issue #506), so the tag is written
through `_ChapterOrderID3`, which appends CTOC and CHAP frames in order.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mutagen import MutagenError
from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDES,
    TDRC,
    TENC,
    TIT2,
    TLAN,
    TPE1,
    TRCK,
    TSSE,
    TXXX,
    CTOCFlags,
    Encoding,
    PictureType,
)
from mutagen.id3._tags import save_frame  # serializes one frame; public API has no equivalent

from .errors import AudioError, InputError, OutputError
from .models import Chapter

log = logging.getLogger(__name__)

ENCODER_NAME = "article2audio"
TOC_ELEMENT_ID = "toc"
TOC_MAX_ENTRIES = 255  # a CTOC's entry count is one byte (ID3v2 Chapter Frame Addendum 1.0)
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_LANGUAGE_RE = re.compile(r"^[a-z]{3}$")

# ISO 639-1 -> ISO 639-2/B for the languages an article's `lang` attribute most often names.
_ISO639_1_TO_2 = {
    "ar": "ara", "cs": "cze", "da": "dan", "de": "ger", "el": "gre", "en": "eng",
    "es": "spa", "fi": "fin", "fr": "fre", "he": "heb", "hi": "hin", "hu": "hun",
    "it": "ita", "ja": "jpn", "ko": "kor", "nl": "dut", "no": "nor", "pl": "pol",
    "pt": "por", "ro": "rum", "ru": "rus", "sv": "swe", "tr": "tur", "uk": "ukr",
    "zh": "chi",
}  # fmt: skip


@dataclass
class EpisodeTags:
    """What the ID3 tag says about an episode; `comment` (show notes) defaults to description."""

    title: str
    author: str
    show: str
    date: str | None = None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    description: str = ""
    language: str | None = None  # ISO 639-2 ("eng"); ISO 639-1 ("en") is converted
    cover: bytes | None = None
    cover_mime: str | None = None  # sniffed from the bytes when None
    episode: int | None = None
    comment: str | None = None

    def __post_init__(self) -> None:
        if self.date is not None:
            self.date = _check_date(self.date)
        if self.language is not None:
            self.language = normalize_language(self.language)
        if self.comment is None:
            self.comment = self.description
        if self.cover is not None and self.cover_mime is None:
            self.cover_mime = sniff_image_mime(self.cover)


class _ChapterOrderID3(ID3):
    """ID3 that writes CTOC then CHAP frames (by start time) after mutagen's sorted frames."""

    def _write(self, config: Any) -> bytearray:
        toc_frames = self.getall("CTOC")
        chapter_frames = sorted(self.getall("CHAP"), key=lambda f: (f.start_time, f.end_time))
        self.delall("CTOC")
        self.delall("CHAP")
        try:
            data = super()._write(config)
        finally:
            for frame in toc_frames + chapter_frames:
                self.add(frame)
        for frame in toc_frames + chapter_frames:
            data += save_frame(frame, config=config)
        return data


def normalize_language(language: str) -> str | None:
    """ISO 639-2 code for `language` ("en", "en-US", "eng"), or None if it is not one."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    code = _ISO639_1_TO_2.get(code, code)
    if _LANGUAGE_RE.match(code):
        return code
    log.warning("language %r is not an ISO 639 code; TLAN left out", language)
    return None


def sniff_image_mime(data: bytes) -> str:
    """MIME type of JPEG or PNG cover bytes; InputError for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    raise InputError(
        "Cover image is neither JPEG nor PNG. Probable cause: the file is another format; "
        "convert it to a square JPEG or PNG (1400-3000 px)."
    )


def validate_chapters(chapters: list[Chapter], duration_ms: int) -> None:
    """Raise AudioError unless chapters start at 0, are contiguous and end at duration_ms."""
    if not chapters:
        return
    if duration_ms <= 0:
        raise AudioError(f"Episode duration must be positive to hold chapters, got {duration_ms}")
    expected_start_ms = 0
    for number, chapter in enumerate(chapters, start=1):
        if not chapter.title.strip():
            raise AudioError(f"Chapter {number} has no title; every CHAP frame needs a TIT2")
        if chapter.start_ms != expected_start_ms:
            raise AudioError(
                f"Chapter {number} ({chapter.title!r}) starts at {chapter.start_ms} ms, expected "
                f"{expected_start_ms} ms. Probable cause: chapters overlap or leave a gap."
            )
        if chapter.end_ms <= chapter.start_ms:
            raise AudioError(
                f"Chapter {number} ({chapter.title!r}) ends at {chapter.end_ms} ms, "
                f"not after its start at {chapter.start_ms} ms"
            )
        expected_start_ms = chapter.end_ms
    if expected_start_ms != duration_ms:
        raise AudioError(
            f"Last chapter ends at {expected_start_ms} ms but the episode lasts {duration_ms} ms"
        )


def write_tags(
    mp3_path: Path, tags: EpisodeTags, chapters: list[Chapter], duration_ms: int
) -> None:
    """Replace the MP3's ID3 tag with an ID3v2.3 tag holding `tags` and `chapters`."""
    validate_chapters(chapters, duration_ms)
    if not Path(mp3_path).is_file():
        raise OutputError(f"Cannot tag {mp3_path}: no such file. Probable cause: encoding failed.")
    id3 = _episode_id3(tags, chapters)
    try:
        id3.save(mp3_path, v1=0, v2_version=3)
    except MutagenError as exc:
        raise OutputError(
            f"Cannot write tags to {mp3_path}: {exc}. Probable cause: the file is missing, "
            "read-only or not an MP3."
        ) from exc
    log.debug("wrote ID3v2.3 tag with %d chapters to %s", len(chapters), mp3_path)


def check_tags(tags: EpisodeTags, chapters: list[Chapter], duration_ms: int) -> None:
    """Make the whole tag in memory (before any speech): AudioError if it cannot be written."""
    validate_chapters(chapters, duration_ms)
    try:
        _episode_id3(tags, chapters).save(io.BytesIO(), v1=0, v2_version=3)
    except (MutagenError, ValueError, struct.error) as exc:
        raise AudioError(f"the episode's ID3 tag cannot be written: {exc}") from exc


def _episode_id3(tags: EpisodeTags, chapters: list[Chapter]) -> ID3:
    """The ID3v2.3 tag of an episode, ready to save."""
    id3 = _ChapterOrderID3()
    _add_text_frames(id3, tags)
    if tags.cover is not None:
        id3.add(
            APIC(
                encoding=Encoding.LATIN1,
                mime=tags.cover_mime or sniff_image_mime(tags.cover),
                type=PictureType.COVER_FRONT,
                desc="",
                data=tags.cover,
            )
        )
    _add_chapter_frames(id3, chapters)
    id3.update_to_v23()
    return id3


def _add_text_frames(id3: ID3, tags: EpisodeTags) -> None:
    """Add the title, people, date, notes and encoder frames."""
    utf16 = Encoding.UTF16
    id3.add(TIT2(encoding=utf16, text=tags.title))
    id3.add(TPE1(encoding=utf16, text=tags.author))
    id3.add(TALB(encoding=utf16, text=tags.show))
    id3.add(TCON(encoding=utf16, text="Podcast"))
    if tags.date:
        id3.add(TDRC(encoding=utf16, text=tags.date))
    if tags.episode is not None:
        id3.add(TRCK(encoding=utf16, text=str(tags.episode)))
    if tags.comment:
        lang = tags.language or "eng"
        id3.add(COMM(encoding=utf16, lang=lang, desc="", text=tags.comment))
        id3.add(TDES(encoding=utf16, text=tags.comment))  # the podcast description Apple reads
    if tags.description and tags.description != tags.comment:
        id3.add(TXXX(encoding=utf16, desc="description", text=tags.description))
    if tags.language:
        id3.add(TLAN(encoding=utf16, text=tags.language))
    id3.add(TSSE(encoding=utf16, text=ENCODER_NAME))
    id3.add(TENC(encoding=utf16, text=ENCODER_NAME))


def _add_chapter_frames(id3: ID3, chapters: list[Chapter]) -> None:
    """Add the table of contents (CTOCs, see `_toc_frames`) and one CHAP (with a TIT2 title)
    per chapter."""
    if not chapters:
        return
    element_ids = [f"chp{index}" for index in range(len(chapters))]
    for frame in _toc_frames(element_ids):
        id3.add(frame)
    for element_id, chapter in zip(element_ids, chapters, strict=True):
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                sub_frames=[TIT2(encoding=Encoding.UTF16, text=chapter.title)],
            )
        )


def _toc_frames(element_ids: list[str]) -> list[CTOC]:
    """One top-level ordered CTOC listing `element_ids`; when they are more than a CTOC can
    list, ordered child CTOCs of TOC_MAX_ENTRIES each (and children of those, as needed)."""
    levels: list[list[CTOC]] = []
    while len(element_ids) > TOC_MAX_ENTRIES:
        groups = [
            element_ids[start : start + TOC_MAX_ENTRIES]
            for start in range(0, len(element_ids), TOC_MAX_ENTRIES)
        ]
        parents = [f"{TOC_ELEMENT_ID}{len(levels)}-{index}" for index in range(len(groups))]
        levels.append(
            [
                CTOC(
                    element_id=parent,
                    flags=CTOCFlags.ORDERED,
                    child_element_ids=group,
                    sub_frames=[],
                )
                for parent, group in zip(parents, groups, strict=True)
            ]
        )
        element_ids = parents
    top = CTOC(
        element_id=TOC_ELEMENT_ID,
        flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
        child_element_ids=element_ids,
        sub_frames=[],
    )
    return [top] + [frame for level in reversed(levels) for frame in level]


def read_tags(mp3_path: Path) -> dict[str, Any]:
    """The tag fields an inspector or test needs, chapters as (title, start_ms, end_ms)."""
    try:
        id3 = ID3(mp3_path)
    except MutagenError as exc:
        raise InputError(
            f"Cannot read ID3 tags from {mp3_path}: {exc}. Probable cause: the file is "
            "missing or has no ID3v2 tag."
        ) from exc
    comments = id3.getall("COMM")
    return {
        "version": id3.version,
        "title": _text(id3, "TIT2"),
        "author": _text(id3, "TPE1"),
        "show": _text(id3, "TALB"),
        "genre": _text(id3, "TCON"),
        "date": _date(id3),
        "episode": _text(id3, "TRCK"),
        "language": _text(id3, "TLAN"),
        "comment": str(comments[0]) if comments else None,
        "chapters": _chapters_in_toc_order(id3),
        "has_cover": any(p.type == PictureType.COVER_FRONT for p in id3.getall("APIC")),
    }


def _text(id3: ID3, frame_id: str) -> str | None:
    """The first text of a text frame, or None."""
    frame = id3.get(frame_id)
    return str(frame.text[0]) if frame is not None and frame.text else None


def _date(id3: ID3) -> str | None:
    """The recording date as "YYYY[-MM-DD]" from TDRC (v2.4) or TYER+TDAT (v2.3)."""
    if "TDRC" in id3:
        return str(id3["TDRC"].text[0])
    year = _text(id3, "TYER")
    day_month = _text(id3, "TDAT")
    if year and day_month and len(day_month) == 4:
        return f"{year}-{day_month[2:]}-{day_month[:2]}"
    return year


def _chapters_in_toc_order(id3: ID3) -> list[tuple[str, int, int]]:
    """Chapters as listed by the top-level CTOC, through child CTOCs (file order if none)."""
    chapter_frames = {frame.element_id: frame for frame in id3.getall("CHAP")}
    tocs = {frame.element_id: frame for frame in id3.getall("CTOC")}
    top = next((t for t in tocs.values() if t.flags & CTOCFlags.TOP_LEVEL), None)
    top = top or next(iter(tocs.values()), None)
    element_ids = _toc_entries(top, tocs) if top is not None else list(chapter_frames)
    result = []
    for element_id in element_ids:
        frame = chapter_frames.get(element_id)
        if frame is None:
            continue
        title = frame.sub_frames.get("TIT2")
        result.append((str(title.text[0]) if title else "", frame.start_time, frame.end_time))
    return result


def _toc_entries(toc: Any, tocs: dict[str, Any]) -> list[str]:
    """The element ids a CTOC lists, with child CTOCs replaced by theirs (each CTOC once).
    (mutagen's frames set their fields in __init__, untyped.)"""
    entries: list[str] = []
    pending, seen = list(toc.child_element_ids), {toc.element_id}
    while pending:
        element_id = pending.pop(0)
        child = tocs.get(element_id)
        if child is None:
            entries.append(element_id)
        elif element_id not in seen:
            seen.add(element_id)
            pending[:0] = list(child.child_element_ids)
    return entries


def _check_date(date: str) -> str:
    """Validate an ID3 date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"); InputError otherwise."""
    date = date.strip()
    if _DATE_RE.match(date):
        try:
            dt.date.fromisoformat((date + "-01-01")[:10])
            return date
        except ValueError:
            pass
    raise InputError(
        f"Episode date {date!r} is not a valid date. Probable cause: write it as "
        "YYYY-MM-DD (for example 2024-05-31)."
    )
