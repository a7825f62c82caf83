"""Markdown and MDX articles -> Outline, with markdown-it-py (CommonMark + tables).

Metadata comes from YAML (``---``) or TOML (``+++``) front matter, or a ``Title: ...`` header
(`parse.meta`). The title and chapters are picked by `parse.structure` from the outline built
here: ATX and setext headings (and ``<h1>``-``<h6>`` HTML blocks) with their level, custom ids
cut (``{#id}``, ``{: #id}``, Fumadocs' ``[#id]``, MyST's ``(label)=`` line above); paragraphs;
lists, one item a line (a list of links into the page is marked as a contents list); the first
line when it is a short line of its own (a title without ``#``).

Nothing the voice should not say survives: emphasis and link markup go (link text stays),
images become their alt text, code blocks, tables and display formulas become a short note, a
task list's boxes (``- [x]``) go; raw HTML blocks (a README's centred header, a ``<details>``
contents) are read as a page's own HTML is (`parse.html.fragment_blocks`: headings at their
level, a paragraph per ``<br>`` run, lists, contents lists and rows of links into the page
dropped, images not read, media elements with their fallback text dropped: "Your browser
does not support the video tag." is for old browsers, in MDX too) and Markdown inside them is
read as Markdown; footnotes,
template tags (Liquid, Hugo shortcodes, kramdown attribute lines) are not spoken. Inline code
stays in backticks (the script stage decides how to say it); emoji shortcodes (``:heart:``) are
the emoji GitHub shows, which the voice leaves out, and MkDocs Material's icon shortcodes
(``:material-github:``) go. Callouts are read as text:
GitHub's ``> [!NOTE]``, MkDocs ``!!! note``, Docusaurus/VuePress ``:::tip Title`` ... ``:::``
(read as "Tip:" and the box's text; the box's own title is a visual label, not spoken).

MDX (``.mdx``, or a Markdown file with ESM ``import``/``export`` lines or JSX ``<Components>``):
import and export statements, ``{/* comments */}`` and ``{expressions}`` are dropped, every tag
is taken off with the text between tags kept (so a ``<TweetQuote>`` or ``<Tabs>`` body is read),
and indented lines are not code (MDX has no indented code): a fence indented inside a component
(``<Fragment>`` around a ```` ```sh ```` block) is moved to the margin and stays a fence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from article2audio.models import Article
from article2audio.parse.blocks import (
    ANCHOR_LIST,
    CODE_SENTENCE,
    FORMULA_SENTENCE,
    HEADER_HEADING,
    TABLE_SENTENCE,
    Block,
    Drop,
    Outline,
    code_span,
    excerpt,
    list_block,
)
from article2audio.parse.html import MEDIA_TAGS, fragment_blocks
from article2audio.parse.meta import (
    split_front_matter,
    split_key_value_header,
    split_pandoc_title_block,
)
from article2audio.parse.structure import PROSE_WORDS, infer_structure

logger = logging.getLogger(__name__)

_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\n]+\]:.*(?:\n(?: {4}|\t).*)*\n?", re.MULTILINE)
_GITHUB_ALERT = re.compile(
    r"^(\s*>\s*)\[!(note|tip|important|warning|caution)\][ \t]*\n?(?:\s*>[ \t]*)?",
    re.IGNORECASE | re.MULTILINE,
)
_ADMONITION = re.compile(
    r"^(?:!!!|\?\?\?\+?)[ \t]+(\w+)(?:[ \t]+\"[^\"\n]*\")?[ \t]*\n((?:(?: {4}|\t).*\n|[ \t]*\n)*)",
    re.MULTILINE,
)
_CONTAINER_OPEN = re.compile(
    r"^[ \t]*:{3,}[ \t]*(\w+)[ \t]*(?:\[([^\]\n]*)\]|\{[^}\n]*\})?[ \t]*(.*?)[ \t]*$"
)
_CONTAINER_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_DISPLAY_MATH = re.compile(
    r"^ {0,3}(?:\$\$.{1,5000}?\$\$|\\\[.{1,5000}?\\\])[ \t]*$", re.DOTALL | re.MULTILINE
)
_INLINE_MATH = re.compile(
    r"\\\((.+?)\\\)|(?<![\\$\w])\$(?=[^\s$])([^$\n]*?[\\^_=][^$\n]*?)(?<=\S)\$(?![\d$])"
    r"|(?<![\\$\w])\$([A-Za-z])\$(?![\w$])"
)
# Jekyll/Liquid {% ... %} and {{ ... }}, Hugo shortcodes {{< ... >}} {{% ... %}}, kramdown {: ...},
# MyST's target line above a heading "(label)="
_TEMPLATE_TAG = re.compile(
    r"\{%-?.{0,2000}?-?%\}|\{\{[<%]?.{0,2000}?[>%]?\}\}|^[ \t]*\{:[^}\n]*\}[ \t]*$"
    r"|^[ \t]*\([\w.:/-]+\)=[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
_OPENING = re.compile(r"\A(?:[ \t]*(?:<[^\n]*|!?\[[^\n]*|\s*)\n)*", re.MULTILINE)
_IMAGE = re.compile(
    r"!\[(?P<md_alt>[^\]\n]*)\]\((?P<md_src>[^)\s]*)|<img\b(?P<attrs>[^>]*)>", re.IGNORECASE
)
_ATTRIBUTE = r"\b{}=(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))"
_BADGE_SOURCE = re.compile(
    r"badge|shields\.io|/workflows/|travis-ci|codecov|circleci|coveralls|trendshift|status\.svg"
    r"|godoc\.org",
    re.IGNORECASE,
)
_LOGO_WORDS = re.compile(r"\b(?:logo|banner|icon|header image)\b", re.IGNORECASE)
_ALT_TAGLINE = re.compile(r"\s+[-–—]\s+|:\s+")  # "PocketBase - open source backend in 1 file"
_SPONSOR_LABEL = re.compile(
    r"\b(?:sponsors?|sponsored by|special thanks|supported by|backed by|thanks to)\b", re.I
)
_BLOCK_END = re.compile(r"^</(?:div|table|p)>|\n[ \t]*\n(?=<)", re.MULTILINE)
_GENERIC_ALT = re.compile(
    r"^(?:an? )?(?:image|img|picture|photo|screenshot|screen shot|demo|preview|gif|readme"
    r"|header|hero|cover|title|icon|animation|video)s?$",
    re.IGNORECASE,
)
_REPO_LINK = re.compile(r"github\.com/[\w.-]+/([\w.-]+?)(?:\.git)?(?=[/)#?\"'\s]|$)")
# A link's target that is a GitHub repository (not a path named in the text: "github.com/a/b").
_REPO_LINK_TARGET = re.compile(
    r"(?:\]\(\s*<?|href=[\"']?|^[ \t]*\[[^\]\n]+\]:[ \t]*<?|<)https?://(?:www\.)?"
    + _REPO_LINK.pattern,
    re.MULTILINE,
)
_ANGLED_WORD = re.compile(r"<([\w.@-]+)>")
_TASK_BOX = re.compile(r"^\[[ xX]\]\s+")  # a task list's box ("- [x] Add a changelog")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKDOWN_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_INDENTED_FENCE = re.compile(r"^([ \t]{4,})(`{3,}|~{3,})")
_CALL_TO_ACTION = re.compile(
    r"^(?:please\s+)?(?:submit|contribute|sign\s+up|subscribe|donate|join|star|follow|download"
    r"|install|try|get|click|buy|register|support|sponsor|vote|share|contact|apply|book|order"
    r"|start|request|report|tell|open|read|see|visit|check|learn|watch|listen|leave|send|ask)\b",
    re.IGNORECASE,
)
_MEDIA_OPEN = re.compile(rf"<({'|'.join(MEDIA_TAGS)})\b[^>]*?(?<!/)>", re.IGNORECASE)
_MEDIA_CLOSE = re.compile(rf"</(?:{'|'.join(MEDIA_TAGS)})\s*>", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\S)")
_EMPHASIS = (("strong_open", "strong_close"), ("em_open", "em_close"))
_MDX_SIGNS = re.compile(
    r"^(?:import\s+[\w{*][^\n]*\bfrom\s+['\"]|export\s+(?:const|default|function|let)\b)"
    r"|\{/\*|^<[A-Z][\w.]*[\s/>]",
    re.MULTILINE,
)


def parse_markdown(text: str, mdx: bool = False) -> Article:
    """Parse a Markdown (or MDX) article into an Article."""
    return infer_structure(read_markdown(text, mdx))[0]


def read_markdown(text: str, mdx: bool = False) -> Outline:
    """The outline of a Markdown or MDX document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, body = split_front_matter(text)
    source = "front matter"
    if not meta:
        meta, body = split_pandoc_title_block(body)
        source = "the Pandoc title block"
    if not meta:
        meta, body = split_key_value_header(body)
        source = "the header"
    if mdx or _MDX_SIGNS.search(_outside_fences(body)[:20000]):
        body = strip_mdx(body)
        mdx = True
    parser = _markdown(mdx)
    dropped: list[Drop] = []
    blocks = list(_blocks(parser.parse(strip_footnotes_and_math(body)), parser, dropped))
    first_line = _title_line(blocks)
    name, name_source = project_name(body)
    if not name and _opens_with_a_header(body):
        name, name_source = prose_name(blocks), _PROSE_SUBJECT
    logger.debug("markdown: %d blocks, meta %s", len(blocks), sorted(meta))
    return Outline(
        blocks,
        "mdx" if mdx else "md",
        meta=meta,
        meta_title_source=source,
        first_line=first_line,
        name_hint=name,
        name_hint_source=name_source,
        name_hint_in_opening=name_source in _OPENING_NAME_SOURCES,
        dropped=dropped,
    )


