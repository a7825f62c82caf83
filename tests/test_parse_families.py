"""Document shapes that failed on documents nobody here had seen (rounds 3 and 4 of issue 12).

Each test is a small document written here with the *shape* of a family of failures found on
the held-out sets (none is copied from one): a `.txt` file that is reST, code words written in
prose, book front matter, HTML an extractor glues or strips, MDX components around code, blog
furniture, README openings written in HTML, plain-text tables; and (round 4) the fallback text
of media elements, metadata lines under a design document's title, a README's tagline in an
HTML heading, link-list sections in the middle of a README.
"""

from __future__ import annotations

import pytest

from article2audio.parse import detect_format, parse_article, read_article
from article2audio.parse.blocks import CODE_SENTENCE, fold
from article2audio.script import build_script

PARAGRAPH = "This paragraph has enough words in it to be read as a real part of the article. " * 3


def _titles(article) -> list[str]:
    return [section.title for section in article.sections]


def _spoken(article) -> str:
    """What the voice says."""
    return " ".join(cue.text for cue in build_script(article).cues)


# --- a .txt file that is reStructuredText, or has an RFC-822 header ------------------------

_OLD_PEP = f"""PEP: 9999
Title: Rules for Naming Rivers
Version: $Revision$
Last-Modified: $Date$
Author: Ada Vane <ada@example.org>,
        Bo Lind <bo@example.org>
Status: Active
Type: Process
Content-Type: text/x-rst
Created: 05-Jul-2001
Post-History: 05-Jul-2001, 01-Aug-2013


.. sectnum::

Introduction
============

{PARAGRAPH}

Naming
======

{PARAGRAPH}

Long names
----------

{PARAGRAPH}

Copyright
=========

This document has been placed in the public domain.
"""


def test_an_old_pep_in_a_txt_file_is_read_as_rest_with_its_header_as_metadata() -> None:
    assert detect_format(_OLD_PEP, filename="pep-9999.txt") == "rst"
    article = parse_article(_OLD_PEP, filename="pep-9999.txt")
    assert article.title == "Rules for Naming Rivers"
    assert [fold(title) for title in _titles(article)] == ["introduction", "naming"]
    spoken = _spoken(article)
    for furniture in ("PEP", "Post-History", "Content-Type", "sectnum", "public domain"):
        assert furniture not in spoken


def test_a_txt_file_with_only_underlines_stays_plain_text() -> None:
    text = f"Rivers\n======\n\n{PARAGRAPH}\n\nSources\n-------\n\n{PARAGRAPH}\n"
    assert detect_format(text, filename="notes.txt") == "txt"


def test_a_plain_text_article_with_a_key_value_header_takes_its_title_from_it() -> None:
    text = (
        "Title: Rules for Naming Rivers\nAuthor: Ada Vane\nDate: 2001-07-05\n\n"
        f"INTRODUCTION\n\n{PARAGRAPH}\n\nNAMING\n\n{PARAGRAPH}\n"
    )
    reading = read_article(text, filename="rivers.txt")
    assert reading.article.title == "Rules for Naming Rivers"
    assert reading.article.meta["author"] == "Ada Vane"
    assert _titles(reading.article) == ["INTRODUCTION", "NAMING"]
    assert "Author" not in _spoken(reading.article)


def test_a_one_line_label_opening_a_plain_text_is_not_a_header() -> None:
    text = f"Summary: rivers are long.\n\nRivers\n\n{PARAGRAPH}\n"
    article = parse_article(text, filename="rivers.txt")
    assert "rivers are long" in article.sections[0].text + article.title


# --- code written in prose without code marks ------------------------------------------------


def test_code_words_in_prose_are_read_as_code_not_as_markup() -> None:
    page = (
        "<html><head><title>Guide</title></head><body><main><h1>Guide</h1>"
        f"<p>{PARAGRAPH}</p><h2>Arguments</h2><p>Arguments to __init__ functions are flags, and "
        "a function may take *varargs or **kwargs; set __version__ in __init__.py, and avoid "
        "__names unless you mean it.</p>"
        "<h3>Functions with <code>*varargs</code> and <code>**kwargs</code></h3>"
        f"<p>{PARAGRAPH}</p></main></body></html>"
    )
    article = parse_article(page, fmt="html")
    text = article.sections[-1].text
    for code in ("`__init__`", "`*varargs`", "`**kwargs`", "`__version__`", "`__init__.py`"):
        assert code in text
    spoken = _spoken(article)
    assert "**" not in spoken and "__" not in spoken and "times varargs" not in spoken
    assert article.sections[-1].subheadings == ["Functions with *varargs and **kwargs"]


def test_prose_stars_and_underscores_are_left_alone() -> None:
    text = f"# Notes\n\n{PARAGRAPH}\n\nA snake_case_name, 2**10 and a * b stay as written.\n"
    article = parse_article(text, fmt="md")
    assert "A snake_case_name, 2**10 and a * b stay as written." in article.sections[0].text


# --- a book's front matter --------------------------------------------------------------------

_BOOK_TEXT = (
    "The keeper climbed the stair at dusk, as he had done every night for\n"
    "thirty years, and trimmed the wick before the first ship came round\n"
    "the point. Nobody in the village thanked him for it.\n"
)


def _book(front: str, chapters: list[tuple[str, str]]) -> str:
    body = "".join(f"{label}\n{name}\n\n\n{_BOOK_TEXT}\n\n" for label, name in chapters)
    return (
        "The Project Gutenberg eBook of The Lantern Keeper\n\nTitle: The Lantern Keeper\n\n"
        "Author: Ada Vane\n\n*** START OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***\n\n"
        f"{front}{body}*** END OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***\n\n"
        "Section 1. General Terms of Use\n\nThe licence text.\n"
    )


_CHAPTERS = [
    ("Chapter I.", "The Storm"),
    ("Chapter II.", "The Light"),
    ("Chapter III.", "The Rescue"),
]


def test_a_contents_list_numbered_without_points_is_not_read() -> None:
    front = (
        "THE LANTERN KEEPER\n\nby Ada Vane\n\n\n\n      Contents\n\n      I     The Storm\n"
        "      II    The Light\n      III   The Rescue\n\n\n\n"
    )
    article = parse_article(_book(front, _CHAPTERS), filename="pg9999.txt")
    assert article.title == "The Lantern Keeper"
    assert _titles(article) == [
        "Chapter I. The Storm",
        "Chapter II. The Light",
        "Chapter III. The Rescue",
    ]


def test_an_edition_note_before_the_contents_is_front_matter() -> None:
    front = (
        "The Lantern Keeper\n\n[THE KEEPER]\n\nby Ada Vane\n\n"
        "A Harbour Edition produced in 1991 by Grey Research. Note that while a copyright\n"
        "was initially claimed for the labor involved in digitization, that claim does not\n"
        "hold. This text is in the public domain in the US.\n\n\n"
        "Contents\n\n Chapter I. The Storm\n Chapter II. The Light\n Chapter III. The Rescue\n\n\n"
    )
    reading = read_article(_book(front, _CHAPTERS), filename="pg9999.txt")
    assert _titles(reading.article)[0] == "Chapter I. The Storm"
    assert "Harbour Edition" not in _spoken(reading.article)
    assert any(drop.reason == "an edition note" for drop in reading.explanation.dropped)


def test_a_preface_before_the_first_chapter_is_kept() -> None:
    front = (
        "The Lantern Keeper\n\nby Ada Vane\n\n\nPREFACE\n\n"
        "I wrote this book in the winter my father died, in the house by the light, and the\n"
        "sea was loud every night of it. It is for him and for the keepers.\n\n\n"
    )
    article = parse_article(_book(front, _CHAPTERS), filename="pg9999.txt")
    assert "the house by the light" in " ".join(section.text for section in article.sections)


# --- HTML the extractor glues or strips -----------------------------------------------------

_LONG = (
    "The array keeps the data of every step of the pipeline in one place, so nothing is copied "
    "between the stages that read it. "
) * 3


