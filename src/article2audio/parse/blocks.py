"""The common outline every reader produces: blocks in order, plus what the format says of its title.

A `Block` is a heading (level 1-6) or one paragraph, list or note (level 0), with the signals a
reader can give about it (its words inside links, whether it is a list, whether it links to the
site root). An `Outline` is the blocks of one document with its title hints (front matter or
document metadata, the page's og:title / <title>, the site's name, the first line) and the page
furniture the reader removed before the outline, each as a `Drop`. `parse.structure` turns an
Outline into an Article the same way for every format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

CODE_SENTENCE = "A code example is shown in the article."
TABLE_SENTENCE = "A table is shown in the article."
FORMULA_SENTENCE = "A formula is shown in the article."
NOTE_SENTENCES = (CODE_SENTENCE, TABLE_SENTENCE, FORMULA_SENTENCE)

SITE_LINK = "site-link"  # a heading that is a link to the site's home page (the site's name)
FURNITURE = "furniture"  # a block the reader knows is page furniture, not the author's text
ANCHOR_LIST = "anchor-list"  # a list whose items are links into the same page (a contents list)
PART = "part"  # a heading that names a part of a book ("PART ONE", "BOOK II"): it groups chapters
HEADER_HEADING = "header-heading"  # a heading in a README's raw-HTML header: its name or tagline

_HEADING_LINK_MARKS = re.compile(
    r"^(?:[#¶§🔗]\s+|[¶§🔗])|(?:\s+#|\s*[¶§🔗\u200b]+|\s*\[(?:edit|modifier|bearbeiten|editar)\])$"
)
_CODE_TAG = re.compile(r"`</?([\w-]+)/?>`")  # a tag named in code, in a heading
# A custom id (and classes) written after a heading: Pandoc/kramdown/Hugo `{#id .class}`,
# kramdown `{: #id}`, Goldmark `{id="x" class="y"}`, Fumadocs/MDX `[#id]` (an id has a letter:
# `[#123]` names an issue).
_HEADING_ATTRIBUTES = re.compile(
    r"\s*(?:\{(?:[#.:]|[\w-]+=)[^{}]*\}|\[#[\w.:-]*[A-Za-z][\w.:-]*\])\s*$"
)
_LEADING_NUMBER = re.compile(
    r"^(?:(?:chapter|section|part|appendix|stave|book)\s+)?"
    r"(?:\d{1,2}(?:\.\d{1,3})*[.):]?|[ivxlc]+[.):]|[a-z][.)])\s+",
    re.IGNORECASE,
)


@dataclass
class Block:
    """A heading (level 1-6) or one paragraph of speakable text (level 0)."""

    text: str
    heading_level: int = 0
    first_line: str = ""  # the text of its first source line, when that differs from `text`
    link_words: int = 0  # words of `text` that are the text of links
    is_list: bool = False  # a list: one item per line
    item_links: tuple[int, ...] = ()  # a list's words in links, item by item (line by line)
    signals: frozenset[str] = frozenset()  # SITE_LINK, FURNITURE, ANCHOR_LIST, PART, HEADER_HEADING

    @cached_property
    def words(self) -> int:
        """How many words the block holds (tokens with a letter or digit; "∙" and "|" are not).
        Counted once: a block's text is never changed, a changed block is a new Block."""
        return count_words(self.text)

    @property
    def linked_items(self) -> int:
        """How many items of a list hold a link."""
        return sum(1 for links in self.item_links if links)

    def items(self) -> list[tuple[str, int]]:
        """A list's items (its lines) with their words in links."""
        lines = self.text.split("\n")
        links = self.item_links if len(self.item_links) == len(lines) else (0,) * len(lines)
        return list(zip(lines, links, strict=True))


_WORD_TOKEN = re.compile(r"\S*?[^\W_]\S*")  # a run of non-space holding a letter or digit


def count_words(text: str) -> int:
    """Words of a text: tokens with a letter or digit ("∙", "|" and "–" are not words)."""
    return len(_WORD_TOKEN.findall(text))


_SENTENCE_END = re.compile(r"""[.!?:;]['"”’)]*$""")


