"""`datewire run` at scale: 10k and 100k generated news documents through 1 and 2 worker processes.

    .venv/bin/python benchmarks/scale_benchmark.py [--sizes 10000 100000] [--workers 1 2]
        [--work-dir /tmp/datewire-scale] [--write BENCHMARKS.md] [--profile]

For each size a corpus is generated (benchmarks/make_scale_corpus.py, JSON lines, in the work dir, never
in the repository); for each worker count a fresh warehouse and staging folder are used and the real
command runs as a subprocess: `datewire run CORPUS --workers N --preview 0`. Measured per run:

- wall time, documents/s and input MB/s;
- per stage, from the run's own `timings:` line on stderr: plan, extract+validate (wall clock, all
  batches), the extract and validate time summed over batches, and the load (the one DuckDB
  transaction, clustering and its GX gate included);
- peak RSS per process, sampled every 0.2 s with psutil over the whole process tree (main process,
  fork server, each worker), cross-checked against the peaks the run reports itself
  (getrusage(RUSAGE_SELF) in each process); and the peak of the tree's summed RSS;
- the warehouse's size on disk; and that every document loaded (`documents loaded` = N).

`--profile` adds a cProfile of one batch of the smallest corpus, extracted and validated in this
process, grouped by the pipeline's stages. Results are also written as JSON (work dir/results.json);
`--from-json FILE` renders the report from it without running anything.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.make_scale_corpus import DEFAULT_CORPUS, generate  # noqa: E402
from benchmarks.markdown_sections import emit  # noqa: E402
from benchmarks.scale_dag import render_dag_runs, run_dag_once  # noqa: E402

COMMAND = (".venv/bin/python benchmarks/scale_benchmark.py --dag-parallelism 1 2 --profile "
           "--write BENCHMARKS.md")
TIMINGS = re.compile(
    r"timings: plan (?P<plan>[\d.]+) s, extract\+validate (?P<extract_validate>[\d.]+) s \((?P<where>[^;]+); "
    r"extract (?P<extract>[\d.]+) s, validate (?P<validate>[\d.]+) s summed over batches\), load "
    r"(?P<load>[\d.]+) s; peak RSS: main process (?P<main_rss>\d+) MB(?:, workers (?P<workers_rss>[\d ]+) MB)?")
TARGET_SECONDS, TARGET_SPEEDUP, TARGET_MEMORY_DRIFT, TARGET_TOTAL_MB = 300, 1.8, 0.10, 2048


def parse_timings(stderr: str) -> dict:
    """The run's `timings:` line (pipeline.workers.RunStats.line) as numbers."""
    matches = list(TIMINGS.finditer(stderr))
    if not matches:
        raise ValueError(f"no timings line in the run's stderr:\n{stderr[-2000:]}")
    found = matches[-1].groupdict()
    out = {k: float(found[k]) for k in ("plan", "extract_validate", "extract", "validate", "load")}
    out["main_rss_mb"] = int(found["main_rss"])
    out["workers_rss_mb"] = [int(v) for v in (found["workers_rss"] or "").split()]
    return out


def _role(process, root_pid: int) -> str:
    if process.pid == root_pid:
        return "main"
    command = " ".join(process.cmdline())
    if "forkserver import main" in command:
        # The workers are forks of the fork server and keep its command line; the server's parent is
        # the main process.
        return "fork server" if process.ppid() == root_pid else "worker"
    if "resource_tracker" in command:
        return "resource tracker"
    return "worker"


