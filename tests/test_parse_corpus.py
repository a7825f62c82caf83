"""The parse stage on real documents: the corpus in tests/corpus/, scored document by document.

Each folder holds a document from a real site generator or format (Sphinx, MkDocs,
Docusaurus, Hugo, Jekyll, WordPress, Blogger, MediaWiki, READMEs, PEPs, RFCs, Gutenberg,
AsciiDoc, MDX) and the title and chapters a person reading it wrote down (expected.json;
sources and licences in tests/corpus/SOURCES.md). The rules of the score are in
corpus_score.py; `scripts/score_corpus.py` prints it.
"""

from __future__ import annotations

from functools import cache

import pytest

from corpus_score import Result, documents
from corpus_score import score_document as score_uncached

# Documents that do not yet split as a person would, and why (see the closing note of issue 12).
KNOWN_FAILURES: dict[str, str] = {}
MIN_PASSED = 34

DOCUMENTS = documents()


@cache
def score_document(folder) -> Result:
    """Each document is parsed once for both tests."""
    return score_uncached(folder)


@pytest.mark.parametrize("folder", DOCUMENTS, ids=[folder.name for folder in DOCUMENTS])
def test_document_splits_as_a_person_would(folder) -> None:
    result = score_document(folder)
    if folder.name in KNOWN_FAILURES:
        pytest.xfail(KNOWN_FAILURES[folder.name])
    assert result.passed, "\n".join(result.problems)


def test_corpus_score_does_not_drop() -> None:
    results = [score_document(folder) for folder in DOCUMENTS]
    passed = [result.name for result in results if result.passed]
    assert len(DOCUMENTS) >= 30
    assert len(passed) >= MIN_PASSED, f"{len(passed)}/{len(results)}: {sorted(passed)}"
