"""Read an article from a path, a URL or stdin, refusing what cannot be an article.

URLs (http and https) are fetched with the standard library: a timeout on every read, a size
limit, redirects followed (at most 10, as urllib does), and a content-type check (HTML, XHTML,
plain text, Markdown or reST, and the XML of feeds and sitemaps for `intake`; anything else is
refused before its body is read). The charset
comes from the Content-Type header, else the page's own <meta charset>, else UTF-8 with a
Windows-1252 fallback.
"""

from __future__ import annotations

import logging
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import FetchError, InputError

logger = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_PAGE_BYTES = 10 * 1024 * 1024
FETCH_TIMEOUT_S = 20.0
USER_AGENT = "Mozilla/5.0 (compatible; article2audio/0.1; podcast episode builder)"
_HTTP_CAUSES = {
    401: "the page needs a login; save it from a browser and pass the file",
    403: "the site refuses automated downloads; save the page from a browser and pass the file",
    404: "the address is wrong, or the page was moved or deleted",
    410: "the page was deleted",
    429: "too many requests; wait a while and try again",
}
_CONTENT_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "text/x-rst": "rst",
    "text/prs.fallenstein.rst": "rst",
    "text/plain": None,  # sniffed from the content
    # feeds and sitemaps, which `intake` reads (an XML page that is neither is refused there)
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
}
_ACCEPT = (
    "text/html,text/plain;q=0.8,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.8,*/*;q=0.1"
)
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


@dataclass
class Source:
    """The raw text of an article and where it came from."""

    text: str
    name: str  # file name (used for format detection and messages), "-" for stdin
    path: Path | None
    url: str | None = None  # the final URL after redirects, for fetched pages
    format_hint: str | None = None  # from the Content-Type of a fetched page


def is_url(spec: str) -> bool:
    """Whether the article argument is an http(s) URL."""
    return bool(re.match(r"https?://", spec.strip(), re.IGNORECASE))


def read_source(spec: str) -> Source:
    """Read `spec` (a file path, an http(s) URL, or "-" for stdin) as text."""
    if is_url(spec):
        return fetch_url(spec.strip())
    if spec == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        return Source(_decode(data, "stdin"), "-", None)
    path = Path(spec).expanduser()
    if not path.exists():
        web = _looks_like_web_address(spec)
        hint = f"; for a web page give the full address: https://{spec}" if web else ""
        raise InputError(f"{spec}: no such file{hint}")
    if path.is_dir():
        raise InputError(f"{spec}: is a directory, not an article file")
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(
                f"{spec}: {size // 1024} KiB is over the {MAX_ARTICLE_BYTES // 1024 // 1024} MiB limit for one article"
            )
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{spec}: cannot be read (permission denied)") from exc
    except OSError as exc:
        raise InputError(f"{spec}: cannot be read ({exc.strerror or exc})") from exc
    return Source(_decode(data, spec, _declared_charset(data)), path.name, path)


def _looks_like_web_address(spec: str) -> bool:
    """example.com/post or www.example.com, but not notes.md (a missing file)."""
    if not _DOMAIN.match(spec):
        return False
    host = spec.split("/", 1)[0].lower()
    common_tld = host.rsplit(".", 1)[1] in ("com", "org", "net", "io", "dev", "blog", "news")
    return "/" in spec or host.startswith("www.") or common_tld


def fetch_url(url: str, timeout: float = FETCH_TIMEOUT_S, limit: int = MAX_PAGE_BYTES) -> Source:
    """Fetch an article page over HTTP(S); FetchError with the cause when it cannot be had."""
    request = urllib.request.Request(
        ascii_url(url),
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    )
    logger.info("Fetching %s", url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final_url = response.geturl()
            format_hint = _check_content_type(url, response.headers)
            _check_length(url, response.headers, limit)
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        cause = _HTTP_CAUSES.get(exc.code) or (
            "the server failed; try again later" if exc.code >= 500 else ""
        )
        message = f"{url}: the server answered HTTP {exc.code} {exc.reason}"
        raise FetchError(f"{message}. Probable cause: {cause}" if cause else message) from exc
    except TimeoutError as exc:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds (timed out)") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} seconds (timed out)") from exc
        raise FetchError(
            f"{url}: cannot be fetched ({reason}). Probable cause: no network, or a wrong address"
        ) from exc
    except OSError as exc:  # connection reset, incomplete read
        raise FetchError(f"{url}: the download failed ({exc})") from exc
    if len(data) > limit:
        raise FetchError(
            f"{url}: the page is over the {limit // 1024 // 1024} MiB limit for one article"
        )
    text = _decode(data, url, _charset(response.headers, data), limit)
    return Source(text, _url_name(final_url), None, url=final_url, format_hint=format_hint)


def ascii_url(url: str) -> str:
    """A URL with a non-ASCII host or path made ASCII (IDNA host, percent-encoded path)."""
    parts = urlsplit(url)
    try:
        host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    except UnicodeError as exc:
        raise InputError(f"{url}: is not a valid web address") from exc
    netloc = host + (f":{parts.port}" if parts.port else "")
    safe = "/%:@!$&'()*+,;=-._~"
    path, query = quote(parts.path, safe=safe), quote(parts.query, safe=safe + "?")
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _check_content_type(url: str, headers: Message) -> str | None:
    """The article format a Content-Type names; FetchError when it is not a text page."""
    content_type = (headers.get_content_type() or "").lower()
    if content_type not in _CONTENT_FORMATS:
        raise FetchError(
            f"{url}: is {content_type or 'of unknown type'}, not a web page or text "
            "(expected text/html, text/plain, Markdown, reST, or an RSS/Atom feed or sitemap)"
        )
    return _CONTENT_FORMATS[content_type]


def _check_length(url: str, headers: Message, limit: int) -> None:
    """Refuse a page whose declared length is over the limit before reading it."""
    length = headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise FetchError(
            f"{url}: the page is over the {limit // 1024 // 1024} MiB limit for one article"
        )


def _charset(headers: Message, data: bytes) -> str | None:
    """The page's charset: from the header, else from a <meta charset> near the top."""
    return headers.get_content_charset() or _declared_charset(data)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _url_name(url: str) -> str:
    """A name for messages and format detection: the last path segment, else the host."""
    parts = urlsplit(url)
    return PurePosixPath(parts.path).name or parts.hostname or url


def _decode(
    data: bytes, label: str, charset: str | None = None, limit: int = MAX_ARTICLE_BYTES
) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else Windows-1252; binary data refused."""
    if len(data) > limit:
        raise InputError(f"{label}: over the {limit // 1024 // 1024} MiB limit for one article")
    if not data.strip():
        raise InputError(f"{label}: the file is empty")
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise InputError(
            f"{label}: looks like a binary file, not an article (expected text, Markdown or HTML)"
        )
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            logger.warning(
                "%s: declared charset %s does not decode it; trying UTF-8", label, charset
            )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: is not UTF-8 or Windows-1252 text; save it as UTF-8") from exc
    logger.warning("%s is not UTF-8; read it as Windows-1252", label)
    return text


def _control_ratio(data: bytes) -> float:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(1, len(data))
