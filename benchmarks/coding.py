"""Coding at the speed of a click: the store with 0 / 10k / 100k / 1M coding events.

    .venv/bin/python benchmarks/coding.py [--events 0,10000,100000,1000000] [--backends sqlite,postgresql]

Copies the demo study into a temporary folder, ingests it once (SQLite), copies that
database to a PostgreSQL server started in a temporary folder (Debian's postgresql
binaries), then for each backend and event count adds coding events in bulk (random
codes by several coders on random sentences, 10% of them suggestions of which some are
accepted) and prints, as the median of several runs:

* apply + refresh: ``study.apply_code`` on a sentence of the largest document, then
  reading the codings that overlap that sentence (what the coding app redraws on a
  click); beside it the same click followed by re-reading the whole document's codings;
* ``study.codings()``: the current codings of the whole study as a DataFrame, read whole
  (a store's first frame; wall and CPU time), after a click (the store's cached frame
  with the clicked document read again; the click itself subtracted), and unchanged;
* bulk insert of 10,000 suggestions in one transaction.

Targets on 2 cores: apply + refresh < 20 ms at 100k events on SQLite; codings() < 200 ms
at 100k; 10,000 suggestions stored in < 1 s. Figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PG_BIN = Path(os.environ.get("WORKBENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))


def median_ms(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def start_postgres(root: Path) -> str:
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import PostgresServer  # the same server the tests start

    server = PostgresServer(root)
    server.start()
    start_postgres.server = server  # type: ignore[attr-defined]
    return server.create_database()


def fill(store, sentences, codes, n: int, seed: int = 1) -> None:
    """Add n events in bulk: 90% people's codings by four coders, 10% suggestions."""
    rng = random.Random(seed)
    batch = []
    people = ["lian", "sanne", "anna", "bram"]
    for i in range(n):
        s = rng.choice(sentences)
        code = rng.choice(codes)
        if rng.random() < 0.1:
            batch.append(dict(kind="apply", doc_id=s.doc_id, doc_version=s.doc_version, start=s.start, end=s.end, code_id=code,
                              coder="suggester:bench@1", source="suggested", confidence=round(rng.random(), 3), rationale="bench"))
        else:
            batch.append(dict(kind="apply", doc_id=s.doc_id, doc_version=s.doc_version, start=s.start, end=s.end, code_id=code,
                              coder=rng.choice(people), source="manual"))
        if len(batch) == 20000:
            store.append_events(batch)
            batch = []
    if batch:
        store.append_events(batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", default="0,10000,100000,1000000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    counts = [int(x) for x in args.events.split(",")]
    backends = args.backends.split(",")

    import workbench as wb
    from workbench.store.copy import copy_store

    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-coding-"))
    study_dir = tmp / "study"
    shutil.copytree(REPO / "corpora", study_dir / "corpora")
    shutil.copytree(REPO / "codebooks", study_dir / "codebooks")
    shutil.copy(REPO / "workbench.toml", study_dir / "workbench.toml")
    shutil.copy(REPO / "keep-list.txt", study_dir / "keep-list.txt")
    base = wb.open_study(study_dir)
    t = time.perf_counter()
    base.ingest()
    print(f"demo study ingested in {time.perf_counter() - t:.1f} s")
    base.close()
    base_db = study_dir / ".workbench" / "workbench.db"
    pristine = tmp / "pristine.db"
    shutil.copy(base_db, pristine)

    print(f"{'backend':<11}{'events':>10}{'apply+refresh ms':>18}{'(whole doc) ms':>16}{'codings() ms':>14}{'(cpu ms)':>10}"
          f"{'after click ms':>16}{'unchanged ms':>14}{'10k suggestions s':>19}")
    for backend in backends:
        for n in counts:
            if backend == "sqlite":
                shutil.copy(pristine, base_db)
                for extra in ("-wal", "-shm"):
                    Path(str(base_db) + extra).unlink(missing_ok=True)
                os.environ.pop("WORKBENCH_STORE_URL", None)
            else:
                if not (PG_BIN / "initdb").exists():
                    print("postgresql: no server binaries, skipped")
                    break
                if not hasattr(start_postgres, "server"):
                    start_postgres(Path(tempfile.mkdtemp(prefix="wb-bench-pg-")))  # its own folder: the server runs as postgres
                url = start_postgres.server.create_database()  # type: ignore[attr-defined]
                copy_store(f"sqlite:///{pristine}", url)
                os.environ["WORKBENCH_STORE_URL"] = url
            study = wb.open_study(study_dir)
            codebook = study.codebook
            codes = [c.id for _, c in codebook.walk() if c.is_active]
            sentences = study.corpus.segments_of("sentence", include_interviewer=True)
            t = time.perf_counter()
            fill(study.store, sentences, codes, n)
            fill_s = time.perf_counter() - t
            largest = max(study.corpus.documents(), key=lambda d: len(d.text))
            doc_sentences = study.corpus.segments(largest.id, unit="sentence")
            rng = random.Random(7)

            def click() -> None:
                """A click as the coding app handles it: store, then redraw the fragment."""
                seg = rng.choice(doc_sentences)
                study.apply_code(seg, rng.choice(codes), coder="klik")
                study.store.current_codings(doc_id=largest.id, doc_version=largest.version, include_suggestions=True, overlapping=(seg.start, seg.end))

            def click_full() -> None:
                """The same click followed by re-reading every coding of the document."""
                seg = rng.choice(doc_sentences)
                study.apply_code(seg, rng.choice(codes), coder="klik")
                study.store.current_codings(doc_id=largest.id, doc_version=largest.version, include_suggestions=True)

            click()  # warm: codebook parsed and cached, connections open
            apply_ms = median_ms(click, 15)
            full_ms = median_ms(click_full, 7)
            n_doc = len(study.store.current_codings(doc_id=largest.id, doc_version=largest.version, include_suggestions=True))
            def cold() -> None:
                """The first frame of a store (a new notebook kernel): every row read."""
                study.store.forget_codings_frames()
                study.codings()

            def after_click() -> None:
                """A click, then the whole study's frame: the cached frame with the
                clicked document's rows read again."""
                click()
                study.codings()

            codings_ms = median_ms(cold, 5)
            after_ms = median_ms(after_click, 7) - apply_ms
            cached_ms = median_ms(lambda: study.codings(), 7)
            cpu = time.process_time()
            cold()
            cold_cpu_ms = (time.process_time() - cpu) * 1000

            def bulk() -> None:
                sugg = rng.choices(sentences, k=10000)
                study.store.append_events([
                    dict(kind="apply", doc_id=s.doc_id, doc_version=s.doc_version, start=s.start, end=s.end, code_id=rng.choice(codes),
                         coder="suggester:bulk@1", source="suggested", confidence=0.5, rationale="bulk")
                    for s in sugg
                ])

            bulk_s = median_ms(bulk, 3) / 1000
            print(f"{backend:<11}{n:>10,}{apply_ms:>18.1f}{full_ms:>16.1f}{codings_ms:>14.0f}{cold_cpu_ms:>10.0f}{after_ms:>16.0f}{cached_ms:>14.1f}{bulk_s:>19.2f}   "
                  f"(filled in {fill_s:.0f} s; the largest document has {n_doc:,} codings)", flush=True)
            study.close()
    if hasattr(start_postgres, "server"):
        start_postgres.server.stop()  # type: ignore[attr-defined]
        shutil.rmtree(start_postgres.server.root, ignore_errors=True)  # type: ignore[attr-defined]
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
