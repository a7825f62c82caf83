"""Language-neutral clean-up: typography, URLs, citations, emoji, LaTeX, and the final tidy.

The last step, `one_sentence`, makes sure the phonemizer (espeak, in front of Piper) cannot end
a sentence inside a cue: it ends one at every ". ", "? ", "! " or "..." followed by more text,
giving each piece a falling tone and a pause. A cue is one sentence by construction, so any
such mark left inside it (an abbreviation no rule knew, a quoted question) becomes a comma.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

URL = re.compile(r"""\b(?:https?://|www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]’”]""", re.IGNORECASE)
_CITATION = re.compile(r"\s?\[\d+(?:\s?[,–-]\s?\d+)*\]")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0e\ufe0f\u200d\u20e3"
    "\U000e0020-\U000e007f]"
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
        "º": "°",
    }
)
_INNER_STOP = re.compile(r"""(?:\.{2,}|[.!?]+)(["')\]]*)[,;:]?\s+(?=\S)""")
PHONEME_BLOCK = re.compile(r"(\[\[.*?\]\])")
CODE_SPAN = re.compile(r"(`+[^`]+`+)")  # URLs in code are for the code rules to judge


def clean(text: str) -> str:
    """Typography, URLs (said as their domain), @mentions, citations, emoji and LaTeX."""
    text = re.sub(r"([«‹])\s+", r"\1", re.sub(r"\s+([»›])", r"\1", text))  # « French »
    text = unshout(text.translate(_QUOTES))
    text = "".join(
        part if part.startswith("`") else URL.sub(_url_domain, part)
        for part in CODE_SPAN.split(text)
    )
    text = _MENTION_OR_TAG.sub(r"\1", text)
    text = _CITATION.sub("", text)
    text = _EMOJI.sub("", text)
    return _LATEX.sub(" ", text)


def unshout(text: str) -> str:
    """An ALL CAPS line ("WHAT GOES IN IT") in sentence case, so short words are not spelled."""
    numbering = _ROMAN_NUMBERING.match(text)
    prefix, text = (numbering.group(0), text[numbering.end() :]) if numbering else ("", text)
    prose = CODE_SPAN.sub(" ", text)  # code in a shouted line keeps its case
    letters = [ch for ch in prose if ch.isalpha()]
    words = [word for word in prose.split() if any(ch.isalpha() for ch in word)]
    if len(letters) < 6 or len(words) < 2 or not all(ch.isupper() for ch in letters):
        return prefix + text
    lowered = "".join(p if p.startswith("`") else p.lower() for p in CODE_SPAN.split(text))
    first = next(i for i, ch in enumerate(lowered) if ch.isalpha())
    return prefix + lowered[:first] + lowered[first].upper() + lowered[first + 1 :]


def _url_domain(match: re.Match[str]) -> str:
    """A URL's domain without "www." (the rest of the URL is not worth saying)."""
    url = match.group(0)
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    except ValueError:  # "http://[your-server-ip]:8080/": a placeholder in brackets, no address
        bracketed = re.search(r"\[([^\]/]*)\]", url)
        host = bracketed.group(1) if bracketed else ""
    return host.removeprefix("www.")


def speak_dashes(text: str) -> str:
    """En/em dashes: between numbers "to", between words a comma pause; hyphens kept."""
    text = re.sub(r"(\d)\s?[–—]\s?(\d)", r"\1 to \2", text)
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
    """Turn every sentence end inside the text into a comma, so the phonemizer cannot split it."""
    text = tidy(text)  # first, so "three?—and" (made "three?, and", then "three? and") is seen
    return tidy(_INNER_STOP.sub(lambda m: f",{m.group(1)} ", text))
