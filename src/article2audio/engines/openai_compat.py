"""OpenAI-compatible speech servers: POST /v1/audio/speech (OpenAI, Kokoro-FastAPI, Piper servers)."""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from ..errors import EngineError, InputError
from ..models import Clip
from ..retry import HttpClient, RetryPolicy, check_server_url
from .audio import decode_audio_bytes
from .base import EngineRegistry, VoiceInfo, VoiceSettings

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "tts-1"
DEFAULT_VOICE = "alloy"
API_KEY_VARIABLES = ("ARTICLE2AUDIO_OPENAI_API_KEY", "OPENAI_API_KEY")
DECODE_RATE = 24000  # OpenAI and Kokoro speak at 24 kHz
CONCURRENCY = 4
ADVICE = "Use --engine piper to build offline; the clips already spoken are kept in the cache."
OPENAI_VOICES = (
    "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse",
)  # fmt: skip


def speech_url(base_url: str) -> str:
    """The speech endpoint under a base URL given with or without `/v1`."""
    base = base_url.rstrip("/")
    if base.endswith("/audio/speech"):
        return base
    if base.endswith("/v1"):
        return base + "/audio/speech"
    return base + "/v1/audio/speech"


def api_key() -> str | None:
    """The API key from the environment (ARTICLE2AUDIO_OPENAI_API_KEY, else OPENAI_API_KEY)."""
    for variable in API_KEY_VARIABLES:
        if os.environ.get(variable):
            return os.environ[variable]
    return None


def list_voices() -> list[VoiceInfo]:
    """OpenAI's built-in voices (other servers have their own; name them with --voice)."""
    return [
        VoiceInfo(v, "multilingual", f"OpenAI voice (models {DEFAULT_MODEL}, tts-1-hd)")
        for v in OPENAI_VOICES
    ]


class OpenAISpeechEngine:
    """Speak through an OpenAI-compatible `/v1/audio/speech` endpoint, MP3 decoded locally."""

    name = "openai"
    variable_speed = True  # the title and headings are spoken a little slower
    concurrency = CONCURRENCY

    def __init__(self, settings: VoiceSettings) -> None:
        base = settings.base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        self.url = speech_url(check_server_url(base))
        self.model = settings.model or DEFAULT_MODEL
        self.voice = settings.voice or DEFAULT_VOICE
        self.speed = settings.speed
        self.key = api_key()
        if self.key is None and urlsplit(self.url).hostname == "api.openai.com":
            raise InputError(
                "the OpenAI speech API needs a key: set OPENAI_API_KEY (or use --base-url "
                "for a self-hosted server, or --engine piper offline)"
            )
        policy = RetryPolicy()
        if settings.give_up_after is not None:
            policy = RetryPolicy(give_up_after=settings.give_up_after)
        self.http = HttpClient("speech server", policy, advice=ADVICE)

    def identity(self) -> str:
        """Server, model, voice and speed (the key is not part of the voice)."""
        return f"openai:{self.url}:{self.model}:{self.voice}:speed={self.speed:.3f}"

    def cancel(self) -> None:
        """Stop waiting for retries (the build is ending)."""
        self.http.cancel()

    def synthesize(self, text: str) -> Clip:
        """Speak one cue: one request, MP3 back, decoded to samples."""
        body: dict[str, object] = {
            "model": self.model,
            "input": text,
            "voice": self.voice,
            "response_format": "mp3",
        }
        if abs(self.speed - 1.0) > 1e-6:
            body["speed"] = self.speed
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        response = self.http.post(self.url, json=body, headers=headers)
        if response.status_code != 200:
            raise EngineError(self._refusal(response))
        return decode_audio_bytes(response.content, DECODE_RATE, text, f"speech server {self.url}")

    def _refusal(self, response) -> str:
        detail = _server_message(response)
        status = f"HTTP {response.status_code}" + (f" ({detail})" if detail else "")
        causes = {
            401: "the API key is missing or wrong (set OPENAI_API_KEY)",
            403: "the API key may not use this model or voice",
            404: f"no speech endpoint here (check --base-url) or unknown model {self.model!r}",
        }
        cause = causes.get(
            response.status_code, f"the server refused model {self.model!r} or voice {self.voice!r}"
        )
        return f"speech server {self.url}: {status}. Probable cause: {cause}."


def _server_message(response) -> str:
    """The error message in an OpenAI-style JSON error body, else the start of the text."""
    try:
        payload = response.json()
    except ValueError:
        return " ".join(response.text.split())[:120]
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, dict):
        return str(error.get("message", ""))[:160]
    if isinstance(payload, dict) and "detail" in payload:  # FastAPI servers (Kokoro)
        return str(payload["detail"])[:160]
    return str(error or "")[:160]


def register(registry: EngineRegistry) -> None:
    """Entry point: add the OpenAI-compatible engine to the registry."""
    registry.add(
        "openai",
        OpenAISpeechEngine,
        "OpenAI-compatible speech server (online or self-hosted)",
        list_voices,
    )
