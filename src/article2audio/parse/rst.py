"""reStructuredText articles -> Outline, with docutils.

A metadata header before the title is taken off first (`parse.meta`): YAML front matter, or
``key: value`` lines — Pelican ``:date:`` fields, ``Title:`` / ``public: yes`` / ``tags: [...]``
/ ``summary: |`` headers, Nikola ``.. title:`` comments, a PEP's RFC-822 header (its ``Title:``
is the PEP's only title). The rest is parsed by docutils with its warnings silenced (a blog post
that uses a Sphinx-only directive still reads) and without promoting a lone top section to the
document title: every section is a heading at its depth, and `parse.structure` picks the title
and the chapters. A field list right after the first heading (docinfo) is metadata too.

Code blocks, tables and formulas become a short note; inline literals stay in backticks (the
script stage decides how to say them); footnotes, citations, comments, substitution definitions
and the generated table of contents are not spoken; images are read by their alt text;
admonitions (note, warning) are read as "Note: ..."; an unknown (Sphinx) role keeps its words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import docutils.core
import docutils.nodes as nodes

from article2audio.models import Article
from article2audio.parse.blocks import (
    CODE_SENTENCE,
    FORMULA_SENTENCE,
    TABLE_SENTENCE,
    Block,
    Drop,
    Outline,
    code_span,
    list_block,
)
from article2audio.parse.meta import (
    META_ALIASES,
    split_front_matter,
    split_key_value_header,
)
from article2audio.parse.structure import infer_structure

logger = logging.getLogger(__name__)

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
    nodes.pending,
    nodes.transition,
    nodes.decoration,
)
_INLINE_SKIPPED = (nodes.footnote_reference, nodes.citation_reference, nodes.image, nodes.target)
_ROLE = re.compile(r"(?::[\w.:+-]+:)?`([^`]*)`_?")
_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "doctitle_xform": False,
    "syntax_highlight": "none",
}


def parse_rst(text: str) -> Article:
    """Parse a reStructuredText article (an optional metadata header first) into an Article."""
    return infer_structure(read_rst(text))[0]


def read_rst(text: str) -> Outline:
    """The outline of a reStructuredText document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, body = split_header(text)
    document = docutils.core.publish_doctree(body, settings_overrides=_SETTINGS)
    _docinfo_meta(document, meta)
    dropped: list[Drop] = []
    blocks = list(_blocks(document, depth=0, dropped=dropped))
    logger.debug("rst: %d blocks, meta %s", len(blocks), sorted(meta))
    return Outline(blocks, "rst", meta=meta, meta_title_source="the header", dropped=dropped)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Take front matter or a ``key: value`` header (fields, PEP header) off the top."""
    meta, body = split_front_matter(text)
    if meta or body is not text:
        return meta, body
    return split_key_value_header(text)


def _docinfo_meta(document: nodes.document, meta: dict[str, str]) -> None:
    """Use a docinfo block or a field list right after the first title for metadata too."""
    fields: list[nodes.Node] = []
    for docinfo in document.findall(nodes.docinfo):
        fields += docinfo.children
    first_section = next(iter(document.findall(nodes.section)), None)
    if first_section is not None and len(first_section.children) > 1:
        if isinstance(first_section[1], nodes.field_list):
            fields += first_section[1].children
    for field in fields:
        name, value = field.tagname, field.astext()
        if isinstance(field, nodes.field):
            name, value = field[0].astext(), field[1].astext()
        key = META_ALIASES.get(name.lower())
        if key and value.strip():
            meta.setdefault(key, " ".join(value.split()))


def _blocks(node: nodes.Node, depth: int, dropped: list[Drop]) -> Iterator[Block]:
    """Walk the doctree and yield headings and speakable paragraphs."""
    for child in node.children:
        if isinstance(child, _SKIPPED) or isinstance(child, nodes.title):
            continue
        if _is_contents(child):
            words = len(child.astext().split())
            dropped.append(Drop("the contents directive", words, "a table of contents"))
        elif isinstance(child, nodes.section):
            title = child.next_node(nodes.title)
            text, links = _inline(title) if title else ("", 0)
            yield Block(text, heading_level=min(depth + 1, 6), link_words=links)
            yield from _blocks(child, depth + 1, dropped)
        else:
            yield from _body_blocks(child, depth, dropped)


def _body_blocks(child: nodes.Node, depth: int, dropped: list[Drop]) -> Iterator[Block]:
    """Blocks for one body element (not a section)."""
    if isinstance(child, nodes.math_block):
        yield Block(FORMULA_SENTENCE)
    elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
        yield Block(CODE_SENTENCE)
    elif isinstance(child, nodes.table):
        yield Block(TABLE_SENTENCE)
    elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list, nodes.definition_list)):
        block = list_block(_list_items(child, dropped))
        if block.text:
            yield block
    elif isinstance(child, nodes.image):
        if child.get("alt"):
            yield Block(child["alt"])
    elif isinstance(child, nodes.Admonition):
        name = child.tagname.replace("_", " ").capitalize()
        text = " ".join(b.text for b in _blocks(child, depth, dropped))
        yield Block(f"{name}: {text}" if child.tagname != "admonition" else text)
    elif isinstance(child, nodes.line_block):
        yield Block(" ".join(_inline(line)[0] for line in child.findall(nodes.line)))
    elif isinstance(child, nodes.TextElement):
        text, links = _inline(child)
        yield Block(text, link_words=links)
    else:
        yield from _blocks(child, depth, dropped)


def _is_contents(node: nodes.Node) -> bool:
    """Whether a node is the generated table of contents (a topic with class contents)."""
    return isinstance(node, nodes.topic) and "contents" in node.get("classes", [])


def _list_items(node: nodes.Element, dropped: list[Drop]) -> list[tuple[str, int]]:
    """Each list item (or definition) as one line, with its words in links."""
    items = []
    for item in node.children:
        blocks = list(_blocks(item, 6, dropped))
        text = " ".join(b.text for b in blocks if b.text)
        if isinstance(item, nodes.definition_list_item) and item.children:
            term = _inline(item[0])[0]
            body = " ".join(b.text for b in _blocks(item[-1], 6, dropped) if b.text)
            text = f"{term}: {body}" if body else term
        items.append((text, sum(b.link_words for b in blocks)))
    return items


def _inline(node: nodes.Node) -> tuple[str, int]:
    """The text of an inline-bearing node (footnote markers left out) and its words in links."""
    parts: list[str] = []
    links = _inline_parts(node, parts)
    return " ".join("".join(parts).split()), links


def _inline_parts(node: nodes.Node, parts: list[str]) -> int:
    """Collect speakable text; an unknown (Sphinx) role keeps its text: :ref:`Setup <s>`."""
    links = 0
    for child in node.children:
        if isinstance(child, nodes.Text):
            parts.append(child.astext())
        elif isinstance(child, nodes.literal):
            parts.append(code_span(child.astext()))
        elif isinstance(child, nodes.problematic):
            parts.append(_ROLE.sub(_role_text, child.astext()))
        elif isinstance(child, nodes.reference):
            start = len(parts)
            _inline_parts(child, parts)
            links += len("".join(parts[start:]).split())
        elif not isinstance(child, _INLINE_SKIPPED):
            links += _inline_parts(child, parts)
    return links


def _role_text(match: re.Match[str]) -> str:
    """The words of a role: its title before <target>, else the target without ~ or !."""
    text = " ".join(match.group(1).split())
    titled = re.match(r"(.*?)\s*<[^>]*>$", text)
    if titled and titled.group(1):
        return titled.group(1)
    target = text.lstrip("~!")
    if "/" in target and " " not in target:  # :doc:`/guide/install` -> "install"
        target = re.sub(r"[-_]+", " ", target.rstrip("/").rsplit("/", 1)[-1])
    return target
