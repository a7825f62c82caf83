"""Speak sentences with the real Piper voice and transcribe them with pocketsphinx.

A developer's check of how the voice reads numbers, dates, times and symbols, before and after
the Script stage's normalization (with the default lexicon, as a build does). pocketsphinx is a dev tool only (pip install pocketsphinx).

    .venv/bin/python scripts/listen.py                  # the built-in sentences
    .venv/bin/python scripts/listen.py "It costs $5."   # your own
"""

from __future__ import annotations

import sys

import numpy as np

from article2audio.engines.base import VoiceSettings
from article2audio.engines.piper import PiperEngine
from article2audio.models import Article, Section
from article2audio.script import build_script

SENTENCES = [
    "The meeting is at 7:42 p.m. on 3 August 2019.",
    "It happened in 1975 and again in 2024.",
    "The train leaves at 19:42 and arrives at 08:51.",
    "Prices rose 27% to $45,000 in the 1990s.",
    "Read chapter 3 on page 12, e.g. the 2nd and 21st lines.",
    "We measured 24 °C and 5 km on March 14, 2024.",
    "There were 87,600 rows and 3.5 million users.",
    "Dr. Anthony Fauci spoke at 2 p.m. ET about the U.S. plan.",
    "The Fed held rates at 5.25%-5.50% and bitcoin fell to $67,000, down 3%.",
    "A $3.5 billion merger priced shares at $1.40.",
    "The result held at p < 0.05 with 10^-9 m resolution.",
    "Throughput reached 500 MB/s and 1,024 req/s on the 2024-03-15 build.",
    "King Charles III met Putin's envoy after WWII talks.",
    "Edit `~/.config/app.toml` and run `make`, then install v2.3.1.",
]


def to_16k(samples: np.ndarray, rate: int) -> bytes:
    """Float samples at `rate` -> 16 kHz 16-bit mono bytes (linear interpolation)."""
    length = int(len(samples) * 16000 / rate)
    resampled = np.interp(
        np.linspace(0, len(samples) - 1, length), np.arange(len(samples)), samples
    )
    return (np.clip(resampled, -1, 1) * 32767).astype("<i2").tobytes()


def transcribe(pcm: bytes) -> str:
    """Recognize 16 kHz speech with pocketsphinx's bundled US English model."""
    from pocketsphinx import Decoder

    decoder = Decoder(samprate=16000)
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    return decoder.hyp().hypstr if decoder.hyp() else ""


def main() -> None:
    """Print, for each sentence: the text, what the voice is given, what was heard."""
    engine = PiperEngine(VoiceSettings())
    for sentence in sys.argv[1:] or SENTENCES:
        script = build_script(Article("T", [Section("T", 1, sentence)]))
        spoken = " ".join(cue.text for cue in script.cues[1:])
        for label, text in (("raw", sentence), ("spoken", spoken)):
            clip = engine.synthesize(text)
            print(f"{label:>6}: {text}\n  heard: {transcribe(to_16k(clip.samples, clip.rate))}")
        print()


if __name__ == "__main__":
    main()
