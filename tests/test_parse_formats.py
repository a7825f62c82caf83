"""Real-article fixtures in every format: the chapters a person would pick, clean speech."""

from __future__ import annotations

from pathlib import Path

import pytest

from article2audio.language import detect_language
from article2audio.parse import detect_format, parse_article
from article2audio.parse.blocks import CODE_SENTENCE, TABLE_SENTENCE
from article2audio.parse.rst import parse_rst, split_header
from article2audio.script import build_script

DATA = Path(__file__).parent / "data"


def _read(name: str):
    return parse_article((DATA / name).read_text(encoding="utf-8"), filename=name)


def _spoken(article) -> str:
    """What the voice says (the script says inline code and drops its backticks)."""
    return " ".join(cue.text for cue in build_script(article).cues)


# --- reStructuredText ---------------------------------------------------------------------


def test_rst_post_header_title_and_chapters() -> None:
    article = _read("hydrology_post.rst")
    assert article.title == "Counting the Rain with Python"
    assert article.meta["author"] == "Rafael Okonjo"
    assert article.meta["date"] == "2022-11-18"
    assert article.meta["description"].startswith("Reading a decade")
    assert [s.title for s in article.sections] == [
        "Counting the Rain with Python",
        "Getting the data",
        "Reading the files",
        "What we found",
    ]
    assert "\n\nHandling gaps\n\n" in article.sections[2].text


def test_rst_directives_are_not_spoken_verbatim() -> None:
    spoken = _spoken(_read("hydrology_post.rst"))
    for markup in ("import csv", "DictReader", "code-block", "::", "contents", "On this page",
                   "underestimates rainfall", "[1]", "_`", "data.example.gov", ":alt:"):  # fmt: skip
        assert markup not in spoken, markup
    assert CODE_SENTENCE in spoken
    assert "Note: The files before twenty fifteen use local time, not U T C." in spoken
    assert "rather than treat them as zero." in spoken  # footnote marker gone, no stray space
    assert "open data portal." in spoken
    assert "A bar chart of monthly rainfall" in spoken


def test_rst_detected_without_extension() -> None:
    text = (DATA / "hydrology_post.rst").read_text(encoding="utf-8")
    assert detect_format(text, filename="post") == "rst"


def test_rst_docinfo_after_the_title_is_metadata() -> None:
    article = parse_rst(
        "My Title\n========\n\n:Author: Ann Lee\n:Date: 2020-01-02\n\nIntro text.\n\n"
        "Part\n----\n\nBody text.\n"
    )
    assert article.title == "My Title"
    assert article.meta == {"author": "Ann Lee", "date": "2020-01-02"}
    assert [s.title for s in article.sections] == ["My Title", "Part"]
    assert "Ann Lee" not in article.sections[0].text


def test_rst_header_only_when_every_line_is_a_field() -> None:
    assert split_header("Title: A\nDate: 2020\n\nBody")[0] == {"title": "A", "date": "2020"}
    assert split_header("Just a sentence: here it is\nand more\n\nBody")[0] == {}


# --- Markdown -----------------------------------------------------------------------------


def test_french_post_front_matter_and_language() -> None:
    article = _read("french_post.md")
    assert article.title == "Le vélo en ville : dix ans après"
    assert article.meta["lang"] == "fr"
    assert article.meta["description"] == (
        "Dix ans après les premières pistes cyclables, que reste-t-il de la révolution du vélo ?"
    )
    assert article.meta["image"] == "/images/velo-paris.jpg"
    titles = [s.title for s in article.sections]
    assert titles == [
        article.title,
        "Une révolution discrète",
        "Ce qui reste à faire",
        "Conclusion",
    ]
    spoken = _spoken(article)
    assert "percent" not in spoken and " and " not in spoken  # no English words in French
    assert "3 %" in spoken or "3 pour cent" in spoken


def test_setext_readme_chapters_and_no_badge_or_code() -> None:
    article = _read("setext_readme.md")
    assert article.title == "Tidewater"
    assert [s.title for s in article.sections] == [
        "Tidewater",
        "Installation",
        "Usage",
        "How it works",
    ]  # a licence notice is back matter (the corpus READMEs, read by a person)
    spoken = _spoken(article)
    assert "build status" not in spoken and "badge" not in spoken
    assert "make install" not in spoken and "8443970" not in spoken
    assert CODE_SENTENCE in spoken and TABLE_SENTENCE in spoken
    assert "See the full manual for every flag." in spoken


def test_nested_headings_top_level_chapters_only() -> None:
    article = _read("nested_headings.md")
    assert [s.title for s in article.sections] == [
        "A Field Guide to Sourdough",
        "The starter",
        "The dough",
        "Baking",
    ]
    assert "Choosing a flour" in article.sections[1].text
    assert "Reading the dough" in article.sections[2].text
    spoken = _spoken(article)
    assert "this is not a heading" not in spoken and "total_minutes" not in spoken


# --- plain text ---------------------------------------------------------------------------


