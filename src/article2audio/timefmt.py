"""Times and dates as the episode's files and the command line write them: one rounding rule.

A time shown in whole seconds is rounded down (`whole_seconds`), so a chapter's start is never
shown later than the chapter begins: the show notes, the command line and `inspect` all print
the same second for the same chapter. Caption times (`caption_stamp`) keep the milliseconds.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import InputError


def whole_seconds(ms: int) -> int:
    """The whole seconds shown for a time in milliseconds (rounded down)."""
    return int(ms) // 1000


def clock(ms: int, hours: bool | None = None, pad_minutes: bool = False) -> str:
    """H:MM:SS, or M:SS (MM:SS with `pad_minutes`); `hours` None = only when there are any."""
    hour, rest = divmod(whole_seconds(ms), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours or (hours is None and hour):
        return f"{hour}:{minutes:02d}:{seconds:02d}"
    return f"{minutes:02d}:{seconds:02d}" if pad_minutes else f"{minutes}:{seconds:02d}"


def format_duration(ms: int) -> str:
    """H:MM:SS or M:SS for a duration or a time on the command line."""
    return clock(ms)


def chapter_stamp(ms: int, long_form: bool = False) -> str:
    """A show-notes timestamp: MM:SS, or H:MM:SS when the episode is an hour or longer."""
    return clock(ms, hours=long_form, pad_minutes=True)


def caption_stamp(ms: int, separator: str = ".") -> str:
    """A caption's HH:MM:SS.mmm to the millisecond (WebVTT; SubRip takes separator ",")."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def duration_seconds(ms: int) -> int:
    """An episode's length in seconds for the feed (itunes:duration), to the nearest second."""
    return round(ms / 1000)


def tag_date(value: str | None) -> str:
    """A YYYY[-MM[-DD]] date from front matter (any ISO-like form), else today; InputError for
    a date that does not exist (2024-13-45)."""
    match = re.match(r"\s*(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?", value or "")
    if not match:
        return dt.date.today().isoformat()
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    _check_day(int(year), int(month or 1), int(day or 1), value or "")
    return "-".join(parts)


def publication_date(meta_date: str | None, previous: str | None) -> str:
    """ISO pubDate: the previous one when rebuilt on the same day, else the article's date and
    time (a date alone at noon UTC), else now; InputError for a date that does not exist."""
    if previous and (not meta_date or previous.startswith(meta_date[:10])):
        return previous
    if re.match(r"\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", meta_date or ""):
        exact = utc_moment(meta_date or "")
        if exact is not None:
            return exact.isoformat()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", meta_date or "")
    if match:
        year, month, day = (int(part) for part in match.groups())
        _check_day(year, month, day, meta_date or "")
        return dt.datetime(year, month, day, 12, 0, tzinfo=dt.timezone.utc).isoformat()
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def utc_moment(value: str) -> dt.datetime | None:
    """An ISO 8601 date, or date and time (UTC when no zone is given), in UTC to the second;
    None when it is not one."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0)


def _check_day(year: int, month: int, day: int, written: str) -> None:
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise InputError(
            f"the article's date {written.strip()!r} is not a valid date; write it as "
            "YYYY-MM-DD (for example 2024-05-31)"
        ) from exc
