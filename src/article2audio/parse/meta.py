"""Document metadata every text format may open with: front matter and ``key: value`` headers.

- YAML front matter between ``---`` lines (Jekyll, Hugo, Docusaurus, Astro ...), TOML between
  ``+++`` lines (Hugo, Zola), a Pandoc title block (``% Title`` / ``% Author`` / ``% Date``).
- A header of ``Key: value`` lines before the first blank line: Pelican and MultiMarkdown
  (``Title: ...``), blog engines that put ``public: yes`` / ``tags: [a, b]`` / ``summary: |``
  before a reST title, reST field lists (``:date: ...``), Nikola comments (``.. title: ...``)
  and a PEP's RFC-822 header (``PEP: 8`` / ``Title: ...``, continuation lines indented). A
  header is taken only when every line is a field or a continuation and one key is known.

The values become the Article's metadata: title, author, date, description, image, lang.

Lines of metadata under a title (a design document's "Author(s): ...", "Last updated: ...",
"Discussion at ..."; several may run together in one paragraph) are recognised here too
(`header_lines`), for the shared step to take them out of the text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from dataclasses import dataclass

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from article2audio.errors import ParseError

META_KEYS = ("title", "author", "date", "description", "image", "lang")
META_ALIASES = {
    **{key: key for key in META_KEYS},
    "authors": "author",
    "author(s)": "author",
    "publishdate": "date",
    "pubdate": "date",
    "published": "date",
    "created": "date",
    "summary": "description",
    "excerpt": "description",
    "abstract": "description",
    "images": "image",
    "cover": "image",
    "featured_image": "image",
    "thumbnail": "image",
    "language": "lang",
    "locale": "lang",
}
# Keys that mark a block of "key: value" lines as a header rather than prose.
HEADER_KEYS = frozenset(META_ALIASES) | {
    "pep",
    "status",
    "type",
    "tags",
    "tag",
    "category",
    "categories",
    "slug",
    "public",
    "draft",
    "layout",
    "modified",
    "updated",
    "keywords",
    "subtitle",
    "post-history",
    "discussions-to",
    "content-type",
    "requires",
    "python-version",
    "sidebar_position",
    "permalink",
    "sponsor",
    "bdfl-delegate",
    "resolution",
    "version",
    "last-modified",
    "replaces",
    "superseded-by",
    "topic",
}
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_YAML_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^(?:\.\.\s+)?:?([A-Za-z][\w()' -]{0,30}?):?:[ \t]*(.*)$")
_EMAIL = re.compile(r"\s*<[^<>\s]+@[^<>\s]+>|\s*\([^()\s]+@[^()\s]+\)")
_BARE_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]*\w")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML (``---``) or TOML (``+++``) front matter off; return (meta, the rest)."""
    match = _YAML_FRONT_MATTER.match(text) or _TOML_FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data = _load_front_matter(match.group(1) or "", toml=text.startswith("+++"))
    if not isinstance(data, dict):
        return {}, text[match.end() :]
    return meta_from_mapping(data), text[match.end() :]


def meta_from_mapping(data: dict[object, object]) -> dict[str, str]:
    """The Article metadata named in a mapping (canonical keys win over their aliases)."""
    meta: dict[str, str] = {}
    canonical_first = sorted(data.items(), key=lambda item: str(item[0]).lower() not in META_KEYS)
    for key, value in canonical_first:
        name = META_ALIASES.get(str(key).lower())
        if name and value is not None and name not in meta:
            meta[name] = meta_value(value, name)
    return {key: value for key, value in meta.items() if value}


def split_pandoc_title_block(text: str) -> tuple[dict[str, str], str]:
    """Take a Pandoc title block off the top (``% Title``, ``% Author; Author``, ``% Date``,
    continuation lines indented); return (meta, the rest)."""
    lines = text.lstrip("\n").split("\n")
    fields: list[str] = []
    for line in lines:
        if line.startswith("%") and len(fields) < 3:
            fields.append(line[1:].strip())
        elif line[:1] in " \t" and line.strip() and fields:
            fields[-1] = f"{fields[-1]} {line.strip()}"
        else:
            break
    if not fields or not lines[0].startswith("% "):
        return {}, text
    consumed = _title_block_length(lines)
    names = ("title", "author", "date")
    mapping: dict[object, object] = dict(zip(names, fields, strict=False))
    if "author" in mapping:
        mapping["author"] = [a.strip() for a in str(mapping["author"]).split(";") if a.strip()]
    return meta_from_mapping(mapping), "\n".join(lines[consumed:])


def _title_block_length(lines: list[str]) -> int:
    """How many lines a Pandoc title block takes (its ``%`` lines and their continuations)."""
    for index, line in enumerate(lines):
        if not (line.startswith("%") or (line[:1] in " \t" and line.strip())):
            return index
    return len(lines)


