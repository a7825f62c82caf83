"""Readers that turn an article file into an Article.

`parse_article` picks the reader: a forced format first, then the file name's extension, then
the content (front matter, ATX ``#`` headings, setext underlines, fenced code or inline links
mean Markdown; anything else is plain text).
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath

from article2audio.errors import InputError, ParseError
from article2audio.models import Article
from article2audio.parse.markdown import parse_markdown
from article2audio.parse.plaintext import parse_plaintext

__all__ = ["FORMATS", "detect_format", "parse_article", "parse_markdown", "parse_plaintext"]

logger = logging.getLogger(__name__)

FORMATS = ("md", "txt")
_FORMAT_ALIASES = {"md": "md", "markdown": "md", "txt": "txt", "text": "txt", "plain": "txt"}
_EXTENSIONS = {".md": "md", ".markdown": "md", ".mdown": "md", ".txt": "txt", ".text": "txt"}

_MARKDOWN_SIGNS = (
    re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE),
    re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE),  # ATX heading
    re.compile(r"^ {0,3}\S[^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE),  # setext underline
    re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE),  # fenced code
    re.compile(r"!?\[[^\]\n]+\]\((?:https?://|/|\.|#)[^)\s]*\)"),  # inline link or image
)


def detect_format(text: str, fmt: str | None = None, filename: str | None = None) -> str:
    """Return "md" or "txt": the forced format, else by file extension, else by content."""
    if fmt:
        forced = _FORMAT_ALIASES.get(fmt.strip().lower())
        if forced is None:
            raise InputError(f"Unknown article format {fmt!r}; use one of: {', '.join(FORMATS)}.")
        return forced
    if filename:
        by_extension = _EXTENSIONS.get(PurePath(filename).suffix.lower())
        if by_extension:
            return by_extension
    return "md" if looks_like_markdown(text) else "txt"


def looks_like_markdown(text: str) -> bool:
    """Whether the text shows Markdown structure (front matter, headings, fences, links)."""
    return any(sign.search(text) for sign in _MARKDOWN_SIGNS)


def parse_article(text: str, fmt: str | None = None, filename: str | None = None) -> Article:
    """Parse an article in Markdown or plain text; raise ParseError if it has no text."""
    chosen = detect_format(text, fmt, filename)
    logger.debug("parsing %s as %s", filename or "article", chosen)
    article = parse_markdown(text) if chosen == "md" else parse_plaintext(text)
    _check_has_text(article, filename)
    return article


def _check_has_text(article: Article, filename: str | None) -> None:
    """Raise ParseError when the article has no prose to speak."""
    if any(section.text.strip() for section in article.sections):
        return
    name = f"{filename}: " if filename else ""
    if article.title.strip():
        raise ParseError(
            f"{name}the article {article.title!r} has a title but no text. "
            "Probable cause: the body is missing, or only headings were written."
        )
    raise ParseError(
        f"{name}the article has no text at all. "
        "Probable cause: an empty file, or the wrong file or format was given."
    )
