"""The article's language, and whether the chosen voice speaks it.

The language is taken from the article (front matter ``lang``, ``<html lang>``, a reST
``:lang:`` field), else detected cheaply by counting very common words of a few languages
(the top function words of each are nearly disjoint, so a few hundred words are plenty).
A Piper voice's language is in its ``.onnx.json`` (``language.code`` or ``espeak.voice``).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from pathlib import Path

from .errors import InputError
from .models import Article
from .settings import VoiceChoice

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


def voice_language(model_path: Path) -> str:
    """The language a Piper voice speaks, from the .onnx.json beside it ('' if unknown)."""
    try:
        config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    code = (config.get("language") or {}).get("code") or (config.get("espeak") or {}).get("voice")
    return normalize_code(code)


def engine_language(engine: object) -> str:
    """The language of an engine's voice, when the engine tells it ('' if unknown)."""
    declared = getattr(engine, "language", None)
    if isinstance(declared, str):
        return normalize_code(declared)
    model_path = getattr(engine, "model_path", None)
    return voice_language(Path(model_path)) if model_path else ""


def check_voice_language(article_lang: str, voice_lang: str, voice_chosen: bool) -> None:
    """Refuse (or, for a voice the user chose, warn) when the voice cannot speak the article."""
    if not article_lang or not voice_lang or article_lang == voice_lang:
        return
    article_name = LANGUAGE_NAMES.get(article_lang, article_lang)
    voice_name = LANGUAGE_NAMES.get(voice_lang, voice_lang)
    message = f"the article is in {article_name} ({article_lang}) but the voice speaks {voice_name} ({voice_lang})"
    if voice_chosen:
        logger.warning("Warning: %s; it will be read with %s pronunciation", message, voice_name)
        return
    raise InputError(
        f"{message}. Give a {article_name} Piper voice with --voice PATH.onnx, use the online "
        f"engine (--engine gtts), or pass --voice en_US-joe-medium to read it with the "
        f"{voice_name} voice anyway"
    )


def installed_voice_for(lang: str) -> str | None:
    """The name of an installed Piper voice that speaks `lang` (working or Piper's folder)."""
    from .engines.piper import DEFAULT_VOICE, list_voices

    for voice in list_voices():
        if (
            voice.name != DEFAULT_VOICE
            and " " not in voice.name
            and normalize_code(voice.language) == lang
        ):
            return voice.name
    return None


def pick_voice_for_language(voice: VoiceChoice, lang: str) -> VoiceChoice:
    """With Piper and no voice named, use an installed voice that speaks the article's language."""
    if voice.engine != "piper" or voice.voice or not lang or lang == "en":
        return voice
    name = installed_voice_for(lang)
    if name is None:
        return voice
    logger.info(
        "Using the Piper voice %s for this %s article", name, LANGUAGE_NAMES.get(lang, lang)
    )
    return dataclasses.replace(voice, voice=name)
