"""Language-neutral clean-up: typography, URLs, citations, emoji, LaTeX, and the final tidy.

- quotes, dashes (figure dash, horizontal bar), spaces and ellipses in one form; inline
  "$X$" math unwrapped, LaTeX commands dropped; emphasis marks ("*word*", "~struck~") dropped;
- URLs (also ftp://, <autolinks>, a bare domain with a path) said as their domain; @mentions
  and #tags as words; citation marks ("[12]") and emoji dropped; "[[" written in an article is
  never a phoneme block (only the lexicon makes those);
- an ALL CAPS line in sentence case (`unshout`, with the language's casing of words) and a
  wire dateline in capitals ("KYIV, Ukraine (AP)") in title case;
- `drop_marks`: square brackets and braces as round ones, backticks and underscores gone;
- `speak_dashes`: dashes as "to" between numbers and as a pause between words;
- the last step, `one_sentence`, makes sure the phonemizer (espeak, in front of Piper) cannot
  end a sentence inside a cue: it ends one at every ". ", "? ", "! " or "..." followed by more
  text, giving each piece a falling tone and a pause. A cue is one sentence by construction,
  so any such mark left inside it (an abbreviation no rule knew, a quoted question) becomes a
  comma.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

# A URL, with the angle brackets of an autolink ("<ftp://host/file>"), or a bare domain
# followed by a path ("docs.example.com/v3/migrate"): said as its domain.
_TLD = r"(?:com|org|net|io|dev|gov|edu|ai|app|co|us|uk|de|fr|info|me|sh|rs|so|tv|ly|xyz|eu)"
URL = re.compile(
    r"""<?\b(?:(?:https?|ftp|sftp|ssh|git|wss?)://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\."""
    rf"""{_TLD}(?=/\w))[^\s<>"'`]*[^\s<>"'`.,;:!?)\]’”]>?""",
    re.IGNORECASE,
)
_CITATION = re.compile(r"\s?\[\d+(?:\s?[,–-]\s?\d+)*\]")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u2608\u260a-\u2642\u2644-\u27bf\u2b00-\u2bff"
    "\u2300-\u23ff\ufe0e\ufe0f\u200d\u20e3\U000e0020-\U000e007f]"
    "|(?<![MRL])[\u2609\u2643]"  # the Sun's and Jupiter's signs stay in M☉, R☉, M♃ (units)
)
_MENTION_OR_TAG = re.compile(r"(?<![\w@#&/])(?:@|##?)([^\W\d]\w{1,30})\b")
_LATEX = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|\\[a-zA-Z]+(?:\{[^}]*\})*", re.DOTALL)
_ROMAN_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Z][a-z]+)\.\s+")
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u00ad": None,
        "\u200b": None,
        "…": "...",
        "\u2011": "-",
        "\u2010": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u2012": "–",  # figure dash: "2017‒2018"
        "\u2015": "—",  # horizontal bar
        "\ufe58": "—",
        "\u2044": "/",  # fraction slash
        "\u2215": "/",  # division slash
        "º": "°",
    }
)
# A sentence end with its closing quotes and brackets, a comma or colon after them, and more
# text or the end after that.
_INNER_STOP = re.compile(r"""(?:\.{2,}|[.!?]+)(["')\]]*)([,;:]?)(["')\]]*)(?=\s+\S|\s*$)""")
_GLUED_STOP = re.compile(r"(?<=\w)\.(?=[(\[])")  # "3.(X+1)": espeak ends a sentence there
PHONEME_BLOCK = re.compile(r"(\[\[.*?\]\])")
CODE_SPAN = re.compile(r"(`+[^`]+`+)")  # URLs in code are for the code rules to judge
# "$X$", "$q$ design points": inline TeX math, said as its content (not money: "$5 and $6").
_INLINE_MATH = re.compile(r"(?<![\w$\\])\$(?=[A-Za-z\\({])([^$\n]{1,60}?)(?<=[\w)}'])\$(?![\w$])")
# Emphasis and strike-through marks at the edges of words: "*heycam", "restored.*", "~old~".
_EMPHASIS = re.compile(
    r"(?<![\w*_~])[*_~]+(?=[^\W\d_]|[\"'(][^\W\d_])|(?<=[^\W_]|[.,;:!?)'\"])[*_~]+(?=\s|$|[,;:.!?)'\"])"
)
_EMPHASIS_MARKS = re.compile(r"[*_~]")
# The dateline of a wire story: "WASHINGTON (AP) —", "LONDON, June 4 (Reuters) -".
_DATELINE = re.compile(
    r"^([A-Z][A-Z'.-]+(?:\s[A-Z][A-Z'.-]+)*)(,[^()]{0,40}\s\((?:AP|Reuters|AFP|UPI|Bloomberg|dpa"
    r"|Xinhua|Kyodo|Yonhap|ANSA|EFE|PTI|IANS|CNN)\)|\s\((?:AP|Reuters|AFP|UPI|Bloomberg|dpa|Xinhua"
    r"|Kyodo|Yonhap|ANSA|EFE|PTI|IANS|CNN)\))"
)
_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+\.?)*")


