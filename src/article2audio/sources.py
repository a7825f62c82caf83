"""Read an article from a path, a URL or stdin, refusing what cannot be an article.

URLs (http and https only) are fetched with the standard library: one deadline for the whole
response (connecting, redirects and every byte: a server trickling bytes cannot hold a build),
a size limit, redirects followed (at most 10, as urllib does), and a content-type check (HTML,
XHTML, plain text, Markdown or reST, and the XML of feeds and sitemaps, which `intake` reads).
An address the user did not name (a redirect to another
host, an image a page names) is refused when it resolves to a loopback, private or link-local
address, unless private addresses are allowed (`--allow-private-urls`); the address a
connection really reached is checked again, so a name that resolves anew cannot slip past.

Text: a byte-order mark says UTF-8, UTF-16 or UTF-32; else the charset the Content-Type
header or the page's <meta charset> declares; else UTF-8; else charset-normalizer's guess
(Windows-1252 preferred among equally good ones, the usual legacy encoding of Western text).
"""

from __future__ import annotations

import codecs
import hashlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import charset_normalizer

from .errors import FetchError, InputError

logger = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_PAGE_BYTES = 10 * 1024 * 1024
FETCH_TIMEOUT_S = 20.0  # for the whole response, not for each read
_PAGE_ACCEPT = (
    "text/html,text/plain;q=0.8,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.8,*/*;q=0.1"
)
Clock = Callable[[], float]
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
    requested: str | None = None  # the URL as the user gave it, for fetched pages

    @property
    def origin(self) -> str:
        """Where the article comes from, the same on every build: the URL the user gave, the
        file's absolute path, or "-" for stdin."""
        if self.requested:
            return self.requested
        return str(self.path.resolve()) if self.path is not None else "-"

    @property
    def folder(self) -> Path | None:
        """The folder of an article file (its images must be in it); None for a URL or stdin."""
        return self.path.resolve().parent if self.path is not None else None


def is_url(spec: str) -> bool:
    """Whether the article argument is an http(s) URL."""
    return bool(re.match(r"https?://", spec.strip(), re.IGNORECASE))


def read_source(spec: str, allow_private: bool = False) -> Source:
    """Read `spec` (a file path, an http(s) URL, or "-" for stdin) as text."""
    if is_url(spec):
        return fetch_url(spec.strip(), allow_private=allow_private)
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


def fetch_url(
    url: str,
    timeout: float = FETCH_TIMEOUT_S,
    limit: int = MAX_PAGE_BYTES,
    allow_private: bool = False,
    clock: Clock = time.monotonic,
    named_by: str | None = None,
) -> Source:
    """Fetch an article page over HTTP(S); FetchError with the cause when it cannot be had.

    `timeout` is a deadline for the whole response (connecting, redirects and every byte), on
    `clock`. A redirect to another host on a loopback, private or link-local address is refused
    unless `allow_private`. A page a document named (`named_by`: a feed's URL, "" for a local
    feed) is held to the same rule itself, the document's host being the one the user named."""
    guard = _Guard(_host(url if named_by is None else named_by), allow_private)
    if named_by is not None:
        guard.check_url(url)
    data, headers, final_url = _download(url, _PAGE_ACCEPT, timeout, limit, guard, clock)
    format_hint = _check_content_type(url, headers)
    text = _decode(data, url, _charset(headers, data), limit)
    return Source(
        text, _url_name(final_url), None, url=final_url, format_hint=format_hint, requested=url
    )


def fetch_image(
    url: str,
    page: Source,
    allow_private: bool = False,
    clock: Clock = time.monotonic,
) -> bytes:
    """The image a fetched page names, over HTTP(S) with the page's limits; FetchError if not.

    It is never read from the local disk; on another host than the one the user named, its
    address must be public unless `allow_private`."""
    guard = _Guard(_host(page.requested or page.url or ""), allow_private)
    guard.check_url(url)
    data, headers, _ = _download(url, "image/*", FETCH_TIMEOUT_S, MAX_PAGE_BYTES, guard, clock)
    if headers.get_content_maintype() != "image":
        raise FetchError(f"{url}: is {headers.get_content_type()}, not an image")
    return data


def _download(
    url: str, accept: str, timeout: float, limit: int, guard: _Guard, clock: Clock
) -> tuple[bytes, Message, str]:
    """GET `url` within `timeout` seconds all told and `limit` bytes: (body, headers, final URL)."""
    deadline = clock() + timeout
    request = urllib.request.Request(
        ascii_url(url), headers={"User-Agent": USER_AGENT, "Accept": accept}
    )
    logger.info("Fetching %s", url)
    late = FetchError(f"{url}: not received within {timeout:g} seconds (timed out)")
    try:
        with _opener(guard).open(request, timeout=timeout) as response:
            final_url = response.geturl()
            _check_length(url, response.headers, limit)
            chunks, size = [], 0
            while chunk := _read_some(response, guard, deadline - clock(), late):
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url}: over the {_mib(limit)} MiB limit for one download")
                chunks.append(chunk)
            return b"".join(chunks), response.headers, final_url
    except urllib.error.HTTPError as exc:
        cause = _HTTP_CAUSES.get(exc.code) or (
            "the server failed; try again later" if exc.code >= 500 else ""
        )
        message = f"{url}: the server answered HTTP {exc.code} {exc.reason}"
        raise FetchError(f"{message}. Probable cause: {cause}" if cause else message) from exc
    except TimeoutError as exc:
        raise late from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise late from exc
        raise FetchError(
            f"{url}: cannot be fetched ({_reason(reason)}). Probable cause: no network, or a "
            "wrong address"
        ) from exc
    except (OSError, http.client.HTTPException) as exc:  # connection reset, incomplete read
        raise FetchError(f"{url}: the download failed ({_reason(exc)})") from exc


