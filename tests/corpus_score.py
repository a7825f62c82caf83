"""Score the parse stage on the real-document corpus (tests/corpus/<id>/ + expected.json).

Each document is read as `article2audio sections FILE` reads it, then checked against what a
person reading it wrote down:

- title: the article's title equals the expected one;
- chapters: the section titles (a lead before the first heading is a chapter named after the
  article) equal the expected list, or one of its alternatives, in order, nothing missing and
  nothing extra;
- must_contain: every phrase is in the sections' text (nothing silently lost);
- must_not_contain: no phrase is in the sections' text or the spoken text;
- markup: the spoken text holds none of the markup and furniture in `_MARKUP` (``**``,
  ``](``, tags, ``{{``, ``:::``, reST roles, ``[Page N]``, ``¶``, ``[12]``, ``_italic_``,
  ``[Illustration]``, table rows, raw web addresses ...), checked on every document. Inline
  code reaches the script in backticks by contract; the script says it and drops them, so
  the spoken text is checked whole;
- page furniture: no spoken sentence is only furniture ("Share this", "Read more", "Posted by
  ...", "© 2024 ...", "Skip to content", `_BOILERPLATE`), checked on every document;
- glued words: no word of the text is two words that stand side by side in the source run
  together ("workso"; a CamelCase name such as "ExceptionGroups" is not glue);
- code spoken: no line of the source's code blocks (<pre>, fences) is in the text as prose
  (a one-line block kept as inline code, in backticks, is the script's to say).

Titles and chapters are compared after folding case, accents, punctuation, spacing and a
leading section number ("2.1 Results" = "results"); phrases after folding spacing and quotes.

    .venv/bin/python scripts/score_corpus.py [CORPUS_DIR]
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from article2audio.parse import parse_article
from article2audio.parse.blocks import NOTE_SENTENCES, fold
from article2audio.script import build_script

CORPUS = Path(__file__).parent / "corpus"
# Markup and page furniture no spoken text may hold, whatever the document (besides each
# document's own must_not_contain): emphasis and link syntax, tags and entities, template and
# shortcode tags, MDX comments and containers, reST directives and roles, heading marks and
# {#id} / [#id] attributes, emoji shortcodes (":heart:"), fences, GitHub alerts, RFC page
# footers, permalink marks, wiki [edit] links and [12] footnote marks, Gutenberg illustration
# markers and _italic_ underscores, table rows and rule lines, TeX, raw web addresses.
_MARKUP = re.compile(
    r"\*\*|__\w|\]\(|!\[|</?[A-Za-z][\w-]*[\s/>]|&[a-z]+;|&#\d+;"
    r"|\{\{|\}\}|\{%|%\}|\{/\*|^:::|:::\w|^\.\. |\s:[a-z]+:`|\{#[\w-]+\}|\[#[a-z][\w-]*\]"
    r"|^#{1,6} |```|(?<![\w:]):[a-z][a-z0-9_+-]*[a-z0-9]:(?![\w:])"
    r"|\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]|\[Page \d+\]|¶|\[edit\]|\[\d{1,3}\]"
    r"|\[(?:Illustration|Frontispiece)|(?<![\w_])_[A-Za-z][^_\n]{0,80}[A-Za-z.,!?]_(?![\w_])"
    r"|^\s*\|.*\|\s*$|\|\s*:?-{3,}|^\s*[-=*_~^#]{4,}\s*$|\$\$|\\(?:begin|frac|\(|\[)"
    r"|\bhttps?://|\bwww\.\w",
    re.MULTILINE,
)
_WORD = re.compile(r"[A-Za-z]{2,}")
MIN_CODE_LINE = 20  # a code line this long (spaces aside) is not found in prose by chance
_WORDY = re.compile(r"[A-Za-z][A-Za-z ,.'’]*")  # a code "line" that is plain words (a sample text)
_GENERATED_WORDS = {word.lower() for note in NOTE_SENTENCES for word in _WORD.findall(note)}
# A short spoken sentence that is nothing but page furniture, whatever the document.
_BOILERPLATE = re.compile(
    r"(?:skip to (?:main )?content|skip to navigation|toggle navigation|main menu"
    r"|share(?: this(?: post| article| page)?)?(?: on \w+)?|tweet|like this"
    r"|edit this page|edit on github|improve this page|view (?:page )?source|read more"
    r"|continue reading|previous (?:post|page|article)|next (?:post|page|article)|older posts?"
    r"|newer posts?|back to top|on this page|leave a (?:reply|comment)|post a comment"
    r"|\d+ comments?|subscribe(?: to (?:our|the|my) (?:newsletter|blog|feed|channel)\b.*)?"
    r"|sign up(?: for (?:our|the) newsletter)?|all rights reserved\b.*|powered by\b.*"
    r"|copyright (?:©|\(c\)|\d{4})\b.*|© ?\d{4}\b.*|(?:this (?:site|website) uses|accept"
    r"(?: all)?) cookies\b.*|posted (?:by|on|in) .*|tags?: .*|labels?: .*|categories: .*"
    r"|filed under\b.*|\d+ min(?:ute)?s? read|last (?:updated|modified)(?: on)?:? .*"
    r"|was this (?:page|article) helpful\??)[\s.:!?»›→]*",
    re.IGNORECASE,
)
BOILERPLATE_WORDS = 10  # a sentence longer than this is the author's, whatever it says
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass
class Result:
    """How one document came out."""

    name: str
    title: str
    chapters: list[str]
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether a person would accept the split."""
        return not self.problems


