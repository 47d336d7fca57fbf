"""A fictional coder for the demo's monitor survey, scripted so that ``make demo`` can show a
crosstab and a joint display without anyone coding 700 answers by hand. Stored as the
coder ``fenna``, like a person, so never use this on a real study.

fenna codes every answer of ``enquete/monitor-2025.csv``: a sentence gets each most specific
code one of whose keywords occurs among its lemmas (the rule the demo's coder lian follows
for the interviews). Then it prints the crosstab the study names first in ``[mixed]
crosstabs``.

Example:
    >>> code_monitor(study.store, *study.load_codebook())          # doctest: +SKIP
    412
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from workbench.codebook.model import Codebook
    from workbench.store import Store

from workbench.i18n import add

add("mixed_demo_coded", nl="{coder}: {n} coderingen van de monitor-antwoorden (fictieve codeur, gescript)", en="{coder}: {n} codings of the monitor answers (fictional coder, scripted)")

CODER = "fenna"
MONITOR = "enquete/monitor-2025/"


def code_monitor(store: Store, codebook: Codebook, version: int) -> int:
    """Store fenna's codings of the monitor answers under codebook ``version`` (once: if fenna
    has codings, nothing happens). Returns the number of codings stored.
    ``python -m workbench.apps.demo monitor`` runs it on the study in this folder."""
    from workbench.coding.demo import keyword_forms
    from workbench.coding.events import current_codings
    from workbench.coding.jobs import study_units

    if any(c.coder == CODER for c in current_codings(store)):
        return 0
    forms = keyword_forms(codebook)
    events = []
    for s in study_units(store, "sentence"):
        if not s.doc_id.startswith(MONITOR):
            continue
        lemmas = set(s.lemmas)
        for code in sorted(c for c, f in forms.items() if not f.isdisjoint(lemmas)):
            events.append({"kind": "apply", "doc_id": s.doc_id, "doc_version": s.doc_version, "start": s.start, "end": s.end, "code_id": code,
                           "coder": CODER, "source": "manual", "codebook_version": version})
    store.append_events(events)  # one transaction
    return len(events)
