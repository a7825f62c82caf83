"""HTML pages -> Outline: keep the article, drop the page around it (and say what was dropped).

1. The page head gives the metadata (author, date, description, image, language) and the title
   hints: og:title, else <title>, and the site's names (og:site_name, application-name unless it
   is the page's whole <title>, the text of links to the home page, the domain) so the shared
   step can cut the site name off; and the page's headings outside the article (its header's
   "Chapter 6 - Monitoring ...", which tells the page's name from the book's).
2. Page furniture is taken out of the page and recorded: media elements with their fallback
   text (<video>, <audio>, <object>, <iframe>, <canvas>, <noscript>: "Your browser does not
   support the video tag." is for old browsers); footnote lists and markers,
   permalinks (¶, #, 🔗; a heading that is its own permalink keeps its text) and [edit] links; navigation, headers, footers, sidebars and dialogs
   (by tag, ARIA role, or a class or id such as ``sidebar``, ``toc``, ``breadcrumbs``,
   ``pagination``, ``related``, ``share``, ``comments``, ``widget``, ``edit-this-page``, a
   photo's ``credit`` or ``attribution``; an
   id that is the slug of the element's own first words, as docutils and Sphinx give each
   section, names the text and is not read as one);
   lists that only link into the page (tables of contents) and paragraphs that are rows of such
   links ("Features • Usage • Install"); a heading that is a link to the home page (the site's
   name). An element holding the article (<article>, <main>, or most of
   the page's text) is never taken out.
3. The article body is found by trafilatura (compared on tests/data/blog_post.html and
   news_page.html with readability-lxml: readability kept inline adverts, "Read more" links,
   the newsletter box and the share buttons; trafilatura dropped them and kept the headings;
   ``scripts/compare_extractors.py``). Text written as runs between <br> tags is made into <p>
   paragraphs first (trafilatura glues words and cuts sentences at links in such posts), and so
   is a <div> holding only inline text beside <p>s (a classic WordPress editor's lines, whose
   text trafilatura drops or splits); code set as a table with a column of line numbers
   (CodeColorer, Pygments' table, Rouge, Chroma) becomes a <pre> of the code alone. Its
   reading is then checked against the page's main element: the smallest main-like element
   (<main>, <article>, role=main, a docs theme's content element) that holds nearly all of
   trafilatura's words (an <article> inside a <main> full of cards and newsletter boxes). When
   trafilatura keeps less than `MIN_KEPT_SHARE` of that element's words — it sometimes drops
   whole sections of a documentation page — or finds nothing, the element is read directly
   instead. Otherwise what it lost is put back: the element's headings (each before the first
   text of its section that trafilatura kept; a heading whose section it dropped, or that is a
   link to another page, stays out), and code it read as prose (a <pre> made a quote, or run
   into a list item) becomes the code note again.
   A page that writes every section's heading as an <h1> inside nested <section>s (HTML5's
   outline: a book's chapter) has its headings set at the depth of their sections.
4. The result is walked into blocks (headings, paragraphs, quotes, lists, with code and tables
   replaced by a short note and inline code kept in backticks); short page widgets ("6 min
   read", "Share", "Edit this page", "Next »"; `parse.structure.is_page_widget`) are dropped
   whether or not they are links; Markdown links the page shows unrendered (a
   ``<div markdown="1">`` left as written) say their text; and `parse.structure` picks the
   title and chapters.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from article2audio.errors import ParseError
from article2audio.models import Article
from article2audio.parse.blocks import (
    CODE_SENTENCE,
    CODE_SPANS,
    TABLE_SENTENCE,
    Block,
    Drop,
    Outline,
    code_span,
    count_words,
    excerpt,
    fold,
    list_block,
)
from article2audio.parse.meta import HEADER_KEYS
from article2audio.parse.structure import infer_structure, is_page_widget, is_prev_next

logger = logging.getLogger(__name__)

MIN_KEPT_SHARE = 0.6
SLUG_TEXT_CHARS = 120  # the start of an element's text that an id made from it would slug
METADATA_VALUE_WORDS = 10  # a metadata list's values average at most this many words
CONTENTS_ROW_SHARE = 0.6  # a row of links into the page: this share of its words at least
HELD_SHARE = 0.8  # the main element holds at least this share of the extractor's words
MIN_CODE_CHARS = 16  # a <pre> this long (spaces aside) is found again in the extractor's text
# Elements whose text is only for a browser that cannot show them ("Your browser does not
# support the video tag."): never the article, in a page or in raw HTML inside Markdown.
MEDIA_TAGS = ("video", "audio", "object", "iframe", "canvas", "noscript", "applet", "embed")
_META_SOURCES = {
    "author": ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"),
    "date": (
        "article:published_time",
        "date",
        "dc.date",
        "datePublished",
        "pubdate",
        "parsely-pub-date",
    ),
    "description": ("og:description", "description", "twitter:description"),
    "image": ("og:image", "twitter:image"),
}
_FOOTNOTE_LISTS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' footnotes ')]"
    " | //*[@role='doc-endnotes'] | //section[@data-footnotes]"
)
_FOOTNOTE_REFS = "//sup[a[starts-with(@href, '#')]] | //a[@role='doc-noteref']"
_PERMALINKS = (
    "//h1//a | //h2//a | //h3//a | //h4//a | //h5//a | //h6//a"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' mw-editsection ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' editsection ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"
)
_CHROME_TAGS = (
    "//script | //style | //noscript | //template | //form | //nav | //aside | //header"
    " | //footer | //dialog | //*[@role='navigation' or @role='banner' or @role='complementary'"
    " or @role='contentinfo' or @role='dialog' or @role='search' or @aria-hidden='true']"
)
# class or id words (split at - and _) that name page furniture, by prefix
_CHROME_PREFIXES = (
    "sidebar", "sphinxsidebar", "sidenav", "navbar", "navigation", "breadcrumb", "pagination",
    "pager", "prevnext", "toc", "tableofcontents", "related", "share", "sharing", "social",
    "disqus", "widget", "popular", "recentpost", "cookie", "newsletter", "subscribe", "advert",
    "promo", "skiplink", "sronly", "headerlink", "hashlink", "anchorjs", "editthispage",
    "editlink", "footnotes", "backlink", "masthead", "comments", "commentlist", "giscus",
    "utterances",
)  # fmt: skip
_CHROME_WORDS = frozenset(
    {
        "nav",
        "ads",
        "ad",
        "toc",
        "comment",
        "footer",
        "header",
        "banner",
        "tags",
        "categories",
        "share",
        "credit",  # a photo's credit: "© Provided by ..."
        "attribution",
    }
)
_CHROME_PHRASES = (
    ("edit", "this", "page"), ("edit", "page"), ("screen", "reader", "text"), ("visually", "hidden"),
    ("sr", "only"), ("skip", "link"), ("hash", "link"), ("anchor", "link"), ("post", "nav"),
    ("nav", "links"), ("prev", "next"), ("page", "nav"), ("site", "header"), ("site", "footer"),
    ("author", "bio"), ("about", "author"), ("post", "tags"), ("recent", "posts"),
    ("comment", "respond"), ("version", "badge"), ("doc", "version"),
)  # fmt: skip
# Words a furniture prefix starts that name something else: "shared", "promotion",
# "advertising" (an article's own <div class="shared-note">, "promotion-rules").
_NOT_CHROME = r"(?!d|holder|tion|ising)"
_CHROME_PREFIX = re.compile("(?:" + "|".join(_CHROME_PREFIXES) + ")" + _NOT_CHROME)
_CHROME_RUN = re.compile(
    "(?:^|-)(?:"
    + "|".join(sorted(_CHROME_WORDS) + ["-".join(phrase) for phrase in _CHROME_PHRASES])
    + ")(?:-|$)"
)
_META_NAMES = re.compile(
    r"(?<![a-z])(?:byline|post-meta|entry-meta|article-meta|meta-data|author-(?:info|box|card)"
    r"|read(?:ing)?-time|speechify-ignore|tags-links|cat-links)(?![a-z])",
    re.IGNORECASE,
)
_SHORT_META_CHARS = 300
_MAIN_CANDIDATES = (
    "//main | //*[@role='main'] | //article | //*[@itemprop='articleBody']"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' md-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' rst-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' theme-doc-markdown ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' markdown-body ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' post-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' post-body ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' article-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' body ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' document ')]"
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_BLOCK_TAGS = ("head", "p", "list", "table", "code", "quote", "div", "graphic")
_LAYOUT_CELL_MIN_CHARS = 100
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_FOOTNOTE_MARK = re.compile(r"^\[?\d{1,3}\]?$")
_PERMALINK_TEXT = re.compile(r"^[\s#¶§🔗\u200b]*$")


def parse_html(text: str, url: str | None = None) -> Article:
    """Parse an HTML page into an Article; ParseError when no article body is found."""
    return infer_structure(read_html(text, url))[0]


def read_html(text: str, url: str | None = None) -> Outline:
    """The outline of the article on an HTML page, with the page's title hints."""
    page = _load(text)
    meta, hints = page_meta(page, url)
    url = url or hints.canonical
    dropped: list[Drop] = []
    remove_media_fallbacks(page, dropped)
    _remove_footnotes_and_permalinks(page, dropped)
    site_names = hints.site_names + tuple(_remove_home_headings(page, dropped, url))
    headings = [_squash(h.text_content()) for h in page.xpath("//h1 | //h2 | //h3")]
    _remove_page_chrome(page, dropped)
    _remove_metadata_lists(page, dropped)
    _remove_contents_lists(page, dropped)
    _remove_contents_rows(page, dropped)
    blocks = _article_blocks(page, url, meta)
    blocks = [_without_markdown_links(block) for block in _without_widgets(blocks, dropped)]
    if not any(block.text for block in blocks if not block.heading_level):
        raise ParseError(
            "the page has no article text. Probable cause: the page is only navigation, "
            "or its text is loaded by JavaScript (save the page from a browser instead)."
        )
    og_title, page_title = hints.og_title, hints.page_title
    use_og = bool(og_title) and not _only_site_name(og_title, site_names)
    return Outline(
        blocks,
        "html",
        meta=meta,
        page_title=og_title if use_og else page_title,
        page_title_source="og:title" if use_og else "<title>",
        site_names=site_names,
        outside_headings=_outside(headings, blocks),
        dropped=dropped,
    )


