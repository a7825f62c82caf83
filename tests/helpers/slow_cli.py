"""Run the article2audio CLI with an extra 'slow' test engine (a tone, 0.15 s per cue).

Each synthesized text is appended to $SLOW_ENGINE_LOG so tests can count what was spoken, and
a byte is written to the file descriptor $SLOW_ENGINE_NOTIFY_FD (a pipe), if given, so a test
can wait for the build to get somewhere without polling. With $SLOW_ENGINE_GATE_FD (a pipe), a
byte is read from it before each cue is spoken: the test holds the build where it wants it, and
closing the pipe lets it run to the end.
$SLOW_EARLY_START_S sets how much audio the early encode waits for (early_encode).
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from article2audio.cli import main
from article2audio.engines.base import VoiceSettings, registry
from article2audio.models import Clip

RATE = 22050


class SlowEngine:
    """Speaks a short tone per cue, slowly enough to be interrupted mid-build."""

    name = "slow"

    def __init__(self, settings: VoiceSettings) -> None:
        self.settings = settings

    def identity(self) -> str:
        return "slow:1"

    def synthesize(self, text: str) -> Clip:
        if os.environ.get("SLOW_ENGINE_GATE_FD"):
            os.read(int(os.environ["SLOW_ENGINE_GATE_FD"]), 1)  # b"" once the test closed it
        time.sleep(float(os.environ.get("SLOW_ENGINE_DELAY", "0.15")))
        with open(os.environ["SLOW_ENGINE_LOG"], "a", encoding="utf-8") as log:
            log.write(text.replace("\n", " ") + "\n")
        if os.environ.get("SLOW_ENGINE_NOTIFY_FD"):
            os.write(int(os.environ["SLOW_ENGINE_NOTIFY_FD"]), b".")
        n = int(RATE * 0.03 * max(1, len(text)))
        tone = 0.3 * np.sin(2 * np.pi * 180 * np.arange(n) / RATE)
        return Clip(tone.astype(np.float32), RATE, text)


if __name__ == "__main__":
    registry().add("slow", SlowEngine, "test engine")
    if "SLOW_EARLY_START_S" in os.environ:  # let the early encode run on this short article
        import dataclasses

        from article2audio import early_encode

        start = float(os.environ["SLOW_EARLY_START_S"])
        early_encode.DEFAULT_POLICY = dataclasses.replace(
            early_encode.DEFAULT_POLICY, start_audio_s=start
        )
    sys.argv[0] = "article2audio"
    main()
