"""Ingest at scale: one process, a Dask LocalCluster of 1 and of 2 workers (and today's pool).

    .venv/bin/python benchmarks/scale.py [--words 10000000] [--runs one,local1,local2]
                                         [--baseline /path/to/a/checkout/before/dask]

Builds one corpus of ``--words`` words by copying the demo texts (corpora/demo: interviews,
stories, in .docx/.txt/.md/.vtt/.srt) and the public Dutch texts of
``benchmarks/data/pseudonymise/`` (policy letters, news, reports), then ingests it into a
fresh study once per way of running, each in a process of its own (so peak memory is
its own), and prints per way:

* words per second end to end (read + pseudonymise + segment + store), without the
  start (deduce and spaCy loaded; for a cluster: its workers started and loaded too), and
  with it;
* the start itself (seconds);
* peak resident memory of the client (this process) and of each worker;
* CPU seconds of the client and of the workers (the machine may be shared: CPU time says
  what the work costs, wall time what a researcher waits).

``--baseline DIR`` also ingests the same corpus with the code in DIR (a checkout from
before ingest ran on Dask, e.g. ``git worktree add ../pool-baseline 83ab966``): its fork
pool of 2 workers, deduce loaded before the fork. Figures, not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "corpora" / "demo"
PUBLIC = REPO / "benchmarks" / "data" / "pseudonymise"
TEXT_TYPES = (".txt", ".md", ".docx", ".vtt", ".srt")


def sources() -> list[tuple[Path, str]]:
    """(file, initiative) of every text copied into the corpus."""
    demo = [(p, p.parent.name) for p in sorted(DEMO.rglob("*")) if p.suffix in TEXT_TYPES and p.is_file() and p.name != "README.md"]
    public = [(p, "publiek") for p in sorted(PUBLIC.glob("*.txt"))]
    return demo + public


def build_corpus(target_words: int, dest: Path) -> tuple[int, int]:
    """Copies of the sources until ``target_words``; (words, files)."""
    from workbench.corpus.readers import read_file

    files = sources()
    words_of = {p: sum(len(d.text.split()) for d in read_file(p)) for p, _ in files}
    rows = [["file", "initiative", "role", "date", "interviewer", "consent", "kind"]]
    total = copy = 0
    while total < target_words:
        for p, initiative in files:
            rel = Path(f"kopie-{copy:04d}") / initiative / p.name
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dest / rel)
            rows.append([rel.as_posix(), initiative, "bewoner", "2024-01-01", "", "ja", ""])
            total += words_of[p]
            if total >= target_words:
                break
        copy += 1
    with open(dest / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return total, len(rows) - 1


def new_study(root: Path, corpus: Path) -> None:
    """A fresh study over ``corpus`` (no database, no key yet)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "keep-list.txt").write_text((REPO / "keep-list.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "workbench.toml").write_text(
        f'[project]\nname = "scale"\n[corpus]\npaths = ["{corpus.as_posix()}"]\n[privacy]\nkeep_file = "keep-list.txt"\n', encoding="utf-8"
    )


def peak_mib() -> float:
    """This process's peak resident memory (MiB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_figures() -> dict[str, float]:
    """Run on each Dask worker: its peak memory and CPU seconds."""
    return {"peak_mib": peak_mib(), "cpu_s": time.process_time()}


def run_one(root: Path) -> dict:
    """One process, no cluster: deduce and spaCy loaded first (the start), then the ingest."""
    from workbench.corpus.ingest import run_ingest
    from workbench.corpus.pseudonymise import load_deduce
    from workbench.corpus.segment import dutch_nlp
    from workbench.settings import Settings
    from workbench.store import Store

    settings = Settings.from_toml(root / "workbench.toml")
    t0 = time.perf_counter()
    load_deduce()
    dutch_nlp()
    start = time.perf_counter() - t0
    with Store.open(settings.db_path) as store:
        t = time.perf_counter()
        report = run_ingest(settings, store, workers=0)
        wall = time.perf_counter() - t
    return {"start_s": start, "wall_s": wall, "docs": report.n_added, "words": report.n_words, "workers": []}


def run_local(root: Path, n: int) -> dict:
    """A LocalCluster of ``n`` processes: started and loaded (the start), then the ingest."""
    from distributed import Client, LocalCluster

    from workbench.corpus.dask_ingest import LoadOnce
    from workbench.corpus.ingest import _options, load_on_worker, run_ingest
    from workbench.corpus.pseudonymise import Pseudonymiser
    from workbench.settings import Settings
    from workbench.store import Store

    settings = Settings.from_toml(root / "workbench.toml")
    t0 = time.perf_counter()
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:
        # deduce and spaCy into each worker now (they stay loaded: the ingest's own plugin finds them)
        client.register_plugin(LoadOnce(load_on_worker, (_options(settings, False), Pseudonymiser())), name="scale-warm-up")
        start = time.perf_counter() - t0
        with Store.open(settings.db_path) as store:
            t = time.perf_counter()
            report = run_ingest(settings, store, client=client)
            wall = time.perf_counter() - t
        workers = list(client.run(worker_figures).values())
    return {"start_s": start, "wall_s": wall, "docs": report.n_added, "words": report.n_words, "workers": workers}


BASELINE = """
import json, resource, sys, time
from pathlib import Path
from workbench.corpus.ingest import run_ingest
from workbench.corpus.pseudonymise import load_deduce
from workbench.corpus.segment import dutch_nlp
from workbench.settings import Settings
from workbench.store import Store
root = Path(sys.argv[1])
settings = Settings.from_toml(root / "workbench.toml")
t0 = time.perf_counter(); load_deduce(); dutch_nlp(); start = time.perf_counter() - t0
store = Store.open(settings.db_path)
t = time.perf_counter(); report = run_ingest(settings, store, workers=2); wall = time.perf_counter() - t
store.close()
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"start_s": start, "wall_s": wall, "docs": report.n_added, "words": report.n_words,
                  "workers": [{"peak_mib": children.ru_maxrss / 1024, "cpu_s": children.ru_utime + children.ru_stime}],
                  "client_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "client_cpu_s": time.process_time()}))
"""


def measure(way: str, root: Path, corpus: Path, baseline: Path | None) -> dict:
    """Ingest the corpus one way, in a process of its own; its figures."""
    new_study(root, corpus)
    env = dict(os.environ)
    if way == "pool":
        env["PYTHONPATH"] = str(baseline)
        cmd = [sys.executable, "-c", BASELINE, str(root)]
    else:
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        cmd = [sys.executable, str(Path(__file__).resolve()), "--way", way, "--study", str(root)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{way} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def show(way: str, f: dict, n_words: int) -> None:
    wall, start = f["wall_s"], f["start_s"]
    workers = f["workers"]
    mem = ", ".join(f"{w['peak_mib']:,.0f}" for w in workers) or "-"
    cpu = sum(w["cpu_s"] for w in workers)
    print(
        f"{way:8} {n_words / wall:>10,.0f} {n_words / (wall + start):>10,.0f} {start:>7.1f} {wall:>8.1f} "
        f"{f['client_mib']:>10,.0f} {mem:>16} {f['client_cpu_s']:>9.1f} {cpu:>9.1f}   {f['docs']} docs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000_000)
    parser.add_argument("--runs", default="one,local1,local2", help="ways to run, comma-separated: one, local1, local2")
    parser.add_argument("--baseline", type=Path, help="a checkout from before Dask: also ingest with its fork pool (2 workers)")
    parser.add_argument("--way", help=argparse.SUPPRESS)  # one run, in this process (the driver starts it)
    parser.add_argument("--study", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.way:
        figures = run_one(args.study) if args.way == "one" else run_local(args.study, int(args.way.removeprefix("local")))
        figures.update(client_mib=peak_mib(), client_cpu_s=time.process_time())
        print(json.dumps(figures))
        return
    ways = [w for w in args.runs.split(",") if w] + (["pool"] if args.baseline else [])
    with tempfile.TemporaryDirectory(prefix="wb-scale-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n_words, n_files = build_corpus(args.words, corpus)
        print(f"corpus: {n_words:,} words in {n_files:,} files (demo texts and public Dutch texts); machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        print(f"{'way':8} {'words/s':>10} {'w/ start':>10} {'start s':>7} {'ingest s':>8} {'client MiB':>10} {'worker MiB':>16} {'client cpu':>9} {'workr cpu':>9}")
        for way in ways:
            show(way, measure(way, Path(tmp) / way, corpus, args.baseline), n_words)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
