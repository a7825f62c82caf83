"""HTML pages -> Article: keep the article, drop the page around it.

The article body is found by trafilatura (compared on tests/data/blog_post.html and
news_page.html with readability-lxml: readability kept inline adverts, "Read more" links, the
newsletter box and the share buttons; trafilatura dropped them and kept the headings). Before
extraction, footnote lists and footnote reference markers are removed, since neither is read
aloud. The extracted XML is walked into blocks (headings, paragraphs, quotes, list items, with
code and tables replaced by a short sentence), and `blocks.build_sections` picks the chapters.

Metadata comes from the page head: the title from og:title, else the article's own heading,
else <title> with the site name cut off; author, date, description, image from meta tags (and
trafilatura's own metadata search); the language from <html lang> or og:locale.
"""

from __future__ import annotations

import logging
import re

import lxml.etree
import lxml.html

from article2audio.errors import ParseError
from article2audio.models import Article
from article2audio.parse.blocks import (
    CODE_SENTENCE,
    TABLE_SENTENCE,
    Block,
    drop_title_heading,
    is_back_matter,
    make_article,
)

logger = logging.getLogger(__name__)

_META_SOURCES = {
    "title": ("og:title", "twitter:title"),
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
_PAGE_CHROME = (
    "//script | //style | //noscript | //template | //form | //nav | //aside | //header"
    " | //footer | //*[@role='navigation' or @role='banner' or @role='complementary'"
    " or @role='contentinfo' or @role='dialog' or @role='search']"
)
_SIMPLE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "table")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:-]\s+")
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_EDIT_LINKS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-editsection ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' editsection ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' anchor-link ')]"
)
_BOILERPLATE_NAMES = re.compile(
    r"(?<![a-z])(?:byline|post-meta|entry-meta|article-meta|meta-data|author-(?:info|bio|box|card)"
    r"|share|sharing|social|read(?:ing)?-time|speechify-ignore|newsletter|subscribe|subscription"
    r"|signup|sign-up|cookie|advert|ad-slot|ads|promo|related|recommended|tags-links|cat-links)(?![a-z])",
    re.IGNORECASE,
)
_SHORT_BOILERPLATE_CHARS = 300
_BLOCK_TAGS = ("head", "p", "list", "table", "code", "quote", "div", "graphic")
_LAYOUT_CELL_MIN_CHARS = 100
_READ_TIME = re.compile(r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b", re.IGNORECASE)
_WIDGET_WORDS = re.compile(
    r"(?:(?:share|follow|listen|save|print|like|comment|subscribe|sign in|sign up|advertisement"
    r"|read more|continue reading)[\s.·|]*)+",
    re.IGNORECASE,
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_FOOTNOTE_MARK = re.compile(r"^\[?\d{1,3}\]?$")


def parse_html(text: str, url: str | None = None) -> Article:
    """Parse an HTML page into an Article; ParseError when no article body is found."""
    page = _load(text)
    meta = page_meta(page)
    _remove_footnotes(page)
    _remove_page_chrome(page)
    doc = _extract(lxml.html.tostring(page, encoding="unicode"), url)
    if doc is not None:
        _merge_extracted_meta(meta, doc)
        blocks = list(_blocks(doc.find("main")))
    else:
        blocks = list(_simple_blocks(page))
    blocks = [block for block in blocks if block.heading_level or not _is_page_widget(block.text)]
    blocks = _cut_trailing_notes(blocks)
    if not any(block.text for block in blocks if not block.heading_level):
        raise ParseError(
            "the page has no article text. Probable cause: the page is only navigation, "
            "or its text is loaded by JavaScript (save the page from a browser instead)."
        )
    title = meta.get("title") or _first_heading(blocks) or meta.pop("page_title", "")
    meta.pop("page_title", None)
    meta["title"] = title
    blocks = drop_title_heading(title, blocks)
    article = make_article(title, blocks, {k: v for k, v in meta.items() if k != "title"})
    logger.debug("html: title %r, %d sections", title, len(article.sections))
    return article


def _cut_trailing_notes(blocks: list[Block]) -> list[Block]:
    """Cut a bold "Notes" / "References" line near the end and the footnotes under it."""
    for index, block in enumerate(blocks):
        late = index >= 0.5 * len(blocks)
        if late and index > 0 and not block.heading_level and is_back_matter(block.text):
            return blocks[:index]
    return blocks


def _is_page_widget(text: str) -> bool:
    """A short line that belongs to the page's widgets: "6 min read", "Share", "Follow"."""
    if len(text.split()) > 12:
        return False
    return bool(_READ_TIME.search(text) or _WIDGET_WORDS.fullmatch(text.strip(" .·|")))


def _load(text: str) -> lxml.html.HtmlElement:
    """Parse page text with lxml (an XML declaration with an encoding is allowed)."""
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
    text = _NOT_XML.sub(" ", text)  # control characters lxml refuses
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"the page cannot be read as HTML ({exc})") from exc


def page_meta(page: lxml.html.HtmlElement) -> dict[str, str]:
    """Title, author, date, description, image and lang from the page head."""
    tags: dict[str, str] = {}
    for element in page.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key and element.get("content") and key not in tags:
            tags[key] = " ".join(element.get("content").split())
    meta = {
        field: next((tags[name] for name in names if tags.get(name)), "")
        for field, names in _META_SOURCES.items()
    }
    site = tags.get("og:site_name") or tags.get("application-name") or ""
    if meta["title"] and site:
        meta["title"] = _strip_known_site(meta["title"], site)
    title_element = page.find(".//title")
    if title_element is not None and title_element.text_content().strip():
        meta["page_title"] = _strip_site_name(title_element.text_content(), tags)
    meta["date"] = meta["date"] or _structured_date(page)
    lang = page.get("lang") or page.get("xml:lang") or tags.get("og:locale", "")
    meta["lang"] = lang.replace("_", "-").split("-")[0].lower() if lang else ""
    return {key: value for key, value in meta.items() if value}


def _structured_date(page: lxml.html.HtmlElement) -> str:
    """The publication date from JSON-LD, else from the article's first <time datetime>."""
    for script in page.xpath("//script[@type='application/ld+json']"):
        match = _LD_DATE.search(script.text_content())
        if match:
            return match.group(1)
    times = page.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]")
    return times[0].get("datetime").strip() if times else ""


