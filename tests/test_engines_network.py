"""gTTS and OpenAI-compatible engines against a local server that plays their endpoints."""

from __future__ import annotations

import pytest

from article2audio.engines.base import VoiceSettings
from article2audio.engines.gtts import API_PATH, GttsEngine, endpoint_url
from article2audio.engines.openai_compat import OpenAISpeechEngine, speech_url
from article2audio.errors import EngineError, InputError, NetworkError
from clocks import FakeClock
from speech_server import Behaviour, SpeechServer, expected_seconds

SENTENCE = "Bees are thriving on city rooftops"


def _gtts(server: SpeechServer, **settings) -> GttsEngine:
    return GttsEngine(VoiceSettings(base_url=server.url, **settings))


def _openai(server: SpeechServer, **settings) -> OpenAISpeechEngine:
    return OpenAISpeechEngine(VoiceSettings(base_url=server.url, **settings))


def _seconds(clip) -> float:
    return len(clip.samples) / clip.rate


# --- gTTS ---


def test_gtts_speaks_a_sentence_as_decoded_mp3(gtts_server):
    clip = _gtts(gtts_server).synthesize(SENTENCE + ".")
    [request] = gtts_server.requests
    assert request.path == API_PATH
    assert request.text.startswith(SENTENCE)
    text, lang, slow, _ = request.payload
    assert lang == "en" and slow is None
    assert "translate.google.com" in request.headers["Referer"]
    assert clip.rate == 24000 and clip.text == SENTENCE + "."
    assert _seconds(clip) == pytest.approx(expected_seconds(request.text), abs=0.08)
    assert 0.1 < float(abs(clip.samples).max()) <= 1.0  # a real tone, not silence


def test_gtts_long_sentence_is_sent_in_parts_and_joined_in_order(gtts_server):
    long_text = (
        "The city council voted on Tuesday to plant wildflowers along every new cycle lane, "
        "and the beekeepers who asked for it were in the public gallery to hear the result."
    )
    clip = _gtts(gtts_server).synthesize(long_text)
    parts = gtts_server.spoken()
    assert len(parts) == 2 and all(len(p) <= 100 for p in parts)
    assert parts[0].startswith("The city council") and parts[1].endswith("the result.")
    total = sum(expected_seconds(p) for p in parts)
    assert _seconds(clip) == pytest.approx(total, abs=0.15)


def test_gtts_language_accent_and_slow_mode(gtts_server):
    engine = _gtts(gtts_server, lang="fr-FR", voice="ca", speed=0.75)
    engine.synthesize("Bonjour à tous")
    _, lang, slow, _ = gtts_server.requests[0].payload
    assert lang == "fr" and slow is True
    assert engine.identity() != _gtts(gtts_server, lang="fr").identity()  # accent, speed differ
    assert endpoint_url(None, "co.uk") == f"https://translate.google.co.uk{API_PATH}"


def test_gtts_refuses_unknown_languages_and_accents():
    with pytest.raises(InputError, match="does not speak language 'xx'"):
        GttsEngine(VoiceSettings(lang="xx"))
    with pytest.raises(InputError, match="accent"):
        GttsEngine(VoiceSettings(voice="../etc"))


def test_gtts_rate_limit_then_success(gtts_server):
    gtts_server.script = [Behaviour(status=429, retry_after="0"), Behaviour(status=503)]
    clip = _gtts(gtts_server, give_up_after=10).synthesize(SENTENCE)
    assert gtts_server.attempts == 3 and _seconds(clip) > 0.5


def test_gtts_persistent_server_errors_give_up_suggesting_piper(gtts_server):
    gtts_server.script = [Behaviour(status=500)] * 100
    engine = _gtts(gtts_server, give_up_after=1.5)
    engine.http.clock = clock = FakeClock()  # its waits, without waiting
    with pytest.raises(NetworkError) as caught:
        engine.synthesize(SENTENCE)
    assert clock.elapsed <= 1.5 and gtts_server.attempts >= 2  # retried, within --give-up-after
    assert "HTTP 500" in str(caught.value) and "--engine piper" in str(caught.value)


def test_gtts_hanging_server_times_out(gtts_server):
    gtts_server.script = [Behaviour(hang_s=4)] * 10
    with pytest.raises(NetworkError) as caught:
        _gtts(gtts_server, give_up_after=1.0).synthesize(SENTENCE)
    assert gtts_server.attempts <= 2  # it gave up within its second, not after the hangs
    assert caught.value.kind == "timeout"


