"""REFI-QDA project exchange: time to export and import a study, and the file's size.

    .venv/bin/python benchmarks/qdpx.py [--documents 100] [--codings 2000]

Builds a temporary study of that many documents (~1,000 words each, Dutch with
diacritics and an emoji) and codings by three coders, then prints seconds for
``export_qdpx``, for ``import_qdpx`` into an empty study (texts as they are, no
pseudonymisation: that is the ingest's cost, see benchmarks/ingest.py), for importing
the same file again (nothing new), and the size of the .qdpx. The first import includes
loading spaCy for segmentation (a one-time start of several seconds, as in ingest).
Figures, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

SENTENCE = "Sinds de zorgcoöperatie er is voel ik me minder alleen, zegt de bewoner; de vrijwilligers komen elke week langs 👵. "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--codings", type=int, default=2000)
    args = parser.parse_args()

    import workbench as wb
    from conftest import SMALL
    from workbench.coding.events import apply_code
    from workbench.interop.qdpx import export_qdpx, import_qdpx

    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        toml = '[project]\nname = "{}"\nuser = "bench"\n\n[codebook]\npath = "codebooks/codebook.yaml"\n'
        (root / "a" / "codebooks").mkdir(parents=True)
        (root / "a" / "workbench.toml").write_text(toml.format("a"), encoding="utf-8")
        (root / "a" / "codebooks" / "codebook.yaml").write_text(SMALL, encoding="utf-8")
        (root / "b").mkdir()
        (root / "b" / "workbench.toml").write_text(toml.format("b"), encoding="utf-8")
        study = wb.open_study(root / "a")
        text = SENTENCE * 60
        for i in range(args.documents):
            study.store.add_document(
                {"id": f"doc-{i:04d}", "source_path": f"doc-{i}.txt", "source_hash": "x", "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                 "kind": "interview", "consent": 1, "text": text, "n_words": len(text.split()), "initiative": f"Initiatief {i % 6}"},
                [],
            )
        codebook, version = study.load_codebook()
        codes = list(codebook.ids)
        started = time.perf_counter()
        with study.store.transaction():
            for _ in range(args.codings):
                s = rng.randrange(0, len(text) - 200)
                apply_code(study.store, codebook, doc_id=f"doc-{rng.randrange(args.documents):04d}", doc_version=1, start=s, end=s + rng.randrange(20, 200),
                           code_id=rng.choice(codes), coder=rng.choice(["anna", "ben", "cor"]), codebook_version=version)
        coding_s = time.perf_counter() - started
        started = time.perf_counter()
        report = export_qdpx(study, root / "study.qdpx")
        export_s = time.perf_counter() - started
        other = wb.open_study(root / "b")
        started = time.perf_counter()
        imported = import_qdpx(other, root / "study.qdpx", pseudonymise=False)
        import_s = time.perf_counter() - started
        started = time.perf_counter()
        again = import_qdpx(other, root / "study.qdpx", pseudonymise=False)
        again_s = time.perf_counter() - started
        words = args.documents * len(text.split())
        print(f"study: {args.documents} documents, {words:,} words, {report.n_codings} codings by 3 coders (writing them through the coding API: {coding_s:.1f} s)")
        print(f"export_qdpx: {export_s:.1f} s, {(root / 'study.qdpx').stat().st_size / 1e6:.1f} MB")
        print(f"import_qdpx into an empty study: {import_s:.1f} s ({imported.n_codings} codings, {imported.n_added} documents)")
        print(f"import_qdpx of the same file again: {again_s:.1f} s ({again.n_codings} new codings, {again.n_codings_present} present)")
        study.close()
        other.close()


if __name__ == "__main__":
    main()