_LOGO_ALT = "the opening logo's alt text"
_OPENING_REPOSITORY = "the repository its opening links name"
_PROSE_SUBJECT = "the subject of its first sentence"
_OPENING_NAME_SOURCES = (_LOGO_ALT, _OPENING_REPOSITORY)  # a name the document opens with
# "Quill is a ...", "`quill` is an ...": a name of one to three words, then what it is.
_SUBJECT = re.compile(
    r"^`?([A-Z0-9][\w.+-]*(?: [A-Z0-9][\w.+-]*){0,2}|[a-z][\w.+-]*(?=`))`? (?:is|are) (?:a|an|the)\b"
)


def project_name(body: str) -> tuple[str, str]:
    """A README's name when it has no title: its opening logo's alt text, else its repository.

    The logo is the first image before any heading or prose with a short alt text ("Oh My Zsh",
    "YT-DLP"; "logo", "banner" and a tagline after a dash cut off; not "image"); one that the
    rest of the text names too comes first, and a sponsor's logo (after "Special thanks to:",
    "Gold sponsors" in the opening) is never the name. The repository is the one the opening
    logo and
    badges link to, else the one its GitHub links (link targets, not paths named in the text)
    name most often (at least twice); it is
    written as the text writes it most often ("crewAI" -> "CrewAI").
    """
    opening = _OPENING.match(body)
    head = opening.group(0) if opening else ""
    rest = body[len(head) :]
    logos = [(_logo_name(alt), position) for alt, position in _logo_alts(head)]
    logos = [(name, position) for name, position in logos if _is_logo_name(name)]
    named = [name for name, _ in logos if _named_in(name, rest)]
    if named:
        return named[0], _LOGO_ALT
    sponsors = _sponsor_spans(head)
    plain = [name for name, at in logos if not any(a <= at < b for a, b in sponsors)]
    if plain:
        return plain[0], _LOGO_ALT
    own = [m.group(1) for m in _REPO_LINK_TARGET.finditer(head)]
    own = [repo for repo in own if _named_in(repo, rest)]  # not a sponsor's repository
    if own:
        return _as_written(_most_named(own), body), _OPENING_REPOSITORY
    repos = [m.group(1) for m in _REPO_LINK_TARGET.finditer(body)]
    if repos and repos.count(_most_named(repos)) >= 2:
        return _as_written(_most_named(repos), body), "the repository its links name"
    return "", ""


