"""How even the voice is in a finished episode: each spoken cue's loudness, from the MP3.

Reads EPISODE.mp3 and the transcript beside it (EPISODE.vtt), meters every cue at the
transcript's times with ffmpeg's EBU R128 meter (400 ms blocks, gated as BS.1770 gates a
programme) and prints how much neighbouring cues differ: the 90th percentile, the largest
step, the spread (sd) of the cue levels, how many steps pass 3 LU. The same check as
tests/test_e2e.py's on the sample episode.

    .venv/bin/python scripts/evenness.py output/EPISODE.mp3 [--json] [--cues]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from audio_checks import cue_loudness, neighbour_steps, transcript_cues  # noqa: E402


def main() -> None:
    """Print the neighbouring-cue loudness steps of one episode."""
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    mp3 = Path(args[0])
    cues = transcript_cues(mp3.with_suffix(".vtt").read_text(encoding="utf-8"))
    levels = cue_loudness(mp3, [(start, end) for start, end, _ in cues])
    steps = neighbour_steps(levels)
    if "--cues" in sys.argv:
        for (start, end, words), level in zip(cues, levels, strict=True):
            print(f"{start:8.2f} {end:8.2f} {level:6.1f}  {words[:60]}")
    if "--json" in sys.argv:
        print(json.dumps({**steps, "lowest": min(levels), "highest": max(levels)}))
    else:
        print(
            f"{len(cues)} cues, {steps['pairs']} neighbouring pairs: steps p90 {steps['p90']:.2f} LU, "
            f"max {steps['max']:.2f} LU, {steps['over_3']} over 3 LU; levels sd {steps['sd']:.2f} LU, "
            f"{min(levels):.1f} to {max(levels):.1f} LUFS"
        )


if __name__ == "__main__":
    main()