def split_key_value_header(text: str, min_fields: int = 1) -> tuple[dict[str, str], str]:
    """Take a ``key: value`` header (module docstring) of at least `min_fields` fields off the
    top; return (meta, the rest)."""
    lines = text.lstrip("\n").split("\n")
    fields: list[tuple[str, str]] = []
    for line in lines:
        if not line.strip():
            break
        match = _FIELD.match(line)
        if line[:1] in " \t" and fields:
            fields[-1] = (fields[-1][0], f"{fields[-1][1]} {line.strip()}".strip())
        elif match and not line.startswith((" ", "\t")):
            fields.append((match.group(1).strip().lower(), match.group(2).strip()))
        else:
            return {}, text
    if len(fields) < max(1, min_fields) or not any(key in HEADER_KEYS for key, _ in fields):
        return {}, text
    mapping: dict[object, object] = {}
    for key, value in fields:
        mapping.setdefault(key, _header_value(key, value))
    meta = meta_from_mapping(mapping)
    if "author" in meta:
        meta["author"] = _EMAIL.sub("", meta["author"]).strip(" ,")
    return meta, "\n".join(lines[len(_header_lines(lines)) :])


def _header_lines(lines: list[str]) -> list[str]:
    """The lines of the header: up to the first blank line."""
    for index, line in enumerate(lines):
        if not line.strip():
            return lines[:index]
    return lines


def _header_value(key: str, value: str) -> object:
    """A header value: YAML-ish lists ``[a, b]`` and block markers ``|`` read plainly."""
    value = re.sub(r"^[|>][-+]?\s*", "", value)
    if value.startswith("[") and value.endswith("]"):
        return [item.strip(" '\"") for item in value[1:-1].split(",") if item.strip()]
    return value.strip("'\"") if key in META_ALIASES else value


def _load_front_matter(source: str, toml: bool) -> object:
    """Parse the front matter block; ParseError with the line when it is not valid."""
    if toml:
        try:
            return tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise ParseError(f"The TOML front matter (+++) is not valid: {exc}") from exc
    try:
        return yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
        raise ParseError(
            f"The YAML front matter is not valid (near line {line}). "
            "Probable cause: a value with ':' or '#' that needs quotes."
        ) from exc
    except ValueError as exc:  # a date YAML reads as one but the calendar has not
        raise ParseError(
            f"The YAML front matter has a date that does not exist ({exc}). "
            "Write it as YYYY-MM-DD, or quote it to keep it as text."
        ) from exc


def meta_value(value: object, name: str = "") -> str:
    """Turn a metadata value into a one-line string (lists joined, dates in ISO form)."""
    if isinstance(value, (list, tuple)):
        items = [meta_value(item, name) for item in value]
        return items[0] if name == "image" and items else ", ".join(i for i in items if i)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return meta_value(value.get("name") or value.get("image") or value.get("src") or "")
    return " ".join(html.unescape(str(value)).split())


# --- metadata lines under a title: "Author(s): ...", "Last updated: ...", "Discussion at ..." ---

# Keys that make a run of lines a metadata header (who wrote it, when, its status, where it is
# discussed); the other keys count only beside one of these.
_PEOPLE_KEYS = (
    r"authors?|author\(s\)|editors?|editor\(s\)|maintainers?|maintainer\(s\)|owners?|owner\(s\)"
    r"|contributors?|reviewers?|reviewer\(s\)|review managers?|shepherds?|champions?|sponsors?"
    r"|deciders|assignees?|approvers?"
)
_DATE_KEYS = (
    r"created(?: on)?|date|published(?: on)?|start date"
    r"|(?:last )?(?:updated|modified|edited|revised)(?: on)?|last update"
)
_ANCHOR_KEYS = rf"{_PEOPLE_KEYS}|{_DATE_KEYS}|status|state|discussions?(?: at)?|discussions-to"
_OTHER_KEYS = (
    r"stage|type|category|version|target (?:release|version)|milestone|feature name|issues?"
    r"|tracking issue|rfc pr|pull request|pr|implementation(?: pr)?|proposal|review"
    r"|decision notes|url|cl|see also|supersedes|superseded by|replaces|obsoletes|related"
    r"|previous revision|bugs|rust issue|design doc(?:ument)?|forum thread|upcoming feature flag"
)
_COLON_KEY = rf"(?:{_ANCHOR_KEYS}|{_OTHER_KEYS})[ \t]*:"
# Lines that say the same without a colon: "Discussion at ...", "Last updated 2016-09-14",
# "With input from ...", "Inspired by discussion with ...".
_BARE_KEY = (
    r"(?:discussions?|cl|code review|design document|tracking issue|prototype|implementation)"
    r" (?:at|in)\b|(?:last )?(?:updated|modified|revised)(?: on)?(?= [^,]*\d)|last update(?= [^,]*\d)"
    r"|with (?:initial )?(?:input|help|feedback) (?:from|by)\b|inspired by\b|thanks to:"
    r"|based on (?:work|discussions?) (?:by|with)\b"
)
_KEY_AT = re.compile(rf"(?<![\w'’-])(?:{_COLON_KEY}|{_BARE_KEY})", re.IGNORECASE)
_ANCHOR_KEY = re.compile(
    rf"^(?:(?:{_ANCHOR_KEYS})[ \t]*:|discussions? (?:at|in)\b|(?:last )?(?:updated|modified)|last update)",
    re.IGNORECASE,
)
_AUTHOR_KEY = re.compile(r"^(?:authors?|author\(s\)|editors?|editor\(s\))$", re.IGNORECASE)
_LIST_KEY = re.compile(r"^([A-Z][\w()-]*(?: [\w()-]+){0,2})[ \t]*:[ \t]*(.*)$")
HEADER_VALUE_WORDS = 20  # a value of a metadata line: names, a date, a status, an address
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?"
_WRITTEN_DATE = re.compile(
    rf"(?:(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+)?{_MONTH}\s+(?:(?P<day2>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?,?\s+)?(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_NAME_LINE = re.compile(
    r"^(?:(?:[A-Z][\w'’.-]*|van|von|de|der|da|la|le|&|and)[ ,]*){2,8}\.?$"
)  # "Ada Vane", "Russ Cox Robert Griesemer"


