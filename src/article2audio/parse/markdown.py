"""Markdown articles -> Article, with markdown-it-py (CommonMark + tables) and YAML front matter.

The title is the front matter ``title``, else the first H1, else the first line. An H1 that
repeats the title is not a chapter. Chapters are the highest heading level left below the
title; deeper headings stay in their chapter's text as a short paragraph of their own. Text
before the first chapter becomes a first Section named after the title. Nothing the voice
should not say survives: emphasis and link markup go (link text stays), images become their
alt text, HTML tags are stripped, code blocks and tables are replaced by a short sentence,
and every list item becomes a line of its own.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib
from markdown_it import MarkdownIt
from markdown_it.token import Token

from article2audio.errors import ParseError
from article2audio.models import Article
from article2audio.parse.blocks import (
    CODE_SENTENCE,
    FORMULA_SENTENCE,
    TABLE_SENTENCE,
    Block,
    build_sections,
    same_title,
)

logger = logging.getLogger(__name__)

META_KEYS = ("title", "author", "date", "description", "image", "lang")
_META_ALIASES = {
    **{key: key for key in META_KEYS},
    "authors": "author",
    "publishdate": "date",
    "pubdate": "date",
    "published": "date",
    "summary": "description",
    "excerpt": "description",
    "images": "image",
    "cover": "image",
    "featured_image": "image",
    "thumbnail": "image",
    "language": "lang",
    "locale": "lang",
}

_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\n]+\]:.*(?:\n(?: {4}|\t).*)*\n?", re.MULTILINE)
_GITHUB_ALERT = re.compile(
    r"^(\s*>\s*)\[!(note|tip|important|warning|caution)\][ \t]*\n?(?:\s*>[ \t]*)?",
    re.IGNORECASE | re.MULTILINE,
)
_ADMONITION = re.compile(
    r"^(?:!!!|\?\?\?\+?)[ \t]+(\w+)(?:[ \t]+\"[^\"\n]*\")?[ \t]*\n((?:(?: {4}|\t).*\n|[ \t]*\n)*)",
    re.MULTILINE,
)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_DISPLAY_MATH = re.compile(
    r"^ {0,3}(?:\$\$.{1,5000}?\$\$|\\\[.{1,5000}?\\\])[ \t]*$", re.DOTALL | re.MULTILINE
)
_INLINE_MATH = re.compile(
    r"\\\((.+?)\\\)|(?<![\\$\w])\$(?=[^\s$])([^$\n]*?[\\^_=][^$\n]*?)(?<=\S)\$(?![\d$])"
    r"|(?<![\\$\w])\$([A-Za-z])\$(?![\w$])"
)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(?:(?!</?h[1-6]).)*</h\1>", re.IGNORECASE | re.DOTALL)
# Jekyll/Liquid {% ... %} and {{ ... }}, Hugo shortcodes {{< ... >}} {{% ... %}}, kramdown {: ...}
_TEMPLATE_TAG = re.compile(
    r"\{%-?.{0,2000}?-?%\}|\{\{[<%]?.{0,2000}?[>%]?\}\}|^[ \t]*\{:[^}\n]*\}[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
_LIST_ITEM_END = re.compile(r"""[.!?:;]["'”’)]*$""")


def parse_markdown(text: str) -> Article:
    """Parse a Markdown article (optional YAML front matter) into an Article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, body = split_front_matter(text)
    blocks = list(_blocks(_markdown().parse(strip_footnotes_and_math(body))))
    title, blocks = _take_title(meta.get("title", ""), blocks)
    sections = build_sections(title, blocks)
    logger.debug("markdown: title %r, %d sections", title, len(sections))
    return Article(title=title, sections=sections, meta=meta)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML (``---``) or TOML (``+++``, Hugo) front matter off; return (meta, the rest)."""
    match = _FRONT_MATTER.match(text) or _TOML_FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data = _load_front_matter(match.group(1) or "", toml=text.startswith("+++"))
    if not isinstance(data, dict):
        return {}, text[match.end() :]
    meta: dict[str, str] = {}
    canonical_first = sorted(data.items(), key=lambda item: str(item[0]).lower() not in META_KEYS)
    for key, value in canonical_first:
        field = _META_ALIASES.get(str(key).lower())
        if field and value is not None and field not in meta:
            meta[field] = _meta_value(value, field)
    return {key: value for key, value in meta.items() if value}, text[match.end() :]


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


def _meta_value(value: object, field: str = "") -> str:
    """Turn a front-matter value into a one-line string (lists joined, dates in ISO form)."""
    if isinstance(value, (list, tuple)):
        items = [_meta_value(item, field) for item in value]
        return items[0] if field == "image" and items else ", ".join(i for i in items if i)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return _meta_value(value.get("name") or value.get("image") or value.get("src") or "")
    return " ".join(html.unescape(str(value)).split())


