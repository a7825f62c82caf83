"""The console script as a user runs it: exit codes, one-line errors, stdout JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cli_runner import run_cli

DATA = Path(__file__).parent / "data"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `article2audio ARGS` as from a shell."""
    return run_cli(*args, cwd=cwd)


def _assert_clean_error(proc: subprocess.CompletedProcess, code: int, words: str) -> None:
    err = proc.stderr
    assert proc.returncode == code, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert words in lines[0]
    assert "Traceback" not in err


def _file(name: str, content: bytes):
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(content)
        return folder / name

    return make


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda d: d / "missing.md", "no such file"),
        (lambda d: d, "no article files"),  # a folder is a batch; an empty one is refused
        (_file("empty.txt", b""), "empty"),
        (_file("blob.txt", bytes(range(256)) * 20), "binary"),
        (_file("title.txt", b"Just A Title\n"), "no text"),
    ],
    ids=["missing", "directory", "empty", "binary", "title-only"],
)
def test_bad_input_is_refused_in_one_line(tmp_path, make, words):
    target = make(tmp_path)
    proc = run("build", str(target), "-o", str(tmp_path / "out"), cwd=tmp_path)
    _assert_clean_error(proc, 2, words)
    assert not list((tmp_path / "out").glob("*.mp3")) if (tmp_path / "out").exists() else True


def test_sections_json_shows_chapters_and_spoken_text(tmp_path):
    proc = run("sections", str(DATA / "short.md"), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["title"] == "Bees in the City"
    titles = [s["title"] for s in result["sections"]]
    assert titles == [
        "Bees in the City",
        "Flowers Everywhere",
        "Fewer Pesticides",
        "What You Can Do",
    ]
    second = result["sections"][1]
    assert second["text"].startswith("Flowers Everywhere")
    assert "three kilometres" in second["text"] and "##" not in second["text"]
    assert second["words"] == len(second["text"].split())
    assert second["level"] == 2


MDX_POST = (
    'import Chart from "./chart"\n\n# Post\n\nIntro words here, more of them.\n\n'
    '## One\n\nFirst part <Chart kind="bar" /> with words.\n\n### Deep\n\nDeeper words.\n\n'
    "## Two\n\nSecond part has words.\n"
)


def test_sections_explain_title_chapter_level_and_mdx_flags(tmp_path):
    (tmp_path / "post.txt").write_text(MDX_POST, encoding="utf-8")
    proc = run(
        "sections", "post.txt", "--format", "mdx", "--title", "My Title", "--chapter-level", "3",
        "--json", "--explain", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["title"] == "My Title"
    assert [s["title"] for s in result["sections"]] == ["My Title", "One", "Deep", "Two"]
    spoken = " ".join(s["text"] for s in result["sections"])
    assert "import" not in spoken and "Chart" not in spoken  # read as MDX, not Markdown
    explanation = result["explanation"]
    assert explanation["format"] == "mdx" and explanation["title_source"] == "--title"
    assert (explanation["chapter_level"], explanation["level_reason"]) == (3, "--chapter-level")
    inferred = run("sections", "post.txt", "--format", "mdx", "--explain", cwd=tmp_path)
    assert "Chapter level: h2 (the shallowest level left" in inferred.stdout
    # the last chapter's words and the closing line (8 words) said after them
    assert inferred.stdout.rstrip().endswith("3. Two  (13 words)")


def test_build_takes_the_chapter_level(tmp_path, fake_engine):
    (tmp_path / "post.mdx").write_text(MDX_POST, encoding="utf-8")
    proc = run(
        "-q", "build", "post.mdx", "-o", "out", "--engine", "fake", "--intro", "none",
        "--chapter-level", "3", "--json", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    chapters = [c["title"] for c in json.loads(proc.stdout)["chapters"]]
    assert chapters == ["Post", "One", "Deep", "Two"]


def test_chapter_level_out_of_range_is_a_usage_error(tmp_path):
    proc = run("sections", str(DATA / "short.md"), "--chapter-level", "7", cwd=tmp_path)
    _assert_clean_error(proc, 2, "chapter-level")


def test_unknown_option_is_a_usage_error(tmp_path):
    proc = run("build", str(DATA / "short.md"), "--bitrate", "7", cwd=tmp_path)
    _assert_clean_error(proc, 2, "bitrate")


def test_missing_voice_file_is_refused(tmp_path):
    proc = run(
        "build",
        str(DATA / "short.md"),
        "--voice",
        str(tmp_path / "nope.onnx"),
        "-o",
        str(tmp_path),
        cwd=tmp_path,
    )
    _assert_clean_error(proc, 2, "voice file not found")
    assert not list(tmp_path.glob("*.mp3"))


def test_unreadable_intro_is_refused_without_output(tmp_path):
    bogus = tmp_path / "intro.mp3"
    bogus.write_text("not audio at all")
    proc = run(
        "build",
        str(DATA / "short.md"),
        "--intro",
        str(bogus),
        "-o",
        str(tmp_path / "out"),
        "--no-cache",
        cwd=tmp_path,
    )
    _assert_clean_error(proc, 2, "intro.mp3")
    assert not list((tmp_path / "out").glob("*.mp3"))
