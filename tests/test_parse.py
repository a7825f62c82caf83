"""Tests of the parse stage: format detection, plain text and Markdown readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from article2audio.errors import InputError, ParseError
from article2audio.parse import detect_format, parse_article
from article2audio.parse.markdown import CODE_SENTENCE, TABLE_SENTENCE, parse_markdown
from article2audio.parse.plaintext import is_heading_shaped, parse_plaintext

DATA = Path(__file__).parent / "data"

CEASEFIRE_TITLES = [
    "Trump And Putin Discuss Ukraine Ceasefire",
    "The Initial Agreement and Its Implications",
    "Trump's Role in International Diplomacy",
    "Putin's Stance and Motivations",
    "Challenges and Potential Roadblocks",
    "What a Ceasefire Could Mean for Ukraine and the World",
    "Conclusion: Hope on the Horizon?",
]


@pytest.fixture
def ceasefire_text() -> str:
    return (DATA / "ceasefire.txt").read_text(encoding="utf-8")


@pytest.fixture
def sample_md() -> str:
    return (DATA / "sample.md").read_text(encoding="utf-8")


# --- format detection -----------------------------------------------------------------------


def test_forced_format_wins_over_extension_and_content() -> None:
    assert detect_format("# Heading\n\ntext", fmt="txt", filename="a.md") == "txt"
    assert detect_format("plain words", fmt="md", filename="a.txt") == "md"


def test_extension_decides_when_not_forced() -> None:
    assert detect_format("plain words", filename="notes.MARKDOWN") == "md"
    assert detect_format("# Heading\n\ntext", filename="notes.txt") == "txt"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: A\n---\nBody text.\n",
        "Intro line.\n\n## A heading\n\nText.\n",
        "A Title\n=======\n\nText.\n",
        "A Title\n\nSection\n-------\n\nText.\n",
    ],
)
def test_sniffing_finds_markdown(text: str) -> None:
    assert detect_format(text) == "md"


def test_sniffing_sample_is_plain_text(ceasefire_text: str) -> None:
    assert detect_format(ceasefire_text, filename="article") == "txt"


def test_hashtag_without_space_is_not_markdown() -> None:
    assert detect_format("Title\n\n#hashtag is a word here.\n") == "txt"


def test_unknown_forced_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="Unknown article format 'docx'"):
        detect_format("text", fmt="docx")


# --- plain text -----------------------------------------------------------------------------


def test_sample_gives_exactly_seven_sections_in_order(ceasefire_text: str) -> None:
    article = parse_article(ceasefire_text, filename="ceasefire.txt")
    assert article.title == CEASEFIRE_TITLES[0]
    assert [section.title for section in article.sections] == CEASEFIRE_TITLES
    assert [section.level for section in article.sections] == [1] + [2] * 6


def test_sample_sections_hold_their_paragraph(ceasefire_text: str) -> None:
    sections = parse_plaintext(ceasefire_text).sections
    assert sections[0].text.startswith("Hey everyone! So, the big news")
    assert sections[-1].text.startswith("So, to wrap things up")
    assert all(len(section.text) > 500 for section in sections)
    assert not any(title in section.text for section in sections for title in CEASEFIRE_TITLES[1:])


def test_question_heading_is_a_heading() -> None:
    assert is_heading_shaped("Conclusion: Hope on the Horizon?")
    article = parse_plaintext(
        "Title\nIntro sentence here.\nConclusion: Hope on the Horizon?\nIt may end well.\n"
    )
    assert [s.title for s in article.sections] == ["Title", "Conclusion: Hope on the Horizon?"]


@pytest.mark.parametrize(
    "line",
    [
        "Copyright (C) 1985 Foo",
        "Here is what we found:",
        "It ended there.",
        "- a bullet item",
        "see the appendix",
        "This line is far too long to be a heading because it has many more than twelve words",
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert not is_heading_shaped(line)
    article = parse_plaintext(f"Title\n\n{line}\n\nA paragraph follows the line.\n")
    assert [section.title for section in article.sections] == ["Title"]
    assert line in article.sections[0].text


def test_wrapped_paragraphs_allcaps_and_numbered_headings() -> None:
    text = (
        "A Report\n\n"
        "INTRODUCTION\n\n"
        "This report describes how things\nwork when the text is wrapped at\na fixed width.\n\n"
        "1. Getting Started\n\n"
        "First you take the thing and\nthen you do the other thing.\n\n"
        "II. Methods\n"
        "We used methods. They worked\nwell enough for us.\n"
    )
    article = parse_plaintext(text)
    titles = [section.title for section in article.sections]
    assert titles == ["INTRODUCTION", "1. Getting Started", "II. Methods"]
    assert article.sections[0].text == (
        "This report describes how things work when the text is wrapped at a fixed width."
    )
    assert article.sections[2].text == "We used methods. They worked well enough for us."


def test_short_wrapped_lines_are_not_headings() -> None:
    text = "Title\n\nThe results were clear\nand we were happy with\nthe outcome of the study.\n"
    article = parse_plaintext(text)
    assert len(article.sections) == 1
    assert article.sections[0].text.startswith("The results were clear and we")


def test_byline_goes_to_meta() -> None:
    article = parse_plaintext("A Title\nBy Jane Doe\nSome text here.\n")
    assert article.meta["author"] == "Jane Doe"
    assert "Jane Doe" not in article.sections[0].text


def test_last_short_line_is_not_a_heading() -> None:
    article = parse_plaintext("Title\nSome text here.\nThanks for reading\n")
    assert [section.title for section in article.sections] == ["Title"]
    assert article.sections[0].text.endswith("Thanks for reading")


# --- Markdown -------------------------------------------------------------------------------


def test_sample_md_title_meta_and_chapters(sample_md: str) -> None:
    article = parse_article(sample_md, filename="sample.md")
    assert article.title == "Building a Tiny Weather Station"
    assert article.meta["author"] == "Ada Example"
    assert article.meta["date"] == "2024-05-17"
    titles = [section.title for section in article.sections]
    assert titles == [
        "Building a Tiny Weather Station",
        "Parts You Need",
        "Wiring It Up",
        "Reading the Data",
    ]
    assert [section.level for section in article.sections] == [1, 2, 2, 2]


def test_folded_front_matter_value_is_one_line(sample_md: str) -> None:
    meta = parse_markdown(sample_md).meta
    assert meta["description"] == (
        "A weekend project: a microcontroller, three sensors and a little patience."
    )


def test_h1_equal_to_title_is_not_a_chapter(sample_md: str) -> None:
    article = parse_markdown(sample_md)
    assert [s.title for s in article.sections].count("Building a Tiny Weather Station") == 1
    assert article.sections[0].text.startswith("Weather stations are cheap")


def test_h3_stays_in_its_section_as_a_line(sample_md: str) -> None:
    wiring = parse_markdown(sample_md).sections[2]
    assert wiring.text.split("\n\n") == [
        "Connect the sensor to pin 4. Keep the wires short.",
        "A Note on Power",
        "Use a 3.3 V supply, never 5 V.",
    ]


def test_markup_is_not_in_the_text(sample_md: str) -> None:
    text = "\n\n".join(section.text for section in parse_markdown(sample_md).sections)
    for markup in ("*", "](", "![", "<b>", "&amp;", "http", "|", "#", "---"):
        assert markup not in text
    assert text.count("`") == 2  # inline code stays in backticks: the script says it
    assert "with parts from a hobby shop & a bit of code." in text
    assert "A breadboard with three sensors" in text  # image alt text


def test_code_block_and_table_are_replaced(sample_md: str) -> None:
    sections = parse_markdown(sample_md).sections
    assert CODE_SENTENCE in sections[3].text
    assert "read the sensor" not in sections[3].text
    assert TABLE_SENTENCE in sections[1].text
    assert "$12" not in sections[1].text


def test_list_items_become_lines(sample_md: str) -> None:
    parts = parse_markdown(sample_md).sections[1].text
    assert (
        "A microcontroller board.\nA temperature sensor, e.g. the `DHT22`.\nA USB cable." in parts
    )


def test_hash_inside_fenced_code_is_not_a_heading() -> None:
    text = "# Title\n\nIntro.\n\n## Real\n\nText.\n\n```bash\n# Not a heading\necho hi\n```\n"
    article = parse_markdown(text)
    assert [s.title for s in article.sections] == ["Title", "Real"]
    assert "Not a heading" not in article.sections[1].text


def test_setext_headings() -> None:
    text = (
        "My Title\n========\n\nIntro.\n\n"
        "First Part\n----------\n\nBody one.\n\n"
        "Second\n---\n\nTwo.\n"
    )
    article = parse_markdown(text)
    assert article.title == "My Title"
    assert [(s.title, s.level, s.text) for s in article.sections] == [
        ("My Title", 1, "Intro."),
        ("First Part", 2, "Body one."),
        ("Second", 2, "Two."),
    ]


def test_several_h1_without_front_matter() -> None:
    article = parse_markdown("# One\n\ntext one\n\n# Two\n\ntext two\n")
    assert article.title == "One"
    assert [(s.title, s.text) for s in article.sections] == [
        ("One", "text one"),
        ("Two", "text two"),
    ]


def test_front_matter_title_with_different_h1_keeps_h1_as_chapter() -> None:
    text = "---\ntitle: The Show\n---\n\nLead in.\n\n# Episode\n\nBody.\n"
    article = parse_markdown(text)
    assert article.title == "The Show"
    assert [s.title for s in article.sections] == ["The Show", "Episode"]


def test_html_entities_and_inline_code() -> None:
    article = parse_markdown("# T\n\nCaf&eacute; <span>owner</span> ran `make test` &lt;3.\n")
    assert article.sections[0].text == "Café owner ran `make test` <3."


def test_html_block_is_stripped() -> None:
    article = parse_markdown("# T\n\n<div>Hello <i>there</i> &amp; more</div>\n\n<!-- note -->\n")
    assert article.sections[0].text == "Hello there & more"


def test_no_front_matter_title_falls_back_to_first_line() -> None:
    article = parse_markdown("A *plain* start\n\nMore [text](http://example.com).\n")
    assert article.title == "A plain start"
    assert article.sections[0].text == "More text."


def test_invalid_front_matter_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="front matter"):
        parse_markdown("---\ntitle: [unclosed\n---\nBody.\n")


@pytest.mark.parametrize("date", ["2024-13-01", "2024-02-30", "2024-01-01 25:00:00"])
def test_front_matter_date_that_does_not_exist_is_a_parse_error(date: str) -> None:
    # found by hypothesis: YAML reads these as timestamps and datetime raised ValueError
    with pytest.raises(ParseError, match="date that does not exist.*YYYY-MM-DD"):
        parse_markdown(f"---\ntitle: T\ndate: {date}\n---\nBody.\n")


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("Only A Title\n", "txt"), ("# Only A Title\n", "md"), ("# T\n\n## A\n\n## B\n", "md")],
)
def test_title_without_text_is_a_parse_error(text: str, fmt: str) -> None:
    with pytest.raises(ParseError, match="has a title but no text") as caught:
        parse_article(text, fmt=fmt)
    assert "\n" not in str(caught.value)
    assert "Probable cause" in str(caught.value)


@pytest.mark.parametrize("text", ["", "   \n\n\t\n"])
def test_empty_article_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match="no text at all"):
        parse_article(text, filename="empty.txt")