def _read_some(
    response: http.client.HTTPResponse, guard: _Guard, remaining: float, late: FetchError
) -> bytes:
    """The next bytes of the body, waiting no longer than the deadline leaves."""
    if remaining <= 0:
        raise late
    if guard.connection is not None:  # the socket of the last response (after redirects)
        guard.connection.settimeout(remaining)
    return response.read1(64 * 1024)


def _reason(reason: object) -> str:
    """A cause in words, never a Python object's repr."""
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = str(reason)
    return text if text and " object at 0x" not in text else type(reason).__name__


def _mib(limit: int) -> str:
    return f"{limit / 1024 / 1024:g}"


# --- which addresses a document may send us to -----------------------------------------------


def _host(url: str) -> str:
    """The host of a URL, lower case, without brackets ("" when there is none or it is bad)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass
class _Guard:
    """One fetch's rule: hosts a document named (redirects, images) other than the one the
    user named must be public, unless private ones are allowed; the socket last opened."""

    trusted_host: str
    allow_private: bool = False
    checked_hosts: set[str] = field(default_factory=set)
    connection: socket.socket | None = None

    def check_url(self, url: str) -> None:
        """FetchError unless `url` is http(s) and its host may be reached."""
        try:
            parts = urlsplit(url)
            host, port = (parts.hostname or "").lower(), parts.port
        except ValueError as exc:
            raise FetchError(f"{url}: is not a valid web address") from exc
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise FetchError(f"{url}: only http(s) addresses are fetched")
        if self.allow_private or host == self.trusted_host:
            return
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, port or 80)}
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"{url}: cannot be fetched (no such host)") from exc
        for address in sorted(addresses):
            self._refuse_private(host, str(address))
        self.checked_hosts.add(host)

    def connected(self, host: str, sock: socket.socket) -> None:
        """Keep the socket (for the deadline); refuse a checked host that now answers from a
        private address (its name resolved again to another one)."""
        self.connection = sock
        if host.strip("[]").lower() in self.checked_hosts:
            self._refuse_private(host, str(sock.getpeername()[0]))

    def _refuse_private(self, host: str, address: str) -> None:
        if not is_public_address(address):
            raise FetchError(
                f"{host} is a local or private address ({address}), named by the page (a "
                "redirect or an image), not by you; refused. Use --allow-private-urls to "
                "allow it"
            )


def _guarded(base: type[http.client.HTTPConnection], guard: _Guard) -> Callable[..., Any]:
    """A connection class of `base` that reports its socket to the guard once connected."""

    class Guarded(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            guard.connected(self.host, self.sock)

    return Guarded


class _GuardedHTTP(urllib.request.HTTPHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_guarded(http.client.HTTPConnection, self.guard), req)


class _GuardedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__(context=ssl.create_default_context())
        self.guard = guard

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _guarded(http.client.HTTPSConnection, self.guard)
        return self.do_open(connection, req, context=ssl.create_default_context())


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, guard: _Guard) -> None:
        self.guard = guard

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        self.guard.check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(guard: _Guard) -> urllib.request.OpenerDirector:
    """http(s) only (no file:, ftp: or data: URLs), every connection and redirect guarded."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _GuardedRedirects(guard),
        _GuardedHTTP(guard),
        _GuardedHTTPS(guard),
    ):
        opener.add_handler(handler)
    return opener


def ascii_url(url: str) -> str:
    """A URL with a non-ASCII host or path made ASCII (IDNA host, percent-encoded path);
    InputError when it is not a valid web address (a bracketed host that is no IP address)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
        port = parts.port
    except (UnicodeError, ValueError) as exc:
        raise InputError(f"{url}: is not a valid web address") from exc
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = host + (f":{port}" if port else "")
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


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark it begins with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(
    data: bytes, label: str, charset: str | None = None, limit: int = MAX_ARTICLE_BYTES
) -> str:
    """Bytes -> text (see the module's docstring for the order); binary data refused."""
    if len(data) > limit:
        raise InputError(f"{label}: over the {_mib(limit)} MiB limit for one article")
    marked = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if marked:
        try:
            return _non_empty(data.decode(marked), label)
        except UnicodeDecodeError as exc:
            raise InputError(f"{label}: starts with a {marked} mark but is not {marked}") from exc
    if not data.strip():
        raise InputError(f"{label}: the file is empty")
    if _looks_binary(data[:8192]):
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
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _guess(data, label)


def _non_empty(text: str, label: str) -> str:
    if not text.strip():
        raise InputError(f"{label}: the file is empty")
    return text


def _guess(data: bytes, label: str) -> str:
    """Legacy text: charset-normalizer's best guess, Windows-1252 among equally good ones."""
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        raise InputError(f"{label}: is not text in any encoding known; save it as UTF-8")
    best = results[0]
    tied = [r for r in results if (r.chaos, -r.coherence) <= (best.chaos, -best.coherence)]
    chosen = next((r for r in tied if r.encoding == "cp1252"), best)
    logger.warning("%s is not UTF-8; read it as %s", label, chosen.encoding)
    return str(chosen)


def _looks_binary(head: bytes) -> bool:
    """Many control bytes, and NULs in numbers or bytes that are not UTF-8: a binary file.
    (A stray NUL or bell in a text is dropped later, not a reason to refuse it.)"""
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls <= 0.05 * len(head):
        return False
    if head.count(0) > 0.1 * len(head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 3  # not a character cut at the end of the sample
    return False


def source_hash(origin: str) -> str:
    """A short stable hash of where an article comes from (for a name that must be unique)."""
    return hashlib.sha256(origin.encode("utf-8", "surrogatepass")).hexdigest()[:8]
