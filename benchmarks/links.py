"""Precision and recall of the link suggester (workbench.coding.link_suggest) against links
coded by hand in the demo study (benchmarks/data/demo-links.csv).

What is measured: the suggester needs coded passages, so it runs on the demo study twice,
with two kinds of codings (never with the gold links themselves):

- keywords: every non-interviewer sentence of every document (survey answers too; the demo's
  lian skips those) gets each most specific code one of whose keywords occurs in it, lian's
  rule (what a quick first pass of coding gives);
- factors: the gold links' cause and effect codes on the sentences each link covers, as if
  a person had coded the factors and not yet the links (this isolates the cue rules). The gold covers the documents that were read in full when it was made: the
participants' answers to "wat betekent het initiatief voor u?", the volunteers' answers to
"wat vraagt het van u?" and the Voorzorgcirkels story; suggestions elsewhere are not scored.

- strict: a suggestion is right when a gold link of the same document has the same cause
  and effect and their passages overlap;
- pair: same document, cause and effect (passages ignored);
- pair, either direction: the right two codes, whichever is cause.

Run: PYTHONPATH=. python benchmarks/links.py [study folder]  (default: a fresh copy of the demo)
No public Dutch text set with coded causal links could be found on this offline machine
(the package registries were searched for one); only the demo is measured.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "benchmarks" / "data" / "demo-links.csv"
SCOPE = re.compile(r"^(enquete/enquete-deelnemers-2024/r\d+/wat-betekent-het-initiatief-voor-u|enquete/enquete-vrijwilligers-2024/v\d+/wat-vraagt-het-van-u|voorzorgcirkels/verhaal-01-bewoner)$")


def _demo(folder: Path) -> Path:
    for part in ("corpora", "codebooks"):
        shutil.copytree(REPO / part, folder / part)
    for name in ("keep-list.txt", "workbench.toml"):
        shutil.copy(REPO / name, folder)
    return folder


def score(suggested: list[tuple[str, str, str, int, int]], gold: list[tuple[str, str, str, int, int]], level: str) -> tuple[int, int, int]:
    """(true positives among suggestions, suggestions, gold links found) at one level."""

    def same(s: tuple[str, str, str, int, int], g: tuple[str, str, str, int, int]) -> bool:
        if s[0] != g[0]:
            return False
        if level == "either":
            return {s[1], s[2]} == {g[1], g[2]}
        if (s[1], s[2]) != (g[1], g[2]):
            return False
        return level == "pair" or (s[3] < g[4] and g[3] < s[4])

    tp = sum(any(same(s, g) for g in gold) for s in suggested)
    found = sum(any(same(s, g) for s in suggested) for g in gold)
    return tp, len(suggested), found


class _Link:
    def __init__(self, cause: str, effect: str) -> None:
        self.cause, self.effect = cause, effect


def _keyword_codings(study, version: int) -> list[dict]:
    from workbench.coding.demo import keyword_forms
    from workbench.coding.jobs import study_units

    forms = keyword_forms(study.codebook)
    out = []
    for s in study_units(study, "sentence"):
        lemmas = set(s.lemmas)
        for code in sorted(c for c, f in forms.items() if not f.isdisjoint(lemmas)):
            out.append({"kind": "apply", "doc_id": s.doc_id, "doc_version": s.doc_version, "start": s.start, "end": s.end, "code_id": code,
                        "coder": "keywords", "source": "manual", "codebook_version": version})
    return out


def _factor_codings(study, gold_events: list[dict], version: int) -> list[dict]:
    out = []
    for e in gold_events:
        for s in study.store.segments(e["doc_id"], e["doc_version"], "sentence"):
            if e["start"] <= s.start and s.end <= e["end"]:
                for code in (e["cause"], e["effect"]):
                    out.append({"kind": "apply", "doc_id": s.doc_id, "doc_version": s.doc_version, "start": s.start, "end": s.end, "code_id": code,
                                "coder": "factors", "source": "manual", "codebook_version": version})
    return out


def main() -> None:
    import time

    import workbench as wb
    from workbench.coding.demo import demo_link_rows, demo_links
    from workbench.coding.link_suggest import effect_prior, suggest_links

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(sys.argv[1]) if len(sys.argv) > 1 else _demo(Path(tmp) / "demo")
        with wb.open_study(root) as study:
            if not study.store.count_documents():
                study.ingest(workers=0)
            _, version = study.load_codebook()
            gold_events = demo_links(study.store, demo_link_rows(GOLD))
            gold = [(e["doc_id"], e["cause"], e["effect"], e["start"], e["end"]) for e in gold_events]
            print(f"gold links: {len(gold)} in {len({g[0] for g in gold})} documents (of {len(demo_link_rows(GOLD))} rows)")
            existing = {c.coder for c in study.store.current_codings()}
            if "keywords" not in existing:
                study.store.append_events(_keyword_codings(study, version))
            if "factors" not in existing:
                study.store.append_events(_factor_codings(study, gold_events, version))
            # where neither code's place shows, the suggester goes by which codes people name as
            # effects; here that prior comes from the gold links of the *other* documents
            rows = [(e["doc_id"], e) for e in gold_events]
            docs = [d.id for d in study.store.documents() if SCOPE.match(d.id)]
            for coder in ("keywords", "factors"):
                began = time.perf_counter()
                found = []
                for doc_id in docs:
                    prior = effect_prior([_Link(e["cause"], e["effect"]) for d, e in rows if d != doc_id])
                    found += suggest_links(study, coder=coder, doc_ids=[doc_id], prior=prior)
                seconds = time.perf_counter() - began
                scoped = [(s.doc_id, s.cause, s.effect, s.start, s.end) for s in found]
                print(f"\ncodings: {coder}; {len(scoped)} suggestions in the gold's {len(docs)} documents ({seconds:.1f} s; 2 shared cores, 8 helpers on the machine)")
                for level in ("strict", "pair", "either"):
                    tp, n, hit = score(scoped, gold, level)
                    precision = tp / n if n else 0.0
                    recall = hit / len(gold) if gold else 0.0
                    print(f"  {level:<7} precision {precision:.2f} ({tp}/{n})  recall {recall:.2f} ({hit}/{len(gold)})")


if __name__ == "__main__":
    main()
