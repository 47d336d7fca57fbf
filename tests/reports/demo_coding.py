"""Two fictional coders code the demo study by script, so reports have something to show.

Test data only: the rules stand in for what two people would have coded. "anna" codes
every sentence whose lemmas hit a code's keywords; "bram" codes the same with a small,
deterministic share left out and one neighbouring code swapped, so agreement is below 1.
Also used by benchmarks/reports.py. Only the public API (wb.open_study, workbench.coding.apply_code)
is used, so it keeps working when the store changes underneath.
"""

from __future__ import annotations

import hashlib
from typing import Any


def _pick(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16) % 100


def code_demo(study: Any, *, max_per_document: int = 12) -> int:
    """Apply scripted codings as two coders; returns the number of codings applied."""
    from workbench.coding.events import apply_code

    codebook, version = study.load_codebook()
    keywords = {c.id: set(c.keywords) for c in codebook.codes if c.keywords and c.is_active}
    n = 0
    for doc in study.corpus.documents():
        done = 0
        for seg in study.corpus.segments(doc.id, unit="sentence", include_interviewer=False):
            lemmas = set(seg.lemmas)
            hits = sorted(code for code, words in keywords.items() if lemmas & words)
            for code in hits[:2]:
                apply_code(study.store, codebook, doc_id=seg.doc_id, doc_version=seg.doc_version, start=seg.start, end=seg.end, code_id=code, coder="anna", codebook_version=version)
                n += 1
                if _pick(doc.id, seg.start, code) >= 15:
                    apply_code(study.store, codebook, doc_id=seg.doc_id, doc_version=seg.doc_version, start=seg.start, end=seg.end, code_id=code, coder="bram", codebook_version=version)
                    n += 1
            done += bool(hits)
            if done >= max_per_document:
                break
    return n