def _outside(headings: list[str], blocks: list[Block]) -> tuple[str, ...]:
    """The page's headings that are not the article's (its header's, its sidebars')."""
    inside = {block.text for block in blocks if block.heading_level}
    return tuple(text for text in headings if text and text not in inside)


def _only_site_name(title: str, site_names: tuple[str, ...]) -> bool:
    """Whether og:title is nothing but the site's name (set site-wide by some generators)."""
    squashed = "".join(ch for ch in title.casefold() if ch.isalnum())
    return any(squashed == "".join(ch for ch in n.casefold() if ch.isalnum()) for n in site_names)


def _article_blocks(
    page: lxml.html.HtmlElement, url: str | None, meta: dict[str, str]
) -> list[Block]:
    """The article's blocks: trafilatura's checked against the page's own main element (read
    directly when trafilatura lost much of it; its lost headings and code put back)."""
    _code_tables_as_code(page)
    _paragraphs_from_breaks(page)
    _divs_as_paragraphs(page)
    _keep_spaces_between_inline(page)
    doc = _extract(lxml.html.tostring(page, encoding="unicode"), url)
    extracted = list(_blocks(doc.find("main"))) if doc is not None else []
    if doc is not None:
        _merge_extracted_meta(meta, doc)
    main = _main_element(page, extracted)
    main_blocks = list(_walk(main)) if main is not None else []
    main_words = sum(b.words for b in main_blocks)
    kept_words = sum(b.words for b in extracted)
    if not extracted or (main_blocks and kept_words < MIN_KEPT_SHARE * main_words):
        logger.debug(
            "html: trafilatura kept %d of %d words; reading the main element",
            kept_words,
            main_words,
        )
        return _levels_by_sections(
            main_blocks
            or list(_walk(page.find("body") if page.find("body") is not None else page)),
            page,
        )
    extracted = _restore_code(extracted, page)
    return _levels_by_sections(_recover_headings(extracted, main_blocks), page)


def _levels_by_sections(blocks: list[Block], page: lxml.html.HtmlElement) -> list[Block]:
    """Headings at the depth of their sections, when the page writes every section's heading
    as an <h1> inside nested <section>s (a book's chapter: the chapter's <h1>, then an <h1> in
    each <section> of it): a heading is as deep as its sections, plus its rank within them."""
    levels = _section_levels(page)
    if not levels:
        return blocks
    return [
        replace(block, heading_level=levels.get(fold(block.text), block.heading_level))
        if block.heading_level
        else block
        for block in blocks
    ]


