"""From an outline to title and chapters: one rule for every format.

Every reader turns its format into an `Outline` (blocks in order: headings with their level,
paragraphs, lists; plus the title hints of the format). `infer_structure` decides the rest the
same way for Markdown, MDX, HTML, reST and plain text:

**Furniture first.** Contents written as headings or lines go too: three headings or more
that come again later, all their first copies before any second one, with the lines between
them that name later headings ("CHAPTER V. A Useful Minister" for "CHAPTER V": a heading is
known by its label, else its words), and a heading right after a dropped contents list that
repeats a later one (its last entry). Headings a reader marked as page furniture (a heading that is a link to the
site's home page: the site's name) are dropped, and so are tables of contents: a list whose items
are mostly links into the page or the names of later headings (or their first words), together
with a "Contents" / "On this page" heading over it (the text under such a heading, if any, is
kept); rows of links before the first prose, above or below the title, and in the opening
under it (up to the first heading or the first paragraph of `PROSE_WORDS` words: language
links, a README's "View Demo · Report Bug" bar), are furniture too, and so are short lines
that are only a link naming a page widget in any format ("(back to top)", "Share on
Mastodon", "Edit this page", "Next »"), byline lines ("Posted on: 5 August 2023 by
...", "Published by ...": short, never a sentence of the article) and the marks of Markdown
footnotes a page shows unrendered ("[^1]"). A heading that labels a widget ("Share this
story") is dropped, its text kept; a "heading" of more than `DEK_WORDS` words is a dek (a
sentence in heading type) and is read as text; a block without a word ("******", "* * *")
says nothing.

**Title**, in order of trust: `--title`; front matter or document metadata (YAML/TOML
``title``, a reST or PEP ``Title:`` header, a Gutenberg ``Title:`` line); the page's og:title,
else its <title>, with the site name cut (the part that names the site, the domain or the home
link is dropped; of the rest, the part that a heading repeats wins, else the first); the first
heading when it opens the document (at most `OPENING_WORDS` words before it); a README's name
(the opening logo's alt text or the repository its opening links name ranks above an opening
heading that has siblings at its level, which may be the first chapter; a name found further
down, the repository its links name most, only below the opening heading); the document's first
line when its format makes that the title. A candidate that is only the site's name is skipped;
a heading from the middle of the document is never the title. A <title> part is a fragment
when the opening heading holds its words and more ("9.0" and "9.0 Migration Notes"): the
heading, which says it fully, is the title. A <title> (not og:title) that no heading repeats
names only the site or the book when the page's own header names the opening heading instead
(a book's chapter: "Google - Site Reliability Engineering", the header "Chapter 6 - Monitoring
Distributed Systems", the lone top heading "Monitoring Distributed Systems"): that heading is
the title. The heading that repeats the title near the opening
is not a chapter, and neither is a first heading that says the title nearly whole (all but a
version: "... in DataFusion" under "... in DataFusion 28.0.0"): its text is the lead.

**A README's tagline.** A heading set in a README's raw-HTML header (``<h2 align="center">``
under its banner) that is not above the document's own headings and is not the project's name
(the banner's alt text, the repository, the subject of the first sentence; with no name known,
a heading of more than `NAME_WORDS` words) is its tagline: a line of the lead, which is named
after the project, neither a chapter nor the title.

**Metadata lines under the title** — a design document's or a proposal's small header before
any prose or heading: "Author(s): ...", "Last updated: September 14, 2016", "Status: Draft",
"Discussion at https://...", "With input from ...", lines of names, the document's own address,
or a list of ``Key: value`` items ("* Status: Implemented") — are metadata: its authors and date
(`parse.meta.header_lines`), never text. One of them must say who, when, its status or where it
is discussed; a value is short, and a date key holds a date ("Update: this post is old" is the
author's note).

**Chapter level.** Chapters are the headings at the shallowest level left, with three
corrections so that they divide the body into parts a listener would skip between:

1. When the top level holds one heading, it opens the document and deeper headings follow it,
   it is the title said differently (or a wrapper such as "Documentation"): it is dropped and its
   children are the chapters (repeated while it holds).
2. When the top level holds one heading that does not open the document (a "# License" at the
   end of a README whose parts are "##") and the next level holds two or more, the chapters are
   that next level and the lone heading is closed up to it. Headings that come before the first
   chapter, deeper than it (orphans), are chapters too, at the chapter level, except a lone one
   that opens the document: that is its tagline, read in the lead. Skipped levels (a title then
   "###" parts) need no rule: the shallowest level left is the chapter level. A heading with
   nothing at all under it is not a chapter.
3. When every top heading is a book's part (the reader marks "PART ONE", "BOOK II" with the
   `PART` signal) with no text of its own, and the next level holds at least `GROUPED` times
   as many headings, the chapters are that next level (a novel's chapters, not its six parts);
   each part's heading is read at the start of its first chapter.

Deeper headings stay in their chapter, spoken as a line of their own. Text before the first
chapter becomes a first section named after the title. `--chapter-level N` forces level N.

**Back matter** ("References", "See also", "Further reading", "Related posts", "Authors'
Addresses", "License" ...) is dropped with its section only where it really ends the article
(every section after it is back matter too) or where its section is a list of links or
references (reference entries are short, under `REFERENCE_WORDS` words: a paragraph of prose
that cites "RFC 1035" is not one); elsewhere it is an ordinary heading. Names that also name ordinary sections
("Discussion", "Notes", "Sources", "Comments") are back matter at the end only when their
section lists links or references, and so are thanks ("Acknowledgements", "Thanks": the
author's own words to the people who helped, kept unless they are only a list of links).
Sponsors, backers, funding and merchandise ("Sponsors ❤️", "Goods": emoji and symbols on a
heading are not part of its name) are back matter, and so is a short section, whatever its
heading, that asks the reader for money (a "Contribute" that says "please go to Patreon",
"donate", "sponsor this project"; a "Contributing" guide that asks for none is the author's
text); a short last paragraph that asks for money on a donation platform ("buy me a coffee",
"support me on Patreon") goes too. A bold line with a back-matter name late in the text cuts what follows only when
references or links come first under it. A
licence notice goes wherever it stands: a section named for a licence ("License",
"Copyright", "License (MIT)"; not "License compatibility") whose text, under
`LICENCE_WORDS`, reads as one ("released under the MIT License", "© 2024"). A last section
under any other heading is dropped only on strong evidence: nearly all of it is a list whose
items are link entries (a page's title with its link, a date or version beside it: an index
of release notes), not sentences that carry their own prose (a weekly update's list of fixes,
each with a link inside, is the article). A section that is only a list of links, each item a
link and little else ("Documentation quick links": Installation, User Guide, FAQ), is
navigation wherever it stands, and a chapter left with nothing once such parts went goes too;
but when such lists hold `LINK_COLLECTION_SHARE` of the document (a list of free books), they
are the article and neither rule applies. Every drop is recorded in the `Explanation` with
its reason; when the author's own text dropped is over `WARN_SHARE` of the article, a warning
is logged (shown on stderr by `build`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace

from article2audio.models import Article, Section
from article2audio.parse.blocks import (
    ANCHOR_LIST,
    FURNITURE,
    HEADER_HEADING,
    PART,
    SITE_LINK,
    Block,
    Drop,
    Outline,
    clean_heading,
    count_words,
    excerpt,
    fold,
    heading_key,
    mark_code_words,
    same_title,
    without_number,
)
from article2audio.parse.meta import (
    HeaderLines,
    header_lines,
    is_name_line,
    meta_from_header_lines,
)

logger = logging.getLogger(__name__)

OPENING_WORDS = 40
WARN_SHARE = 0.10
LINK_ENTRY_WORDS = 9  # an item of a link list: a page's title with its link, a date, a version
BYLINE_WORDS = 16
ENTRY_WORDS, ENTRY_LINES = 8, 3  # leftover contents entries under a "Contents" heading
CONTENTS_ENTRY_WORDS = 40  # a contents entry written as a heading has at most this under it
LOOSE_ENTRY_SHARE = 0.4  # of a contents' words, at most this share in lines that name nothing
GROUPED = 1.5  # a top level that only groups has at least this many times as many headings below
REFERENCE_WORDS = 45  # a reference entry is shorter than a paragraph of prose
DEK_WORDS = 20  # a "heading" longer than this is a dek or a sentence in bold, not a section name
LICENCE_WORDS = 150  # a licence notice is shorter than this
APPEAL_WORDS = 150  # an appeal for money that closes a page is shorter than this
APPEAL_LINE_WORDS = 60  # a closing paragraph that asks for money is no longer than this
PROSE_WORDS = 15  # a paragraph this long is the article's prose, not a tagline or a link row
NAME_WORDS = 4  # a project's name is at most this long; a longer header heading is a tagline
LINK_COLLECTION_SHARE = 0.5  # a document whose link lists hold this share is a list of links
_SENTENCE_ENDS = re.compile(r"[.!?](?:\s|$)")
_BYLINE = re.compile(
    r"^(?:originally\s+)?(?:posted|published|written|authored)"
    r"(?:\s+(?:on|by|in|at))?\s*:|^(?:posted|published|written|authored)\s+(?:on|by)\s",
    re.IGNORECASE,
)
# Short lines of page widgets, whatever the format: reading time, share and edit links, pager
# links, "back to top", "last updated".
_READ_TIME = re.compile(r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b", re.IGNORECASE)
_WIDGET_WORDS = re.compile(
    r"(?:(?:share(?: this(?: post| article| page| story)?)?(?: on(?: [^\s.]+){1,2})?|follow|listen|save|print|like|comments?|subscribe|sign in|sign up"
    r"|advertisement|read more|continue reading|edit this page|edit on github|edit on gitlab"
    r"|improve this (?:page|doc)|suggest an edit|view (?:page )?source|show source|view on github"
    r"|report an issue|was this (?:page|article) helpful\??(?:\s*(?:yes|no))*|back to top"
    r"|jump to (?:navigation|search|content)|skip to (?:main )?content|toggle navigation"
    r"|version:?\s*v?\d+(?:\.\d+)*(?:-\w+)?"
    r"|copy link|permalink|previous(?: page| post| article)?|next(?: page| post| article)?"
    r"|older(?: posts?)?|newer(?: posts?)?|[«»‹›←→]+)[\s.·|:!]*)+",
    re.IGNORECASE,
)
_WIDGET_HEADING = re.compile(
    r"share(?: this(?: post| article| page| story)?)?(?: on [\w ]{1,20})?|edit this page"
    r"|skip to (?:main )?content|was this (?:page|article) helpful\??",
    re.IGNORECASE,
)
_PREV_NEXT = re.compile(r"^(?:[«‹←]\s*)?(?:previous|prev|next|older|newer)\b|[»›→]$", re.IGNORECASE)
_LAST_UPDATED = re.compile(
    r"^(?:last (?:updated|modified|edited)|updated|page last (?:updated|modified)|this page was last edited)\b",
    re.IGNORECASE,
)
_TOC_NAME = re.compile(
    r"^(?:table of contents|contents|toc|on this page|in this (?:article|post|page|guide)"
    r"|page contents|jump to|navigation|index of sections)[:.]?$",
    re.IGNORECASE,
)
_BACK_MATTER = re.compile(
    r"^(?:references|reference list|notes?|endnotes|footnotes|notes and references|references and (?:notes|footnotes)"
    r"|external links|see also|further reading|bibliography|citations|works cited|sources"
    r"|links|useful links|related (?:posts|articles|stories|reading|links|pages|content)"
    r"|more (?:posts|stories|articles)|you (?:may|might) also like|recommended(?: reading)?"
    r"|read (?:more|next)|\d+ (?:comments?|responses?|replies)|comments?|responses|discussion"
    r"|leave a (?:reply|comment)|share(?: this(?: post| article| page)?)?|like this"
    r"|about the author|author bio|tags|categories|labels|archives?|popular posts|recent posts"
    r"|subscribe|newsletter|follow (?:us|me)|author(?:'s|s'?)? (?:address(?:es)?|contact)|index"
    r"|(?:normative|informative) references|(?:full )?copyright(?: notice| statement)?"
    r"|acknowledge?ments?|credits"
    r"|(?:technical |research |related |selected )?(?:papers|publications)"
    r"|licen[cs]e|licensing|licen[cs]e and copyright|copyright and licen[cs]e"
    r"|thanks|(?:our |gold |silver |bronze |platinum |corporate )?(?:sponsors?|backers)"
    r"|sponsorship|sponsored by|supporters|funding|donat(?:e|ions?)|become a (?:sponsor|backer)"
    r"|support (?:us|me|(?:the|this) project)|merch(?:andise)?|goods|swag)[:.!]?$",
    re.IGNORECASE,
)
# Back-matter names that also name ordinary sections (a paper's "Discussion", a river's
# "Sources"): at the end they are back matter only when their section lists links or references.
_ORDINARY_TOO = re.compile(
    r"^(?:discussion|sources|notes?|index|links|comments?|responses|credits"
    r"|acknowledge?ments?|thanks)[:.]?$",
    re.IGNORECASE,
)
# A heading that names a licence notice ("License", "Copyright notice", "License (MIT)"), not
# one that only starts with the word ("License compatibility" is a section of an article).
_LICENCE = re.compile(
    r"^(?:licen[cs](?:e|es|ing)|copyright(?: notice| statement)?|licen[cs]e and copyright"
    r"|copyright and licen[cs](?:e|ing))(?:\s*\([^)]{1,40}\)|:.{0,40})?[:.]?$",
    re.IGNORECASE,
)
# What the text of a licence notice says: a licence's name, "licensed under", a copyright line.
_LICENCE_TEXT = re.compile(
    r"licen[cs]ed|licen[cs]e[ds]?\b.*\b(?:under|terms)|under the\b.*\blicen[cs]e|©|\(c\) ?\d{4}"
    r"|copyright \d{4}|all rights reserved|public domain|\b(?:MIT|Apache|GPL|BSD|CC0|CC[- ]BY"
    r"|Unlicense|Creative Commons)\b",
    re.IGNORECASE,
)
# Where people are asked for money: the donation platforms.
_DONATION_PLATFORM = re.compile(
    r"\b(?:patreon|ko-?fi|open ?collective|buy me a coffee|liberapay|github sponsors|paypal)\b",
    re.IGNORECASE,
)
# What an appeal for money says: a donation platform, "donate", "sponsor this project".
_APPEAL_FOR_MONEY = re.compile(
    rf"{_DONATION_PLATFORM.pattern}|\b(?:donat(?:e|es|ing|ions?)|become a (?:sponsor|patron|backer)"
    r"|sponsor (?:this|the|my|our) (?:project|work|book|site))\b",
    re.IGNORECASE,
)
# A Markdown footnote mark or definition a page shows unrendered ("[^1]", "[^1]: ...").
_FOOTNOTE_MARK = re.compile(r"^\[\^[\w.-]{1,24}\]:[ \t]*|\[\^[\w.-]{1,24}\]", re.MULTILINE)
_REFERENCE_LINE = re.compile(
    r"^\[\^[\w.-]{1,24}\]:|https?://|www\.|\bdoi\b|\bisbn\b|\bet al\b|\bpp?\.\s*\d|\bvol\.|\bretrieved\b|\barchived\b"
    r"|\((?:1[5-9]|20)\d\d[a-z]?\)|^\^|^\[[\w.+ -]{1,24}\]\s|^\d+\.\s.*\b(?:1[5-9]|20)\d\d\b"
    r"|\bRFC\s?\d{3,4},.*\b(?:19|20)\d\d\b",  # "..., STD 13, RFC 1035, November 1987."
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StructureOptions:
    """What a producer overrides: the title, and the heading level of the chapters."""

    title: str | None = None
    chapter_level: int | None = None


@dataclass
class HeadingNote:
    """One heading of the outline as seen, with what became of it."""

    level: int
    text: str
    words: int  # words under it before the next heading
    role: str = "inside its chapter"


@dataclass
class Explanation:
    """Why the article came out as it did: the outline, the title, the chapter level, the drops."""

    fmt: str
    headings: list[HeadingNote] = field(default_factory=list)
    title: str = ""
    title_source: str = ""
    chapter_level: int = 0
    level_reason: str = ""
    dropped: list[Drop] = field(default_factory=list)
    article_words: int = 0  # words kept plus the author's words dropped

    def content_dropped_words(self) -> int:
        """Words of the author's own text that were left out (not page furniture)."""
        return sum(drop.words for drop in self.dropped if not drop.furniture)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "format": self.fmt,
            "title": self.title,
            "title_source": self.title_source,
            "chapter_level": self.chapter_level,
            "level_reason": self.level_reason,
            "outline": [vars(note) for note in self.headings],
            "dropped": [vars(drop) for drop in self.dropped],
            "article_words": self.article_words,
        }

    def render(self) -> str:
        """The explanation as lines of text for a producer."""
        lines = [f"Outline ({self.fmt}, {len(self.headings)} headings):"]
        for note in self.headings:
            lines.append(
                f"  h{note.level} {excerpt(note.text, 10):<46} {note.words:>6}  {note.role}"
            )
        lines.append(f"Title: {self.title!r} ({self.title_source})")
        level = f"h{self.chapter_level}" if self.chapter_level else "none"
        lines.append(f"Chapter level: {level} ({self.level_reason})")
        shown = [drop for drop in self.dropped if drop.words >= 3]
        content = self.content_dropped_words()
        share = 100 * content / max(1, self.article_words)
        lines.append(
            f"Dropped: {len(shown)} parts; the author's text dropped: {content} words "
            f"({share:.0f}% of {self.article_words})"
        )
        for drop in shown:
            kind = "furniture" if drop.furniture else "text"
            lines.append(f"  {kind:<9} {drop.words:>6} words  {drop.what}: {drop.reason}")
        return "\n".join(lines)


