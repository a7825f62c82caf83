"""`article2audio serve`: byte ranges, content types, CORS, and nothing outside the folder."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from article2audio.errors import InputError, OutputError
from article2audio.serve import ByteRange, Unsatisfiable, parse_range, serve_folder

AUDIO = bytes(range(256)) * 40  # 10240 bytes, every offset distinguishable
SIZE = len(AUDIO)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "pub"
    root.mkdir()
    (root / "ep.mp3").write_bytes(AUDIO)
    for name, text in {
        "ep.vtt": "WEBVTT\n",
        "ep.srt": "1\n",
        "ep.chapters.json": "{}",
        "ep.episode.json": "{}",
        "feed.xml": "<rss/>",
        "index.html": "<!doctype html><title>show</title>",
        "site.css": "body{}",
        "player.js": "1;",
        "cover.jpg": "jpeg",
        ".feed.xml.1.part": "half written",
    }.items():
        (root / name).write_text(text)
    (tmp_path / "secret.txt").write_text("outside")
    (root / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (root / "inside.mp3").symlink_to(root / "ep.mp3")
    return root


@pytest.fixture
def server(folder: Path):
    with serve_folder(folder, port=0).start_in_thread() as running:
        yield running


def request(server, path: str, method: str = "GET", **headers: str):
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_whole_file_says_it_accepts_ranges(server):
    response, body = request(server, "/ep.mp3")
    assert response.status == 200 and body == AUDIO
    assert response.getheader("Accept-Ranges") == "bytes"
    assert response.getheader("Content-Length") == str(SIZE)
    assert response.getheader("Content-Type") == "audio/mpeg"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=5000-", 5000, SIZE - 1), ("bytes=-300", SIZE - 300, SIZE - 1),
     ("bytes=10000-99999", 10000, SIZE - 1), ("bytes=0-0", 0, 0)],
)  # fmt: skip
def test_byte_ranges_answer_206_with_exactly_those_bytes(server, header, start, end):
    response, body = request(server, "/ep.mp3", Range=header)
    assert response.status == 206
    assert body == AUDIO[start : end + 1]
    assert response.getheader("Content-Range") == f"bytes {start}-{end}/{SIZE}"
    assert response.getheader("Content-Length") == str(end - start + 1)


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", "bytes=99999-100000", "bytes=-0"])
def test_a_range_past_the_end_is_416(server, header):
    response, _ = request(server, "/ep.mp3", Range=header)
    assert response.status == 416
    assert response.getheader("Content-Range") == f"bytes */{SIZE}"


@pytest.mark.parametrize("header", ["bytes=50-10", "bytes=0-1,5-6", "items=0-5", "bytes=x-"])
def test_a_range_we_do_not_serve_gives_the_whole_file(server, header):
    response, body = request(server, "/ep.mp3", Range=header)
    assert response.status == 200 and body == AUDIO


def test_head_sends_the_headers_of_get_and_no_body(server):
    response, body = request(server, "/ep.mp3", "HEAD", Range="bytes=0-9")
    assert response.status == 206 and body == b""
    assert response.getheader("Content-Length") == "10"
    assert response.getheader("Content-Range") == f"bytes 0-9/{SIZE}"


def test_if_range_with_an_old_validator_gets_the_whole_new_file(server):
    response, _ = request(server, "/ep.mp3")
    etag = response.getheader("ETag")
    fresh, _ = request(server, "/ep.mp3", Range="bytes=0-9", **{"If-Range": etag})
    assert fresh.status == 206
    stale, body = request(server, "/ep.mp3", Range="bytes=0-9", **{"If-Range": '"old"'})
    assert stale.status == 200 and body == AUDIO
    cached, body = request(server, "/ep.mp3", **{"If-None-Match": etag})
    assert cached.status == 304 and body == b""


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/ep.vtt", "text/vtt"), ("/ep.srt", "application/x-subrip"), ("/ep.chapters.json", "application/json"),
     ("/feed.xml", "application/rss+xml"), ("/index.html", "text/html"), ("/", "text/html"),
     ("/site.css", "text/css"), ("/player.js", "text/javascript"), ("/cover.jpg", "image/jpeg")],
)  # fmt: skip
def test_content_types(server, path, expected):
    response, _ = request(server, path)
    assert response.status == 200
    assert response.getheader("Content-Type").split(";")[0] == expected


@pytest.mark.parametrize("path", ["/ep.vtt", "/ep.srt", "/ep.chapters.json", "/feed.xml"])
def test_transcripts_chapters_and_feed_may_be_read_from_any_origin(server, path):
    response, _ = request(server, path, Origin="https://player.example")
    assert response.getheader("Access-Control-Allow-Origin") == "*"
    preflight, _ = request(server, path, "OPTIONS", Origin="https://player.example")
    assert preflight.status == 204
    assert "Range" in preflight.getheader("Access-Control-Allow-Headers")


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/escape.txt", "/.feed.xml.1.part",
     "/nothing.mp3", "//etc/passwd", "/%00ep.mp3"],
)  # fmt: skip
def test_nothing_outside_the_folder_and_no_hidden_files(server, path):
    response, body = request(server, path)
    assert response.status == 404 and b"outside" not in body


def test_a_link_inside_the_folder_is_served(server):
    response, body = request(server, "/inside.mp3", Range="bytes=0-3")
    assert response.status == 206 and body == AUDIO[:4]


def test_binds_to_localhost_on_a_free_port(folder):
    with serve_folder(folder, port=0) as server:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1" and port > 0
        assert server.url == f"http://127.0.0.1:{port}/"


def test_a_busy_port_and_a_missing_folder_are_errors(folder, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OutputError, match="in use"):
            serve_folder(folder, port=port)
    with pytest.raises(InputError, match="no such folder"):
        serve_folder(tmp_path / "missing")


def test_cli_refuses_a_missing_folder_in_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "article2audio.cli", "serve", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ") and proc.stderr.count("\n") == 1


def test_parse_range_rules():
    assert parse_range(None, 10) is None
    assert parse_range("bytes=2-4", 10) == ByteRange(2, 4, 10)
    assert parse_range("bytes=-20", 10) == ByteRange(0, 9, 10)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)