def _section_levels(page: lxml.html.HtmlElement) -> dict[str, int]:
    """Each heading's level by its sections (folded text -> level), or {} when the page does
    not nest <h1>s in sections (three <h1>s or more, at two depths or more)."""
    headings = page.xpath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6")
    depths = [len(h.xpath("ancestor::section | ancestor::article")) for h in headings]
    h1_depths = {depth for h, depth in zip(headings, depths, strict=True) if h.tag == "h1"}
    if sum(1 for h in headings if h.tag == "h1") < 3 or len(h1_depths) < 2:
        return {}
    base = min(h1_depths)
    levels: dict[str, int] = {}
    for heading, depth in zip(headings, depths, strict=True):
        level = max(1, min(6, depth - base + int(heading.tag[1])))
        levels.setdefault(fold(_squash(heading.text_content())), level)
    return levels


def _without_markdown_links(block: Block) -> Block:
    """A block whose Markdown links the page shows unrendered (a ``<div markdown="1">`` note the
    generator left as written: "[setting the log level](https://...)") says their text."""
    if "](" not in block.text:
        return block
    parts = CODE_SPANS.split(block.text)
    links = 0
    for index in range(0, len(parts), 2):
        links += sum(count_words(match) for match in _MARKDOWN_LINK.findall(parts[index]))
        parts[index] = _MARKDOWN_LINK.sub(r"\1", parts[index])
    return replace(block, text="".join(parts), link_words=block.link_words + links)


# [text](target): a web address, a path or an in-page anchor, never code ("f["a"]("x")").
_MARKDOWN_LINK = re.compile(
    r"(?<!!)\[([^\[\]\n]{1,300})\]\((?:https?:|mailto:|//|/|\.{1,2}/|#|[\w-]+[./])[^\s()\"'<>]*"
    r"(?:\([^\s()]*\)[^\s()]*)*\)"
)


def _without_widgets(blocks: list[Block], dropped: list[Drop]) -> list[Block]:
    """Drop short widget lines: "6 min read", "Share", "Edit this page", "Last updated ..."."""
    kept = []
    for block in blocks:
        if not block.heading_level and (is_page_widget(block.text) or is_prev_next(block)):
            dropped.append(Drop(f"text {excerpt(block.text, 6)!r}", block.words, "a page widget"))
        else:
            kept.append(block)
    return kept


def _load(text: str) -> lxml.html.HtmlElement:
    """Parse page text with lxml (an XML declaration with an encoding is allowed)."""
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
    text = _NOT_XML.sub(" ", text)  # control characters lxml refuses
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"the page cannot be read as HTML ({exc})") from exc


@dataclass(frozen=True)
class TitleHints:
    """What a page's head says of its title: og:title, <title>, the site's names."""

    og_title: str
    page_title: str
    site_names: tuple[str, ...]
    canonical: str | None


def page_meta(
    page: lxml.html.HtmlElement, url: str | None = None
) -> tuple[dict[str, str], TitleHints]:
    """Author, date, description, image and lang; and the title hints (og:title, <title>, site)."""
    tags: dict[str, str] = {}
    for element in page.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key and element.get("content") and key not in tags:
            tags[key] = " ".join(element.get("content").split())
    meta = {
        field: next((tags[name] for name in names if tags.get(name)), "")
        for field, names in _META_SOURCES.items()
    }
    page_title = _page_title(page)
    meta["date"] = meta["date"] or _structured_date(page)
    lang = page.get("lang") or page.get("xml:lang") or tags.get("og:locale", "")
    meta["lang"] = lang.replace("_", "-").split("-")[0].lower() if lang else ""
    canonical = (page.xpath("//link[@rel='canonical']/@href") or [tags.get("og:url", "")])[0]
    hints = TitleHints(
        og_title=tags.get("og:title") or tags.get("twitter:title") or "",
        page_title=" ".join(page_title.split()),
        site_names=_site_names(page, tags, url or canonical or None),
        canonical=canonical if urlsplit(canonical).scheme in ("http", "https") else None,
    )
    return {key: value for key, value in meta.items() if value}, hints


def _page_title(page: lxml.html.HtmlElement) -> str:
    """The text of the page's <title>."""
    title_element = page.find(".//title")
    return title_element.text_content() if title_element is not None else ""


def _site_names(
    page: lxml.html.HtmlElement, tags: dict[str, str], url: str | None
) -> tuple[str, ...]:
    """Names the site goes by: og:site_name, application-name, the home link's text, the domain.
    An application name that is the page's whole <title> (some sites set it to the article's
    title) names the page, not the site."""
    names = [tags.get("og:site_name", "")]
    for key in ("application-name", "apple-mobile-web-app-title"):
        if fold(tags.get(key, "")) != fold(_page_title(page)):
            names.append(tags.get(key, ""))
    for link in page.xpath("//a[@href]"):
        text = " ".join(link.text_content().split()) or " ".join(link.xpath(".//img/@alt"))
        if text and len(text.split()) <= 8 and _is_site_link(link, url):
            names.append(text)
    canonical = page.xpath("//link[@rel='canonical']/@href") + [tags.get("og:url", ""), url or ""]
    for address in canonical:
        host = (urlsplit(address).hostname or "").removeprefix("www.")
        if host:
            names += [host, host.rsplit(".", 1)[0]]
    return tuple(dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()))


def _is_site_link(link: lxml.html.HtmlElement, url: str | None) -> bool:
    """A link to the home page, or a brand link ("../" in the page header, rel=home, a logo)."""
    href = link.get("href", "")
    if _is_home_link(href, url) or link.get("rel") == "home":
        return True
    words = {w for names in _class_words(link) for w in names}
    brand = bool(words & {"brand", "logo", "sitename", "title", "home"})
    in_header = bool(link.xpath("ancestor::header | ancestor::*[@role='banner']"))
    return re.fullmatch(r"(?:\.\./)+(?:index\.html?)?", href.strip()) is not None and (
        brand or in_header
    )


def _is_home_link(href: str, url: str | None) -> bool:
    """Whether a link points at the site's root: "/", "/index.html", or the origin itself."""
    href = href.strip()
    if href in ("/", "/index.html", "/index.htm"):
        return True
    parts = urlsplit(href)
    if not (parts.scheme in ("http", "https") and parts.netloc) or parts.path not in ("", "/"):
        return False
    host = (urlsplit(url).hostname or "") if url else ""
    return not host or parts.hostname == host


