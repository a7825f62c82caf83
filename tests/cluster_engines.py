"""Test engines: a tone per cue (the fake engine of conftest is one), and for the cluster
tests engines that Dask workers can import (the tests folder is on the path of the processes
a LocalCluster spawns), handed to them as engines registered at run time."""

from __future__ import annotations

import os
import socket
import threading

import numpy as np

from article2audio.engines.base import VoiceSettings, registry
from article2audio.models import Clip

RATE = 22050
STALL_PORT = "A2A_TEST_STALL_PORT"  # where the stalling engine reports its worker's pid
STALL_MARKER = "A2A_TEST_STALL_MARKER"  # the file that makes it stall only once in the batch
STALL_WORD = "Stall"  # it stalls on a cue containing this word


class ToneEngine:
    """A tone whose length follows the text (60 ms a character)."""

    name = "tone"

    def __init__(self, settings: VoiceSettings) -> None:
        self.settings = settings

    def identity(self) -> str:
        return "tone:1"

    def synthesize(self, text: str) -> Clip:
        n = int(RATE * 0.06 * max(1, len(text)))
        t = np.arange(n) / RATE
        tone = 0.4 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
        return Clip(tone.astype(np.float32), RATE, text)


class StallOnceEngine(ToneEngine):
    """The tone engine, except that the first worker to speak a cue with STALL_WORD in it
    tells the test its pid and then waits for ever: the test kills it mid-article."""

    name = "stall-once"

    def identity(self) -> str:
        return "stall-once:1"

    def synthesize(self, text: str) -> Clip:
        if STALL_WORD in text and _first_to_claim(os.environ[STALL_MARKER]):
            port = int(os.environ[STALL_PORT])
            with socket.create_connection(("127.0.0.1", port)) as connection:
                connection.sendall(str(os.getpid()).encode())
            threading.Event().wait()  # until the test kills this process
        return super().synthesize(text)


def _first_to_claim(marker: str) -> bool:
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def register_all() -> None:
    """Add the engines to this process's registry (at run time, so a cluster hands them on)."""
    registry().add("tone", ToneEngine, "test tone")
    registry().add("stall-once", StallOnceEngine, "test tone that stalls once")