def documents(corpus: Path = CORPUS) -> list[Path]:
    """The corpus folders that hold an expected.json."""
    return sorted(path.parent for path in corpus.glob("*/expected.json"))


def score_document(folder: Path) -> Result:
    """Parse one corpus document and list what a person would object to."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    source = folder / expected["file"]
    text = source.read_bytes().decode("utf-8-sig", errors="replace")
    article = parse_article(text, filename=source.name)
    chapters = [section.title for section in article.sections]
    result = Result(folder.name, article.title, chapters)
    if fold(article.title) != fold(expected["title"]):
        result.problems.append(f"title {article.title!r}, expected {expected['title']!r}")
    wanted = [expected["chapters"], *expected.get("alternatives", [])]
    if not any([fold(c) for c in chapters] == [fold(c) for c in option] for option in wanted):
        result.problems.append(_chapter_difference(chapters, expected["chapters"]))
    written = _flat("\n".join(s.text for s in article.sections))
    script = build_script(article)
    spoken = " ".join(cue.text for cue in script.cues)
    for phrase in expected.get("must_contain", []):
        if _flat(phrase).replace("`", "") not in written.replace("`", ""):
            result.problems.append(f"lost: {phrase!r}")
    for phrase in expected.get("must_not_contain", []):
        if _flat(phrase) in written or _flat(phrase) in _flat(spoken):
            result.problems.append(f"spoken: {phrase!r}")
    furniture = {
        cue.text
        for cue in script.cues
        if len(cue.text.split()) <= BOILERPLATE_WORDS and _BOILERPLATE.fullmatch(cue.text.strip())
    }
    if furniture:
        result.problems.append(f"page furniture: {sorted(furniture)[:5]}")
    markup = _MARKUP.findall(spoken)
    if markup:
        result.problems.append(f"markup: {sorted(set(markup))[:5]}")
    glued = glued_words(_CODE_SPAN.sub(" ", written), text)
    if glued:
        result.problems.append(f"glued words: {glued[:5]}")
    prose = _squeezed(_CODE_SPAN.sub(" ", written))
    code = [line for line in code_lines(text) if _squeezed(line) in prose]
    if code:
        result.problems.append(f"code spoken: {code[:3]}")
    return result


def code_lines(source: str) -> list[str]:
    """The longest line of each code block of the source (an HTML <pre>, a fenced block), to
    find code that was read out as prose."""
    blocks = re.findall(r"<pre\b[^>]*>(.*?)</pre>", source, re.DOTALL | re.IGNORECASE)
    blocks = [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]
    blocks += fenced_blocks(source)
    lines = []
    for block in blocks:
        longest = max(block.split("\n"), key=lambda line: len(line.strip()), default="")
        if len(_squeezed(longest)) >= MIN_CODE_LINE and not _WORDY.fullmatch(longest.strip()):
            lines.append(longest.strip())
    return lines


def fenced_blocks(source: str) -> list[str]:
    """The text of each fenced code block (```` ``` ```` or ``~~~``) of a Markdown source; a
    line of tildes right under a line of text is a reST underline, not a fence."""
    blocks: list[str] = []
    fence, lines, previous = "", [], ""
    for line in source.split("\n"):
        marker = re.match(r"^\s*(`{3,}|~{3,})", line)  # MDX indents fences in components
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                blocks.append("\n".join(lines))
                fence, lines = "", []
            else:
                lines.append(line)
        elif marker and not (set(line.strip()) == {"~"} and previous.strip()):
            fence = marker.group(1)
        previous = line
    return blocks