def _structured_date(page: lxml.html.HtmlElement) -> str:
    """The publication date from JSON-LD, else from the article's first <time datetime>."""
    for script in page.xpath("//script[@type='application/ld+json']"):
        match = _LD_DATE.search(script.text_content())
        if match:
            return match.group(1)
    times = page.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]")
    return times[0].get("datetime").strip() if times else ""


def _attached(element: lxml.html.HtmlElement, page: lxml.html.HtmlElement) -> bool:
    """Whether an element is still in the page (not inside something already taken out)."""
    ancestors = list(element.iterancestors())
    return element is page or (bool(ancestors) and ancestors[-1] is page)


def _record(dropped: list[Drop], element: lxml.html.HtmlElement, reason: str) -> None:
    """Remember an element taken out of the page, then take it out (keeping its tail)."""
    text = " ".join(element.text_content().split())
    if text:
        names = f"{element.get('class', '')} {element.get('id', '')}".split()
        label = f"<{element.tag}{'.' + names[0] if names else ''}> {excerpt(text, 6)!r}"
        dropped.append(Drop(label, len(text.split()), reason))
    element.drop_tree()


def remove_media_fallbacks(page: lxml.html.HtmlElement, dropped: list[Drop]) -> None:
    """Drop media elements with the text inside them: a <video>'s, <audio>'s, <object>'s,
    <iframe>'s, <canvas>'s or <noscript>'s text is what a browser that cannot show them says
    ("Your browser does not support the video tag."), never the article."""
    for element in list(page.iter(*MEDIA_TAGS)):
        if not _attached(element, page):
            continue
        if "<" in element.text_content():  # a <noscript> tracking pixel, read as markup
            element.drop_tree()
        else:
            _record(dropped, element, "the fallback text of a media element (for old browsers)")


def _remove_footnotes_and_permalinks(page: lxml.html.HtmlElement, dropped: list[Drop]) -> None:
    """Drop footnote lists, the markers that point at them, permalinks and [edit] links."""
    for element in page.xpath(_FOOTNOTE_LISTS) + page.xpath(_FOOTNOTE_REFS):
        if _attached(element, page):
            _record(dropped, element, "footnotes")
    for element in page.xpath(_PERMALINKS):
        if not _attached(element, page):
            continue
        if (
            _PERMALINK_TEXT.match(element.text_content())
            or (element.tag != "a" or "headerlink" in element.get("class", ""))
            and not _holds_heading_text(element)
        ):
            _record(dropped, element, "a permalink or edit link")


def _holds_heading_text(link: lxml.html.HtmlElement) -> bool:
    """Whether a link inside a heading holds the heading's only words (a heading that is its own
    permalink): it is unwrapped, not dropped."""
    heading = next((a for a in link.iterancestors() if a.tag in _HEADINGS), None)
    if heading is None or link.tag != "a":
        return False
    return _squash(heading.text_content()) == _squash(link.text_content())


def _remove_home_headings(
    page: lxml.html.HtmlElement, dropped: list[Drop], url: str | None
) -> list[str]:
    """Drop headings that are a link to the home page (the site's name); return their text."""
    names = []
    for heading in page.xpath("//h1 | //h2 | //h3"):
        links = heading.findall(".//a")
        text = " ".join(heading.text_content().split())
        if not text or len(links) != 1 or " ".join(links[0].text_content().split()) != text:
            continue
        if _is_site_link(links[0], url) and heading.getparent() is not None:
            names.append(text)
            _record(dropped, heading, "a heading that links to the site's home page")
    return names


def _class_words(element: lxml.html.HtmlElement) -> list[list[str]]:
    """The class and id names of an element, each split into lower-case words. An id that is a
    slug of the element's own first words ("sharing-with-a-single-developer" on the section of
    that heading, "conducting-ad-hoc-analysis") names the text, never furniture: it is left out."""
    names = element.get("class", "").split()
    element_id = element.get("id", "").strip()
    if element_id and not _is_own_slug(element_id, element):
        names.append(element_id)
    return [[w for w in re.split(r"[-_]+", name.lower()) if w] for name in names]


def _is_own_slug(element_id: str, element: lxml.html.HtmlElement) -> bool:
    """Whether an id of two words or more is made of the first words of the element's text."""
    id_words = [w for w in re.split(r"[-_.:]+", element_id.lower()) if w]
    if len(id_words) < 2:
        return False
    start = ""
    for chunk in element.itertext():
        start += f" {chunk}"
        if len(start) > SLUG_TEXT_CHARS:
            break
    text_words = re.findall(r"[^\W_]+", start.lower())
    return text_words[: min(3, len(id_words))] == id_words[:3]


def _is_chrome_name(element: lxml.html.HtmlElement) -> bool:
    """Whether a class or id names page furniture (sidebar, toc, breadcrumbs, share ...)."""
    for words in _class_words(element):
        if _CHROME_PREFIX.match("".join(words)) or any(_CHROME_PREFIX.match(w) for w in words):
            return True
        if _CHROME_RUN.search("-".join(words)):
            return True
    return False


def _holds_article(element: lxml.html.HtmlElement, page_words: int) -> bool:
    """Whether an element holds the article: an <article> or <main>, or half the page's words."""
    if element.tag in ("html", "body", "article", "main") or element.get("role") == "main":
        return True
    if element.xpath(".//article or .//main or .//*[@role='main']"):
        return True
    return len(element.text_content().split()) > page_words / 2


def _remove_page_chrome(page: lxml.html.HtmlElement, dropped: list[Drop]) -> None:
    """Drop navigation, headers, sidebars, footers, widgets and the like (module docstring)."""
    page_words = len(page.text_content().split())
    for element in page.xpath(_CHROME_TAGS):
        if not _attached(element, page):
            continue
        if element.tag in ("script", "style", "template", "noscript"):
            element.drop_tree()
            continue
        if _holds_article(element, page_words) or _inside_article_header(element):
            continue
        _record(dropped, element, f"page furniture (<{element.tag}>)")
    page_words = len(page.text_content().split())
    main = _main_element(page)
    protected = {main, *main.iterancestors()} if main is not None else set()
    for element in page.xpath("//*[@class or @id]"):
        chrome = _is_chrome_name(element)
        byline = not chrome and _META_NAMES.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        )
        if not (chrome or byline) or element in protected or not _attached(element, page):
            continue
        if element.tag in _HEADINGS or element.xpath(
            "ancestor::h1 or ancestor::h2 or ancestor::h3"
        ):
            continue  # a heading's own links (Sphinx's toc-backref) are its text
        if _holds_article(element, page_words):
            continue
        if chrome and not _inside_article_header(element):
            _record(dropped, element, "page furniture (by its class)")
        elif byline and len(element.text_content()) < _SHORT_META_CHARS:
            if not element.xpath(".//h1 | .//h2"):
                _record(dropped, element, "a byline or post details")


