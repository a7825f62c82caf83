"""Tests of the script stage: cues, pauses, sentence splitting and speech normalization."""

from __future__ import annotations

from pathlib import Path

import pytest

from article2audio.models import HEADING_KINDS, Article, Section
from article2audio.parse import parse_article
from article2audio.script import (
    MAX_CUE_CHARS,
    PAUSE_AFTER_HEADING_MS,
    PAUSE_AFTER_PARAGRAPH_MS,
    PAUSE_AFTER_SECTION_MS,
    PAUSE_AFTER_TITLE_MS,
    PAUSE_BEFORE_CLOSING_MS,
    PAUSE_BETWEEN_SENTENCES_MS,
    Framing,
    build_script,
    byline,
    speakable,
    split_long,
    split_sentences,
)

DATA = Path(__file__).parent / "data"


def _article() -> Article:
    return Article(
        title="The Title",
        sections=[
            Section("The Title", 1, "First one. Second one.\n\nNew paragraph."),
            Section("Empty Part", 2, ""),
            Section("Q&A", 2, "Last words."),
        ],
    )


def test_pause_constants() -> None:
    assert (PAUSE_AFTER_HEADING_MS, PAUSE_BETWEEN_SENTENCES_MS) == (800, 250)
    assert (PAUSE_AFTER_PARAGRAPH_MS, PAUSE_AFTER_SECTION_MS) == (700, 1500)


def test_cues_and_pauses_follow_structure() -> None:
    script = build_script(_article())
    assert [(c.section_index, c.kind, c.text, c.pause_after_ms) for c in script.cues] == [
        (0, "title", "The Title", 800),  # the lead's heading is the article's title
        (0, "sentence", "First one.", 250),
        (0, "sentence", "Second one.", 700),
        (0, "sentence", "New paragraph.", 1500),
        (1, "heading", "Empty Part", 1500),
        (2, "heading", "Q and A", 800),
        (2, "sentence", "Last words.", 0),
    ]


def test_script_title_and_chapter_titles_are_written_form() -> None:
    script = build_script(_article())
    assert script.title == "The Title"
    assert script.chapter_titles == ["The Title", "Empty Part", "Q&A"]


def test_sample_script_has_one_heading_per_section() -> None:
    article = parse_article((DATA / "ceasefire.txt").read_text(encoding="utf-8"))
    script = build_script(article)
    headings = [c for c in script.cues if c.kind in HEADING_KINDS]
    assert [c.kind for c in headings] == ["title"] + ["heading"] * 6  # the title is said once
    assert [c.section_index for c in headings] == list(range(7))
    assert headings[-1].text == "Conclusion: Hope on the Horizon?"
    assert script.cues[-1].pause_after_ms == 0
    assert all(len(c.text) <= MAX_CUE_CHARS for c in script.cues)
    assert not any("’" in c.text for c in script.cues)
    assert script.section_text(6).startswith("Conclusion: Hope on the Horizon? So, to wrap")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We use tools, e.g. Python. It works.", ["We use tools, e.g. Python.", "It works."]),
        ("It grew 3.5 times. Then it fell.", ["It grew 3.5 times.", "Then it fell."]),
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("The U.S. Army came. It left.", ["The U.S. Army came.", "It left."]),
        ('Really? Yes! "Fine." Done.', ["Really?", "Yes!", '"Fine."', "Done."]),
        ("See No. 5 and Fig. 2 below.", ["See No. 5 and Fig. 2 below."]),
        ("J. K. Rowling wrote it. Ok.", ["J. K. Rowling wrote it.", "Ok."]),
        ("lower case after a dot. stays together", ["lower case after a dot. stays together"]),
        (
            'Send `{"text": "Ah! We have it."}` now. Done.',  # inline code is one piece
            ['Send `{"text": "Ah! We have it."}` now.', "Done."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_inline_code_with_a_sentence_end_reaches_the_voice_whole_without_backticks() -> None:
    text = 'Write `{"say": "Ah! We have Camembert."}`. Then run it.'
    cues = build_script(Article("T", [Section("T", 1, text)])).cues[1:]
    assert [c.display for c in cues] == [
        'Write {"say": "Ah! We have Camembert."}.',
        "Then run it.",
    ]
    assert not any("`" in c.text for c in cues)


def test_long_sentence_is_split_at_semicolons_then_commas() -> None:
    clause = "the committee reviewed the proposal in great detail over several long days"
    sentence = "; ".join([clause] * 6) + "."
    pieces = split_long(sentence)
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_CUE_CHARS for piece in pieces)
    assert all(piece.endswith((";", ".")) for piece in pieces)
    assert " ".join(pieces) == sentence


def test_long_sentence_without_semicolons_splits_at_commas() -> None:
    sentence = ", ".join(["a list of many things that goes on"] * 20) + "."
    pieces = split_long(sentence)
    assert all(len(piece) <= MAX_CUE_CHARS for piece in pieces)
    assert " ".join(pieces) == sentence


def test_short_sentence_is_not_split() -> None:
    assert split_long("Short; with, punctuation.") == ["Short; with, punctuation."]


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Read https://www.example.com/a/b?c=1 today.", "Read example.com today."),
        ("Go to http://example.org.", "Go to example.org."),
        ("Salt & pepper", "Salt and pepper"),
        ("Up 50% today", "Up fifty percent today"),
        ("It costs $5 now", "It costs five dollars now"),
        ("Only $1", "Only one dollar"),
        ("A $2.5 billion deal", "A two point five billion dollar deal"),
        ("Pay €20 or 30 €", "Pay twenty euros or thirty euros"),
        ("Fruit, e.g. apples", "Fruit, for example apples"),
        ("One thing, i.e. this", "One thing, that is this"),
        ("Apples, pears, etc.", "Apples, pears, et cetera."),
        ("Cats vs. dogs", "Cats versus dogs"),
        ("Proven [1] and again [12].", "Proven and again."),
        ("Great news 🎉🚀 today!", "Great news today!"),
        ("“Hello,” she said — ‘quietly’", "\"Hello,\" she said, 'quietly'"),
        ("peace–talks", "peace, talks"),
        ("From 2010–2015", "From twenty ten to twenty fifteen"),
        ("too    many \n spaces", "too many spaces"),
    ],
)
def test_speakable(written: str, spoken: str) -> None:
    assert speakable(written) == spoken


