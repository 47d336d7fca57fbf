"""One snapshot of what the mixed-methods tables read: current documents, people's codings,
the codebook, the typed variables and the spans co-researchers flagged.

Units: a **document**; a **respondent** (all open answers of one survey respondent; any
other document is its own respondent); an **initiative**. Each table names its unit, and a
variable's value reaches a unit from where it is kept (a respondent's answer reaches each of
their documents; an initiative's property reaches each document of the initiative).

Example:
    >>> data = MixedData.load(study.store, study.settings, codebook)     # doctest: +SKIP
    >>> data.unit_values("hoe_vaak_eenzaam", "respondent")               # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from workbench.errors import MixedError
from workbench.i18n import add, t
from workbench.mixed.variables import BUILT_IN, Variable, is_survey_answer, respondent_key, stored_variables, sync_variables, unknown_variable

if TYPE_CHECKING:  # pragma: no cover
    from workbench.codebook.model import Codebook
    from workbench.coding.events import Coding
    from workbench.corpus.model import Document
    from workbench.settings import Settings
    from workbench.store import Store

UNITS = ("document", "respondent", "initiative")
Span = tuple[str, int, int, int]

add("mixed_unknown_unit", nl="onbekende eenheid '{value}'", en="unknown unit '{value}'")
add("mixed_unknown_unit_fix", nl="kies document, respondent of initiative", en="use document, respondent or initiative")
add("mixed_unit_too_big", nl="'{name}' hoort bij een respondent of document en kan niet per initiatief geteld worden", en="'{name}' belongs to a respondent or document and cannot be counted per initiative")
add("mixed_unit_too_big_fix", nl="gebruik --unit respondent of --unit document", en="use --unit respondent or --unit document")
add("mixed_unknown_code", nl="geen code '{code}' in het codeboek", en="no code '{code}' in the codebook")
add("mixed_unknown_code_fix", nl="zie 'workbench codebook show' voor de codes", en="see 'workbench codebook show' for the codes")


@dataclass
class MixedData:
    """What crosstabs, joint displays and framework matrices read, read once."""

    codebook: Codebook
    documents: list[Document]
    codings: list[Coding]
    variables: dict[str, Variable]
    values: dict[str, dict[tuple[str, str], tuple[str, str | None]]]  # name -> (unit, id) -> (status, value)
    flagged: list[Span] = field(default_factory=list)

    @classmethod
    def load(cls, store: Store, settings: Settings, codebook: Codebook, *, sync: bool = True) -> MixedData:
        """Read a snapshot; with ``sync`` the variables are rebuilt from the corpus first
        (cheap: the documents' columns), so a table never reads stale variables."""
        from workbench.coding.events import current_codings

        if sync:
            sync_variables(store, settings)
        values: dict[str, dict[tuple[str, str], tuple[str, str | None]]] = defaultdict(dict)
        for row in store.variable_values():
            values[row["variable"]][(row["unit"], row["unit_id"])] = (row["status"], row["value"])
        return cls(
            codebook=codebook,
            documents=store.documents(),
            codings=[c for c in current_codings(store) if not c.is_suggestion],
            variables={v.name: v for v in stored_variables(store)},
            values=dict(values),
            flagged=[tuple(s) for s in store.identifying_spans()],  # type: ignore[misc]
        )

    # -- documents and units -------------------------------------------------------
    @cached_property
    def docs(self) -> dict[tuple[str, int], Document]:
        return {(d.id, d.version): d for d in self.documents}

    def unit_id(self, doc: Document, unit: str) -> str | None:
        """The unit a document belongs to."""
        if unit == "document":
            return doc.id
        if unit == "respondent":
            return respondent_key(doc)
        if unit == "initiative":
            return doc.initiative
        raise MixedError(unit, t("mixed_unknown_unit", value=unit), t("mixed_unknown_unit_fix"))

    def variable(self, name: str) -> Variable:
        """A stored variable or a built-in one (initiative, role, kind)."""
        if name in self.variables:
            return self.variables[name]
        if name in BUILT_IN:
            levels = tuple(sorted({str(getattr(d, name)) for d in self.documents if getattr(d, name)}))
            return Variable(name=name, type="categorical", scope="initiative" if name == "initiative" else "document", levels=levels, how='{"k": "mixed_how_builtin", "v": {}}')
        raise unknown_variable(name, [*self.variables, *BUILT_IN])

    def doc_value(self, doc: Document, name: str) -> tuple[str, str | None] | None:
        """(status, value) of a variable for a document; None when the document does not carry it."""
        if name in BUILT_IN and name not in self.variables:
            value = getattr(doc, name)
            return ("answer", str(value)) if value else ("missing", None)
        vals = self.values.get(name, {})
        if is_survey_answer(doc):
            hit = vals.get(("respondent", respondent_key(doc)))
            if hit is not None:
                return hit
        hit = vals.get(("document", doc.id))
        if hit is None and doc.initiative:
            hit = vals.get(("initiative", doc.initiative))
        return hit

    def unit_values(self, name: str, unit: str) -> dict[str, tuple[str, str | None]]:
        """Per unit that carries the variable: (status, value)."""
        var = self.variable(name)
        if unit not in UNITS:
            raise MixedError(unit, t("mixed_unknown_unit", value=unit), t("mixed_unknown_unit_fix"))
        if unit == "initiative" and var.scope != "initiative":
            raise MixedError(name, t("mixed_unit_too_big", name=name), t("mixed_unit_too_big_fix"))
        out: dict[str, tuple[str, str | None]] = {}
        for doc in self.documents:
            value = self.doc_value(doc, name)
            uid = self.unit_id(doc, unit)
            if value is None or uid is None:
                continue
            out.setdefault(uid, value)
        return out

    def unit_docs(self, unit: str) -> dict[str, list[Document]]:
        """Per unit: its current documents."""
        out: dict[str, list[Document]] = defaultdict(list)
        for doc in self.documents:
            uid = self.unit_id(doc, unit)
            if uid is not None:
                out[uid].append(doc)
        return dict(out)

    # -- codes ---------------------------------------------------------------------
    def check_code(self, code: str) -> None:
        if code not in self.codebook:
            import difflib

            close = difflib.get_close_matches(code, list(self.codebook.ids), n=1, cutoff=0.5)
            raise MixedError(code, t("mixed_unknown_code", code=code), t("did_you_mean", names=f"'{close[0]}'") if close else t("mixed_unknown_code_fix"))

    def code_family(self, code: str) -> set[str]:
        """The code and its descendants: a fragment coded with a child counts for its parent."""
        self.check_code(code)
        return {code, *self.codebook.descendants(code)}

    def fragments(self, code: str) -> list[Coding]:
        """People's codings of the code (or a descendant) on current documents, one per span."""
        family = self.code_family(code)
        seen: dict[Span, Coding] = {}
        for c in self.codings:
            if c.code_id in family and (c.doc_id, c.doc_version) in self.docs:
                seen.setdefault(c.span, c)
        return sorted(seen.values(), key=lambda c: c.span)

    def coded_units(self, code: str, unit: str) -> set[str]:
        """The units with at least one fragment of the code."""
        out: set[str] = set()
        for c in self.fragments(code):
            uid = self.unit_id(self.docs[(c.doc_id, c.doc_version)], unit)
            if uid is not None:
                out.add(uid)
        return out

    # -- privacy ---------------------------------------------------------------------
    def is_flagged(self, span: Span) -> bool:
        """True when the span overlaps a quote a co-researcher flagged as identifying."""
        doc, ver, start, end = span
        return any(f[0] == doc and f[1] == ver and f[2] < end and start < f[3] for f in self.flagged)

    def text_of(self, coding: Any) -> str:
        doc = self.docs[(coding.doc_id, coding.doc_version)]
        return doc.text[coding.start : coding.end]