def _strip_known_site(title: str, site: str) -> str:
    """'Post title | Site' -> 'Post title' when the site's name is known ('Site' alone stays)."""
    parts = _TITLE_SEPARATORS.split(title)
    kept = [part for part in parts if part.casefold() != site.casefold()]
    return " - ".join(kept) if kept and len(kept) < len(parts) else title


def _strip_site_name(title: str, tags: dict[str, str]) -> str:
    """'Post title | Site name' -> 'Post title' (the longest part, or the non-site part)."""
    title = " ".join(title.split())
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site = tags.get("og:site_name", "").casefold()
    kept = [part for part in parts if part.casefold() != site] or parts
    return max(kept, key=len) if not site else " - ".join(kept)


def _remove_footnotes(page: lxml.html.HtmlElement) -> None:
    """Drop footnote lists, the numbered markers that point at them, and [edit] links."""
    for element in (
        page.xpath(_FOOTNOTE_LISTS) + page.xpath(_FOOTNOTE_REFS) + page.xpath(_EDIT_LINKS)
    ):
        if element.getparent() is not None:
            element.drop_tree()


def _remove_page_chrome(page: lxml.html.HtmlElement) -> None:
    """Drop scripts, styles, forms and navigation, headers, sidebars, footers around the article.

    An element that holds the article (an <article> or <main>, or most of the page's text, as
    in pages wrapped whole in a <form>) is kept; so are the <header> and <footer> of an
    article or section, which the extractor judges itself.
    """
    page_text = len(page.text_content())
    for element in page.xpath(_PAGE_CHROME):
        if element.getparent() is None or element.xpath(".//article or .//main"):
            continue
        if element.tag in ("header", "footer") and element.xpath(
            "ancestor::article or ancestor::main or ancestor::section"
        ):
            continue
        if element.tag not in ("script", "style") and len(element.text_content()) > page_text / 2:
            continue
        element.drop_tree()
    for element in page.xpath("//*[@class or @id]"):
        names = f"{element.get('class', '')} {element.get('id', '')}"
        short = len(element.text_content()) < _SHORT_BOILERPLATE_CHARS
        if short and _BOILERPLATE_NAMES.search(names) and element.getparent() is not None:
            if not element.xpath("self::article or self::main or .//h1 or .//h2 or .//h3"):
                element.drop_tree()


def _extract(page_html: str, url: str | None) -> lxml.etree._Element | None:
    """Run trafilatura; None when it finds no body (short pages), for the simple reader."""
    import trafilatura  # imported here: 0.15 s that builds from text or Markdown never need

    result = trafilatura.extract(
        page_html,
        output_format="xml",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        include_images=True,
        with_metadata=True,
        url=url,
    )
    doc = lxml.etree.fromstring(result.encode()) if result else None
    main = doc.find("main") if doc is not None else None
    if main is None or not " ".join("".join(main.itertext()).split()):
        return None
    return doc


