"""The HTML reader on saved pages: the article kept, the page around it dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from article2audio.errors import ParseError
from article2audio.parse import detect_format, parse_article
from article2audio.parse.blocks import CODE_SENTENCE, TABLE_SENTENCE
from article2audio.parse.html import parse_html
from article2audio.script import build_script

DATA = Path(__file__).parent / "data"

BLOG_BOILERPLATE = [
    "Skip to content",
    "The Pragmatic Workshop",
    "Archive",
    "Newsletter",
    "Posted on",
    "Share this",
    "Twitter",
    "Tagged",
    "Previous:",
    "More posts you might like",
    "The meeting diet",
    "thoughts on",
    "Great post",
    "Buy cheap followers",
    "Leave a Reply",
    "Recent Posts",
    "No spam, ever",
    "Proudly powered",
    "Privacy policy",
    "analytics",
    "gtag",
    "Addison-Wesley",  # the footnote list
]
NEWS_BOILERPLATE = [
    "cookies",
    "Accept all",
    "Features",
    "Subscribe",
    "9 min read",
    "Share",
    "Advertisement",
    "summer holiday",
    "Read more",
    "Eurostar at 30",
    "weekly briefing",
    "Most read",
    "slowest branch line",
    "All rights reserved",
    "Contact us",
]


def _spoken(article) -> str:
    """What the voice says (the script says inline code and drops its backticks)."""
    return " ".join(cue.text for cue in build_script(article).cues)


@pytest.fixture(scope="module")
def blog():
    return parse_html((DATA / "blog_post.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def news():
    return parse_html((DATA / "news_page.html").read_text(encoding="utf-8"))


def test_blog_chapters_are_the_h2_sections_in_order(blog) -> None:
    assert blog.title == "Why Small Teams Ship Faster"
    assert [s.title for s in blog.sections] == [
        "Why Small Teams Ship Faster",
        "The arithmetic of conversations",
        "Decisions close to the work",
        "Owning the mistakes",
    ]
    # the h3 stays inside its chapter, spoken as a paragraph of its own
    assert "\n\nWhat a stand-up really costs\n\n" in blog.sections[1].text
    # the paragraph after the empty <h2></h2> stays in the last chapter
    assert blog.sections[-1].text.endswith("measure what happens.")


def test_blog_metadata_from_the_page_head(blog) -> None:
    assert blog.meta["author"] == "Dana Whitfield"
    assert blog.meta["date"].startswith("2024-03-14")
    assert blog.meta["image"].endswith("/teams.jpg")
    assert blog.meta["lang"] == "en"
    assert "talk less" in blog.meta["description"]


def test_blog_speaks_prose_and_no_boilerplate(blog) -> None:
    spoken = _spoken(blog)
    for phrase in BLOG_BOILERPLATE:
        assert phrase not in spoken, phrase
    assert (
        "Fred Brooks made this point in nineteen seventy-five, and it has aged remarkably well."
        in spoken
    )
    assert "well.1" not in spoken and "well. 1" not in spoken  # footnote marker gone
    assert "Adding manpower to a late software project makes it later." in spoken
    assert "git log" not in spoken and CODE_SENTENCE in spoken
    assert "wikipedia.org" not in spoken and "http" not in spoken  # a link is its text
    assert "arithmetic and a little bit of courage" in spoken
    assert "sixty-four percent of the small teams" in spoken


def test_news_page_uses_h3_chapters_and_og_title(news) -> None:
    assert news.title == "The quiet return of the night train"
    assert [s.title for s in news.sections] == [
        "The quiet return of the night train",
        "Why now?",
        "Three journeys",
        "What still goes wrong",
    ]
    assert news.meta["author"] == "Tomás Ferreira"
    assert news.meta["date"] == "2025-01-20"
    assert news.sections[0].text.startswith("At 7:42 p.m. the Nightjet")


def test_news_page_drops_ads_promos_and_tables(news) -> None:
    spoken = _spoken(news)
    for phrase in NEWS_BOILERPLATE:
        assert phrase not in spoken, phrase
    assert TABLE_SENTENCE in spoken and "19:42" not in spoken
    assert "nobody on the train was in a hurry to get off." in spoken


def test_site_name_is_cut_from_the_title_tag_when_there_is_no_og_title() -> None:
    paragraph = "<p>" + "A sentence with enough words to count as an article body. " * 6 + "</p>"
    page = f"<html><head><title>Plain Post Title | My Blog</title></head><body>{paragraph}</body></html>"
    article = parse_html(page)
    assert article.title == "Plain Post Title"
    assert len(article.sections) == 1 and article.sections[0].title == "Plain Post Title"


def test_short_page_with_headings_still_reads() -> None:
    page = (
        "<!doctype html><html lang='fr'><head><title>Court</title></head><body>"
        "<nav><a href='/'>Accueil</a></nav><article><h1>Court</h1>"
        "<p>Une seule phrase ici, mais elle compte.</p></article></body></html>"
    )
    article = parse_html(page)
    assert article.title == "Court"
    assert article.meta["lang"] == "fr"
    assert "Une seule phrase ici" in article.sections[0].text
    assert "Accueil" not in article.sections[0].text


def test_page_without_article_text_is_refused() -> None:
    page = "<html><head><title>Login</title><script>var x = 1;</script></head><body></body></html>"
    with pytest.raises(ParseError, match="no article text"):
        parse_html(page)


@pytest.mark.parametrize("name", ["blog_post.html", "news_page.html"])
def test_html_is_detected_without_an_extension(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert detect_format(text, filename="saved-page") == "html"
    assert parse_article(text, filename="saved-page").title


def test_html_fragment_without_doctype_is_detected() -> None:
    fragment = "<div><h2>Intro</h2><p>One.</p><p>Two.</p><ul><li>a</li></ul><p>Three.</p></div>"
    assert detect_format(fragment) == "html"


def test_encyclopedia_page_wrapped_in_a_form() -> None:
    """A page whose whole body sits in a <form>, with sections in <section><header><h2>."""
    article = parse_html((DATA / "wiki_page.html").read_text(encoding="utf-8"))
    assert article.title == "Lighthouse keeper"
    assert [s.title for s in article.sections] == [
        "Lighthouse keeper",
        "History",
        "Duties",
        "Automation",
    ]
    assert "date" not in article.meta  # no guessing a date from "1998" in the text
    assert "Fog signals" in article.sections[2].text
    spoken = _spoken(article)
    for phrase in ("[edit]", "edit]", "[1]", "Contents", "Log in", "Random article", "Search",
                   "Keepers of the Light", "Harbour Press", "Categories", "last edited",
                   "Creative Commons", "From OpenEncyclopedia"):  # fmt: skip
        assert phrase not in spoken, phrase
    assert "the nineteen sixties onwards" in spoken


def test_date_from_json_ld_when_meta_tags_have_none() -> None:
    body = "<p>" + "Words enough to make an article body for the extractor. " * 8 + "</p>"
    page = (
        "<html><head><title>T</title><script type='application/ld+json'>"
        '{"@type": "BlogPosting", "datePublished": "2021-06-30T10:00:00Z"}</script></head>'
        f"<body><article><h1>T</h1>{body}</article></body></html>"
    )
    assert parse_html(page).meta["date"] == "2021-06-30T10:00:00Z"


def test_docs_page_headings_lose_their_permalink_marks() -> None:
    body = "".join(
        f"<h2>{name}<a class='headerlink' href='#{name}'>¶</a></h2><p>{name} text that is long "
        "enough to be read as a real paragraph of the documentation page.</p>"
        for name in ("Install", "Configure", "Learning C#")
    )
    page = f"<html><head><title>Guide</title></head><body><div role='main'><h1>Guide¶</h1>{body}</div></body></html>"
    article = parse_html(page)
    assert [s.title for s in article.sections] == ["Install", "Configure", "Learning C#"]


def test_newsletter_post_keeps_subtitle_and_drops_subscribe_boxes() -> None:
    article = parse_html((DATA / "substack_post.html").read_text(encoding="utf-8"))
    assert article.title == "The case for boring technology"
    assert [s.title for s in article.sections][1:] == [
        "Innovation tokens",
        "What boring buys you",
        "When to spend a token",
    ]
    spoken = _spoken(article)
    for phrase in ("Subscribe", "Sign in", "Thanks for reading", "Type your email", "Restack",
                   "Discussion about this post", "learned this the hard way", "Collection notice",
                   "🔗", "Archive"):  # fmt: skip
        assert phrase not in spoken, phrase
    assert "Documentation that answers real questions." in spoken


def test_medium_style_post_with_h1_sections_and_reader_widgets() -> None:
    article = parse_html((DATA / "medium_post.html").read_text(encoding="utf-8"))
    assert article.title == "How I Learned to Love Unit Tests"
    assert [s.title for s in article.sections] == [
        "How I Learned to Love Unit Tests",
        "The bug that changed my mind",
        "Tests as documentation",
    ]
    assert article.sections[0].text.startswith("For years I thought tests were a tax.")
    spoken = _spoken(article)
    for phrase in ("Follow", "min read", "Listen", "More from Sam Otieno", "Ten tips",
                   "Recommended from Medium", "art of naming", "Help", "Sign in"):  # fmt: skip
        assert phrase not in spoken, phrase


def test_site_name_is_cut_from_og_title() -> None:
    body = "<p>" + "A sentence with enough words to count as an article body. " * 6 + "</p>"
    page = (
        "<html><head><meta property='og:site_name' content='The Daily Loaf'>"
        "<meta property='og:title' content='Rye, explained | The Daily Loaf'></head>"
        f"<body><article>{body}</article></body></html>"
    )
    assert parse_html(page).title == "Rye, explained"


def test_old_table_layout_essay_reads_as_prose() -> None:
    """A hand-made page: layout tables, <font>, paragraphs split by <br><br>, a Notes tail."""
    article = parse_html((DATA / "essay_table_layout.html").read_text(encoding="utf-8"))
    assert article.title == "Startup = Growth"
    assert len(article.sections) == 1
    paragraphs = article.sections[0].text.split("\n\n")
    assert paragraphs[0] == "September 2012"
    assert paragraphs[1].startswith("Most people think of startups")
    assert paragraphs[-1].endswith("growth is what you're after.")
    spoken = _spoken(article)
    for phrase in (TABLE_SENTENCE, "Home", "Essays", "A footnote here", "Y Combinator"):
        assert phrase not in spoken, phrase


def test_simple_reader_when_the_extractor_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """If trafilatura returns nothing, headings and paragraphs are still read in order."""
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    page = (
        "<html><head><title>Fallback | Site</title></head><body><nav>Home About</nav>"
        "<main><h1>Fallback</h1><p>First paragraph.</p><h2>Part A</h2><p>Alpha text.</p>"
        "<pre>code here</pre><h2>Part B</h2><ul><li>one</li><li>two</li></ul></main>"
        "<footer>Copyright</footer></body></html>"
    )
    article = parse_html(page)
    assert article.title == "Fallback"
    assert [s.title for s in article.sections] == ["Fallback", "Part A", "Part B"]
    assert article.sections[1].text == f"Alpha text.\n\n{CODE_SENTENCE}"
    assert article.sections[2].text == "one.\ntwo."  # a list: one item a line, as everywhere
    assert "Home" not in _spoken(article) and "Copyright" not in _spoken(article)


# --- the extractor's reading checked against the page's own main element -------------------

LONG = (
    "The cache keeps the blocks that readers touch most, so most reads never reach the disk. " * 3
)

HUGO_PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Tuning the cache | Ferry"
    "</title><meta property=og:site_name content=Ferry></head><body><header><nav><a href=/>"
    "Ferry</a><a href=/docs/>Docs</a></nav></header><main id=content><article class=post>"
    "<h1 id=tuning>Tuning the cache</h1>"
    f"<p>{LONG}</p>"
    '<h2 id=sizing>Sizing<a class=headerlink href=#sizing title="Link to this heading">#</a></h2>'
    f"<p>Start from the working set. {LONG}</p>"
    '<h3 id=memory>Memory<a class=headerlink href=#memory title="Link to this heading">#</a></h3>'
    f"<p>Leave a quarter to the system. {LONG}</p>"
    '<h2 id=eviction>Eviction<a class=headerlink href=#eviction title="Link to this heading">#</a>'
    f"</h2><p>Ferry evicts the oldest block. {LONG}</p>"
    '<h3 id=policy>Policy<a class=headerlink href=#policy title="Link to this heading">#</a></h3>'
    f"<p>Measure each policy for a day. {LONG}</p>"
    '<h2 id=monitoring>Monitoring<a class=headerlink href=#monitoring title="Link to this '
    f'heading">#</a></h2><p>Watch the hit rate. {LONG}</p></article></main>'
    "<footer>© Ferry authors</footer></body></html>"
)


@pytest.mark.parametrize("loss", ["dropped", "as-paragraphs"])
def test_headings_the_extractor_lost_are_put_back_from_the_page(monkeypatch, loss) -> None:
    import trafilatura

    real_extract = trafilatura.extract

    def extract_losing_headings(*args, **kwargs):
        xml = real_extract(*args, **kwargs)
        if loss == "dropped":
            return re.sub(r"<head\b[^>]*>.*?</head>", "", xml)
        return re.sub(r"<head\b[^>]*>(.*?)</head>", r"<p>\1</p>", xml)

    monkeypatch.setattr(trafilatura, "extract", extract_losing_headings)
    article = parse_article(HUGO_PAGE, fmt="html")
    assert article.title == "Tuning the cache"
    assert [s.title for s in article.sections] == [
        "Tuning the cache",
        "Sizing",
        "Eviction",
        "Monitoring",
    ]
    assert article.sections[1].subheadings == ["Memory"]
    assert article.sections[2].text.startswith("Ferry evicts the oldest block.")


def test_heading_whose_text_is_its_permalink_keeps_its_text() -> None:
    page = HUGO_PAGE.replace(
        '<h2 id=eviction>Eviction<a class=headerlink href=#eviction title="Link to this heading">'
        "#</a></h2>",
        "<h2 id=eviction><a class=headerlink href=#eviction>Eviction</a></h2>",
    )
    titles = [s.title for s in parse_article(page, fmt="html").sections]
    assert titles == ["Tuning the cache", "Sizing", "Eviction", "Monitoring"]


def test_code_the_extractor_runs_into_a_list_item_is_a_code_note() -> None:
    code = "from enum import Enum\nclass Color(Enum):\n    RED = 0\n    GREEN = 1\n"
    page = (
        "<html><head><title>Patterns</title></head><body><main><h1>Patterns</h1>"
        f"<p>{LONG}</p><ul><li>Patterns may use named constants, written like this:"
        f"<div class=highlight><pre>{code}</pre></div></li><li>Literals are compared by "
        f"equality.</li><li>Other patterns are compared by shape.</li></ul><p>{LONG}</p>"
        f"<pre># settings.conf\nset-option -g mouse on\nset-option -s clipboard off</pre>"
        f"<p>{LONG}</p></main></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert "written like this: A code example is shown in the article." in article.sections[0].text
    spoken = " ".join(c.text for c in build_script(article).cues)
    assert "written like this: Two code examples follow in the article." in spoken  # merged notes
    for code_text in ("enum import", "RED", "set-option", "settings.conf"):
        assert code_text not in spoken, code_text


def test_paragraphs_written_with_br_keep_the_spaces_around_their_links() -> None:
    page = (
        "<html><head><title>A post</title></head><body><div class='post-body entry-content'>"
        "I wrote a couple of posts for <a href='https://example.org/work'>the blog at work</a>"
        " so I am long overdue for one here.<br /><br /><h2>So what is a widget?</h2><br />"
        "A widget is a small part. Their <a href='https://example.org/w5'>fifth generation "
        "parts</a> were just announced, but I target the <a href='https://example.org/w4'>"
        f"fourth generation</a>.<br /><br />{LONG}<br /><br /><h2>How does it work?</h2><br />"
        f"{LONG}<br /><br />{LONG}</div></body></html>"
    )
    article = parse_article(page, fmt="html")
    text = " ".join(section.text for section in article.sections)
    assert "the blog at work so I am long overdue" in text
    assert "Their fifth generation parts were just announced" in text
    assert [s.title for s in article.sections] == [
        "A post",
        "So what is a widget?",
        "How does it work?",
    ]


def test_main_element_that_also_holds_related_cards_and_credits_is_not_read_whole() -> None:
    teaser = (
        "An older story about the court case, the appeal, the hearing in the spring and what"
        " the ruling of the judges means for the readers and the editors of the encyclopedia"
    )
    cards = "".join(
        f"<div class=card><h3><a href=/news/{n}>An older story number {n}</a></h3>"
        f"<h4>Communications team</h4><p><a href=/news/{n}>{teaser} ({n}) …</a></p></div>"
        for n in range(5)
    )
    page = (
        "<html><head><meta property=og:title content='Access restored after two years'>"
        "</head><body><main id=content><div class=article-title><h3><a href=/tr>Bu yazıyı "
        "Türkçe okuyun.</a></h3></div><article class=wysiwyg>"
        f"<p>{LONG}</p><p>Today the block was lifted. {LONG}</p><p>{LONG}</p></article>"
        f"<div class=wide><h2>Read further</h2>{cards}</div><div class=box><h2>Stay "
        "up to date</h2><h3>Get email updates</h3><p>Sign up for our newsletter today.</p>"
        "</div><div class=photo-credits><h3>Photo credits</h3><p>Lake, by A. Person, CC BY-SA"
        "</p></div></main></body></html>"
    )
    article = parse_article(page, fmt="html")
    assert [s.title for s in article.sections] == ["Access restored after two years"]
    spoken = " ".join(c.text for c in build_script(article).cues)
    assert "Today the block was lifted." in spoken
    for furniture in ("Read further", "older story", "Stay up to date", "Photo credits", "Bu"):
        assert furniture not in spoken, furniture
