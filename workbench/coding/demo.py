"""Two fictional coders for the demo study, scripted so that ``make demo`` can show
suggestions and agreement without anyone coding by hand. They are stored as the coders
``lian`` and ``sanne``, like people, so never use this on a real study.

- **lian** codes every interview and experience story (not the survey answers): a
  sentence gets each most specific code (a code without children) one of whose
  keywords occurs among its lemmas; three codes or more on one sentence get a memo.
- **sanne** codes the first interview of each initiative (alphabetically) the same way,
  except that she skips short sentences (fewer than 8 words) for keywords, gives the
  Positieve Gezondheid codes (``pg-*``) only where a pattern matches, and also codes
  every sentence that matches one of a code's patterns (memo: "vaste wending").

Both read the non-interviewer sentences only. The differences between them are the
disagreements ``workbench agreement --coders lian,sanne`` lists.

- **lian** also codes the links (impact pathways, issue 20) that the fictional stories and
  survey answers tell, from a table written by hand (``workbench/data/demo-links.csv``, a
  copy of ``benchmarks/data/demo-links.csv``, the gold standard the link suggester is
  measured against): each row names a document, a passage, the cause and effect codes,
  the sign and the strength; the link's span is the sentences the passage covers.

Example:
    >>> code_demo(study.store, *study.load_codebook())          # doctest: +SKIP
    {'lian': 612, 'sanne': 174}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from workbench.codebook.model import Codebook
    from workbench.store import Store

CODERS = ("lian", "sanne")
SHORT = 8


@dataclass(frozen=True)
class DemoCoding:
    doc_id: str
    doc_version: int
    start: int
    end: int
    code_id: str
    coder: str
    memo: str | None = None
    source: str = "manual"


def demo_documents(doc_ids: Sequence[str]) -> dict[str, list[str]]:
    """Which documents each fictional coder codes."""
    stories = sorted(d for d in doc_ids if not d.startswith("enquete/"))
    first: dict[str, str] = {}
    for d in stories:
        folder, name = d.split("/", 1) if "/" in d else ("", d)
        if name.startswith("interview") and folder not in first:
            first[folder] = d
    return {"lian": stories, "sanne": sorted(first.values())}


def keyword_forms(codebook: Codebook) -> dict[str, set[str]]:
    """Per most specific active code: its keywords as written and as lemmas."""
    from workbench.coding.suggest import variants_all
    from workbench.corpus.segment import lemma_table

    table = lemma_table() if codebook.language == "nl" else None
    return {c.id: variants_all(c.keywords, table) for c in codebook.codes if c.is_active and not c.children and c.keywords}


def demo_codings(codebook: Codebook, sentences: Sequence[Any]) -> list[DemoCoding]:
    """The two coders' codings of the given sentences (deterministic, no store)."""
    forms = keyword_forms(codebook)
    patterns = {c.id: [re.compile(p, re.IGNORECASE) for p in c.patterns] for c in codebook.codes if c.is_active and not c.children and c.patterns}
    docs = demo_documents(sorted({s.doc_id for s in sentences}))
    lian_docs, sanne_docs = set(docs["lian"]), set(docs["sanne"])
    out: list[DemoCoding] = []
    for s in sentences:
        if getattr(s, "is_interviewer", False):
            continue
        lemmas = set(s.lemmas)
        by_keyword = sorted(code for code, f in forms.items() if not f.isdisjoint(lemmas))
        if s.doc_id in lian_docs:
            memo = "veel codes tegelijk: bespreken" if len(by_keyword) >= 3 else None
            out.extend(DemoCoding(s.doc_id, s.doc_version, s.start, s.end, code, "lian", memo) for code in by_keyword)
        if s.doc_id in sanne_docs:
            mine: dict[str, str | None] = {code: None for code in by_keyword if len(s.lemmas) >= SHORT and not code.startswith("pg-")}
            for code, compiled in patterns.items():
                if code not in mine and any(p.search(s.text) for p in compiled):
                    mine[code] = "vaste wending"
            out.extend(DemoCoding(s.doc_id, s.doc_version, s.start, s.end, code, "sanne", memo) for code, memo in sorted(mine.items()))
    return out


def demo_link_rows(path: Path | None = None) -> list[dict[str, str]]:
    """The hand-coded links of the demo (document, quote, cause, effect, sign, strength)."""
    import csv

    from importlib.resources import files

    source = path or Path(str(files("workbench") / "data" / "demo-links.csv"))
    with source.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def find_passage(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``text``, any run of white space matching any other (a
    survey answer's sentences may sit on lines of their own)."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def demo_links(store: Store, rows: Sequence[dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """lian's link events for the hand-coded rows: the span is the sentences the passage covers."""
    out = []
    for row in rows if rows is not None else demo_link_rows():
        doc = store.get_document(row["document"])
        if doc is None:
            continue
        where = find_passage(doc.text, row["quote"])
        if where is None:
            continue
        covered = [s for s in store.segments(doc.id, doc.version, "sentence") if s.start < where[1] and where[0] < s.end]
        start, end = (min(s.start for s in covered), max(s.end for s in covered)) if covered else where
        out.append({
            "kind": "link", "doc_id": doc.id, "doc_version": doc.version, "start": start, "end": end, "cause": row["cause"],
            "effect": row["effect"], "sign": row["sign"] or "more", "strength": row["strength"] or None, "coder": "lian", "source": "manual",
        })
    return out


def code_demo_links(store: Store, version: int) -> int:
    """Store lian's links under codebook ``version`` (once: left alone when she has links). Returns the number stored."""
    if store.current_links(coder="lian"):
        return 0
    events = [dict(e, codebook_version=version) for e in demo_links(store)]
    store.append_link_events(events)
    return len(events)


def code_demo(store: Store, codebook: Codebook, version: int) -> dict[str, int]:
    """Store the fictional coders' codings (and lian's links) in the study's store under codebook
    ``version`` (once: a coder who already has codings is left alone). Returns the number of
    codings stored per coder. ``python -m workbench.apps.demo`` runs it on the study in this folder."""
    from workbench.coding.events import current_codings
    from workbench.coding.jobs import study_units

    done = {c.coder for c in current_codings(store) if c.coder in CODERS}
    todo = [c for c in demo_codings(codebook, study_units(store, "sentence")) if c.coder not in done]
    counts = {coder: 0 for coder in CODERS}
    events = [
        {"kind": "apply", "doc_id": c.doc_id, "doc_version": c.doc_version, "start": c.start, "end": c.end, "code_id": c.code_id,
         "coder": c.coder, "source": "manual", "memo": c.memo, "codebook_version": version}
        for c in todo
    ]
    store.append_events(events)  # one transaction
    for c in todo:
        counts[c.coder] += 1
    code_demo_links(store, version)
    return counts
