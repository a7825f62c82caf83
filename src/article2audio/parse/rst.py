"""reStructuredText articles -> Article, with docutils.

A metadata header before the title is taken off first and used: Pelican style ``:date: ...``
field lines or ``Title: ...`` lines (any ``key: value`` lines up to the first blank line).
The rest is parsed by docutils with its warnings silenced (a blog post that uses a Sphinx-only
directive still reads). The document title is the lone top section title, else the header's
``title``. Section depth gives the heading level; `blocks.build_sections` picks the chapters.
Code blocks and tables become a short sentence; footnotes, citations, comments, the table of
contents and substitution definitions are not spoken; images are read by their alt text;
admonitions (note, warning) are read as "Note: ...".
"""

from __future__ import annotations

import logging
import re

import docutils.core
import docutils.nodes as nodes
import docutils.utils

from article2audio.models import Article
from article2audio.parse.blocks import (
    CODE_SENTENCE,
    FORMULA_SENTENCE,
    TABLE_SENTENCE,
    Block,
    drop_title_heading,
    make_article,
)

logger = logging.getLogger(__name__)

_HEADER_LINE = re.compile(r"^(?::([A-Za-z][\w -]*):|([A-Za-z][\w-]*):)\s+(\S.*)$")
_META_ALIASES = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "date": "date",
    "summary": "description",
    "description": "description",
    "abstract": "description",
    "image": "image",
    "cover": "image",
    "lang": "lang",
    "language": "lang",
}
_SKIPPED = (
    nodes.footnote,
    nodes.citation,
    nodes.comment,
    nodes.substitution_definition,
    nodes.target,
    nodes.system_message,
    nodes.raw,
    nodes.docinfo,
    nodes.field_list,
)
_INLINE_SKIPPED = (nodes.footnote_reference, nodes.citation_reference)
_ROLE = re.compile(r"(?::[\w.:+-]+:)?`([^`]*)`_?")
_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "doctitle_xform": True,
    "syntax_highlight": "none",
}


def parse_rst(text: str) -> Article:
    """Parse a reStructuredText article (an optional metadata header first) into an Article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, body = split_header(text)
    document = docutils.core.publish_doctree(body, settings_overrides=_SETTINGS)
    _docinfo_meta(document, meta)
    title = _doc_title(document) or meta.get("title", "")
    blocks = list(_blocks(document, depth=1))
    if not title:
        title = next((b.text for b in blocks if b.heading_level), "")
    blocks = drop_title_heading(title, blocks)
    meta.pop("title", None)
    article = make_article(title, blocks, meta)
    logger.debug("rst: title %r, %d sections", title, len(article.sections))
    return article


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Take ``key: value`` lines before the first blank line as metadata, if all lines are."""
    lines = text.lstrip("\n").split("\n")
    header: list[re.Match[str]] = []
    for line in lines:
        match = _HEADER_LINE.match(line)
        if not line.strip():
            break
        if not match:
            return {}, text
        header.append(match)
    meta: dict[str, str] = {}
    for match in header:
        key = (match.group(1) or match.group(2)).strip().lower()
        if key in _META_ALIASES:
            meta.setdefault(_META_ALIASES[key], " ".join(match.group(3).split()))
    return meta, "\n".join(lines[len(header) :])


def _docinfo_meta(document: nodes.document, meta: dict[str, str]) -> None:
    """Use a standard docinfo block (fields right after the title) for metadata too."""
    for docinfo in document.findall(nodes.docinfo):
        for field in docinfo.children:
            name = field.tagname
            value = field.astext()
            if isinstance(field, nodes.field):
                name, value = field[0].astext(), field[1].astext()
            key = _META_ALIASES.get(name.lower())
            if key and value.strip():
                meta.setdefault(key, " ".join(value.split()))


def _doc_title(document: nodes.document) -> str:
    """The document title docutils promoted from a lone top-level section."""
    for child in document.children:
        if isinstance(child, nodes.title):
            return _inline(child)
    return ""


def _blocks(node: nodes.Node, depth: int):
    """Walk the doctree and yield headings and speakable paragraphs."""
    for child in node.children:
        if isinstance(child, _SKIPPED) or _is_contents(child):
            continue
        if isinstance(child, nodes.title) and isinstance(node, nodes.document):
            continue
        if isinstance(child, nodes.section):
            title = child.next_node(nodes.title)
            yield Block(_inline(title) if title else "", heading_level=min(depth + 1, 6))
            yield from _blocks(child, depth + 1)
        elif isinstance(child, nodes.title):
            continue
        elif isinstance(child, nodes.math_block):
            yield Block(FORMULA_SENTENCE)
        elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
            yield Block(CODE_SENTENCE)
        elif isinstance(child, nodes.table):
            yield Block(TABLE_SENTENCE)
        elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
            yield Block("\n".join(_list_items(child)))
        elif isinstance(child, nodes.image):
            if child.get("alt"):
                yield Block(child["alt"])
        elif isinstance(child, nodes.Admonition):
            name = child.tagname.replace("_", " ").capitalize()
            text = " ".join(b.text for b in _blocks(child, depth))
            yield Block(f"{name}: {text}" if child.tagname != "admonition" else text)
        elif isinstance(child, nodes.TextElement):
            yield Block(_inline(child))
        else:
            yield from _blocks(child, depth)


def _is_contents(node: nodes.Node) -> bool:
    """Whether a node is the generated table of contents (a topic with class contents)."""
    return isinstance(node, nodes.topic) and "contents" in node.get("classes", [])


def _list_items(node: nodes.Element) -> list[str]:
    """Each list item as one line ending like a sentence."""
    items = []
    for item in node.children:
        text = " ".join(b.text for b in _blocks(item, 6) if b.text)
        if text:
            items.append(text if re.search(r"[.!?:;]['\"”’)]*$", text) else f"{text}.")
    return items


def _inline(node: nodes.Node) -> str:
    """The text of an inline-bearing node, footnote and citation markers left out."""
    parts: list[str] = []
    _inline_parts(node, parts)
    return " ".join("".join(parts).split())


def _inline_parts(node: nodes.Node, parts: list[str]) -> None:
    """Collect speakable text; an unknown (Sphinx) role keeps its text: :ref:`Setup <s>`."""
    for child in node.children:
        if isinstance(child, nodes.Text):
            parts.append(child.astext())
        elif isinstance(child, nodes.problematic):
            parts.append(_ROLE.sub(_role_text, child.astext()))
        elif not isinstance(child, _INLINE_SKIPPED + (nodes.image,)):
            _inline_parts(child, parts)


def _role_text(match: re.Match[str]) -> str:
    """The words of a role: its title before <target>, else the target without ~ or !."""
    text = match.group(1)
    titled = re.match(r"(.*?)\s*<[^>]*>$", text)
    return (titled.group(1) if titled and titled.group(1) else text).lstrip("~!")