def test_every_cue_is_speakable() -> None:
    article = Article(
        "T", [Section("Costs & Benefits", 2, "It costs $5 [3]. See https://example.com/x.")]
    )
    texts = [cue.text for cue in build_script(article).cues[1:]]  # after the title "T"
    assert texts == ["Costs and Benefits", "It costs five dollars.", "See example.com."]


def test_sentence_that_is_only_an_emoji_is_dropped() -> None:
    article = Article("T", [Section("T", 1, "Hello there.\n\n🎉\n\nBye now.")])
    texts = [cue.text for cue in build_script(article).cues]
    assert texts == ["T", "Hello there.", "Bye now."]


# --- numbers, dates, times and units (found by listening to the Piper voice) ------------------


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("It happened in 1975.", "It happened in nineteen seventy-five."),
        (
            "Built in 1905 and again in 1900.",
            "Built in nineteen oh five and again in nineteen hundred.",
        ),
        ("It had 1975 rows.", "It had one thousand nine hundred seventy-five rows."),  # a count
        ("Music of the 1990s and the '80s.", "Music of the nineteen nineties and the eighties."),
        ("In the 2000s.", "In the two thousands."),
        ("Opens at 10:00, closes at 9:05.", "Opens at ten o'clock, closes at nine oh five."),
        ("Leaves 19:42, arrives 08:51.", "Leaves nineteen forty-two, arrives eight fifty-one."),
        ("At 10:00 a.m. sharp.", "At ten a m sharp."),
        ("At 19:00 we ate.", "At nineteen hundred we ate."),
        ("On March 14, 2024.", "On March fourteenth, twenty twenty-four."),
        ("On 3 August 2019.", "On the third of August, twenty nineteen."),
        (
            "Bake at 250 °C for 20 min.",
            "Bake at two hundred fifty degrees Celsius for twenty minutes.",
        ),
        ("Add 500 g flour and 1 kg salt.", "Add five hundred grams flour and one kilogram salt."),
        (
            "It is 5 km away at 30 km/h.",
            "It is five kilometers away at thirty kilometers per hour.",
        ),
        ("Chapter IV of World War II.", "Chapter four of World War two."),
        ("See Section C.", "See Section C."),
        ("Baker St. near St. Paul.", "Baker Street near Saint Paul."),
        ("C. S. Lewis wrote it.", "C S Lewis wrote it."),
        (
            "Open 24/7, rated 4.5/5, half is 1/2.",
            "Open twenty-four seven, rated four point five out of five, half is a half.",
        ),
        ("Split 50/50 in A/B tests.", "Split fifty fifty in A B tests."),
        (
            "It is No. 1 and #2, 10x faster, ~5 left.",
            "It is number one and number two, ten times faster, about five left.",
        ),
        ("On 12/25/2024.", "On December twenty-fifth, twenty twenty-four."),
        ("Mail jane.doe@example.com now.", "Mail jane dot doe at example dot com now."),
        ("Follow @janedoe on #python, not C#.", "Follow janedoe on python, not C sharp."),
        ("Approx. 5 incl. tax, esp. now.", "Approximately five including tax, especially now."),
        (
            "Tea w/ milk, w/o sugar, a.k.a. chai.",
            "Tea with milk, without sugar, also known as chai.",
        ),
    ],
)
def test_numbers_dates_times_units(written: str, spoken: str) -> None:
    assert speakable(written) == spoken


