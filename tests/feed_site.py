"""A blog on 127.0.0.1 for the feed tests: article pages, an image, and its RSS feed.

`write_rss` makes a feed of a dozen posts, listed out of date order: half carry their full
text (content:encoded), half only link to their page on the site. Every page names a local
file as its og:image, which must never be read.
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PIL import Image

# Requests to this server must never go through a proxy (the builds in subprocesses inherit it)
import speech_server  # noqa: F401

START = dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.timezone.utc)
ORDER = [5, 0, 11, 2, 7, 3, 9, 1, 10, 4, 8, 6]  # the feed lists the posts out of date order


@dataclass(frozen=True)
class Post:
    """One post of the blog as its feed describes it."""

    number: int
    title: str
    guid: str
    date: dt.datetime
    author: str
    summary: str
    full_text: bool  # carried in the feed (content:encoded), else only linked
    body: str


def png_image(side: int = 1500, colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A square PNG, as a blog would serve for a post."""
    out = io.BytesIO()
    Image.new("RGB", (side, side), colour).save(out, "PNG")
    return out.getvalue()


class FeedSite:
    """A threaded HTTP server on a free port of 127.0.0.1 serving fixed routes."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {"/image.png": (png_image(), "image/png")}
        routes = self.routes

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                body, kind = routes.get(self.path, (b"not here", "text/plain"))
                self.send_response(200 if self.path in routes else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes | str, kind: str) -> str:
        """Serve `body` at `path`; return its URL."""
        self.routes[path] = (body.encode() if isinstance(body, str) else body, kind)
        return self.url(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_posts(count: int = 12, stall_in: int | None = None) -> list[Post]:
    """`count` posts a day apart (two on the last day, hours apart); even ones carry their full
    text. `stall_in`: that post's text holds the word the stalling test engine stops on."""
    posts = []
    for number in range(count):
        date = START + dt.timedelta(days=min(number, count - 2), hours=3 * (number == count - 1))
        extra = " Stall here for a moment." if number == stall_in else ""
        body = (
            f"<p>Post {number} opens with a short sentence. It has a second one too.{extra}</p>"
            f"<h2>More on {number}</h2><p>The second part of post {number} is brief.</p>"
        )
        posts.append(
            Post(
                number=number,
                title=f"Entry Number {number}",
                guid=f"urn:test:post-{number}",
                date=date,
                author=f"Writer {number % 3}",
                summary=f"What post {number} is about, in one line.",
                full_text=number % 2 == 0,
                body=body,
            )
        )
    return posts


def page_html(post: Post, local_image: Path) -> str:
    """The post's page on the site: another title, and a local file as its og:image."""
    return (
        "<!doctype html><html lang='en'><head>"
        f"<title>Page {post.number} | The Blog</title>"
        f"<meta property='og:image' content='{local_image}'>"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Page {post.number}</h1>"
        f"{post.body}</article><footer>Copyright</footer></body></html>"
    )


def rss(posts: list[Post], site: FeedSite, image_for: dict[int, str] | None = None) -> str:
    """The blog's RSS 2.0 feed, items in ORDER (not by date)."""
    items = []
    for post in sorted(posts, key=lambda p: ORDER.index(p.number) if p.number in ORDER else 99):
        content = (
            f"<content:encoded><![CDATA[{post.body}]]></content:encoded>" if post.full_text else ""
        )
        image = (image_for or {}).get(post.number)
        media = f"<media:thumbnail url='{escape(image)}'/>" if image else ""
        items.append(
            f"<item><title>{escape(post.title)}</title>"
            f"<link>{site.url(f'/posts/{post.number}.html')}</link>"
            f"<guid isPermaLink='false'>{post.guid}</guid>"
            f"<pubDate>{post.date.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f"<dc:creator>{escape(post.author)}</dc:creator>"
            f"<description>{escape(post.summary)}</description>{content}{media}</item>"
        )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:media='http://search.yahoo.com/mrss/'>"
        f"<channel><title>The Blog</title><link>{site.base}/</link>"
        "<description>Posts</description>" + "".join(items) + "</channel></rss>\n"
    )


def publish_blog(
    site: FeedSite, folder: Path, posts: list[Post], image_for: dict[int, str] | None = None
) -> Path:
    """Serve every post's page and write the feed into `folder`; return the feed file."""
    secret = folder / "secret.png"
    secret.write_bytes(png_image(colour=(0, 0, 0)))
    for post in posts:
        site.serve(f"/posts/{post.number}.html", page_html(post, secret), "text/html")
    feed = folder / "blog.rss"
    feed.write_text(rss(posts, site, image_for), encoding="utf-8")
    return feed
