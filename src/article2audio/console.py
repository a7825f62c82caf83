"""What the command line prints: progress on stderr, results as text or JSON on stdout."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import click

from .batch import BatchResult
from .cache import CacheInfo
from .intake import Intake
from .models import Article, Episode, Script
from .parse import Explanation
from .timefmt import chapter_stamp, format_duration


class Progress:
    """Prints 'Speaking n/N' to stderr at most every 10%."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // max(1, total)
        if self.enabled and (tenth != self.last_tenth or done == total):
            self.last_tenth = tenth
            click.echo(f"Speaking {done}/{total} cues ({100 * done // max(1, total)}%)", err=True)


class BatchProgress:
    """One line on stderr per finished article of a batch: how many are done, the audio made
    so far, the rate and the time left (from the rate so far)."""

    def __init__(
        self, total: int, enabled: bool, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.total = total
        self.enabled = enabled
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.audio_ms = 0

    def __call__(self, result: BatchResult) -> None:
        self.done += 1
        if result.episode is not None:
            self.audio_ms += result.episode.duration_ms
        if self.enabled:
            click.echo(self.line(result), err=True)

    def line(self, result: BatchResult) -> str:
        """The progress line after `result`."""
        elapsed = max(self.clock() - self.started, 1e-6)
        per_hour = self.done / elapsed * 3600
        left = (self.total - self.done) * elapsed / self.done
        outcome = "built" if result.episode else "FAILED"
        retried = f", retried {result.retries}x" if result.retries else ""
        return (
            f"[{self.done}/{self.total}] {outcome}: {result.source}{retried} | "
            f"{self.audio_ms / 60000:.1f} audio min, {per_hour:.0f} articles/h, "
            f"ETA {format_duration(round(left * 1000))}"
        )


def _json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def episode_json(episode: Episode) -> dict[str, Any]:
    """An episode as the JSON `build --json` prints."""
    return {
        "path": str(episode.path),
        "title": episode.title,
        "duration": round(episode.duration_ms / 1000, 3),
        "chapters": [
            {"title": c.title, "start": c.start_ms / 1000, "end": c.end_ms / 1000}
            for c in episode.chapters
        ],
        "loudness_lufs": episode.loudness_lufs,
        "stage_seconds": {k: round(v, 3) for k, v in episode.stage_seconds.items()},
        "files": {kind: str(path) for kind, path in episode.extra_files.items()},
    }


def print_episode(episode: Episode, as_json: bool) -> None:
    """One built episode: its file, length and chapters."""
    if as_json:
        _json(episode_json(episode))
        return
    chapters = len(episode.chapters)
    click.echo(f"{episode.path}  {format_duration(episode.duration_ms)}, {chapters} chapters")
    long_form = episode.duration_ms >= 3_600_000
    for chapter in episode.chapters:  # stamped as the show notes stamp them
        click.echo(f"  {chapter_stamp(chapter.start_ms, long_form):>8}  {chapter.title}")


def print_batch(results: list[BatchResult], as_json: bool, already_built: int = 0) -> None:
    """A batch build: one line per article, then how many were built and retried."""
    retries = sum(r.retries for r in results)
    if as_json:
        episodes = [
            {"source": r.source, "retries": r.retries, **episode_json(r.episode)}
            for r in results
            if r.episode
        ]
        failed = [
            {"source": r.source, "error": r.error, "retries": r.retries} for r in results if r.error
        ]
        summary = {"retries": retries, "already_built": already_built}
        _json({"episodes": episodes, "failed": failed, **summary})
        return
    width = max((len(r.source) for r in results), default=0)
    for r in results:
        if r.episode:
            length = format_duration(r.episode.duration_ms)
            done = f"ok      {length:>8}  {len(r.episode.chapters):>3} ch  {r.episode.path}"
        else:
            done = f"FAILED  {r.error}"
        retried = f"  (retried {r.retries}x)" if r.retries else ""
        click.echo(f"{r.source:<{width}}  {done}{retried}")
    ok = sum(r.episode is not None for r in results)
    notes = [f"{retries} retries after lost workers"] if retries else []
    notes += [f"{already_built} feed entries already built"] if already_built else []
    click.echo(f"{ok} of {len(results)} articles built" + "".join(f"; {n}" for n in notes))


def print_intake(intake: Intake, as_json: bool) -> None:
    """A dry run: the articles a build would make, and the feed entries already built."""
    items = [
        {
            "source": item.spec,
            "title": item.entry.title if item.entry else None,
            "date": item.entry.date if item.entry else None,
            "entry_id": item.entry.entry_id if item.entry else None,
            "from": ("feed content" if item.entry.content else "linked page")
            if item.entry
            else "article",
        }
        for item in intake.items
    ]
    if as_json:
        built = [{"entry_id": e.entry_id, "title": e.title} for e in intake.already_built]
        _json({"would_build": items, "already_built": built})
        return
    for item in items:
        date = (item["date"] or "")[:10] or "-"
        click.echo(f"{date:<10}  {item['title'] or item['source']}  ({item['from']})")
    click.echo(f"{len(items)} to build, {len(intake.already_built)} feed entries already built")


def print_sections(
    article: Article, script: Script, explanation: Explanation | None, as_json: bool
) -> None:
    """The chapters an article splits into and the exact text spoken in each; with an
    explanation, how the split was decided (outline, chapter level, drops) too."""
    items = []
    for index, section in enumerate(article.sections):
        spoken = script.section_text(index)
        items.append(
            {
                "title": section.title,
                "level": section.level,
                "subheadings": section.subheadings,
                "words": len(spoken.split()),
                "text": spoken,
            }
        )
    if as_json:
        report: dict[str, object] = {
            "title": article.title,
            "meta": article.meta,
            "sections": items,
        }
        if explanation is not None:
            report["explanation"] = explanation.as_dict()
        _json(report)
        return
    if explanation is not None:
        click.echo(explanation.render())
        click.echo("")
    click.echo(article.title)
    for number, item in enumerate(items, start=1):
        click.echo(f"{number:>3}. {item['title']}  ({item['words']} words)")


def print_voices(listing: list[dict[str, Any]], as_json: bool) -> None:
    """The engines with their voices and languages."""
    if as_json:
        _json(listing)
        return
    for item in listing:
        click.echo(f"{item['engine']}: {item['description']}")
        for voice in item["voices"]:
            click.echo(f"  {voice['name']:<28} {voice['language']:<12} {voice['description']}")


def print_cache_info(info: CacheInfo, as_json: bool) -> None:
    """Where the clip cache is and what it holds."""
    if as_json:
        click.echo(json.dumps(info.as_dict(), indent=2))
        return
    click.echo(f"{info.root}")
    minutes = info.seconds / 60
    click.echo(f"  {info.entries} clips, {info.bytes / 1e6:.1f} MB, {minutes:.1f} min of speech")
    if info.leftovers:
        click.echo(f"  {info.leftovers} unfinished writes (from interrupted builds)")


def print_inspection(report: dict[str, Any], as_json: bool) -> None:
    """An episode's tags, chapters, stream facts, loudness and problems."""
    if as_json:
        _json(report)
        return
    tags = report["tags"]
    stream = "CBR" if report["cbr"] else "VBR"
    lines = [
        f"{report['path']}",
        f"  {tags.get('title') or '(no title)'} — {tags.get('author') or '(no author)'} "
        f"({tags.get('show') or 'no show'})",
        f"  {format_duration(round(report['duration'] * 1000))}, {report['bitrate_kbps']} kbps "
        f"{stream}, {report['sample_rate']} Hz, {report['channels']} channel(s)",
        f"  date {tags.get('date') or '-'}, episode {tags.get('episode') or '-'}, "
        f"cover {'yes' if tags.get('has_cover') else 'no'}",
    ]
    loudness = report.get("loudness")
    if loudness:
        lines.append(
            f"  loudness {loudness['integrated_lufs']} LUFS measured, "
            f"{loudness['heard_lufs']} LUFS heard, true peak {loudness['true_peak_dbtp']} dBTP"
        )
    lines.append(f"  {len(report['chapters'])} chapters:")
    long_form = report["duration"] >= 3600
    lines += [
        f"    {chapter_stamp(round(c['start'] * 1000), long_form):>8}  {c['title']}"
        for c in report["chapters"]
    ]
    lines += [f"  problem: {p}" for p in report["problems"]] or ["  no problems found"]
    click.echo("\n".join(lines))
