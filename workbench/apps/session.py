"""A coder's session over a study: which document and fragment is open, which fragments
a filter keeps, which codes and suggestions the fragment has, and the actions on it.

The coding app (:mod:`workbench.apps.coding`) is a view over this class; every action is
one call into :class:`workbench.study.Study` and so into the store, at once. Nothing
that matters lives here between calls: the position is stored at every move, so a new
session (a restarted kernel, another browser tab) opens where the coder left off.

Example:
    >>> s = CodingSession(study, "lian")               # doctest: +SKIP
    >>> s.toggle("wederkerigheid", True)               # codes the selected sentence  # doctest: +SKIP
    >>> s.next()                                       # doctest: +SKIP
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from workbench.corpus.tags import TAG
from workbench.errors import CodingError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.coding.events import Coding
    from workbench.corpus.model import Document, DocumentInfo, Segment
    from workbench.study import Study

STATUSES = ("all", "uncoded", "suggested", "disagreement")
#: what a mouse selection is widened to: a pseudonym as a whole, or a word
WORD = re.compile(TAG.pattern + r"|\w+")  # a tag ([PERSOON-5], [60-69], [telefoonnummer]) is one word

add("session_no_documents", nl="geen documenten bij deze filters", en="no documents match these filters")
add("session_no_documents_fix", nl="kies een ander initiatief of andere rol", en="choose another initiative or role")
add("session_memo_needs_code", nl="dit fragment heeft nog geen code van {coder}", en="{coder} has not coded this fragment yet")
add("session_memo_needs_code_fix", nl="vink eerst een code aan, schrijf dan de memo", en="tick a code first, then write the memo")
add("session_other_coder", nl="kies de andere codeur om verschillen te zien", en="choose the other coder to see disagreements")
add("session_other_coder_fix", nl="bijvoorbeeld other='sanne'", en="e.g. other='sanne'")


@dataclass(frozen=True)
class Fragment:
    """The selected stretch of a document: a unit (sentence or turn) or a free span."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    unit: str  # sentence, turn, or span (chosen with the mouse)


