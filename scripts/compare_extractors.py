"""Compare article extractors on the HTML fixtures: boilerplate that leaks, prose that is kept.

A developer's check behind the choice of trafilatura in parse/html.py. readability-lxml is a dev
tool only (pip install readability-lxml).

    .venv/bin/python scripts/compare_extractors.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html
import trafilatura
from readability import Document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from article2audio.parse.html import parse_html  # noqa: E402
from article2audio.script import build_script  # noqa: E402
from test_parse_html import BLOG_BOILERPLATE, NEWS_BOILERPLATE  # noqa: E402

CASES = [
    ("blog_post.html", BLOG_BOILERPLATE, ["Owning the mistakes", "steering committee"]),
    ("news_page.html", NEWS_BOILERPLATE, ["What still goes wrong", "in a hurry to get off"]),
]


def extractions(html: str) -> dict[str, str]:
    """The text each extractor keeps from a page."""
    ours = " ".join(cue.text for cue in build_script(parse_html(html)).cues)
    return {
        "readability": lxml.html.fromstring(Document(html).summary()).text_content(),
        "trafilatura": trafilatura.extract(html) or "",
        "article2audio": ours,
    }


def main() -> None:
    """Print one line per fixture and extractor."""
    for name, boilerplate, prose in CASES:
        html = (ROOT / "tests" / "data" / name).read_text(encoding="utf-8")
        for label, text in extractions(html).items():
            leaked = [phrase for phrase in boilerplate if phrase in text]
            kept = all(phrase in text for phrase in prose)
            print(
                f"{name:16} {label:14} leaked {len(leaked):2}/{len(boilerplate)}  prose kept {kept}  {leaked[:4]}"
            )


if __name__ == "__main__":
    main()
