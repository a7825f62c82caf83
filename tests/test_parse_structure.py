"""The failure patterns of issue 12, one small document each: title, chapters, furniture, drops."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from article2audio.cli import cli
from article2audio.parse import StructureOptions, parse_article, read_article
from article2audio.script import build_script

PARAGRAPH = "This paragraph has enough words in it to be read as a real part of the article. " * 3


def _titles(article) -> list[str]:
    return [section.title for section in article.sections]


def _spoken(article) -> str:
    """What the voice says of the article's text (the script says inline code and drops its
    backticks); the opening title cue, with its "by AUTHOR", is the title's, checked apart."""
    return " ".join(cue.text for cue in build_script(article).cues if cue.kind != "title")


# --- site chrome taken for the article ----------------------------------------------------


def test_docs_page_whose_h1_is_the_site_name() -> None:
    page = (
        "<html><head><title>How it works [Acme Docs]</title></head><body>"
        "<h1><a href='/'>Acme Docs</a></h1><div class='content'><h2>How it works</h2>"
        f"<p>{PARAGRAPH}</p><h3>Input</h3><p>{PARAGRAPH}</p><h3>Output</h3><p>{PARAGRAPH}</p>"
        "</div></body></html>"
    )
    reading = read_article(page, fmt="html")
    assert reading.article.title == "How it works"
    assert _titles(reading.article) == ["How it works", "Input", "Output"]
    assert "Acme Docs" not in _spoken(reading.article)
    assert any("home page" in drop.reason for drop in reading.explanation.dropped)


