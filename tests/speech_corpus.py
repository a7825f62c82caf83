"""Score the script stage on a corpus of tricky tokens in context (tests/corpus/speech/*.jsonl).

Each line: {"id", "kind", "class", "sentence", "token", "spoken": [acceptable readings]}. A
line passes when the spoken text the script stage makes of the sentence, folded (lower case,
hyphens as spaces, other punctuation dropped), contains one of the readings, folded the same
way, as whole words.

    .venv/bin/python tests/speech_corpus.py [--fails] [FILE.jsonl ...]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from article2audio.models import Article, Section
from article2audio.script import build_script

CORPUS = Path(__file__).parent / "corpus" / "speech"


def fold(text: str) -> str:
    """Lower case, hyphens as spaces, punctuation dropped, spaces collapsed."""
    text = re.sub(r"[-‐‑–—]", " ", text.lower())
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


def spoken_text(sentence: str, lang: str = "en") -> str:
    """What the script stage gives the voice for one sentence, cues joined."""
    article = Article("T", [Section("T", 1, sentence)], {"lang": lang})
    return " ".join(cue.text for cue in build_script(article).cues[1:])


def load(paths: list[Path]) -> list[dict]:
    """Every corpus line of the given files."""
    return [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def passes(row: dict) -> bool:
    """Whether the spoken text of a row's sentence contains one of its readings."""
    heard = f" {fold(spoken_text(row['sentence'], row.get('lang', 'en')))} "
    return any(f" {fold(reading)} " in heard for reading in row["spoken"])


def score(rows: list[dict]) -> tuple[float, dict[str, tuple[int, int]], list[dict]]:
    """Overall share passed, (passed, total) per class, and the failing rows."""
    by_class: Counter[str] = Counter()
    passed_by_class: Counter[str] = Counter()
    failures = []
    for row in rows:
        by_class[row["class"]] += 1
        if passes(row):
            passed_by_class[row["class"]] += 1
        else:
            failures.append(row)
    per_class = {name: (passed_by_class[name], total) for name, total in by_class.items()}
    return 1 - len(failures) / max(len(rows), 1), per_class, failures


def main() -> None:
    """Print the score per class (and with --fails, each failing line)."""
    args = [arg for arg in sys.argv[1:] if arg != "--fails"]
    paths = [Path(arg) for arg in args] or sorted(CORPUS.glob("*.jsonl"))
    total, per_class, failures = score(load(paths))
    for name, (passed, count) in sorted(per_class.items()):
        print(f"{name:<22}{passed:>4}/{count:<4}{passed / count:>7.1%}")
    print(
        f"{'all':<22}{sum(p for p, _ in per_class.values()):>4}/{sum(c for _, c in per_class.values()):<4}{total:>7.1%}"
    )
    if "--fails" in sys.argv:
        for row in failures:
            print(f"\n{row['id']} [{row['class']}] {row['token']!r} -> {row['spoken']}")
            print(f"  {spoken_text(row['sentence'], row.get('lang', 'en'))}")


if __name__ == "__main__":
    main()
