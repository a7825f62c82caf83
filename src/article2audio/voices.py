"""Voice choice: which engines speak this article, and whether the voice speaks its language.

With Piper and no voice named, an installed voice that speaks the article's language is used
(a `fr_FR-*.onnx` in the working folder or Piper's data folder); a voice that cannot speak the
article stops the build before any speech, unless the user chose it (then it only warns).
"""

from __future__ import annotations

import dataclasses
import logging

from .engines.base import Engine, VoiceSettings, paced, parse_voice_spec, registry
from .errors import InputError
from .language import LANGUAGE_NAMES, normalize_code
from .settings import VoiceChoice

logger = logging.getLogger(__name__)


def engines_for(voice: VoiceChoice, article_lang: str) -> tuple[Engine, Engine | None]:
    """The engines that speak this article (its main voice, and a heading voice if asked for),
    once their voice is known to speak the article's language (else InputError)."""
    voice = pick_voice_for_language(voice, article_lang)
    engine, heading_engine = create_engines(voice, article_lang or None)
    chosen = voice.voice is not None or voice.lang is not None
    check_voice_language(article_lang, engine_language(engine), voice_chosen=chosen)
    return engine, heading_engine


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


def voice_settings(voice: VoiceChoice, article_lang: str | None = None) -> VoiceSettings:
    """The main voice as the engines read it; the language defaults to the article's."""
    return VoiceSettings(
        voice=voice.voice,
        lang=voice.lang or article_lang or None,
        speed=voice.speed,
        speaker=voice.speaker,
        base_url=voice.server_url,
        model=voice.model,
        give_up_after=voice.give_up_after,
    )


def create_engines(
    voice: VoiceChoice, article_lang: str | None = None
) -> tuple[Engine, Engine | None]:
    """The main engine and the one that speaks the title and headings (None: the main one)."""
    main = voice_settings(voice, article_lang)
    engine = registry().create(voice.engine, main)
    heading = heading_voice(voice, main)
    if heading is None:
        return engine, None
    name, settings = heading
    return engine, registry().create(name, settings)


def heading_voice(voice: VoiceChoice, main: VoiceSettings) -> tuple[str, VoiceSettings] | None:
    """The engine and settings of the title and headings: --heading-voice, else the main voice
    at the heading pace; None when they are spoken as the rest (a pace of 1, or an engine
    without a variable speed)."""
    if voice.heading_voice:
        return parse_voice_spec(voice.heading_voice, voice.engine, main, voice.heading_pace)
    if voice.heading_pace == 1.0 or not registry().variable_speed(voice.engine):
        return None
    return voice.engine, dataclasses.replace(main, speed=paced(main.speed, voice.heading_pace))


def engine_language(engine: object) -> str:
    """The language of an engine's voice, when the engine tells it ('' if unknown)."""
    declared = getattr(engine, "language", None)
    return normalize_code(declared) if isinstance(declared, str) else ""


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
