"""Shared fixtures: a fake engine for stage tests, tools to read audio back with ffmpeg."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from article2audio.engines.base import VoiceSettings, registry
from article2audio.models import Clip

DATA = Path(__file__).parent / "data"
FAKE_RATE = 22050


class FakeEngine:
    """A tone whose length follows the text (60 ms a character); counts its calls."""

    name = "fake"
    calls: list[str] = []

    def __init__(self, settings: VoiceSettings) -> None:
        self.settings = settings

    def identity(self) -> str:
        return "fake:1"

    def synthesize(self, text: str) -> Clip:
        FakeEngine.calls.append(text)
        n = int(FAKE_RATE * 0.06 * max(1, len(text)))
        t = np.arange(n) / FAKE_RATE
        tone = 0.4 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
        return Clip(tone.astype(np.float32), FAKE_RATE, text)


@pytest.fixture
def fake_engine():
    """Register the fake engine as 'fake' and reset its call log."""
    registry().add("fake", FakeEngine, "test tone")
    FakeEngine.calls = []
    return FakeEngine


@pytest.fixture
def data_file(tmp_path):
    """Copy a file from tests/data into the test's tmp dir and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copy(DATA / name, target)
        return target

    return copy


@pytest.fixture
def gtts_server():
    """A local server on 127.0.0.1 that plays the gTTS endpoint with real MP3 audio."""
    from speech_server import SpeechServer

    server = SpeechServer("gtts")
    yield server
    server.close()


@pytest.fixture
def openai_server():
    """A local server on 127.0.0.1 that plays /v1/audio/speech with real MP3 audio."""
    from speech_server import SpeechServer

    server = SpeechServer("openai")
    yield server
    server.close()