def test_numbered_all_caps_heading_is_spoken_as_words() -> None:
    article = Article(
        title="ESSAY", sections=[Section("II. WHAT GOES IN IT", 2, "Anything at all.")]
    )
    assert [c.text for c in build_script(article).cues[:2]] == ["ESSAY", "Two: What goes in it"]
    assert build_script(article).chapter_titles == ["II. WHAT GOES IN IT"]


def test_all_caps_sentence_case_keeps_short_acronyms_elsewhere() -> None:
    assert speakable("THE END OF IT") == "The end of it"
    assert speakable("The NHS and NASA agree.") == "The N H S and NASA agree."


def test_non_english_text_keeps_its_symbols_for_its_own_voice() -> None:
    text = "Le budget & les 3 % restants, en 1975, à 10:00."
    assert speakable(text, "fr") == text
    assert (
        speakable("Voir https://www.example.fr/a/b pour plus.", "fr")
        == "Voir example.fr pour plus."
    )


def test_latex_and_bullets_are_not_spoken() -> None:
    article = Article(
        title="T",
        sections=[
            Section("T", 1, "The energy is $$E = mc^2$$ as shown.\n- first item\n* second item")
        ],
    )
    spoken = [cue.text for cue in build_script(article).cues[1:]]
    assert spoken == ["The energy is as shown.", "first item", "second item"]


def test_french_guillemets_lose_their_inner_spaces() -> None:
    spoken = speakable("« On a gagné dix minutes », raconte Amélie.", "fr")
    assert spoken == '"On a gagné dix minutes", raconte Amélie.'


# --- the title, the author and the closing line -------------------------------------------


def test_an_h1_that_repeats_the_title_is_said_once_before_the_first_chapter() -> None:
    text = (
        "---\nauthor: Jane Roe\n---\n# Bees\n\n## Flowers\n\nThey bloom.\n\n## Water\n\nA dish.\n"
    )
    script = build_script(parse_article(text, fmt="md"))
    assert script.chapter_titles == ["Flowers", "Water"]
    said = [(c.section_index, c.kind, c.text) for c in script.cues]
    assert said[:3] == [
        (0, "title", "Bees, by Jane Roe."),  # before today this article never said its title
        (0, "heading", "Flowers"),
        (0, "sentence", "They bloom."),
    ]
    assert sum("Bees" in c.text for c in script.cues) == 1
    assert script.cues[0].pause_after_ms == PAUSE_AFTER_TITLE_MS


def test_a_lead_named_after_the_title_has_the_title_cue_as_its_heading() -> None:
    article = parse_article(
        "Bees\n\nBy Jane Roe\n\nThey fly.\n\nFlowers\n\nThey bloom.\n", fmt="txt"
    )
    script = build_script(article)
    assert script.chapter_titles == ["Bees", "Flowers"]
    assert [(c.kind, c.text) for c in script.cues[:2]] == [
        ("title", "Bees, by Jane Roe."),
        ("sentence", "They fly."),
    ]
    assert script.cues[0].display == "Bees, by Jane Roe."


@pytest.mark.parametrize(
    ("meta_author", "given", "said"),
    [
        ("Dr. Ada Vane", None, "Lamps, by Doctor Ada Vane."),  # said as words, shown as written
        ("Ada Vane", "Tom Reed", "Lamps, by Tom Reed."),  # --author wins
        ("joshuakgoldberg", None, "Lamps"),  # a site's key for a profile is not a name
        ("article2audio", None, "Lamps"),  # the tool's default names nobody
        ("https://example.com/ada", None, "Lamps"),
        ("", None, "Lamps"),
    ],
)
def test_the_author_is_said_after_the_title_when_it_names_someone(meta_author, given, said):
    article = Article("Lamps", [Section("Lamps", 1, "They glow.")], {"author": meta_author})
    title = build_script(article, framing=Framing(author=given)).cues[0]
    assert (title.kind, title.text) == ("title", said)
    if "Doctor" in said:
        assert title.display == "Lamps, by Dr. Ada Vane."


def test_a_question_title_keeps_its_question_mark_before_the_author() -> None:
    assert byline("Is It Safe?", "Ada Vane") == "Is It Safe? By Ada Vane."
    assert byline("Lamps:", "Ada Vane.") == "Lamps, by Ada Vane."


def test_the_closing_line_is_its_own_cue_at_the_end_of_the_last_chapter() -> None:
    closing = "This episode was read by a synthetic voice from Acme 2 Radio."
    script = build_script(_article(), framing=Framing(closing_line=closing))
    before, last = script.cues[-2], script.cues[-1]
    assert (last.section_index, last.kind, last.pause_after_ms) == (2, "closing", 0)
    assert last.text == "This episode was read by a synthetic voice from Acme two Radio."
    assert last.display == closing  # captions show it as written
    assert before.text == "Last words." and before.pause_after_ms == PAUSE_BEFORE_CLOSING_MS
    assert all(c.kind != "closing" for c in build_script(_article()).cues)  # "" says none
