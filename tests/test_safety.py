"""Security and safety (issue 14): no local file published because a document named it, a
deadline for the whole response, no private address reached because a page said so, episode
records read as untrusted input. The web is a local server on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from article2audio import feed, pipeline, sources
from article2audio.errors import FetchError, InputError
from article2audio.settings import Settings
from article2audio.tags import read_tags
from cli_runner import run_cli

BASE_URL = "https://example.com/pod/"
SECRET = Image.new("RGB", (1500, 1500), (250, 10, 10))  # a local file no document may publish
WEB_ART = Image.new("RGB", (1500, 1500), (10, 10, 250))  # the image the web server serves


def _png(image: Image.Image) -> bytes:
    from io import BytesIO

    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _page(image: str) -> bytes:
    return (
        "<html lang='en'><head><title>Cover Test</title>"
        "<meta property='og:title' content='Cover Test'>"
        f"<meta property='og:image' content='{image}'></head><body><article><h1>Cover Test</h1>"
        "<p>Some words are here for the page to say. More words follow them.</p>"
        "<h2>Part two</h2><p>The rest of it is short.</p></article></body></html>"
    ).encode()


class _Trickle:
    """A body sent one byte per tick of the test's clock: a server too slow to finish."""

    def __init__(self, size: int) -> None:
        self.size, self.sent, self.now = size, 0, 0.0
        self.ticks = threading.Semaphore(0)

    def clock(self) -> float:
        """The fetch's clock: each look at it lets the server send one more byte."""
        self.now += 1.0
        self.ticks.release()
        return self.now


class _Handler(http.server.BaseHTTPRequestHandler):
    trickle: _Trickle | None = None
    port = 0

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        local = f"http://localhost:{self.port}"
        routes = {
            "/art.png": lambda: self._send(200, _png(WEB_ART), "image/png"),
            "/same-host-image": lambda: self._send(200, _page("/art.png"), "text/html"),
            "/local-path-image": lambda: self._send(200, _page(str(_secret())), "text/html"),
            "/file-image": lambda: self._send(200, _page(f"file://{_secret()}"), "text/html"),
            "/other-host-image": lambda: self._send(200, _page(f"{local}/art.png"), "text/html"),
            "/to-other-host": lambda: self._send(302, b"", "text/html", Location=f"{local}/page"),
            "/to-metadata": lambda: self._send(
                302, b"", "text/html", Location="http://169.254.169.254/latest/meta-data/"
            ),
            "/to-file": lambda: self._send(302, b"", "text/html", Location=f"file://{_secret()}"),
            "/page": lambda: self._send(200, _page("/art.png"), "text/html"),
            "/trickle": self._trickle,
        }
        routes.get(self.path, lambda: self._send(404, b"not here", "text/plain"))()

    def _trickle(self) -> None:
        trickle = _Handler.trickle
        assert trickle is not None
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(trickle.size))
        self.end_headers()
        self.wfile.flush()
        try:
            for _ in range(trickle.size):
                if not trickle.ticks.acquire(timeout=60):  # only a guard against a hang
                    return
                self.wfile.write(b"x")
                self.wfile.flush()
                trickle.sent += 1
        except OSError:
            pass  # the client hung up: what we wanted


_SECRET_PATH: list[Path] = []


