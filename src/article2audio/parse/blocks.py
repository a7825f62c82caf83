"""The shape every reader produces before sections: headings and paragraphs in order.

Each reader turns its format into a flat list of `Block`s; `build_sections` groups them the
same way for every format, so "what is a chapter" is decided in one place:

- A heading that repeats the title is dropped (it is the title, not a chapter).
- Chapters are the highest heading level left (h2 on a page whose h1 is the title, h3 when
  the article only uses h3). Deeper headings stay in their chapter as a paragraph of their own.
- Text before the first chapter becomes a first Section named after the article.
- Headings with no words are ignored.
- Back matter nobody listens to is cut: a "References", "See also", "External links",
  "Further reading", "Comments" (and the like) heading with everything under it; so is a
  "Table of contents" heading with its list of links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from article2audio.models import Article, Section

CODE_SENTENCE = "A code example is shown in the article."
TABLE_SENTENCE = "A table is shown in the article."
FORMULA_SENTENCE = "A formula is shown in the article."
_HEADING_LINK_MARKS = re.compile(
    r"^(?:[#¶§🔗]\s+|[¶§🔗])|(?:\s+#|\s*[¶§🔗]|\s*\[(?:edit|modifier|bearbeiten|editar)\])$"
)
_BACK_MATTER = re.compile(
    r"^(?:table of contents|contents|toc|on this page|in this article"
    r"|references|notes|endnotes|notes and references|external links|see also|further reading|bibliography"
    r"|footnotes|citations|works cited|sources|\d+ comments?|comments|leave a (?:reply|comment)"
    r"|related (?:posts|articles|stories)|more posts|share this(?: post| article)?)[:.]?$",
    re.IGNORECASE,
)


@dataclass
class Block:
    """A heading (level 1-6) or one paragraph of speakable text (level 0)."""

    text: str
    heading_level: int = 0
    first_line: str = ""  # the text of its first source line, when that differs from `text`


def same_title(heading: str, title: str) -> bool:
    """Whether a heading repeats the title (case, spacing and end punctuation ignored)."""

    def norm(text: str) -> str:
        return " ".join(text.casefold().split()).rstrip(".!?:")

    return norm(heading) == norm(title)


def drop_title_heading(title: str, blocks: list[Block]) -> list[Block]:
    """Remove the first heading (or the first block) that only repeats the title."""
    for index, block in enumerate(blocks):
        if same_title(block.text, title) and (block.heading_level or index == 0):
            return blocks[:index] + blocks[index + 1 :]
    return blocks


def clean_heading(heading: str) -> str:
    """A heading without the permalink marks and edit links that pages hang on it."""
    return _HEADING_LINK_MARKS.sub("", " ".join(heading.split()))


def is_back_matter(heading: str) -> bool:
    """Whether a heading names back matter nobody listens to (references, links, comments)."""
    return bool(_BACK_MATTER.match(" ".join(heading.split())))


def drop_back_matter(blocks: list[Block]) -> list[Block]:
    """Cut a "References" / "See also" / "Comments" heading and everything under it."""
    kept: list[Block] = []
    skipping_level = 0
    for block in blocks:
        if block.heading_level and skipping_level and block.heading_level <= skipping_level:
            skipping_level = 0
        if block.heading_level and not skipping_level and is_back_matter(block.text):
            skipping_level = block.heading_level
        if not skipping_level:
            kept.append(block)
    return kept


def build_sections(title: str, blocks: list[Block]) -> list[Section]:
    """Group blocks into sections under the top-level (chapter) headings."""
    blocks = [
        Block(clean_heading(b.text), b.heading_level) if b.heading_level else b for b in blocks
    ]
    blocks = drop_back_matter([b for b in blocks if b.text.strip() or not b.heading_level])
    levels = [block.heading_level for block in blocks if block.heading_level]
    chapter_level = min(levels) if levels else 0
    sections: list[Section] = []
    lead: list[str] = []
    for block in blocks:
        if not block.text.strip():
            continue
        if block.heading_level and block.heading_level == chapter_level:
            sections.append(Section(title=block.text, level=chapter_level, text=""))
        elif sections:
            sections[-1].text = f"{sections[-1].text}\n\n{block.text}".strip("\n")
            if block.heading_level:
                sections[-1].subheadings.append(block.text)
        else:
            lead.append(block.text)
    if lead or not sections:
        sections.insert(0, Section(title=title, level=1, text="\n\n".join(lead)))
    return sections


def make_article(title: str, blocks: list[Block], meta: dict[str, str]) -> Article:
    """An Article from a title, the blocks under it and the metadata."""
    return Article(title=title, sections=build_sections(title, blocks), meta=meta)
