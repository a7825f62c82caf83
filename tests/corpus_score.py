"""Score the parse stage on the real-document corpus (tests/corpus/<id>/ + expected.json).

Each document is read as `article2audio sections FILE` reads it, then checked against what a
person reading it wrote down:

- title: the article's title equals the expected one;
- chapters: the section titles (a lead before the first heading is a chapter named after the
  article) equal the expected list, or one of its alternatives, in order, nothing missing and
  nothing extra;
- must_contain: every phrase is in the sections' text (nothing silently lost);
- must_not_contain: no phrase is in the sections' text or the spoken text;
- markup: the spoken text holds no markup (``**``, ``](``, tags, ``{{``, ``:::``, reST roles,
  ``[Page N]`` ...). Inline code is in backticks by contract (the script says it), so
  backtick spans are left out of the markup check.

Titles and chapters are compared after folding case, accents, punctuation, spacing and a
leading section number ("2.1 Results" = "results"); phrases after folding spacing and quotes.

    .venv/bin/python scripts/score_corpus.py [CORPUS_DIR]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from article2audio.parse import parse_article
from article2audio.parse.blocks import fold
from article2audio.script import build_script

CORPUS = Path(__file__).parent / "corpus"
_MARKUP = re.compile(
    r"\*\*|__\w|\]\(|!\[|</?[A-Za-z][\w-]*[\s/>]|\{\{|\{%|\{/\*|^:::|:::\w|^\.\. |\s:[a-z]+:`"
    r"|\[Page \d+\]|\{#[\w-]+\}|&[a-z]+;|&#\d+;|^#{1,6} |```|\[!(?:NOTE|TIP|WARNING)\]",
    re.MULTILINE,
)
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
    spoken = " ".join(cue.text for cue in build_script(article).cues)
    for phrase in expected.get("must_contain", []):
        if _flat(phrase).replace("`", "") not in written.replace("`", ""):
            result.problems.append(f"lost: {phrase!r}")
    for phrase in expected.get("must_not_contain", []):
        if _flat(phrase) in written or _flat(phrase) in _flat(spoken):
            result.problems.append(f"spoken: {phrase!r}")
    markup = _MARKUP.findall(_CODE_SPAN.sub(" ", spoken))
    if markup:
        result.problems.append(f"markup: {sorted(set(markup))[:5]}")
    return result


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