def _secret() -> Path:
    return _SECRET_PATH[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A web server on 127.0.0.1, and a secret image on the local disk beside the tests."""
    secret = tmp_path_factory.mktemp("private") / "secret.png"
    SECRET.save(secret)
    _SECRET_PATH[:] = [secret]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{_Handler.port}"
    httpd.shutdown()
    httpd.server_close()


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "output_dir": tmp_path / "out",
        "engine": "fake",
        "cache_dir": tmp_path / "cache",
        "intro": "none",
        "base_url": BASE_URL,
    }
    values.update(overrides)
    return Settings.of(**values)


def _published_images(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.suffix in (".png", ".jpg"))


def _embedded_colour(mp3: Path) -> tuple[int, ...] | None:
    from io import BytesIO

    from mutagen.id3 import ID3

    pictures = ID3(mp3).getall("APIC")
    if not pictures:
        return None
    return Image.open(BytesIO(pictures[0].data)).convert("RGB").getpixel((700, 700))


# --- 1. images a document names -------------------------------------------------------------


def test_a_page_image_on_its_own_site_is_fetched_from_the_web(server, tmp_path, fake_engine):
    episode = pipeline.build_episode(f"{server}/same-host-image", _settings(tmp_path))
    assert _embedded_colour(episode.path) == pytest.approx((10, 10, 250), abs=4)


@pytest.mark.parametrize("route", ["/local-path-image", "/file-image"])
def test_a_page_naming_a_local_file_publishes_nothing_of_it(server, tmp_path, fake_engine, route):
    # og:image="/tmp/.../secret.png" is a path on the web site (a 404 there); file:// is not fetched
    episode = pipeline.build_episode(f"{server}{route}", _settings(tmp_path))
    assert _embedded_colour(episode.path) is None
    out = episode.path.parent
    assert all(b"\xfa\n\n" not in p.read_bytes() for p in out.iterdir() if p.is_file())
    images = [Image.open(p).convert("RGB").getpixel((700, 700)) for p in _published_images(out)]
    assert (250, 10, 10) not in images  # only the generated title card, if anything
    feed_text = (out / "feed.xml").read_text()
    assert "secret" not in feed_text


def test_a_page_image_on_a_private_host_is_refused_unless_allowed(server, tmp_path, fake_engine):
    url = f"{server}/other-host-image"  # the image is on localhost, a host the user did not name
    refused = pipeline.build_episode(url, _settings(tmp_path / "a"))
    assert _embedded_colour(refused.path) is None
    allowed = pipeline.build_episode(url, _settings(tmp_path / "b", allow_private_urls=True))
    assert _embedded_colour(allowed.path) == pytest.approx((10, 10, 250), abs=4)


@pytest.mark.parametrize(
    "image",
    ["SECRET", "../private/secret.png", "sub/../../private/secret.png", "link.png", "~/x.png"],
)
def test_a_local_article_image_outside_its_folder_is_not_used(server, tmp_path, fake_engine, image):
    folder = tmp_path / "articles"
    folder.mkdir()
    os.symlink(_secret(), folder / "link.png")
    (tmp_path / "private").mkdir()
    SECRET.save(tmp_path / "private" / "secret.png")
    named = str(_secret()) if image == "SECRET" else image
    article = folder / "post.md"
    article.write_text(f"---\ntitle: Outside\nimage: {named}\n---\n\nWords to say here.\n")
    episode = pipeline.build_episode(str(article), _settings(tmp_path))
    assert _embedded_colour(episode.path) is None
    assert not (tmp_path / "out" / "outside.png").exists()
    assert not (tmp_path / "out" / "outside.jpg").exists()


def test_a_local_article_image_inside_its_folder_is_used(tmp_path, fake_engine):
    folder = tmp_path / "articles"
    (folder / "img").mkdir(parents=True)
    WEB_ART.save(folder / "img" / "art.png")
    article = folder / "post.md"
    article.write_text("---\ntitle: Inside\nimage: img/../img/art.png\n---\n\nWords here.\n")
    episode = pipeline.build_episode(str(article), _settings(tmp_path))
    assert _embedded_colour(episode.path) == pytest.approx((10, 10, 250), abs=4)


def test_cli_local_article_naming_etc_passwd_builds_without_it(tmp_path, fake_engine):
    (tmp_path / "leak.md").write_text("---\ntitle: Leak\nimage: /etc/passwd\n---\n\nText here.\n")
    proc = run_cli("build", "leak.md", "-o", "out", "--engine", "fake", "--intro", "none",
                   "--base-url", BASE_URL, cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "outside the article's folder" in proc.stderr and "Traceback" not in proc.stderr
    assert not read_tags(tmp_path / "out" / "leak.mp3")["has_cover"]
    assert "root:" not in "".join(
        p.read_text(errors="replace") for p in (tmp_path / "out").iterdir() if p.is_file()
    )


# --- 2. fetching: one deadline, no private address a page names --------------------------------


def test_a_trickling_server_is_cut_off_at_the_deadline(server):
    trickle = _Handler.trickle = _Trickle(size=1000)
    try:
        with pytest.raises(FetchError, match=r"not received within 20 seconds \(timed out\)"):
            sources.fetch_url(f"{server}/trickle", timeout=20, clock=trickle.clock)
    finally:
        trickle.ticks.release(2000)  # let the handler run out
    assert trickle.now >= 20
    assert trickle.sent <= 25  # about one byte per second of the deadline, not the whole body


def test_a_redirect_to_a_private_host_is_refused_unless_allowed(server):
    with pytest.raises(FetchError, match="localhost is a local or private address"):
        sources.fetch_url(f"{server}/to-other-host")
    page = sources.fetch_url(f"{server}/to-other-host", allow_private=True)
    assert "Cover Test" in page.text and page.url.startswith("http://localhost:")


def test_a_redirect_to_the_metadata_address_is_refused_before_connecting(server):
    with pytest.raises(FetchError, match=r"169\.254\.169\.254 is a local or private address"):
        sources.fetch_url(f"{server}/to-metadata")


def test_a_redirect_to_a_local_file_is_not_followed(server):
    with pytest.raises(FetchError) as caught:
        sources.fetch_url(f"{server}/to-file", allow_private=True)
    assert "secret" not in str(caught.value).split("file://")[0]  # refused, not read


def test_a_host_that_resolves_anew_to_a_private_address_is_caught_at_connect(server, monkeypatch):
    real = socket.getaddrinfo
    calls = []

    def rebinding(host, *args, **kwargs):  # public when checked, loopback when connected
        if host == "localhost":
            calls.append(host)
            if len(calls) == 1:
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(FetchError, match=r"localhost is a local or private address \(127\.0\.0\.1"):
        sources.fetch_url(f"{server}/to-other-host")
    assert len(calls) == 2  # checked once, then connected to what it resolved to next


def test_cli_private_redirect_is_one_error_line_and_the_flag_allows_it(server, tmp_path):
    proc = run_cli("sections", f"{server}/to-other-host", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("Error: localhost is a local")
    allowed = run_cli("sections", f"{server}/to-other-host", "--allow-private-urls", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.startswith("Cover Test")
    by_env = run_cli(
        "sections", f"{server}/to-other-host", cwd=tmp_path,
        env={"ARTICLE2AUDIO_ALLOW_PRIVATE_URLS": "true"},
    )  # fmt: skip
    assert by_env.returncode == 0, by_env.stderr


@pytest.mark.parametrize(
    "url",
    ["http://[your-server-ip]:8080/admin", "http://[::1", "https://[zz::]/x", "http://a:99999/"],
)
def test_a_bracketed_or_broken_host_is_an_input_error(url, tmp_path):
    with pytest.raises(InputError, match="is not a valid web address"):
        sources.read_source(url)
    proc = run_cli("sections", url, cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"Error: {url}: is not a valid web address"]


# --- 3. episode records are input too -----------------------------------------------------------


def _record(name: str, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "slug": name,
        "guid": f"guid-{name}",
        "title": f"Title {name}",
        "author": "A",
        "description": "d",
        "show_notes": "d",
        "pub_date": "2024-01-01T12:00:00+00:00",
        "duration_ms": 1000,
        "audio": f"{name}.mp3",
        "show": {"title": "Show", "author": "A", "description": "About", "base_url": BASE_URL},
    }
    record.update(changes)
    return record


@pytest.mark.parametrize(
    "changes",
    [
        {"audio": "../outside.mp3"},
        {"audio": "/etc/passwd"},
        {"chapters": "../../etc/hosts"},
        {"transcripts": [{"file": "/etc/passwd", "type": "text/vtt"}]},
        {"transcripts": "nope"},
        {"image": "link.png"},  # a symlink out of the folder
        {"slug": "../evil"},
        {"audio": ".hidden.mp3"},
        {"duration_ms": "1000"},
        {"pub_date": "yesterday"},
        {"title": ["not", "text"]},
    ],
)
def test_feed_dir_skips_a_record_that_names_files_outside_the_folder(tmp_path, changes):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "outside.mp3").write_bytes(b"\xff\xfb" * 300)
    os.symlink(tmp_path / "outside.mp3", out / "link.png")
    for slug in ("good", "bad"):
        (out / f"{slug}.mp3").write_bytes(b"\xff\xfb" * 100)
    (out / "good.episode.json").write_text(json.dumps(_record("good")))
    (out / "bad.episode.json").write_text(json.dumps(_record("bad", **changes)))

    proc = run_cli("feed", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "skipping bad.episode.json" in proc.stderr
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo and [e.id for e in parsed.entries] == ["guid-good"]
    text = (out / "feed.xml").read_text()
    assert "outside" not in text and "passwd" not in text and "hosts" not in text
    assert not (tmp_path / "evil.episode.json").exists()


def test_a_record_with_a_show_image_outside_the_folder_gives_no_channel_image(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "good.mp3").write_bytes(b"\xff\xfb" * 100)
    show = {"title": "Show\x00", "author": "A", "description": "About", "image": "../art.png"}
    (out / "good.episode.json").write_text(json.dumps(_record("good", show=show)))
    feed.rebuild_feed(out, {"base_url": BASE_URL})
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.feed.title == "Show"
    assert "art.png" not in (out / "feed.xml").read_text()


def test_a_bracketed_host_in_the_text_is_said_not_a_crash(tmp_path, fake_engine):
    (tmp_path / "admin.txt").write_text(
        "Admin Guide\n\nGo to http://[your-server-ip]:8080/admin to log in. Or https://[bad.\n"
    )
    proc = run_cli("sections", "admin.txt", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    spoken = json.loads(proc.stdout)["sections"][0]["text"]
    assert "Go to your-server-ip to log in." in spoken
    built = run_cli("build", "admin.txt", "-o", "out", "--engine", "fake", "--intro", "none",
                    cwd=tmp_path)  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "admin-guide.mp3").is_file()
