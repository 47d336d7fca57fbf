"""Codebook-guided themes against people's codes: NMI and the share of texts left without a theme.

Three data sets, each with codes people gave:
- **NHS** patient experience (``/work/shared/benchmarks``; English, ~50 codes): the
  comments with exactly one content code. Codebook: each code's label plus three comments
  people coded with it (its "examples"; those comments are left out of the score).
- **BBC News** (5 labels): codebook = each label plus three example articles' first 40
  words (left out of the score).
- **demo study** (this repository, Dutch, paragraphs): the codebook as shipped (label,
  definition, include, examples: no keywords); people's codes = the fictional coder lian's
  sentence codes, the most frequent per paragraph. Needs ``workbench ingest`` and
  ``python -m workbench.coding.demo`` first (``make demo`` does both).

Per data set: free themes (``TopicModel()``, as before) and codebook-guided themes
(``TopicModel(seeds=...)``), NMI (sklearn, arithmetic) over every scored text (a text
without a theme counts as its own group, as in BERTopic's evaluation), the share without a
theme, the number of themes. For the demo it also names the themes of five stories.

Run: ``nice -n 10 .venv/bin/python benchmarks/themes_guided.py [--skip nhs,bbc,demo] [--seeds 42,1,2]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
DATA = Path(os.environ.get("WORKBENCH_BENCH_DATA", "/work/shared/benchmarks"))

from themes import Seg  # noqa: E402  (the benchmark's Segment-like record)

NOT_CODES = {"Not assigned", "Labelling not possible"}


def english_words(text: str) -> tuple[str, ...]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return tuple(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in ENGLISH_STOP_WORDS)


def nhs(seed: int = 0) -> tuple[list[Seg], list[str], list]:
    import numpy as np
    import pandas as pd

    from workbench.themes.seeds import ThemeSeed

    d = pd.read_csv(DATA / "nhs_patient_experience" / "v6framework_230831.csv")
    cols = list(d.columns)
    codes = [c for c in cols[cols.index("Comment sentiment") + 1 :] if c not in NOT_CODES]
    coded = d[codes].fillna(0).astype(int)
    one = d[(coded.sum(axis=1) == 1) & d["FFT answer"].notna()]
    gold_all = one[codes].fillna(0).astype(int).idxmax(axis=1)
    rng = np.random.default_rng(seed)
    examples: dict[str, list[int]] = {}
    for code, idx in gold_all.groupby(gold_all).groups.items():
        if len(idx) >= 5:
            examples[code] = list(rng.choice(list(idx), size=3, replace=False))
    held = {i for ids in examples.values() for i in ids}
    seeds = []
    for code, ids in examples.items():
        text = code + ". " + " ".join(str(d.loc[i, "FFT answer"]) for i in ids)
        seeds.append(ThemeSeed(code_id=code, label=code, text=text, lemmas=english_words(text)))
    segs, gold = [], []
    for i, row in one.iterrows():
        if i in held:
            continue
        text = str(row["FFT answer"])
        segs.append(Seg(f"nhs-{i}", 1, 0, len(text), text, english_words(text)))
        gold.append(gold_all[i])
    return segs, gold, seeds


def bbc(seed: int = 0) -> tuple[list[Seg], list[str], list]:
    import numpy as np

    from workbench.themes.seeds import ThemeSeed

    rows = list(csv.reader(open(DATA / "bbc_news" / "corpus.tsv", encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_label.setdefault(r[2], []).append(i)
    held = {label: list(rng.choice(ids, size=3, replace=False)) for label, ids in by_label.items()}
    seeds = []
    for label, ids in held.items():
        words = [label] + [w for i in ids for w in rows[i][0].split()[:40]]
        seeds.append(ThemeSeed(code_id=label, label=label, text=" ".join(words), lemmas=tuple(words)))
    skip = {i for ids in held.values() for i in ids}
    segs = [Seg(f"bbc-{i}", 1, 0, len(r[0]), r[0], tuple(r[0].split())) for i, r in enumerate(rows) if i not in skip]
    gold = [r[2] for i, r in enumerate(rows) if i not in skip]
    return segs, gold, seeds


def demo() -> tuple[list, list[str | None], list, object]:
    import workbench as wb
    from workbench.codebook.yaml_io import read_codebook
    from workbench.themes.seeds import seeds_from_codebook

    study = wb.open_study(REPO)
    segs = study.segments("paragraph")
    codings = [c for c in study.store.current_codings() if c.coder == "lian" and c.source == "manual"]
    by_doc: dict[tuple[str, int], list] = {}
    for c in codings:
        by_doc.setdefault((c.doc_id, c.doc_version), []).append(c)
    gold: list[str | None] = []
    for s in segs:
        inside = Counter(c.code_id for c in by_doc.get((s.doc_id, s.doc_version), ()) if c.start < s.end and s.start < c.end)
        gold.append(min(inside, key=lambda k: (-inside[k], k)) if inside else None)
    return segs, gold, seeds_from_codebook(read_codebook(study.settings.codebook_path)), study


def score(model, segs, gold) -> dict:
    from sklearn.metrics import normalized_mutual_info_score

    from workbench.themes.text import segment_key

    label = {segment_key(s): int(x) for s, x in zip(model.segments_, model.labels_)}
    pairs = [(g, label.get(segment_key(s), -1)) for s, g in zip(segs, gold) if g is not None]
    nmi = normalized_mutual_info_score([g for g, _ in pairs], [x for _, x in pairs])
    given = [s for s in segs if not getattr(s, "is_interviewer", False)]
    without = sum(1 for s in given if label.get(segment_key(s), -1) < 0)
    return {"nmi": nmi, "without": without / max(1, len(given)), "n_themes": len(model.themes_), "scored": len(pairs)}


def run(name: str, segs, gold, seeds, seeds_to_try, words: str, extra: dict | None = None) -> dict:
    from workbench.themes.model import TopicModel

    out = {}
    for mode in ("free", "guided"):
        rows = []
        for s in seeds_to_try:
            t = time.perf_counter()
            model = TopicModel(seed=s, words=words, seeds=seeds if mode == "guided" else (), min_words=3 if words == "dutch" else 1, **(extra or {})).fit(segs)
            row = score(model, segs, gold) | {"seconds": time.perf_counter() - t}
            rows.append(row)
            print(f"  {name} {mode:<6} seed {s}: NMI {row['nmi']:.3f}  without a theme {row['without']:.1%}  themes {row['n_themes']}  ({row['seconds']:.1f} s)", flush=True)
        out[mode] = {k: sum(r[k] for r in rows) / len(rows) for k in ("nmi", "without", "n_themes")}
        print(f"{name} {mode}: NMI {out[mode]['nmi']:.3f}  without a theme {out[mode]['without']:.1%}  themes {out[mode]['n_themes']:.1f}", flush=True)
    return out


#: the five stories the demo's initiatives must show, as the codebook names them
DEMO_STORIES = {
    "loneliness (eenzaamheid)": ("eenzaamheid-verbinding", r"eenza|alleen"),
    "reciprocity in the circles (wederkerigheid)": ("wederkerigheid", r"wederkerig|cirkel|iets terug"),
    "transport (vervoer)": ("knelpunt-vervoer", r"vervoer|rijden|auto|regiotaxi|bus"),
    "young and old together": (None, r"jong|student|oud"),
    "the care farm (zorgboerderij)": (None, r"zorgboerderij|boerderij|dieren|koe|kalf|moestuin"),
}


def demo_stories(model) -> None:
    """Which themes carry the five stories: by the code they started from, or by their keywords."""
    for story, (code, pattern) in DEMO_STORIES.items():
        hits = [t for t in model.themes_ if (code and t.code_id == code) or any(re.search(pattern, w) for w in t.keywords[:5])]
        shown = "; ".join(f"{t.id} [{t.code_id or 'new'}] {', '.join(t.keywords[:6])} ({t.size})" for t in hits) or "MISSED"
        print(f"  {story}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip", default="")
    parser.add_argument("--seeds", default="42,1,2")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    seeds_to_try = [int(s) for s in args.seeds.split(",")]
    if "nhs" not in skip:
        segs, gold, seeds = nhs()
        print(f"NHS: {len(segs)} comments with one code, {len(seeds)} codes as seeds", flush=True)
        run("NHS", segs, gold, seeds, seeds_to_try, "given")
    if "bbc" not in skip:
        segs, gold, seeds = bbc()
        print(f"BBC News: {len(segs)} articles, {len(seeds)} labels as seeds", flush=True)
        run("BBC", segs, gold, seeds, seeds_to_try, "given")
    if "demo" not in skip:
        from workbench.themes.model import TopicModel
        from workbench.themes.runs import study_names

        segs, gold, seeds, study = demo()
        print(f"demo: {len(segs)} paragraphs, {sum(g is not None for g in gold)} with a code of lian's, {len(seeds)} codes as seeds", flush=True)
        names = tuple(study_names(study.store))
        run("demo", segs, gold, seeds, seeds_to_try, "dutch", {"extra_stop_words": names})
        model = TopicModel(seed=42, seeds=seeds, extra_stop_words=names).fit(segs)
        print("demo, guided, seed 42: the five stories")
        demo_stories(model)


if __name__ == "__main__":
    main()