def test_gtts_answer_without_audio_is_an_engine_error(gtts_server):
    gtts_server.script = [Behaviour(body=b")]}'\n\n[]")]
    with pytest.raises(EngineError, match="no audio"):
        _gtts(gtts_server).synthesize(SENTENCE)


# --- OpenAI-compatible ---


def test_openai_posts_the_speech_request_and_decodes_mp3(openai_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    engine = _openai(openai_server, voice="nova", model="tts-1-hd", speed=1.25)
    clip = engine.synthesize(SENTENCE)
    [request] = openai_server.requests
    assert request.path == "/v1/audio/speech"
    assert request.payload == {
        "model": "tts-1-hd",
        "input": SENTENCE,
        "voice": "nova",
        "response_format": "mp3",
        "speed": 1.25,
    }
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert sk_not_in(engine.identity())
    assert _seconds(clip) == pytest.approx(expected_seconds(SENTENCE), abs=0.08)


def sk_not_in(identity: str) -> bool:
    """The API key never becomes part of a cache key."""
    return "sk-test" not in identity


def test_openai_without_key_talks_to_a_local_server_without_auth(openai_server, monkeypatch):
    for variable in ("OPENAI_API_KEY", "ARTICLE2AUDIO_OPENAI_API_KEY"):
        monkeypatch.delenv(variable, raising=False)
    _openai(openai_server).synthesize("Hello")
    request = openai_server.requests[0]
    assert "Authorization" not in request.headers
    assert request.payload["model"] == "tts-1" and request.payload["voice"] == "alloy"
    assert "speed" not in request.payload


def test_openai_needs_a_key_for_openai_itself(monkeypatch):
    for variable in ("OPENAI_API_KEY", "ARTICLE2AUDIO_OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(InputError, match="OPENAI_API_KEY"):
        OpenAISpeechEngine(VoiceSettings())


def test_speech_url_accepts_base_urls_with_or_without_v1():
    assert speech_url("http://h:8880") == "http://h:8880/v1/audio/speech"
    assert speech_url("http://h:8880/v1/") == "http://h:8880/v1/audio/speech"
    assert speech_url("http://h/v1/audio/speech") == "http://h/v1/audio/speech"


def test_openai_refusals_say_why_without_retrying(openai_server):
    openai_server.script = [Behaviour(status=401)]
    with pytest.raises(EngineError, match="OPENAI_API_KEY"):
        _openai(openai_server).synthesize("Hello")
    openai_server.script = [
        Behaviour(status=400, body=b'{"error": {"message": "voice bogus is not available"}}')
    ]
    with pytest.raises(EngineError, match="voice bogus is not available"):
        _openai(openai_server, voice="bogus").synthesize("Hello")
    assert openai_server.attempts == 2  # one try each


def test_openai_rate_limit_then_success(openai_server):
    openai_server.script = [Behaviour(status=429, retry_after="0.2")]
    clip = _openai(openai_server, give_up_after=5).synthesize("Hello there")
    assert openai_server.attempts == 2 and _seconds(clip) > 0.3


def test_openai_garbage_audio_is_an_engine_error(openai_server):
    openai_server.script = [Behaviour(body=b"<html>not audio</html>")]
    with pytest.raises(EngineError, match="cannot decode"):
        _openai(openai_server).synthesize("Hello")


@pytest.mark.parametrize("engine", [GttsEngine, OpenAISpeechEngine])
def test_a_server_url_without_http_is_refused(engine):
    with pytest.raises(InputError, match="not an http"):
        engine(VoiceSettings(base_url="localhost:8880"))


def test_gtts_region_of_the_language_picks_the_accent():
    assert GttsEngine(VoiceSettings(lang="en-GB")).tld == "co.uk"
    assert GttsEngine(VoiceSettings(lang="pt_BR")).tld == "com.br"
    assert GttsEngine(VoiceSettings(lang="en-GB", voice="com.au")).tld == "com.au"  # --voice wins
    assert GttsEngine(VoiceSettings(lang="de")).tld == "com"
    assert GttsEngine(VoiceSettings(lang="fr-CA")).lang == "fr-CA"  # gTTS's own code
