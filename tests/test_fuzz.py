"""Fuzzing: the readers, the settings loader, URL and path handling, slugs, the chapter writer
and episode records raise nothing but our own errors and keep their safety rules."""

from __future__ import annotations

import hashlib
import json
import shutil
import string
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mutagen.id3 import ID3

from article2audio import cover, episodes, feed, sources
from article2audio.errors import Article2AudioError, FetchError, InputError
from article2audio.lexicon import load_lexicon
from article2audio.models import Chapter
from article2audio.parse import parse_article
from article2audio.script import build_script
from article2audio.settings import resolve
from article2audio.tags import EpisodeTags, check_tags, read_tags, write_tags

FORMATS = [None, "md", "txt", "html", "rst"]

# Lines that look like the structure each reader cares about, mixed with noise.
STRUCTURE = st.sampled_from(
    [
        "# Title", "## Section", "### Deeper", "Heading", "=====", "-----", "~~~~", "```", "```python",
        "    indented code", "---", "title: x", "author: [a, b]", "date: 2024-13-45", "* item", "1. item",
        "<h1>T</h1>", "<h2>S</h2>", "<p>para</p>", "<script>x</script>", "<html lang='fr'>", "&amp; &#0; &bogus;",
        ".. code-block:: python", ".. image:: x.png", ":Author: me", "| a | b |", "|---|---|", "[^1]: note",
        "![alt](img.png)", "[link](http://x)", "http://example.com/a?b=c", "CHAPTER ONE", "II. Methods",
        "Copyright (C) 1985 Someone", "Why?", "A sentence. Another one! And a third?", "", "\t", "\u200b",
        "e.g. 3.5% of $5 vs. €4", "😀", "\ufeff", "\x0c",
    ]
)  # fmt: skip
LINES = st.lists(st.one_of(STRUCTURE, st.text(max_size=40)), max_size=25).map("\n".join)


def _parse_and_script(text: str, fmt: str | None) -> None:
    try:
        article = parse_article(text, fmt, None)
    except Article2AudioError:
        return
    script = build_script(article)
    assert script.cues, "a parsed article always has something to say"
    assert all(cue.text.strip() for cue in script.cues)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=LINES)
@example(text="# \n\n##\n")
@example(text="---\ntitle: [unclosed\n---\nbody")
@example(text="---\ndate: 2024-13-01\n---\nbody")
@example(text="<html><body></body></html>")
def test_readers_raise_only_our_errors(fmt, text):
    _parse_and_script(text, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_readers_survive_arbitrary_unicode(fmt, text):
    _parse_and_script(text, fmt)


TOML_VALUES = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(alphabet=string.printable, max_size=20).map(
        lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'
    ),
    st.just("[1, 2]"),
    st.just("{a = 1}"),
)
TOML_KEYS = st.sampled_from(
    ["title", "author", "bitrate", "loudness", "language", "explicit", "base_url", "email", "speed",
     "category", "cover", "intro", "channels", "episode", "nonsense", "pauses"]
)  # fmt: skip
TOML_TABLES = st.sampled_from(
    ["", "[show]\n", "[voice]\n", "[audio]\n", "[output]\n", "[feed]\n", "[[x]]\n"]
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.lists(st.tuples(TOML_TABLES, TOML_KEYS, TOML_VALUES), max_size=8).map(
        lambda rows: "".join(f"{table}{key} = {value}\n" for table, key, value in rows)
    )
)
def test_settings_loader_raises_only_our_errors(tmp_path, body):
    config = tmp_path / "article2audio.toml"
    config.write_text(body)
    try:
        resolve(config=config, env={}, cwd=tmp_path)
    except Article2AudioError:
        pass


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.text(max_size=200))
def test_settings_and_lexicon_survive_garbage_files(tmp_path, body):
    path = Path(tmp_path) / "garbage.toml"
    path.write_text(body, encoding="utf-8", errors="surrogatepass")
    for load in (
        lambda: resolve(config=path, env={}, cwd=tmp_path),
        lambda: load_lexicon(path),
    ):
        try:
            load()
        except Article2AudioError:
            pass