def _logo_name(alt: str) -> str:
    """A logo's alt text without "logo", "banner" and a tagline after a dash."""
    return _LOGO_WORDS.sub("", _ALT_TAGLINE.split(" ".join(alt.split()))[0]).strip(" -:")


def _is_logo_name(name: str) -> bool:
    """Whether a logo's alt text can be a name: a few words, no badge's marks, not a word that
    names any picture ("image", "screenshot")."""
    if not name or len(name.split()) > 4 or re.search(r"[%/|]|badge|shield", name, re.I):
        return False
    return not _GENERIC_ALT.match(name)


def _sponsor_spans(head: str) -> list[tuple[int, int]]:
    """Where a README's opening thanks its sponsors ("Special thanks to:", "Gold sponsors"),
    up to the end of that block: the logos there are the sponsors', not the project's."""
    spans = []
    for label in _SPONSOR_LABEL.finditer(head):
        end = _BLOCK_END.search(head, label.end())
        spans.append((label.start(), end.start() if end else len(head)))
    return spans


def _named_in(name: str, text: str) -> bool:
    """Whether a text names a name (case, spaces, dashes and underscores aside)."""
    squashed = re.sub(r"[\s_-]+", "", name).casefold()
    return squashed in re.sub(r"[\s_-]+", "", text).casefold()