def test_headings_of_a_page_without_a_main_element_survive_the_extractor() -> None:
    """A figure under the <h1> of a theme that wraps the article in plain <div>s makes the
    extractor drop every heading; they are put back from the innermost element holding its
    text."""
    sections = "".join(f"<h2 id=s{i}>Part {i}</h2><p>{_LONG}</p>" for i in range(1, 4))
    page = (
        "<!doctype html><html><head><title>Site - Case Study: Imaging</title>"
        "<meta property=og:title content='Case Study: Imaging'></head><body>"
        "<nav class=navbar><a href=/>Site</a></nav><section class=content-padding>"
        "<div class=content-container><h1>Case Study: Imaging</h1><figure><img src=/x.jpg "
        "alt='an image'><figcaption><strong>Figure</strong> the image</figcaption></figure>"
        f"<p>{_LONG}</p>{sections}</div></section><footer>Site footer</footer></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert article.title == "Case Study: Imaging"
    assert _titles(article) == ["Case Study: Imaging", "Part 1", "Part 2", "Part 3"]


def test_two_links_side_by_side_keep_the_space_between_them() -> None:
    page = (
        "<html><head><title>Grouping</title></head><body><article><h1>Grouping</h1>"
        f"<p>{_LONG} DuckDB regularly reports <a href='https://a.example/x'>great</a> "
        "<a href='https://b.example/y'>grouping</a> numbers, thanks to <b>Ada Vane</b> "
        f"<i>who contributed a fix</i>.</p><p>{_LONG}</p></article></body></html>"
    )
    text = parse_article(page, fmt="html").sections[0].text
    assert "reports great grouping numbers" in text
    assert "Ada Vane who contributed" in text


def test_a_details_summary_is_a_label_not_a_chapter() -> None:
    page = (
        "<html><head><title>Troubleshooting</title></head><body><main><h1>Troubleshooting</h1>"
        f"<h2>Tabs do not work</h2><p>{_LONG}</p><details class=example><summary>JavaScript "
        f"workaround</summary><p>{_LONG}</p></details><h2>Footnotes vanish</h2><p>{_LONG}</p>"
        "</main></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert _titles(article) == ["Tabs do not work", "Footnotes vanish"]
    assert "JavaScript workaround" in article.sections[0].text


# --- MDX components around code ------------------------------------------------------------


def test_code_fenced_inside_mdx_components_is_code_not_headings() -> None:
    text = (
        "---\ntitle: Migrating from Elsewhere\n---\n\nimport { Tabs } from '@astrojs/starlight';\n\n"
        f"{PARAGRAPH}\n\n## Create a project\n\n{PARAGRAPH}\n\n  <PackageManagerTabs>\n"
        '    <Fragment slot="npm">\n    ```shell\n    # launch the wizard\n'
        "    npm create thing@latest\n\n    # create a new project from an example\n"
        "    npm create thing@latest -- --template <example-name>\n    ```\n    </Fragment>\n"
        '    <Fragment slot="pnpm">\n    ```shell\n    # launch the wizard\n'
        "    pnpm create thing@latest\n    ```\n    </Fragment>\n"
        "  </PackageManagerTabs>\n\n1. Copy your files.\n\n    ```js\n    # not a heading\n"
        f"    ```\n\n## Convert the pages\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="migrate.mdx")
    assert _titles(article) == ["Migrating from Elsewhere", "Create a project", "Convert the pages"]
    spoken = _spoken(article)
    for code in ("Fragment", "npm create", "launch the wizard", "not a heading", "```"):
        assert code not in spoken
    assert "A code example is shown in the article." in article.sections[1].text


# --- blog furniture: bylines, comment widgets, unrendered footnotes, the title said twice -----


def test_a_blog_post_without_its_byline_comments_widget_and_raw_footnotes() -> None:
    page = (
        "<html><head><title>Grouping Fast in Ferry 28.0.0</title></head><body>"
        "<nav class=navbar><a href=/>Ferry Blog</a></nav><div class=container><div class=row>"
        "<div class=col><h1>Grouping Fast in Ferry 28.0.0</h1>"
        "<p>Posted on: Sat 05 August 2023 by ada, bo</p>"
        "<h2 id=a>Grouping Fast in Ferry</h2><p>Ada Vane, Bo Lind</p>"
        "<p>Note: this article was first published elsewhere.</p>"
        f"<h2 id=b>TLDR</h2><p>{_LONG} Ferry reads 100 million rows[^1] at once.</p>"
        f"<h2 id=c>The solution</h2><p>{_LONG}</p><h3 id=d>Notes</h3><p>{_LONG}</p>"
        f"<h2 id=e>About Ferry</h2><p>Ferry is a query engine. {_LONG}</p>"
        "<h2 id=f>Notes</h2><p>[^1]: <code>SELECT COUNT(*) FROM 'hits.parquet';</code></p>"
        "<p>[^2]: Full script at hash.py</p>"
        "<div><hr><h3 id=comments>Comments</h3><div id=giscus-consent><p>We use "
        "<a href='https://giscus.app/'>Giscus</a> for comments, powered by GitHub Discussions."
        ' Comments load only if you click "Show Comments"</p><button id=giscus-load>Show '
        "Comments</button></div><div id=comment-thread></div></div>"
        "</div></div></div><footer>Copyright 2023</footer></body></html>"
    )
    reading = read_article(page, fmt="html")
    article = reading.article
    assert article.title == "Grouping Fast in Ferry 28.0.0"
    assert _titles(article) == [
        "Grouping Fast in Ferry 28.0.0",
        "TLDR",
        "The solution",
        "About Ferry",
    ]
    assert "first published elsewhere" in article.sections[0].text
    spoken = _spoken(article)
    for furniture in ("Posted on", "[^", "Giscus", "Show Comments", "hash.py"):
        assert furniture not in spoken, furniture
    assert "100 million rows at once" in article.sections[1].text
    assert any(drop.reason == "a byline" for drop in reading.explanation.dropped)


def test_a_first_heading_that_names_only_part_of_the_title_is_a_chapter() -> None:
    text = (
        f"---\ntitle: Getting started with the Ferry command line\n---\n\n{PARAGRAPH}\n\n"
        f"## Getting started\n\n{PARAGRAPH}\n\n## Next steps\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, fmt="md")
    assert _titles(article)[1:] == ["Getting started", "Next steps"]


def test_a_sentence_about_publishing_is_not_a_byline() -> None:
    text = f"# Printing\n\n{PARAGRAPH}\n\nPublished in 1455, the Bible was the first book.\n"
    assert "Published in 1455" in parse_article(text, fmt="md").sections[0].text


# --- README openings written in HTML ---------------------------------------------------------


def test_a_readme_header_in_html_with_a_row_of_links_into_the_page() -> None:
    text = (
        '<p align="center">\n  <img src="doc/logo.svg" alt="quill - a pen with wings"><br>\n'
        '  <a href="https://github.com/ada/quill/actions"><img src="https://github.com/ada/quill'
        '/workflows/CI/badge.svg" alt="Build Status"></a><br>\n'
        "  A <i>pen(1)</i> clone with colours and Git integration.\n</p>\n\n"
        '<p align="center">\n  <a href="#colours">Key Features</a> •\n'
        '  <a href="#how-to-use">How To Use</a> •\n  <a href="#installation">Installation</a><br>\n'
        '  [English]\n  [<a href="doc/README-zh.md">中文</a>]\n</p>\n\n'
        f"### Colours\n\n{PARAGRAPH}\n\n### Git integration\n\n{PARAGRAPH}\n\n"
        f"## How to use\n\n{PARAGRAPH}\n\n## Installation\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert _titles(article) == ["quill", "Colours", "Git integration", "How to use", "Installation"]
    assert "clone with colours and Git integration" in article.sections[0].text
    spoken = _spoken(article)
    for furniture in ("Key Features", "How To Use", "English", "Build Status", "wings"):
        assert furniture not in spoken, furniture


_BACK_TO_TOP = '\n<p align="right">(<a href="#readme-top">back to top</a>)</p>\n\n'


def test_a_readme_template_header_details_contents_and_back_to_top_links() -> None:
    text = (
        '<a id="readme-top"></a>\n<!-- PROJECT LOGO -->\n<br />\n<div align="center">\n'
        '  <a href="https://github.com/ada/quill">\n    <img src="images/logo.png" alt="Logo">\n'
        '  </a>\n\n  <h3 align="center">Quill</h3>\n\n  <p align="center">\n'
        "    A pen for the command line!\n    <br />\n"
        '    <a href="https://github.com/ada/quill"><strong>Explore the docs »</strong></a>\n'
        '    <br />\n    <br />\n    <a href="https://github.com/ada/quill">View Demo</a>\n'
        '    &middot;\n    <a href="https://github.com/ada/quill/issues">Report Bug</a>\n'
        '    &middot;\n    <a href="https://github.com/ada/quill/issues">Request Feature</a>\n'
        "  </p>\n</div>\n\n<details>\n  <summary>Table of Contents</summary>\n  <ol>\n"
        '    <li><a href="#about-the-project">About The Project</a></li>\n'
        '    <li><a href="#roadmap">Roadmap</a></li>\n'
        '    <li><a href="#acknowledgments">Acknowledgments</a></li>\n  </ol>\n</details>\n\n'
        f"## About The Project\n\n{PARAGRAPH}\n{_BACK_TO_TOP}"
        "## Roadmap\n\n- [x] Add a changelog\n- [x] Add back to top links\n- [ ] Add more pens\n"
        f"{_BACK_TO_TOP}## Acknowledgments\n\nUse this space to thank the people who helped.\n\n"
        "* [Choose a License](https://choosealicense.com)\n* [Img Shields](https://shields.io)\n"
        f"{_BACK_TO_TOP}"
    )
    article = parse_article(text, filename="README.md")
    assert article.title == "Quill"
    assert _titles(article) == ["Quill", "About The Project", "Roadmap", "Acknowledgments"]
    assert article.sections[0].text == "A pen for the command line!"
    assert "Add back to top links." in article.sections[2].text
    spoken = _spoken(article)
    for furniture in (
        "(back to top)",
        "Explore the docs",
        "Report Bug",
        "Table of Contents",
        "[x]",
    ):
        assert furniture not in spoken, furniture
    assert "thank the people who helped" in spoken


def test_share_links_in_a_readme_are_widgets() -> None:
    text = (
        f'# Books\n\n{PARAGRAPH}\n\n## How To Share\n\n<div align="left" markdown="1">\n'
        '<a href="https://www.facebook.com/share.php?u=x">Share on Facebook</a><br>\n'
        '<a href="https://t.me/share/url?url=x">Share on Telegram</a><br>\n'
        '<a href="https://twitter.com/intent/tweet?text=x">Share on 𝕏 (Twitter)</a><br>\n'
        f"</div>\n\n## Resources\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert _titles(article) == ["Books", "Resources"]
    assert "Share on" not in _spoken(article)


def test_markdown_written_inside_an_html_block_is_read_as_markdown() -> None:
    text = (
        f'# Tool\n\n{PARAGRAPH}\n\n## Opinions\n\n<div markdown="1">\n'
        '"_I am using **Tool** a lot these days._"\n\n<div style="text-align: right; '
        'margin-right: 10%;">Ada Vane - <strong>Ferry</strong> <a href="https://x.example">'
        "<small>(ref)</small></a></div>\n</div>\n"
    )
    text_out = parse_article(text, filename="README.md").sections[-1].text
    assert "I am using Tool a lot these days." in text_out
    assert "**" not in text_out and "_I" not in text_out


def test_raw_html_that_is_a_whole_document_in_markdown_is_read_without_a_crash() -> None:
    from article2audio.parse.html import fragment_blocks

    assert fragment_blocks("<html lang='fr'>", []) == []
    assert [b.text for b in fragment_blocks("<head><title>t</title></head><p>a<br>b</p>", [])][
        -2:
    ] == ["a", "b"]


# --- plain text: tables, labels, hard-wrapped paragraphs, RFC boilerplate at the end ----------

_RFC_BODY = (
    "   Date and time formats cause a lot of confusion and interoperability\n"
    "   problems on the Internet.  This document addresses many of the\n"
    "   problems encountered and makes recommendations to improve them.\n"
)


def _rfc(sections: str) -> str:
    return (
        "\n\nNetwork Working Group                                           A. Vane\n"
        "Request for Comments: 9999                                    Ferry Ltd\n"
        "Category: Standards Track                                      July 2002\n\n\n"
        "               Timestamps on the Ferry Network\n\n"
        f"Status of this Memo\n\n{_RFC_BODY}\nCopyright Notice\n\n"
        "   Copyright (C) The Internet Society (2002).  All Rights Reserved.\n\n"
        f"Abstract\n\n{_RFC_BODY}\n{sections}"
    )


def test_an_rfc_table_with_column_rules_is_a_table_not_headings() -> None:
    sections = (
        f"1. Introduction\n\n{_RFC_BODY}\n"
        "      Month Number  Month/Year           Maximum value of date-mday\n"
        "      ------------  ----------           --------------------------\n"
        "      01            January              31\n"
        "      02            February, normal     28\n\n"
        f"{_RFC_BODY}\n2. Definitions\n\n{_RFC_BODY}\n"
        "Appendix A. Collected ABNF\n\n"
        f"{_RFC_BODY}\nTime:\n   time-hour = 2DIGIT ; 00-23\n\nDurations:\n"
        f'   dur-second = 1*DIGIT "S"\n\n{_RFC_BODY}\n'
        "Acknowledgements\n\n   Thanks to the many people who read this.\n\n"
        "Authors' Addresses\n\n   Ada Vane\n   Ferry Ltd\n   ada@example.org\n\n"
        "Full Copyright Statement\n\n   Copyright (C) The Internet Society (2002).  All Rights"
        " Reserved.\n\nAcknowledgement\n\n   Funding for the RFC Editor function is currently"
        " provided by the\n   Internet Society.\n"
    )
    article = parse_article(_rfc(sections), filename="rfc9999.txt")
    assert article.title == "Timestamps on the Ferry Network"
    assert _titles(article) == [
        "Abstract",
        "1. Introduction",
        "2. Definitions",
        "Appendix A. Collected ABNF",
        "Acknowledgements",
    ]
    assert "A table is shown in the article." in article.sections[1].text
    spoken = _spoken(article)
    for furniture in ("Month Number", "January", "All Rights Reserved", "Funding", "Ferry Ltd"):
        assert furniture not in spoken, furniture


def test_a_hard_wrapped_paragraph_broken_before_a_name_is_one_paragraph() -> None:
    sections = (
        "1. Introduction\n\n"
        "   The main idea in this document is taken from [DNSRRR], Section 3,\n"
        '   "Stopping Downward Cache Search on NXDOMAIN".  Thanks to its authors,\n'
        "   Paul Vixie, Rodney Joffe, and Frederico Neves.  Additionally, Tony\n"
        "   Finch, Ted Lemon, John Levine, Jinmei Tatuya, Bob Harold, and Duane\n"
        f"   Wessels provided valuable feedback and suggestions.\n\n{_RFC_BODY}"
    )
    article = parse_article(_rfc(sections), filename="rfc9999.txt")
    assert "Thanks to its authors, Paul Vixie, Rodney Joffe" in article.sections[-1].text


def test_verse_lines_stay_lines() -> None:
    text = (
        "THE SONG\n\nCHAPTER I.\n\n"
        "   ‘You are old, Father William,’ the young man said,\n"
        "    ‘And your hair has become very white;\n"
        "   And yet you incessantly stand on your head--\n"
        "    Do you think, at your age, it is right?’\n\n"
        f"{PARAGRAPH}\n\nCHAPTER II.\n\n{PARAGRAPH}\n"
    )
    text_out = parse_article(text, fmt="txt").sections[-2].text
    assert "the young man said,\n\n‘And your hair" in text_out


# --- rules of earlier rounds narrowed to what they mean (ordinary documents of other kinds) ---


def test_a_section_that_starts_with_license_is_not_a_licence_notice() -> None:
    text = (
        f"# Choosing a licence\n\n{PARAGRAPH}\n\n## License compatibility\n\nTwo licences are "
        "compatible when code under one may be combined with code under the other.\n\n"
        f"## Copyright\n\nWho owns the words you write at work is a question for your contract. "
        f"{PARAGRAPH}\n\n## License\n\nThis guide is released under the MIT License.\n\n"
        f"## Contact\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, fmt="md")
    assert _titles(article) == [
        "Choosing a licence",
        "License compatibility",
        "Copyright",
        "Contact",
    ]


def test_a_discussion_label_at_the_end_over_prose_is_the_article() -> None:
    text = (
        f"# Results\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n**Discussion**\n\n"
        "The effect held in every group we measured, which we did not expect at all.\n"
    )
    assert "did not expect" in parse_article(text, fmt="md").sections[0].text


def test_a_class_that_only_starts_like_furniture_does_not_name_furniture() -> None:
    import lxml.html

    from article2audio.parse.html import _is_chrome_name

    def named(names: str) -> bool:
        return _is_chrome_name(lxml.html.fragment_fromstring(f"<div class='{names}'>x</div>"))

    for furniture in ("share-buttons", "sharebar", "promo", "advert-box", "toc", "sidebar-left"):
        assert named(furniture), furniture
    for content in ("shared-note", "shareholder-letter", "promotion-rules", "advertising-study"):
        assert not named(content), content


def test_a_definition_list_that_explains_metadata_fields_is_the_text() -> None:
    page = (
        "<html><head><title>Front matter</title></head><body><main><h1>Front matter</h1>"
        f"<p>{_LONG}</p><dl><dt>title</dt><dd>The title of the page, shown in the browser tab "
        "and in every list of pages.</dd><dt>date</dt><dd>The date the page was first "
        "published, used to sort the posts of a blog.</dd><dt>author</dt><dd>Who wrote the "
        "page; a list when several people did.</dd></dl></main></body></html>"
    )
    text = parse_article(page, fmt="html").sections[0].text
    assert "used to sort the posts of a blog" in text


# --- HTML of other generators and newsrooms (found on pages of mozilla/readability's tests) ----


def test_sections_whose_ids_are_slugs_of_their_headings_are_the_text() -> None:
    """docutils and Sphinx give each section the slug of its heading as id; a heading that
    starts "Sharing ..." or holds "ad hoc" does not make its section page furniture."""
    page = (
        "<html><head><title>Evolve: Shared History</title></head><body><div class=document>"
        f"<div class=section id=evolve-shared-history><h1>Evolve: Shared History</h1><p>{_LONG}</p>"
        "<div class=section id=sharing-with-a-single-developer><h2>Sharing with a single "
        f"developer</h2><p>{_LONG}</p></div><div class=section id=related-work-on-history>"
        f"<h2>Related work on history</h2><p>{_LONG}</p></div><dl><dt class=subheaders "
        "id=conducting-ad-hoc-analysis>Conducting ad hoc analysis</dt><dd>Looking at old data "
        f"by hand.</dd></dl><div class=section id=conclusion><h2>Conclusion</h2><p>{_LONG}</p>"
        "</div></div></div></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert _titles(article) == [
        "Evolve: Shared History",
        "Sharing with a single developer",
        "Related work on history",
        "Conclusion",
    ]
    import lxml.html

    from article2audio.parse.html import _is_chrome_name

    term = "<dt class=subheaders id=conducting-ad-hoc-analysis>Conducting ad hoc analysis</dt>"
    assert not _is_chrome_name(lxml.html.fragment_fromstring(term))


def test_a_share_heading_a_dek_and_a_scene_break_are_not_chapters_or_words() -> None:
    dek = (
        "I tried the headset, and just like the first phone with a sharp screen a decade ago, "
        "there is no going back from here at all."
    )
    page = (
        "<html><head><title>The headset moment | Gadgets</title></head><body><article>"
        f"<h1>The headset moment</h1><h2>{dek}</h2><h2>Share this story</h2><p>{_LONG}</p>"
        "<div style='text-align: center'><span>******</span></div>"
        f"<p>{_LONG}</p><figure><img src=a.png alt='A headset.&lt;br&gt;&lt;small&gt;Photo by "
        "&lt;a href=&quot;https://x.example&quot;&gt;Ada Vane&lt;/a&gt;&lt;/small&gt;'>"
        "</figure><p>The end of it.</p></article></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert _titles(article) == ["The headset moment"]
    assert dek in article.sections[0].text
    spoken = _spoken(article)
    for furniture in ("Share this story", "******", "<", "href"):
        assert furniture not in spoken, furniture


# --- RFCs of other eras and layouts (found on RFCs of isc-projects/bind9's doc/rfc) ----------


def test_an_rfc_discussion_that_cites_rfcs_is_prose_not_references() -> None:
    cites = (
        "   The transport of DNS over TCP is described in RFC 1035 and RFC 1123, which\n"
        "   note that TCP is used when a response does not fit in a datagram; later\n"
        "   documents such as RFC 5966 relax that and say resolvers should use it.\n"
    )
    sections = (
        "Table of Contents\n\n   1. Introduction ....................................2\n"
        "   2. Discussion ......................................3\n"
        "   Appendix A.  Motivations and Implications of Synthesizing AAAA\n"
        "                Resource Records when Real AAAA Resource Records\n"
        "                Exist ...........................................30\n"
        "   3.2.2. Sample Code for the Algorithm ...5\n\n"
        f"1. Introduction\n\n{_RFC_BODY}\n2. Discussion\n\n{cites}\n{cites}\n"
        "Appendix A.  Motivations and Implications of Synthesizing AAAA Resource\n"
        f"             Records when Real AAAA Resource Records Exist\n\n{_RFC_BODY}\n"
        '9. References\n\n   [RFC1035]  Mockapetris, P., "Domain names - implementation and\n'
        '              specification", STD 13, RFC 1035, November 1987.\n'
    )
    article = parse_article(_rfc(sections), filename="rfc9999.txt")
    assert _titles(article) == [
        "Abstract",
        "1. Introduction",
        "2. Discussion",
        "Appendix A. Motivations and Implications of Synthesizing AAAA Resource Records when "
        "Real AAAA Resource Records Exist",
    ]
    assert "Sample Code" not in _spoken(article)


def test_an_old_rfc_with_flush_headers_tables_and_diagrams() -> None:
    header = "RFC1123                  INTRODUCTION                 October 1989\n\n"
    footer = "\nBraden                                                          [Page 5]\n\f\n"
    body = (
        "1.  STATUS OF THIS MEMO\n\n   This RFC is an official specification for the Internet\n"
        "   community.  Distribution of this memo is unlimited.\n\n"
        f"2.  INTRODUCTION\n\n{_RFC_BODY}{footer}{header}"
        "     The header contains the following fields:\n\n"
        "                                    1  1  1  1  1  1\n"
        "      0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5\n"
        "    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+\n"
        "    |                      ID                       |\n"
        "    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+\n\n"
        "                                               |       | | | |S|\n"
        "FEATURE                                        |SECTION| | | |T|\n"
        "-----------------------------------------------|-------|-|-|-|-|\n"
        "User interfaces:                               |       | | | | |\n"
        "  Allow host name to begin with digit          |2.1    |x| | | |\n\n"
        "      Type     Meaning\n      ----     -------\n      A        a host address\n"
        "      NS       an authoritative name server\n\n"
        "VAXA    A       10.2.0.27\n        A       128.9.0.33\n\n"
        f"{_RFC_BODY}\n3.  MESSAGES\n\n{_RFC_BODY}"
    )
    text = (
        "\nNetwork Working Group                                        R. Braden\n"
        "Request for Comments: 1123                                          IETF\n"
        "                                                            October 1989\n\n\n"
        "          Requirements for Internet Hosts -- Application and Support\n\n"
        f"{body}"
    )
    article = parse_article(text, filename="rfc1123.txt")
    assert article.title == "Requirements for Internet Hosts -- Application and Support"
    assert _titles(article) == ["2. INTRODUCTION", "3. MESSAGES"]
    spoken = _spoken(article)
    for furniture in ("RFC1123", "STATUS", "FEATURE", "+--", "VAXA", "Meaning", "|"):
        assert furniture not in spoken, furniture
    assert "A table is shown in the article." in article.sections[0].text


# --- books of other shapes (found on Gutenberg texts of gutenbergbooks/* repositories) ---------


def _chapter(label: str, name: str = "") -> str:
    return f"{label}\n{name}\n\n\n{_BOOK_TEXT}\n" if name else f"{label}\n\n\n{_BOOK_TEXT}\n"


def test_a_book_without_gutenberg_marks_is_still_read_as_a_book() -> None:
    letter = "“I remain, dear sir, yours,\n\n“CAROLINE BINGLEY.”\n\n"
    text = (
        "The Lantern Keeper\n\nby Ada Vane\n\n\n"
        + _chapter("Chapter I", "The Cyclone")
        + letter
        + _chapter("Chapter II", "The Council with the Munchkins")
        + _chapter("Chapter III", "How Dorothy Saved the Scarecrow")
    )
    article = parse_article(text, filename="book.txt")
    assert _titles(article)[-3:] == [
        "Chapter I The Cyclone",
        "Chapter II The Council with the Munchkins",
        "Chapter III How Dorothy Saved the Scarecrow",
    ]


def test_parts_over_chapters_make_the_chapters_and_are_read_at_their_first_chapter() -> None:
    contents = (
        "     CONTENTS\n\n     PART ONE\n     The Old Buccaneer\n\n"
        "     I.  THE STORM . . . . . . . . . 11\n     II.  THE LIGHT . . . . . . . . 17\n\n"
        "     PART TWO\n     The Sea Cook\n\n     III.  THE RESCUE . . . . . . . 24\n"
        "     IV.  THE HARBOUR . . . . . . . 30\n\n"
        "     PART THREE\n     The Stockade\n\n     V.  THE FIRE  . . . . . . . .  36\n\n\n"
    )
    body = (
        "PART ONE--The Old Buccaneer\n\n\n\n"
        + _chapter("I", "The Storm")
        + _chapter("II", "The Light")
        + "PART TWO--The Sea Cook\n\n\n\n"
        + _chapter("III", "The Rescue")
        + _chapter("IV", "The Harbour")
        + "PART THREE--The Stockade\n\n\n\n"
        + _chapter("V", "The Fire")
    )
    article = parse_article(_book(contents + body, []), filename="pg9999.txt")
    assert _titles(article) == [
        "I The Storm",
        "II The Light",
        "III The Rescue",
        "IV The Harbour",
        "V The Fire",
    ]
    assert article.sections[2].text.startswith("PART TWO--The Sea Cook")
    assert ". . ." not in _spoken(article)


def test_a_contents_of_chapter_summaries_is_not_read_nor_made_chapters() -> None:
    contents = (
        "CONTENTS\n\n\nCHAPTER I. Y-o-u-u Tom—Aunt Polly Decides Upon her Duty—Tom Practices\n"
        "Music—The Challenge\n\nCHAPTER II. Strong Temptations—Strategic Movements\n\n"
        "CHAPTER III. A Useful Minister—In Church—The Climax\n\n"
        "CHAPTER IV. Tom Reconnoiters—Learns the Situation—Reports at Camp\n\n\n"
    )
    body = "".join(_chapter(f"CHAPTER {n}") for n in ("I", "II", "III", "IV"))
    article = parse_article(_book(contents + body, []), filename="pg9999.txt")
    assert _titles(article) == ["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"]
    assert "Useful Minister" not in _spoken(article)


def test_long_chapter_labels_are_headings_and_a_sentence_is_not_a_chapter_name() -> None:
    chapters = (
        _chapter("CHAPTER 1.", "Loomings.")
        + "CHAPTER 2. Of the Less Erroneous Pictures of Whales, and the True Pictures of "
        "Whaling Scenes.\n\n\n"
        + _BOOK_TEXT
        + "\n"
        + "Chapter 3\n\n\nOn my return, I found the following letter from my father:—\n\n"
        + _BOOK_TEXT
    )
    article = parse_article(_book(chapters, []), filename="pg9999.txt")
    assert [fold(title) for title in _titles(article)] == [
        "loomings",
        "of the less erroneous pictures of whales and the true pictures of whaling scenes",
        "chapter 3",
    ]
    assert article.sections[-1].text.startswith("On my return, I found")


# --- Markdown docs with live demos (found on vuejs/docs, rust-lang/book, encode/httpx) ---------


def test_headings_in_a_demo_further_down_are_not_chapters() -> None:
    demo = (
        '<div class="demo">\n  <button @click="awesome = !awesome">Toggle</button>\n'
        '  <h1 v-if="awesome">Vue is awesome!</h1>\n  <h1 v-else>Oh no</h1>\n</div>\n\n'
    )
    for name in ("conditional.md", "conditional.mdx"):
        text = (
            f"# Conditional Rendering {{#conditional-rendering}}\n\n{PARAGRAPH}\n\n"
            f"## `v-if` {{#v-if}}\n\n{PARAGRAPH}\n\n## `v-else`\n\n{PARAGRAPH}\n\n{demo}"
            f"## `v-if` on `<template>`\n\n{PARAGRAPH}\n"
        )
        article = parse_article(text, filename=name)
        assert _titles(article) == [
            "Conditional Rendering",
            "v-if",
            "v-else",
            "v-if on template",
        ], name


def test_a_readme_header_in_html_keeps_its_heading() -> None:
    text = (
        '<div align="center">\n  <h1>Quill</h1>\n  <p>A pen for the command line.</p>\n'
        f"</div>\n\n{PARAGRAPH}\n\n## Install\n\n{PARAGRAPH}\n\n## Use\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert article.title == "Quill"
    assert _titles(article) == ["Quill", "Install", "Use"]


# --- round 4: the fallback text of media elements is for old browsers, never the article -----

_FALLBACKS = (
    "Your browser does not support the video tag.",
    "Your browser does not support the audio element.",
    "You need a plug-in to see this.",
    "Your browser does not support iframes.",
    "Please enable JavaScript to view the comments.",
)


def test_fallback_text_of_media_elements_in_a_page_is_not_read() -> None:
    page = (
        "<html><head><title>A demo</title></head><body><article><h1>A demo</h1>"
        f"<p>{_LONG}</p><video controls width=600><source src=/a.mp4 type=video/mp4>"
        f"{_FALLBACKS[0]}</video><p>{_LONG}</p><h2>Sound</h2><p>{_LONG}</p><audio controls>"
        f"<source src=/a.mp3>{_FALLBACKS[1]}</audio><object data=/movie.swf><p>{_FALLBACKS[2]}"
        f"</p></object><iframe src=/x>{_FALLBACKS[3]}</iframe><noscript>{_FALLBACKS[4]}"
        f"</noscript><figure><video src=/b.mp4>{_FALLBACKS[0]}</video><figcaption>The pipeline "
        f"at work.</figcaption></figure><p>{_LONG}</p></article></body></html>"
    )
    reading = read_article(page, fmt="html")
    assert _titles(reading.article) == ["A demo", "Sound"]
    spoken = _spoken(reading.article)
    for fallback in _FALLBACKS:
        assert fallback not in spoken, fallback
    assert "The pipeline at work." in spoken
    assert any("fallback" in drop.reason for drop in reading.explanation.dropped)


def test_fallback_text_of_media_elements_in_markdown_and_mdx_is_not_read() -> None:
    text = (
        f'# A demo\n\n{PARAGRAPH}\n\n<video controls src="a.mp4">\n  {_FALLBACKS[0]}\n'
        f'</video>\n\n{PARAGRAPH}\n\nThe clip <video src="b.mp4">{_FALLBACKS[0]}</video> '
        f'shows the pipeline.\n\n## Sound\n\n{PARAGRAPH}\n\n<p align="center"><audio '
        f'src="a.mp3">{_FALLBACKS[1]}</audio></p>\n\n<iframe src="https://x.example">'
        f"{_FALLBACKS[3]}</iframe>\n\n{PARAGRAPH}\n\n```html\n<video>{_FALLBACKS[0]}</video>\n```\n"
    )
    for name in ("demo.md", "demo.mdx"):
        article = parse_article(text, filename=name)
        assert _titles(article) == ["A demo", "Sound"], name
        spoken = _spoken(article)
        for fallback in _FALLBACKS:
            assert fallback not in spoken, (name, fallback)
        assert "The clip shows the pipeline." in article.sections[0].text, name


# --- round 4: metadata lines under a design document's title are metadata, not prose --------


def test_metadata_lines_under_a_design_documents_title_are_metadata() -> None:
    text = (
        "# Proposal: Faster rivers\n\nAuthor(s): Ada Vane, Bo Lind\n\n"
        "_With input from Cy Moss and Di Park._\n\nLast updated: September 14, 2016\n\n"
        "Discussion at https://example.org/issue/12345.\n\n"
        f"## Abstract\n\n{PARAGRAPH}\n\n## Background\n\n{PARAGRAPH}\n"
    )
    reading = read_article(text, filename="12345-faster-rivers.md")
    article = reading.article
    assert article.title == "Proposal: Faster rivers"
    assert _titles(article) == ["Abstract", "Background"]
    assert article.meta["author"] == "Ada Vane, Bo Lind"
    assert article.meta["date"] == "2016-09-14"
    spoken = _spoken(article)
    assert spoken.startswith("Proposal: Faster rivers, by Ada Vane, Bo Lind.")  # the title line
    for line in ("Author", "Last updated", "Discussion at", "With input from", "Cy Moss"):
        assert line not in spoken, line
    assert any(drop.reason.startswith("metadata") for drop in reading.explanation.dropped)


def test_metadata_lines_run_together_in_one_paragraph_or_after_a_subtitle() -> None:
    for header in (
        "Authors: Ada Vane & Bo Lind.\nLast updated: July 18, 2016\n\n"
        "Discussion at [example.org/issue/1](https://example.org/issue/1).",
        "Author: Ada Vane\\\nLast Updated: March 20, 2018\\\nDiscussion: https://example.org/issue/1",
        "or, *How I learned to love the river*\n\nAda Vane\\\nBo Lind\n\n"
        "Last updated: 2015-09-30.\n\n[example.org/design/1-rivers](https://example.org/d/1)",
        "Status: Draft\nCreated: 2020-01-02\nAuthors: Ada Vane",
    ):
        text = f"# Faster rivers\n\n{header}\n\n## Abstract\n\n{PARAGRAPH}\n\n## Design\n\n{PARAGRAPH}\n"
        article = parse_article(text, filename="rivers.md")
        spoken = _spoken(article)
        assert "Ada Vane" not in " ".join(section.text for section in article.sections), header
        assert "Author" not in spoken and "updated" not in spoken.lower(), header
        assert "example.org" not in spoken and "Draft" not in spoken, header
        assert "Ada Vane" in article.meta["author"], header
        assert _titles(article)[-2:] == ["Abstract", "Design"], header


def test_a_list_of_fields_under_the_title_is_metadata() -> None:
    text = (
        "# Rivers that flow uphill\n\n* Proposal: [RV-0042](0042-uphill.md)\n"
        "* Authors: [Ada Vane](https://example.org/ada), [Bo Lind](https://example.org/bo)\n"
        "* Review Manager: [Cy Moss](https://example.org/cy)\n* Status: **Implemented (2.2)**\n"
        f"* Decision Notes: [Rationale](https://example.org/r)\n\n## Introduction\n\n{PARAGRAPH}\n\n"
        f"## Motivation\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="0042-uphill.md")
    assert _titles(article) == ["Introduction", "Motivation"]
    assert "Implemented" not in _spoken(article)
    assert article.meta["author"] == "Ada Vane, Bo Lind"


def test_prose_that_opens_with_a_label_is_not_metadata() -> None:
    text = (
        "# Rivers\n\nStatus: the river is rising, and the town council has asked everyone who "
        "lives by the water to move their cars before the evening tide comes in.\n\n"
        f"Note: {PARAGRAPH}\n\n## Levels\n\n{PARAGRAPH}\n\n## Later\n\nUpdated on Monday, the "
        f"levels fell.\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="rivers.md")
    assert article.sections[0].text.startswith("Status: the river is rising")
    assert "Updated on Monday, the levels fell." in article.sections[-1].text


def test_repository_paths_named_in_the_text_do_not_name_the_document() -> None:
    uses = "".join(
        f"### github.com/ada/origin/pkg/file{i}.go:{i}\n\n{PARAGRAPH}\n\n" for i in range(3)
    )
    text = (
        f"# Proposal: Faster rivers\n\nAuthor: Ada Vane\n\n## Abstract\n\n{PARAGRAPH}\n\n"
        f"## Design\n\n{PARAGRAPH}\n\n# Appendix: uses of rivers\n\n{PARAGRAPH}\n\n{uses}"
    )
    article = parse_article(text, filename="rivers.md")
    assert article.title == "Proposal: Faster rivers"
    assert _titles(article) == ["Abstract", "Design", "Appendix: uses of rivers"]


def test_an_update_note_under_the_title_is_the_authors_text() -> None:
    for note in ("Update: this post is out of date, see the new one.", "Updated: the code moved."):
        text = f"# Rivers\n\n{note}\n\n{PARAGRAPH}\n\n## Levels\n\n{PARAGRAPH}\n"
        assert note in parse_article(text, filename="rivers.md").sections[0].text


# --- round 4: a README's tagline in an HTML heading under its banner -------------------------

_TAGLINE = "The fastest way to write letters from the command line"
_QUILL_PROSE = (
    "is a small tool that writes, signs and sends letters without leaving the terminal, and it "
    "keeps every draft in a plain folder you can read."
)


def _banner_readme(banner: str, prose_name: str) -> str:
    return (
        f'<p align="center">\n  {banner}\n</p>\n\n<h2 align="center">{_TAGLINE}</h2>\n\n'
        '<p align="center">\n  <a href="https://ci.example.org/quill"><img '
        'src="https://img.shields.io/badge/build-passing-green.svg" alt="build"></a>\n</p>\n\n'
        f"{prose_name} {_QUILL_PROSE}\n\n## Features\n\n{PARAGRAPH}\n\n## Installation\n\n"
        f"{PARAGRAPH}\n"
    )


def test_a_readme_tagline_in_an_html_heading_under_a_banner_is_read_in_the_lead() -> None:
    for banner, prose_name in (
        ('<img src="assets/banner.png" alt="Quill banner" width="600">', "Quill"),
        (
            '<a href="https://github.com/ada/quill"><img src="assets/banner.png" alt="banner"></a>',
            "Quill",
        ),
        ('<img src="assets/banner.png" width="600">', "**Quill**"),
        ('<img src="assets/banner.png" width="600">', "Quill"),
    ):
        article = parse_article(_banner_readme(banner, prose_name), filename="README.md")
        assert article.title == "Quill", banner
        assert _titles(article) == ["Quill", "Features", "Installation"], banner
        lead = article.sections[0].text
        assert lead.startswith(_TAGLINE), banner
        assert f"Quill {_QUILL_PROSE}" in lead, banner


def test_a_readme_name_in_an_html_heading_is_still_its_title() -> None:
    text = (
        '<p align="center"><img src="logo.png"></p>\n<h2 align="center">Quill</h2>\n\n'
        f"{PARAGRAPH}\n\n## Features\n\n{PARAGRAPH}\n\n## Installation\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert article.title == "Quill"
    assert _titles(article) == ["Quill", "Features", "Installation"]


def test_a_readme_is_not_named_after_a_sponsors_logo_or_a_word_for_a_picture() -> None:
    sponsors = (
        '<div align="center">\n<sup>Special thanks to:</sup>\n<br>\n<a href="https://warp.example">'
        '\n  <img src="sponsor.png" width="400" alt="Warp">\n  <b>Warp, the terminal</b>\n</a>\n'
        "<hr>\n</div>\n\n"
    )
    for opening in (
        f'{sponsors}<p align="center">\n  <img width="536" src="shot.png" alt="image">\n</p>\n\n',
        '<p align="center"><img src="b.png" alt="Quill - letters from the terminal"></p>\n\n',
    ):
        text = (
            f"{opening}Quill {_QUILL_PROSE}\n\n## Features\n\nSee the [issues]"
            f"(https://github.com/ada/quill/issues) and [pulls](https://github.com/ada/quill/pulls)."
            f" {PARAGRAPH}\n\n## Installation\n\n{PARAGRAPH}\n"
        )
        article = parse_article(text, filename="README.md")
        assert article.title == "Quill", opening


# --- round 4: a section that is only a list of links is navigation wherever it stands --------


def _quick_links(level: str) -> str:
    return (
        f"{level} Documentation quick links\n\n* [Installation](docs/install.md)\n"
        "* [Configuration](docs/configuration.md)\n* [Command-line reference](#reference)\n"
        "* 📖 [FAQ](docs/faq.md)\n\n"
    )


def test_a_section_of_quick_links_in_the_middle_is_navigation() -> None:
    for level in ("##", "###"):
        text = (
            f"# Quill\n\n{PARAGRAPH}\n\n## Overview\n\n{PARAGRAPH}\n\n{_quick_links(level)}"
            f"## Usage\n\n{PARAGRAPH}\n\n## Reference\n\n{PARAGRAPH}\n"
        )
        reading = read_article(text, filename="README.md")
        assert _titles(reading.article) == ["Quill", "Overview", "Usage", "Reference"], level
        spoken = _spoken(reading.article)
        assert "quick links" not in spoken and "Configuration" not in spoken, level
        assert any("links" in drop.reason for drop in reading.explanation.dropped)


def test_a_section_of_links_with_prose_items_in_the_middle_is_the_article() -> None:
    text = (
        f"# Quill\n\n{PARAGRAPH}\n\n## Related projects\n\n"
        "* [Inkwell](https://example.org/inkwell): a letter server that keeps every draft.\n"
        "* [Nib](https://example.org/nib): signs letters with your own key, offline.\n"
        "* [Blot](https://example.org/blot): checks the spelling of a letter before it goes.\n\n"
        f"## Usage\n\n{PARAGRAPH}\n\n## Releases\n\n* [v1.2](https://example.org/v1.2): letters "
        "can be signed offline.\n* [v1.1](https://example.org/v1.1): drafts are kept in a folder."
        f"\n* [v1.0](https://example.org/v1.0): the first letters.\n\n## Reference\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert _titles(article) == ["Quill", "Related projects", "Usage", "Releases", "Reference"]


def test_a_list_of_links_that_is_the_whole_document_is_kept() -> None:
    sections = "".join(
        f"## {topic}\n\n* [A book on {topic}](https://example.org/{topic}/a)\n"
        f"* [Notes on {topic}](https://example.org/{topic}/b)\n"
        f"* [Lectures on {topic}](https://example.org/{topic}/c)\n\n"
        for topic in ("Rivers", "Lakes", "Seas")
    )
    text = f"# Free books on water\n\nA short list.\n\n{sections}"
    article = parse_article(text, filename="README.md")
    assert _titles(article)[1:] == ["Rivers", "Lakes", "Seas"]


def test_a_chapter_whose_parts_were_all_quick_links_goes_with_them() -> None:
    text = (
        f"# Quill\n\n{PARAGRAPH}\n\n## Overview\n\n{PARAGRAPH}\n\n## Resources\n\n"
        f"{_quick_links('###')}## Usage\n\n{PARAGRAPH}\n"
    )
    article = parse_article(text, filename="README.md")
    assert _titles(article) == ["Quill", "Overview", "Usage"]


# --- round 4: round 3's "still wrong" list ------------------------------------------------------


def test_a_book_chapter_whose_title_names_only_the_book_and_whose_sections_nest_h1s() -> None:
    sections = "".join(
        f"<section data-type=sect1><h1>{name}</h1><p>{_LONG}</p><section data-type=sect2>"
        f"<h2>{name} in practice</h2><p>{_LONG}</p></section></section>"
        for name in ("Definitions", "Why measure rivers?", "Conclusion")
    )
    page = (
        "<!doctype html><html><head><title>Acme - The Book of Rivers</title></head><body><main>"
        "<div class='header clearfix'><h2 class=chapter-title>Chapter 6 - Measuring Rivers</h2>"
        "</div><div role=main><div class=content><section data-type=chapter><h1>Measuring Rivers"
        f"</h1><p class='byline author'>Written by Ada Vane</p><p>{_LONG}</p>{sections}</section>"
        "</div></div></main></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert article.title == "Measuring Rivers"
    assert _titles(article) == [
        "Measuring Rivers",
        "Definitions",
        "Why measure rivers?",
        "Conclusion",
    ]
    assert "Definitions in practice" in article.sections[1].subheadings


def test_a_page_whose_application_name_is_its_title_and_photo_credits() -> None:
    page = (
        "<html><head><title>Rivers rise in the north</title>"
        "<meta name=application-name content='Rivers rise in the north'>"
        "<meta property=og:site_name content=Newsly>"
        "<meta property=og:title content='Rivers rise in the north'></head><body>"
        "<header role=banner><a href='/'>Newsly home</a><h1>Rivers rise in the north</h1></header>"
        "<main><article><span class=image><img src=/r.jpg alt='The river'><span class=caption>"
        "<span class=attribution>© Provided by Wire Photos Inc</span> The river at dawn</span>"
        f"</span><p>{_LONG}</p><p>{_LONG}</p></article></main></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert article.title == "Rivers rise in the north"
    assert "Provided by" not in _spoken(article)


# --- round 5: custom heading ids written after the heading, in any syntax ------------------


def test_custom_heading_ids_in_brackets_are_not_part_of_the_heading() -> None:
    mdx = (
        '---\ntitle: "Announcing Rivers 2.0"\n---\n\n'
        f"{PARAGRAPH}\n\n## Faster Floods [#faster-floods]\n\n### The new gauge [#the-new-gauge]\n\n"
        f"{PARAGRAPH}\n\n## `isFlooding` [#isflooding]\n\n{PARAGRAPH}\n\n"
        f"## Kramdown ids {{: #kramdown-ids}}\n\n{PARAGRAPH}\n\n"
        f"## Fixed in this release [#123]\n\n{PARAGRAPH}\n"
    )
    article = parse_article(mdx, filename="rivers.mdx")
    assert _titles(article)[1:] == [
        "Faster Floods",
        "isFlooding",
        "Kramdown ids",
        "Fixed in this release [#123]",  # an issue number, not an id
    ]
    spoken = _spoken(article)
    assert "[#" not in spoken.replace("[#123]", "")
    assert "The new gauge" in spoken


def test_goldmark_attributes_after_a_heading_are_not_part_of_it() -> None:
    hugo = (
        f'+++\ntitle = "Rivers"\n+++\n\n{PARAGRAPH}\n\n## Sources {{id="sources" class="wide"}}\n\n'
        f"{PARAGRAPH}\n\n## Mouths {{.wide}}\n\n{PARAGRAPH}\n"
    )
    article = parse_article(hugo, filename="rivers.md")
    assert _titles(article) == ["Rivers", "Sources", "Mouths"]


def test_custom_heading_ids_on_a_line_above_the_heading_are_not_read() -> None:
    myst = (
        f"# Rivers\n\n{PARAGRAPH}\n\n(sources-label)=\n## Sources\n\n{PARAGRAPH}\n\n"
        f"(mouths)=\n## Mouths\n\n{PARAGRAPH}\n"
    )
    adoc = (
        f"= Rivers\n\n{PARAGRAPH}\n\n[[sources]]\n== Sources\n\n{PARAGRAPH}\n\n"
        f"[[mouths,River mouths]]\n== Mouths\n\n{PARAGRAPH}\n"
    )
    for text, name in ((myst, "rivers.md"), (adoc, "rivers.adoc")):
        article = parse_article(text, filename=name)
        assert _titles(article) == ["Rivers", "Sources", "Mouths"]
        spoken = _spoken(article)
        assert "label" not in spoken and "[[" not in spoken and ")=" not in spoken


# --- round 5: GitHub emoji shortcodes; sponsor and merchandise sections of a README ----------


def test_emoji_shortcodes_are_emoji_not_words_and_other_colons_stay() -> None:
    readme = (
        "# rivers\n\nA tool :rocket: for rivers, with a ratio of 3:2:1 and `:heart:` in code.\n\n"
        f"## Features :sparkles:\n\n{PARAGRAPH}\n\n## Usage\n\n{PARAGRAPH} :+1:\n"
    )
    article = parse_article(readme, filename="README.md")
    assert [fold(title) for title in _titles(article)] == ["rivers", "features", "usage"]
    written = " ".join(section.text for section in article.sections)
    assert "\U0001f680" in written and ":rocket:" not in written and "3:2:1" in written
    assert "`:heart:`" in written  # code is left as written
    spoken = _spoken(article)
    assert ":rocket:" not in spoken and ":sparkles:" not in spoken and ":+1:" not in spoken


def test_icon_shortcodes_of_mkdocs_material_are_not_read() -> None:
    doc = (
        f"# Rivers\n\n{PARAGRAPH}\n\n## Links\n\n:material-github: Source and "
        ":fontawesome-brands-mastodon: News and :octicons-heart-fill-24: Thanks, all three.\n"
    )
    spoken = _spoken(parse_article(doc, filename="index.md"))
    assert "Source and News and Thanks, all three." in spoken
    assert ":" not in spoken.split("Links", 1)[1]


def test_sponsor_and_merchandise_sections_at_the_end_of_a_readme_are_back_matter() -> None:
    readme = (
        f"# rivers\n\n{PARAGRAPH}\n\nUsage\n-----\n\n{PARAGRAPH}\n\n"
        "License\n-------\n\nThe MIT License (MIT)\n\nCopyright (c) 2024 Ada Vane\n\n"
        "Goods\n-----\n\nGrab rivers T-shirts, mugs, and stickers here: https://shop.example.org\n\n"
        "Sponsors :heart:\n----------------\n\nI would like to thank all the sponsors of this "
        "project who make it possible for me to continue to improve rivers.\n\n"
        "If you'd like to sponsor this project, please visit https://example.org/sponsors.\n"
    )
    article = parse_article(readme, filename="README.md")
    assert [fold(title) for title in _titles(article)] == ["rivers", "usage"]
    spoken = _spoken(article)
    for furniture in ("T-shirts", "sponsors of this project", "MIT License"):
        assert furniture not in spoken


def test_a_sponsors_section_in_the_middle_with_prose_after_it_is_kept() -> None:
    readme = (
        f"# rivers\n\n{PARAGRAPH}\n\n## Sponsors\n\nRivers is funded by the river trust, which "
        f"pays for the gauges we read every week.\n\n## Usage\n\n{PARAGRAPH}\n"
    )
    article = parse_article(readme, filename="README.md")
    assert [fold(title) for title in _titles(article)] == ["rivers", "sponsors", "usage"]


# --- round 5: an appeal for money that closes a page is back matter, not the article ----------


def _book_chapter(closing: str) -> str:
    return (
        "<html><head><title>02 - Rivers — The Book of Rivers</title></head><body>"
        "<nav><a href='/'>The Book of Rivers</a><ul><li><a href='/1'>Lakes</a></li>"
        "<li><a href='https://www.patreon.com/rivers'>Patreon</a></li></ul></nav>"
        "<main><section id='rivers'><h1>02 - Rivers</h1>"
        f"<section id='sources'><h2>Sources of rivers</h2><p>{_LONG}</p></section>"
        f"<section id='mouths'><h2>Mouths of rivers</h2><p>{_LONG}</p></section>"
        "<section id='references'><h2>References</h2><p>I owe most of this to a class I took."
        "</p><ul><li><a href='https://a.example.org'>Hydrology</a></li>"
        "<li><a href='https://b.example.org'>Deltas</a></li></ul></section>"
        f"{closing}</section></main></body></html>"
    )


def test_a_closing_appeal_for_money_is_back_matter() -> None:
    appeal = (
        "<section id='contribute'><h2>Contribute</h2><p>The Book of Rivers is an open-source "
        "material on rivers. If you found this book valuable and want to support it, please go to "
        "<a href='https://www.patreon.com/rivers'>Patreon</a>. If you are not ready to contribute "
        "financially, you can also help by fixing typos. Finally, please share it with others and "
        "give it a <a href='https://github.com/x/y'>star on GitHub</a>.</p></section>"
    )
    article = parse_article(_book_chapter(appeal), fmt="html")
    assert article.title == "02 - Rivers"
    assert _titles(article) == ["Sources of rivers", "Mouths of rivers"]
    assert "Patreon" not in _spoken(article)


def test_a_closing_contributing_section_without_an_appeal_for_money_is_kept() -> None:
    guide = (
        "<section id='contribute'><h2>Contribute</h2><p>Found a mistake about a river? Open an "
        "issue in the book's repository or send a pull request with the fix.</p></section>"
    )
    article = parse_article(_book_chapter(guide), fmt="html")
    assert _titles(article) == ["Sources of rivers", "Mouths of rivers", "References", "Contribute"]


# --- round 5: code set as a table with line numbers; a <div> used as a paragraph ------------

_CODECOLORER = (  # a <pre> around a table: a column of line numbers and the code
    "<pre>\n<div class='codecolorer-container javascript'><table><tbody><tr>"
    "<td class='line-numbers'><div>1<br />2<br />3<br /></div></td>"
    "<td><div class='javascript codecolorer'>const rivers = require(&quot;rivers&quot;)<br />"
    "rivers.flow(&quot;north&quot;, {depth: 3})<br />rivers.window[&quot;sea&quot;](&quot;salt&quot;)"
    "</div></td></tr></tbody></table></div>\n</pre>"
)
_PYGMENTS_TABLE = (  # Pygments' linenos="table": no <pre> around, one inside each cell
    "<div class='highlight'><table class='highlighttable'><tr><td class='linenos'>"
    "<div class='linenodiv'><pre>1\n2</pre></div></td><td class='code'><div><pre>"
    "<span>pip install --upgrade river-tools</span>\nriver-tools measure --depth</pre></div>"
    "</td></tr></table></div>"
)


def _wordpress_post(body: str) -> str:
    return (
        "<html><head><title>Measuring rivers - Riverblog</title></head><body>"
        f"<article><h1>Measuring rivers</h1><p>{_LONG}</p>{body}<p>{_LONG}</p></article>"
        "</body></html>"
    )


def test_code_set_as_a_table_with_line_numbers_is_a_code_note() -> None:
    body = (
        f"<p>Install the tools first:</p>{_CODECOLORER}<p>Then run the gauge:</p>"
        f"{_PYGMENTS_TABLE}<h2>Results</h2><p>{_LONG}</p>"
    )
    article = parse_article(_wordpress_post(body), fmt="html")
    written = " ".join(section.text for section in article.sections)
    for code in ("1const", "rivers.flow", '["sea"]', "river-tools measure", "12pip"):
        assert code not in written
    assert written.count(CODE_SENTENCE) == 2


_NUMBERED_CODE_OF_OTHER_HIGHLIGHTERS = {
    "chroma": (
        "<div class='highlight'><div class='chroma'><table class='lntable'><tr><td class='lntd'>"
        "<pre class='chroma'><code><span class='lnt'>1\n</span><span class='lnt'>2\n</span></code>"
        "</pre></td><td class='lntd'><pre class='chroma'><code class='language-go'>"
        "fmt.Println(&#34;rivers flow north&#34;)\nos.Exit(riverCount)\n</code></pre></td></tr>"
        "</table></div></div>"
    ),
    "rouge": (
        "<figure class='highlight'><pre><code class='language-ruby'><table class='rouge-table'>"
        "<tbody><tr><td class='gutter gl'><pre class='lineno'>1\n2\n</pre></td><td class='code'>"
        "<pre>puts 'rivers flow north'\nexit river_count\n</pre></td></tr></tbody></table></code>"
        "</pre></figure>"
    ),
    "syntaxhighlighter": (
        "<div class='syntaxhighlighter php'><table><tbody><tr><td class='gutter'>"
        "<div class='line number1'>1</div><div class='line number2'>2</div></td>"
        "<td class='code'><div class='container'><div class='line number1'><code>echo "
        "$rivers_flow_north;</code></div><div class='line number2'><code>exit($river_count);"
        "</code></div></div></td></tr></tbody></table></div>"
    ),
    "highlightjs-line-numbers": (
        "<pre><code class='hljs'><table class='hljs-ln'><tbody>"
        "<tr><td class='hljs-ln-numbers'><div class='hljs-ln-n' data-line-number='1'></div></td>"
        "<td class='hljs-ln-code'>print('rivers flow north')</td></tr>"
        "<tr><td class='hljs-ln-numbers'><div class='hljs-ln-n' data-line-number='2'></div></td>"
        "<td class='hljs-ln-code'>exit(river_count)</td></tr></tbody></table></code></pre>"
    ),
}


@pytest.mark.parametrize("highlighter", sorted(_NUMBERED_CODE_OF_OTHER_HIGHLIGHTERS))
def test_numbered_code_of_other_highlighters_is_a_code_note(highlighter: str) -> None:
    code = _NUMBERED_CODE_OF_OTHER_HIGHLIGHTERS[highlighter]
    page = _wordpress_post(f"<p>Run this:</p>{code}<p>Then it stops.</p>")
    written = " ".join(section.text for section in parse_article(page, fmt="html").sections)
    assert "flow" not in written and "river_count" not in written and "riverCount" not in written
    assert f"Run this:\n\n{CODE_SENTENCE}\n\nThen it stops." in written


def test_a_numbered_table_of_data_is_still_a_table() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>River {n}</td></tr>" for n in (1, 2, 3))
    article = parse_article(_wordpress_post(f"<table>{rows}</table>"), fmt="html")
    assert "table is shown" in _spoken(article)


def test_divs_used_as_paragraphs_beside_paragraphs_keep_their_text_and_spaces() -> None:
    body = (
        "<p>Install the plugin and then click the <strong>Debug</strong> button.</p>"
        "<div><div><img alt='Debug View' src='/a.png' /></div></div><div></div>"
        "<div>Here you can launch different tasks, including measuring your river.</div>"
        "<div></div><div>Click the <strong>No gauges</strong> dropdown list and you will see "
        "<strong>Add Gauge</strong>. Click that.</div><div><div class='wp-caption'>"
        "<img alt='Add Gauge option' src='/b.png'/><p class='wp-caption-text'>Add Gauge option</p>"
        "</div><p>This will show a list of options, including one called <strong>River</strong>."
        "</p></div>"
    )
    article = parse_article(_wordpress_post(body), fmt="html")
    written = " ".join(" ".join(section.text for section in article.sections).split())
    assert "Here you can launch different tasks" in written
    assert "Click the No gauges dropdown list and you will see Add Gauge. Click that." in written


def test_markdown_links_a_page_shows_unrendered_are_read_as_their_text() -> None:
    body = (
        "<div class='alert alert-info' markdown='1'><span class='label'>Note</span>\n"
        "From version 1.10, logging was disabled by [setting the log level to HEADER]"
        "(https://github.com/x/y/blob/main/Options.java#L64). To enable it, check "
        "[How to get the LOG file back](https://help.example.org/hc/articles/1-How-to). "
        'Call `window["require"]("x")` in code.</div>'
    )
    article = parse_article(_wordpress_post(body), fmt="html")
    written = " ".join(section.text for section in article.sections)
    assert "disabled by setting the log level to HEADER. To enable it" in written
    assert "check How to get the LOG file back." in written
    assert "](" not in _spoken(article)


def test_a_closing_line_that_asks_for_money_on_a_platform_is_not_read() -> None:
    post = (
        f"# Rivers\n\n{PARAGRAPH}\n\n## Sources\n\n{PARAGRAPH}\n\n"
        "If you enjoyed this post, you can [buy me a coffee](https://ko-fi.com/ada) or support "
        "me on [Patreon](https://patreon.com/ada).\n"
    )
    article = parse_article(post, filename="rivers.md")
    assert _titles(article) == ["Rivers", "Sources"]
    assert "Patreon" not in _spoken(article) and "coffee" not in _spoken(article)
    assert "read as a real part" in article.sections[-1].text


def test_a_closing_paragraph_about_donating_is_the_authors_text() -> None:
    post = (
        f"# Rivers\n\n{PARAGRAPH}\n\n## Sources\n\n{PARAGRAPH}\n\n"
        "The river trust asks everyone who fishes here to donate a day a year to clearing "
        "the banks.\n"
    )
    article = parse_article(post, filename="rivers.md")
    assert "donate a day a year" in _spoken(article)