# --- issue 14: URLs, paths, slugs, the chapter writer, episode records -----------------------------

URL_PARTS = st.sampled_from(
    ["http://", "https://", "HTTP://", "ftp://", "file://", "//", "[", "]", "[::1]", "[fe80::1%25eth0]",
     "[your-server-ip]", "localhost", "127.0.0.1", "10.0.0.7", "169.254.169.254", "0x7f.1", "例え.テスト",
     "xn--", ":", ":8080", ":99999", ":-1", "@", "user:pw@", "/", "/../", "?q=1", "#f", "%00", "%zz",
     " ", "\t", "\x00", "example.com", "a" * 70, ".", ".."]
)  # fmt: skip
URLS = st.lists(st.one_of(URL_PARTS, st.text(max_size=8)), min_size=1, max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(url=URLS)
@example(url="http://[your-server-ip]:8080/admin")
def test_url_handling_raises_only_our_errors(url, monkeypatch_module_dns):
    try:
        made = sources.ascii_url(url)
        assert made.isascii()
    except InputError:
        pass
    assert isinstance(sources._host(url), str)
    guard = sources._Guard("trusted.example")
    try:
        guard.check_url(url)
    except FetchError:
        return
    host = sources._host(url)  # let through: an http(s) URL on the host the user named
    assert url.strip().lower().startswith(("http://", "https://")) or url.lower().startswith("http")
    assert host == "trusted.example"


@pytest.fixture(scope="module")
def monkeypatch_module_dns():
    """Every name resolves to a private address, with no network: a page may name none."""
    import socket

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            socket, "getaddrinfo",
            lambda host, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 80))],
        )  # fmt: skip
        yield


@settings(max_examples=200, deadline=None)
@given(address=st.ip_addresses())
def test_only_public_addresses_are_public(address):
    public = sources.is_public_address(str(address))
    mapped = getattr(address, "ipv4_mapped", None) or address
    if mapped.is_loopback or mapped.is_private or mapped.is_link_local or mapped.is_unspecified:
        assert not public


PATH_PARTS = st.sampled_from(
    ["..", ".", "inside.png", "link.png", "sub", "outside.png", "/", "//", "~", "%2e%2e", "\\", "a b",
     "\x00", "file:", "C:", "img"]
)  # fmt: skip


@pytest.fixture(scope="module")
def image_folders(tmp_path_factory):
    """An article folder with an image and a symlink out of it; an image outside it."""
    from PIL import Image

    root = tmp_path_factory.mktemp("paths")
    folder = root / "article"
    (folder / "sub").mkdir(parents=True)
    Image.new("RGB", (1400, 1400), (1, 2, 3)).save(folder / "inside.png")
    Image.new("RGB", (1400, 1400), (250, 0, 0)).save(root / "outside.png")
    (folder / "link.png").symlink_to(root / "outside.png")
    (folder / "sub" / "link.png").symlink_to(folder / "inside.png")
    return folder.resolve(), hashlib.sha256((folder / "inside.png").read_bytes()).hexdigest()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(PATH_PARTS, min_size=1, max_size=6), absolute=st.booleans())
@example(parts=["..", "outside.png"], absolute=False)
@example(parts=["link.png"], absolute=False)
def test_a_local_article_image_never_comes_from_outside_its_folder(image_folders, parts, absolute):
    folder, inside = image_folders
    name = "/".join(parts)
    if absolute:
        name = f"{folder}/{name}"
    try:
        found = cover._local_image(name, folder)
    except InputError:
        return  # a file inside the folder that is not an image
    assert found is None or hashlib.sha256(found).hexdigest() == inside


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.one_of(st.lists(PATH_PARTS, max_size=4).map("".join), st.text(max_size=20)))
def test_own_file_names_stay_in_their_folder(image_folders, name):
    folder, _ = image_folders
    if episodes.is_own_file(folder, name):
        assert "/" not in name and "\x00" not in name and name not in (".", "..")
        path = folder / name
        assert not path.exists() or path.resolve().parent == folder