def _opens_with_a_header(body: str) -> bool:
    """Whether a README opens with a header of HTML or images (a banner, badges) before its
    first prose or heading."""
    opening = _OPENING.match(body)
    return bool(opening and re.search(r"<[A-Za-z]|!\[", opening.group(0)))


def prose_name(blocks: list[Block]) -> str:
    """The name the first paragraph of prose opens with, when it says what the name is ("Quill
    is a small tool ...", "**Quill** is ...", "`quill` is an ..."): a README's subject."""
    for block in blocks:
        if block.heading_level or block.is_list or block.words < PROSE_WORDS:
            continue
        subject = _SUBJECT.match(block.text)
        return subject.group(1) if subject else ""
    return ""


def _logo_alts(head: str) -> list[tuple[str, int]]:
    """The alt texts of the images in a README's opening that are not badges, with where each
    image stands."""
    alts = []
    for image in _IMAGE.finditer(head):
        attrs = image.group("attrs") or ""
        alt = (
            image.group("md_alt") if image.group("md_alt") is not None else _attribute(attrs, "alt")
        )
        source = image.group("md_src") or _attribute(attrs, "src")
        if alt and not _BADGE_SOURCE.search(source):
            alts.append((alt, image.start()))
    return alts


def _attribute(attrs: str, name: str) -> str:
    """The value of an HTML attribute in a tag's attribute text ("" when absent)."""
    match = re.search(_ATTRIBUTE.format(name), attrs, re.IGNORECASE)
    return next((group for group in match.groups() if group is not None), "") if match else ""


def _most_named(repos: list[str]) -> str:
    """The repository named most often (the first named, on a tie)."""
    return max(set(repos), key=lambda repo: (repos.count(repo), -repos.index(repo)))


def _as_written(name: str, body: str) -> str:
    """A name spelt as the text spells it most often outside links (case may differ)."""
    prose = re.sub(r"\]\([^)]*\)|https?://\S+|<[^>]*>", " ", body)
    spellings = re.findall(rf"(?<![\w/.-]){re.escape(name)}(?![\w/-])", prose, re.IGNORECASE)
    return max(set(spellings), key=spellings.count) if spellings else name


def _title_line(blocks: list[Block]) -> str:
    """The first block when it is a short line of its own (a title written without ``#``)."""
    if not blocks or blocks[0].heading_level or blocks[0].is_list:
        return ""
    first = blocks[0].text
    if "\n" in first or len(first.split()) > 12 or first.endswith((".", ":", ",", ";")):
        return ""
    return first