def _remove_metadata_lists(page: lxml.html.HtmlElement, dropped: list[Drop]) -> None:
    """Drop a definition list of document metadata (Author:, Status:, Created: ...): mostly
    header keys, with short values (a list that explains front-matter fields is the text)."""
    for element in page.xpath("//dl"):
        terms = [
            " ".join(t.text_content().split()).rstrip(":").lower() for t in element.findall("dt")
        ]
        known = sum(1 for term in terms if term in HEADER_KEYS)
        values = [len(d.text_content().split()) for d in element.findall("dd")]
        short = sum(values) <= METADATA_VALUE_WORDS * max(1, len(values))  # not explanations
        if len(terms) >= 3 and known >= 0.6 * len(terms) and short and _attached(element, page):
            _record(dropped, element, "document metadata")


def _inside_article_header(element: lxml.html.HtmlElement) -> bool:
    """A <header>/<footer> (or one by class) of an article or section: the extractor judges it."""
    words = [w for names in _class_words(element) for w in names]
    header_like = element.tag in ("header", "footer") or "header" in words or "footer" in words
    if not header_like or element.tag in ("nav", "aside"):
        return False
    return bool(element.xpath("ancestor::article or ancestor::main or ancestor::section"))


def _remove_contents_lists(page: lxml.html.HtmlElement, dropped: list[Drop]) -> None:
    """Drop lists of three or more items that all link into the page (a table of contents)."""
    for element in page.xpath("//ul | //ol"):
        if not _attached(element, page) or element.xpath("ancestor::ul or ancestor::ol"):
            continue
        items = element.xpath(".//li")
        anchors = [
            li
            for li in items
            if li.xpath("./a[starts-with(@href, '#')] | ./*/a[starts-with(@href, '#')]")
        ]
        if len(items) >= 3 and len(anchors) >= 0.8 * len(items):
            _record(dropped, element, "a table of contents")


def _remove_contents_rows(page: lxml.html.HtmlElement, dropped: list[Drop]) -> None:
    """Drop a paragraph that is a row of three or more links into the page and little else
    ("Key Features • How To Use • Installation"): a table of contents written as a line."""
    for element in page.xpath("//p | //div[not(.//p | .//div | .//ul | .//ol)]"):
        if not _attached(element, page):
            continue
        anchors = element.xpath(".//a[starts-with(@href, '#') and string-length(@href) > 1]")
        words = count_words(element.text_content())
        anchor_words = sum(count_words(a.text_content()) for a in anchors)
        if len(anchors) >= 3 and anchor_words >= CONTENTS_ROW_SHARE * words:
            _record(dropped, element, "a table of contents (a row of links into the page)")


def fragment_blocks(content: str, dropped: list[Drop]) -> list[Block]:
    """The blocks of an HTML fragment inside another format (a README's raw HTML), read as a
    page's own elements are: headings, a paragraph per <br> run, lists, <details>; contents
    lists and rows dropped; images not read (logos and badges say nothing)."""
    try:
        page = lxml.html.document_fromstring(f"<html><body>{_NOT_XML.sub(' ', content)}</body>")
    except (lxml.etree.ParserError, ValueError):
        return []
    fragment = page.find("body")
    if fragment is None:
        return []
    for image in list(fragment.iter("img")):
        image.drop_tree()  # its tail stays
    remove_media_fallbacks(page, dropped)
    _remove_contents_lists(page, dropped)
    _remove_contents_rows(page, dropped)
    return list(_walk(fragment))


def _main_element(
    page: lxml.html.HtmlElement, extracted: list[Block] | None = None
) -> lxml.html.HtmlElement | None:
    """The element that holds the article: the smallest main-like one with most of the text,
    or, given the extractor's blocks, the smallest one that holds nearly all of their words
    (an <article> inside a <main> that also holds related posts and a newsletter box)."""
    candidates = [c for c in page.xpath(_MAIN_CANDIDATES) if c.getparent() is not None]
    sized = [(len(c.text_content().split()), c) for c in candidates]
    largest = max((words for words, _ in sized), default=0)
    wanted = Counter(_word_tokens(" ".join(b.text for b in extracted or [])))
    if extracted:
        holding = [
            (words, c) for words, c in sized if _share_held(wanted, c) >= HELD_SHARE and words
        ]
        if holding:
            return min(holding, key=lambda item: item[0])[1]
        if not largest:  # no main-like element: the innermost plain element that holds them
            return _innermost_holding(page, wanted)
    if not largest:
        return None
    fitting = [(words, c) for words, c in sized if words >= 0.7 * largest]
    return min(fitting, key=lambda item: item[0])[1]


def _innermost_holding(
    page: lxml.html.HtmlElement, wanted: Counter[str]
) -> lxml.html.HtmlElement | None:
    """The innermost element below <body> that holds nearly all of the wanted words (a theme's
    "content-container" <div>), or None when only <body> does."""
    body = page.find("body")
    node = body
    while node is not None:
        child = next(
            (c for c in node if isinstance(c.tag, str) and _share_held(wanted, c) >= HELD_SHARE),
            None,
        )
        if child is None:
            break
        node = child
    return None if node is body else node


def _word_tokens(text: str) -> list[str]:
    """Lower-case words of a text, for comparing what two readings hold."""
    return re.findall(r"\w+", text.casefold())


def _share_held(wanted: Counter[str], element: lxml.html.HtmlElement) -> float:
    """The share of the wanted words that an element's text holds."""
    total = sum(wanted.values())
    if not total:
        return 0.0
    held = Counter(_word_tokens(element.text_content()))
    return sum(min(count, held[word]) for word, count in wanted.items()) / total


