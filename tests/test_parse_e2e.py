"""End to end from a URL: a page served on 127.0.0.1, built with the real Piper voice."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from article2audio.tags import read_tags
from audio_checks import recognize
from cli_runner import run_cli

pytestmark = pytest.mark.e2e

PAGE = b"""<!doctype html><html lang="en"><head><title>Old Clocks | Tick Blog</title>
<meta property="og:title" content="Old Clocks"><meta name="author" content="Ines Vale">
<meta property="article:published_time" content="2024-05-02"></head><body>
<nav><a href="/">Home</a> <a href="/about">About the blog</a></nav>
<article><h1>Old Clocks</h1><p>The shop opened in 1975.</p>
<h2>Winding</h2><p>We wind every clock at 10:00 on Monday.</p></article>
<aside><h2>Popular posts</h2><ul><li><a href="/x">Sundials for beginners</a></li></ul></aside>
<footer>Copyright Tick Blog</footer></body></html>"""


class _Page(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Serve the page locally and build it from its URL via the CLI, without intro music."""
    work = tmp_path_factory.mktemp("url-e2e")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/2024/05/old-clocks"
        proc = run_cli(
            "build", url, "-o", "out", "--json", "--intro", "none",
            cwd=work, env={"XDG_CACHE_HOME": str(work / "cache")},
        )  # fmt: skip
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    result["path"] = work / result["path"]
    return result


def test_url_episode_has_the_page_chapters_and_tags(built) -> None:
    tags = read_tags(built["path"])
    assert [title for title, _, _ in tags["chapters"]] == ["Old Clocks", "Winding"]
    assert tags["title"] == "Old Clocks"
    assert tags["author"] == "Ines Vale"
    assert tags["date"].startswith("2024-05-02")
    assert tags["language"] == "eng"


def test_years_and_times_are_heard_as_words(built) -> None:
    """Speech recognition hears the year and the clock time the way a person says them."""
    first, second = built["chapters"]
    heard_first = recognize(built["path"], first["start"], first["end"] - first["start"])
    heard_second = recognize(built["path"], second["start"], second["end"] - second["start"])
    assert "nineteen seventy five" in heard_first, heard_first
    assert "hundred" not in heard_first, heard_first
    assert "ten o'clock" in heard_second or "ten o clock" in heard_second, heard_second
    assert "zero zero" not in heard_second, heard_second
