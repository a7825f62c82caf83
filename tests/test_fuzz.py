"""Fuzzing: the readers and the settings loader raise nothing but our own errors."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from article2audio.errors import Article2AudioError
from article2audio.lexicon import load_lexicon
from article2audio.parse import parse_article
from article2audio.script import build_script
from article2audio.settings import resolve

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