def test_old_essay_headings_by_layout() -> None:
    article = _read("old_essay.txt")
    assert article.title == "ON THE KEEPING OF NOTEBOOKS"
    assert article.meta["author"] == "M. A. Pennington"
    assert [s.title for s in article.sections] == [
        "ON THE KEEPING OF NOTEBOOKS",
        "I. WHY KEEP A NOTEBOOK AT ALL",
        "II. WHAT GOES IN IT",
        "III. HOW TO FIND THINGS AGAIN",
        "A NOTE ON PENCILS",
    ]
    assert "Copyright (C) 1985" in article.sections[0].text  # kept as text, never a chapter
    assert "Is an index worth the trouble?" in article.sections[3].text
    spoken = _spoken(article)
    assert "- a remark" not in spoken and "a remark overheard" in spoken


def test_question_headings_count_when_the_text_has_no_strong_headings() -> None:
    text = (
        "Title\n\nIntro paragraph that is long enough to be prose.\n\n"
        "Why does it matter?\n\nBecause it does, and here is the reason in full.\n\n"
        "What next?\n\nWe go on, and this paragraph ends the piece.\n"
    )
    article = parse_article(text, fmt="txt")
    assert [s.title for s in article.sections] == ["Title", "Why does it matter?", "What next?"]


# --- language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lang"),
    [("blog_post.html", "en"), ("ceasefire.txt", "en"), ("hydrology_post.rst", "en")],
)
def test_language_is_recorded(name: str, lang: str) -> None:
    assert _read(name).meta["lang"] == lang


def test_language_detection_without_a_declaration() -> None:
    french = (DATA / "french_post.md").read_text(encoding="utf-8").split("---", 2)[2]
    assert detect_language(french) == "fr"
    assert detect_language("Too short to tell.") is None
    german = "Der Hund und die Katze sind nicht in dem Haus, das auf dem Berg steht. " * 3
    assert detect_language(german) == "de"


MARKDOWN_WITH_EXTRAS = """---
title: Notes &amp; Queries
description: |
  First line
  second line
---

# Notes & Queries

Intro with a footnote[^1] and an entity &mdash; plus a <abbr title="x">CSS</abbr> tag.

<!-- a hidden comment -->

<div class="callout">
<p>An <strong>HTML</strong> callout &amp; more.</p>
</div>

<script>alert("no")</script>

## Part one

Energy is $E = mc^2$ where \\(c\\) is the speed of light.

$$
\\int_0^1 x^2 \\, dx
$$

[^1]: The footnote text should not be read.
    Nor its second line.
"""


def test_markdown_html_entities_footnotes_and_math() -> None:
    article = parse_article(MARKDOWN_WITH_EXTRAS, filename="notes.md")
    assert article.title == "Notes & Queries"
    assert article.meta["description"] == "First line second line"
    assert [s.title for s in article.sections] == ["Notes & Queries", "Part one"]
    spoken = _spoken(article)
    for markup in ("[^1]", "footnote text", "second line.", "alert", "hidden comment", "<",
                   "&amp;", "&mdash;", "mc^2", "\\int", "$"):  # fmt: skip
        assert markup not in spoken, markup
    assert "An H T M L callout and more." in spoken
    assert "Energy is a formula where c is the speed of light." in spoken
    assert "A formula is shown in the article." in spoken


def test_back_matter_is_not_a_chapter() -> None:
    text = (
        "# Post\n\nIntro.\n\n## Main point\n\nProse here.\n\n### Detail\n\nMore prose.\n\n"
        "## References\n\n1. Smith 2004.\n2. Jones 1999.\n\n### Online\n\n- a link\n\n"
        "## See also\n\n- [Other post](/other)\n"
    )
    article = parse_article(text, fmt="md")
    assert [s.title for s in article.sections] == ["Post", "Main point"]
    assert "Smith" not in _spoken(article) and "Other post" not in _spoken(article)


def test_deeper_headings_are_listed_as_subheadings() -> None:
    article = _read("nested_headings.md")
    assert [s.subheadings for s in article.sections] == [
        [],
        ["Choosing a flour", "Keeping it alive"],
        ["Bulk fermentation", "Reading the dough", "Shaping"],
        [],
    ]


def test_markdown_callouts_are_read_as_notes() -> None:
    text = (
        "# T\n\nIntro.\n\n> [!NOTE]\n> Keep the lid closed.\n\n"
        '!!! warning "Hot"\n    The pot is hot.\n\n    Really hot.\n\nEnd.\n'
    )
    spoken = _spoken(parse_article(text, fmt="md"))
    assert "Note: Keep the lid closed." in spoken
    assert "Warning: The pot is hot. Really hot." in spoken
    assert "[!" not in spoken and "!!!" not in spoken and CODE_SENTENCE not in spoken