@settings(max_examples=400, deadline=None)
@given(title=st.text(max_size=120))
@example(title="Привет мир")
@example(title="\x00\x07")
def test_slugs_are_file_names_of_at_most_60_characters(title):
    slug = episodes.slugify(title)
    assert episodes.is_slug(slug) and len(slug) <= 60 and slug == episodes.slugify(title)
    hashed = episodes.slugify(title, episodes.SLUG_MAX - episodes.HASH_LENGTH - 1) + "-0123abcd"
    assert episodes.is_slug(hashed) and len(hashed) <= 60


TITLES = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=30,
).filter(str.strip)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(titles=st.lists(TITLES, min_size=1, max_size=700), step=st.integers(1, 4000))
@example(titles=["t"] * 256, step=1)
@example(titles=["t"] * 255, step=1)
def test_the_chapter_writer_writes_and_reads_back_any_number_of_chapters(tmp_path, titles, step):
    chapters = [Chapter(t, i * step, (i + 1) * step) for i, t in enumerate(titles)]
    mp3 = tmp_path / "fuzz.mp3"
    shutil.copyfile(Path(__file__).parent / "data" / "tone.mp3", mp3)
    tags = EpisodeTags("Title", "Author", "Show")
    check_tags(tags, chapters, len(titles) * step)
    write_tags(mp3, tags, chapters, len(titles) * step)
    read = read_tags(mp3)["chapters"]
    assert read == [(c.title, c.start_ms, c.end_ms) for c in chapters]
    assert all(len(t.child_element_ids) <= 255 for t in ID3(mp3).getall("CTOC"))


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(allow_nan=False),
        st.sampled_from(["../x.mp3", "/etc/passwd", "a.mp3", "ep.mp3", ".hidden", "link.mp3", "", "ok",
                         "2024-01-01T12:00:00+00:00", "yesterday", "ep", "x\x00y", "text/vtt"]),
        st.text(max_size=12),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)  # fmt: skip
RECORD_KEYS = st.sampled_from(
    ["slug", "guid", "title", "author", "description", "show_notes", "pub_date", "duration_ms",
     "audio", "chapters", "transcripts", "image", "episode_number", "explicit", "show", "source"]
)  # fmt: skip


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.dictionaries(RECORD_KEYS, JSON_VALUES, max_size=5), raw=st.booleans())
def test_episode_records_are_read_as_untrusted_input(tmp_path_factory, changes, raw):
    out = tmp_path_factory.mktemp("records")
    (out / "ep.mp3").write_bytes(b"\xff\xfb" * 50)
    (out.parent / "x.mp3").write_bytes(b"\xff\xfb" * 50)
    (out / "link.mp3").symlink_to(out.parent / "x.mp3")
    record = {
        "slug": "ep", "guid": "g", "title": "T", "author": "A", "description": "d",
        "show_notes": "n", "pub_date": "2024-01-01T12:00:00+00:00", "duration_ms": 1000,
        "audio": "ep.mp3", "show": {"title": "S", "base_url": "https://e.com/p/"},
    }  # fmt: skip
    record.update(changes)
    (out / "ep.episode.json").write_text(json.dumps(changes if raw else record))
    for found in episodes.read_sidecars(out):
        assert episodes.is_slug(found.slug)
        assert all(name is None or episodes.is_own_file(out, name) for name in found.files())
    try:
        feed.rebuild_feed(out, {"base_url": "https://e.com/p/"})
    except Article2AudioError:
        return
    root = ET.parse(out / "feed.xml").getroot()  # valid XML, whatever the record held
    links = [e.get("url") or e.get("href") for e in root.iter() if e.get("url") or e.get("href")]
    links = [link for link in links if link and link.rstrip("/") != "https://e.com/p"]
    for link in links:  # every file the feed links to is a file of the folder
        name = link.removeprefix("https://e.com/p/")
        assert link.startswith("https://e.com/p/") and "/" not in name and ".." not in name, link
        assert name == "feed.xml" or (out / unquote(name)).resolve().parent == out.resolve()