def clean(text: str, shouted_word: Callable[[str], str | None] | None = None) -> str:
    """Typography, URLs (said as their domain), @mentions, citations, emoji, LaTeX (inline
    "$X$" says its content) and emphasis marks ("*word*", "~struck~"). `shouted_word` is the
    language's casing of a word in an ALL CAPS line (see `unshout`)."""
    text = re.sub(r"([«‹])\s+", r"\1", re.sub(r"\s+([»›])", r"\1", text))  # « French »
    text = unshout(_DATELINE.sub(_dateline, text.translate(_QUOTES)), shouted_word)
    text = text.replace("[[", "[ [").replace(
        "]]", "] ]"
    )  # phoneme blocks come from the lexicon only
    text = "".join(part if part.startswith("`") else _prose(part) for part in CODE_SPAN.split(text))
    text = _MENTION_OR_TAG.sub(r"\1", text)
    text = _CITATION.sub("", text)
    text = _EMOJI.sub("", text)
    return _LATEX.sub(" ", text)


def _dateline(match: re.Match[str]) -> str:
    """ "KYIV, Ukraine (AP) —": the place in capitals at the head of a news story, in title
    case (else an acronym rule spells "K Y I V")."""
    return match.group(1).title() + match.group(2)


def _prose(text: str) -> str:
    """Text outside code spans: URLs said as their domain, inline math unwrapped, emphasis
    marks dropped."""
    text = URL.sub(_url_domain, text)
    if "$" in text:
        text = _INLINE_MATH.sub(r"\1", text)
    return _EMPHASIS.sub("", text) if _EMPHASIS_MARKS.search(text) else text


def unshout(text: str, shouted_word: Callable[[str], str | None] | None = None) -> str:
    """An ALL CAPS line ("WHAT GOES IN IT") in sentence case, so short words are not spelled;
    `shouted_word` (the language's rule) may keep a word's case: "EDT", "OCTOBER" -> "October"."""
    numbering = _ROMAN_NUMBERING.match(text)
    prefix, text = (numbering.group(0), text[numbering.end() :]) if numbering else ("", text)
    prose = CODE_SPAN.sub(" ", text)  # code in a shouted line keeps its case
    letters = [ch for ch in prose if ch.isalpha()]
    words = [word for word in prose.split() if any(ch.isalpha() for ch in word)]
    if len(letters) < 6 or len(words) < 2 or not all(ch.isupper() for ch in letters):
        return prefix + text
    lowered = "".join(
        part if part.startswith("`") else _lower_words(part, shouted_word)
        for part in CODE_SPAN.split(text)
    )
    first = next(i for i, ch in enumerate(lowered) if ch.isalpha())
    return prefix + lowered[:first] + lowered[first].upper() + lowered[first + 1 :]


def _lower_words(text: str, shouted_word: Callable[[str], str | None] | None) -> str:
    """Each word in lower case, unless the language's rule cases it otherwise."""
    if shouted_word is None:
        return text.lower()
    return _WORD.sub(lambda m: shouted_word(m.group(0)) or m.group(0).lower(), text)


def _url_domain(match: re.Match[str]) -> str:
    """A URL's domain without "www." (the rest of the URL is not worth saying)."""
    url = match.group(0).removeprefix("<").removesuffix(">")
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    except ValueError:  # "http://[your-server-ip]:8080/": a placeholder in brackets, no address
        bracketed = re.search(r"\[([^\]/]*)\]", url)
        host = bracketed.group(1) if bracketed else ""
    return host.removeprefix("www.")


_BRACKETS = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")", "`": " ", "_": " "})


def drop_marks(text: str) -> str:
    """Marks a voice should not meet: square brackets and braces as round ones (a short
    pause, never "bracket"), stray backticks gone, underscores as spaces ("snake_case")."""
    return text.translate(_BRACKETS)


def speak_dashes(text: str) -> str:
    """En/em dashes: between numbers "to", between words a comma pause; hyphens kept."""
    text = re.sub(r"(\d)\s?[–—]\s?(\d)", r"\1 to \2", text)
    text = re.sub(r"\b([A-Z][A-Za-z]*)–(?=[A-Z])", r"\1 ", text)  # "UK–Gulf deal": a compound
    text = re.sub(r"(\S)\s*[–—]+\s*(?=\S)", r"\1, ", text)
    text = re.sub(r"(?<=[^\W\d]|[)\]\"'])\s+--?\s+(?=[^\W\d]|[(\"'])", ", ", text)
    return re.sub(r"[–—]", " ", text)


_TIDY = [
    (re.compile(r"\s+([,.;:!?]+)(?=\s|$|[\"')\]])"), r"\1"),  # "word ," -> "word,"
    (re.compile(r",(?:\s*,)+"), ","),
    (re.compile(r"([.!?;:]),"), r"\1"),
    (re.compile(r"\(\s*\)|\[\s*\]"), ""),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"\s+\)"), ")"),
    (re.compile(r",\s+-\s+"), ", "),
]


def tidy(text: str) -> str:
    """Collapse whitespace and mend punctuation left stranded by the rewrites."""
    text = " ".join(text.split())
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return " ".join(text.split()).strip(" ,;")


def one_sentence(text: str) -> str:
    """Turn every sentence end inside the text into a comma, so the phonemizer cannot split it
    (a mark before a comma or colon is dropped: '"What a pity!",' -> '"What a pity",')."""
    text = tidy(text)  # first, so "three?—and" (made "three?, and", then "three? and") is seen
    text = _GLUED_STOP.sub(" ", text)
    for _ in range(3):  # '"What a pity!"?' ends twice: "?" first, then "!"
        said = _INNER_STOP.sub(_inner_stop, text)
        if said == text:
            break
        text = said
    return tidy(text)


def _inner_stop(match: re.Match[str]) -> str:
    closers, punctuation, more_closers = match.groups()
    if not punctuation and not match.string[match.end() :].strip():
        return match.group(0)  # the sentence's own end
    if punctuation:
        return f"{closers}{punctuation}{more_closers} "
    return f",{closers}{more_closers} "
