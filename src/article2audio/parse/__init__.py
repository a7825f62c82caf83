"""Readers that turn an article file into an Article.

`parse_article` picks the reader: a forced format first, then the file name's extension (but
``.txt`` says nothing of the markup: a ``.txt`` file with a ``Content-Type: text/x-rst`` header,
as old PEPs have, or reST directives or references is reST), then the content: a page that opens with a doctype or <html>, or is mostly tags, is HTML; reST
section underlines (``====`` under a title with ``::``, ``.. directive::`` or ``:field:`` lines)
are reStructuredText; front matter, ATX ``#`` headings, setext underlines, fenced code or
inline links mean Markdown; anything else is plain text.

Each reader turns its format into an `Outline` (`parse.blocks`); `parse.structure` picks the
title and chapters the same way for all. `read_article` returns the Article with the
`Explanation` of how it was split (for ``sections --explain``); `StructureOptions` carries a
producer's overrides (``--title``, ``--chapter-level``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from article2audio.errors import InputError, ParseError
from article2audio.language import record_language
from article2audio.models import Article
from article2audio.parse.blocks import Outline
from article2audio.parse.html import parse_html, read_html
from article2audio.parse.markdown import parse_markdown, read_markdown
from article2audio.parse.plaintext import parse_plaintext, read_plaintext
from article2audio.parse.rst import parse_rst, read_rst
from article2audio.parse.structure import Explanation, StructureOptions, infer_structure

__all__ = [
    "FORMATS",
    "Explanation",
    "Reading",
    "StructureOptions",
    "detect_format",
    "parse_article",
    "parse_html",
    "parse_markdown",
    "parse_plaintext",
    "parse_rst",
    "read_article",
]

logger = logging.getLogger(__name__)

FORMATS = ("md", "mdx", "html", "txt", "rst")
_FORMAT_ALIASES = {
    "md": "md",
    "markdown": "md",
    "mdx": "mdx",
    "txt": "txt",
    "text": "txt",
    "plain": "txt",
    "html": "html",
    "htm": "html",
    "rst": "rst",
    "rest": "rst",
}
_EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".mkd": "md",
    ".mdwn": "md",
    ".rst": "rst",
    ".rest": "rst",
    ".mdx": "mdx",
    ".adoc": "txt",
    ".asciidoc": "txt",
}
ARTICLE_EXTENSIONS = frozenset(_EXTENSIONS)  # what a folder given to `build` is searched for
_READERS: dict[str, Callable[[str], Outline]] = {
    "md": read_markdown,
    "mdx": lambda text: read_markdown(text, mdx=True),
    "txt": read_plaintext,
    "html": read_html,
    "rst": read_rst,
}


@dataclass
class Reading:
    """An article as parsed, and why it came out that way."""

    article: Article
    explanation: Explanation


_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|article|section|span|a|br|ul|li)\b[^>]*>", re.IGNORECASE
)
_RST_SIGNS = (
    re.compile(r"^\.\. [\w:-]+::", re.MULTILINE),  # directive
    re.compile(r"^([=#*~^\"'`+-])\1{2,}[ \t]*\n[^\n]+\n\1{3,}[ \t]*$", re.MULTILINE),  # overline
    re.compile(r"`[^`\n]+ <[^>\n]+>`_"),  # hyperlink reference
    re.compile(
        r"^(?!\s)[^\n]+\n(?:#{3,}|\*{3,}|\^{3,}|~{3,}|'{3,}|\"{3,})[ \t]*$", re.MULTILINE
    ),  # reST-only underline
)

_RST_CONTENT_TYPE = re.compile(r"^Content-Type:\s*text/x-rst\b", re.IGNORECASE | re.MULTILINE)
_GENERIC_TEXT = (".txt", ".text")  # an extension that says nothing of the markup inside

_MARKDOWN_SIGNS = (
    re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE),
    re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE),  # ATX heading
    re.compile(r"^ {0,3}\S[^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE),  # setext underline
    re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE),  # fenced code
    re.compile(r"!?\[[^\]\n]+\]\((?:https?://|/|\.|#)[^)\s]*\)"),  # inline link or image
)


def detect_format(text: str, fmt: str | None = None, filename: str | None = None) -> str:
    """Return "md", "html", "rst" or "txt": forced, else by file extension (a ``.txt`` file that
    declares or plainly uses reST is reST), else by content."""
    if fmt:
        forced = _FORMAT_ALIASES.get(fmt.strip().lower())
        if forced is None:
            raise InputError(f"Unknown article format {fmt!r}; use one of: {', '.join(FORMATS)}.")
        return forced
    if filename:
        suffixes = [suffix.lower() for suffix in PurePath(filename).suffixes[-2:]]
        if len(suffixes) == 2 and suffixes[1] == ".txt" and suffixes[0] in (".rst", ".md", ".mdx"):
            suffixes = suffixes[:1]  # Sphinx's _sources/page.rst.txt
        by_extension = _EXTENSIONS.get(suffixes[-1] if suffixes else "")
        if by_extension == "txt" and suffixes[-1] in _GENERIC_TEXT and is_rst_in_text(text):
            return "rst"
        if by_extension:
            return by_extension
    return sniff_format(text)


def is_rst_in_text(text: str) -> bool:
    """Whether a ``.txt`` file is reStructuredText that says so: a ``Content-Type: text/x-rst``
    header (old PEPs), a ``.. directive::`` or a ```text <url>`_`` reference. Underlines alone
    are not enough (plain text underlines its headings too)."""
    head = text[:20000]
    if _RST_CONTENT_TYPE.search(head):
        return True
    return bool(_RST_SIGNS[0].search(head) or _RST_SIGNS[2].search(head))


def sniff_format(text: str) -> str:
    """Guess the format from the content alone."""
    head = text[:20000]
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    if _MARKDOWN_SIGNS[0].match(head) or re.match(r"\A\ufeff?\+\+\+[ \t]*\n", head):  # front matter
        return "md"
    if any(sign.search(head) for sign in _RST_SIGNS):
        return "rst"
    return "md" if looks_like_markdown(text) else "txt"


def looks_like_markdown(text: str) -> bool:
    """Whether the text shows Markdown structure (front matter, headings, fences, links)."""
    return any(sign.search(text) for sign in _MARKDOWN_SIGNS)


def parse_article(
    text: str,
    fmt: str | None = None,
    filename: str | None = None,
    options: StructureOptions | None = None,
) -> Article:
    """Parse an article in any known format; raise ParseError if it has no text."""
    return read_article(text, fmt, filename, options).article


def read_article(
    text: str,
    fmt: str | None = None,
    filename: str | None = None,
    options: StructureOptions | None = None,
) -> Reading:
    """Parse an article and explain its split; raise ParseError if it has no text."""
    chosen = detect_format(text, fmt, filename)
    logger.debug("parsing %s as %s", filename or "article", chosen)
    try:
        outline = _READERS[chosen](text)
        article, explanation = infer_structure(outline, options)
    except ParseError as exc:
        if filename and not str(exc).startswith(filename):
            raise ParseError(f"{filename}: {exc}") from exc
        raise
    _check_has_text(article, filename)
    _ensure_title(article)
    explanation.title = article.title
    record_language(article)
    return Reading(article, explanation)


def _ensure_title(article: Article, max_words: int = 8) -> None:
    """An article with no title at all is named after its first words (so is its first part)."""
    if article.title.strip():
        return
    first_text = next(s.text for s in article.sections if s.text.strip())
    words = first_text.split("\n", 1)[0].split()
    title = " ".join(words[:max_words]).rstrip(".,;:!?")
    article.title = title + ("…" if len(words) > max_words else "")
    for section in article.sections:
        section.title = section.title or article.title


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