class CodingSession:
    """One coder on one study. See the module docstring."""

    def __init__(self, study: Study, coder: str, *, unit: str = "sentence") -> None:
        from workbench.corpus.model import canonical_unit

        self.study = study
        self.coder = coder
        self.unit = canonical_unit(unit)
        self.initiative: str | None = None
        self.role: str | None = None
        self.code: str | None = None
        self.status = "all"
        self.other: str | None = None
        self._disagreements: set[tuple[str, int, int]] | None = None
        self.documents: list[DocumentInfo] = []
        self.doc: Document | None = None
        self.units: list[Segment] = []
        self.turns: list[Segment] = []
        self.codings: list[Coding] = []
        self.fragment: Fragment | None = None
        self.codebook, _ = study.load_codebook()
        self._study_progress = study.progress(coder, unit=self.unit)
        self._refresh_documents()
        pos = study.position(coder)
        if pos is not None and any(d.id == pos.doc_id for d in self.documents):
            self.open(pos.doc_id, pos.start, pos.end, unit=pos.unit)
        elif self.documents:
            self.open(self.documents[0].id)

    # -- documents and filters -------------------------------------------------------------
    def _refresh_documents(self) -> None:
        infos = self.study.store.document_infos(initiative=self.initiative, counts=False)
        self.documents = [d for d in infos if self.role is None or (d.role or "") == self.role]

    def set_filters(self, *, initiative: Any = ..., role: Any = ..., code: Any = ..., status: Any = ..., other: Any = ...) -> None:
        """Change filters (``...`` leaves one as it is); the document list follows, and a
        document outside it is left for the first one inside."""
        if status == "disagreement" and not (self.other if other is ... else other):
            raise CodingError(None, t("session_other_coder"), t("session_other_coder_fix"))  # before anything changes
        if initiative is not ...:
            self.initiative = initiative or None
        if role is not ...:
            self.role = role or None
        if code is not ...:
            self.code = code or None
        if other is not ...:
            self.other = other or None
            self._disagreements = None
        if status is not ...:
            if status not in STATUSES:
                from workbench.errors import UnknownChoiceError

                raise UnknownChoiceError(None, t("unknown_choice", value=status, option="status"), t("unknown_choice_fix", valid=", ".join(STATUSES)))
            self.status = status
        if self.status == "disagreement" and not self.other:  # the other coder was cleared: show everything again
            self.status = "all"
        self._refresh_documents()
        if not self.documents:
            raise CodingError(None, t("session_no_documents"), t("session_no_documents_fix"))
        if self.doc is None or not any(d.id == self.doc.id for d in self.documents):
            self.open(self.documents[0].id)
        keep = self.matching()
        f = self.fragment
        if f is not None and any((u.start, u.end) == (f.start, f.end) for u in keep):
            return
        if keep:
            self.select(keep[0].start, keep[0].end)
        else:
            self.next_document()

    def initiatives(self) -> list[str]:
        return self.study.store.initiatives()

    def roles(self) -> list[str]:
        return sorted({d.role for d in self.study.store.document_infos(counts=False) if d.role})

    # -- opening and moving ----------------------------------------------------------------
    def open(self, doc_id: str, start: int | None = None, end: int | None = None, *, unit: str | None = None) -> None:
        """Open a document; select the given span, else the first fragment the filters keep."""
        self._load(doc_id)
        assert self.doc is not None
        if start is not None and end is not None and 0 <= start < end <= len(self.doc.text):
            self.select(start, end, unit=unit or self.unit)
            return
        keep = self.matching()
        first = keep[0] if keep else (self.units[0] if self.units else None)
        if first is not None:
            self.select(first.start, first.end)
        else:
            self.fragment = None

    def _load(self, doc_id: str) -> None:
        self.doc = self.study.corpus.get(doc_id)
        segs = self.study.store.segments(self.doc.id, self.doc.version)
        self.turns = [s for s in segs if s.unit == "turn"]
        self.units = [s for s in segs if s.unit == self.unit] or [s for s in segs if s.unit == "paragraph"]
        self._reload()

    def _reload(self) -> None:
        assert self.doc is not None
        self.codings = self.study.store.current_codings(doc_id=self.doc.id, doc_version=self.doc.version, include_suggestions=True)

    def select(self, start: int, end: int, *, unit: str | None = None) -> Fragment:
        """Select a stretch (a unit, or a free span: ``unit="span"``) and store the position."""
        assert self.doc is not None
        self._reload()  # suggestions or another coder's work may have arrived meanwhile
        if unit is None:
            unit = self.unit if any(u.start == start and u.end == end for u in self.units) else "span"
        self.fragment = Fragment(self.doc.id, self.doc.version, start, end, unit)
        self.study.save_position(self.fragment, unit=unit, coder=self.coder)
        return self.fragment

    def select_span(self, start: int, end: int) -> Fragment | None:
        """A stretch chosen with the mouse, widened to whole words (and whole pseudonyms
        such as ``[PERSOON-5]``) and trimmed of white space at both ends."""
        assert self.doc is not None
        text = self.doc.text
        start, end = max(0, int(start)), min(len(text), int(end))
        lo = max(0, start - 60)
        for m in WORD.finditer(text, lo, min(len(text), end + 60)):
            if m.start() < start < m.end():
                start = m.start()
            if m.start() < end < m.end():
                end = m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        return self.select(start, end)

    def select_at(self, offset: int) -> Fragment | None:
        """Select the unit that holds a character offset (a click in the text)."""
        i = bisect_right([u.start for u in self.units], offset) - 1
        if i >= 0 and self.units[i].start <= offset < self.units[i].end:
            return self.select(self.units[i].start, self.units[i].end)
        return None

    def next(self, step: int = 1) -> Fragment | None:
        """The next (``step=-1``: previous) fragment the filters keep; past the last one of
        the document, the first of the next document that has one."""
        keep = self.matching()
        here = self.fragment.start if self.fragment is not None else -1
        after = [u for u in keep if (u.start > here if step > 0 else u.start < here)]
        if after:
            target = after[0] if step > 0 else after[-1]
            return self.select(target.start, target.end)
        return self.next_document(step, last=step < 0)

    def previous(self) -> Fragment | None:
        return self.next(-1)

    def next_document(self, step: int = 1, *, last: bool = False) -> Fragment | None:
        """Open the next (previous) document in the list that has a fragment the filters keep."""
        ids = [d.id for d in self.documents]
        if self.doc is None or not ids:
            return None
        i = ids.index(self.doc.id) if self.doc.id in ids else -1
        here = self.fragment
        wanted = {d for d, _, _ in self.disagreements()} if self.status == "disagreement" else None
        for j in range(i + step, len(ids) if step > 0 else -1, step):
            if wanted is not None and ids[j] not in wanted:
                continue
            self._load(ids[j])  # no position stored while looking
            keep = self.matching()
            if keep:
                target = keep[-1] if last else keep[0]
                return self.select(target.start, target.end)
        self._load(ids[i] if i >= 0 else ids[0])  # nothing further: stay
        self.fragment = here
        return self.fragment

    def previous_document(self) -> Fragment | None:
        return self.next_document(-1)

    # -- what the filters keep ------------------------------------------------------------------
    def matching(self) -> list[Segment]:
        """The units of the open document that the filters keep (interviewer turns left out)."""
        from workbench.coding.manual import covered

        assert self.doc is not None
        units = [u for u in self.units if not u.is_interviewer]
        mine = [(c.start, c.end) for c in self.codings if c.coder == self.coder and not c.is_suggestion]
        if self.status == "uncoded":
            done = covered(units, mine)
            units = [u for i, u in enumerate(units) if i not in done]
        elif self.status == "suggested":
            pending = covered(units, [(c.start, c.end) for c in self.codings if c.is_suggestion])
            units = [u for i, u in enumerate(units) if i in pending]
        elif self.status == "disagreement":
            differ = self.disagreements()
            units = [u for u in units if (u.doc_id, u.start, u.end) in differ]
        if self.code:
            codes = {self.code, *self.codebook.descendants(self.code)} if self.code in self.codebook else {self.code}
            hit = covered(units, [(c.start, c.end) for c in self.codings if c.code_id in codes])
            units = [u for i, u in enumerate(units) if i in hit]
        return units

    def disagreements(self) -> set[tuple[str, int, int]]:
        """(doc_id, start, end) of the units where this coder and ``other`` differ
        (:mod:`workbench.coding.agreement`), computed once per choice of ``other``."""
        if self._disagreements is None:
            if not self.other:
                return set()
            result = self.study.agreement([self.coder, self.other], unit=self.unit if self.unit != "paragraph" else "sentence", suggester=None)
            frame = result.disagreements
            self._disagreements = {(r.doc_id, int(r.start), int(r.end)) for r in frame.itertuples()}
        return self._disagreements

    # -- the selected fragment -------------------------------------------------------------------
    def _here(self, c: Coding) -> bool:
        f = self.fragment
        return f is not None and (c.start, c.end) == (f.start, f.end)

    def codes_here(self) -> set[str]:
        """The codes this coder gave the selected fragment."""
        return {c.code_id for c in self.codings if self._here(c) and c.coder == self.coder and not c.is_suggestion}

    def suggestions_here(self) -> list[Coding]:
        """Pending suggestions on the selected fragment, most confident first (one per code)."""
        best: dict[str, Coding] = {}
        for c in self.codings:
            if self._here(c) and c.is_suggestion and c.code_id not in self.codes_here():
                if c.code_id not in best or (c.confidence or 0) > (best[c.code_id].confidence or 0):
                    best[c.code_id] = c
        return sorted(best.values(), key=lambda c: -(c.confidence or 0))

    def memo_here(self) -> str:
        memos = [c.memo for c in self.codings if self._here(c) and c.coder == self.coder and not c.is_suggestion and c.memo]
        return memos[0] if memos else ""

    def speaker_here(self) -> str | None:
        if self.fragment is None:
            return None
        i = bisect_right([s.start for s in self.turns], self.fragment.start) - 1
        return self.turns[i].speaker if i >= 0 and self.turns[i].end > self.fragment.start else None

    # -- actions: one call each into the study ------------------------------------------------
    def toggle(self, code_id: str, on: bool) -> None:
        """Tick (apply) or untick (remove) a code on the selected fragment."""
        assert self.fragment is not None
        if on and code_id not in self.codes_here():
            self.study.apply_code(cast(Any, self.fragment), code_id, coder=self.coder)
        elif not on and code_id in self.codes_here():
            self.study.remove_code(cast(Any, self.fragment), code_id, coder=self.coder)
        self._after_write()

    def accept(self, code_id: str) -> None:
        assert self.fragment is not None
        self.study.accept_suggestion(self.fragment, code_id, coder=self.coder)
        self._after_write()

    def reject(self, code_id: str) -> None:
        assert self.fragment is not None
        self.study.reject_suggestion(self.fragment, code_id, coder=self.coder)
        self._after_write()

    def set_memo(self, memo: str) -> None:
        """The memo on this coder's codings of the selected fragment."""
        assert self.fragment is not None
        codes = sorted(self.codes_here())
        if not codes:
            raise CodingError(None, t("session_memo_needs_code", coder=self.coder), t("session_memo_needs_code_fix"))
        with self.study.store.transaction():
            for code in codes:
                self.study.set_memo(self.fragment, code, memo, coder=self.coder)
        self._after_write()

    def set_document_memo(self, memo: str) -> None:
        assert self.doc is not None
        self.study.set_document_memo(self.doc.id, memo, coder=self.coder)

    def document_memo(self) -> str:
        return self.study.document_memo(self.doc.id, coder=self.coder) if self.doc is not None else ""

    # -- links (impact pathways, issue 20): "verband" on the selected fragment ------------------
    def links_here(self) -> list[Any]:
        """The coder's links on the selected fragment (exactly its span)."""
        f = self.fragment
        if f is None:
            return []
        return [x for x in self.study.store.current_links(doc_id=f.doc_id, coder=self.coder) if (x.doc_version, x.start, x.end) == (f.doc_version, f.start, f.end)]

    def link(self, cause: str, effect: str, *, sign: str = "more", strength: str | None = None) -> int:
        """Store at once that the selected fragment tells ``cause`` led to ``effect``."""
        assert self.fragment is not None
        return int(self.study.link(self.fragment, cause, effect, sign=sign, strength=strength or None, coder=self.coder))

    def unlink(self, cause: str, effect: str) -> int:
        """Take the coder's link ``cause -> effect`` off the selected fragment."""
        from workbench.coding.links import remove_link

        f = self.fragment
        assert f is not None
        return remove_link(self.study.store, doc_id=f.doc_id, doc_version=f.doc_version, start=f.start, end=f.end, cause=cause, effect=effect, coder=self.coder)

    def _after_write(self) -> None:
        from workbench.coding.manual import Progress, covered

        self._reload()
        assert self.doc is not None
        units = [u for u in self.units if not u.is_interviewer]
        spans = [(c.start, c.end) for c in self.codings if c.coder == self.coder and not c.is_suggestion]
        self._study_progress[self.doc.id] = Progress(len(covered(units, spans)), len(units))

    # -- progress ----------------------------------------------------------------------------------
    def document_progress(self) -> tuple[int, int]:
        from workbench.coding.manual import Progress

        assert self.doc is not None
        p = self._study_progress.get(self.doc.id, Progress(0, 0))
        return p.coded, p.total

    def study_progress(self) -> tuple[int, int]:
        values = self._study_progress.values()
        return sum(p.coded for p in values), sum(p.total for p in values)