def strip_footnotes_and_math(body: str) -> str:
    """Remove what is never spoken: template tags, footnotes, callout markers and formulas.

    Display math becomes a spoken note; inline math stays when it is a simple symbol
    ("\\(x\\)" -> "x"), else it is said as "a formula".
    """
    body = _TEMPLATE_TAG.sub("", body)
    body = _GITHUB_ALERT.sub(lambda m: f"{m.group(1)}{m.group(2).capitalize()}: ", body)
    body = _ADMONITION.sub(_admonition, body)
    body = _FOOTNOTE_DEFINITION.sub("", body)
    body = _FOOTNOTE_REF.sub("", body)
    body = _DISPLAY_MATH.sub(f"\n\n{FORMULA_SENTENCE}\n\n", body)
    return _INLINE_MATH.sub(_inline_math, body)


def _admonition(match: re.Match[str]) -> str:
    """An MkDocs admonition ("!!! note" and its indented body) as "Note:" and its text."""
    body = re.sub(r"^(?: {4}|\t)", "", match.group(2), flags=re.MULTILINE)
    return f"{match.group(1).capitalize()}: {body.strip()}\n\n"


def _inline_math(match: re.Match[str]) -> str:
    formula = next(group for group in match.groups() if group is not None).strip()
    return formula if re.fullmatch(r"[A-Za-z0-9]{1,3}", formula) else "a formula"


def _markdown() -> MarkdownIt:
    """A CommonMark parser with tables and strikethrough."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _blocks(tokens: list[Token]) -> Iterator[Block]:
    """Walk the block tokens and yield headings and speakable paragraphs."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            yield Block(inline_text(tokens[index + 1]), int(token.tag[1:]))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, index)
            yield Block(_list_text(tokens[index:end]))
            index = end + 1
        elif token.type == "table_open":
            yield Block(TABLE_SENTENCE)
            index = _closing(tokens, index) + 1
        else:
            block = _leaf_block(token)
            if block is not None and block.text:
                yield block
            index += 1


def _leaf_block(token: Token) -> Block | None:
    """The paragraph a single token stands for, if any."""
    if token.type in ("fence", "code_block"):
        return Block(CODE_SENTENCE)
    if token.type == "html_block":
        heading = _HTML_HEADING.fullmatch(token.content.strip())
        level = int(heading.group(1)) if heading else 0
        return Block(strip_html(token.content), heading_level=level)
    if token.type == "inline":
        first_source_line = token.content.split("\n", 1)[0]
        first_line = inline_text(_markdown().parseInline(first_source_line)[0])
        return Block(inline_text(token), first_line=first_line)
    return None


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes the one opened at `start`."""
    closing_type = tokens[start].type.replace("_open", "_close")
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if tokens[index].type == closing_type and depth == 0:
            return index
    return len(tokens) - 1


def _list_text(tokens: list[Token]) -> str:
    """A list as lines: each item (nested ones too) on its own line, ending like a sentence."""
    items: list[str] = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        parts = []
        for inner in tokens[index + 1 :]:
            if inner.type in ("list_item_open", "list_item_close"):
                break
            if inner.type in ("fence", "code_block"):
                parts.append(CODE_SENTENCE)
            elif inner.type == "inline":
                parts.append(inline_text(inner))
        item = " ".join(part for part in parts if part)
        if item:
            items.append(item if _LIST_ITEM_END.search(item) else f"{item}.")
    return "\n".join(items)


def inline_text(token: Token) -> str:
    """The plain text of an inline token: markup dropped, link and alt text and code kept.

    Images inside a link (build badges, buttons) are dropped.
    """
    pieces: list[str] = []
    in_link = 0
    for child in token.children or []:
        in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type == "image" and not in_link:  # an image in a link is a badge or button
            pieces.append(" ".join(c.content for c in child.children or [] if c.content))
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif child.type == "html_inline" and re.match(r"<br\b", child.content, re.IGNORECASE):
            pieces.append(" ")
    return " ".join("".join(pieces).split())


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, skipping script and style contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Enter a script/style element, or separate text at block tags."""
        if tag in ("script", "style"):
            self._skipping += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        """Leave a script/style element."""
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        """Keep text outside script/style."""
        if not self._skipping:
            self.parts.append(data)


def strip_html(fragment: str) -> str:
    """The visible text of an HTML fragment, tags and comments removed, entities decoded."""
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    return " ".join(html.unescape("".join(extractor.parts)).split())


def _take_title(meta_title: str, blocks: list[Block]) -> tuple[str, list[Block]]:
    """Pick the title and drop the block that only states it, so it is not also a chapter."""
    title = meta_title
    if not title:
        first_h1 = next((b for b in blocks if b.heading_level == 1), None)
        title = first_h1.text if first_h1 else _first_line(blocks)
    for index, block in enumerate(blocks):
        if same_title(block.text, title) and (block.heading_level == 1 or index == 0):
            return title, blocks[:index] + blocks[index + 1 :]
    h1_count = sum(1 for block in blocks if block.heading_level == 1)
    if meta_title and blocks and blocks[0].heading_level == 1 and h1_count == 1:
        return title, blocks[1:]  # a lone opening H1 is the page title, worded differently
    return title, blocks


def _first_line(blocks: list[Block]) -> str:
    """The first line of the document's text, markup removed."""
    if not blocks:
        return ""
    return blocks[0].first_line or blocks[0].text.split("\n", 1)[0]
