"""Score the parse stage on the real-document corpus, document by document.

    .venv/bin/python scripts/score_corpus.py [CORPUS_DIR]   # default tests/corpus

The rules are in tests/corpus_score.py; tests/test_parse_corpus.py fails below the score
recorded there.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus_score import CORPUS, main  # noqa: E402

if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
