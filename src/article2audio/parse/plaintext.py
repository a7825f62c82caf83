"""Plain-text articles -> Article.

The rule, in order:

1. The first non-empty line is the article title. A line right after it that reads
   ``By Someone`` is a byline: it goes to ``meta["author"]`` and is not spoken as text.
2. The rest is cut into blocks at blank lines. A block of several lines is a *wrapped
   paragraph* (its lines are joined with spaces) when no line is longer than
   ``WRAP_WIDTH`` characters and at least a third of its line breaks fall mid-sentence
   (the line does not end in sentence punctuation and the next one starts in lower case).
   Any other block holds one paragraph per line, as in ``samples/ceasefire.txt``.
   A wrapped block may still open with a strong heading (ALL CAPS or numbered) on a line
   of its own, which is split off.
3. A unit (a line, or a whole wrapped block) is *heading-shaped* when it is at most
   ``MAX_HEADING_WORDS`` words and ``MAX_HEADING_CHARS`` characters, starts with a capital
   letter, a digit or a roman numeral, does not end in ``.`` ``,`` ``;`` or ``:`` (``?`` and
   ``!`` are fine: "Conclusion: Hope on the Horizon?"), is not a list bullet, and is not
   boilerplate (copyright lines, "All rights reserved", URLs, e-mail addresses).
4. A heading-shaped unit is a heading when the next unit is a paragraph (not heading-shaped
   and not starting in lower case). A *strong* heading (ALL CAPS like "INTRODUCTION", or
   numbered like "1. Introduction", "2.3 Results", "II. Methods") may also be followed by
   another heading, e.g. "PART ONE" then "1. Beginnings". The last unit is never a heading.
5. A line underlined with ``===``, ``---`` or ``~~~`` is a heading (and, when there are such
   lines, the only kind); other rule lines (``----``, ``* * *``) are dropped as decoration.
6. When the text has at least two strong headings (ALL CAPS or numbered), it is written in
   that style, and only strong headings count: a question standing alone as a paragraph
   ("Is an index worth the trouble?") is then prose, not a chapter.
7. Every heading starts a Section of level 2; text before the first heading becomes a first
   Section (level 1) named after the article title.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from article2audio.models import Article, Section

logger = logging.getLogger(__name__)

WRAP_WIDTH = 100
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 100
HEADING_LEVEL = 2

_NOT_HEADING_ENDINGS = (".", ",", ";", ":")
_SENTENCE_END = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_BULLET = re.compile(r"^[-*•+]\s")
_BOILERPLATE = re.compile(
    r"copyright|\(c\)|©|all rights reserved|https?://|www\.|\S+@\S+\.\w+", re.IGNORECASE
)
_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+\S")
_RULE_LINE = re.compile(r"^\s*(?:([=\-~*#_])\s*\1(?:\s*\1)+)\s*$")
_BYLINE = re.compile(r"^by\s+(\S.*)$", re.IGNORECASE)


@dataclass
class _Unit:
    """A paragraph or heading candidate: one line, or a whole wrapped block."""

    text: str


def parse_plaintext(text: str) -> Article:
    """Parse a plain-text article (title line, short heading lines, paragraphs)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    lines, underlined = _underlined_headings(lines)
    title, body_lines = _split_title(lines)
    meta: dict[str, str] = {}
    body_lines = _take_byline(body_lines, meta)
    units = [unit for block in _blocks(body_lines) for unit in _block_units(block)]
    sections = _sections(title, units, underlined)
    logger.debug("plain text: title %r, %d sections", title, len(sections))
    return Article(title=title, sections=sections, meta=meta)


