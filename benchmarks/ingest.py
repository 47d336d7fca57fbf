"""Ingest throughput: read + pseudonymise + segment + store, on >= 1 million words.

    .venv/bin/python benchmarks/ingest.py [--words 1000000] [--workers 2]

Builds a corpus by copying the demo texts (corpora/demo) into a temporary study until
it holds the asked number of words, then prints:

* words per second end to end (wall clock of ``run_ingest``, deduce already loaded
  from its cache, as in any run after ``workbench setup``);
* the same including the one-time start (deduce ~10 s, spaCy ~4 s);
* per-stage throughput on one core (read, pseudonymise, segment) to show which dominates;
* peak memory (resident set) of the parent and of the largest worker.

Figures, not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "corpora" / "demo"


def build_corpus(target_words: int, dest: Path) -> int:
    from workbench.corpus.readers import read_file

    sources = [p for p in sorted(DEMO.rglob("*")) if p.suffix in (".txt", ".md", ".docx", ".vtt", ".srt") and p.is_file()]
    words_per_copy = {p: sum(len(d.text.split()) for d in read_file(p)) for p in sources}
    total_once = sum(words_per_copy.values())
    copies = -(-target_words // total_once)
    rows = [["file", "initiative", "role", "date", "interviewer", "consent", "kind"]]
    total = 0
    for c in range(copies):
        for p in sources:
            rel = Path(f"kopie-{c:03d}") / p.parent.name / p.name
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dest / rel)
            rows.append([rel.as_posix(), p.parent.name, "bewoner", "2024-01-01", "", "ja", ""])
            total += words_per_copy[p]
    with open(dest / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return total


def stage_figures(sample: list[Path]) -> dict[str, float]:
    """Words per second of each stage on one core, on a sample of files."""
    from workbench.corpus.pseudonymise import Pseudonymiser
    from workbench.corpus.readers import read_file
    from workbench.corpus.segment import segment_text
    from workbench.corpus.turns import find_turns

    t = time.perf_counter()
    raws = [d for p in sample for d in read_file(p)]
    read_s = time.perf_counter() - t
    words = sum(len(d.text.split()) for d in raws)
    pseudo = Pseudonymiser(keep=["Austerlitz Zorgt"]).load()
    t = time.perf_counter()
    texts = [pseudo(d.text).text for d in raws]
    pseudo_s = time.perf_counter() - t
    t = time.perf_counter()
    for text in texts:
        segment_text(text, find_turns(text))
    seg_s = time.perf_counter() - t
    return {"read": words / read_s, "pseudonymise": words / pseudo_s, "segment": words / seg_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core, as a Dask LocalCluster; 1 or more: that many (benchmarks/scale.py also runs one process)")
    args = parser.parse_args()

    import os

    from workbench.corpus.ingest import run_ingest
    from workbench.corpus.pseudonymise import load_deduce
    from workbench.corpus.segment import dutch_nlp
    from workbench.settings import Settings
    from workbench.store import Store

    workers = args.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        root = Path(tmp)
        corpus = root / "corpora" / "bench"
        corpus.mkdir(parents=True)
        n_words = build_corpus(args.words, corpus)
        keep = (REPO / "keep-list.txt").read_text(encoding="utf-8")
        (root / "keep-list.txt").write_text(keep, encoding="utf-8")
        (root / "workbench.toml").write_text(
            f'[project]\nname = "bench"\n[corpus]\npaths = ["corpora/bench"]\n[compute]\nworkers = {workers}\n[privacy]\nkeep_file = "keep-list.txt"\n',
            encoding="utf-8",
        )
        settings = Settings.from_toml(root / "workbench.toml")
        t0 = time.perf_counter()
        load_deduce()
        dutch_nlp()
        startup = time.perf_counter() - t0
        store = Store.open(settings.db_path)
        t = time.perf_counter()
        report = run_ingest(settings, store)
        wall = time.perf_counter() - t
        n_docs = report.n_added
        db_mb = settings.db_path.stat().st_size / 1e6
        store.close()
        sample = sorted(corpus.glob("kopie-000/*/*"))
        stages = stage_figures(sample)

    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus:               {n_words:,} words in {n_docs} documents ({report.n_segments:,} segments; database {db_mb:.0f} MB)")
    print(f"workers:              {workers} (a Dask LocalCluster started, and deduce loaded in each worker, inside the timed ingest; see benchmarks/scale.py)")
    print(f"end to end:           {n_words / wall:,.0f} words/s  ({wall:.1f} s for read + pseudonymise + segment + store)")
    target = 40_000
    print(f"target:               {target:,} words/s end to end: {'met' if n_words / wall >= target else 'NOT met'}")
    print(f"with one-time start:  {n_words / (wall + startup):,.0f} words/s  (start {startup:.1f} s: deduce from cache + spaCy)")
    print("per stage, one core:  " + ", ".join(f"{k} {v:,.0f} words/s" for k, v in stages.items()))
    slowest = min(stages, key=stages.get)
    print(f"dominant stage:       {slowest}")
    print(f"peak memory:          parent {self_mb:,.0f} MiB, largest worker {child_mb:,.0f} MiB (resident, shared pages counted in each)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