def test_site_name_longer_than_the_page_name_is_cut_from_the_title() -> None:
    page = (
        "<html><head><title>Closures - The Very Long Name of an Online Book</title></head><body>"
        f"<main><h1>Closures</h1><p>{PARAGRAPH}</p><h2>Capturing</h2><p>{PARAGRAPH}</p>"
        f"<h2>Moving</h2><p>{PARAGRAPH}</p></main></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert article.title == "Closures"
    assert _titles(article) == ["Closures", "Capturing", "Moving"]


def test_sidebar_that_repeats_every_section_and_blog_widgets_are_not_spoken() -> None:
    page = (
        "<html><head><meta property='og:title' content='A post'></head><body>"
        "<div class='sphinxsidebar'><h3>Contents</h3><ul><li><a href='#one'>One</a></li>"
        "<li><a href='#two'>Two</a></li><li><a href='#three'>Three</a></li></ul></div>"
        f"<div class='post'><h3 class='post-title'>A post</h3><p>{PARAGRAPH}</p>"
        f"<h2 id='one'>One</h2><p>{PARAGRAPH}</p><h2 id='two'>Two</h2><p>{PARAGRAPH}</p></div>"
        "<div class='widget PopularPosts'><h2>Popular posts</h2><ul><li><a href='/x'>Old post"
        "</a></li></ul></div><div class='edit-this-page'><a href='/edit'>Edit this page</a></div>"
        "</body></html>"
    )
    article = parse_article(page, fmt="html")
    assert _titles(article) == ["A post", "One", "Two"]
    spoken = _spoken(article)
    for furniture in ("Popular posts", "Old post", "Edit this page", "Three"):
        assert furniture not in spoken


# --- heading levels that do not fit one rule ---------------------------------------------


def test_title_and_sections_all_h1() -> None:
    text = f"# The post\n\n{PARAGRAPH}\n\n# First part\n\n{PARAGRAPH}\n\n# Second part\n\n{PARAGRAPH}\n"
    article = parse_article(text, fmt="md")
    assert article.title == "The post"
    assert _titles(article) == ["The post", "First part", "Second part"]


def test_front_matter_title_one_h1_and_h3_sections_without_h2() -> None:
    text = (
        f"---\ntitle: Notes on rivers\n---\n\n# Rivers\n\n{PARAGRAPH}\n\n### Sources\n\n"
        f"{PARAGRAPH}\n\n### Mouths\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, fmt="md")
    assert article.title == "Notes on rivers"
    assert _titles(article) == ["Notes on rivers", "Sources", "Mouths"]


def test_readme_whose_first_h1_comes_half_way_keeps_it_as_a_chapter() -> None:
    text = (
        '<p align="center"><img src="logo.png" alt="Quill"></p>\n\n'
        f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n# Installation\n\n{PARAGRAPH}\n\n## From source\n\n"
        f"{PARAGRAPH}\n\n# Usage\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert article.title == "Quill"
    assert _titles(article) == ["Quill", "Installation", "Usage"]


def test_chapter_level_and_title_can_be_forced() -> None:
    text = f"# T\n\n{PARAGRAPH}\n\n## A\n\n{PARAGRAPH}\n\n### A1\n\n{PARAGRAPH}\n\n## B\n\n{PARAGRAPH}\n"
    options = StructureOptions(title="My episode", chapter_level=3)
    reading = read_article(text, fmt="md", options=options)
    assert reading.article.title == "My episode"
    assert _titles(reading.article) == ["My episode", "A", "A1", "B"]
    assert reading.explanation.level_reason == "--chapter-level"


# --- metadata headers -------------------------------------------------------------------


def test_rst_key_value_header_before_the_title_is_metadata() -> None:
    text = (
        "public: yes\ntags: [rivers, maps]\nsummary: |\n  Where rivers start.\n\n"
        f"River sources\n=============\n\n{PARAGRAPH}\n\nSprings\n-------\n\n{PARAGRAPH}\n\n"
        f"Glaciers\n--------\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, fmt="rst")
    assert article.title == "River sources"
    assert article.meta["description"] == "Where rivers start."
    assert _titles(article) == ["River sources", "Springs", "Glaciers"]
    assert "public" not in _spoken(article) and "rivers, maps" not in _spoken(article)


def test_pep_header_gives_the_title_and_is_not_spoken() -> None:
    text = (
        "PEP: 9999\nTitle: Frobnicate the Widgets\nAuthor: A. Person <a@example.org>,\n"
        "        B. Person <b@example.org>\nStatus: Draft\nCreated: 01-Jan-2024\n"
        f"Post-History: 02-Jan-2024\n\n\nAbstract\n========\n\n{PARAGRAPH}\n\n"
        f"Rationale\n=========\n\n{PARAGRAPH}\n\nCopyright\n=========\n\n"
        "This document is placed in the public domain.\n"
    )
    article = parse_article(text, filename="pep-9999.rst")
    assert article.title == "Frobnicate the Widgets"
    assert article.meta["author"] == "A. Person, B. Person"
    assert _titles(article) == ["Abstract", "Rationale"]
    assert "Post-History" not in _spoken(article) and "public domain" not in _spoken(article)


def test_hugo_heading_attributes_and_shortcodes_stay_out_of_chapter_names() -> None:
    text = (
        '+++\ntitle = "Markup"\n+++\n\n## Goldmark {#goldmark}\n\n{{< new-in 0.1 />}}\n\n'
        f'{PARAGRAPH}\n\n## Highlight {{.note}}\n\n{{{{% include "x.md" %}}}}\n\n{PARAGRAPH}\n'
    )
    article = parse_article(text, fmt="md")
    assert _titles(article) == ["Goldmark", "Highlight"]
    assert "{" not in _spoken(article) and "new-in" not in _spoken(article)


# --- markup left in the text ------------------------------------------------------------


def test_mdx_imports_jsx_comments_and_admonitions() -> None:
    text = (
        "---\ntitle: Launch\n---\n\nimport Tabs from '@theme/Tabs';\nexport const x = {a: 1};\n\n"
        f"{PARAGRAPH}\n\n{{/* truncate */}}\n\n<TweetQuote author={{{{name: 'a'}}}}>\n\n"
        "Quoted words stay.\n\n</TweetQuote>\n\n:::tip Pro tip\nRead the docs first.\n:::\n\n"
        "## Details\n\n<Tabs><TabItem value='a'>Tab text.</TabItem></Tabs>\n"
    )
    article = parse_article(text, filename="launch.mdx")
    assert _titles(article) == ["Launch", "Details"]
    spoken = _spoken(article)
    assert "Quoted words stay." in spoken and "Tip: Read the docs first." in spoken
    assert "Tab text." in spoken
    for markup in ("import", "export", "truncate", "TweetQuote", ":::", "{", "<", "Pro tip"):
        assert markup not in spoken, markup


def test_bold_inside_an_html_block_and_br_at_line_ends() -> None:
    text = '# T\n\n<div align="center">\n**Fast** and [small](https://x.org)<br/>\n</div>\n\nOne<br/>\ntwo.\n'
    spoken = _spoken(parse_article(text, fmt="md"))
    assert "Fast and small" in spoken and "One two." in spoken
    assert "*" not in spoken and "<" not in spoken


def test_rfc_page_furniture_numbered_headings_and_dot_leaders() -> None:
    body = "   " + "The protocol sends a message and waits for the answer to come back. " * 2
    lines = [
        "Network Working Group                                          A. Person",
        "Request for Comments: 9999                                   Example Org",
        "Category: Informational                                       March 2024",
        "",
        "",
        "                        The Frobnication Protocol",
        "",
        "Abstract",
        "",
        body,
        "",
        "Table of Contents",
        "",
        "   1.  Introduction . . . . . . . . . . . . . . . . . . . . . . .   2",
        "   2.  Messages . . . . . . . . . . . . . . . . . . . . . . . . .   3",
        "",
        "1.  Introduction",
        "",
        body,
        "   the protocol works in",
        "",
        "Person                        Informational                    [Page 2]",
        "\fRFC 9999                  Frobnication Protocol              March 2024",
        "",
        "   two directions at once.",
        "",
        "2.  Messages",
        "",
        body,
        "",
        "2.1.  Hello",
        "",
        body,
        "",
    ] + [body, ""] * 6
    article = parse_article("\n".join(lines), filename="rfc9999.txt")
    assert article.title == "The Frobnication Protocol"
    assert _titles(article) == ["Abstract", "1. Introduction", "2. Messages"]
    spoken = _spoken(article)
    assert "the protocol works in two directions at once." in spoken
    for furniture in ("[Page", "RFC 9999", "Table of Contents", ". . ."):
        assert furniture not in spoken, furniture


def test_gutenberg_licence_and_header_are_not_chapters() -> None:
    text = (
        "The Project Gutenberg eBook of A Tale\n\nTitle: A Tale\n\nAuthor: Some Writer\n\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\nA TALE\n\nby Some Writer\n\n"
        "CONTENTS\n\n I. The Start\n II. The End\n III. After\n\n"
        f"I.\n\nThe Start\n\n{PARAGRAPH}\n\nII.\n\nThe End\n\n{PARAGRAPH}\n\n"
        f"III.\n\nAfter\n\n{PARAGRAPH}\n\n*** END OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\n"
        "Section 1. General Terms of Use\n\nThe licence text goes on at length here.\n"
    )
    reading = read_article(text, filename="pg1.txt")
    assert reading.article.title == "A Tale" and reading.article.meta["author"] == "Some Writer"
    assert _titles(reading.article) == ["I. The Start", "II. The End", "III. After"]
    assert "licence" not in _spoken(reading.article) and "CONTENTS" not in _spoken(reading.article)
    assert any("licence" in drop.what for drop in reading.explanation.dropped)


# --- nothing dropped in silence ---------------------------------------------------------


def test_a_contents_heading_does_not_drop_what_follows_it() -> None:
    text = (
        f"# Policy\n\n## Abstract\n\n{PARAGRAPH}\n\n## Contents\n\n- [Scope](#scope)\n"
        f"- [Rules](#rules)\n- [Notes](#notes)\n\n## Scope\n\n{PARAGRAPH}\n\n## Rules\n\n"
        f"{PARAGRAPH}\n\n## Notes\n\n{PARAGRAPH}\n\n## Outlook\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, fmt="md")  # "Notes" with prose in the middle is a chapter
    assert _titles(article) == ["Abstract", "Scope", "Rules", "Notes", "Outlook"]


def test_back_matter_at_the_end_is_dropped_recorded_and_warned_about(caplog) -> None:
    text = (
        f"# Post\n\n{PARAGRAPH}\n\n## Point\n\n{PARAGRAPH}\n\n## References\n\n"
        + "\n".join(
            f"{n}. Smith, J. ({1990 + n}). A long title of a paper, pp. {n}." for n in range(30)
        )
        + "\n"
    )
    with caplog.at_level(logging.WARNING, logger="article2audio"):
        reading = read_article(text, fmt="md")
    assert _titles(reading.article) == ["Post", "Point"]
    drop = next(d for d in reading.explanation.dropped if "References" in d.what)
    assert drop.words > 100 and not drop.furniture and "end" in drop.reason
    assert "Left out" in caplog.text and "References" in caplog.text


def test_sections_explain_shows_the_outline_the_level_and_the_drops(tmp_path) -> None:
    article = tmp_path / "post.md"
    article.write_text(
        f"# Post\n\n{PARAGRAPH}\n\n## One\n\n{PARAGRAPH}\n\n## Two\n\n{PARAGRAPH}\n\n"
        "## See also\n\n- [Other](https://example.org/other)\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["sections", str(article), "--explain", "--chapter-level", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "Outline (md" in result.output and "Chapter level: h2 (--chapter-level)" in result.output
    assert "See also" in result.output and "back matter" in result.output


# --- round 2: rules that must generalize (shapes of unseen documents) ---------------------


def test_weekly_update_whose_last_section_lists_linked_sentences_keeps_it() -> None:
    fixes = "\n".join(
        f"- Sam fixed a bug where the {thing} [lost its place](https://bugs.example.org/{n})"
        " after the window was moved to another screen."
        for n, thing in enumerate(("sidebar", "search box", "tab strip", "menu bar"))
    )
    text = (
        f"# These weeks in Widgets\n\n{PARAGRAPH}\n\n## Highlights\n\n{PARAGRAPH}\n\n"
        f"## Project updates\n\n#### Add-ons\n\n{PARAGRAPH}\n\n#### Search and Navigation\n\n"
        f"{fixes}\n"
    )
    reading = read_article(text, fmt="md")
    assert _titles(reading.article) == ["These weeks in Widgets", "Highlights", "Project updates"]
    assert "the tab strip lost its place" in _spoken(reading.article)
    assert not reading.explanation.dropped


def test_last_section_that_only_indexes_other_pages_is_dropped() -> None:
    releases = "\n".join(
        f"- Widgets 2.{n}.0 ([release notes](https://example.org/2.{n})) – {n + 1} May 2024"
        for n in range(6)
    )
    text = (
        f"# News\n\n## Widgets 2.5 is out\n\n{PARAGRAPH}\n\n## A new logo\n\n{PARAGRAPH}\n\n"
        f"## Releases\n\nHere is every release, with links to its notes.\n\n{releases}\n"
    )
    reading = read_article(text, fmt="md")
    assert _titles(reading.article) == ["Widgets 2.5 is out", "A new logo"]
    assert "release notes" not in _spoken(reading.article)
    assert any("list of links" in drop.reason for drop in reading.explanation.dropped)


def test_weekly_update_page_keeps_its_last_list_of_linked_fixes() -> None:
    fixes = "".join(
        f"<li>Sam fixed a bug where the {thing} <a href='https://bugs.example.org/{n}'>lost its"
        " place</a> after the window was moved to another screen.</li>"
        for n, thing in enumerate(("sidebar", "search box", "tab strip", "menu bar"))
    )
    page = (
        "<html><head><title>These weeks in Widgets – Widget blog</title></head><body>"
        "<article class='post'><h1 class='entry-title'>These weeks in Widgets</h1>"
        f"<div class='entry-content'><h3>Highlights</h3><p>{PARAGRAPH}</p><h3>Project updates</h3>"
        f"<h4>Add-ons</h4><p>{PARAGRAPH}</p><h4>Search and Navigation</h4><ul>{fixes}</ul></div>"
        "</article></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert article.title == "These weeks in Widgets"
    assert _titles(article) == ["Highlights", "Project updates"]
    assert "the menu bar lost its place" in _spoken(article)


def test_opening_heading_that_says_the_title_part_more_fully_is_the_title() -> None:
    page = (
        "<!doctype html><html lang=en><head><title>2.0 - Quill Documentation</title></head><body>"
        "<header class=md-header><a href=.. title='Quill Documentation' class=md-logo></a>"
        "<span class=md-ellipsis>Quill Documentation</span></header><main class=md-main>"
        "<div class=md-content><article class='md-content__inner md-typeset'>"
        "<h1 id=notes>2.0 Migration Notes<a class=headerlink href=#notes>&para;</a></h1>"
        f"<p>{PARAGRAPH}</p><h2 id=a>Overview</h2><p>{PARAGRAPH}</p><h2 id=b>Changes</h2>"
        f"<p>{PARAGRAPH}</p></article></div></main></body></html>"
    )
    reading = read_article(page, fmt="html")
    assert reading.article.title == "2.0 Migration Notes"
    assert _titles(reading.article) == ["2.0 Migration Notes", "Overview", "Changes"]
    assert "more fully" in reading.explanation.title_source


def test_title_part_is_kept_when_the_opening_heading_says_something_else() -> None:
    page = (
        "<html><head><title>Closures | Rust by Example</title></head><body><main>"
        f"<h1>Capturing values</h1><p>{PARAGRAPH}</p><h2>Moving</h2><p>{PARAGRAPH}</p>"
        f"<h2>Borrowing</h2><p>{PARAGRAPH}</p></main></body></html>"
    )
    assert parse_article(page, fmt="html").title == "Closures"


BOOK_TEXT = "The keeper climbed the stair again, as he had done each night, and lit the lamp. " * 3


def _gutenberg(front: str, body: str) -> str:
    return (
        "The Project Gutenberg eBook of The Lantern Keeper\n\nTitle: The Lantern Keeper\n\n"
        "Author: Ada Vane\n\n*** START OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***\n\n"
        f"{front}{body}*** END OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***\n\n"
        "Section 1. General Terms of Use\n\nThe licence text.\n"
    )


@pytest.mark.parametrize(
    "front",
    [
        "[Illustration]\n\n\n\nThe Lantern Keeper\n\nby Ada Vane\n\nTHE HARBOUR EDITION 2.1\n\n",
        "The Lantern Keeper\n\nby Ada Vane\n\nTHE HARBOUR EDITION 2.1\n\n",
        "THE LANTERN KEEPER\n\nA Tale of the Coast\n\nBY ADA VANE\n\nIllustrated by Tom Reed\n\n"
        "LONDON\nGREY AND SONS, PUBLISHERS\n1899\n\n",
    ],
    ids=["illustration-title-by-edition", "title-by-edition", "title-page-with-publisher"],
)
def test_book_title_page_lines_are_neither_text_nor_chapters(front: str) -> None:
    body = (
        "Contents\n\n CHAPTER I.     The Storm\n CHAPTER II.    The Light\n"
        " CHAPTER III.   The Rescue\n\n\n\n"
        f"CHAPTER I.\nThe Storm\n\n\n{BOOK_TEXT}\n\n[Illustration: The keeper at the\nlamp]\n\n"
        f"_{BOOK_TEXT.strip()}_\n\nCHAPTER II.\nThe Light\n\n\n{BOOK_TEXT}\n\n"
        f"CHAPTER III.\nThe Rescue\n\n\n{BOOK_TEXT}\n\n"
    )
    reading = read_article(_gutenberg(front, body), filename="pg9999.txt")
    assert reading.article.title == "The Lantern Keeper"
    assert _titles(reading.article) == [
        "CHAPTER I. The Storm",
        "CHAPTER II. The Light",
        "CHAPTER III. The Rescue",
    ]
    spoken = _spoken(reading.article)
    for furniture in ("EDITION", "Ada Vane", "Illustration", "PUBLISHERS", "_"):
        assert furniture not in spoken, furniture
    assert any(drop.what == "the title page" for drop in reading.explanation.dropped)


def test_book_whose_first_chapter_heading_follows_its_title_page_keeps_it() -> None:
    body = f"THE BEGINNING\n\n{BOOK_TEXT}\n\nTHE END OF IT\n\n{BOOK_TEXT}\n\n"
    article = parse_article(_gutenberg("The Lantern Keeper\n\nby Ada Vane\n\n", body), fmt="txt")
    assert _titles(article) == ["THE BEGINNING", "THE END OF IT"]


def test_book_contents_of_two_chapters_is_not_spoken() -> None:
    body = (
        "Contents\n\n CHAPTER I.     The Storm\n CHAPTER II.    The Light\n\n\n\n"
        f"CHAPTER I.\nThe Storm\n\n\n{BOOK_TEXT}\n\nCHAPTER II.\nThe Light\n\n\n{BOOK_TEXT}\n\n"
    )
    article = parse_article(_gutenberg("The Lantern Keeper\n\nby Ada Vane\n\n", body), fmt="txt")
    assert _titles(article) == ["CHAPTER I. The Storm", "CHAPTER II. The Light"]


def test_readme_named_by_the_repository_its_opening_badges_link_and_its_tagline_is_the_lead() -> (
    None
):
    text = (
        '<p align="center">\n  <a href="https://github.com/quillhq/quill">\n'
        '    <img src="docs/logo.png" alt="An open source toolkit for writing fast parsers">\n'
        '  </a>\n</p>\n<p align="center">\n  <a href="https://quill.dev">Homepage</a>\n  ·\n'
        '  <a href="https://app.quill.dev">Start Free Trial</a>\n  ·\n'
        '  <a href="https://docs.quill.dev">Docs</a>\n</p>\n<p align="center">\n'
        '  <a href="https://github.com/quillhq/quill/stargazers">'
        '<img src="https://img.shields.io/github/stars/quillhq/quill" alt="stars"></a>\n</p>\n\n'
        f"### Fast parsers for everyone\n\nQuill is a toolkit for parsers. {PARAGRAPH}\n\n"
        "# Quill Cloud\n\n"
        f"{PARAGRAPH} See [the examples](https://github.com/quillhq/quill-examples).\n\n"
        "## Getting started\n\n"
        f"{PARAGRAPH} Clone [quill-examples](https://github.com/quillhq/quill-examples/a).\n\n"
        f"## Examples\n\n- [One](https://github.com/quillhq/quill-examples/b)\n"
        f"- [Two](https://github.com/quillhq/quill-examples/c)\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert article.title == "Quill"
    assert _titles(article) == ["Quill", "Quill Cloud", "Getting started", "Examples"]
    spoken = _spoken(article)
    assert "Fast parsers for everyone" in spoken
    assert "Start Free Trial" not in spoken and "Homepage" not in spoken


def test_button_links_asking_the_reader_to_act_are_not_spoken() -> None:
    text = (
        f"# Quill\n\n{PARAGRAPH} It moved to GitHub, where many people improved it. "
        "[**Please open an issue**](https://example.org/issues) if something breaks. "
        "**[Sign up](https://example.org/join)** for the newsletter!\n\n"
        "[**Quill**](https://quill.dev) is a parser toolkit that is fast.\n\n"
        f"## Use\n\n{PARAGRAPH} [Please read the guide](https://example.org/guide) first.\n"
    )
    reading = read_article(text, fmt="md")
    spoken = _spoken(reading.article)
    assert "many people improved it." in spoken and "is a parser toolkit" in spoken
    assert "Please read the guide first." in spoken  # a plain link in a sentence stays
    assert "open an issue" not in spoken and "Sign up" not in spoken
    assert sum(drop.reason == "a call to action" for drop in reading.explanation.dropped) == 2


def test_book_with_letters_signatures_and_a_contents_of_paragraphs() -> None:
    front = (
        "Produced by Some Volunteers, Other Helpers,\nand More People. HTML version by A. Person.\n\n"
        "The Lantern Keeper;\n\nor, the Last Light\n\nby\n\nAda Vane\n\n"
    )
    body = (
        "CONTENTS\n\nLetter 1\n\nLetter 2\n\nChapter 1\n\nChapter 2\n\n\n\n"
        f"Letter 1\n\n_To Mrs. Vane, England._\n\n{BOOK_TEXT}\n\nYour loving brother,\n\n"
        f"R. Vane\n\n\nLetter 2\n\n_To Mrs. Vane, England._\n\n{BOOK_TEXT}\n\n"
        f"Chapter 1\n\n{BOOK_TEXT}\n\n“MY DEAR SISTER,--\n\n{BOOK_TEXT}\n\n“ADA VANE.”\n\n"
        f"{BOOK_TEXT}\n\nChapter 2\n\n{BOOK_TEXT}\n\n"
    )
    reading = read_article(_gutenberg(front, body), filename="pg9999.txt")
    assert _titles(reading.article) == [
        "Letter 1 To Mrs. Vane, England",
        "Letter 2 To Mrs. Vane, England",
        "Chapter 1",
        "Chapter 2",
    ]
    text = " ".join(section.text for section in reading.article.sections)
    assert "Volunteers" not in text and "CONTENTS" not in text and "Last Light" not in text
    assert "R. Vane" in text and "ADA VANE." in text and "MY DEAR SISTER" in text


def test_rfc_terms_written_in_the_margin_with_their_text_are_headings_and_text() -> None:
    body = "   The protocol sends a message and waits for the answer to come back to it. " * 2
    lines = [
        "Network Working Group                                          A. Person",
        "Request for Comments: 9999                                   Example Org",
        "Category: Best Current Practice                               March 1997",
        "",
        "",
        "                      Words for Requirement Levels",
        "",
        "Abstract",
        "",
        body,
        "",
        '1. MUST   This word, or the terms "REQUIRED" or "SHALL", mean that the',
        "   definition is an absolute requirement of the specification.",
        "",
        '2. MAY   This word, or the adjective "OPTIONAL", mean that an item is',
        "   truly optional.",
        "",
        "3. Security Considerations",
        "",
        *[body, ""] * 4,
        "4. Author's Address",
        "",
        "      A. Person",
        "      Example Org",
        "",
    ]
    article = parse_article("\n".join(lines), filename="rfc9999.txt")
    assert _titles(article) == ["Abstract", "1. MUST", "2. MAY", "3. Security Considerations"]
    must = article.sections[1].text
    assert must.startswith(
        'This word, or the terms "REQUIRED" or "SHALL", mean that the definition'
    )


def test_pandoc_title_block_gives_title_and_authors() -> None:
    text = f"% The River Book\n% Ada Vane; Bo Lund\n% 3 May 2024\n\n{PARAGRAPH}\n\n# Sources\n\n{PARAGRAPH}\n"
    article = parse_article(text, fmt="md")
    assert article.title == "The River Book"
    assert article.meta["author"] == "Ada Vane, Bo Lund" and article.meta["date"] == "3 May 2024"
    assert _titles(article) == ["The River Book", "Sources"]
    assert "%" not in _spoken(article)


def test_a_papers_discussion_at_the_end_is_the_article_but_notes_that_cite_are_not() -> None:
    notes = "\n".join(f"{n}. Smith, J. ({1990 + n}). A title, pp. {n}." for n in range(1, 5))
    text = (
        f"# Rivers\n\n## Methods\n\n{PARAGRAPH}\n\n## Results\n\n{PARAGRAPH}\n\n"
        f"## Discussion\n\n{PARAGRAPH}\n\n## Notes\n\n{notes}\n"
    )
    article = parse_article(text, fmt="md")
    assert _titles(article) == ["Methods", "Results", "Discussion"]


def test_readme_link_bar_under_its_title_badges_and_an_empty_contributors_section() -> None:
    text = (
        '<div align="center">\n\n# Quill\n\n**Fast parsers for everyone**\n\n'
        "[Docs](https://q.dev) · [Discord](https://discord.gg/x) · [Blog](https://q.dev/blog)\n\n"
        f"</div>\n\n## Why\n\n{PARAGRAPH}\n\n## Quick start\n\n{PARAGRAPH}\n\n## Contributors\n\n"
        "<a href='https://github.com/q/quill/graphs/contributors'>"
        "<img src='https://contrib.rocks/image?repo=q/quill' /></a>\n"
    )
    article = parse_article(text, filename="README.md")
    assert article.title == "Quill"
    assert _titles(article) == ["Quill", "Why", "Quick start"]
    spoken = _spoken(article)
    assert "Fast parsers for everyone" in spoken
    assert "Discord" not in spoken and "Contributors" not in spoken


def test_readme_whose_opening_image_is_a_badge_is_not_named_after_it() -> None:
    text = (
        "[![Build](https://github.com/q/quill/workflows/CI/badge.svg)](https://github.com/q/quill)"
        f"\n\nQuill parses things. {PARAGRAPH}\n\n## Install\n\n{PARAGRAPH}\n\n## Usage\n\n{PARAGRAPH}\n"
    )
    assert parse_article(text, filename="README.md").title != "Build"


def test_rst_doc_role_to_a_path_says_the_page_name() -> None:
    text = f"Guide\n=====\n\n{PARAGRAPH} See :doc:`/guide/getting-started` for more.\n"
    assert "See getting started for more." in _spoken(parse_article(text, fmt="rst"))
