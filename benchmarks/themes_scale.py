"""Themes at scale (issue 21): time and peak memory of ``workbench themes run --unit sentence``
at 10,000 / 100,000 / 1,000,000 sentence segments, the default path against the mini-batch
path, and their quality side by side where both run.

**The corpus** (built once per size under ``$WORKBENCH_SCALE_DIR``, default
``/tmp/wb-themes-scale``): the demo study's sentences (ingested and pseudonymised as a
study does: 4,605 sentences without interviewer turns) and the public Dutch texts in
``benchmarks/data/`` (parliamentary papers in ``pseudonymise/``, the development set's
texts in ``suggest-nl/texts``; split at . ! ?: 547 sentences), 5,152 sentences in all, **repeated
with variation** up to the size: each copy after the first replaces about a quarter of a
sentence's words of 4+ letters by words drawn from the same source document (seeded), so
copies stay on their document's subject; short sentences often come out unchanged (47% of
100,000 and 56% of 1,000,000 sentences repeat an earlier text exactly: measured).
The first copy keeps the source documents; later copies are gathered per initiative into
documents of 50 sentences.

**Time and memory**: each (size, path) runs in a fresh process on a real SQLite study:
``run_themes(store, settings, unit="sentence", clusterer=...)``, i.e. reading the segments
from the store, the fit, and storing the run with every member; the codebook-guided mode
(the default) with the demo codebook, embedding ``tfidf`` (TF-IDF + LSA fitted per run:
nothing precomputed, nothing cached). Reported: CPU seconds of the process
(``time.process_time``, the machine is shared), wall seconds, peak RSS of the process
(``VmHWM``, reset after the imports and spaCy's Dutch pipeline are loaded: loading its
lookup tables alone peaks at ~1.5 GB) and the RSS at that moment (the baseline), so
"peak - baseline" is what the run itself needed.

**Quality** (``--quality``): NMI against the labels and NPMI/diversity of the top 10 words,
default path vs mini-batch path (fit sample = everything, a sample of 5,000 with batches
of 1,000, and a sample of 1,000 with batches of 500) on BBC News (2,225 articles and 10,000 chunks of 16 words, 5 labels;
free themes, k chosen by stability), and on the demo study's sentences against the
fictional coder lian's codes (codebook-guided, as the study runs).

Run: ``nice -n 10 .venv/bin/python benchmarks/themes_scale.py --sizes 10000,100000 [--paths default,minibatch] [--quality]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
WORK = Path(os.environ.get("WORKBENCH_SCALE_DIR", "/tmp/wb-themes-scale"))
DATA = Path(os.environ.get("WORKBENCH_BENCH_DATA", "/work/shared/benchmarks"))
PER_DOC = 50


def demo_study() -> Path:
    """The demo study ingested and coded by the scripted coders (once; as ``make demo``)."""
    root = WORK / "demo"
    if (root / ".ready").exists():
        return root
    import workbench as wb
    from workbench.coding.demo import code_demo

    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    shutil.copy(REPO / "keep-list.txt", root)
    shutil.copy(REPO / "workbench.toml", root)
    with wb.open_study(root) as study:
        study.ingest(workers=1)
        code_demo(study.store, *study.load_codebook())
    (root / ".ready").write_text("ok")
    return root


def base_sentences() -> list[tuple[str, str, str]]:
    """(source document, initiative, sentence) from the demo study and the public Dutch texts."""
    import workbench as wb

    out = []
    with wb.open_study(demo_study()) as study:
        for s in study.store.all_segments("sentence"):
            out.append((s.doc_id, s.initiative or "-", s.text))
    files = sorted((REPO / "benchmarks" / "data" / "pseudonymise").rglob("*.txt")) + sorted((REPO / "benchmarks" / "data" / "suggest-nl" / "texts").glob("*.txt"))
    for path in files:
        text = " ".join(path.read_text(encoding="utf-8").split())
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if len(sentence.split()) >= 3:
                out.append((f"pub-{path.stem}", "publiek", sentence))
    return out


def variant(sentence: str, pool: list[str], rng: random.Random) -> str:
    """A copy of ``sentence`` with about a quarter of its words of 4+ letters replaced by
    words of the same source document."""
    words = sentence.split()
    for i, w in enumerate(words):
        if len(w) >= 4 and w.isalpha() and rng.random() < 0.25:
            words[i] = rng.choice(pool)
    return " ".join(words)


def build(n: int) -> Path:
    """A study folder holding ``n`` sentence segments (see the module's text)."""
    root = WORK / f"n{n}"
    if (root / ".ready").exists():
        return root
    from workbench.store import Store

    base = base_sentences()
    pools: dict[str, list[str]] = {}
    for doc, _, text in base:
        pools.setdefault(doc, []).extend(w for w in text.split() if len(w) >= 4 and w.isalpha())
    shutil.rmtree(root, ignore_errors=True)
    (root / ".workbench").mkdir(parents=True)
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    toml = (REPO / "workbench.toml").read_text(encoding="utf-8")
    (root / "workbench.toml").write_text(toml, encoding="utf-8")
    store = Store.open(root / ".workbench" / "workbench.db")
    rng = random.Random(n)
    made, copy = 0, 0
    while made < n:
        docs: dict[tuple[str, str], list[str]] = {}
        for doc, initiative, text in base[: n - made]:
            # the first copy keeps its documents (a survey answer is one); later copies are
            # gathered per initiative, as an initiative's own reports and monitor answers would be
            docs.setdefault((doc if copy == 0 else initiative, initiative), []).append(text if copy == 0 else variant(text, pools[doc], rng))
        parts = [(f"{doc}~{copy}~{i // PER_DOC}", initiative, sentences[i : i + PER_DOC])
                 for (doc, initiative), sentences in docs.items() for i in range(0, len(sentences), PER_DOC)]
        for i in range(0, len(parts), 500):
            with store.transaction():  # 500 documents a transaction
                for doc_id, initiative, sentences in parts[i : i + 500]:
                    _add(store, doc_id, initiative, sentences)
        made += sum(len(v) for v in docs.values())
        copy += 1
    store.close()
    (root / ".ready").write_text(str(made))
    return root


def _add(store, doc_id: str, initiative: str, sentences: list[str]) -> None:
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append({"unit": "sentence", "start": pos, "end": pos + len(s), "speaker": "R"})
        pos += len(s) + 1
    store.add_document({"id": doc_id, "source_path": doc_id, "source_hash": "x", "content_hash": doc_id, "kind": "document",
                        "initiative": initiative, "role": "bewoner", "consent": 1, "text": text, "n_words": len(text.split())}, spans)


def status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Start the peak RSS afresh (Linux: 5 to clear_refs resets VmHWM): loading spaCy's
    lookup tables peaks at ~1.5 GB and would hide the run's own peak."""
    Path("/proc/self/clear_refs").write_text("5")


def child(root: Path, path: str) -> None:
    """One measured run in this (fresh) process; prints one JSON line."""
    import workbench as wb
    from workbench.corpus.segment import dutch_nlp
    from workbench.themes.model import import_bertopic
    from workbench.themes.runs import run_themes

    import_bertopic()
    dutch_nlp()
    import sklearn.cluster  # noqa: F401
    import gc

    gc.collect()
    reset_peak()
    baseline = status_mb("VmRSS")
    study = wb.open_study(root)
    cpu, wall = time.process_time(), time.perf_counter()
    result = run_themes(study.store, study.settings, unit="sentence", clusterer="minibatch" if path == "minibatch" else "kmeans", seed=42)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    run = study.store.theme_run(result.run_id)
    print(json.dumps({"cpu": cpu, "wall": wall, "peak_mb": status_mb("VmHWM"), "baseline_mb": baseline, "n": run.n_segments, "themes": len(result.model.themes_),
                      "outliers": run.n_outliers, "timings": run.summary.get("timings"), "fit_sample": run.summary.get("fit_sample")}))


def measure(n: int, path: str) -> dict:
    root = build(n)
    out = subprocess.run([sys.executable, __file__, "--child", str(root), "--path", path], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}"}
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- quality, side by side ---------------------------------------------------------------------
VARIANTS = {
    "default (k-means on all rows)": {"clusterer": "kmeans"},
    "mini-batch, fit sample = all": {"clusterer": "minibatch", "fit_sample": 10**9, "batch_size": 1000},
    "mini-batch, sample 5,000, batches of 1,000": {"clusterer": "minibatch", "fit_sample": 5000, "batch_size": 1000},
    "mini-batch, sample 1,000, batches of 500": {"clusterer": "minibatch", "fit_sample": 1000, "batch_size": 500},
}


def labels_by_key(model) -> dict:
    return {r[:4]: r[4] for r in model.member_rows()}


def scored(model, segs, gold, reference) -> dict:
    from sklearn.metrics import normalized_mutual_info_score

    from workbench.themes.quality import diversity, npmi
    from workbench.themes.text import segment_key

    label = labels_by_key(model)
    pairs = [(g, label.get(segment_key(s), -1)) for s, g in zip(segs, gold) if g is not None]
    topics = [list(t.keywords) for t in model.themes_]
    return {"nmi": normalized_mutual_info_score([g for g, _ in pairs], [x for _, x in pairs]), "npmi": npmi(topics, reference) if reference else float("nan"),
            "diversity": diversity(topics), "themes": len(model.themes_), "without": sum(1 for s in segs if label.get(segment_key(s), -1) < 0) / len(segs)}


def compare(name: str, make, segs, gold, reference, seeds=(42, 1, 2)) -> None:
    """Each variant under each seed; mean NMI, NPMI, diversity, themes, CPU seconds."""
    print(f"\n{name}: {len(segs)} segments, {sum(g is not None for g in gold)} with a label", flush=True)
    for variant_name, params in VARIANTS.items():
        rows = []
        for seed in seeds:
            cpu = time.process_time()
            model = make(seed, params).fit(segs)
            rows.append(scored(model, segs, gold, reference) | {"cpu": time.process_time() - cpu})
        m = {k: sum(r[k] for r in rows) / len(rows) for k in rows[0]}
        print(f"  {variant_name:<44} NMI {m['nmi']:.3f}  NPMI {m['npmi']:.3f}  diversity {m['diversity']:.3f}  themes {m['themes']:.1f}  "
              f"without a theme {m['without']:.1%}  CPU {m['cpu']:.1f} s  (seeds {', '.join(map(str, seeds))})", flush=True)


def quality() -> None:
    from themes import Seg, load_bbc

    from workbench.themes.model import TopicModel

    docs = load_bbc()
    with open(DATA / "bbc_news" / "corpus.tsv", encoding="utf-8") as f:
        labels = [row[2] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
    free = lambda seed, p: TopicModel(seed=seed, words="given", min_words=1, **p)  # noqa: E731
    articles = [Seg(f"bbc-{i}", 1, 0, len(" ".join(d)), " ".join(d), tuple(d)) for i, d in enumerate(docs)]
    compare("BBC News articles (free themes, k by stability)", free, articles, labels, docs)
    chunks, gold = [], []
    for i, d in enumerate(docs):
        for j in range(0, len(d) - 15, 16):
            if len(chunks) < 10000:
                chunks.append(Seg(f"bbc-{i}", 1, j, j + 16, " ".join(d[j : j + 16]), tuple(d[j : j + 16])))
                gold.append(labels[i])
    compare("BBC News, chunks of 16 words, label of their article (free themes)", free, chunks, gold, docs)
    demo_quality()


def demo_quality() -> None:
    from collections import Counter

    import workbench as wb
    from workbench.themes.runs import model_from_settings

    with wb.open_study(demo_study()) as study:
        segs = study.store.all_segments("sentence")
        by_doc: dict = {}
        for c in study.store.current_codings():
            if c.coder == "lian" and c.source == "manual":
                by_doc.setdefault((c.doc_id, c.doc_version), []).append(c)
        gold = []
        for s in segs:
            inside = Counter(c.code_id for c in by_doc.get((s.doc_id, s.doc_version), ()) if c.start < s.end and s.start < c.end)
            gold.append(min(inside, key=lambda k: (-inside[k], k)) if inside else None)
        make = lambda seed, p: model_from_settings(study.store, study.settings, seed=seed, **p)  # noqa: E731
        compare("demo study, sentences, codebook-guided (the default mode), against lian's codes", make, segs, gold, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--paths", default="default,minibatch")
    parser.add_argument("--quality", action="store_true", help="only the quality comparison")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child), args.path)
        return
    if args.quality:
        quality()
        return
    print("themes run --unit sentence, codebook-guided, embedding tfidf (TF-IDF + LSA fitted per run); one fresh process per row; "
          "CPU = process time (machine shared); peak = max RSS of the process from after imports + spaCy (reset there); baseline = RSS at that point", flush=True)
    for n in [int(x) for x in args.sizes.split(",")]:
        t = time.perf_counter()
        root = build(n)
        print(f"\n{n:,} sentences: study {root} (built/reused in {time.perf_counter() - t:.0f} s)", flush=True)
        for path in args.paths.split(","):
            r = measure(n, path)
            if "error" in r:
                print(f"  {path:<10} FAILED: {r['error']}", flush=True)
                continue
            steps = ", ".join(f"{k} {v:.1f}" for k, v in (r["timings"] or {}).items() if k != "total")
            print(f"  {path:<10} CPU {r['cpu']:.1f} s  wall {r['wall']:.1f} s  peak {r['peak_mb']:.0f} MB (baseline {r['baseline_mb']:.0f}, run +{r['peak_mb'] - r['baseline_mb']:.0f} MB)  "
                  f"{r['n']:,} segments, {r['themes']} themes, {r['outliers']} without; fit steps (wall s): {steps}", flush=True)


if __name__ == "__main__":
    main()