def _squeezed(text: str) -> str:
    """Text without white space or backticks, for finding code however it was spaced."""
    return "".join(text.replace("`", "").split())


def glued_words(written: str, source: str) -> list[str]:
    """Words of the text that the source never has but that are two of its words run together,
    words that stand side by side in the source (a space lost by an extractor: "workso" for
    "<a>work</a> so", "guideThen" for "guide</a>.Then"). A name in CamelCase ("ExceptionGroups"
    for ``ExceptionGroup``\\ s) is written so on purpose, never glue."""
    plain = html.unescape(source)
    vocabulary = {w.lower() for w in _WORD.findall(source + " " + plain)}
    vocabulary |= {w.lower() for w in _WORD.findall(re.sub(r"<[^>]+>", " ", plain))}
    neighbours = _neighbours(source) | _neighbours(_WITHOUT_LINK_TARGETS.sub(" ", plain))
    glued = set()
    for word in set(_WORD.findall(written)):
        lowered = word.lower()
        if lowered in vocabulary or lowered in _GENERATED_WORDS or len(lowered) < 5:
            continue
        if _CAMEL_CASE.fullmatch(word):
            continue
        if any(
            (lowered[:cut], lowered[cut:]) in neighbours
            and lowered[:cut] in vocabulary
            and lowered[cut:] in vocabulary
            for cut in range(2, len(lowered) - 1)
        ):
            glued.add(word)
    return sorted(glued)


_CAMEL_CASE = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+")  # a name: "ExceptionGroups"
# Markup between two words of the text: tags, a Markdown link's target, a reST link's target.
_WITHOUT_LINK_TARGETS = re.compile(r"<[^>]*>|\]\([^)\s]*\)|\s<[^>\s]+>`_")


def _neighbours(source: str) -> set[tuple[str, str]]:
    """Pairs of words that stand next to each other in a source, whatever markup is between."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+|\d+", re.sub(r"<[^>]+>", " ", source))]
    return set(zip(words, words[1:], strict=False))


def _chapter_difference(got: list[str], expected: list[str]) -> str:
    """A short description of how the chapters differ."""
    got_folded = [fold(c) for c in got]
    want_folded = [fold(c) for c in expected]
    missing = [c for c, f in zip(expected, want_folded, strict=True) if f not in got_folded]
    extra = [c for c, f in zip(got, got_folded, strict=True) if f not in want_folded]
    return f"chapters: {len(got)} got, {len(expected)} expected; missing {missing[:4]}, extra {extra[:4]}"


def _flat(text: str) -> str:
    """Text for finding a phrase: quotes plain, backticks gone, spacing single."""
    return " ".join(text.translate(_QUOTES).split())


def main(corpus: Path = CORPUS) -> list[Result]:
    """Print one line per document and the score; return the results."""
    results = []
    for folder in documents(corpus):
        try:
            result = score_document(folder)
        except Exception as exc:  # noqa: BLE001 - a crash is a failed document, shown as such
            result = Result(folder.name, "", [], [f"error: {exc}"])
        results.append(result)
        mark = "ok  " if result.passed else "FAIL"
        print(f"{mark} {result.name}")
        for problem in result.problems:
            print(f"       {problem}")
    passed = sum(result.passed for result in results)
    print(f"score: {passed}/{len(results)} documents split as a person would")
    return results