@dataclass
class HeaderLines:
    """What a block of metadata lines holds: its fields, and whether one is a header's own key."""

    fields: list[tuple[str, str]]
    anchored: bool  # an author, a date, a status, a discussion: the lines are a header


def header_lines(text: str, items: list[str] | None = None) -> HeaderLines | None:
    """The fields of a block that is only metadata lines ("Author(s): Ada Vane", "Last updated:
    September 14, 2016", "Discussion at https://...", "With input from ..."; several may run
    together on one line), or of a list whose every item is a short ``Key: value`` (a
    proposal's header as a list); None when any part reads as prose."""
    if items is not None:
        return _header_list(items)
    text = " ".join(text.split())
    keys = list(_KEY_AT.finditer(text))
    if not keys or keys[0].start() != 0:
        return None
    fields = []
    for key, following in zip(keys, [*keys[1:], None], strict=True):
        value = text[key.end() : following.start() if following else len(text)].strip(" .,;")
        name = " ".join(key.group(0).rstrip(": \t").lower().split())
        if len(value.split()) > HEADER_VALUE_WORDS or (not value and following is not None):
            return None
        if re.match(_DATE_KEYS, name) and not re.search(r"\d|\$date", value, re.IGNORECASE):
            return None  # "Update: this post is out of date" is the author's note
        fields.append((name, value))
    anchored = any(_ANCHOR_KEY.match(key.group(0)) for key in keys)
    return HeaderLines(fields, anchored)


def _header_list(items: list[str]) -> HeaderLines | None:
    """A list whose items are all ``Key: value`` with a short key and value."""
    fields = []
    for item in items:
        match = _LIST_KEY.match(" ".join(item.split()))
        if not match or len(match.group(2).split()) > HEADER_VALUE_WORDS:
            return None
        fields.append((match.group(1).lower(), match.group(2).strip(" .,;")))
    anchored = any(_ANCHOR_KEY.match(f"{key}:") for key, _ in fields)
    return HeaderLines(fields, anchored) if len(fields) >= 2 else None


def is_name_line(text: str) -> bool:
    """A short line of people's names only ("Ada Vane", "Russ Cox Robert Griesemer")."""
    return bool(_NAME_LINE.match(" ".join(text.split())))


def meta_from_header_lines(fields: list[tuple[str, str]], names: list[str]) -> dict[str, str]:
    """Author and date from metadata lines: the authors' or editors' keys (else lines of names)
    are the author, the creation date wins over the last update; dates only when they read as
    one."""
    meta: dict[str, str] = {}
    people = [value for key, value in fields if _AUTHOR_KEY.match(key) and value]
    if people or names:
        author = ", ".join(people or names)
        meta["author"] = " ".join(_BARE_EMAIL.sub("", _EMAIL.sub("", author)).split()).strip(" ,")
    dates = sorted(
        (not key.startswith(("created", "date", "published", "start")), value)
        for key, value in fields
        if re.match(_DATE_KEYS, key) and iso_date(value)
    )
    if dates:
        meta["date"] = iso_date(dates[0][1])
    return meta


def iso_date(value: str) -> str:
    """A date written in words or ISO form as YYYY-MM-DD (or YYYY-MM); "" when none is there."""
    iso = _ISO_DATE.search(value)
    if iso:
        return "-".join(part for part in iso.groups() if part)
    written = _WRITTEN_DATE.search(value)
    if not written:
        return ""
    month = next(
        i for i, name in enumerate(_MONTHS, 1) if name.startswith(written["month"][:3].lower())
    )
    day = written["day1"] or written["day2"]
    return f"{written['year']}-{month:02d}" + (f"-{int(day):02d}" if day else "")