def infer_structure(
    outline: Outline, options: StructureOptions | None = None
) -> tuple[Article, Explanation]:
    """Pick the title and chapters of an outline; say why in the Explanation."""
    options = options or StructureOptions()
    state = _State(outline)
    state.drop_furniture()
    state.drop_tables_of_contents()
    state.choose_title(options)
    state.choose_chapters(options.chapter_level)
    state.drop_back_matter()
    article = state.article(options.title)
    state.explanation.article_words = sum(b.words for b in state.blocks) + sum(
        d.words for d in state.explanation.dropped if not d.furniture
    )
    _warn_if_much_dropped(state.explanation)
    return article, state.explanation


def _warn_if_much_dropped(explanation: Explanation) -> None:
    """Log a warning when more than WARN_SHARE of the author's words were left out."""
    dropped = explanation.content_dropped_words()
    if dropped > WARN_SHARE * max(1, explanation.article_words):
        parts = ", ".join(
            f"{drop.what} ({drop.words} words)"
            for drop in explanation.dropped
            if not drop.furniture
        )
        logger.warning(
            "Left out %d of the article's %d words as back matter: %s. "
            "See `article2audio sections FILE --explain`.",
            dropped,
            explanation.article_words,
            parts,
        )


class _State:
    """The blocks as the inference goes, with the notes for --explain."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.blocks = [_cleaned(block) for block in outline.blocks]
        self.blocks = [b for b in self.blocks if b.words]  # "******" and "* * *" say nothing
        self.notes: dict[int, HeadingNote] = {}
        self.explanation = Explanation(fmt=outline.fmt, dropped=list(outline.dropped))
        for index, block in enumerate(self.blocks):
            if block.heading_level:
                note = HeadingNote(
                    block.heading_level, block.text, _words_under(self.blocks, index)
                )
                self.notes[id(block)] = note
                self.explanation.headings.append(note)
        self.title = ""
        self.chapters: set[int] = set()
        self.level = 0
        self.dropped_ids: set[int] = set()

    # -- furniture -------------------------------------------------------------------------

    def drop_furniture(self) -> None:
        """Drop blocks the reader marked as furniture (the site's name as a heading), and
        byline lines ("Posted on: 5 August 2023 by ...")."""
        kept = []
        for block in self.blocks:
            if SITE_LINK in block.signals or FURNITURE in block.signals:
                reason = (
                    "links to the site's home page"
                    if SITE_LINK in block.signals
                    else "page furniture"
                )
                self._drop(block, [block], reason, furniture=True)
            elif _is_byline(block):
                self._drop(block, [block], "a byline", furniture=True)
            elif _is_link_widget(block) or _is_widget_heading(block):
                self._drop(block, [block], "a page widget", furniture=True)
            else:
                kept.append(block)
        self.blocks = kept

    def drop_tables_of_contents(self) -> None:
        """Drop contents lists, and a "Contents" heading left with nothing but such a list."""
        later_headings = {fold(b.text) for b in self.blocks if b.heading_level}
        later_headings |= {heading_key(b.text) for b in self.blocks if b.heading_level}
        kept: list[Block] = []
        keys = [heading_key(b.text) if b.heading_level else "" for b in self.blocks]
        after_list = False  # the block before was a contents list
        for index, block in enumerate(self.blocks):
            repeated = block.heading_level and keys[index] in keys[index + 1 :]
            if block.is_list and _is_contents_list(block, later_headings):
                self._drop(block, [block], "a table of contents", furniture=True)
                self._drop_contents_heading_above(kept)
                after_list = True
                continue
            if after_list and repeated:  # the list's last entry, read as a heading
                self._drop(block, [block], "a contents entry", furniture=True)
                continue
            after_list = False
            if not block.heading_level and _TOC_NAME.match(block.text.strip()):
                self._drop(block, [block], "the label of a table of contents", furniture=True)
            else:
                kept.append(block)
        self.blocks = kept
        self._drop_repeated_entries()
        for start, end in _spans(self.blocks):
            heading = self.blocks[start]
            if not _TOC_NAME.match(heading.text):
                continue
            under = self.blocks[start + 1 : end]
            leftovers = _entry_lines(self.blocks, start)  # entries not read as a list
            if leftovers is not None or _is_link_list(under):
                entries = [heading, *(leftovers or [])]
                self._drop(heading, entries, "the heading of a table of contents", furniture=True)
        self.blocks = [b for b in self.blocks if id(b) not in self.dropped_ids]

    def _drop_contents_heading_above(self, kept: list[Block]) -> None:
        """The "Contents" heading over a contents list just dropped goes with it, and the
        short entries between them ("ETYMOLOGY.", "EXTRACTS.")."""
        for back in range(len(kept) - 1, max(-1, len(kept) - 2 - ENTRY_LINES), -1):
            block = kept[back]
            if block.heading_level and _TOC_NAME.match(block.text.strip()):
                self._drop(block, kept[back:], "the heading of a table of contents", furniture=True)
                del kept[back:]
                return
            if block.heading_level or block.words > ENTRY_WORDS:
                return

    def _drop_repeated_entries(self) -> None:
        """A contents written as headings or lines: three headings or more that come again
        later ("PART TWO / The Sea Cook" before "PART TWO--The Sea-cook"; "CHAPTER V. A Useful
        Minister" before "CHAPTER V"), all their first copies before any second one. From the
        first to the last first copy, every block is an entry when little but entries is there:
        headings and lines that name a later heading, and short lines between them."""
        first: dict[str, int] = {}
        repeats: dict[str, tuple[int, int]] = {}
        for index, block in enumerate(self.blocks):
            if block.heading_level:
                key = heading_key(block.text)
                if key in first and key not in repeats:
                    repeats[key] = (first[key], index)
                first.setdefault(key, index)
        if len(repeats) < 3:
            return
        firsts = sorted(start for start, _ in repeats.values())
        body = min(later for _, later in repeats.values())
        if firsts[-1] > body:
            return
        later_keys = {heading_key(b.text) for b in self.blocks[firsts[-1] + 1 :] if b.heading_level}
        start = firsts[0]
        while start and (  # entries above the first repeated one, up to a "Contents" heading
            heading_key(self.blocks[start - 1].text) in later_keys
            or _TOC_NAME.match(self.blocks[start - 1].text.strip())
            or (
                not self.blocks[start - 1].heading_level
                and self.blocks[start - 1].words <= ENTRY_WORDS
            )
        ):
            start -= 1
            if _TOC_NAME.match(self.blocks[start].text.strip()):
                break
        region = self.blocks[start : firsts[-1] + 1]
        named = sum(b.words for b in region if heading_key(b.text) in later_keys)
        if named < (1 - LOOSE_ENTRY_SHARE) * sum(b.words for b in region):
            return
        entries = region + self._entry_tail(firsts[-1] + 1)
        self._drop(
            entries[0],
            entries,
            "a table of contents (entries that name later headings)",
            furniture=True,
        )
        self.blocks = [b for b in self.blocks if id(b) not in self.dropped_ids]

    def _entry_tail(self, start: int) -> list[Block]:
        """The short text right after a contents' last entry (its wrapped remainder)."""
        tail: list[Block] = []
        for block in self.blocks[start:]:
            if block.heading_level or block.words > CONTENTS_ENTRY_WORDS:
                break
            tail.append(block)
        return tail

    # -- title -----------------------------------------------------------------------------

    def choose_title(self, options: StructureOptions) -> None:
        """Pick the title by trust (module docstring) and drop the heading that repeats it."""
        self._read_taglines()
        opening = _opening_heading(self.blocks)
        title, source = "", ""
        for candidate, candidate_source in self._title_candidates(opening):
            if candidate and not self._is_site_name(candidate):
                title, source = candidate, candidate_source
                break
        from_page = bool(self.outline.page_title) and source.startswith(
            self.outline.page_title_source
        )
        if from_page and opening is not None:
            heading = self.blocks[opening].text
            if _says_more(heading, title) and not self._is_site_name(heading):
                title, source = heading, "the first heading, which says the page's title more fully"
            elif self._names_only_the_site(title, opening):
                title, source = heading, "the first heading (the <title> names only the site)"
        self.title = clean_heading(title)
        self.explanation.title = options.title or self.title
        self.explanation.title_source = "--title" if options.title else (source or "none found")
        first_chapter = next(  # rows of links above the first prose, but never past a heading
            (i for i, b in enumerate(self.blocks) if b.heading_level and i > (opening or -1)),
            len(self.blocks),
        )
        self._drop_links_above(min(max(opening or 0, self._first_prose()), first_chapter))
        opening = _opening_heading(self.blocks)
        self._drop_title_repeat(opening)
        self._take_metadata_lines()
        self._drop_links_above(self._opening_end())

    def _take_metadata_lines(self) -> None:
        """Metadata lines under the title, before any prose or heading ("Author(s): ...",
        "Last updated: ...", "Status: ...", "Discussion at ...", lines of names, a link to the
        document itself; or a list of ``Key: value`` items): a design document's or a
        proposal's header. They are the article's author and date, never its text."""
        run: list[Block] = []
        fields: list[tuple[str, str]] = []
        names: list[str] = []
        anchored = False
        for block in self.blocks:
            if block.heading_level:
                break
            found = _metadata_of(block, after_open_key=bool(fields) and not fields[-1][1])
            if found is None:
                if anchored or _is_prose(block):
                    break
                run, fields, names = [], [], []  # a subtitle before the header
                continue
            run.append(block)
            if isinstance(found, str):
                names += [found] if found else []
            else:
                fields += found.fields
                anchored = anchored or found.anchored
        if not anchored:
            return
        for key, value in meta_from_header_lines(fields, names).items():
            self.outline.meta.setdefault(key, value)
        self._drop(run[0], run, "metadata lines under the title", furniture=True)
        self.blocks = [b for b in self.blocks if id(b) not in self.dropped_ids]

    def _read_taglines(self) -> None:
        """A heading of a README's raw-HTML header that is not above the document's own
        headings and is not its name is its tagline: a line of the lead, neither a chapter nor
        the title."""
        levels = [b.heading_level for b in self.blocks if _is_own_heading(b)]
        for index, block in enumerate(self.blocks):
            if HEADER_HEADING not in block.signals or not levels:
                continue
            if block.heading_level < min(levels) or _is_name(block.text, self.outline.name_hint):
                continue
            self._set_role(block, "a tagline, read in the lead")
            self.blocks[index] = Block(block.text, link_words=block.link_words)

    def _names_only_the_site(self, title: str, opening: int) -> bool:
        """Whether a <title> (not og:title) names only the site or the book: no heading repeats
        it, while the page's own header names the opening heading, the only one at the top
        level ("Google - Site Reliability Engineering" over a chapter whose <h1> is
        "Monitoring Distributed Systems", the header saying "Chapter 6 - Monitoring
        Distributed Systems")."""
        heading = self.blocks[opening]
        if self.outline.page_title_source != "<title>" or self._is_site_name(heading.text):
            return False
        headings = [b for b in self.blocks if b.heading_level]
        if any(fold(b.text) == fold(title) for b in headings):
            return False
        if sum(1 for b in headings if b.heading_level == heading.heading_level) > 1:
            return False
        named = f" {fold(heading.text)} "
        return any(named in f" {fold(text)} " for text in self.outline.outside_headings)

    def _first_prose(self) -> int:
        """Index of the first paragraph of prose: not a row of links, longer than a tagline."""
        for index, block in enumerate(self.blocks):
            if not block.heading_level and block.words >= 8 and not _is_link_row(block):
                return index
        return len(self.blocks)

    def _opening_end(self) -> int:
        """Where the opening under the title ends: at the first heading, or the first paragraph
        of real prose (`PROSE_WORDS` words, or two sentences), whichever comes first."""
        for index, block in enumerate(self.blocks):
            if block.heading_level:
                return index
            sentences = len(_SENTENCE_ENDS.findall(block.text))
            if (block.words >= PROSE_WORDS or sentences >= 2) and not _is_link_row(block):
                return index
        return len(self.blocks)

    def _drop_links_above(self, limit: int) -> None:
        """Rows of links above the title or the first prose, before or after the title
        (language links, a README's link bar, badges) are furniture."""
        for block in list(self.blocks[:limit]):
            if not block.heading_level and _is_link_row(block):
                self._drop(block, [block], "links above the title", furniture=True)
                self.blocks.remove(block)

    def _title_candidates(self, opening: int | None) -> list[tuple[str, str]]:
        outline = self.outline
        candidates = [(outline.meta.get("title", ""), outline.meta_title_source)]
        if outline.page_title:
            page_title, note = page_title_part(
                outline.page_title,
                outline.site_names,
                [b.text for b in self.blocks if b.heading_level],
            )
            candidates.append((page_title, f"{outline.page_title_source}{note}"))
        name = (outline.name_hint, outline.name_hint_source)
        early_name = [name] if outline.name_hint_in_opening else []
        if opening is not None:
            heading = self.blocks[opening]
            level = [b for b in self.blocks if b.heading_level == heading.heading_level]
            lone = len(level) == 1  # a heading with siblings may be the first chapter instead
            candidates += [] if lone else early_name
            candidates.append((heading.text, "the first heading, which opens the document"))
        elif (smaller := _lone_first_heading(self.blocks)) is not None:
            candidates += early_name
            candidates.append((smaller.text, "the first heading, set smaller than the sections"))
        candidates += [name, (outline.first_line, "the first line")]
        return candidates

    def _is_site_name(self, text: str) -> bool:
        names = {fold(name).replace(" ", "") for name in self.outline.site_names}
        return fold(text).replace(" ", "") in names

    def _drop_title_repeat(self, opening: int | None) -> None:
        """Remove the heading (or first line) near the opening that only states the title."""
        if not self.title:
            return
        for index, block in enumerate(self.blocks):
            if block.heading_level and same_title(block.text, self.title):
                if index == opening or not any(b.heading_level for b in self.blocks[:index]):
                    self._set_role(block, "the title")
                    del self.blocks[index]
                    self._drop_near_repeat()
                return
        self._drop_near_repeat()
        if self.blocks and not self.blocks[0].heading_level:
            first = self.blocks[0]
            if same_title(first.first_line or first.text, self.title):
                if same_title(first.text, self.title):
                    del self.blocks[0]
                else:  # a title line atop a paragraph: keep the paragraph
                    rest = first.text[len(first.first_line) :].strip() if first.first_line else ""
                    self.blocks[0] = Block(rest) if rest else first
                    if not rest:
                        del self.blocks[0]

    def _drop_near_repeat(self) -> None:
        """The first heading, when it opens the text and says the title nearly whole (all but
        its version: "... in DataFusion" under "... in DataFusion 28.0.0"), is the title again:
        its text is the lead, not a chapter."""
        index = next((i for i, b in enumerate(self.blocks) if b.heading_level), None)
        if index is None or sum(b.words for b in self.blocks[:index]) > OPENING_WORDS:
            return
        if _nearly_says(self.blocks[index].text, self.title):
            self._set_role(self.blocks[index], "the title again, nearly whole")
            del self.blocks[index]

    # -- chapter level ---------------------------------------------------------------------

    def choose_chapters(self, forced: int | None) -> None:
        """Pick the chapter level (module docstring) and the headings that start chapters."""
        if forced:
            self._force_level(forced)
            return
        self._unwrap_lone_opening()
        headings = [b for b in self.blocks if b.heading_level]
        if not headings:
            self.explanation.level_reason = "the article has no headings below its title"
            return
        levels = sorted({b.heading_level for b in headings})
        tops = [b for b in headings if b.heading_level == levels[0]]
        self.level = levels[0]
        reason = f"the shallowest level left, {len(tops)} heading{'s' if len(tops) > 1 else ''}"
        below = [b for b in headings if len(levels) > 1 and b.heading_level == levels[1]]
        if len(tops) == 1 and len(below) >= 2:
            self.level = levels[1]
            reason = (
                f"the top level holds only {excerpt(tops[0].text, 6)!r}, closed up with "
                f"the {len(below)} headings of the next level"
            )
        elif len(below) >= GROUPED * len(tops) and self._only_group(tops):
            self.level = levels[1]
            reason = (
                f"the {len(tops)} top headings only group the {len(below)} of the next level "
                "(parts of a book): each is read at the start of its first chapter"
            )
        grouped = self.level > levels[0] and len(tops) > 1  # parts over chapters
        self.chapters = {
            id(b)
            for b in headings
            if b.heading_level == self.level or (b.heading_level < self.level and not grouped)
        }
        orphans = self._orphans(headings)
        if orphans:
            reason += f"; {len(orphans)} deeper heading(s) before the first chapter closed up"
        self.explanation.chapter_level = self.level
        self.explanation.level_reason = reason
        for block in headings:
            if id(block) in self.chapters:
                self._set_role(block, "chapter")

    def _only_group(self, tops: list[Block]) -> bool:
        """Whether every top heading is a book's part (the reader says so) followed at once by
        a deeper heading, with no text of its own ("PART ONE" over "I. The Old Sea-dog")."""
        following = {id(a): b for a, b in zip(self.blocks, self.blocks[1:], strict=False)}
        return all(
            PART in top.signals
            and (nxt := following.get(id(top))) is not None
            and nxt.heading_level > top.heading_level
            for top in tops
        )

    def _force_level(self, level: int) -> None:
        headings = [b for b in self.blocks if b.heading_level]
        self.level = level
        self.chapters = {id(b) for b in headings if b.heading_level <= level}
        self.explanation.chapter_level = level
        self.explanation.level_reason = "--chapter-level"
        for block in headings:
            if id(block) in self.chapters:
                self._set_role(block, "chapter")

    def _unwrap_lone_opening(self) -> None:
        """Drop a lone top heading that opens the document and holds it all (rule 1)."""
        while True:
            headings = [(i, b) for i, b in enumerate(self.blocks) if b.heading_level]
            if len(headings) < 2:
                return
            top = min(b.heading_level for _, b in headings)
            tops = [(i, b) for i, b in headings if b.heading_level == top]
            index, block = tops[0]
            if len(tops) > 1 or index != _opening_heading(self.blocks) or headings[0][0] != index:
                return
            role = (
                "the title said differently" if self.title else "a wrapper over the whole article"
            )
            if not self.title:
                self.title = block.text
                self.explanation.title = self.explanation.title or block.text
                self.explanation.title_source = "the lone top heading, which opens the document"
                role = "the title"
            self._set_role(block, role)
            del self.blocks[index]

    def _orphans(self, headings: list[Block]) -> list[Block]:
        """Deeper headings before the first chapter: chapters too, at the chapter level; but a
        lone one that opens the document is its subtitle (a tagline), part of the lead."""
        first = next((b for b in headings if id(b) in self.chapters), None)
        before = headings[: headings.index(first)] if first else []
        if len(before) == 1 and not any(b.words for b in self._blocks_before(before[0])):
            self._set_role(before[0], "a subtitle, read in the lead")
            return []
        if not before:
            return []
        shallowest = min(b.heading_level for b in before)
        orphans = [b for b in before if b.heading_level == shallowest]
        self.chapters |= {id(b) for b in orphans}
        return orphans

    def _blocks_before(self, block: Block) -> list[Block]:
        index = next(i for i, b in enumerate(self.blocks) if b is block)
        return self.blocks[:index]

    # -- back matter -----------------------------------------------------------------------

    def drop_back_matter(self) -> None:
        """Drop back matter (module docstring): named sections that end the article or are
        lists of links, licence notices, and a last section that is only a list of links."""
        spans = _spans(self.blocks)
        covered = _covered_by_back_matter(self.blocks, spans)
        tail_ok = [True] * (len(self.blocks) + 1)
        for index in range(len(self.blocks) - 1, -1, -1):
            tail_ok[index] = tail_ok[index + 1] and (covered[index] or not self.blocks[index].words)
        dropped: set[int] = set()
        collection = self._is_link_collection(spans)
        for start, end in spans:
            block = self.blocks[start]
            if start in dropped:
                continue
            body = self.blocks[start + 1 : end]
            if not any(b.words for b in body):
                self._drop(block, [block], "a heading with nothing under it", furniture=True)
                dropped.update(range(start, end))
                continue
            if not collection and _is_navigation(body):
                self._drop(block, self.blocks[start:end], "a list of links (navigation)", True)
                dropped.update(range(start, end))
                continue
            reason = _back_matter_reason(block, body, tail_ok[end] and not collection)
            if reason:
                self._drop(block, self.blocks[start:end], reason, furniture=False)
                dropped.update(range(start, end))
        self.blocks = [b for i, b in enumerate(self.blocks) if i not in dropped]
        self._drop_closing_appeal()
        self._drop_emptied_headings()
        self._cut_trailing_notes()

    def _drop_closing_appeal(self) -> None:
        """A short last paragraph that asks for money on a donation platform ("buy me a coffee",
        "support me on Patreon") is a page's button in words, not the article."""
        last = self.blocks[-1] if self.blocks else None
        if last is None or last.heading_level or last.words > APPEAL_LINE_WORDS:
            return
        if _DONATION_PLATFORM.search(last.text) and any(b.words for b in self.blocks[:-1]):
            self._drop(last, [last], "an appeal for money at the end", furniture=True)
            self.blocks.pop()

    def _drop_emptied_headings(self) -> None:
        """A heading left with nothing under it once its subsections went (a "Resources"
        chapter whose parts were all lists of links) goes too."""
        emptied = [
            start
            for start, end in _spans(self.blocks)
            if not any(b.words for b in self.blocks[start + 1 : end])
        ]
        for start in emptied:
            block = self.blocks[start]
            self._drop(block, [block], "a heading left with nothing under it", furniture=True)
        self.blocks = [b for b in self.blocks if id(b) not in self.dropped_ids]

    def _is_link_collection(self, spans: list[tuple[int, int]]) -> bool:
        """Whether the document is a collection of links (an "awesome" list, free books): its
        sections that are only lists of links hold `LINK_COLLECTION_SHARE` of its words or
        more. Then those lists are the article, not navigation."""
        listed = sum(
            sum(b.words for b in self.blocks[start:end])
            for start, end in spans
            if _is_link_entries(self.blocks[start + 1 : end])
        )
        return listed >= LINK_COLLECTION_SHARE * sum(b.words for b in self.blocks)

    def _cut_trailing_notes(self) -> None:
        """A bold "Notes" / "References" line in the last half and the references under it (a
        name that also names ordinary sections, "Notes", "Discussion", only when the first
        paragraph under it is references or links: "[1] ...")."""
        for index, block in enumerate(self.blocks):
            late = index >= 0.5 * len(self.blocks) and index > 0
            if late and not block.heading_level and _is_back_matter(block.text):
                rest = self.blocks[index:]
                plain_name = _ORDINARY_TOO.match(" ".join(block.text.split()))
                if plain_name and not _is_link_list(rest[1:2]):
                    return  # a "Discussion" label over the author's prose
                if not any(b.heading_level for b in rest):
                    self._drop(
                        block, rest, "back matter at the end (a notes line)", furniture=False
                    )
                    del self.blocks[index:]
                return

    # -- result ----------------------------------------------------------------------------

    def article(self, title_override: str | None) -> Article:
        """The Article: a lead named after the title, then one section per chapter."""
        title = title_override or self.title
        sections: list[Section] = []
        texts: list[list[str]] = []  # each section's paragraphs, joined once at the end
        lead: list[str] = []
        carried: list[str] = []  # a group's heading ("PART TWO"), read at its first chapter
        for index, block in enumerate(self.blocks):
            if block.heading_level and id(block) in self.chapters:
                sections.append(Section(title=block.text, level=self.level, text=""))
                texts.append(carried)
                carried = []
                continue
            line = mark_code_words(block.text) if block.heading_level else block.text
            line = _FOOTNOTE_MARK.sub("", line) if "[^" in line else line
            following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
            if block.heading_level and following is not None and id(following) in self.chapters:
                carried.append(line)
            elif sections:
                texts[-1].append(line)
                if block.heading_level:
                    sections[-1].subheadings.append(block.text)
            else:
                lead.append(line)
        lead += carried
        for section, paragraphs in zip(sections, texts, strict=True):
            section.text = "\n\n".join(p for p in paragraphs if p.strip())
        if lead or not sections:
            sections.insert(0, Section(title=title, level=1, text="\n\n".join(lead)))
        return Article(title=title, sections=sections, meta=self._meta())

    def _meta(self) -> dict[str, str]:
        return {k: v for k, v in self.outline.meta.items() if k != "title" and v}

    # -- bookkeeping -----------------------------------------------------------------------

    def _drop(self, head: Block, blocks: list[Block], reason: str, furniture: bool) -> None:
        words = sum(b.words for b in blocks)
        label = f"{'heading' if head.heading_level else 'text'} {excerpt(head.text, 6)!r}"
        if len(blocks) > 1:
            label = f"section {excerpt(head.text, 6)!r}"
        self.explanation.dropped.append(Drop(label, words, reason, furniture))
        for block in blocks:
            self._set_role(block, f"dropped: {reason}")
            self.dropped_ids.add(id(block))

    def _set_role(self, block: Block, role: str) -> None:
        note = self.notes.get(id(block))
        if note is not None:
            note.role = role


def _cleaned(block: Block) -> Block:
    """A heading with its permalink marks and attributes cleaned off (one of more than
    `DEK_WORDS` words is a dek: text); in text, code words written without code marks
    (``__init__``, ``**kwargs``) made inline code."""
    if not block.heading_level:
        marked = mark_code_words(block.text)
        return block if marked == block.text else replace(block, text=marked)
    if count_words(block.text) > DEK_WORDS:  # a sentence set as a heading: a dek, read as text
        return Block(mark_code_words(block.text), link_words=block.link_words)
    return Block(
        clean_heading(block.text),
        block.heading_level,
        link_words=block.link_words,
        signals=block.signals,
    )


def is_prev_next(block: Block) -> bool:
    """A short line that is all link text and says "Previous" / "Next" (pager links)."""
    words = block.words
    return words <= 16 and block.link_words >= words - 2 and bool(_PREV_NEXT.search(block.text))


def is_page_widget(text: str) -> bool:
    """A short line that belongs to the page's widgets: "6 min read", "Share", "Next »"."""
    if len(text.split()) > 12:
        return False
    stripped = text.strip(" .·|()[]")
    return bool(
        _READ_TIME.search(text)
        or _WIDGET_WORDS.fullmatch(stripped)
        or _LAST_UPDATED.match(stripped)
    )


def _is_widget_heading(block: Block) -> bool:
    """A heading that labels a share or edit widget ("Share this story", "Edit this page"), not
    a section: the text under it is the article's."""
    return bool(block.heading_level and _WIDGET_HEADING.fullmatch(block.text.strip(" .:")))


def _is_link_widget(block: Block) -> bool:
    """A short line that is only a link and names a page widget ("(back to top)", "Share on
    Mastodon", "Edit this page", "Next »"): furniture in any format, a README's too."""
    if block.heading_level or not block.words or block.link_words < block.words - 1:
        return False
    lines = block.text.split("\n") if block.is_list else [block.text]
    return all(is_page_widget(line) for line in lines) or is_prev_next(block)


def _entry_lines(blocks: list[Block], index: int) -> list[Block] | None:
    """The short lines right under a "Contents" heading, up to the next heading, when that is
    all there is under it (entries a reader did not make a list: "ETYMOLOGY."); else None."""
    lines: list[Block] = []
    for block in blocks[index + 1 :]:
        if block.heading_level:
            break
        if block.words > ENTRY_WORDS:
            return None
        lines.append(block)
    return lines if len(lines) <= ENTRY_LINES else None


def _is_byline(block: Block) -> bool:
    """A short line that says who posted the article and when ("Posted on: ... by ...",
    "Published by ...", "Written by ..."), not a sentence of the article."""
    return (
        not block.heading_level
        and not block.is_list
        and block.words <= BYLINE_WORDS
        and bool(_BYLINE.match(block.text))
    )


def _words_under(blocks: list[Block], index: int) -> int:
    """Words of the text between a heading and the next heading."""
    words = 0
    for block in blocks[index + 1 :]:
        if block.heading_level:
            break
        words += block.words
    return words


def _metadata_of(block: Block, after_open_key: bool) -> HeaderLines | str | None:
    """What a block says as a metadata line: its fields, a line of names (the names), a link
    line or the list of links under an open "Discussion at:" ("" ); None when it is text."""
    if block.is_list:
        if after_open_key and all(_is_link_entry(line, links) for line, links in block.items()):
            return ""
        return header_lines(block.text, block.text.split("\n"))
    if is_name_line(block.text):
        return block.text.rstrip(".")
    if _is_link_row(block) and block.words <= 4:  # the document's own address
        return ""
    return header_lines(block.text)


def _is_prose(block: Block) -> bool:
    """A paragraph of the article's prose: `PROSE_WORDS` words, or two sentences."""
    return block.words >= PROSE_WORDS or len(_SENTENCE_ENDS.findall(block.text)) >= 2


def _is_link_row(block: Block) -> bool:
    """A paragraph that is mostly link text (a row of links, language links, badges)."""
    return bool(block.words) and block.link_words >= 0.7 * block.words


def _says_more(heading: str, part: str) -> bool:
    """Whether a heading holds a <title> part and more ("9.0 Migration Notes" for "9.0"): the
    part's words appear in it, in order, and it has words the part lacks."""
    heading_words, part_words = _plain_words(heading), _plain_words(part)
    if not part_words or len(heading_words) <= len(part_words) or len(heading_words) > 20:
        return False
    span = len(part_words)
    return any(
        heading_words[start : start + span] == part_words
        for start in range(len(heading_words) - span + 1)
    )


def _nearly_says(heading: str, title: str) -> bool:
    """Whether a heading is the title short of a word or two: three words or more, two thirds
    of the title's words at least, found in it in order."""
    heading_words, title_words = _plain_words(heading), _plain_words(title)
    span = len(heading_words)
    if span < 3 or span >= len(title_words) or 3 * span < 2 * len(title_words):
        return False
    return any(
        title_words[start : start + span] == heading_words
        for start in range(len(title_words) - span + 1)
    )


def _plain_words(text: str) -> list[str]:
    """The words of a text for comparing (case and accents folded, numbers kept)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"\w+(?:[.,]\w+)*", plain)  # "28.0.0" is one word


def _opening_heading(blocks: list[Block]) -> int | None:
    """Index of the first heading when it opens the document: at most OPENING_WORDS words (a
    fifth at most) of text before it, and no heading of a shallower level anywhere after it."""
    total = sum(b.words for b in blocks)
    top = min((b.heading_level for b in blocks if b.heading_level), default=0)
    words = 0
    for index, block in enumerate(blocks):
        if block.heading_level:
            opens = words <= min(OPENING_WORDS, max(5, total // 5))
            return index if opens and block.heading_level == top else None
        words += block.words
    return None


def _is_own_heading(block: Block) -> bool:
    """A heading of the document's own, not one set in a README's raw-HTML header."""
    return bool(block.heading_level) and HEADER_HEADING not in block.signals


def _is_name(heading: str, name: str) -> bool:
    """Whether a heading is a project's name: the name found elsewhere (a logo's alt text, the
    repository, the first sentence's subject), else a few words that are not a sentence."""
    if name:
        return fold(heading) == fold(name)
    return count_words(heading) <= NAME_WORDS and not _SENTENCE_ENDS.search(heading)


def _lone_first_heading(blocks: list[Block]) -> Block | None:
    """The first heading when it opens the document, deeper than the sections that follow and
    alone before the first of them ("### Proposal: ..." over "## Abstract")."""
    headings = [(i, b) for i, b in enumerate(blocks) if b.heading_level]
    if not headings or sum(b.words for b in blocks[: headings[0][0]]) > OPENING_WORDS:
        return None
    top = min(b.heading_level for _, b in headings)
    before_top = next(n for n, (_, b) in enumerate(headings) if b.heading_level == top)
    return headings[0][1] if before_top == 1 else None


def _is_contents_list(block: Block, headings: set[str]) -> bool:
    """A list of two or more items that link into the page or name the page's headings."""
    items = [line for line in block.text.split("\n") if line.strip()]
    if len(items) < 2:
        return False
    if ANCHOR_LIST in block.signals:
        return True
    named = sum(1 for item in items if _names_heading(item, headings))
    return named >= max(2, 0.6 * len(items))


def _names_heading(item: str, headings: set[str]) -> bool:
    """Whether a contents item names a heading: the same words (a page number or dot leaders
    aside, or its own number: "I Into the Primitive" for "Chapter I. Into the Primitive"), or
    the first words of one ("Letter 1" for "Letter 1 To Mrs. Saville")."""
    names = {fold(item), fold(_toc_item(item)), heading_key(item)}  # "CHAPTER V. A Useful ..."
    names |= {_BARE_NUMBER.sub("", name, count=1) for name in names}  # "I Into the Primitive"
    for name in names:
        if name in headings:
            return True
        if len(name.split()) >= 2 and any(h.startswith(f"{name} ") for h in headings):
            return True
    return False


_BARE_NUMBER = re.compile(r"^(?:[ivxlcdm]+|\d{1,3}) (?=\w)")  # a contents item's number


def _toc_item(item: str) -> str:
    """A contents-list item without its trailing dot leaders, page number or full stop."""
    item = re.sub(r"(?:\s*\.){2,}\s*\d*\s*$|\s+\d+\s*$", "", item.strip())
    return item.rstrip(".")


def _spans(blocks: list[Block]) -> list[tuple[int, int]]:
    """(start, end) of every heading's section: up to the next heading as shallow or shallower."""
    spans = []
    for start, block in enumerate(blocks):
        if not block.heading_level:
            continue
        end = start + 1
        while end < len(blocks) and not (
            blocks[end].heading_level and blocks[end].heading_level <= block.heading_level
        ):
            end += 1
        spans.append((start, end))
    return spans


def _covered_by_back_matter(blocks: list[Block], spans: list[tuple[int, int]]) -> list[bool]:
    """For each block: whether it sits in the section of a back-matter heading."""
    covered = [False] * len(blocks)
    for start, end in spans:
        if _is_back_matter(blocks[start].text) or _is_appeal_for_money(blocks[start + 1 : end]):
            for index in range(start, end):
                covered[index] = True
    return covered


def _back_matter_reason(heading: Block, body: list[Block], at_end: bool) -> str:
    """Why a heading's section is back matter to drop, or "" when it is not."""
    named = _is_back_matter(heading.text) or _is_appeal_for_money(body)
    words = sum(b.words for b in body)
    plain_name = bool(_ORDINARY_TOO.match(_heading_name(heading.text)))
    if named and at_end and (not plain_name or _is_link_list(body)):
        return "back matter at the end"
    if named and _is_link_list(body):
        return "a list of links or references"
    if _is_licence_notice(heading, body, words):
        return "a licence notice"
    return "a list of links at the end" if _ends_with_link_list(body, at_end) else ""


def _is_appeal_for_money(body: list[Block]) -> bool:
    """A short section (no subsection) that asks the reader for money: a donation platform
    ("please go to Patreon"), "donate", "sponsor this project". The same appeal closes every
    page of a book or a project's README ("Contribute", "Support"): back matter, as a sponsors
    section is. A "Contributing" guide that asks for no money is the author's text."""
    if any(b.heading_level for b in body) or sum(b.words for b in body) >= APPEAL_WORDS:
        return False
    return any(_APPEAL_FOR_MONEY.search(b.text) for b in body)


def _is_licence_notice(heading: Block, body: list[Block], words: int) -> bool:
    """A short section named for a licence ("License", "Copyright") whose text reads as a
    licence notice ("released under the MIT License", "© 2024 ..."), wherever it stands."""
    if words >= LICENCE_WORDS or not _LICENCE.match(_heading_name(heading.text)):
        return False
    return any(_LICENCE_TEXT.search(b.text) for b in body if not b.heading_level)


def _ends_with_link_list(body: list[Block], at_end: bool) -> bool:
    """A last section that is only a list of links to other pages (an index of release notes,
    a resource list): nearly every item is a link entry, none a sentence of its own prose. A
    weekly update or a changelog whose items are sentences with a link inside is the article."""
    text = [b for b in body if not b.heading_level and b.words]
    lists = [b for b in text if b.is_list]
    if not at_end or not lists or sum(b.words for b in lists) < 0.8 * sum(b.words for b in text):
        return False
    items = [item for block in lists for item in block.items()]
    entries = sum(1 for line, links in items if _is_link_entry(line, links))
    average = sum(count_words(line) for line, _ in items) / max(1, len(items))
    return len(items) >= 3 and entries >= 0.9 * len(items) and average <= LINK_ENTRY_WORDS


def _is_navigation(body: list[Block]) -> bool:
    """A section that is only a list of links wherever it stands (a table of contents, "quick
    links" to other pages): every item is a link and little else, at most a short line above
    the list introduces it; no subsection. A list whose items carry their own words
    ("[Nib](...): signs letters offline") is the article."""
    if any(b.heading_level for b in body):
        return False
    text = [b for b in body if b.words]
    lists = [b for b in text if b.is_list]
    others = [b for b in text if not b.is_list]
    if not lists or len(others) > 1 or any(b.words > ENTRY_WORDS for b in others):
        return False
    items = [item for block in lists for item in block.items()]
    return len(items) >= 2 and all(_is_pure_link(line, links) for line, links in items)


def _is_pure_link(item: str, link_words: int) -> bool:
    """An item that is a link and almost nothing else ("[Installation](docs/install.md)")."""
    words = count_words(item)
    return link_words > 0 and (link_words >= 0.8 * words or words - link_words <= 2)


def _is_link_entries(body: list[Block]) -> bool:
    """A section (no subsection) whose text is all lists of link entries."""
    text = [b for b in body if b.words]
    if not text or any(b.heading_level or not b.is_list for b in text):
        return False
    return all(_is_link_entry(line, links) for b in text for line, links in b.items())


def _is_link_entry(item: str, link_words: int) -> bool:
    """An item that is a link to another page: a short title with its link (a date, a version
    around it), or almost all link text; not a sentence that carries its own prose."""
    words = count_words(item)
    return link_words > 0 and (words <= LINK_ENTRY_WORDS or link_words >= 0.8 * words)


def _is_back_matter(heading: str) -> bool:
    """Whether a heading names back matter ("References", "9. References", "See also" ...)."""
    return bool(_BACK_MATTER.match(_heading_name(heading)))


def _heading_name(heading: str) -> str:
    """What a heading names: without its number and the emoji or symbols hung on it
    ("Sponsors ❤️" names sponsors, "📜 License" a licence)."""
    kept = "".join(ch for ch in heading if unicodedata.category(ch) not in _SYMBOLS)
    return without_number(" ".join(kept.replace("\ufe0f", "").split()))


_SYMBOLS = frozenset({"So", "Cf", "Sk"})  # emoji, joiners and marks; not letters or punctuation


def _is_link_list(blocks: list[Block]) -> bool:
    """Whether a section's text is nothing, or mostly link text or reference lines."""
    text_blocks = [b for b in blocks if not b.heading_level]
    words = sum(b.words for b in text_blocks)
    if not words:
        return True
    if sum(b.link_words for b in text_blocks) >= 0.5 * words:
        return True
    lines = [line for b in text_blocks for line in b.text.split("\n") if line.strip()]
    references = sum(1 for line in lines if _is_reference_line(line))
    return references >= 0.6 * len(lines)


def _is_reference_line(line: str) -> bool:
    """A line that is a reference entry: short, with an address, a year in brackets, a [tag],
    an RFC number ...; a paragraph of prose that cites an RFC is not one."""
    return count_words(line) <= REFERENCE_WORDS and bool(_REFERENCE_LINE.search(line))


_SEPARATORS = re.compile(r"\s+(?:[|–—·•»:]|-{1,2}|::)\s+|\s*\|\s*")
_SITE_SUFFIX = re.compile(r"\s*[\[(]([^\])]{1,60})[\])]\s*$")


def page_title_part(raw: str, site_names: tuple[str, ...], headings: list[str]) -> tuple[str, str]:
    """The page's own title from og:title or <title>, and a note on what was cut.

    The parts that name the site (og:site_name, the home link's text, the domain) go; of the
    rest, a part that a heading repeats wins, else the rest when the site part was found, else
    the first part (pages put their own title first, "Post title | Site").
    """
    raw = " ".join(raw.split())
    sites = {fold(name).replace(" ", "") for name in site_names if fold(name)}
    suffix = _SITE_SUFFIX.search(raw)
    if suffix and fold(suffix.group(1)).replace(" ", "") in sites:
        raw = raw[: suffix.start()]
    parts = [part for part in _SEPARATORS.split(raw) if part.strip()]
    kept = [part for part in parts if fold(part).replace(" ", "") not in sites]
    folded_headings = {fold(heading) for heading in headings}
    if fold(raw) in folded_headings or (len(parts) == 1 and kept):
        return raw, ""
    for part in kept + parts:  # a part a heading repeats, preferring one that is not the site's
        if fold(part) in folded_headings:
            return part, f" (a heading repeats {part!r})"
    if not kept:
        return "", ""
    joined = " - ".join(kept)
    if fold(joined) in folded_headings:
        return joined, " (the site's name cut)"
    if len(kept) < len(parts):
        return joined, " (the site's name cut)"
    return kept[0], " (its first part; the rest taken for the site's name)"