def strip_footnotes_and_math(body: str) -> str:
    """Remove what is never spoken: template tags, footnotes, callout markers and formulas.

    Display math becomes a spoken note; inline math stays when it is a simple symbol
    ("\\(x\\)" -> "x"), else it is said as "a formula".
    """
    body = _TEMPLATE_TAG.sub("", body)
    body = _GITHUB_ALERT.sub(lambda m: f"{m.group(1)}{m.group(2).capitalize()}: ", body)
    body = _ADMONITION.sub(_admonition, body)
    body = _containers(body)
    body = _FOOTNOTE_DEFINITION.sub("", body)
    body = _FOOTNOTE_REF.sub("", body)
    body = _DISPLAY_MATH.sub(f"\n\n{FORMULA_SENTENCE}\n\n", body)
    return _INLINE_MATH.sub(_inline_math, body)


def _admonition(match: re.Match[str]) -> str:
    """An MkDocs admonition ("!!! note" and its indented body) as "Note:" and its text."""
    body = re.sub(r"^(?: {4}|\t)", "", match.group(2), flags=re.MULTILINE)
    return f"{match.group(1).capitalize()}: {body.strip()}\n\n"


def _containers(body: str) -> str:
    """Docusaurus/VuePress ``:::tip Title`` ... ``:::`` boxes as "Tip: Title." and their text."""
    out: list[str] = []
    label = ""
    fence = ""
    for line in body.split("\n"):
        fence = _track_fence(line, fence)
        opening = None if fence else _CONTAINER_OPEN.match(line)
        if opening:
            kind = opening.group(1).replace("_", " ").capitalize()
            label = "" if kind.lower() == "details" else f"{kind}:"  # the box's title is a label
            out.append("")
            continue
        if not fence and _CONTAINER_CLOSE.match(line):
            out.append("")
            continue
        if label and line.strip():
            plain = not re.match(r"^\s*(?:[-*+]|\d+[.)]|#|`{3}|~{3}|>|<)", line)
            out.append(f"{label} {line.strip()}" if plain else f"{label}\n\n{line}")
            label = ""
            continue
        out.append(line)
    return "\n".join(out)


def _track_fence(line: str, fence: str) -> str:
    """The open code fence after `line` ("" when outside code)."""
    match = _FENCE.match(line)
    if not match:
        return fence
    marker = match.group(1)
    if not fence:
        return marker
    return "" if marker[0] == fence[0] and len(marker) >= len(fence) else fence


def _outside_fences(body: str) -> str:
    """The text of a document with fenced code blocks left out."""
    kept: list[str] = []
    fence = ""
    for line in body.split("\n"):
        was_in = bool(fence)
        fence = _track_fence(line, fence)
        if not was_in and not fence:
            kept.append(line)
    return "\n".join(kept)


def strip_mdx(body: str) -> str:
    """MDX -> Markdown: no ESM statements, comments, expressions or tags (their text kept)."""
    out: list[str] = []
    fence = ""
    in_esm = False
    for line in _dedent_fences(body).split("\n"):
        was_in = bool(fence)
        fence = _track_fence(line, fence)
        if was_in or fence:
            out.append(line)
            continue
        if in_esm or re.match(r"^(?:import|export)\s", line):
            in_esm = bool(line.strip())  # an ESM block ends at a blank line
            out.append("")
            continue
        out.append(line)
    return _strip_jsx("\n".join(out))


def _dedent_fences(body: str) -> str:
    """Code fences indented inside JSX components (``<Tabs>`` / ``<Fragment>`` around a
    ```` ```sh ```` block) moved to the margin: MDX has no indented code, so indentation there
    is the components' nesting, and the fence is still a fence."""
    out: list[str] = []
    indent = ""  # the indentation of the open fence that is being moved, if any
    fence = ""
    for line in body.split("\n"):
        if not fence:
            opening = _INDENTED_FENCE.match(line)
            if opening:
                indent, fence = opening.group(1), opening.group(2)
                out.append(line[len(indent) :])
                continue
            out.append(line)
            continue
        out.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
        closing = re.match(r"^\s*(`{3,}|~{3,})\s*$", line)
        if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
            fence = indent = ""
    return "\n".join(out)


