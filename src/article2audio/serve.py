"""Serve a published folder over HTTP the way podcast apps and browsers need it.

Python's `http.server` ignores Range, so a browser cannot seek in a long MP3 (it jumps back to
0). This server answers single byte ranges (206 with Content-Range, 416 when the range lies
past the end, HEAD, ETag/Last-Modified with If-Range and conditional GETs), sends the right
content types for every file a build writes, CORS headers so web players and apps on other
origins can read transcripts, chapters and the feed, and never serves a file outside the
folder (no `..`, no symlink leading out, no hidden files). It binds to 127.0.0.1 by default.
"""

from __future__ import annotations

import email.utils
import errno
import logging
import mimetypes
import re
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from .errors import InputError, OutputError

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
CHUNK_BYTES = 64 * 1024

CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".opus": "audio/ogg",
    ".ogg": "audio/ogg",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class ByteRange:
    """The bytes [start, end] (inclusive) of a file of `size` bytes."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        """How many bytes the range holds."""
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    """A Range header that no byte of the file satisfies (answered with 416)."""


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The byte range a Range header asks for; None means the whole file (no or unusable header).

    One range only (`bytes=a-b`, `bytes=a-`, `bytes=-n`); several ranges or a malformed header
    are ignored as RFC 9110 allows. Raises Unsatisfiable when the range starts past the end.
    """
    match = RANGE.match((header or "").strip().replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # suffix: the last n bytes
        if int(last) == 0:
            raise Unsatisfiable
        return ByteRange(max(0, size - int(last)), size - 1, size) if size else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid, so ignored
    if start >= size:
        raise Unsatisfiable
    return ByteRange(start, end, size)


def content_type(path: Path) -> str:
    """The Content-Type for a file a build writes (others by extension, else binary)."""
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """The file under `root` a request path names; None if it is outside, hidden or missing."""
    parts = [p for p in unquote(urlsplit(url_path).path).split("/") if p]
    if any(p in (".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file() or not real.is_relative_to(root):
        return None
    if any(p.startswith(".") for p in real.relative_to(root).parts):
        return None  # a link to a hidden file (work folders, partial writes)
    return real


class FolderHandler(BaseHTTPRequestHandler):
    """GET, HEAD and OPTIONS for the files of one folder (set as `root` on the server)."""

    protocol_version = "HTTP/1.1"
    server_version = "article2audio"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        logger.debug("%s %s", self.address_string(), format % args)

    def do_OPTIONS(self) -> None:
        """CORS preflight: any origin may GET with a Range header."""
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Range, If-Range")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        """Headers only, exactly as GET would send them."""
        self._answer(body=False)

    def do_GET(self) -> None:
        """The file, whole or the byte range asked for."""
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        root: Path = self.server.root  # type: ignore[attr-defined]
        path = resolve_inside(root, self.path)
        if path is None:
            self._error(HTTPStatus.NOT_FOUND, "not found")
            return
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if self._not_modified(etag, stat.st_mtime):
            self._head(HTTPStatus.NOT_MODIFIED, path, etag, modified, None)
            self.end_headers()
            return
        try:
            wanted = self._range(etag, modified, stat.st_size)
        except Unsatisfiable:
            self._error(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range not satisfiable",
                        {"Content-Range": f"bytes */{stat.st_size}"})  # fmt: skip
            return
        whole = ByteRange(0, stat.st_size - 1, stat.st_size)
        status = HTTPStatus.PARTIAL_CONTENT if wanted else HTTPStatus.OK
        sent = wanted or whole
        self._head(status, path, etag, modified, sent.length if stat.st_size else 0)
        if wanted:
            self.send_header("Content-Range", f"bytes {sent.start}-{sent.end}/{sent.size}")
        self.end_headers()
        if body and stat.st_size:
            with path.open("rb") as stream:
                self._copy(stream, sent)

    def _range(self, etag: str, modified: str, size: int) -> ByteRange | None:
        """The range to send; If-Range that no longer matches the file means the whole file."""
        if_range = self.headers.get("If-Range")
        if if_range and if_range.strip() not in (etag, modified):
            return None
        return parse_range(self.headers.get("Range"), size)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _head(self, status: int, path: Path, etag: str, modified: str, length: int | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type(path))
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "no-cache")
        self._cors()

    def _cors(self) -> None:
        """Any origin may read (transcripts, chapters, the feed, the audio for web players)."""
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header(
            "Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges"
        )

    def _error(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
        payload = f"{int(status)} {text}\n".encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self._cors()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _copy(self, stream: BinaryIO, wanted: ByteRange) -> None:
        """Send the range in chunks; a player that hangs up mid-way (seeking) is normal."""
        stream.seek(wanted.start)
        left = wanted.length
        try:
            while left > 0:
                chunk = stream.read(min(CHUNK_BYTES, left))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class FolderServer(ThreadingHTTPServer):
    """An HTTP server for one folder; `url` is where it answers."""

    daemon_threads = True

    def __init__(self, root: Path, host: str, port: int) -> None:
        self.root = root
        super().__init__((host, port), FolderHandler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The server's base URL, ending in "/"."""
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (players do, when they seek) is normal; others are logged."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            logger.debug("%s hung up", client_address)
        else:
            logger.warning("serving %s failed: %r", client_address, error)

    def start_in_thread(self) -> FolderServer:
        """Serve from a background thread (tests, previews); `close` stops it."""
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="serve", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()

    def __enter__(self) -> FolderServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve_folder(folder: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> FolderServer:
    """A server bound to host:port (port 0: any free one) for `folder`; call serve_forever()."""
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise InputError(f"{folder}: no such folder to serve")
    try:
        return FolderServer(root.resolve(), host, port)
    except OSError as exc:
        hint = " (in use: try --port 0 for a free one)" if exc.errno == errno.EADDRINUSE else ""
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot listen on {host}:{port}: {reason}{hint}") from exc
