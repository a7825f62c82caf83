"""Google Translate's voice through gTTS: online, one request per sentence part, retried.

gTTS builds the requests (its text pre-processing, the 100-character split and the RPC
format); this engine sends them itself so that rate limits, server errors and a missing
network get backoff, Retry-After and a clear give-up message instead of a bare failure.
"""

from __future__ import annotations

import base64
import logging
import re
from importlib.metadata import version

import numpy as np

from ..errors import EngineError, InputError
from ..models import Clip
from ..retry import HttpClient, RetryPolicy, check_server_url
from .audio import decode_audio_bytes
from .base import EngineRegistry, VoiceInfo, VoiceSettings

logger = logging.getLogger(__name__)

API_PATH = "/_/TranslateWebserverUi/data/batchexecute"
DECODE_RATE = 24000  # gTTS sends 24 kHz mono MP3
CONCURRENCY = 4
OFFLINE_ADVICE = (
    "Use --engine piper to build offline; the clips already spoken are kept in the cache."
)
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')

# Accents worth naming (gTTS's "localized accents"): tld -> (language, description).
ACCENTS = {
    "com": ("en", "English (United States)"),
    "co.uk": ("en", "English (United Kingdom)"),
    "com.au": ("en", "English (Australia)"),
    "ca": ("en", "English (Canada)"),
    "co.in": ("en", "English (India)"),
    "ie": ("en", "English (Ireland)"),
    "co.za": ("en", "English (South Africa)"),
    "com.ng": ("en", "English (Nigeria)"),
}
_OTHER_ACCENTS = {
    ("fr", "ca"): "French (Canada)",
    ("fr", "fr"): "French (France)",
    ("pt", "com.br"): "Portuguese (Brazil)",
    ("pt", "pt"): "Portuguese (Portugal)",
    ("es", "com.mx"): "Spanish (Mexico)",
    ("es", "es"): "Spanish (Spain)",
    ("es", "us"): "Spanish (United States)",
}


# A language tag's region picks the accent when no --voice is given: en-GB -> co.uk.
REGION_ACCENTS = {
    ("en", "us"): "com", ("en", "gb"): "co.uk", ("en", "uk"): "co.uk", ("en", "au"): "com.au",
    ("en", "ca"): "ca", ("en", "in"): "co.in", ("en", "ie"): "ie", ("en", "za"): "co.za",
    ("en", "ng"): "com.ng", ("fr", "ca"): "ca", ("fr", "fr"): "fr", ("pt", "br"): "com.br",
    ("pt", "pt"): "pt", ("es", "mx"): "com.mx", ("es", "es"): "es", ("es", "us"): "us",
}  # fmt: skip


def accent_for(lang: str) -> str | None:
    """The accent (Google domain) a language tag with a region asks for, e.g. en-GB -> co.uk."""
    parts = lang.replace("_", "-").lower().split("-")
    return REGION_ACCENTS.get((parts[0], parts[1])) if len(parts) > 1 else None


def languages() -> dict[str, str]:
    """Language codes gTTS speaks (from its bundled table; no network)."""
    from gtts.lang import tts_langs

    return tts_langs()


def list_voices() -> list[VoiceInfo]:
    """Accents (as --voice TLD) and every language (as --lang CODE) gTTS offers."""
    voices = [VoiceInfo(tld, lang, desc) for tld, (lang, desc) in ACCENTS.items()]
    voices += [VoiceInfo(tld, lang, desc) for (lang, tld), desc in _OTHER_ACCENTS.items()]
    voices += [
        VoiceInfo("com", code, name) for code, name in sorted(languages().items()) if code != "en"
    ]
    return voices


def endpoint_url(base_url: str | None, tld: str) -> str:
    """The batchexecute URL: Google's for the accent's domain, or one under `base_url`."""
    if not base_url:
        return f"https://translate.google.{tld}{API_PATH}"
    base = base_url.rstrip("/")
    return base if base.endswith(API_PATH) else base + API_PATH


