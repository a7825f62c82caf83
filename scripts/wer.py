"""Word error rate of a built episode against its spoken text, heard by pocketsphinx (offline).

Builds the article (default: the sample, examples/ceasefire.txt) into a temporary folder with
the real Piper voice, decodes the MP3 to 16 kHz, splits it at pauses (pocketsphinx's
Segmenter) and recognizes each stretch. The reference is what a listener should hear: the
script's words for each cue with no lexicon (the article's own words, normalized; a lexicon
respelling such as "Poo-tin" is how the voice is told to say "Putin", not a word to hear).

    .venv/bin/python scripts/wer.py [ARTICLE] [--json]

pocketsphinx is a dev tool (the test extras install it). The figure is for comparing builds
of the same article (before and after a change), not an absolute quality score: the jingle
and pocketsphinx's small US English model add errors of their own.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "ceasefire.txt"


def words(text: str) -> list[str]:
    """Lower-case words without punctuation; hyphens split words, apostrophes are dropped."""
    text = re.sub(r"[-‐–—]", " ", text.lower()).replace("'", "").replace("’", "")
    return re.findall(r"[a-z0-9]+", text)


def edit_distance(reference: list[str], heard: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions, insertions, deletions)."""
    previous = list(range(len(heard) + 1))
    for i, ref_word in enumerate(reference, 1):
        current = [i]
        for j, heard_word in enumerate(heard, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != heard_word))
            )
        previous = current
    return previous[-1]


def reference_text(article_path: Path) -> str:
    """The words a listener should hear: each cue's written words (the title, the closing line
    and the rest, as a build with the default settings says them), normalized, no lexicon."""
    from article2audio.pipeline import prepare
    from article2audio.script import speakable

    prepared = prepare(str(article_path))
    lang = prepared.article.meta.get("lang") or "en"
    return " ".join(
        speakable(getattr(cue, "display", "") or cue.text, lang) for cue in prepared.script.cues
    )


def build(article_path: Path, out_dir: Path) -> Path:
    """Build the episode with the real voice (no cache) and return the MP3's path."""
    result = subprocess.run(
        [sys.executable, "-m", "article2audio.cli", "-q", "build", str(article_path), "-o",
         str(out_dir), "--no-cache", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return Path(json.loads(result.stdout)["path"])


def recognize(mp3: Path) -> str:
    """Everything pocketsphinx hears in the file, stretch by stretch between pauses."""
    import imageio_ffmpeg
    from pocketsphinx import Decoder, Segmenter

    pcm = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(mp3), "-ac", "1", "-ar",
         "16000", "-f", "s16le", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    decoder = Decoder(samprate=16000, loglevel="FATAL")
    heard = []
    for segment in Segmenter(sample_rate=16000).segment(io.BytesIO(pcm)):
        decoder.start_utt()
        decoder.process_raw(segment.pcm, full_utt=True)
        decoder.end_utt()
        if decoder.hyp():
            heard.append(decoder.hyp().hypstr)
    return " ".join(heard)


def main() -> None:
    """Print the word error rate (and with --json, the details) for one article."""
    args = [arg for arg in sys.argv[1:] if arg != "--json"]
    article_path = Path(args[0]) if args else SAMPLE
    reference = words(reference_text(article_path))
    with tempfile.TemporaryDirectory(prefix="a2a-wer-") as tmp:
        heard = words(recognize(build(article_path, Path(tmp))))
    errors = edit_distance(reference, heard)
    result = {
        "article": str(article_path),
        "reference_words": len(reference),
        "heard_words": len(heard),
        "errors": errors,
        "wer": round(errors / max(len(reference), 1), 4),
    }
    print(
        json.dumps(result)
        if "--json" in sys.argv
        else f"WER {result['wer']:.1%} ({errors} errors / {len(reference)} words)"
    )


if __name__ == "__main__":
    main()
