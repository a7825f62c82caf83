"""The producer's check before upload: what an episode's tags, chapters and audio really are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mutagen import MutagenError
from mutagen.mp3 import MP3, BitrateMode

from .errors import InputError
from .ffmpeg import measure_loudness
from .loudness import MONO_OFFSET_LU, TARGETS_LUFS
from .tags import read_tags

TRUE_PEAK_LIMIT_DBTP = -1.0
LOUDNESS_TOLERANCE_LU = 1.0


def inspect_episode(path: Path, measure: bool = True) -> dict[str, Any]:
    """Tags, chapters, stream facts and (when `measure`) loudness and true peak of an MP3."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        info: Any = MP3(path).info  # mutagen sets MPEGInfo's fields in __init__ untyped
    except MutagenError as exc:
        raise InputError(f"{path} is not an MP3 file: {exc}") from exc
    tags = _tags_or_none(path)
    report: dict[str, Any] = {
        "path": str(path),
        "duration": round(info.length, 3),
        "bitrate_kbps": round(info.bitrate / 1000),
        "cbr": info.bitrate_mode == BitrateMode.CBR,
        "sample_rate": info.sample_rate,
        "channels": info.channels,
        "tags": {k: v for k, v in tags.items() if k != "chapters"},
        "chapters": [
            {"title": title, "start": start / 1000, "end": end / 1000}
            for title, start, end in tags["chapters"]
        ],
    }
    if measure:
        report["loudness"] = _loudness(path, info.channels)
    report["problems"] = problems(report, round(info.length * 1000))
    return report


def _tags_or_none(path: Path) -> dict[str, Any]:
    """The ID3 fields, or empty ones for an MP3 without an ID3v2 tag (a problem to report)."""
    try:
        return read_tags(path)
    except InputError:
        return {"version": None, "chapters": [], "has_cover": False}


def _loudness(path: Path, channels: int) -> dict[str, float | None]:
    """Integrated loudness as measured, as heard (mono counts as dual-mono) and true peak."""
    measured = measure_loudness(path, true_peak=True)
    heard = measured.integrated + (MONO_OFFSET_LU if channels == 1 else 0.0)
    return {
        "integrated_lufs": round(measured.integrated, 1),
        "heard_lufs": round(heard, 1),
        "true_peak_dbtp": None if measured.true_peak is None else round(measured.true_peak, 1),
    }


def problems(report: dict[str, Any], duration_ms: int) -> list[str]:
    """What a podcast directory or app would object to, in words (empty when all is well)."""
    found = []
    if not report["cbr"]:
        found.append("not constant bit rate")
    if report["sample_rate"] != 44100:
        found.append(f"sample rate {report['sample_rate']} Hz, not 44100")
    tags = report["tags"]
    if tags.get("version") is None:
        found.append("no ID3v2 tag")
    found += [f"no {name} tag" for name in ("title", "author", "show") if not tags.get(name)]
    chapters = report["chapters"]
    if chapters and (chapters[0]["start"] != 0 or round(chapters[-1]["end"] * 1000) != duration_ms):
        found.append("chapters do not run from 0 to the end")
    if any(a["end"] != b["start"] for a, b in zip(chapters, chapters[1:], strict=False)):
        found.append("chapters leave gaps or overlap")
    loudness = report.get("loudness")
    if loudness:
        heard = loudness["heard_lufs"]
        if all(abs(heard - t) > LOUDNESS_TOLERANCE_LU for t in TARGETS_LUFS):
            found.append(f"loudness {heard} LUFS (heard) is off the -16/-19/-14 targets")
        peak = loudness["true_peak_dbtp"]
        if peak is not None and peak > TRUE_PEAK_LIMIT_DBTP:
            found.append(f"true peak {peak} dBTP is above {TRUE_PEAK_LIMIT_DBTP} dBTP")
    return found
