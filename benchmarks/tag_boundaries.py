"""How many sentences of the demo study cut a pseudonym tag (unbalanced brackets).

    .venv/bin/python benchmarks/tag_boundaries.py [--study DIR]

Ingests the shipped demo study into a temporary folder (or reads the store of an
ingested ``--study``) and prints: sentences, sentences whose brackets do not balance,
and sentences with a boundary inside a tag ([PERSOON-4], [60-69], [telefoonnummer]).
Issue 18 saw 390 of ~3,900 before tags were kept whole; after, it must be 0.

Figures, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def count(study_dir: Path) -> dict[str, int]:
    import workbench as wb
    from workbench.corpus.tags import tag_around, tag_spans

    out = {"documents": 0, "sentences": 0, "unbalanced": 0, "cut_tags": 0}
    with wb.open_study(study_dir) as study:
        for doc in study.corpus.documents():
            out["documents"] += 1
            tags = tag_spans(doc.text)
            for seg in study.corpus.segments(doc.id, unit="sentence", version=doc.version):
                out["sentences"] += 1
                out["unbalanced"] += seg.text.count("[") != seg.text.count("]")
                out["cut_tags"] += tag_around(tags, seg.start) is not None or tag_around(tags, seg.end) is not None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, default=None, help="an ingested study (default: ingest the demo into a temporary folder)")
    args = parser.parse_args()
    if args.study is not None:
        figures = count(args.study)
    else:
        import workbench as wb

        with tempfile.TemporaryDirectory(prefix="wb-tags-") as tmp:
            root = Path(tmp)
            shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
            shutil.copytree(REPO / "codebooks", root / "codebooks")
            shutil.copy(REPO / "keep-list.txt", root)
            shutil.copy(REPO / "workbench.toml", root)
            with wb.open_study(root) as study:
                study.ingest(workers=0)
            figures = count(root)
    print(f"documents {figures['documents']}, sentences {figures['sentences']}")
    print(f"sentences with unbalanced brackets: {figures['unbalanced']}")
    print(f"sentences with a boundary inside a tag: {figures['cut_tags']}")


if __name__ == "__main__":
    main()
