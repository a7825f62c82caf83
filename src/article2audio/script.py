"""Article -> Script: what the voice will say, cue by cue, with the pauses between cues.

The episode opens with the article's title, "by AUTHOR" when the article names one (a `title`
cue, said once: when the first chapter is the lead named after the article, it is that
chapter's heading; otherwise it comes before the first chapter's heading). Each section gives
a heading cue, then one cue per sentence of its text; a closing line (`Framing`), when there
is one, is the last cue of the last chapter. Sentences longer than `MAX_CUE_CHARS` are cut at
";" and then ", " so one cue stays short. Each cue keeps two texts: `display`, the article's
own words (for captions, transcript and show notes), and `text`, what the voice is given: the
written words through the article's `Normalizer` (`normalize/`: numbers, dates, money, units,
symbols, code, abbreviations as words) with the default lexicon of its language and the
user's lexicon laid over it.

Repeated notes for code, tables or formulas in one section are said once ("Three code
examples follow in the article."), and a passage in a script the voice cannot read is
warned about once per article.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from article2audio.lexicon import Lexicon, default_lexicon
from article2audio.models import Article, Cue, Script
from article2audio.normalize import Normalizer, speakable, typography
from article2audio.normalize.numbers import cardinal
from article2audio.parse.blocks import CODE_SENTENCE, FORMULA_SENTENCE, TABLE_SENTENCE, same_title

logger = logging.getLogger(__name__)

PAUSE_AFTER_TITLE_MS = 1000  # when the first chapter's own heading follows the title
PAUSE_AFTER_HEADING_MS = 800
PAUSE_BETWEEN_SENTENCES_MS = 250
PAUSE_AFTER_PARAGRAPH_MS = 700
PAUSE_AFTER_SECTION_MS = 1500
PAUSE_BEFORE_CLOSING_MS = 1500  # the closing line is set apart from the article's last words
NO_AUTHOR = frozenset({"", "article2audio"})  # the tool's own default names no writer
# An author said after the title looks like a name: a capital letter, no handle or address
# characters, a few words ("authors: joshuakgoldberg" is a site's key for a profile).
_NOT_IN_NAMES = re.compile(r"[\d@/_#<>|=:;]")
MAX_AUTHOR_WORDS = 12
MAX_CUE_CHARS = 300

# Words that end in "." without ending the sentence (compared lower-case, without the dot).
# Dotted acronyms ("U.S.", "a.m.") and single-letter initials ("J.") count as well.
ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof st mt ft vs cf al approx gen col lt capt cpt sgt maj rev gov sen rep
    reps sens pres hon incl esp viz cmdr adm cpl pvt supt det insp amb atty fr""".split()
)
# Abbreviations that only hold the sentence together before a number ("No. 5", "Fig. 2").
NUMBER_ABBREVIATIONS = frozenset(
    """no nos fig figs eq eqs vol vols p pp ch chap sec art para tab ref ex pt ver op jan feb
    mar apr jun jul aug sep sept oct nov dec h.res s.res h.j.res s.j.res h.con.res s.con.res
    s.amdt h.amdt res amdt rm ste apt ext cat""".split()
)