def _extract(page_html: str, url: str | None) -> lxml.etree._Element | None:
    """Run trafilatura; None when it finds no body (short pages), for the direct reader."""
    import trafilatura  # imported here: 0.15 s that builds from text or Markdown never need

    result = trafilatura.extract(
        page_html,
        output_format="xml",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        include_images=True,
        include_links=True,
        with_metadata=True,
        url=url,
    )
    doc = lxml.etree.fromstring(result.encode()) if result else None
    main = doc.find("main") if doc is not None else None
    if main is None or not " ".join("".join(main.itertext()).split()):
        return None
    return doc


def _merge_extracted_meta(meta: dict[str, str], doc: lxml.etree._Element) -> None:
    """Fill metadata the page head lacked from what trafilatura found."""
    for field in ("author", "description", "image"):  # its date is often a guess
        value = " ".join((doc.get(field) or "").split())
        if value and not meta.get(field):
            meta[field] = value


# --- the extractor's reading checked against the page -------------------------------------


def _paragraphs_from_breaks(page: lxml.html.HtmlElement) -> None:
    """Text written as runs between <br> tags in a container becomes <p> paragraphs (Blogger and
    old CMS posts), so the extractor keeps the spaces around links and the sentences whole."""
    for element in list(page.iter("div", "td", "section", "article", "main", "blockquote")):
        breaks = element.findall("br")
        if breaks and ((element.text or "").strip() or any((b.tail or "").strip() for b in breaks)):
            _wrap_runs(element)


def _code_tables_as_code(page: lxml.html.HtmlElement) -> None:
    """A code block set as a table whose first column numbers its lines (CodeColorer, Pygments'
    ``linenos="table"``, Rouge, Chroma, highlight.js line numbers) becomes a <pre> of the code
    alone: the extractor read such tables as prose, numbers run into the code ("1npm install")."""
    for table in list(page.iter("table")):
        code = _numbered_code(table) if _attached(table, page) else None
        if code is None:
            continue
        around = next(table.iterancestors("pre"), None)
        target = table if around is None else around
        pre = lxml.html.Element("pre")
        pre.text, pre.tail = code, target.tail
        parent = target.getparent()
        if parent is not None:
            parent.replace(target, pre)


def _numbered_code(table: lxml.html.HtmlElement) -> str | None:
    """The code of a table that is a code block with line numbers, else None: every row is a
    cell of line numbers (consecutive, or empty where CSS draws them) and a cell of code, and
    the table says it is code (inside a <pre>, a <pre>/<code> in the code cell, or a class that
    names line numbers or a highlighter)."""
    rows = [row.xpath("./td | ./th") for row in table.xpath("./tr | ./*/tr")]
    if not rows or any(len(cells) != 2 for cells in rows):
        return None
    numbers = [token for cells in rows for token in " ".join(cells[0].itertext()).split()]
    if not all(token.isdigit() for token in numbers):
        return None
    first = int(numbers[0]) if numbers else 0
    if numbers and [int(token) for token in numbers] != list(range(first, first + len(numbers))):
        return None
    classes = " ".join(
        element.get("class") or ""
        for element in [table, *table.iterancestors(), *rows[0][0].iter(), *rows[0][1].iter()]
        if isinstance(element.tag, str)
    )
    marked = any(
        cells[1].find(".//pre") is not None or cells[1].find(".//code") is not None
        for cells in rows
    )
    in_pre = next(table.iterancestors("pre"), None) is not None
    if not (marked or in_pre or _CODE_TABLE_CLASS.search(classes)):
        return None
    for cells in rows:  # a line ends at a <br> or with its own element (SyntaxHighlighter)
        for line_end in cells[1].iter("br", "div", "p"):
            line_end.tail = "\n" + (line_end.tail or "")
    return "\n".join(cells[1].text_content().strip("\n") for cells in rows)


_CODE_TABLE_CLASS = re.compile(
    r"line-?num|lineno|gutter|\blnt|hljs-ln|blob-num|codecolorer|crayon|highlighttable|syntax",
    re.IGNORECASE,
)


def _divs_as_paragraphs(page: lxml.html.HtmlElement) -> None:
    """A <div> that holds only a run of text and inline elements, beside <p>s, is a paragraph
    written as a div (a classic WordPress editor's lines): it becomes a <p>. The extractor drops
    such a div's own text where paragraphs stand around it and splits it at its inline
    elements ("Click the" lost, "<b>No configurations</b> dropdown" glued)."""
    for div in list(page.iter("div")):
        own_text = (div.text or "").strip() or any((child.tail or "").strip() for child in div)
        inline = all(not isinstance(c.tag, str) or c.tag in _INLINE_TAGS for c in div)
        parent = div.getparent()
        if own_text and inline and parent is not None and parent.find("p") is not None:
            div.tag = "p"


def _keep_spaces_between_inline(page: lxml.html.HtmlElement) -> None:
    """A space between two inline elements ("<a>great</a> <a>grouping</a>") goes inside the
    first: the extractor drops text that is only white space between elements, which glued
    the two words ("greatgrouping")."""
    for element in page.iter(*_INLINE_TAGS - _VOID_TAGS):
        following = element.getnext()
        tail = element.tail or ""
        if not tail or tail.strip() or following is None or following.tag not in _INLINE_TAGS:
            continue
        if len(element):
            element[-1].tail = f"{element[-1].tail or ''} "
        else:
            element.text = f"{element.text or ''} "


def _wrap_runs(element: lxml.html.HtmlElement) -> None:
    """Wrap each run of text and inline elements between <br>s and blocks into a <p>."""
    children = list(element)
    runs: list[lxml.html.HtmlElement] = []
    paragraph = lxml.html.Element("p")
    paragraph.text = element.text
    element.text = None
    for child in children:
        element.remove(child)
        inline = not isinstance(child.tag, str) or child.tag in _INLINE_TAGS
        if inline and child.tag != "br":
            paragraph.append(child)
            continue
        tail, child.tail = child.tail, None
        runs.append(paragraph)
        if child.tag != "br":
            runs.append(child)
        paragraph = lxml.html.Element("p")
        paragraph.text = tail
    runs.append(paragraph)
    for run in runs:
        empty = run.tag == "p" and not run.text_content().strip() and run.find(".//img") is None
        if not empty:
            element.append(run)


