"""The article's language: declared by the article, else detected from its words.

The language is taken from the article (front matter ``lang``, ``<html lang>``, a reST
``:lang:`` field), else detected cheaply by counting very common words of a few languages
(the top function words of each are nearly disjoint, so a few hundred words are plenty).
Which voice speaks it is `voices`' business.
"""

from __future__ import annotations

import logging
import re

from .models import Article

logger = logging.getLogger(__name__)

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}
_COMMON_WORDS = {
    "en": "the and of to a in is that it for was on with as are this be by not you have".split(),
    "fr": "le la les des et est une un du que qui dans pour pas sur au avec ce sont plus".split(),
    "de": "der die und das ist nicht ein eine zu den mit sich auf für von dem im auch es".split(),
    "es": "el la los las de que y en un una por con para es del se no al lo como".split(),
    "it": "il di che la e un una per non è sono del della con si gli le al lo".split(),
    "nl": "de het een en van is dat niet op te zijn met voor er die aan ook als".split(),
    "pt": "o a os as de que e em um uma do da não para com no na se por mais".split(),
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MIN_WORDS = 20


def language_scores(text: str) -> dict[str, float]:
    """The share of words in `text` that are common words of each known language."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS:
        return {}
    sets = {lang: set(common) for lang, common in _COMMON_WORDS.items()}
    return {lang: sum(w in common for w in words) / len(words) for lang, common in sets.items()}


def detect_language(text: str) -> str | None:
    """The most likely language code of `text`, or None when it is too short to tell."""
    return _likely_language(language_scores(text))


def _likely_language(scores: dict[str, float]) -> str | None:
    """The best-scoring language when at least 8% of the words are its common words."""
    best = max(scores, key=lambda lang: scores[lang]) if scores else None
    return best if best and scores[best] >= 0.08 else None


def normalize_code(code: str | None) -> str:
    """'en_US', 'en-us', 'EN' -> 'en'; '' when there is none."""
    return re.split(r"[-_]", code.strip())[0].lower() if code and code.strip() else ""


def record_language(article: Article) -> str:
    """Set article.meta['lang'] (the declared one, normalized, else detected); return it.

    A declaration the text plainly contradicts (a site template's ``<html lang="en">`` on a
    French post: the other language's common words at least 15% of the text and three times
    as frequent) gives way to the detected language.
    """
    declared = normalize_code(article.meta.get("lang"))
    scores = language_scores(" ".join(f"{s.title}\n{s.text}" for s in article.sections))
    detected = _likely_language(scores) or ""
    lang = declared or detected
    if declared and detected and detected != declared:
        if scores[detected] >= 0.15 and scores[detected] >= 3 * scores.get(declared, 0.0):
            logger.info(
                "The article says lang=%s but reads as %s; using %s", declared, detected, detected
            )
            lang = detected
    if lang:
        article.meta["lang"] = lang
    return lang
