"""ID3v2.3 tags and chapters on a real MP3, checked with mutagen and with ffmpeg."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import imageio_ffmpeg
import pytest
from mutagen.id3 import ID3, CTOCFlags, PictureType
from mutagen.mp3 import MP3, BitrateMode

from article2audio.errors import AudioError, InputError
from article2audio.models import Chapter
from article2audio.tags import EpisodeTags, read_tags, write_tags

DATA = Path(__file__).parent / "data"
DURATION_MS = 3000  # tests/data/tone.mp3: 3 s of a 440 Hz tone, 96 kbps CBR mono


@pytest.fixture
def mp3(tmp_path: Path) -> Path:
    """A private copy of the tone fixture that a test may write to."""
    path = tmp_path / "episode.mp3"
    shutil.copyfile(DATA / "tone.mp3", path)
    return path


def tiny_png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def twelve_chapters() -> list[Chapter]:
    """Contiguous chapters whose titles vary in length, so a size sort would scramble them."""
    step_ms = DURATION_MS // 12
    return [
        Chapter(
            f"Part {index}: {'word ' * ((index * 7) % 11)}end",
            index * step_ms,
            (index + 1) * step_ms,
        )
        for index in range(12)
    ]


def episode_tags(**overrides: object) -> EpisodeTags:
    """Typical tags for a test episode."""
    values: dict[object, object] = dict(
        title="Why Tides Turn — a primer",
        author="Ada Writer",
        show="Reading Aloud",
        date="2024-05-31",
        description="A short primer on tides.",
        language="eng",
        episode=7,
    )
    values.update(overrides)
    return EpisodeTags(**values)  # type: ignore[arg-type]


def ffmpeg_chapters(path: Path) -> list[tuple[str, int, int]]:
    """Chapters in the order ffmpeg lists them ([CHAPTER] blocks of its ffmetadata output)."""
    result = subprocess.run(
        # -copyts keeps the times as stored; without it ffmpeg shifts them by the
        # stream start (the LAME encoder delay, about 25 ms).
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner",
            "-copyts",
            "-i",
            str(path),
            "-f",
            "ffmetadata",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    blocks = result.stdout.split("[CHAPTER]")[1:]
    chapters = []
    for block in blocks:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        assert fields["TIMEBASE"] == "1/1000"
        chapters.append((fields["title"], int(fields["START"]), int(fields["END"])))
    return chapters


def test_tags_reopen_as_id3v23_with_the_right_values(mp3: Path) -> None:
    write_tags(mp3, episode_tags(), [Chapter("Whole episode", 0, DURATION_MS)], DURATION_MS)

    id3 = ID3(mp3, translate=False)  # the frames as stored, not upgraded to v2.4
    assert id3.version == (2, 3, 0)
    assert str(id3["TIT2"]) == "Why Tides Turn — a primer"
    assert str(id3["TPE1"]) == "Ada Writer"
    assert str(id3["TALB"]) == "Reading Aloud"
    assert str(id3["TCON"]) == "Podcast"
    assert str(id3["TYER"]) == "2024" and str(id3["TDAT"]) == "3105"
    assert str(id3["TRCK"]) == "7"
    assert str(id3["TLAN"]) == "eng"
    assert str(id3["TSSE"]) == "article2audio"
    (comment,) = id3.getall("COMM")
    assert (comment.lang, comment.desc, str(comment)) == ("eng", "", "A short primer on tides.")

    tags = read_tags(mp3)
    assert tags["version"] == (2, 3, 0)
    assert tags["title"] == "Why Tides Turn — a primer"
    assert tags["author"] == "Ada Writer"
    assert tags["show"] == "Reading Aloud"
    assert tags["genre"] == "Podcast"
    assert tags["date"] == "2024-05-31"
    assert tags["comment"] == "A short primer on tides."
    assert tags["chapters"] == [("Whole episode", 0, DURATION_MS)]
    assert tags["has_cover"] is False


def test_audio_and_lame_header_are_untouched(mp3: Path) -> None:
    original = (DATA / "tone.mp3").read_bytes()
    original_audio = original[ID3(DATA / "tone.mp3").size :]

    write_tags(mp3, episode_tags(), twelve_chapters(), DURATION_MS)

    tagged = mp3.read_bytes()
    assert tagged[ID3(mp3).size :] == original_audio
    info = MP3(mp3).info
    assert info.sample_rate == 44100 and info.channels == 1
    assert info.bitrate_mode == BitrateMode.CBR  # read from the Info (LAME) header
    assert info.length == pytest.approx(MP3(DATA / "tone.mp3").info.length)


def test_twelve_chapters_in_ctoc_order_and_in_file_order(mp3: Path) -> None:
    chapters = twelve_chapters()
    expected = [(c.title, c.start_ms, c.end_ms) for c in chapters]

    write_tags(mp3, episode_tags(), chapters, DURATION_MS)

    assert read_tags(mp3)["chapters"] == expected
    (toc,) = ID3(mp3).getall("CTOC")
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    assert toc.child_element_ids == [f"chp{index}" for index in range(12)]
    assert ffmpeg_chapters(mp3) == expected


def test_rewriting_replaces_the_tag(mp3: Path) -> None:
    write_tags(mp3, episode_tags(), twelve_chapters(), DURATION_MS)
    write_tags(
        mp3, episode_tags(title="Second take"), [Chapter("All", 0, DURATION_MS)], DURATION_MS
    )

    assert read_tags(mp3)["title"] == "Second take"
    assert ffmpeg_chapters(mp3) == [("All", 0, DURATION_MS)]


@pytest.mark.parametrize(
    "chapters",
    [
        [Chapter("A", 0, 1000), Chapter("B", 1200, DURATION_MS)],  # gap
        [Chapter("A", 0, 1500), Chapter("B", 1000, DURATION_MS)],  # overlap
        [Chapter("A", 100, 1000), Chapter("B", 1000, DURATION_MS)],  # late first start
        [Chapter("A", 0, 1000), Chapter("B", 1000, 2500)],  # ends before the episode
        [Chapter("A", 0, 0), Chapter("B", 0, DURATION_MS)],  # empty chapter
        [Chapter(" ", 0, DURATION_MS)],  # no title
    ],
    ids=["gap", "overlap", "late-start", "short", "empty", "untitled"],
)
def test_bad_chapter_lists_raise_audio_error(mp3: Path, chapters: list[Chapter]) -> None:
    before = mp3.read_bytes()
    with pytest.raises(AudioError):
        write_tags(mp3, episode_tags(), chapters, DURATION_MS)
    assert mp3.read_bytes() == before


def test_cover_is_a_front_cover_apic(mp3: Path) -> None:
    cover = tiny_png()
    write_tags(mp3, episode_tags(cover=cover), twelve_chapters(), DURATION_MS)

    (picture,) = ID3(mp3).getall("APIC")
    assert picture.type == PictureType.COVER_FRONT == 3
    assert picture.mime == "image/png"
    assert picture.data == cover
    assert read_tags(mp3)["has_cover"] is True
    assert len(ffmpeg_chapters(mp3)) == 12


def test_comment_defaults_to_description_and_can_differ(mp3: Path) -> None:
    write_tags(mp3, episode_tags(comment="Show notes: links below."), [], DURATION_MS)

    id3 = ID3(mp3)
    assert str(id3.getall("COMM")[0]) == "Show notes: links below."
    assert str(id3["TXXX:description"]) == "A short primer on tides."
    assert read_tags(mp3)["chapters"] == []


def test_language_and_date_are_normalized_or_rejected() -> None:
    assert episode_tags(language="en-US").language == "eng"
    assert episode_tags(language="english!").language is None
    assert episode_tags(date="2024").date == "2024"
    with pytest.raises(InputError, match="not a valid date"):
        episode_tags(date="May 31, 2024")
    with pytest.raises(InputError, match="not a valid date"):
        episode_tags(date="2024-02-30")


def test_unknown_cover_format_is_rejected() -> None:
    with pytest.raises(InputError, match="neither JPEG nor PNG"):
        episode_tags(cover=b"GIF89a....")
