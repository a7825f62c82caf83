"""Plain-text articles -> Outline.

Page furniture and wrappers go first, each recorded: a Project Gutenberg header (its ``Title:``
and ``Author:`` lines become metadata), its "Produced by" credit paragraph and the licence after
``*** END OF THE PROJECT GUTENBERG EBOOK``; illustration markers (``[Illustration: ...]``) and
``_italic_`` underscores (the words stay); RFC page furniture (``[Page N]`` footers, running
headers ``RFC 1123  TITLE  October 1989``, form feeds: a paragraph cut by a page break is
joined again) and publication boilerplate ("Status of This Memo", numbered or not, "Copyright
Notice", "Full Copyright Statement", "Intellectual Property", the RFC Editor's funding note);
dot-leader contents lines (``1. Intro ....... 3``, with the lines of an entry wrapped before
its page number); a ``key: value`` header of two fields or more (``Title:``,
``Author:``, an old plain-text PEP's RFC-822 header) is metadata.

A text is a book when it has Project Gutenberg's marks or three chapter labels or more on
lines of their own ("CHAPTER I.", "I. A SCANDAL IN BOHEMIA"); its parts ("PART ONE--The Old
Buccaneer") carry the `PART` signal, so the shared step can make the chapters under them the
chapters. A book's title page — the short lines before its contents, its first chapter label or its first
prose (title, subtitle, "by ...", "Illustrated by ...", an edition, a publisher, a year) — is
front matter, never text or chapters, and so is a paragraph there about the edition rather
than the book (it names two of edition, production, transcription, digitization, copyright,
public domain: "A ... Edition produced in 1991 by ..."). In a book, an initial and a name ("R. Walton") or a quoted
line closing a letter is a signature, not a heading.

The title: the ``Title:`` of a Gutenberg header or of a ``key: value`` header; an RFC's
centred title line after its header
block; else the first non-empty line (an AsciiDoc ``= Title`` too). A line right after it that
reads ``By Someone`` is a byline: it goes to ``meta["author"]`` and is not spoken as text.

Headings, in order:

1. The rest is cut into blocks at blank lines. A block of several lines is a *wrapped
   paragraph* (its lines are joined with spaces) when no line is longer than ``WRAP_WIDTH``
   characters and at least a third of its line breaks fall mid-sentence: the line does not end
   in sentence punctuation, and the next one starts in lower case or — in a block whose lines
   fill the width, ``FILLED_LINE`` characters or more (hard-wrapped prose, not verse) — the
   line fills it too and the next is no list item (a wrap before a name: "Thanks to its
   authors," / "Paul Vixie, ..."). Any other block holds one paragraph per line, as in
   ``samples/ceasefire.txt``. A wrapped block may still open with a
   strong heading (ALL CAPS or numbered) on a line of its own, which is split off.
2. A unit (a line, or a whole wrapped block) is *heading-shaped* when it is at most
   ``MAX_HEADING_WORDS`` words and ``MAX_HEADING_CHARS`` characters, starts with a capital
   letter, a digit or a roman numeral, does not end in ``.`` ``,`` ``;`` or ``:`` (``?`` and
   ``!`` are fine), is not a list bullet, and is not boilerplate (copyright lines, URLs).
3. A heading-shaped unit is a heading when the next unit is a paragraph (not heading-shaped
   and not starting in lower case). A *strong* heading (ALL CAPS, numbered "2.3 Results",
   "II. Methods", or a book's "CHAPTER I." / "STAVE ONE") may also be followed by another
   heading. The last unit is never a heading.
4. Lines underlined with ``===``, ``---`` or ``~~~`` are headings (and, when there are such
   lines, the only kind); AsciiDoc ``== Section`` lines are headings; other rule lines
   (``----``, ``* * *``) are dropped as decoration; a rule in several runs with gaps
   (``------  -----``), or under an indented line, underlines a table's columns, and the table
   is the table note. So is a block drawn in ASCII (half its lines box edges ``+--+--+`` or
   cell walls ``| a |``) or set in columns (a gap of three spaces in every line, two in one).
   In a text whose body is indented (RFC style), the short lines at the left margin are its
   headings (one wrapped onto a line indented under its words is joined), but not a label
   ending in a colon ("Time:" over ABNF) nor a table's row (cell walls, two column gaps, a
   one-character key before a gap); a margin term followed by a wide gap and its text ("1.
   MUST   This word ...") is a heading and the start of its paragraph.
5. When the text has at least two strong headings, only strong headings count: a question
   standing alone ("Is an index worth the trouble?") is then prose, not a chapter.
6. A book's chapter label on a line of its own takes the short name on the next line
   ("CHAPTER I." + "Down the Rabbit-Hole"), even in the same block ("Chapter I" / "The
   Cyclone"); a sentence is no name ("Chapter 7" / "On my return, I found ..."). Three or more
   headings in a row with no text between them are a list (a contents list, which the shared
   step drops when its items name later headings); the last of the row, when text follows it,
   is the first real heading, and so is one that repeats a heading the row already named.

Levels: ``=``/``===`` underline 1, ``---`` 2, deeper underlines 3; a numbered heading one more
than its number's parts ("1." 2, "1.1." 3); BOOK/PART/ACT/VOLUME 1; anything else 2. The shared
step (`parse.structure`) picks the chapters from these levels.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from article2audio.models import Article
from article2audio.parse.blocks import (
    CODE_SENTENCE,
    PART,
    TABLE_SENTENCE,
    Block,
    Drop,
    Outline,
    heading_key,
)
from article2audio.parse.meta import split_key_value_header
from article2audio.parse.structure import infer_structure

logger = logging.getLogger(__name__)

WRAP_WIDTH = 100
MARGIN_HEADING_CHARS = 160  # a heading at the margin of an indented text, wrapped lines joined
WRAPPED_HEADING_CHARS = 50  # a margin heading this long may go on, indented, on the next line
WRAPPED_ENTRY_LINES = 3  # a contents entry may wrap onto this many lines before its page number
FILLED_LINE = 60  # a line this long in a hard-wrapped text was cut by the width, not by the writer
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 100
HEADING_LEVEL = 2
TITLE_PAGE_LINES = 15
TITLE_LINES = 5  # a title centred over this many lines at most, before its "by" line
CENTRED_INDENT = 8  # a line indented this far is set in the middle of the page
CHAPTER_NAME_WORDS = 10  # a chapter's name under its label; longer only in title case
BOOK_SCAN_CHARS = 200_000  # a book shows its chapter labels within this much text

_NOT_HEADING_ENDINGS = (".", ",", ";", ":", "-", "—", "–")
_SENTENCE_END = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_BULLET = re.compile(r"^[-*•+]\s")
_LIST_ITEM = re.compile(r"^(?:[-*•+o]\s|\d{1,3}[.)]\s|[a-z][.)]\s|\[\w{1,12}\])")
_BOILERPLATE = re.compile(
    r"copyright|\(c\)|©|all rights reserved|https?://|www\.|\S+@\S+\.\w+", re.IGNORECASE
)
_SIGNATURE = re.compile(r"^[A-Z]\.\s+[A-Z][a-z]|^[\"“‘']")  # an initial or a quoted line
_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z](?:\.\d+)*\.)\s+\S")
_BOOK_LABEL = re.compile(
    r"^(?:(BOOK|PART|ACT|VOLUME)|CHAPTER|STAVE|LETTER|SCENE|CANTO|EPISODE)\s+"
    r"(?:[IVXLCDM]+|\d+|[A-Z]+(?:-[A-Z]+)?)\b\.?(?:\s*(?:[.:—–]|--?)\s*(\S.*)|\s+(\S.*))?$",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(
    r"^[ \t]*(?:(?:CHAPTER|Chapter|STAVE|Stave|LETTER|Letter|BOOK|Book|PART|Part)\s+"
    r"(?:[IVXLCDM]+|\d{1,3}|[A-Z][a-z]+|[A-Z]+)\b|[IVXLC]+\.\s+[A-Z][A-Z’' -]+$)",
    re.MULTILINE,
)
_BOOK_PART = re.compile(
    r"^(?:prologue|epilogue|preface|foreword|afterword|introduction|conclusion|postscript"
    r"|appendix|author'?s note)\.?$",
    re.IGNORECASE,
)
# A line of an ASCII table or diagram: a box edge ("+--+--+", "|-----"), or two cell walls.
_DIAGRAM_LINE = re.compile(r"[+|][-=+]{3,}|[-=]{3,}[+|]|\|[^|\n]*\|")
_COLUMN_GAP = re.compile(r"\S {3,}(?=\S)")  # the space between two columns of a table
_KEY_ITEM = re.compile(r"^[\w*-]{1,3}(?<!\.)\s{3,}\S")  # "2       a server status request"
_COLUMN_RULE = re.compile(r"^\s*[-=~_]{2,}(?:\s{2,}[-=~_]{2,})+\s*$")
_RULE_LINE = re.compile(r"^\s*(?:([=\-~*#_])\s*\1(?:\s*\1)+)\s*$")
_BYLINE = re.compile(r"^by\s+(\S.*)$", re.IGNORECASE)
_BY_LINE = re.compile(r"^by\b", re.IGNORECASE)
_TITLE_PAGE_LINE = re.compile(
    r"\b(?:edition|by|illustrat\w*|translat\w*|edited|publish\w*|press|printed|copyright)\b"
    r"|^\d{4}\.?$",
    re.IGNORECASE,
)
_EDITION_WORDS = re.compile(
    r"\b(?:edition|produced|prepared|transcri(?:bed|ption|ber)|digiti[sz](?:ed|ation)"
    r"|copyright|public domain|e-?text|proofread)",
    re.IGNORECASE,
)
_CONTENTS = re.compile(r"^(?:table of )?contents\.?$", re.IGNORECASE)
# "[Illustration: ...]", one level of brackets inside ("[_Copyright 1894 by ..._]]")
_ILLUSTRATION = re.compile(
    r"\[(?:Illustration|Frontispiece)(?::(?:[^\[\]]|\[[^\[\]]*\])*)?\]", re.IGNORECASE
)
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])_(?=[^\s_])([^_]{0,300}?[^\s_])_(?![\w_])")
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")  # "_Walt", "of_ Northanger"
_ASCIIDOC_HEADING = re.compile(r"^(={1,6})\s+(\S.*?)\s*$")
_DOT_LEADER = re.compile(r"(?:\s?\.){2,}\s*\d+\s*$|\s{3,}\d+\s*$")
_GUTENBERG_START = re.compile(
    r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK.*$", re.IGNORECASE | re.MULTILINE
)
_GUTENBERG_END = re.compile(
    r"^\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK.*$|^End of (?:the )?Project Gutenberg",
    re.IGNORECASE | re.MULTILINE,
)
_GUTENBERG_FIELD = re.compile(
    r"(?:^|(?<=\.org))(Title|Author|Release [Dd]ate|Language):[ \t]*(.+)$", re.MULTILINE
)
_PRODUCED_BY = re.compile(
    r"^(?:produced|prepared|transcribed|e-?text prepared) by\b", re.IGNORECASE
)
_RFC_PAGE_FOOTER = re.compile(r"^\S.*\s\[Page [ivxlc\d]+\]\s*$", re.IGNORECASE)
_RFC_RUNNING_HEADER = re.compile(
    r"^(?:RFC ?\d+|Internet[- ]Draft)\s{2,}.*\s{2,}\S.*\d{4}\s*$", re.IGNORECASE
)
_RFC_MARK = re.compile(r"^(?:Request for Comments|RFC):\s*\d+", re.IGNORECASE | re.MULTILINE)
_HANGING_TERM = re.compile(r"^(\S.{0,40}?\S)\s{3,}(\S.*)$")
_RFC_BOILERPLATE = re.compile(
    r"^(?:status of this memo|copyright notice|full copyright statement"
    r"|intellectual property(?: rights| statement)?)$",
    re.IGNORECASE,
)
_RFC_FUNDING = re.compile(r"^Funding for the RFC Editor function\b", re.IGNORECASE)
_PAGE_BREAK = "\x00page-break\x00"
_ADOC_ATTRIBUTE = re.compile(r"^:!?[\w-]+!?:.*$|^//(?!/).*$")
_ADOC_BLOCK = re.compile(  # [source,java], [#id], an anchor [[id]] or [[id,text]], a delimiter
    r"^\[[\w#.,=\"' -]*\]\s*$|^\[\[[\w:.-]+(?:,[^\]\n]*)?\]\]\s*$"
    r"|^(?:\.{4,}|_{4,}|\*{4,}|\+{4,}|={4,})\s*$"
)


@dataclass
class _Unit:
    """A paragraph or heading candidate: one line, a whole wrapped block, or a list of lines."""

    text: str
    is_list: bool = False
    label: bool = False  # a chapter label joined with its name: a strong heading
    tabular: bool = False  # a row of a table or diagram ("VAXA    A    10.2.0.27"): no heading


def parse_plaintext(text: str) -> Article:
    """Parse a plain-text article (title line, short heading lines, paragraphs)."""
    return infer_structure(read_plaintext(text))[0]


def read_plaintext(text: str) -> Outline:
    """The outline of a plain-text document (module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    dropped: list[Drop] = []
    meta: dict[str, str] = {}
    book = bool(_GUTENBERG_START.search(text)) or _has_chapter_labels(text)
    header = False
    text = _strip_gutenberg(text, meta, dropped)
    if not book:
        meta, text = split_key_value_header(text, min_fields=2)  # an RFC-822 / PEP header
        header = bool(meta)
    text = _strip_inline_marks(text, dropped, book)
    lines = _strip_asciidoc(text.split("\n"), meta)
    lines = _strip_page_furniture(lines, dropped)
    lines = _strip_contents_lines(lines, dropped)
    source = "the Project Gutenberg header" if book and meta.get("title") else "the first line"
    source = "the AsciiDoc title" if meta.get("title") and not book else source
    source = "the header" if header and meta.get("title") else source
    if _RFC_MARK.search("\n".join(lines[:20])):
        lines = _split_rfc_header(lines, meta)
        source = "the RFC's title line"
    lines, levels = _marked_headings(lines, rfc=source == "the RFC's title line")
    if not meta.get("title"):
        title, lines = _split_title(lines)
        meta["title"] = title
        levels.pop(title, None)
    lines = _take_byline(lines, meta)
    units = [unit for block in _blocks(lines) for unit in _block_units(block)]
    blocks = _outline_blocks(units, levels, dropped, book=book)
    logger.debug("plain text: %d blocks, title %r", len(blocks), meta.get("title"))
    return Outline(blocks, "txt", meta=meta, meta_title_source=source, dropped=dropped)


def _has_chapter_labels(text: str) -> bool:
    """Whether a text is a book by its look: three chapter labels or more on lines of their own
    ("CHAPTER I.", "STAVE TWO", "I. A SCANDAL IN BOHEMIA")."""
    labels = _LABEL_LINE.findall(text[:BOOK_SCAN_CHARS])
    return len(labels) >= 3


def is_heading_shaped(line: str) -> bool:
    """Whether a single line could be a heading (length, start, ending, no boilerplate)."""
    line = line.strip()
    if _BOOK_LABEL.match(line) and len(line) <= MAX_HEADING_CHARS:
        return True  # "CHAPTER 56. Of the Less Erroneous Pictures of Whales, and the True ..."
    if not line or len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
        return False
    if line.endswith(_NOT_HEADING_ENDINGS) or _BULLET.match(line):
        return False
    if _BOILERPLATE.search(line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"


def is_strong_heading(line: str) -> bool:
    """Whether a heading-shaped line is ALL CAPS, numbered, or a book's chapter label."""
    line = line.strip()
    if not is_heading_shaped(line):
        return False
    letters = [ch for ch in line if ch.isalpha()]
    all_caps = len(letters) >= 3 and all(ch.isupper() for ch in letters)
    numeral = re.fullmatch(r"(?:[IVXLC]+|\d{1,3})\.?", line) is not None
    book = bool(_BOOK_LABEL.match(line) or _BOOK_PART.match(line))
    return all_caps or numeral or book or bool(_NUMBERED.match(line))


def heading_level(line: str) -> int:
    """The level a heading line stands for (module docstring)."""
    book = _BOOK_LABEL.match(line)
    if book:
        return 1 if book.group(1) else 2
    number = re.match(r"^(?:\d+|[A-Z])((?:\.\d+)*)\.?\s", line)
    if number and _NUMBERED.match(line):
        return min(2 + number.group(1).count("."), 6)
    return HEADING_LEVEL


# --- wrappers and page furniture ------------------------------------------------------------


def _strip_gutenberg(text: str, meta: dict[str, str], dropped: list[Drop]) -> str:
    """Cut a Project Gutenberg header and licence; take the title and author from the header."""
    start = _GUTENBERG_START.search(text)
    if not start:
        return text
    header = text[: start.start()]
    for name, value in _GUTENBERG_FIELD.findall(header):
        key = {"title": "title", "author": "author", "language": "language"}.get(
            name.lower(), "date"
        )
        if key != "language":
            meta.setdefault(key, " ".join(value.split()))
    dropped.append(Drop("the Project Gutenberg header", len(header.split()), "page furniture"))
    body = text[start.end() :]
    end = _GUTENBERG_END.search(body)
    if end:
        licence = body[end.start() :]
        dropped.append(Drop("the Project Gutenberg licence", len(licence.split()), "a licence"))
        body = body[: end.start()]
    kept: list[str] = []
    credit: list[str] = []
    for number, line in enumerate(body.split("\n")):
        if (number < 40 and _PRODUCED_BY.match(line.strip())) or (credit and line.strip()):
            credit.append(line.strip())  # the credit paragraph, to its blank line
            continue
        if credit:
            text = " ".join(credit)
            dropped.append(Drop(f"text {text[:40]!r}", len(text.split()), "a credit line"))
            credit = []
        kept.append(line)
    return "\n".join(kept)


def _strip_inline_marks(text: str, dropped: list[Drop], book: bool = False) -> str:
    """Illustration markers ("[Illustration: ...]") go, but for a chapter label inside one;
    "_italic_" underscores go, words kept. In a book every underscore at the edge of a word
    goes: a long passage set in italics, or roman words marked inside one ("of_ Northanger
    Abbey, _its"), is not paired the way the short marks are."""
    markers = _ILLUSTRATION.findall(text)
    if markers:
        words = sum(len(marker.split()) for marker in markers)
        dropped.append(Drop(f"{len(markers)} illustration markers", words, "page furniture"))
        text = _ILLUSTRATION.sub(_labels_in_illustration, text)
    if book:
        return _EDGE_UNDERSCORE.sub("", text)
    return _UNDERSCORE_EMPHASIS.sub(r"\1", text)


def _labels_in_illustration(marker: re.Match[str]) -> str:
    """What an illustration marker leaves: nothing, or the chapter label an illustrated edition
    set inside its heading picture ("[Illustration: ·PRIDE AND PREJUDICE· ... Chapter I.]"), on
    a line of its own."""
    lines = [line.strip(" \t]") for line in marker.group(0)[1:].split("\n")]
    labels = [line for line in lines if _BOOK_LABEL.match(line) and len(line.split()) <= 3]
    return f"\n\n{labels[-1]}\n\n" if labels else ""


def _strip_asciidoc(lines: list[str], meta: dict[str, str]) -> list[str]:
    """AsciiDoc-style text: attribute, block-attribute and anchor (``[[id]]``) lines go,
    ``= Title`` and the author line under it become metadata, delimited-block fences go (a
    ``----`` listing is code)."""
    first = next(
        (i for i, line in enumerate(lines) if line.strip() and not _ADOC_ATTRIBUTE.match(line)), 0
    )
    if not lines or not re.match(r"^= \S", lines[first]):
        return lines
    meta["title"] = lines[first][2:].strip()
    rest = lines[first + 1 :]
    if rest and rest[0].strip() and not rest[0].startswith(("=", ":")):
        meta.setdefault("author", rest[0].strip())
        rest = rest[1:]
    out: list[str] = []
    listing = False
    for line in rest:
        if line.strip() == "----":
            listing = not listing
            out += ["", CODE_SENTENCE, ""] if listing else []
            continue
        if listing or _ADOC_ATTRIBUTE.match(line) or _ADOC_BLOCK.match(line):
            continue
        out.append(line)
    return out


def _strip_page_furniture(lines: list[str], dropped: list[Drop]) -> list[str]:
    """Drop RFC page footers, running headers and form feeds; mend paragraphs they cut."""
    out: list[str] = []
    removed = 0
    for line in lines:
        bare = line.replace("\f", "")
        if _RFC_PAGE_FOOTER.match(bare) or _RFC_RUNNING_HEADER.match(bare):
            removed += len(bare.split())
            out.append(_PAGE_BREAK)
            continue
        out.append(bare)
    if removed:
        dropped.append(Drop("page footers and running headers", removed, "page furniture"))
    return _mend_page_breaks(out)


def _mend_page_breaks(lines: list[str]) -> list[str]:
    """Join a paragraph a page break cut; otherwise a page break is a paragraph break."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if lines[index] != _PAGE_BREAK:
            out.append(lines[index])
            index += 1
            continue
        while index < len(lines) and (lines[index] == _PAGE_BREAK or not lines[index].strip()):
            index += 1
        while out and not out[-1].strip():
            out.pop()
        following = lines[index].strip() if index < len(lines) else ""
        previous = out[-1].strip() if out else ""
        cut = (
            previous and following and not _SENTENCE_END.search(previous) and following[0].islower()
        )
        if not cut:
            out.append("")
    return out


def _strip_contents_lines(lines: list[str], dropped: list[Drop]) -> list[str]:
    """Drop dot-leader contents lines ("1. Intro ...... 3") and their wrapped continuations."""
    out: list[str] = []
    words = 0
    for line in lines:
        if (
            line.rstrip()[-1:].isdigit()
            and _DOT_LEADER.search(line)
            and re.search(r"(?:\s?\.){4,}|^\s*(?:\d+\.|[A-Z]\.|Appendix)", line)
        ):
            words += len(line.split())
            for _ in range(WRAPPED_ENTRY_LINES):  # the first lines of a wrapped entry
                previous = out[-1] if out else ""
                wrapped = previous.strip() and previous.startswith(" ") and len(previous) < 72
                if not wrapped or _DOT_LEADER.search(previous) or _SENTENCE_END.search(previous):
                    break
                words += len(out.pop().split())
            continue
        out.append(line)
    if words:
        dropped.append(Drop("contents lines", words, "a table of contents"))
    return out


def _split_rfc_header(lines: list[str], meta: dict[str, str]) -> list[str]:
    """Take an RFC's two-column header and centred title off; the title goes to meta."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and lines[index].strip():
        date = re.search(r"\s{2,}([A-Z][a-z]+ \d{4})\s*$", lines[index])
        if date:
            meta.setdefault("date", date.group(1))
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    title_lines = []
    while index < len(lines) and lines[index].strip() and lines[index].startswith(" "):
        title_lines.append(lines[index].strip())
        index += 1
    if title_lines:
        meta["title"] = " ".join(title_lines)
    return lines[index:]


# --- headings -------------------------------------------------------------------------------


def _marked_headings(lines: list[str], rfc: bool = False) -> tuple[list[str], dict[str, int]]:
    """Headings marked by the writer: underlines, AsciiDoc ``==``, the left margin (RFC style)."""
    lines, levels = _underlined_headings(lines)
    if levels:
        return lines, levels
    asciidoc = [m for m in map(_ASCIIDOC_HEADING.match, lines) if m]
    first = next((line for line in lines if line.strip()), "")
    if len(asciidoc) >= 2 or (asciidoc and _ASCIIDOC_HEADING.match(first)):
        out = []
        for line in lines:
            match = _ASCIIDOC_HEADING.match(line)
            if match:
                levels[match.group(2)] = len(match.group(1))
                out += ["", match.group(2), ""]
            else:
                out.append(line)
        return out, levels
    return _margin_headings(lines, rfc)


def _margin_headings(lines: list[str], rfc: bool = False) -> tuple[list[str], dict[str, int]]:
    """In a text whose body is indented, the short lines at the left margin are headings."""
    filled = [line for line in lines if line.strip()]
    indented = sum(1 for line in filled if line.startswith(("  ", "\t")))
    if (len(filled) < 20 and not rfc) or indented < 0.6 * len(filled):
        return lines, {}
    levels: dict[str, int] = {}
    out: list[str] = []
    lines = _join_wrapped_headings(lines)
    for line in lines:
        text = _collapse(line)
        at_margin = line.strip() and not line.startswith((" ", "\t"))
        if at_margin and len(text) <= MARGIN_HEADING_CHARS and not _is_tabular(line):
            if not text.endswith((",", ";", ":")) and (text[0].isupper() or text[0].isdigit()):
                term = _HANGING_TERM.match(line)  # "1. MUST   This word ...": a term, its text
                heading = _collapse(term.group(1)) if term else text
                levels[heading] = heading_level(heading)
                out += ["", heading, ""] + ([f"   {term.group(2)}"] if term else [])
                continue
        out.append(line)
    return out, levels


def _is_table_block(block: list[str]) -> bool:
    """A block that is an ASCII table or diagram: half its lines drawn ("+--+--+", "| a |"),
    or every line in columns (a gap inside each, two gaps in one: "VAXA    A    10.2.0.27")."""
    if len(block) < 2:
        return False
    drawn = sum(1 for line in block if ("|" in line or "+" in line) and _DIAGRAM_LINE.search(line))
    if 2 * drawn >= len(block):
        return True
    if not all("   " in line.strip() for line in block):
        return False
    gaps = [len(_COLUMN_GAP.findall(line.strip())) for line in block]
    return min(gaps) >= 1 and max(gaps) >= 2


def _is_tabular(line: str) -> bool:
    """A line at the margin that is a row of a table, not a heading: cell walls ("FEATURE
    |SECTION| | |"), two column gaps ("VAXA    A    10.2.0.27"), or a one-character key before
    a gap ("0        No error condition")."""
    gaps = _COLUMN_GAP.findall(line.rstrip())
    return bool(_DIAGRAM_LINE.search(line)) or len(gaps) >= 2 or bool(_KEY_ITEM.match(line))


def _join_wrapped_headings(lines: list[str]) -> list[str]:
    """A long margin heading wrapped onto a line indented under its words ("Appendix A.
    Motivations ... Resource" / "             Records when ...") is one line again."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        continued = (
            previous[:1].strip()
            and len(previous) >= WRAPPED_HEADING_CHARS
            and not _SENTENCE_END.search(previous)
            and line.startswith(" " * 5)
            and line.strip()
            and len(line.split()) <= MAX_HEADING_WORDS
        )
        if continued:
            out[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _underlined_headings(lines: list[str]) -> tuple[list[str], dict[str, int]]:
    """Lines underlined with ``===`` or ``---`` are headings; other rule lines are dropped. A
    rule of several runs with gaps between (``------  -----``), or one under an indented line
    (headings sit at the margin), underlines the columns of a table: the table, to its first
    blank line, is the table note."""
    out: list[str] = []
    levels: dict[str, int] = {}
    in_table = False
    for line in lines:
        if in_table:
            in_table = bool(line.strip())
            if in_table:
                continue
        rule = _RULE_LINE.match(line)
        under_indented = bool(rule) and bool(out) and out[-1].startswith("   ")
        if _COLUMN_RULE.match(line) or (under_indented and line.startswith("   ")):
            header = out.pop() if out and out[-1].strip() else line
            indent = header[: len(header) - len(header.lstrip())]
            out.append(f"{indent}{TABLE_SENTENCE}")
            in_table = True
            continue
        if rule:
            previous = out[-1].strip() if out else ""
            if previous and not _RULE_LINE.match(previous) and len(previous) <= MAX_HEADING_CHARS:
                levels[_collapse(previous)] = {"=": 1, "-": 2}.get(rule.group(1), 3)
                out[-1:] = ["", previous, ""]
            continue
        out.append(line)
    return out, levels


def _split_title(lines: list[str]) -> tuple[str, list[str]]:
    """The first non-empty line is the title; return it and the lines after it. A title page
    whose title is centred over several short lines before its "by" line ("PRIDE." / "and" /
    "PREJUDICE" / "by") gives all of them, joined."""
    filled = [(index, line) for index, line in enumerate(lines) if line.strip()]
    if not filled:
        return "", []
    by = next(
        (
            n
            for n, (_, line) in enumerate(filled[: TITLE_LINES + 1])
            if _BY_LINE.match(line.strip())
        ),
        None,
    )
    if by and by > 1 and all(_is_centred_short(line) for _, line in filled[:by]):
        words = [line.strip().rstrip(".,") for _, line in filled[:by]]
        return _collapse(" ".join(words)), lines[filled[by - 1][0] + 1 :]
    index, line = filled[0]
    return _collapse(line), lines[index + 1 :]


def _is_centred_short(line: str) -> bool:
    """A short line set well in from the margin (a title page's line)."""
    return len(line) - len(line.lstrip()) >= CENTRED_INDENT and len(line.split()) <= 6


def _take_byline(lines: list[str], meta: dict[str, str]) -> list[str]:
    """Move a "By Someone" line right after the title into meta["author"]."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _BYLINE.match(line.strip())
        if match and len(line.split()) <= 8 and not line.rstrip().endswith("."):
            meta["author"] = match.group(1).strip()
            return lines[index + 1 :]
        return lines
    return lines


def _blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into blocks separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _block_units(block: list[str]) -> list[_Unit]:
    """Cut a block into units: one per line, or one wrapped paragraph (maybe after a heading)."""
    stripped = [line.strip() for line in block]
    if _is_table_block(block):
        return [_Unit(TABLE_SENTENCE)]
    if len(stripped) > 1 and is_strong_heading(stripped[0]) and _looks_wrapped(stripped[1:]):
        if not stripped[1][0].islower():
            return [_Unit(_collapse(stripped[0])), _Unit(_join(stripped[1:]))]
    if _looks_wrapped(stripped):
        return [_Unit(_join(stripped))]
    if len(stripped) == 2 and _is_bare_label(stripped[0]) and _is_chapter_name(stripped[1]):
        return [_Unit(stripped[0]), _Unit(stripped[1])]  # "Chapter I" / "The Cyclone"
    short = all(_is_list_line(line) for line in stripped)
    if short and (len(stripped) >= 3 or (len(stripped) == 2 and _is_contents_list(stripped))):
        return [_Unit("\n".join(_collapse(line) for line in stripped), is_list=True)]
    return [_Unit(_collapse(line), tabular=_is_tabular(line)) for line in block]


def _is_list_line(line: str) -> bool:
    """A short line that is not a sentence: an item of a list of names (a contents list)."""
    return len(line.split()) <= MAX_HEADING_WORDS and not line.endswith((".", ",", ";", ":"))


def _looks_wrapped(block: list[str]) -> bool:
    """Whether the lines of a block are one paragraph hard-wrapped at a fixed width."""
    if len(block) < 2 or any(len(line) > WRAP_WIDTH for line in block):
        return False
    breaks = list(zip(block, block[1:], strict=False))
    filled = 2 * sum(1 for line in block[:-1] if len(line) >= FILLED_LINE) >= len(breaks)
    mid_sentence = sum(1 for line, nxt in breaks if _runs_on(line, nxt, filled))
    return 3 * mid_sentence >= len(breaks)


def _runs_on(line: str, following: str, filled: bool) -> bool:
    """Whether a sentence runs on from a line to the next: the line does not end one, and the
    next goes on in lower case, or, in a block whose lines fill the width (hard-wrapped, not
    verse), the line fills it too (a wrap before a name: "Thanks to its authors," / "Paul
    Vixie, ...") and the next is no list item."""
    if _SENTENCE_END.search(line):
        return False
    if following[0].islower():
        return True
    return filled and len(line) >= FILLED_LINE and not _LIST_ITEM.match(following)


def _is_heading(units: list[_Unit], index: int) -> bool:
    """Apply rule 3 of the module docstring to the unit at `index`."""
    unit = units[index]
    if index + 1 >= len(units) or unit.is_list or unit.tabular or not is_heading_shaped(unit.text):
        return False
    following = units[index + 1].text
    if following[0].islower():
        return False
    if not is_heading_shaped(following):
        return True
    return _is_strong(units[index]) and _is_heading(units, index + 1)


def _is_strong(unit: _Unit) -> bool:
    """Whether a unit is a strong heading (a joined chapter label is one)."""
    return unit.label or is_strong_heading(unit.text)


def _outline_blocks(
    units: list[_Unit], marked: dict[str, int], dropped: list[Drop], book: bool = False
) -> list[Block]:
    """Decide the headings (module docstring) and turn the units into blocks."""
    units = _join_book_labels(units)
    if book:
        units = _without_title_page(units, dropped)
    headings = [i for i in range(len(units)) if units[i].text in marked or _is_heading(units, i)]
    if any(units[i].text in marked for i in headings):
        headings = [i for i in headings if units[i].text in marked]
    else:
        strong = [i for i in headings if _is_strong(units[i])]
        if book:  # "R. Walton" or "“LYDIA BENNET.”" closing a letter is a signature
            strong = [i for i in strong if units[i].label or not _SIGNATURE.match(units[i].text)]
        headings = strong if len(strong) >= 2 or book else headings
    heading_set = set(headings)
    blocks: list[Block] = []
    index = 0
    while index < len(units):
        run = index
        keys = {heading_key(units[index].text)}
        while run < len(units) and run in heading_set and (run + 1) in heading_set:
            key = heading_key(units[run + 1].text)
            if key in keys:
                break  # a heading the row already named: the body starts there
            keys.add(key)
            run += 1
        if any(units[i].text in marked for i in range(index, run + 1)):
            run = index  # headings the writer marked may follow each other
        if run + 1 < len(units) and run - index >= 2:
            run -= 1  # the last of the row has the text under it: the first real heading
        if run - index >= 2:  # three or more headings in a row: a list (of contents)
            blocks.append(Block("\n".join(u.text for u in units[index : run + 1]), is_list=True))
            index = run + 1
            continue
        unit = units[index]
        if unit.is_list:
            blocks.append(Block(unit.text, is_list=True))
        elif index in heading_set:
            level = marked.get(unit.text) or heading_level(unit.text)
            following = units[index + 1].text if index + 1 < len(units) else ""
            name = re.sub(r"^\d+\.?\s+", "", unit.text)  # "1. STATUS OF THIS MEMO"
            if _RFC_BOILERPLATE.match(name) or _RFC_FUNDING.match(following):
                index = _skip_boilerplate(units, index, heading_set, dropped)
                continue
            part = _BOOK_LABEL.match(unit.text)
            signals = frozenset({PART}) if book and part and part.group(1) else frozenset()
            blocks.append(Block(unit.text, level, signals=signals))
        else:
            blocks.append(Block(unit.text))
        index += 1
    return blocks


def _without_title_page(units: list[_Unit], dropped: list[Drop]) -> list[_Unit]:
    """A book's title page: the short lines before its contents, its first chapter or its prose
    (title, subtitle, "by ...", "Illustrated by ...", edition, publisher, year). They are the
    book's front matter, never text or chapters."""
    start = _body_start(units)
    notes = [unit for unit in units[:start] if _is_edition_note(unit.text)]
    front = [line for unit in units[:start] if unit not in notes for line in unit.text.split("\n")]
    if len(front) > TITLE_PAGE_LINES or any(_is_prose(line) for line in front):
        return units
    if front:
        words = sum(len(line.split()) for line in front)
        dropped.append(Drop("the title page", words, "page furniture"))
    for note in notes:
        dropped.append(Drop(f"text {note.text[:40]!r}", len(note.text.split()), "an edition note"))
    return units[start:]


def _is_edition_note(text: str) -> bool:
    """A paragraph about the edition rather than the book ("A ... Edition produced in 1991 by
    ... Note that while a copyright was claimed for the digitization ..."): it names at least
    two of edition, production, transcription, digitization, copyright, public domain."""
    return len({m.lower() for m in _EDITION_WORDS.findall(text)}) >= 2


def _body_start(units: list[_Unit]) -> int:
    """Where a book's body starts: its contents, a chapter label or book part, or its first
    prose (with the strong heading right above it, unless that line belongs to a title page)."""
    for index, unit in enumerate(units):
        text = unit.text
        if unit.label or _CONTENTS.match(text) or _BOOK_PART.match(text) or _BOOK_LABEL.match(text):
            return index
        if unit.is_list and _is_contents_list(text.split("\n")):
            return index
        if _is_prose(text) and not _is_edition_note(text):
            above = units[index - 1].text if index else ""
            heading = above and is_strong_heading(above) and not _TITLE_PAGE_LINE.search(above)
            return index - 1 if heading else index
    return 0


def _is_contents_list(lines: list[str]) -> bool:
    """A list whose lines mostly start with a chapter label or number ("CHAPTER I.", "IV The ...")."""
    numbered = re.compile(r"^(?:[IVXLC]+|\d{1,3})\b\.?\s+\S")
    labelled = sum(1 for line in lines if _BOOK_LABEL.match(line) or numbered.match(line))
    return 2 * labelled >= len(lines)


def _is_prose(text: str) -> bool:
    """A paragraph of prose: more words than a heading, or a sentence of some length."""
    words = len(text.split())
    return words > MAX_HEADING_WORDS or (words >= 8 and bool(_SENTENCE_END.search(text)))


def _skip_boilerplate(
    units: list[_Unit], index: int, headings: set[int], dropped: list[Drop]
) -> int:
    """Drop a section of an RFC's publication boilerplate ("Status of This Memo", "Copyright
    Notice", "Full Copyright Statement", "Intellectual Property", the RFC Editor's funding
    note); return the next index."""
    end = index + 1
    while end < len(units) and end not in headings:
        end += 1
    words = sum(len(u.text.split()) for u in units[index:end])
    dropped.append(Drop(f"section {units[index].text!r}", words, "publication boilerplate"))
    return end


def _join_book_labels(units: list[_Unit]) -> list[_Unit]:
    """A chapter label alone ("CHAPTER I.") takes the short chapter name on the next line."""
    out: list[_Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        following = units[index + 1].text if index + 1 < len(units) else ""
        if _is_bare_label(unit.text) and _is_chapter_name(following):
            out.append(_Unit(f"{unit.text} {following.rstrip('.')}", label=True))
            index += 2
            continue
        out.append(unit)
        index += 1
    return out


def _is_bare_label(line: str) -> bool:
    """A chapter label with no name after it ("CHAPTER I.", "Chapter 1", "XIV.")."""
    label = _BOOK_LABEL.match(line)
    return bool(label and not (label.group(2) or label.group(3))) or bool(
        re.fullmatch(r"(?:[IVXLC]+|\d{1,3})\.?", line)
    )


def _is_chapter_name(line: str) -> bool:
    """A short capitalised line that names a chapter (a full stop at the end is allowed); a
    longer one (to `MAX_HEADING_WORDS` + 2) only in title case ("Narrative Continued by the
    Doctor: End of the First Day's Fighting"), never the start of a sentence."""
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS + 2 or _BOOK_LABEL.match(line):
        return False
    if line.endswith((",", ";", ":", "—", "–", "-")):
        return False
    long_words = [w.strip("“‘\"'(") for w in words if len(w.strip("“‘\"'(.,:;")) > 3]
    title_case = all(w[:1].isupper() for w in long_words if w)
    if len(words) > CHAPTER_NAME_WORDS and not title_case:
        return False
    return line[0].isupper() or line[0] in "\"'“‘"


def _join(lines: list[str]) -> str:
    """Join hard-wrapped lines into one paragraph; a line ending in a hyphen joins without space."""
    joined = ""
    for line in lines:
        glue = "" if joined.endswith("-") and joined[-2:-1].isalpha() else " "
        joined = f"{joined}{glue}{line}" if joined else line
    return _collapse(joined)


def _collapse(text: str) -> str:
    """Collapse runs of whitespace to single spaces."""
    return " ".join(text.split())