def _strip_jsx(text: str) -> str:
    """Take off JSX tags, ``{...}`` expressions and comments outside code; keep the text between."""
    out: list[str] = []
    index = 0
    fence = ""
    line_start = True
    length = len(text)
    while index < length:
        if line_start:
            end = text.find("\n", index)
            line = text[index : end if end >= 0 else length]
            was_in = bool(fence)
            fence = _track_fence(line, fence)
            if was_in or fence:
                out.append(line + ("\n" if end >= 0 else ""))
                index = end + 1 if end >= 0 else length
                continue
            line_start = False
        char = text[index]
        if char == "`":
            run = re.match(r"`+", text[index:]).group(0)  # type: ignore[union-attr]
            close = text.find(run, index + len(run))
            stop = (
                close + len(run)
                if close >= 0 and "\n\n" not in text[index:close]
                else index + len(run)
            )
            out.append(text[index:stop])
            index = stop
        elif char == "<" and (media := _media_element_end(text, index)):
            out.append(" ")  # a <video> and its fallback text, for old browsers: not read
            index = media
        elif char == "{" or (char == "<" and re.match(r"</?[A-Za-z>]", text[index : index + 2])):
            end = _jsx_end(text, index)
            heading = _html_heading_open(text, index, end)
            out.append(heading if heading else (" " if char == "<" else ""))
            index = end
        else:
            out.append(char)
            if char == "\n":
                line_start = True
            index += 1
    return re.sub(r"^[ \t]+$", "", "".join(out), flags=re.MULTILINE)


def _media_element_end(text: str, start: int) -> int:
    """Index just past a media element that opens at `start` (``<video>`` ... ``</video>``),
    or 0 when none opens there."""
    opening = _MEDIA_OPEN.match(text, start)
    if not opening:
        return 0
    closing = re.compile(rf"</{opening.group(1)}\s*>", re.IGNORECASE).search(text, opening.end())
    return closing.end() if closing else opening.end()


def _jsx_end(text: str, start: int) -> int:
    """Index just past the tag or ``{...}`` expression that starts at `start`."""
    closer = "}" if text[start] == "{" else ">"
    depth = 0
    quote = ""
    for index in range(start, min(len(text), start + 20000)):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and text[start] == "<":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if closer == "}" and depth == 0:
                return index + 1
        elif char == ">" and closer == ">" and depth == 0:
            return index + 1
    return start + 1


def _html_heading_open(text: str, start: int, end: int) -> str:
    """A ``<h2>`` tag kept as Markdown ``## ``, ``</h2>`` as a line break; else "". Only in the
    document's header, before any Markdown heading: further down an HTML heading belongs to a
    demo or a component's markup, and its words are a line of text."""
    match = re.match(r"<(/?)h([1-6])\b", text[start:end], re.IGNORECASE)
    if not match:
        return ""
    if match.group(1) or _MARKDOWN_HEADING.search(text, 0, start):
        return "\n\n"
    return "\n\n" + "#" * int(match.group(2)) + " "


def _inline_math(match: re.Match[str]) -> str:
    formula = next(group for group in match.groups() if group is not None).strip()
    return formula if re.fullmatch(r"[A-Za-z0-9]{1,3}", formula) else "a formula"