_SENTENCE_BREAK = re.compile(r"""([.!?…]+["'”’)\]]*)\s+(?=["“‘'(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"(\S+)$")
# "No. 5", "Fig. S3", "Docket No. R-1531", "in Feb. (3.2% YoY)"
_NUMBER_NEXT = re.compile(r"\(?\d|[A-Z]{1,3}-?\d")
_DOTTED_ACRONYM = re.compile(r"^(?:[a-z]\.)+[a-z]$")
_ROMAN_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Z][a-z]+)\.\s+")
_BULLET = re.compile(r"^\s*(?:[-*•+‣◦▪]|\(?[a-z0-9]\))\s+")
_BACKTICKS = re.compile(r"`+([^`]*?)`+")  # an inline code span: shown bare, never cut
# A note the readers put where a block cannot be said -> what N of them are called.
NOTES = {
    CODE_SENTENCE: ("code example", "code examples"),
    TABLE_SENTENCE: ("table", "tables"),
    FORMULA_SENTENCE: ("formula", "formulas"),
}

__all__ = ["Framing", "build_script", "speakable", "split_long", "split_sentences"]


@dataclass(frozen=True)
class Framing:
    """What the episode says besides the article: who wrote it, and a closing line."""

    author: str | None = None  # said after the title; None: the article's own (front matter ...)
    closing_line: str = ""  # said after the last sentence, as its own cue; "" = none


def build_script(
    article: Article, lexicon: Lexicon | None = None, framing: Framing | None = None
) -> Script:
    """Turn an Article into a Script: the title, a heading cue per section then its sentences,
    and the closing line."""
    framing = framing or Framing()
    lang = article.meta.get("lang") or "en"
    say = Normalizer(lang, default_lexicon(lang).overlaid(lexicon))
    cues: list[Cue] = []
    opening = _opening(article, framing.author, say)
    for index, section in enumerate(article.sections):
        title = next((t for t in (section.title, article.title) if say.heading(t)), "")
        if index == 0 and opening is not None:
            cues.append(opening)
        if index == 0 and opening is not None and same_title(title, article.title):
            opening.pause_after_ms = PAUSE_AFTER_HEADING_MS  # the lead: the title is its heading
        else:
            heading = say.heading(title) or f"Part {index + 1}"
            shown = display_text(title) or heading
            cues.append(Cue(index, "heading", heading, PAUSE_AFTER_HEADING_MS, shown))
        cues.extend(_section_cues(index, _merge_notes(section.text), say))
        cues[-1].pause_after_ms = PAUSE_AFTER_SECTION_MS
    closing = say(framing.closing_line) if framing.closing_line and cues else ""
    if closing:
        cues[-1].pause_after_ms = PAUSE_BEFORE_CLOSING_MS
        last = cues[-1].section_index
        cues.append(Cue(last, "closing", closing, 0, display_text(framing.closing_line)))
    if cues:
        cues[-1].pause_after_ms = 0
    if say.foreign.languages:
        logger.warning(
            "Passages in %s cannot be read by the voice; a short note is said instead",
            " and ".join(say.foreign.languages),
        )
    logger.debug("script: %d cues in %d sections", len(cues), len(article.sections))
    return Script(
        title=article.title,
        chapter_titles=[section.title for section in article.sections],
        cues=cues,
    )


def _opening(article: Article, author: str | None, say: Normalizer) -> Cue | None:
    """The title cue: the article's title, then "by AUTHOR" when one is known (None: no title)."""
    spoken, shown = say.heading(article.title), display_text(article.title)
    if not spoken:
        return None
    name = " ".join((author or article.meta.get("author") or "").split())
    if spoken_author(name):
        spoken, shown = spoken_byline(spoken, say(name)), byline(shown, name)
    return Cue(0, "title", spoken, PAUSE_AFTER_TITLE_MS, shown)


def spoken_author(name: str) -> bool:
    """Whether an author's name is worth saying: a name, not a handle, a URL or the default."""
    words = name.split()
    if name.lower() in NO_AUTHOR or _NOT_IN_NAMES.search(name):
        return False
    return any(ch.isupper() for ch in name) and len(words) <= MAX_AUTHOR_WORDS


def byline(title: str, author: str) -> str:
    """A title with its author: "Title, by Author." ("Title? By Author." after a question)."""
    author = author.rstrip(".")
    if title.endswith(("?", "!")):
        return f"{title} By {author}."
    return f"{title.rstrip('.:;,')}, by {author}."


def spoken_byline(title: str, author: str) -> str:
    """The byline as the voice gets it, one sentence: after a question the phonemizer (espeak)
    would end a sentence at "?" ("Is It Safe? By Ada Vane." is two), so it is "Is It Safe, by
    Ada Vane." (the shown byline keeps its question mark)."""
    if title.endswith(("?", "!")):
        return typography.one_sentence(f"{title} by {author.rstrip('.')}.")
    return typography.one_sentence(byline(title, author))


def display_text(written: str) -> str:
    """The article's words as shown in captions: backticks gone, whitespace collapsed."""
    return " ".join(_BACKTICKS.sub(r"\1", written).split())


def _section_cues(section_index: int, text: str, say: Callable[[str], str]) -> list[Cue]:
    """One cue per sentence of a section's text, with sentence and paragraph pauses."""
    cues: list[Cue] = []
    for paragraph in re.split(r"\n\s*\n", text):
        sentences = [
            (spoken, piece)
            for line in paragraph.split("\n")
            for sentence in split_sentences(_BULLET.sub("", line))
            for piece in split_long(sentence)
            if (spoken := say(piece))
        ]
        for number, (spoken, written) in enumerate(sentences):
            cues.append(
                Cue(
                    section_index,
                    "sentence",
                    spoken,
                    PAUSE_BETWEEN_SENTENCES_MS,
                    display_text(written),
                    opens_paragraph=number == 0,
                )
            )
        if sentences:
            cues[-1].pause_after_ms = PAUSE_AFTER_PARAGRAPH_MS
    return cues


def _merge_notes(text: str) -> str:
    """Say a note repeated in one section once, where the first stood: "Three code examples
    follow in the article." (the later ones are dropped)."""
    for note, (_, plural) in NOTES.items():
        count = text.count(note)
        if count < 2:
            continue
        first = text.index(note) + len(note)
        merged = f"{cardinal(count).capitalize()} {plural} follow in the article."
        text = text[: first - len(note)] + merged + text[first:].replace(note, "")
    return text


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at . ? ! before a capital, digit or quote; spare abbreviations
    and inline code spans."""
    sentences: list[str] = []
    start = 0
    code_spans = [span.span() for span in _BACKTICKS.finditer(text)]
    for match in _SENTENCE_BREAK.finditer(text):
        if any(begin < match.start() < end for begin, end in code_spans):
            continue  # a "!" or "." inside inline code ends no sentence
        before_number = bool(_NUMBER_NEXT.match(text, match.end()))
        if _ends_with_abbreviation(text[start : match.end(1)], before_number):
            continue
        sentences.append(text[start : match.end(1)].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _ends_with_abbreviation(text: str, before_number: bool = False) -> bool:
    """Whether text ends with an abbreviation or an initial ("Mr.", "e.g.", "U.S.", "J.")."""
    if not text.endswith("."):
        return False
    match = _WORD_BEFORE.search(text)
    word = match.group(1).lstrip("\"'“‘([").lower().rstrip(".") if match else ""
    word = re.split(r"[–—-]", word)[-1]  # "June 1–Nov. 30", "Ex-Pres. Trump": the word after a dash
    if word in ABBREVIATIONS or (before_number and word in NUMBER_ABBREVIATIONS):
        return True
    return (len(word) == 1 and word.isalpha()) or bool(_DOTTED_ACRONYM.match(word))


def split_long(sentence: str, limit: int = MAX_CUE_CHARS) -> list[str]:
    """Cut a sentence longer than `limit` at "; ", then ", ", then spaces, packing pieces."""
    if len(sentence) <= limit:
        return [sentence]
    target = len(sentence) / math.ceil(len(sentence) / limit)  # pieces of even length
    for separator in ("; ", ", ", " "):
        pieces = _split_keeping(sentence, separator)
        if len(pieces) > 1:
            chunks = _pack(pieces, limit, target)
            return [chunk for piece in chunks for chunk in split_long(piece, limit)]
    return [sentence]


def _split_keeping(text: str, separator: str) -> list[str]:
    """Split at a separator, keeping its punctuation at the end of the left piece."""
    kept = separator.strip()
    parts = text.split(separator)
    return [part + kept for part in parts[:-1]] + [parts[-1]]


def _pack(pieces: list[str], limit: int, target: float) -> list[str]:
    """Join consecutive pieces until a chunk reaches `target` characters (never past `limit`);
    a chunk ending in a number takes the next piece too, which may be its unit ("15 MHz")."""
    chunks: list[str] = []
    for piece in pieces:
        last = chunks[-1] if chunks else ""
        fits = bool(chunks) and len(last) + 1 + len(piece) <= limit
        if fits and (len(last) < target or last[-1:].isdigit()):
            chunks[-1] = f"{last} {piece}"
        else:
            chunks.append(piece)
    return chunks
