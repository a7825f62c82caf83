"""Reading articles from files and URLs; URL tests use a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from article2audio.errors import FetchError, InputError
from article2audio.pipeline import prepare
from article2audio.sources import fetch_url, read_source
from cli_runner import run_cli

DATA = Path(__file__).parent / "data"
BLOG = (DATA / "blog_post.html").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves a few fixed routes that behave like real sites, good and bad."""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        routes = {
            "/post": lambda: self._send(200, BLOG, "text/html; charset=utf-8"),
            "/old": lambda: self._send(301, b"", "text/html", Location="/post"),
            "/missing": lambda: self._send(404, b"<h1>Not found</h1>", "text/html"),
            "/broken": lambda: self._send(500, b"oops", "text/plain"),
            "/image": lambda: self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"),
            "/latin1": lambda: self._send(200, _LATIN1_PAGE, "text/html; charset=iso-8859-1"),
            "/notes.md": lambda: self._send(200, _MARKDOWN, "text/markdown; charset=utf-8"),
            "/slow": self._slow,
            "/caf%C3%A9": lambda: self._send(200, _MARKDOWN, "text/markdown"),
            "/private": lambda: self._send(403, b"denied", "text/html"),
        }
        routes.get(self.path, lambda: self._send(404, b"", "text/plain"))()

    def _slow(self) -> None:
        time.sleep(1.5)
        self._send(200, BLOG, "text/html")


_LATIN1_PAGE = (
    "<html lang='fr'><head><title>Café</title></head><body><article><h1>Café</h1>"
    "<p>Un café crème coûte deux euros à la gare, été comme hiver.</p></article></body></html>"
).encode("latin-1")
_MARKDOWN = b"# Notes\n\nFirst paragraph of the notes.\n\n## Part two\n\nMore text here.\n"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A threaded HTTP server on a free port of 127.0.0.1, stopped after the tests."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_page_is_fetched_and_read_as_html(server: str) -> None:
    source = read_source(f"{server}/post")
    assert source.format_hint == "html" and "Why Small Teams Ship Faster" in source.text
    prepared = prepare(f"{server}/post")
    assert prepared.article.title == "Why Small Teams Ship Faster"
    assert len(prepared.article.sections) == 4


def test_redirect_is_followed(server: str) -> None:
    source = fetch_url(f"{server}/old")
    assert source.url == f"{server}/post"
    assert "Owning the mistakes" in source.text


def test_charset_from_the_header(server: str) -> None:
    prepared = prepare(f"{server}/latin1")
    assert "Un café crème coûte deux euros" in prepared.article.sections[0].text


def test_markdown_by_content_type(server: str) -> None:
    prepared = prepare(f"{server}/notes.md")
    assert [s.title for s in prepared.article.sections] == ["Notes", "Part two"]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/missing", "HTTP 404"),
        ("/broken", "HTTP 500"),
        ("/image", "image/png, not a web page"),
        ("/private", "HTTP 403 .*refuses automated downloads; save the page from a browser"),
    ],
)
def test_http_failures_are_fetch_errors(server: str, path: str, words: str) -> None:
    with pytest.raises(FetchError, match=words):
        fetch_url(f"{server}{path}")


def test_timeout_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(f"{server}/slow", timeout=0.3)


def test_size_limit(server: str) -> None:
    with pytest.raises(FetchError, match="over the"):
        fetch_url(f"{server}/post", limit=1024)


def test_connection_refused_names_the_probable_cause() -> None:
    with pytest.raises(FetchError, match="cannot be fetched"):
        fetch_url("http://127.0.0.1:9/article", timeout=2)


def test_legacy_encoding_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_bytes("Title\n\nThe café’s price – 5 € – was fair.\n".encode("cp1252"))
    assert "café’s price – 5 €" in read_source(str(path)).text


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary"):
        read_source(str(path))


def test_cli_sections_of_a_url(server: str) -> None:
    proc = run_cli("sections", f"{server}/post", "--json", cwd=Path.cwd())
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["title"] == "Why Small Teams Ship Faster"
    assert result["meta"]["lang"] == "en"
    assert [s["title"] for s in result["sections"]][1:] == [
        "The arithmetic of conversations",
        "Decisions close to the work",
        "Owning the mistakes",
    ]


def test_cli_http_error_is_one_line(server: str) -> None:
    proc = run_cli("sections", f"{server}/missing", cwd=Path.cwd())
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: ") and "HTTP 404" in lines[-1]
    assert "Traceback" not in proc.stderr


def test_local_html_file_uses_its_declared_charset(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='windows-1251'><title>Статья</title></head>"
        "<body><p>Привет, мир.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("windows-1251"))
    assert "Привет, мир." in read_source(str(path)).text


def test_non_ascii_url_path_is_encoded(server: str) -> None:
    source = fetch_url(f"{server}/café")
    assert source.format_hint == "md" and source.text.startswith("# Notes")


@pytest.mark.parametrize(
    ("spec", "hint"),
    [("example.com/blog/post", True), ("www.example.org", True), ("notes.md", False)],
)
def test_missing_file_that_looks_like_a_web_address_gets_a_hint(spec: str, hint: bool) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        read_source(spec)
    assert (f"https://{spec}" in str(caught.value)) is hint


ENCODED = "Café notes\n\nUn café crème coûte deux euros à la gare, été comme hiver.\n"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-16 (Notepad)", ENCODED.encode("utf-16")),  # little-endian with its mark
        ("utf-16-be", b"\xfe\xff" + ENCODED.encode("utf-16-be")),
        ("utf-8 with a mark", b"\xef\xbb\xbf" + ENCODED.encode("utf-8")),
        ("utf-32", ENCODED.encode("utf-32")),
        ("latin-1", ENCODED.encode("latin-1")),
    ],
)
def test_unicode_marks_and_legacy_latin_text_are_read(tmp_path: Path, encoding, data) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    text = read_source(str(path)).text
    assert text.lstrip("\ufeff") == ENCODED
    assert prepare(str(path)).article.title == "Café notes"


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("koi8-r", "Заголовок статьи\n\nЭто текст статьи на русском языке. Здесь много слов.\n"),
        ("cp1251", "Заголовок статьи\n\nЭто текст статьи на русском языке. Здесь много слов.\n"),
        ("shift_jis", "記事のタイトル\n\nこれは日本語の記事です。たくさんの言葉があります。\n"),
        ("iso-8859-7", "Τίτλος άρθρου\n\nΚαλημέρα κόσμε. Αυτό είναι ένα άρθρο με λέξεις.\n"),
    ],
)
def test_other_legacy_encodings_are_detected(tmp_path: Path, codec: str, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(codec))
    assert read_source(str(path)).text == text


def test_a_stray_control_character_is_dropped_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "ctl.md"
    path.write_bytes(b"# A\x01B\x07C title\n\nSome text.\n")
    prepared = prepare(str(path))
    assert prepared.article.title == "ABC title"
    assert "\x07" not in prepared.article.sections[0].text


def test_a_nul_in_front_matter_title_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "nul.md"
    path.write_text('---\ntitle: "Nul\\0 here\\e"\n---\n\nSome text.\n')
    assert prepare(str(path)).article.title == "Nul here"


def test_a_file_of_nuls_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "zeros.txt"
    path.write_bytes(b"Title\n" + b"\x00" * 200)
    with pytest.raises(InputError, match="binary"):
        read_source(str(path))