def list_block(items: Iterable[tuple[str, int]], signals: frozenset[str] = frozenset()) -> Block:
    """A list as one block: an item a line, each ending like a sentence, with its link words."""
    lines: list[str] = []
    links: list[int] = []
    for text, link_words in items:
        text = " ".join(text.split())
        if text:
            lines.append(text if _SENTENCE_END.search(text) else f"{text.rstrip(',')}.")
            links.append(link_words)
    return Block(
        "\n".join(lines),
        link_words=sum(links),
        is_list=True,
        item_links=tuple(links),
        signals=signals,
    )


@dataclass
class Drop:
    """Text left out of the episode: a label for it, its size and why."""

    what: str
    words: int
    reason: str
    furniture: bool = True  # page furniture (not the author's text) or the author's own text cut


@dataclass
class Outline:
    """One document as a reader saw it: blocks in order and what it says of its title."""

    blocks: list[Block]
    fmt: str
    meta: dict[str, str] = field(default_factory=dict)  # "title" here is metadata's title
    meta_title_source: str = "front matter"  # where meta["title"] came from, for --explain
    page_title: str = ""  # og:title, else <title> (the site name is cut by the shared step)
    page_title_source: str = ""
    site_names: tuple[str, ...] = ()  # og:site_name, the home link's text, the domain
    outside_headings: tuple[str, ...] = ()  # the page's headings outside the article (header)
    first_line: str = ""  # the document's first line, when its format makes that the title
    name_hint: str = ""  # a README's project name: its opening logo's alt text, its repository
    name_hint_source: str = ""
    name_hint_in_opening: bool = True  # found in the opening (a logo, badges), not further down
    dropped: list[Drop] = field(default_factory=list)


def fold(text: str) -> str:
    """Text for comparing titles: case, accents, punctuation, spacing and a leading number gone."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _LEADING_NUMBER.sub("", " ".join(text.split()), count=1) or text
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_LABEL = re.compile(
    r"^(?:chapter|part|book|stave|letter|section|appendix|volume|act|scene|canto)\s+"
    r"(?:[ivxlcdm]+|\d{1,3}|[a-z]+(?:-[a-z]+)?)\b",
    re.IGNORECASE,
)


def heading_key(heading: str) -> str:
    """What a heading is known by when a contents repeats it: its label ("chapter v" for
    "CHAPTER V. A Useful Minister" and for "CHAPTER V"), else its folded words."""
    label = _LABEL.match(heading.strip())
    return " ".join(label.group(0).lower().split()) if label else fold(heading)


def without_number(heading: str) -> str:
    """A heading without its leading section number ("2.1 Results" -> "Results")."""
    return _LEADING_NUMBER.sub("", heading.strip(), count=1) or heading


def same_title(heading: str, title: str) -> bool:
    """Whether a heading repeats the title (case, punctuation, spacing, numbering ignored)."""
    return bool(fold(heading)) and fold(heading) == fold(title)


def clean_heading(heading: str) -> str:
    """A heading without the permalink marks, edit links and {#id} attributes pages hang on it."""
    heading = _CODE_TAG.sub(r"\1", heading)  # "`<template>`": the element's name
    heading = " ".join(heading.replace("`", "").split())  # a heading names; code marks go
    heading = _HEADING_ATTRIBUTES.sub("", heading)
    return _HEADING_LINK_MARKS.sub("", heading).strip()


# Code written in prose without code marks: a dunder or private name (``__init__``,
# ``__init__.py``, ``__names``) or a starred parameter (``*args``, ``**kwargs``). Never a word of
# prose, and read aloud as written they come out as "underscore" noise or "times".
_CODE_WORD = re.compile(
    r"(?<![\w`*])(?:__[A-Za-z]\w*?__(?:\.[A-Za-z]\w*|\(\))?|__[A-Za-z]\w*|\*{1,2}[a-z_][a-z0-9_]*)"
    r"(?![\w`*])"
)
CODE_SPANS = re.compile(r"(`[^`\n]*`)")


def mark_code_words(text: str) -> str:
    """Text whose bare code words (`_CODE_WORD`) are inline code, as if the author had marked
    them; text already in backticks is left alone."""
    parts = CODE_SPANS.split(text)
    for index in range(0, len(parts), 2):
        parts[index] = _CODE_WORD.sub(lambda match: code_span(match.group(0)), parts[index])
    return "".join(parts)


def code_span(code: str) -> str:
    """Inline code for Section.text: in backticks (none inside), the script says it."""
    code = " ".join(code.replace("`", "").split())
    return f"`{code}`" if code else ""


def excerpt(text: str, words: int = 8) -> str:
    """The first words of a text, for a label in --explain."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