def test_rst_sphinx_roles_keep_their_words_and_directives_stay_silent() -> None:
    article = _read("sphinx_page.rst")
    assert article.title == "Sphinx things"  # the header's Title: is document metadata
    assert [s.title for s in article.sections] == ["Sphinx things", "Setup"]
    spoken = _spoken(article)
    assert "See installation and usage, or call parse with x equals one. Press Control C." in spoken
    for markup in (":ref:", "`", "toctree", "maxdepth", "automodule", "members", "youtube",
                   "abc123", "mc^2", "A citation", "Smith2004", "|version|"):  # fmt: skip
        assert markup not in spoken, markup
    assert "Install with pip install x one point two today." in spoken
    assert "A formula is shown in the article." in spoken


def test_hugo_toml_front_matter_and_a_differently_worded_h1() -> None:
    text = (DATA / "hugo_post.md").read_text(encoding="utf-8")
    assert detect_format(text, filename="index") == "md"
    article = _read("hugo_post.md")
    assert article.title == "Field notes from a night ferry"
    assert article.meta["author"] == "Mara Lind"
    assert article.meta["date"].startswith("2024-10-12")
    assert article.meta["description"].startswith("Eleven hours")
    assert article.meta["image"] == "/img/ferry.jpg"
    # the lone H1 "Night ferry: field notes" is the title, so the H2s are the chapters
    assert [s.title for s in article.sections] == [
        "Field notes from a night ferry",
        "Boarding",
        "The archipelago",
        "Arrival",
    ]
    assert "Night ferry: field notes" not in _spoken(article)
    assert "+++" not in _spoken(article) and "draft" not in _spoken(article)


def test_yaml_front_matter_aliases_prefer_the_canonical_key() -> None:
    text = "---\ntitle: T\nsummary: from summary\ndescription: from description\n---\n\nBody.\n"
    assert parse_article(text, fmt="md").meta["description"] == "from description"


def test_plain_text_underlined_headings_and_rule_lines() -> None:
    text = (
        "A Plain Report\n==============\n\nIntro paragraph here, explaining things.\n\n"
        "Background\n----------\n\nSome background text follows here.\n\n* * *\n\n"
        "More background text.\n\nWhat we did\n-----------\n\nWe did things.\n"
    )
    article = parse_article(text, filename="report.txt")
    assert article.title == "A Plain Report"
    assert [s.title for s in article.sections] == ["A Plain Report", "Background", "What we did"]
    spoken = _spoken(article)
    assert "===" not in spoken and "---" not in spoken and "* * *" not in spoken
    assert "Some background text follows here. More background text." in spoken


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("Just a paragraph of reST text with *emphasis* and no title at all.\n\nMore.\n", "rst"),
        ("<html><body><p>Just a paragraph of reST text with emphasis and no title at all, "
         "and more words.</p></body></html>", "html"),
    ],
)  # fmt: skip
def test_an_article_without_any_title_is_named_after_its_first_words(text: str, fmt: str) -> None:
    article = parse_article(text, fmt=fmt)
    assert article.title == "Just a paragraph of reST text with emphasis…"
    assert [s.title for s in article.sections] == [article.title]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("page.rst.txt", "rst"), ("notes.md.txt", "md"), ("v1.2.txt", "txt"), ("a.shtml", "html")],
)
def test_double_extensions(name: str, fmt: str) -> None:
    assert detect_format("plain words", filename=name) == fmt


def test_github_readme_with_html_header_badges_and_toc() -> None:
    article = _read("github_readme.md")
    assert article.title == "Loom"
    assert [s.title for s in article.sections] == [
        "Loom",
        "Install",
        "Quick start",
        "Contributing",
    ]  # "License" is back matter at the end
    spoken = _spoken(article)
    for phrase in ("logo", "CI", "PyPI", "shields", "Table of Contents", "pip install", "<"):
        assert phrase not in spoken, phrase
    assert spoken.startswith("Loom. Loom weaves") or spoken.startswith("Loom Loom weaves")
    assert "You can pin versions with dash dash lock." in spoken  # `--lock`, said as code


def test_jekyll_and_hugo_template_tags_are_not_spoken() -> None:
    text = (
        "---\ntitle: Liquid\n---\n\nIntro {{ site.url }} text.\n\n"
        '{% include note.html content="hidden" %}\n\n{{< figure src="a.png" caption="A cat" >}}\n\n'
        "## Part\n{: .lead}\n\nBody {% raw %}here{% endraw %}.\n"
    )
    article = parse_article(text, fmt="md")
    assert [s.title for s in article.sections] == ["Liquid", "Part"]
    assert _spoken(article) == "Liquid Intro text. Part Body here."


def test_template_lang_attribute_gives_way_to_plainly_french_text() -> None:
    body = (DATA / "french_post.md").read_text(encoding="utf-8").split("---", 2)[2]
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if not p.startswith("#"))
    page = f"<html lang='en'><head><title>Le vélo</title></head><body><article>{paragraphs}</article></body></html>"
    assert parse_article(page, fmt="html").meta["lang"] == "fr"
    english = "<p>" + "The cat sat on the mat and it was happy with that. " * 5 + "</p>"
    page = f"<html lang='en'><head><title>Cat</title></head><body><article>{english}</article></body></html>"
    assert parse_article(page, fmt="html").meta["lang"] == "en"
