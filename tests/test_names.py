"""Episode names (issue 14): transliterated slugs, one name per article, never another
article's episode replaced, builds at once never sharing a name (two real processes)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from article2audio import episodes, pipeline
from article2audio.errors import OutputError
from article2audio.settings import Settings

BASE_URL = "https://example.com/pod/"
HELPER = Path(__file__).parent / "helpers" / "slow_cli.py"
LONG = "A Very Long Title About the Many Ways Rivers Shape the Towns Along Them"


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


def _article(folder: Path, name: str, title: str, body: str = "Words to say here.") -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    return str(path)


def _feed(out: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo
    return parsed


def test_slugs_are_transliterated():
    assert episodes.slugify("Привет мир") == "privet-mir"
    assert episodes.slugify("你好世界") == "ni-hao-shi-jie"
    assert episodes.slugify("Ελληνικά νέα") == "ellenika-nea"
    assert episodes.slugify("Straße & Café — 5%") == "strasse-cafe-5"
    assert episodes.slugify("Nul\x00 here\x07") == "nul-here"
    assert episodes.slugify("???") == episodes.slugify("") == "episode"
    assert len(episodes.slugify(LONG + " Part 1")) <= 60


def test_non_latin_titles_each_get_their_own_episode(tmp_path, fake_engine):
    titles = {"ru": "Привет мир", "zh": "你好世界", "el": "Ελληνικά νέα", "ar": "مرحبا بالعالم"}
    names = []
    for lang, title in titles.items():
        names.append(pipeline.build_episode(_article(tmp_path, f"{lang}.md", title), _settings(tmp_path)).path.name)  # fmt: skip
    assert names == ["privet-mir.mp3", "ni-hao-shi-jie.mp3", "ellenika-nea.mp3", "mrhb-bl-lm.mp3"]
    assert sorted(e.title for e in _feed(tmp_path / "out").entries) == sorted(titles.values())


def test_titles_alike_in_their_first_60_characters_get_different_names(tmp_path, fake_engine):
    first = pipeline.build_episode(
        _article(tmp_path, "p1.md", LONG + " Part 1"), _settings(tmp_path)
    )
    second = pipeline.build_episode(
        _article(tmp_path, "p2.md", LONG + " Part 2"), _settings(tmp_path)
    )
    assert first.path != second.path
    assert second.path.stem.startswith(first.path.stem[:51]) and len(second.path.stem) <= 60
    assert len({e.id for e in _feed(tmp_path / "out").entries}) == 2


def test_force_never_replaces_another_articles_episode(tmp_path, fake_engine):
    mine = pipeline.build_episode(
        _article(tmp_path / "a", "notes.md", "Weekly Notes"), _settings(tmp_path)
    )
    kept = mine.path.read_bytes()
    other = _article(tmp_path / "b", "notes.md", "Weekly Notes", "Quite different words here.")
    theirs = pipeline.build_episode(other, _settings(tmp_path, force=True))
    assert mine.path.read_bytes() == kept  # the first article's episode is untouched
    key = episodes.source_key(str(Path(other).resolve()))
    assert theirs.path.name == f"weekly-notes-{key[:8]}.mp3"
    entries = _feed(tmp_path / "out").entries
    assert len(entries) == 2 and len({e.id for e in entries}) == 2
    again = pipeline.build_episode(other, _settings(tmp_path, force=True))  # its own, replaced
    assert again.path == theirs.path and len(_feed(tmp_path / "out").entries) == 2


def test_the_same_article_keeps_its_name_guid_and_number_even_retitled(tmp_path, fake_engine):
    article = _article(tmp_path, "post.md", "First Title")
    first = pipeline.build_episode(article, _settings(tmp_path))
    record = json.loads((tmp_path / "out" / "first-title.episode.json").read_text())
    assert record["source"] == episodes.source_key(str(Path(article).resolve()))
    assert str(tmp_path) not in json.dumps(record)  # the producer's paths are not published
    with pytest.raises(OutputError, match="built from the same article.*--force"):
        pipeline.build_episode(article, _settings(tmp_path))
    _article(tmp_path, "post.md", "A Better Title")
    again = pipeline.build_episode(article, _settings(tmp_path, force=True))
    assert again.path == first.path
    (entry,) = _feed(tmp_path / "out").entries
    assert entry.id == record["guid"] and entry.title == "A Better Title"
    assert entry.itunes_episode == "1"


def test_the_guid_comes_from_the_source_not_the_file_name(tmp_path, fake_engine):
    a = pipeline.build_episode(_article(tmp_path / "a", "x.md", "Same"), _settings(tmp_path / "1"))
    b = pipeline.build_episode(_article(tmp_path / "b", "x.md", "Same"), _settings(tmp_path / "2"))
    assert a.path.name == b.path.name == "same.mp3"  # each alone in its folder
    guid_a = _feed(tmp_path / "1" / "out").entries[0].id
    guid_b = _feed(tmp_path / "2" / "out").entries[0].id
    assert guid_a != guid_b  # the same name, two articles: two guids


def test_a_record_from_before_sources_is_matched_by_its_title(tmp_path, fake_engine):
    article = _article(tmp_path, "ru.md", "Привет мир")
    first = pipeline.build_episode(article, _settings(tmp_path))
    out = first.path.parent
    record = json.loads((out / "privet-mir.episode.json").read_text())
    del record["source"]  # as an older version wrote it, under its old name
    for suffix in (".mp3", ".vtt", ".chapters.json"):
        (out / f"privet-mir{suffix}").rename(out / f"episode{suffix}")
    record.update(slug="episode", audio="episode.mp3", chapters="episode.chapters.json")
    record["transcripts"] = [{"file": "episode.vtt", "type": "text/vtt"}]
    (out / "privet-mir.episode.json").unlink()
    (out / "episode.episode.json").write_text(json.dumps(record))
    again = pipeline.build_episode(article, _settings(tmp_path, force=True))
    assert again.path.name == "episode.mp3"  # published names are kept
    (entry,) = _feed(out).entries
    assert entry.id == record["guid"]


# --- builds at once: real processes ---------------------------------------------------------------


def _start(
    tmp_path: Path, article: str, gate: int | None = None, notify: int | None = None
) -> subprocess.Popen:
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "SLOW_ENGINE_LOG": str(tmp_path / "spoken.log"),
        "SLOW_ENGINE_DELAY": "0",
        "SLOW_ENGINE_GATE_FD": "" if gate is None else str(gate),
        "SLOW_ENGINE_NOTIFY_FD": "" if notify is None else str(notify),
    }
    fds = tuple(fd for fd in (gate, notify) if fd is not None)
    return subprocess.Popen(
        [sys.executable, str(HELPER), "build", article, "-o", "out", "--engine", "slow",
         "--intro", "none", "--base-url", BASE_URL],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=fds,
    )  # fmt: skip


def _held_after_one_clip(tmp_path: Path, article: str) -> tuple[subprocess.Popen, int]:
    """A build that has claimed its name and spoken one clip, held there by its gate: the
    gate's write end is returned; closing it lets the build finish. (The notify pipe stays
    open while it runs: a write to a closed one would fail the build another way.)"""
    gate_read, gate_write = os.pipe()
    notified, notify = os.pipe()
    proc = _start(tmp_path, article, gate=gate_read, notify=notify)
    os.close(gate_read)
    os.close(notify)
    os.write(gate_write, b".")  # one clip, then it waits
    ready, _, _ = select.select([notified], [], [], 120)  # only a guard against a hang
    assert ready and os.read(notified, 1) == b".", "the build never got going"
    _OPEN_PIPES.append(notified)
    return proc, gate_write


_OPEN_PIPES: list[int] = []


@pytest.fixture(autouse=True)
def _close_pipes():
    yield
    while _OPEN_PIPES:
        os.close(_OPEN_PIPES.pop())


def test_two_processes_building_one_title_at_once_keep_both(tmp_path):
    first = _article(tmp_path, "a/river.md", "River Notes", "One article. " * 4)
    second = _article(tmp_path, "b/river.md", "River Notes", "Another article. " * 4)
    held, gate = _held_after_one_clip(tmp_path, first)
    other = _start(tmp_path, second)
    _, stderr = other.communicate(timeout=120)
    assert other.returncode == 0, stderr.decode()
    os.close(gate)  # now the first one finishes, after the second
    _, stderr = held.communicate(timeout=120)
    assert held.returncode == 0, stderr.decode()
    out = tmp_path / "out"
    key = episodes.source_key(str(Path(second).resolve()))
    assert sorted(p.name for p in out.glob("*.mp3")) == [
        "river-notes-" + key[:8] + ".mp3",
        "river-notes.mp3",
    ]
    records = episodes.read_sidecars(out)
    assert {r.audio for r in records} == {p.name for p in out.glob("*.mp3")}
    assert len({e.id for e in _feed(out).entries}) == 2
    assert sorted(r.episode_number for r in records) == [1, 2]


def test_the_same_article_built_twice_at_once_is_refused_cleanly(tmp_path):
    article = _article(tmp_path, "river.md", "River Notes", "One article. " * 4)
    held, gate = _held_after_one_clip(tmp_path, article)
    twin = _start(tmp_path, article)
    _, stderr = twin.communicate(timeout=120)
    os.close(gate)
    held.communicate(timeout=120)
    lines = stderr.decode().strip().splitlines()
    assert twin.returncode == 1 and "Traceback" not in stderr.decode()
    assert lines[-1].startswith("Error: 'River Notes' is being built into out by another build")
    assert held.returncode == 0 and [p.name for p in (tmp_path / "out").glob("*.mp3")] == [
        "river-notes.mp3"
    ]