def _restore_code(blocks: list[Block], page: lxml.html.HtmlElement) -> list[Block]:
    """Code the extractor read as text (a <pre> made a quote, or run into the sentence before
    it) is a code note again."""
    codes = {_squeezed(pre.text_content()) for pre in page.iter("pre")}
    codes = {code for code in codes if len(code) >= MIN_CODE_CHARS}
    if not codes:
        return blocks
    restored = []
    for block in blocks:
        text = block.text
        if not block.heading_level and text != CODE_SENTENCE:
            squeezed = _squeezed(text)
            for code in (code for code in codes if code in squeezed):
                text = _without_code(text, code)
        if text == block.text:
            restored.append(block)
        else:
            restored.append(Block(text, link_words=block.link_words))
    return restored


def _squeezed(text: str) -> str:
    """Text without any white space (extractors change the spacing of code)."""
    return "".join(text.split())


def _without_code(text: str, code: str) -> str:
    """The text with a code block's text in it replaced by the code note."""
    positions = [index for index, char in enumerate(text) if not char.isspace()]
    start = "".join(text[i] for i in positions).find(code)
    if start < 0 or (positions[start] and text[positions[start] - 1] == "`"):
        return text
    first, last = positions[start], positions[start + len(code) - 1] + 1
    before, after = text[:first].rstrip(), text[last:].lstrip(" .")
    return " ".join(part for part in (before, CODE_SENTENCE, after) if part)


def _recover_headings(extracted: list[Block], page_blocks: list[Block]) -> list[Block]:
    """Put back the headings of the page's main element that the extractor lost: each goes
    before the first text of its section that the extractor kept, or takes the place of a
    paragraph that only repeats it. A heading whose section was dropped stays out, and so does
    one that is a link to another page (a teaser's title)."""
    kept = {fold(b.text) for b in extracted if b.heading_level}
    out = list(extracted)
    cursor = 0
    pending: list[tuple[Block, bool]] = []  # lost headings, and whether text of theirs was missed
    for block in page_blocks:
        if block.heading_level:
            key = fold(block.text)
            if key in kept:
                found = _find_heading(out, key, cursor)
                cursor, pending = (found + 1 if found is not None else cursor), []
            elif key and block.link_words < 0.8 * block.words:  # not a teaser's link
                pending = [(h, missed) for h, missed in pending if not missed]
                pending.append((block, False))
            continue
        if not pending or not block.words:
            continue
        found = _find_text(out, block.text, cursor)
        if found is None:
            pending = [(heading, True) for heading, _ in pending]
            continue
        for heading, _ in pending:
            found = _put_heading(out, heading, cursor, found)
        cursor, pending = found + 1, []
    return out


def _find_heading(blocks: list[Block], key: str, start: int) -> int | None:
    """Index of the first heading at or after `start` whose folded text is `key`."""
    for index in range(start, len(blocks)):
        if blocks[index].heading_level and fold(blocks[index].text) == key:
            return index
    return None


def _find_text(blocks: list[Block], text: str, start: int) -> int | None:
    """Index of the first paragraph at or after `start` that starts like `text`."""
    wanted = fold(text).split()[:6]
    for index in range(start, len(blocks)):
        if blocks[index].heading_level:
            continue
        words = fold(blocks[index].text).split()[:6]
        span = min(len(words), len(wanted))
        if span and (span >= 2 or len(wanted) == len(words)) and words[:span] == wanted[:span]:
            return index
    return None


def _put_heading(blocks: list[Block], heading: Block, start: int, before: int) -> int:
    """Put a lost heading back before `before` (or in place of a paragraph between `start` and
    `before` that only repeats it); return the new index of the block that was at `before`."""
    key = fold(heading.text)
    for index in range(before - 1, start - 1, -1):
        if not blocks[index].heading_level and fold(blocks[index].text) == key:
            blocks[index] = Block(heading.text, heading.heading_level)
            return before
    blocks.insert(before, Block(heading.text, heading.heading_level))
    return before + 1


# --- the page's own elements, read directly -------------------------------------------------

_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr q s samp"
    " small span strike strong sub sup time tt u var wbr math svg button input".split()
)
_VOID_TAGS = frozenset({"img", "br", "wbr", "input"})
_SKIPPED_TAGS = frozenset(
    {"script", "style", "template", "svg", "button", "input", "select", *MEDIA_TAGS}
)


def _walk(element: lxml.html.HtmlElement) -> Iterator[Block]:
    """Headings and paragraphs of an element of the page, in order (a <br> ends a paragraph)."""
    run: list[str] = [element.text or ""]
    links = [0]
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED_TAGS:
            run.append(child.tail or "")
        elif child.tag in _INLINE_TAGS and not _has_blocks(child):
            links[0] += _inline_text(child, run)
            run.append(child.tail or "")
        else:
            yield from _run_block(run, links)
            if child.tag != "br":
                yield from _element_blocks(child)
            run, links = [child.tail or ""], [0]
    yield from _run_block(run, links)


def _has_blocks(element: lxml.html.HtmlElement) -> bool:
    """Whether an element holds block-level elements (so it is walked, not read as one line)."""
    return any(
        isinstance(d.tag, str) and d.tag not in _INLINE_TAGS and d.tag not in _SKIPPED_TAGS
        for d in element.iterdescendants()
    )


def _run_block(run: list[str], links: list[int]) -> Iterator[Block]:
    """The paragraph an inline run makes, if it has words."""
    text = _squash("".join(run))
    if text:
        yield Block(text, link_words=links[0])


def _element_blocks(element: lxml.html.HtmlElement) -> Iterator[Block]:
    """Blocks for one block-level element of the page."""
    tag = element.tag
    if tag in _HEADINGS:
        text, _ = _flat_text(element)
        away = element.xpath(".//a[@href and not(starts-with(@href, '#'))]")
        links = sum(len(link.text_content().split()) for link in away)
        yield Block(text, heading_level=int(tag[1]), link_words=links)
    elif tag == "pre":
        yield Block(CODE_SENTENCE)
    elif tag == "table" and not _is_layout_html_table(element):
        yield Block(TABLE_SENTENCE)
    elif tag in ("ul", "ol"):
        block = list_block(_list_lines(element))
        if block.text:
            yield block
    elif tag == "hr":
        return
    elif not _has_blocks(element):
        text, link_words = _flat_text(element)
        if text:
            yield Block(text, link_words=link_words)
    else:
        yield from _walk(element)


def _is_layout_html_table(table: lxml.html.HtmlElement) -> bool:
    """A table used for page layout: one row, or a cell holding paragraphs or long prose."""
    rows = table.xpath("./tr | ./*/tr")
    if len(rows) <= 1:
        return True
    return any(
        cell.find("p") is not None or len(_squash(cell.text_content())) > 200
        for cell in table.xpath(".//td")
    )