def run_once(corpus: Path, workers: int, work: Path, batch_bytes: int) -> dict:
    import psutil  # noqa: PLC0415 - installed with Airflow

    target = work / f"w{workers}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(target / "warehouse.duckdb"),
           "DATEWIRE_STAGING": str(target / "staging"), "DATEWIRE_QUALITY": str(target / "quality"),
           "DATEWIRE_BATCH_BYTES": str(batch_bytes)}
    command = [str(REPO_ROOT / ".venv" / "bin" / "datewire"), "run", str(corpus), "--workers", str(workers),
               "--preview", "0"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    with open(target / "stdout.txt", "w") as out, open(target / "stderr.txt", "w") as err:
        process = psutil.Popen(command, env=env, stdout=out, stderr=err)
        peaks: dict[int, tuple[str, int]] = {}
        tree_peak = 0
        while process.poll() is None:
            try:
                members = [process, *process.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            total = 0
            for member in members:
                try:
                    rss = member.memory_info().rss
                    role = peaks.get(member.pid, (None,))[0] or _role(member, process.pid)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += rss
                peaks[member.pid] = (role, max(rss, peaks.get(member.pid, ("", 0))[1]))
            tree_peak = max(tree_peak, total)
            time.sleep(0.2)
    wall = time.monotonic() - started
    stdout, stderr = (target / "stdout.txt").read_text(), (target / "stderr.txt").read_text()
    # Exit status 1: the run finished and turned some inputs away (each with its reason in `rejections`):
    # at 100,000 documents two generated texts were all page furniture. Only 2 (or worse) is a failure.
    if process.returncode not in (0, 1) or not re.search(r"^Run \S+: success", stdout, re.MULTILINE):
        raise RuntimeError(f"datewire run --workers {workers} exited {process.returncode}:\n{stderr[-3000:]}")
    loaded = int(re.search(r"documents loaded\s+(\d+)", stdout).group(1))
    rejected = int(re.search(r"inputs rejected\s+(\d+)", stdout).group(1))
    warehouse_bytes = sum(p.stat().st_size for p in target.glob("warehouse.duckdb*"))
    by_role: dict[str, list[int]] = {}
    for role, rss in peaks.values():
        by_role.setdefault(role, []).append(round(rss / 2**20))
    result = {
        "workers": workers, "wall_seconds": round(wall, 1), "documents_loaded": loaded, "inputs_rejected": rejected,
        "timings": parse_timings(stderr), "peak_rss_mb_by_role": {k: sorted(v) for k, v in by_role.items()},
        "peak_tree_rss_mb": round(tree_peak / 2**20),
        "rusage_children_maxrss_mb": round(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024),
        "warehouse_mb": round(warehouse_bytes / 2**20, 1),
        "summary": stdout.strip().splitlines()[:9],
    }
    shutil.rmtree(target / "staging", ignore_errors=True)
    return result


def profile_one_batch(corpus: Path, work: Path, batch_bytes: int, top: int = 18) -> dict:
    """cProfile of batch 0 of `corpus`, extracted and validated in this process."""
    import cProfile  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    from pipeline import runner  # noqa: PLC0415
    from pipeline.settings import Settings  # noqa: PLC0415
    from pipeline.workers import process_batch  # noqa: PLC0415

    target = work / "profile"
    shutil.rmtree(target, ignore_errors=True)
    settings = Settings(warehouse=target / "warehouse.duckdb", staging_dir=target / "staging",
                        quality_dir=target / "quality", workers=1, batch_bytes=batch_bytes)
    plan = runner.plan_run(settings, [str(corpus)], "profile")
    process_batch(settings, "profile", 0)  # warm: imports and the GX context are a per-process cost
    profiler = cProfile.Profile()
    profiler.enable()
    outcome = process_batch(settings, "profile", 0)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(v[2] for v in stats.stats.values())  # tottime summed = the profiled time

    def cumulative(*needles: str) -> float:
        best = 0.0
        for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
            if any(needle in f"{filename}:{name}" for needle in needles):
                best = max(best, ct)
        return best

    stages = {
        "temporal.tag (the tagger, dateparser included)": cumulative("temporal/__init__.py:tag", "tagger.py:tag"),
        "events (triggers, actors, places)": cumulative("records.py:document_events"),
        "sentences (SentenceIndex)": cumulative("sentences.py:of"),
        "reading inputs": cumulative("inputs.py:read_input"),
        "GX validation (validate_shard)": cumulative("quality.py:validate_shard"),
        "writing Parquet shards": cumulative("staging.py:write_shard"),
    }
    rows = sorted(((ct, tt, f"{Path(f).name}:{line}({name})") for (f, line, name), (_cc, _nc, tt, ct, _c)
                   in stats.stats.items()), reverse=True)
    by_self = sorted(((tt, ct, f"{Path(f).name}:{line}({name})") for (f, line, name), (_cc, _nc, tt, ct, _c)
                      in stats.stats.items()), reverse=True)[:top]
    shutil.rmtree(target, ignore_errors=True)
    return {"documents": outcome.n_inputs, "batches_in_plan": plan.n_batches,
            "extract_seconds": round(outcome.extract_seconds, 2), "validate_seconds": round(outcome.validate_seconds, 2),
            "profiled_seconds": round(total, 2), "stages": {k: round(v, 2) for k, v in stages.items()},
            "top_self": [(round(tt, 2), round(ct, 2), name) for tt, ct, name in by_self],
            "top_cumulative": [(round(ct, 2), round(tt, 2), name) for ct, tt, name in rows[:top]]}


def _command_prefix() -> str:
    """How this benchmark was started, as far as its priority goes: the command line it reports."""
    niceness = os.nice(0)
    return (f"nice -n {niceness} " if niceness > 0 else "") + ".venv/bin/python "


def _priority(machine: dict) -> str:
    # The niceness is read from the process, not assumed: one run's report said `nice -n 10` when it had
    # run at the default priority. Results written before it was recorded ran at nice 10.
    niceness = machine.get("niceness", 10)
    if niceness > 0:
        return f"The whole benchmark ran at `nice -n {niceness}`."
    return "The whole benchmark ran at the default priority (niceness 0)."


def _accounting(results: dict) -> str:
    short = [f"{size['documents']:,} documents, {run['workers']} worker(s): {run['documents_loaded']:,} loaded, "
             f"{run.get('inputs_rejected', 0)} rejected with their reason"
             for size in results["sizes"] for run in size["runs"] if run["documents_loaded"] != size["documents"]]
    if not short:
        return "Every document loaded in every run (`documents loaded` = N)."
    return "Not every document loaded: " + "; ".join(short) + " (`rejections`)."


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(results: dict) -> str:
    machine = results["machine"]
    sizes = " and ".join(f"{s['documents']:,}" for s in results["sizes"])
    lines = [f"## Scale: `datewire run` over {sizes} generated documents, 1 and 2 workers", "",
             f"Command: `{results.get('command', COMMAND)}` (corpus: `benchmarks/make_scale_corpus.py`, JSON lines recombined from the "
             "TimeBank/AQUAINT, ECB+ and ESC sentences of `../shared/corpus`, written to a temporary folder).", "",
             f"Machine: {machine['cpus']} cores, Python {machine['python']}, {machine['when']}. "
             f"{machine.get('note', '**The machine was shared** with four other helper sessions during this run')} (load average "
             f"{machine['load_before']} before, {machine['load_after']} after)"
             + ("." if "note" in machine else "; figures on an idle machine will be better, the speed-up especially, "
                "since the second worker competed for the second core.")
             + f" {_priority(machine)} Batches of about "
             f"{results.get('batch_bytes', 1_000_000) / 1e6:g} MB (`DATEWIRE_BATCH_BYTES`, ~500 documents).", "",
             "| documents | MB in | workers | wall s | docs/s | MB/s | plan s | extract+validate s | "
             "extract s (Σ) | validate s (Σ) | load s | peak RSS main / workers MB | peak tree RSS MB | "
             "warehouse MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size in results["sizes"]:
        for run in size["runs"]:
            t = run["timings"]
            roles = run["peak_rss_mb_by_role"]
            workers_rss = " ".join(str(v) for v in roles.get("worker", [])) or "-"
            lines.append(
                f"| {size['documents']:,} | {size['mb']:.0f} | {run['workers']} | {run['wall_seconds']:.0f} | "
                f"{size['documents'] / run['wall_seconds']:.0f} | {size['mb'] / run['wall_seconds']:.2f} | "
                f"{t['plan']:.1f} | {t['extract_validate']:.0f} | {t['extract']:.0f} | {t['validate']:.0f} | "
                f"{t['load']:.0f} | {max(roles.get('main', [0]))} / {workers_rss} | {run['peak_tree_rss_mb']} | "
                f"{run['warehouse_mb']:.0f} |")
    lines += ["", "Baseline: the `--workers 1` rows (everything in one process, as before this change), measured in "
              "the same run. Σ: summed over batches (with 2 workers, more than the wall clock). Peak RSS is "
              "sampled with psutil every 0.2 s per process; the fork server "
              + ", ".join(f"({size['documents']:,} documents, {run['workers']} workers) "
                          f"{max(run['peak_rss_mb_by_role'].get('fork server', [0]))} MB"
                          for size in results["sizes"] for run in size["runs"] if run["workers"] > 1)
              + " is included in the tree total. " + _accounting(results), ""]

    by = {(s["documents"], r["workers"]): r for s in results["sizes"] for r in s["runs"]}
    largest = max(s["documents"] for s in results["sizes"])
    smallest = min(s["documents"] for s in results["sizes"])
    verdicts = []
    rate = 100_000 / TARGET_SECONDS
    for workers in sorted({r["workers"] for s in results["sizes"] for r in s["runs"]}):
        run = by.get((largest, workers))
        if run:
            verdicts.append(f"- 100,000 documents in under {TARGET_SECONDS} s, i.e. ≥ {rate:.0f} docs/s, with "
                            f"{workers} worker(s): {largest / run['wall_seconds']:.0f} docs/s over {largest:,} "
                            f"documents ({run['wall_seconds']:.0f} s) — "
                            f"{_verdict(largest / run['wall_seconds'] >= rate)}")
    for size in sorted({s["documents"] for s in results["sizes"]}):
        one, two = by.get((size, 1)), by.get((size, 2))
        if one and two:
            speedup = one["wall_seconds"] / two["wall_seconds"]
            ev = one["timings"]["extract_validate"] / two["timings"]["extract_validate"]
            verdicts.append(f"- speed-up from 1 to 2 workers at {size:,} documents ≥ {TARGET_SPEEDUP}×: "
                            f"{speedup:.2f}× on the wall clock ({ev:.2f}× on extract+validate alone) — "
                            f"{_verdict(speedup >= TARGET_SPEEDUP)}")
    for workers in sorted({r["workers"] for s in results["sizes"] for r in s["runs"]}):
        small, large = by.get((smallest, workers)), by.get((largest, workers))
        if small and large and smallest != largest:
            for role in ("main", "worker"):
                a = max(small["peak_rss_mb_by_role"].get(role, [0]))
                b = max(large["peak_rss_mb_by_role"].get(role, [0]))
                if a and b:
                    drift = b / a - 1
                    verdicts.append(f"- peak RSS of the {role} process ({workers} worker(s)) within "
                                    f"{TARGET_MEMORY_DRIFT:.0%} from {smallest:,} to {largest:,}: {a} → {b} MB "
                                    f"({drift:+.0%}) — {_verdict(abs(drift) <= TARGET_MEMORY_DRIFT)}")
    for (size, workers), run in sorted(by.items()):
        if size == largest:
            verdicts.append(f"- whole run under 2 GB ({size:,} documents, {workers} worker(s)): peak tree RSS "
                            f"{run['peak_tree_rss_mb']} MB — {_verdict(run['peak_tree_rss_mb'] < TARGET_TOTAL_MB)}")
    lines += ["Targets (issue 11):", "", *verdicts, ""]

    lines += render_dag_runs(results)
    profile = results.get("profile")
    if profile:
        lines += [f"Profile (`--profile`): one batch of the {smallest:,}-document corpus ({profile['documents']} "
                  f"documents, one of {profile['batches_in_plan']} batches), extracted and validated in one process "
                  f"after a warm-up batch, under cProfile: extract {profile['extract_seconds']} s, validate "
                  f"{profile['validate_seconds']} s. Cumulative time by stage:", "",
                  "| stage | s |", "|---|---|"]
        lines += [f"| {name} | {seconds} |" for name, seconds in profile["stages"].items()]
        lines += ["", "Functions with the most time of their own (self s, cumulative s):", "", "```"]
        lines += [f"{tt:8.2f} {ct:8.2f}  {name}" for tt, ct, name in profile["top_self"][:12]]
        lines += ["```", ""]
    if results.get("analysis"):
        lines += [results["analysis"], ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work-dir", type=Path, help="default: a new temporary folder")
    parser.add_argument("--batch-bytes", type=int, default=1_000_000,
                        help="DATEWIRE_BATCH_BYTES for the runs (default 1 MB: ~500 documents a batch)")
    parser.add_argument("--dag-parallelism", type=int, nargs="*", default=[],
                        help="also run each corpus through the news_events DAG on a running Airflow "
                             "(LocalExecutor) at these parallelism values, e.g. 1 2")
    parser.add_argument("--profile", action="store_true", help="cProfile one batch of the smallest corpus")
    parser.add_argument("--write", type=Path, help="put the report in this file's scale section")
    parser.add_argument("--from-json", type=Path, help="render a results.json of an earlier run")
    parser.add_argument("--machine-note", help="what else ran on the machine, for the report "
                        "(default: that it was shared with four other sessions, as in the first run)")
    parser.add_argument("--analysis", type=Path, help="a Markdown file of notes to append to the section")
    args = parser.parse_args(argv)

    if args.from_json:
        results = json.loads(args.from_json.read_text())
    else:
        if not args.corpus.is_dir():
            print(f"skipped: the shared corpus is not at {args.corpus}", file=sys.stderr)
            return 0
        work = args.work_dir or Path(tempfile.mkdtemp(prefix="datewire-scale-"))
        work.mkdir(parents=True, exist_ok=True)
        results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                               "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "load_before": " ".join(f"{v:.1f}" for v in os.getloadavg()),
                               "niceness": os.nice(0)},
                   "batch_bytes": args.batch_bytes,
                   "command": _command_prefix() + " ".join(["benchmarks/scale_benchmark.py", *(argv or sys.argv[1:])]),
                   "sizes": []}
        for size in sorted(args.sizes):
            corpus = work / f"corpus-{size}"
            shutil.rmtree(corpus, ignore_errors=True)
            made = generate(corpus, size, args.corpus)
            entry = {"documents": size, "mb": made["bytes"] / 1e6, "generated": made, "runs": []}
            results["sizes"].append(entry)
            for workers in args.workers:
                print(f"{size:,} documents, {workers} worker(s)...", file=sys.stderr, flush=True)
                entry["runs"].append(run_once(corpus, workers, work / f"runs-{size}", args.batch_bytes))
                print(json.dumps(entry["runs"][-1]), file=sys.stderr, flush=True)
                (work / "results.json").write_text(json.dumps(results, indent=1))
            entry["dag_runs"] = []
            for parallelism in args.dag_parallelism:
                print(f"{size:,} documents through the DAG, parallelism {parallelism}...", file=sys.stderr, flush=True)
                entry["dag_runs"].append(run_dag_once(corpus, parallelism, work / f"runs-{size}", args.batch_bytes))
                print(json.dumps(entry["dag_runs"][-1]), file=sys.stderr, flush=True)
                (work / "results.json").write_text(json.dumps(results, indent=1))
        if args.profile:
            results["profile"] = profile_one_batch(work / f"corpus-{min(args.sizes)}", work, args.batch_bytes)
        results["machine"]["load_after"] = " ".join(f"{v:.1f}" for v in os.getloadavg())
        (work / "results.json").write_text(json.dumps(results, indent=1))
        print(f"results: {work / 'results.json'}", file=sys.stderr)
    results.setdefault("machine", {}).setdefault("load_after", "?")
    if args.machine_note:
        results["machine"]["note"] = args.machine_note
    if args.analysis:
        results["analysis"] = args.analysis.read_text().strip()
    emit(render(results), "scale", args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
