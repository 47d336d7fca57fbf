"""Ingest throughput: read + pseudonymise + segment + store, on >= 1 million words.

    .venv/bin/python benchmarks/ingest.py [--words 1000000] [--workers 2]
    .venv/bin/python benchmarks/ingest.py --stages-only --words 300000   # per stage only

Builds a corpus by copying the demo texts (corpora/demo) into a temporary study until
it holds the asked number of words, then prints:

* words per second end to end (wall clock of ``run_ingest``, deduce already loaded
  from its cache, as in any run after ``workbench setup``);
* the same including the one-time start (deduce ~10 s, spaCy ~4 s);
* per-stage throughput on one core (read, pseudonymise, segment) to show which dominates,
  by CPU time of the process (fair on a machine others share) and by wall clock;
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


def words_in(sample: list[Path]) -> int:
    from workbench.corpus.readers import read_file

    return sum(len(d.text.split()) for p in sample for d in read_file(p))


def stage_figures(sample: list[Path]) -> dict[str, tuple[float, float]]:
    """Words per second of each stage on one core, on a sample of files: (by CPU time of
    this process, by wall clock). CPU time is the fairer figure on a shared machine."""
    from workbench.corpus.pseudonymise import Pseudonymiser
    from workbench.corpus.readers import read_file
    from workbench.corpus.segment import dutch_nlp, segment_text
    from workbench.corpus.turns import find_turns

    def timed(step):  # type: ignore[no-untyped-def]
        c, w = time.process_time(), time.perf_counter()
        out = step()
        return out, time.process_time() - c, time.perf_counter() - w

    raws, read_c, read_w = timed(lambda: [d for p in sample for d in read_file(p)])
    words = sum(len(d.text.split()) for d in raws)
    pseudo = Pseudonymiser(keep=["Austerlitz Zorgt"]).load()
    dutch_nlp()
    texts, pseudo_c, pseudo_w = timed(lambda: [pseudo(d.text).text for d in raws])
    _, seg_c, seg_w = timed(lambda: [segment_text(text, find_turns(text)) for text in texts])
    return {
        "read": (words / read_c, words / read_w),
        "pseudonymise": (words / pseudo_c, words / pseudo_w),
        "segment": (words / seg_c, words / seg_w),
        "all three": (words / (read_c + pseudo_c + seg_c), words / (read_w + pseudo_w + seg_w)),
    }


def print_stages(stages: dict[str, tuple[float, float]], n_words: int) -> None:
    print(f"per stage, one core, {n_words:,} words (CPU time; wall clock in brackets):")
    for k, (cpu, wall) in stages.items():
        print(f"  {k:<14} {cpu:>9,.0f} words/s  ({wall:,.0f})")
    slowest = min((k for k in stages if k != "all three"), key=lambda k: stages[k][0])
    print(f"dominant stage:       {slowest}")


def stages_only(n_words: int) -> None:
    """Only the per-stage figures, on a corpus of about ``n_words`` (no store, no workers)."""
    with tempfile.TemporaryDirectory(prefix="wb-bench-") as tmp:
        corpus = Path(tmp)
        total = build_corpus(n_words, corpus)
        print_stages(stage_figures(sorted(corpus.glob("kopie-*/*/*"))), total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core, as a Dask LocalCluster; 1 or more: that many (benchmarks/scale.py also runs one process)")
    parser.add_argument("--stages-only", action="store_true", help="only the per-stage figures on one core, on --words words")
    args = parser.parse_args()
    if args.stages_only:
        stages_only(args.words)
        return

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
        n_sample = words_in(sample)

    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus:               {n_words:,} words in {n_docs} documents ({report.n_segments:,} segments; database {db_mb:.0f} MB)")
    print(f"workers:              {workers} (a Dask LocalCluster started, and deduce loaded in each worker, inside the timed ingest; see benchmarks/scale.py)")
    print(f"end to end:           {n_words / wall:,.0f} words/s  ({wall:.1f} s for read + pseudonymise + segment + store)")
    target = 70_000
    print(f"target:               {target:,} words/s end to end: {'met' if n_words / wall >= target else 'NOT met'}")
    print(f"with one-time start:  {n_words / (wall + startup):,.0f} words/s  (start {startup:.1f} s: deduce from cache + spaCy)")
    print_stages(stages, n_sample)
    print(f"peak memory:          parent {self_mb:,.0f} MiB, largest worker {child_mb:,.0f} MiB (resident, shared pages counted in each)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
