"""Feeds in: an RSS/Atom feed or a sitemap builds one episode per entry, once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from article2audio import intake
from article2audio.episodes import read_sidecars
from article2audio.sources import read_source
from article2audio.tags import read_tags
from article2audio.timefmt import publication_date
from audio_checks import stream_info
from cli_runner import run_cli
from feed_site import FeedSite, make_posts, publish_blog

BASE = "https://pod.example.com/"


@pytest.fixture
def site() -> Iterator[FeedSite]:
    served = FeedSite()
    yield served
    served.close()


def _build(cwd: Path, *args: str) -> tuple[int, dict, str]:
    proc = run_cli(
        "build", *args, "-o", "out", "--engine", "fake", "--intro", "none",
        "--base-url", BASE, "--allow-private-urls", "--json", cwd=cwd,
    )  # fmt: skip
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {}, proc.stderr


def test_a_feed_builds_one_episode_per_entry_and_only_new_ones_again(tmp_path, site, fake_engine):
    posts = make_posts()
    feed = publish_blog(site, tmp_path, posts)
    code, report, stderr = _build(tmp_path, str(feed))
    assert code == 0, stderr
    assert not report["failed"] and len(report["episodes"]) == 12
    assert "[12/12] built" in stderr  # one progress display for the batch
    out = tmp_path / "out"
    records = {r.entry_id: r for r in read_sidecars(out)}
    assert set(records) == {p.guid for p in posts}
    for post in posts:
        record = records[post.guid]
        assert record.title == post.title  # the entry's title, not the linked page's
        assert record.author == post.author
        assert record.description == post.summary
        assert dt.datetime.fromisoformat(record.pub_date) == post.date
        assert read_tags(out / record.audio)["title"] == post.title
        assert stream_info(out / record.audio)["duration"] > 3
        assert record.image is None  # the pages' og:image is a local file: never read
    # numbers follow the posts' dates, and so does the feed (newest first), not build order
    by_date = sorted(posts, key=lambda p: p.date)
    assert [records[p.guid].episode_number for p in by_date] == list(range(1, 13))
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.title for e in parsed.entries] == [p.title for p in reversed(by_date)]
    assert len({e.id for e in parsed.entries}) == 12
    linked = next(e for e in report["episodes"] if e["title"] == "Entry Number 1")
    assert linked["chapters"][0]["title"] == "Entry Number 1"  # not the page's "Page 1"
    spoken = " ".join(fake_engine.calls)
    assert "Post one opens" in spoken and "Post two opens" in spoken  # linked page, full text

    fake_engine.calls.clear()
    code, again, stderr = _build(tmp_path, str(feed))
    assert code == 0, stderr
    assert again["episodes"] == [] and again["already_built"] == 12
    assert fake_engine.calls == []
    assert len(feedparser.parse((out / "feed.xml").read_bytes()).entries) == 12


def test_since_limit_and_dry_run_choose_entries_without_building(tmp_path, site, fake_engine):
    posts = make_posts()
    feed = publish_blog(site, tmp_path, posts)
    proc = run_cli(
        "build", str(feed), "--since", "2024-03-08", "--limit", "3", "--dry-run", "--json",
        "-o", "out", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)["would_build"]
    assert [item["title"] for item in listed] == [f"Entry Number {n}" for n in (9, 10, 11)]
    assert [item["from"] for item in listed] == ["linked page", "feed content", "linked page"]
    assert not (tmp_path / "out").exists() and fake_engine.calls == []

    code, report, stderr = _build(tmp_path, str(feed), "--since", "2024-03-10")
    assert code == 0, stderr
    assert [e["title"] for e in report["episodes"]] == ["Entry Number 9", "Entry Number 10", "Entry Number 11"]  # fmt: skip
    proc = run_cli("build", str(feed), "--dry-run", "-o", "out", cwd=tmp_path)
    assert proc.stdout.strip().splitlines()[-1] == "9 to build, 3 feed entries already built"


def test_an_entry_image_is_fetched_and_local_paths_are_never_read(tmp_path, site, fake_engine):
    posts = make_posts(3)
    local = tmp_path / "private.png"
    local.write_bytes(b"not for the feed")
    images = {0: site.url("/image.png"), 1: str(local), 2: f"file://{local}"}
    feed = publish_blog(site, tmp_path, posts, images)
    code, report, stderr = _build(tmp_path, str(feed))
    assert code == 0, stderr
    records = {r.entry_id: r for r in read_sidecars(tmp_path / "out")}
    with_image = records[posts[0].guid]
    assert with_image.image == f"{with_image.slug}.png"
    assert read_tags(tmp_path / "out" / with_image.audio)["has_cover"]
    assert records[posts[1].guid].image is None and records[posts[2].guid].image is None
    assert all(b"not for the feed" not in p.read_bytes() for p in (tmp_path / "out").iterdir())


def test_a_feed_url_an_atom_feed_and_a_sitemap(tmp_path, site, fake_engine):
    posts = make_posts(2)
    publish_blog(site, tmp_path, posts)
    atom = (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Atom Blog</title><id>urn:atom:blog</id><updated>2024-05-02T10:00:00Z</updated>"
        "<entry><title>Atom Post</title><id>urn:atom:1</id><updated>2024-05-02T10:00:00Z</updated>"
        "<author><name>Ada Atom</name></author><summary>Short.</summary>"
        "<content type='html'>&lt;p&gt;Atom content speaks here. Then more.&lt;/p&gt;</content>"
        "</entry></feed>"
    )
    atom_url = site.serve("/atom.xml", atom, "application/atom+xml")
    sitemap = (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{site.url('/posts/1.html')}</loc><lastmod>2024-04-01</lastmod></url>"
        "<url><loc>/etc/passwd</loc></url></urlset>"
    )
    (tmp_path / "sitemap.xml").write_text(sitemap)
    code, report, stderr = _build(tmp_path, atom_url, "sitemap.xml")
    assert code == 0, stderr
    assert [e["title"] for e in report["episodes"]] == ["Atom Post", "Page 1"]
    records = {r.entry_id: r for r in read_sidecars(tmp_path / "out")}
    assert records["urn:atom:1"].author == "Ada Atom"
    assert records[site.url("/posts/1.html")].pub_date.startswith("2024-04-01")
    assert "Atom content speaks here." in fake_engine.calls


def test_xml_that_is_no_feed_is_refused(tmp_path, site):
    url = site.serve("/data.xml", "<?xml version='1.0'?><config><a/></config>", "text/xml")
    proc = run_cli("build", url, "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]
    assert last == f"Error: {url}: is XML but not an RSS or Atom feed, nor a sitemap"


def test_entry_without_content_or_web_link_fails_alone(tmp_path, site, fake_engine):
    posts = make_posts(2)
    feed = publish_blog(site, tmp_path, posts)
    text = feed.read_text().replace(site.url("/posts/1.html"), f"file://{tmp_path}/secret.png")
    feed.write_text(text)
    code, report, stderr = _build(tmp_path, str(feed))
    assert code == 1
    assert [e["title"] for e in report["episodes"]] == ["Entry Number 0"]
    assert report["failed"] == [
        {
            "source": "Entry Number 1",
            "error": "Entry Number 1: the feed entry has neither content nor a link",
            "retries": 0,
        }
    ]


def test_feed_detection_and_dates():
    assert intake.looks_like_feed("\ufeff<?xml version='1.0'?>\n<!-- c --><rss version='2.0'>")
    assert intake.looks_like_feed("<rdf:RDF xmlns:rdf='x'>")
    assert not intake.looks_like_feed("<!doctype html><html><body>rss</body></html>")
    assert not intake.looks_like_feed("# rss\n\nA Markdown article about feeds.")
    # an article's date with a time keeps it (UTC), a date alone is noon UTC
    assert publication_date("2024-03-11T11:30:00+00:00", None) == "2024-03-11T11:30:00+00:00"
    assert publication_date("2024-03-11 13:30:00+02:00", None) == "2024-03-11T11:30:00+00:00"
    assert publication_date("2024-03-11", None) == "2024-03-11T12:00:00+00:00"


def test_a_local_feed_names_no_local_article(tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>x</title>"
        "<item><title>A</title><link>/etc/hostname</link><guid>a</guid></item>"
        "<item><title>B</title><link>file:///etc/hostname</link><guid>b</guid></item>"
        "</channel></rss>"
    )
    entries = intake.read_entries(read_source(str(feed)))
    assert [(e.title, e.link, e.content) for e in entries] == [("A", None, None), ("B", None, None)]


def test_a_page_a_feed_names_on_a_private_address_needs_allowing(tmp_path, site, fake_engine):
    feed = publish_blog(site, tmp_path, make_posts(2))  # post 1 links to a page on 127.0.0.1
    proc = run_cli(
        "build", str(feed), "-o", "out", "--engine", "fake", "--intro", "none", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert [e["title"] for e in report["episodes"]] == ["Entry Number 0"]  # its text is in the feed
    [failed] = report["failed"]
    assert failed["source"] == "Entry Number 1" and "--allow-private-urls" in failed["error"]