def _simple_blocks(page: lxml.html.HtmlElement):
    """Headings and paragraphs in document order, for pages too short for trafilatura."""
    roots = page.xpath("//article") or page.xpath("//main | //*[@role='main']") or [page]
    root = max(roots, key=lambda element: len(element.text_content()))
    for element in root.iter(*_SIMPLE_TAGS):
        if element.xpath(
            "ancestor::li or ancestor::blockquote or ancestor::pre or ancestor::table"
        ):
            continue
        if element.tag == "pre":
            yield Block(CODE_SENTENCE)
        elif element.tag == "table":
            yield Block(TABLE_SENTENCE)
        elif element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            yield Block(_squash(element.text_content()), heading_level=int(element.tag[1]))
        else:
            yield Block(_squash(element.text_content()))


def _merge_extracted_meta(meta: dict[str, str], doc: lxml.etree._Element) -> None:
    """Fill metadata the page head lacked from what trafilatura found."""
    for field in ("title", "author", "description", "image"):  # its date is often a guess
        value = " ".join((doc.get(field) or "").split())
        if value and not meta.get(field):
            meta[field] = value


def _first_heading(blocks: list[Block]) -> str:
    """The text of the first heading, preferring an h1."""
    headings = [b for b in blocks if b.heading_level]
    h1 = next((b for b in headings if b.heading_level == 1), None)
    return (h1 or (headings[0] if headings else Block(""))).text


def _blocks(element: lxml.etree._Element | None, in_layout: bool = False):
    """Walk trafilatura's XML and yield headings and speakable paragraphs in order.

    Inline runs (text, emphasis, links) between block elements or <lb/> breaks become
    paragraphs of their own, so text written with <br><br> reads as paragraphs.
    """
    if element is None:
        return
    run = [element.text or ""]
    for child in element:
        if child.tag in _BLOCK_TAGS or child.tag == "lb":
            yield from _paragraph(run)
            if child.tag != "lb" and not (in_layout and child.tag == "graphic"):
                yield from _child_blocks(child)
            run = [child.tail or ""]
        else:
            _collect(child, run)
    yield from _paragraph(run)


def _paragraph(run: list[str]):
    """The paragraph an inline run makes, if it has words."""
    text = _squash("".join(run))
    if text:
        yield Block(text)


def _child_blocks(child: lxml.etree._Element):
    """Blocks for one block-level element of trafilatura's XML."""
    tag = child.tag
    if tag == "head":
        level = int((child.get("rend") or "h2").lstrip("h") or 2)
        yield Block(_text(child), heading_level=min(max(level, 1), 6))
    elif tag == "list":
        yield Block("\n".join(_list_items(child)))
    elif tag == "table" and _is_layout_table(child):
        for cell in child.iter("cell"):
            if len(_squash("".join(cell.itertext()))) >= _LAYOUT_CELL_MIN_CHARS:
                yield from _blocks(cell, in_layout=True)
    elif tag == "table":
        yield Block(TABLE_SENTENCE)
    elif tag == "code":
        yield Block(CODE_SENTENCE)
    elif tag == "graphic":
        alt = _squash(child.get("alt") or "")
        if alt:
            yield Block(alt)
    elif tag in ("div", "quote") and any(c.tag in _BLOCK_TAGS for c in child):
        yield from _blocks(child)
    else:
        yield Block(_text(child))


def _is_layout_table(table: lxml.etree._Element) -> bool:
    """A table used for page layout (one row, or a cell holding paragraphs or long prose)."""
    rows = table.findall("row")
    if len(rows) <= 1:
        return True
    return any(
        cell.find("p") is not None or len(_squash("".join(cell.itertext()))) > 200
        for cell in table.iter("cell")
    )


def _list_items(element: lxml.etree._Element) -> list[str]:
    """The items of a list, each ending like a sentence."""
    items = []
    for item in element.iter("item"):
        text = _text(item)
        if text:
            items.append(text if re.search(r"[.!?:;]['\"”’)]*$", text) else f"{text}.")
    return items


def _text(element: lxml.etree._Element) -> str:
    """The text inside an element, footnote-like superscripts and code blocks left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        _collect(child, parts)
    return _squash("".join(parts))


def _collect(element: lxml.etree._Element, parts: list[str]) -> None:
    """Append an inline element's speakable text and its tail."""
    text = "".join(element.itertext())
    if element.tag == "code" and "\n" in text:
        parts.append(f" {CODE_SENTENCE} ")
    elif element.tag == "lb":
        parts.append(" ")
    elif not (element.get("rend") == "#sup" and _FOOTNOTE_MARK.match(text.strip())):
        parts.append(element.text or "")
        for child in element:
            _collect(child, parts)
    parts.append(element.tail or "")


def _squash(text: str) -> str:
    """Collapse whitespace."""
    return " ".join(text.split())