def _list_lines(element: lxml.html.HtmlElement) -> list[tuple[str, int]]:
    """A list's items with their words in links (nested items after their parent)."""
    lines: list[tuple[str, int]] = []
    for item in element:
        if item.tag != "li":
            continue
        lines.append(_flat_text(item, skip=("ul", "ol")))
        for nested in item.xpath("./ul | ./ol | ./*/ul | ./*/ol"):
            lines += _list_lines(nested)
    return lines


def _flat_text(element: lxml.html.HtmlElement, skip: tuple[str, ...] = ()) -> tuple[str, int]:
    """All the speakable text inside an element on one line, and its words in links."""
    parts: list[str] = [element.text or ""]
    links = 0
    for child in element:
        if isinstance(child.tag, str) and child.tag in skip:
            parts.append(child.tail or "")
            continue
        if isinstance(child.tag, str) and child.tag == "pre":
            parts.append(f" {CODE_SENTENCE} ")
        elif (
            isinstance(child.tag, str)
            and child.tag not in _INLINE_TAGS
            and child.tag not in _SKIPPED_TAGS
        ):
            text, child_links = _flat_text(child, skip)
            parts.append(f" {text} ")
            links += child_links
        else:
            links += _inline_text(child, parts)
        parts.append(child.tail or "")
    return _squash("".join(parts)), links


def _inline_text(element: lxml.html.HtmlElement, parts: list[str]) -> int:
    """Append an inline element's speakable text (inline code in backticks); return link words."""
    if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS or element.tag == "img":
        alt = _alt_text(element.get("alt")) if element.tag == "img" else ""
        parts.append(f" {alt} " if alt and not element.xpath("ancestor::a") else " ")
        return 0
    if element.tag == "br":
        parts.append(" ")
        return 0
    if element.tag == "code":
        text = element.text_content()
        parts.append(code_span(text) if "\n" not in text.strip() else f" {CODE_SENTENCE} ")
        return 0
    start = len(parts)
    parts.append(element.text or "")
    for child in element:
        _inline_text(child, parts)
        parts.append(child.tail or "")
    return len("".join(parts[start:]).split()) if element.tag == "a" else 0


# --- trafilatura's XML --------------------------------------------------------------------


def _blocks(element: lxml.etree._Element | None, in_layout: bool = False) -> Iterator[Block]:
    """Walk trafilatura's XML and yield headings and speakable paragraphs in order.

    Inline runs (text, emphasis, links) between block elements or <lb/> breaks become
    paragraphs of their own, so text written with <br><br> reads as paragraphs.
    """
    if element is None:
        return
    run = [element.text or ""]
    links = [0]
    for child in element:
        if child.tag in _BLOCK_TAGS or child.tag == "lb":
            yield from _run_block(run, links)
            if child.tag != "lb" and not (in_layout and child.tag == "graphic"):
                yield from _child_blocks(child)
            run, links = [child.tail or ""], [0]
        else:
            links[0] += _collect(child, run)
    yield from _run_block(run, links)


def _child_blocks(child: lxml.etree._Element) -> Iterator[Block]:
    """Blocks for one block-level element of trafilatura's XML."""
    tag = child.tag
    if tag == "head" and child.get("rend"):
        level = int(child.get("rend", "h2").lstrip("h") or 2)
        yield Block(_text(child)[0], heading_level=min(max(level, 1), 6))
    elif tag == "head":  # a <details>' <summary> (the extractor's <head> with no level): a label
        text, link_words = _text(child)
        yield Block(text, link_words=link_words)
    elif tag == "list":
        block = list_block(_text(item) for item in child.iter("item"))
        if block.text:
            yield block
    elif tag == "table" and _is_layout_table(child):
        for cell in child.iter("cell"):
            if len(_squash("".join(cell.itertext()))) >= _LAYOUT_CELL_MIN_CHARS:
                yield from _blocks(cell, in_layout=True)
    elif tag == "table":
        yield Block(TABLE_SENTENCE)
    elif tag == "code":
        text = "".join(child.itertext())
        yield Block(
            CODE_SENTENCE if "\n" in text.strip() or len(text) > 80 else f"`{_squash(text)}`"
        )
    elif tag == "graphic":
        alt = _alt_text(child.get("alt"))
        if alt:
            yield Block(alt)
    elif tag in ("div", "quote") and any(c.tag in _BLOCK_TAGS for c in child):
        yield from _blocks(child)
    else:
        text, link_words = _text(child)
        yield Block(text, link_words=link_words)


def _is_layout_table(table: lxml.etree._Element) -> bool:
    """A table used for page layout (one row, or a cell holding paragraphs or long prose)."""
    rows = table.findall("row")
    if len(rows) <= 1:
        return True
    return any(
        cell.find("p") is not None or len(_squash("".join(cell.itertext()))) > 200
        for cell in table.iter("cell")
    )


def _text(element: lxml.etree._Element) -> tuple[str, int]:
    """The text inside an element (footnote marks and code blocks left out) and its link words."""
    parts: list[str] = [element.text or ""]
    links = 0
    for child in element:
        if child.tag == "list":  # a nested list is read as items of its own
            parts.append(child.tail or "")
            continue
        links += _collect(child, parts)
    return _squash("".join(parts)), links


def _collect(element: lxml.etree._Element, parts: list[str]) -> int:
    """Append an inline element's speakable text and its tail; return its words in links."""
    text = "".join(element.itertext())
    links = 0
    if element.tag == "code" and "\n" in text.strip():
        parts.append(f" {CODE_SENTENCE} ")
    elif element.tag == "code":
        parts.append(code_span(text))
    elif element.tag == "lb":
        parts.append(" ")
    elif not (element.get("rend") == "#sup" and _FOOTNOTE_MARK.match(text.strip())):
        parts.append(element.text or "")
        for child in element:
            links += _collect(child, parts)
        if element.tag == "ref":
            links = len(text.split())
    parts.append(element.tail or "")
    return links


def _alt_text(alt: str | None) -> str:
    """An image's alt text as words: markup some pages write into it ("Photo by <a ...>") goes."""
    return _squash(re.sub(r"<[^>]*>", " ", alt or ""))


def _squash(text: str) -> str:
    """Collapse whitespace."""
    return " ".join(text.split())