def _markdown(mdx: bool = False) -> MarkdownIt:
    """A CommonMark parser with tables and strikethrough (no indented code for MDX)."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return parser.disable("code") if mdx else parser


def _blocks(tokens: list[Token], parser: MarkdownIt, dropped: list[Drop]) -> Iterator[Block]:
    """Walk the block tokens and yield headings and speakable paragraphs."""
    index = 0
    headed = False  # a Markdown heading came before
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            text, links = _inline(tokens[index + 1])
            yield Block(text, int(token.tag[1:]), link_words=links)
            headed = True
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, index)
            yield _list_block(tokens[index:end])
            index = end + 1
        elif token.type == "table_open":
            yield Block(TABLE_SENTENCE)
            index = _closing(tokens, index) + 1
        elif token.type == "html_block":
            yield from _html_block(token.content, parser, dropped, headed)
            index += 1
        else:
            block = _leaf_block(token, parser, dropped)
            if block is not None and block.text:
                yield block
            index += 1


def _leaf_block(token: Token, parser: MarkdownIt, dropped: list[Drop]) -> Block | None:
    """The paragraph a single token stands for, if any."""
    if token.type in ("fence", "code_block"):
        return Block(CODE_SENTENCE)
    if token.type == "inline":
        first_source_line = token.content.split("\n", 1)[0]
        first_line = inline_text(parser.parseInline(first_source_line)[0])
        text, links = _inline(token)
        return Block(
            _without_calls_to_action(text, token, dropped), first_line=first_line, link_words=links
        )
    return None


def _html_block(
    content: str, parser: MarkdownIt, dropped: list[Drop], headed: bool
) -> Iterator[Block]:
    """The blocks of raw HTML in Markdown (a README's centred header, a <details> contents), read
    as a page's HTML is (`parse.html.fragment_blocks`: headings, a paragraph per <br> run, lists,
    contents lists and rows dropped, images not read); Markdown written inside it
    (``**bold**``) is read as Markdown. A heading inside it is a heading in the document's
    header (before any Markdown heading) or when the block is that heading alone; further down
    it is the text of a demo or a figure ("<h1 v-else>Oh no</h1>" in a <div class="demo">)."""
    blocks = fragment_blocks(content, dropped)
    for block in blocks:
        if block.heading_level and not headed:
            yield replace(block, signals=block.signals | {HEADER_HEADING})
        elif block.heading_level and len(blocks) == 1:
            yield block
        elif block.heading_level:
            yield Block(block.text, link_words=block.link_words)
        elif block.is_list:
            items = [_markdown_text(line, links, parser) for line, links in block.items()]
            yield list_block(items, block.signals)
        else:
            text, links = _markdown_text(block.text, block.link_words, parser)
            yield Block(text, link_words=links, signals=block.signals)


def _markdown_text(text: str, link_words: int, parser: MarkdownIt) -> tuple[str, int]:
    """Text found in raw HTML read as Markdown inline text, with its words in links."""
    plain, links = _inline(parser.parseInline(text)[0])
    return plain, link_words + links


def _without_calls_to_action(text: str, token: Token, dropped: list[Drop]) -> str:
    """A paragraph without the sentences that are buttons: they open with a bold link that
    asks the reader to act ("**[Please submit a question](...)** if ..."), which a listener
    cannot follow."""
    buttons = [b for b in _button_links(token) if _CALL_TO_ACTION.match(b)]
    if not buttons:
        return text
    kept = []
    for sentence in _SENTENCE_SPLIT.split(text):
        if any(sentence.startswith(button) for button in buttons):
            dropped.append(
                Drop(f"text {excerpt(sentence, 6)!r}", len(sentence.split()), "a call to action")
            )
        else:
            kept.append(sentence)
    return " ".join(kept)


def _button_links(token: Token) -> list[str]:
    """The texts of links written all in bold or italics (buttons) in an inline token."""
    children = [c for c in token.children or [] if c.type != "text" or c.content]
    buttons = []
    for start, child in enumerate(children):
        if child.type != "link_open":
            continue
        end = next(i for i in range(start, len(children)) if children[i].type == "link_close")
        inner = children[start + 1 : end]
        before = children[start - 1].type if start else ""
        after = children[end + 1].type if end + 1 < len(children) else ""
        styled_inside = len(inner) >= 3 and (inner[0].type, inner[-1].type) in _EMPHASIS
        if styled_inside or (before, after) in _EMPHASIS:
            buttons.append(" ".join("".join(c.content for c in inner if c.type == "text").split()))
    return [button for button in buttons if button]


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes the one opened at `start`."""
    closing_type = tokens[start].type.replace("_open", "_close")
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if tokens[index].type == closing_type and depth == 0:
            return index
    return len(tokens) - 1