def is_heading_shaped(line: str) -> bool:
    """Whether a single line could be a heading (length, start, ending, no boilerplate)."""
    line = line.strip()
    if not line or len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
        return False
    if line.endswith(_NOT_HEADING_ENDINGS) or _BULLET.match(line):
        return False
    if _BOILERPLATE.search(line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"


def is_strong_heading(line: str) -> bool:
    """Whether a heading-shaped line is ALL CAPS or numbered ("1. Introduction", "II. Methods")."""
    line = line.strip()
    if not is_heading_shaped(line):
        return False
    letters = [ch for ch in line if ch.isalpha()]
    all_caps = len(letters) >= 3 and all(ch.isupper() for ch in letters)
    return all_caps or bool(_NUMBERED.match(line))


def _split_title(lines: list[str]) -> tuple[str, list[str]]:
    """The first non-empty line is the title; return it and the lines after it."""
    for index, line in enumerate(lines):
        if line.strip():
            return _collapse(line), lines[index + 1 :]
    return "", []


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
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _block_units(block: list[str]) -> list[_Unit]:
    """Cut a block into units: one per line, or one wrapped paragraph (maybe after a heading)."""
    if len(block) > 1 and is_strong_heading(block[0]) and _looks_wrapped(block[1:]):
        if not block[1][0].islower():
            return [_Unit(_collapse(block[0])), _Unit(_join(block[1:]))]
    if _looks_wrapped(block):
        return [_Unit(_join(block))]
    return [_Unit(_collapse(line)) for line in block]


def _looks_wrapped(block: list[str]) -> bool:
    """Whether the lines of a block are one paragraph hard-wrapped at a fixed width."""
    if len(block) < 2 or any(len(line) > WRAP_WIDTH for line in block):
        return False
    breaks = list(zip(block, block[1:], strict=False))
    mid_sentence = sum(
        1 for line, nxt in breaks if not _SENTENCE_END.search(line) and nxt[0].islower()
    )
    return 3 * mid_sentence >= len(breaks)


def _is_heading(units: list[_Unit], index: int) -> bool:
    """Apply rule 4 of the module docstring to the unit at `index`."""
    if index + 1 >= len(units) or not is_heading_shaped(units[index].text):
        return False
    following = units[index + 1].text
    if following[0].islower():
        return False
    if not is_heading_shaped(following):
        return True
    return is_strong_heading(units[index].text) and _is_heading(units, index + 1)


def _underlined_headings(lines: list[str]) -> tuple[list[str], set[str]]:
    """Lines underlined with ``===`` or ``---`` are headings; other rule lines are dropped."""
    out: list[str] = []
    underlined: set[str] = set()
    for line in lines:
        if _RULE_LINE.match(line):
            previous = out[-1].strip() if out else ""
            if previous and not _RULE_LINE.match(previous) and len(previous) <= MAX_HEADING_CHARS:
                underlined.add(_collapse(previous))
                out[-1:] = ["", previous, ""]
            continue
        out.append(line)
    return out, underlined


def _sections(title: str, units: list[_Unit], underlined: set[str] | None = None) -> list[Section]:
    """Group units into sections: an untitled lead (named after the article), then headed ones."""
    sections: list[Section] = []
    lead: list[str] = []
    underlined = (underlined or set()) - {title}
    headings = [
        index
        for index in range(len(units))
        if units[index].text in underlined or _is_heading(units, index)
    ]
    if any(units[index].text in underlined for index in headings):
        headings = [index for index in headings if units[index].text in underlined]
    strong = [index for index in headings if is_strong_heading(units[index].text)]
    if len(strong) >= 2:
        headings = strong
    for index, unit in enumerate(units):
        if index in headings:
            sections.append(Section(title=unit.text, level=HEADING_LEVEL, text=""))
        elif sections:
            sections[-1].text = _add_paragraph(sections[-1].text, unit.text)
        else:
            lead.append(unit.text)
    if lead:
        sections.insert(0, Section(title=title, level=1, text="\n\n".join(lead)))
    return sections


def _add_paragraph(text: str, paragraph: str) -> str:
    """Append a paragraph, separated by a blank line."""
    return f"{text}\n\n{paragraph}" if text else paragraph


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
