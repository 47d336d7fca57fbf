"""Ingest's per-file work gives exactly the outputs it gave before the speed work (issue 21).

Reading, pseudonymisation and segmentation were made faster; nothing they produce may
change. ``data/ingest-golden.json`` holds, per document of the demo corpus, the
pseudonymisation benchmark texts (with the held-apart set) and the test corpus, under
three privacy settings, a SHA-256 of all its outputs: the pseudonymised text, the
replacements (offsets in both texts), the key rows, the segments (offsets, speakers,
lemmas, times), the document fields and the problems reported per file. It was written at commit 83ab966, before any
speed change, and written again when the second round of age and two-sexes rules changed
ten documents' outputs on purpose (the speed work, dumped before and after on top of
those rules, gave the same 2,072 outputs to the byte):

    PYTHONPATH=$PWD .venv/bin/python tests/corpus/test_ingest_golden.py --write

A hash that differs names the document, the settings and the output; ``--dump DIR``
writes the outputs themselves to compare two commits with ``diff -r``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "data" / "ingest-golden.json"
BENCH = REPO / "benchmarks" / "data" / "pseudonymise"
#: the initiatives the pseudonymisation benchmark gives its files (benchmarks/pseudonymise.py)
INITIATIVES = ["Austerlitz Zorgt", "Voorzorgcirkels", "Ontmoetingscentrum Morgenstond", "Laefhoës America", "Liv Inn Hilversum", "De Wulverhorst"]


def _sheet_tasks(folder: Path) -> list[Any]:
    """One task per row of the folder's metadata sheet, fields as ingest builds them."""
    from workbench.corpus.ingest import Task

    with open(folder / "metadata.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    tasks = []
    for row in rows:
        fields: dict[str, Any] = {k: row.get(k, "") for k in ("initiative", "role", "date", "interviewer", "consent", "kind")}
        fields["metadata"] = {}
        tasks.append(Task(folder / row["file"], row["file"], row["file"], "", fields))
    return tasks


def _bench_tasks() -> list[Any]:
    from workbench.corpus.ingest import Task

    files = sorted(BENCH.glob("*.txt")) + sorted((BENCH / "held-apart").glob("*.txt"))
    return [
        Task(p, p.name, p.stem, "", {"initiative": INITIATIVES[i % len(INITIATIVES)], "role": "anders", "date": "2024-01-01", "interviewer": "", "consent": "ja", "kind": "document", "metadata": {}})
        for i, p in enumerate(files)
    ]


def _configs() -> dict[str, tuple[Any, list[Any]]]:
    """name -> (pseudonymiser, tasks): the demo study's own settings, a fresh study's
    defaults, and the other modes (ages replaced, years kept, all dates, places kept)."""
    from workbench.corpus.pseudonymise import Pseudonymiser, initiative_terms, pseudonymiser_for
    from workbench.settings import Settings

    demo = REPO / "corpora" / "demo"
    settings = Settings.from_toml(REPO / "workbench.toml")
    demo_tasks = _sheet_tasks(demo)
    initiatives = sorted({t.fields["initiative"] for t in demo_tasks} - {""})
    test_tasks = _sheet_tasks(REPO / "tests" / "data" / "corpus")
    alt = Pseudonymiser(keep=[*settings.keep_list(), *initiative_terms(initiatives)], keep_places=True, ages="replace", years="keep", dates="all")
    return {
        "demo": (pseudonymiser_for(settings, initiatives), demo_tasks + test_tasks),
        "fresh": (Pseudonymiser(keep=initiative_terms(INITIATIVES)), _bench_tasks() + test_tasks),
        "other-modes": (alt, demo_tasks + _bench_tasks()),
    }


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def outputs() -> dict[str, dict[str, Any]]:
    """'config|document' -> each output of ingest's per-file work, in full."""
    from workbench.corpus import ingest
    from workbench.corpus.readers import ReadOptions

    options = {"read": ReadOptions(), "interviewer_labels": ("Interviewer",), "require_consent": True, "strict": True}
    out: dict[str, dict[str, Any]] = {}
    for name, (pseudonymiser, tasks) in _configs().items():
        ingest._init_worker(options, pseudonymiser.load())
        for task in tasks:
            processed, problems = ingest.process_task(task)
            for p in processed:
                reps = [asdict(r) for r in p.pseudonymised.replacements]
                out[f"{name}|{p.doc_id}"] = {
                    "text": p.text, "replacements": reps, "counts": p.replacements, "key_rows": p.key_rows,
                    "segments": p.segments, "fields": p.fields, "n_words_raw": p.n_words_raw, "content_hash": p.content_hash,
                }
            out[f"{name}|{task.rel}|problems"] = {"problems": [asdict(x) for x in problems]}
    return out


def digests() -> dict[str, str]:
    """'config|document' -> the first 16 hex digits of the SHA-256 of all its outputs."""
    return {doc: _digest(parts)[:16] for doc, parts in outputs().items()}


@pytest.mark.usefixtures("deduce_ready")
def test_outputs_equal_the_golden_ones():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = digests()
    assert sorted(now) == sorted(golden)
    changed = [doc for doc in golden if now[doc] != golden[doc]]
    assert changed == [], "outputs changed (dump both commits with --dump and diff them)"
    assert len(golden) > 2000  # three settings over ~70 files, each survey answer a document


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(digests(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    elif sys.argv[1:2] == ["--dump"]:
        target = Path(sys.argv[2])
        target.mkdir(parents=True, exist_ok=True)
        for doc, parts in outputs().items():
            (target / (doc.replace("/", "~") + ".json")).write_text(json.dumps(parts, indent=1, sort_keys=True, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        sys.exit("use --write or --dump DIR")