def _list_block(tokens: list[Token]) -> Block:
    """A list as lines: each item (nested ones too) on its own line, ending like a sentence."""
    items: list[tuple[str, int]] = []
    anchors = 0
    for index, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        parts = []
        links = 0
        for inner in tokens[index + 1 :]:
            if inner.type in ("list_item_open", "list_item_close"):
                break
            if inner.type in ("fence", "code_block"):
                parts.append(CODE_SENTENCE)
            elif inner.type == "inline":
                text, link_words = _inline(inner)
                parts.append(text)
                links += link_words
                anchors += _is_anchor_link(inner)
        text = _TASK_BOX.sub("", " ".join(part for part in parts if part))
        items.append((text, links))
    block = list_block(items)
    if block.text and anchors >= 0.8 * len(block.text.split("\n")):
        block.signals = frozenset({ANCHOR_LIST})
    return block


def _is_anchor_link(token: Token) -> bool:
    """Whether an inline token is mostly one link into the same page (``[Install](#install)``)."""
    children = token.children or []
    opens = [c for c in children if c.type == "link_open"]
    return bool(opens) and str(opens[0].attrGet("href") or "").startswith("#")


def inline_text(token: Token) -> str:
    """The plain text of an inline token (see `_inline`)."""
    return _inline(token)[0]


_SHORTCODE = re.compile(r":[\w+-]+:")  # what an emoji shortcode looks like (":heart:", ":+1:")
# MkDocs Material's icon shortcodes (pymdownx.emoji): a picture, nothing to say
_ICON = re.compile(r"(?<![\w:]):(?:material|fontawesome|octicons|simple)-[\w-]+:(?![\w:]) ?")


def _emojized(text: str) -> str:
    """Text whose emoji shortcodes are the emoji (only names in the emoji package's table) and
    whose icon shortcodes (``:material-github:``) are gone."""
    import emoji  # imported here: 30 ms that text without a shortcode never needs

    return emoji.emojize(_ICON.sub("", text), language="alias")


def _inline(token: Token) -> tuple[str, int]:
    """The plain text of an inline token and how many of its words are link text.

    Markup is dropped; link text, alt text and code are kept, inline code in backticks.
    Emoji shortcodes (``:heart:``, ``:+1:``) are the emoji GitHub shows (the `emoji` package's
    table of names: ``3:2:1`` or an unknown ``:name:`` stays as written; code is left alone).
    Images inside a link (build badges, buttons) are dropped, and so is the fallback text of
    an inline ``<video>`` (for old browsers).
    """
    pieces: list[str] = []
    link_pieces: list[str] = []
    in_link = 0
    in_media = 0  # inside a <video> ... </video>: its fallback text is not read
    for child in token.children or []:
        in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type == "html_inline":
            in_media += bool(_MEDIA_OPEN.match(child.content))
            in_media -= bool(_MEDIA_CLOSE.match(child.content)) and in_media > 0
        piece = ""
        if in_media:
            piece = ""  # the fallback text of an inline <video>
        elif child.type == "text":
            piece = _ANGLED_WORD.sub(r"\1", child.content)  # "\<bholley\>" is a name
            piece = _emojized(piece) if _SHORTCODE.search(piece) else piece
        elif child.type == "code_inline":
            piece = code_span(child.content)
        elif child.type == "image" and not in_link:  # an image in a link is a badge or button
            alt = " ".join(c.content for c in child.children or [] if c.content)
            piece = "" if "`" in alt or "|" in alt else alt  # a shell command as alt text
        elif child.type in ("softbreak", "hardbreak"):
            piece = " "
        elif child.type == "html_inline" and re.match(r"<br\b", child.content, re.IGNORECASE):
            piece = " "
        pieces.append(piece)
        if in_link:
            link_pieces.append(piece)
    return " ".join("".join(pieces).split()), len(" ".join(link_pieces).split())