class GttsEngine:
    """Speak through gTTS: language (--lang), accent (--voice TLD), slow mode (--speed < 1)."""

    name = "gtts"
    concurrency = CONCURRENCY

    def __init__(self, settings: VoiceSettings) -> None:
        self.lang = _check_lang(settings.lang or "en")
        self.language = self.lang  # read by the language check before the build
        self.tld = (settings.voice or accent_for(settings.lang or "") or "com").lstrip(".")
        if not re.fullmatch(r"[a-z]{2,3}(\.[a-z]{2,3})?", self.tld):
            raise InputError(f"gTTS accent {self.tld!r} is not a Google domain like com or co.uk")
        self.slow = settings.speed < 1.0
        self.url = check_server_url(endpoint_url(settings.base_url, self.tld))
        policy = RetryPolicy()
        if settings.give_up_after is not None:
            policy = RetryPolicy(give_up_after=settings.give_up_after)
        self.http = HttpClient("gTTS", policy, advice=OFFLINE_ADVICE)

    def identity(self) -> str:
        """gTTS version, language, accent and speed (the URL is not part of the voice)."""
        return f"gtts:{version('gTTS')}:{self.lang}:{self.tld}:slow={self.slow}"

    def cancel(self) -> None:
        """Stop waiting for retries (the build is ending)."""
        self.http.cancel()

    def synthesize(self, text: str) -> Clip:
        """Speak one cue: one request per gTTS part (at most 100 characters), MP3 joined."""
        bodies = self._bodies(text)
        if not bodies:  # nothing speakable (only punctuation): a short pause instead
            return Clip(np.zeros(DECODE_RATE // 10, dtype=np.float32), DECODE_RATE, text)
        mp3 = b"".join(self._fetch(body, text) for body in bodies)
        return decode_audio_bytes(mp3, DECODE_RATE, text, "gTTS")

    def _bodies(self, text: str) -> list[str]:
        from gtts import gTTS

        try:
            request = gTTS(text, tld=self.tld, lang=self.lang, slow=self.slow, lang_check=False)
            return request.get_bodies()
        except AssertionError:  # nothing speakable left after gTTS's cleaning (e.g. "...")
            return []

    def _fetch(self, body: str, text: str) -> bytes:
        from gtts import gTTS

        response = self.http.post(self.url, data=body, headers=gTTS.GOOGLE_TTS_HEADERS)
        if response.status_code != 200:
            raise EngineError(
                f"gTTS at {self.url}: HTTP {response.status_code} {response.reason}. "
                f"Probable cause: {_cause(response.status_code, self.tld)}. {OFFLINE_ADVICE}"
            )
        found = _AUDIO.search(response.text)
        if found is None:
            raise EngineError(
                f"gTTS returned no audio for {text[:40]!r}. Probable cause: language "
                f"{self.lang!r} is not spoken, or the Google API changed. {OFFLINE_ADVICE}"
            )
        return base64.b64decode(found.group(1))


def _cause(status: int, tld: str) -> str:
    if status == 403:
        return "Google refused the request (blocked network or an API change)"
    if status == 404 and tld != "com":
        return f"the accent domain translate.google.{tld} does not exist"
    return "an unexpected answer from the server"


def _check_lang(lang: str) -> str:
    by_lower = {code.lower(): code for code in languages()}
    wanted = lang.replace("_", "-").lower()
    for candidate in (wanted, wanted.split("-")[0]):  # en-GB -> en (the accent is --voice)
        if candidate in by_lower:
            return by_lower[candidate]
    raise InputError(
        f"gTTS does not speak language {lang!r}; `article2audio voices --engine gtts` lists them"
    )


def register(registry: EngineRegistry) -> None:
    """Entry point: add the gTTS engine to the registry."""
    registry.add("gtts", GttsEngine, "Google Translate voice via gTTS (online)", list_voices)
