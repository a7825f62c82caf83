"""Shared fixtures: every test isolated from the user's settings and cache, a fake engine for
stage tests, local speech servers."""

from __future__ import annotations

import logging
import os
import shutil
import signal
from pathlib import Path

import numpy as np
import pytest

from article2audio.engines.base import registry
from article2audio.models import Clip
from cluster_engines import RATE, ToneEngine

DATA = Path(__file__).parent / "data"


class FakeEngine(ToneEngine):
    """A tone whose length follows the text (60 ms a character); counts its calls."""

    name = "fake"
    calls: list[str] = []

    def identity(self) -> str:
        return "fake:1"

    def synthesize(self, text: str) -> Clip:
        FakeEngine.calls.append(text)
        return super().synthesize(text)


class TimedFakeEngine(FakeEngine):
    """The fake engine that also says when each word is spoken, as Piper's alignments do: a
    tone per word (60 ms a character) with 40 ms of silence after it."""

    name = "fake-timed"
    GAP = round(RATE * 0.04)

    def identity(self) -> str:
        return "fake-timed:1"

    def synthesize(self, text: str) -> Clip:
        FakeEngine.calls.append(text)
        pieces, words, at = [], [], 0
        for token in text.split():
            word = ToneEngine.synthesize(self, token).samples
            words.append((at, at + len(word)))
            pieces += [word, np.zeros(self.GAP, dtype=np.float32)]
            at += len(word) + self.GAP
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        return Clip(samples, RATE, text, words)


USER_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL")  # besides every ARTICLE2AUDIO_*


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory):
    """No test sees the user's home, XDG folders, ARTICLE2AUDIO_* settings or API keys (module
    fixtures included: they are set up inside this one)."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(variable, str(home / variable.lower()))
        for variable in list(os.environ):
            if variable.startswith("ARTICLE2AUDIO_") or variable in USER_VARIABLES:
                patch.delenv(variable)
        yield


@pytest.fixture(scope="session", autouse=True)
def _ctrl_c_as_in_a_terminal():
    """Ctrl-C reaches the tests and the builds they start, as in a terminal, even when the suite
    itself was started with SIGINT ignored (nohup, a background job of a script): an ignored
    signal stays ignored in every child, and the Ctrl-C tests would see nothing."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """Each test runs in its own empty working folder (no article2audio.toml) with its own
    clip cache, and the logging an in-process CLI run set up is undone after it."""
    cwd = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cwd / "xdg-cache"))
    logger = logging.getLogger("article2audio")
    saved = logger.handlers[:], logger.level, logger.propagate
    yield
    logger.handlers[:], logger.level, logger.propagate = saved[0], saved[1], saved[2]


@pytest.fixture
def fake_engine():
    """The fake engine, registered as 'fake' for this test only, its call log empty."""
    FakeEngine.calls = []
    registry().add("fake", FakeEngine, "test tone")
    registry().add("fake-timed", TimedFakeEngine, "test tone, words timed")
    yield FakeEngine
    registry().remove("fake")
    registry().remove("fake-timed")


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


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One headless Chromium for the whole session; the tests that need it skip without it."""
    from browser import launch_chromium

    yield from launch_chromium(tmp_path_factory)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The repository's sample article built once with the real voice and a base URL: the
    published folder (MP3, pages, feed, transcripts) the page and feed tests read."""
    from sample_site import build_sample

    return build_sample(tmp_path_factory.mktemp("sample"))
