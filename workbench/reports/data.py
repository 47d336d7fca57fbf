"""What a report reads: one snapshot of a study, filtered for privacy.

:func:`load_report` gathers the documents, the people's codings, the codebook and what
the other parts of the workbench know (themes, co-researchers' verdicts and flags, quote
translations) into one :class:`ReportData`. Every section of a report is computed from it.

Privacy is enforced here, once, for every section:

- a quote a co-researcher flagged as identifying (or any quote overlapping one) is never
  handed out (:meth:`ReportData.quotes_for`);
- pseudonym tags (``[PERSOON-1]``) become readable placeholders (``[naam]``);
- quote text never reaches a log or an error message.

Parts that have not landed yet (themes, review) read as "no data": the sections then
say so plainly instead of failing.

Example:
    >>> data = load_report(".", initiative="Austerlitz Zorgt")     # doctest: +SKIP
    >>> data.n_documents                                             # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.i18n import add
from workbench.reports.texts import OTHER_PLACEHOLDER, PLACEHOLDERS

if TYPE_CHECKING:
    from workbench.codebook.model import Codebook
    from workbench.coding.events import Coding
    from workbench.corpus.model import Document
    from workbench.study import Study

Span = tuple[str, int, int, int]  # doc_id, doc_version, start, end

TAG = re.compile(r"\[([A-Z][A-Z_]*)-\d+\]")
WS = re.compile(r"\s+")
MAX_QUOTE = 280
#: where load_report's refusals point: its parameters (the notebook's, the CLI's --lang/--initiative)
WHERE_LANG, WHERE_INITIATIVE = "lang", "initiative"

add("report_unknown_lang", nl="onbekende rapporttaal '{value}'", en="unknown report language '{value}'")
add("report_unknown_lang_fix", nl="kies 'nl' (Nederlands) of 'en' (Engels)", en="use 'nl' (Dutch) or 'en' (English)")
add("report_unknown_initiative", nl="geen initiatief '{value}' in de studie", en="no initiative '{value}' in the study")
add("report_known_initiatives", nl="bekende initiatieven: {known}", en="known initiatives: {known}")
add("report_no_initiatives", nl="de studie heeft nog geen initiatieven: lees eerst de verhalen in met 'workbench ingest'", en="the study has no initiatives yet: read the stories in first with 'workbench ingest'")
#: parent code whose children are the six Positive Health dimensions
POSITIVE_HEALTH = "positieve-gezondheid"


def readable(text: str, lang: str = "nl") -> str:
    """Pseudonym tags as readable placeholders, whitespace collapsed.

    >>> readable("Ik ben [PERSOON-1] uit [LOCATIE-2].")
    'Ik ben [naam] uit [plaats].'
    """

    def word(m: re.Match[str]) -> str:
        return "[" + PLACEHOLDERS.get(m.group(1), OTHER_PLACEHOLDER)[lang] + "]"

    return WS.sub(" ", TAG.sub(word, text)).strip()


def shorten(text: str, limit: int = MAX_QUOTE) -> str:
    """Cut a quote at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


@dataclass(frozen=True)
class Quote:
    """A coded fragment as a report may show it (already privacy-filtered and readable)."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    text: str
    initiative: str | None
    role: str | None
    kind: str
    code_id: str
    n_coders: int = 1
    translation: str | None = None

    @property
    def span(self) -> Span:
        return (self.doc_id, self.doc_version, self.start, self.end)

    @property
    def key(self) -> str:
        """Stable key of the quote: where it is (document, version, offsets)."""
        return f"{self.doc_id}@{self.doc_version}:{self.start}-{self.end}"


@dataclass(frozen=True)
class ThemeInfo:
    """A theme as reports show it (from the themes part), with the co-researchers' view."""

    id: str
    label: str
    keywords: tuple[str, ...] = ()
    share: dict[str, float] = field(default_factory=dict)  # initiative -> share of its segments
    stability: float | None = None
    own_names: tuple[str, ...] = ()
    verdicts: dict[str, int] = field(default_factory=dict)  # herken / deels / niet -> count
    is_candidate: bool = False


@dataclass(frozen=True)
class MscChoice:
    doc_id: str
    initiative: str | None
    reviewer: str
    reason: str
    quote: str


@dataclass
class ReportData:
    """One consistent snapshot of a study for a report (see :func:`load_report`)."""

    study_name: str
    root: Path
    lang: str
    initiative: str | None
    codebook: Codebook
    codebook_version: int
    documents: list[Document]
    codings: list[Coding]
    flagged: list[Span] = field(default_factory=list)
    translations: dict[str, str] = field(default_factory=dict)
    themes: list[ThemeInfo] | None = None
    theme_run: dict[str, Any] | None = None
    msc: list[MscChoice] | None = None
    agreement: dict[str, Any] | None = None
    suggestion_agreement: list[dict[str, Any]] = field(default_factory=list)  # per suggester: kappa with the coders, sentences
    sentence_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # initiative -> (coded, all)

    # -- documents ------------------------------------------------------------------
    @cached_property
    def _docs(self) -> dict[tuple[str, int], Document]:
        return {(d.id, d.version): d for d in self.documents}

    @cached_property
    def initiatives(self) -> list[str]:
        return sorted({d.initiative for d in self.documents if d.initiative})

    def docs_of(self, initiative: str | None) -> list[Document]:
        return [d for d in self.documents if initiative is None or d.initiative == initiative]

    @property
    def n_documents(self) -> int:
        return len(self.docs_of(self.initiative))

    # -- codings --------------------------------------------------------------------
    @cached_property
    def current_codings(self) -> list[Coding]:
        """People's codings on the current version of each document."""
        return [c for c in self.codings if (c.doc_id, c.doc_version) in self._docs]

    @cached_property
    def doc_codes(self) -> dict[tuple[str, int], set[str]]:
        """Per current document: the codes anyone applied to it."""
        out: dict[tuple[str, int], set[str]] = defaultdict(set)
        for c in self.current_codings:
            out[(c.doc_id, c.doc_version)].add(c.code_id)
        return out

    def code_shares(self, initiative: str | None) -> dict[str, float]:
        """Share of the initiative's documents (None: all) that carry each code."""
        docs = self.docs_of(initiative)
        if not docs:
            return {}
        counts: Counter[str] = Counter()
        for d in docs:
            counts.update(self.doc_codes.get((d.id, d.version), ()))
        return {code: n / len(docs) for code, n in counts.items()}

    def fragment_counts(self, initiative: str | None) -> Counter[str]:
        spans: dict[str, set[Span]] = defaultdict(set)
        for c in self.current_codings:
            d = self._docs[(c.doc_id, c.doc_version)]
            if initiative is None or d.initiative == initiative:
                spans[c.code_id].add(c.span)
        return Counter({k: len(v) for k, v in spans.items()})

    def label(self, code_id: str) -> str:
        """The code's label in the report language (English from the codebook with --lang en)."""
        if code_id in self.codebook:
            return self.codebook.label(code_id, self.lang)
        return code_id

    @cached_property
    def positive_health_codes(self) -> list[str]:
        """The six Positive Health dimension codes, if the codebook has them."""
        if POSITIVE_HEALTH in self.codebook:
            children = [c for c in self.codebook.get(POSITIVE_HEALTH).children if c in self.codebook]
            if len(children) >= 3:
                return children
        found = [c.id for c in self.codebook.codes if c.id.startswith("pg-")]
        return found if len(found) >= 3 else []

    # -- privacy ----------------------------------------------------------------------
    def is_flagged(self, span: Span) -> bool:
        """True when the span overlaps a quote a co-researcher flagged as identifying."""
        doc, ver, start, end = span
        return any(f[0] == doc and f[1] == ver and f[2] < end and start < f[3] for f in self.flagged)

    def quote(self, coding: Coding, n_coders: int = 1) -> Quote | None:
        """The coding's fragment as a quote, or None when it may not be shown."""
        if self.is_flagged(coding.span):
            return None
        doc = self._docs.get((coding.doc_id, coding.doc_version))
        if doc is None:
            return None
        q = Quote(
            coding.doc_id, coding.doc_version, coding.start, coding.end,
            shorten(readable(doc.text[coding.start : coding.end], self.lang)),
            doc.initiative, doc.role, doc.kind, coding.code_id, n_coders,
        )
        if self.lang == "en":
            tr = self.translations.get(q.key)
            if tr:
                q = Quote(**{**q.__dict__, "translation": shorten(readable(tr, "en"))})
        return q

    def quotes_for(self, code_id: str, initiative: str | None, n: int = 2) -> list[Quote]:
        """Up to ``n`` example quotes of a code: spans more coders agree on first, one per document."""
        coders: dict[Span, set[str]] = defaultdict(set)
        for c in self.current_codings:
            if c.code_id == code_id:
                coders[c.span].add(c.coder)
        by_span = {c.span: c for c in self.current_codings if c.code_id == code_id}
        order = sorted(coders, key=lambda s: (-len(coders[s]), abs((s[3] - s[2]) - 140), s))
        out: list[Quote] = []
        seen_docs: set[str] = set()
        for span in order:
            coding = by_span[span]
            d = self._docs.get((coding.doc_id, coding.doc_version))
            if d is None or (initiative is not None and d.initiative != initiative) or d.id in seen_docs:
                continue
            q = self.quote(coding, len(coders[span]))
            if q is None or len(q.text) < 25:
                continue
            out.append(q)
            seen_docs.add(d.id)
            if len(out) >= n:
                break
        return out

    # -- traceability -----------------------------------------------------------------
    def input_hash(self) -> str:
        """sha256 over everything a report reads: documents, codings, codebook, flags, translations, theme run."""
        h = hashlib.sha256()
        for d in sorted(self.documents, key=lambda d: (d.id, d.version)):
            h.update(f"doc {d.id} {d.version} {d.content_hash} {d.initiative} {d.role}\n".encode())
        for c in sorted(self.current_codings, key=lambda c: (c.span, c.code_id, c.coder)):
            h.update(f"coding {c.span} {c.code_id} {c.coder} {c.source}\n".encode())
        h.update(f"codebook {self.codebook.id} {self.codebook.content_hash}\n".encode())
        for f in sorted(self.flagged):
            h.update(f"flag {f}\n".encode())
        for k in sorted(self.translations):
            h.update(f"translation {k} {hashlib.sha256(self.translations[k].encode()).hexdigest()}\n".encode())
        h.update(json.dumps(self.theme_run or {}, sort_keys=True, default=str).encode())
        return h.hexdigest()


def load_report(
    study_dir: str | Path = ".", *, initiative: str | None = None, lang: str = "nl", theme_run: str | int | None = None, light: bool = False
) -> ReportData:
    """Read one snapshot of the study for a report.

    Args:
        study_dir: the study folder (with workbench.toml).
        initiative: one initiative (its name as in the metadata sheet), or None for all.
        lang: ``nl`` or ``en``: labels from the codebook in that language.
        theme_run: the theme run to show (None: the latest).
        light: only what identifies the inputs (documents, codings, codebook, flags,
            translations, theme run): no agreement, coverage or Most Significant Change.
            The runner uses it to plan and to hash; reports never do.

    Raises:
        ReportError: unknown initiative or language, with the known ones.
    """
    from workbench.coding.events import current_codings
    from workbench.errors import ReportError
    from workbench.i18n import t
    from workbench.reports import sources
    from workbench.study import open_study

    if lang not in ("nl", "en"):
        raise ReportError(WHERE_LANG, t("report_unknown_lang", value=lang), t("report_unknown_lang_fix"))
    study = open_study(study_dir)
    try:
        codebook, version = study.load_codebook()
        documents = study.corpus.documents()
        known = sorted({d.initiative for d in documents if d.initiative})
        if initiative is not None and initiative not in known:
            import difflib

            close = difflib.get_close_matches(initiative, known, n=1, cutoff=0.4)
            if close:
                hint = t("did_you_mean", names=f"'{close[0]}'")
            else:
                hint = t("report_known_initiatives", known=", ".join(known)) if known else t("report_no_initiatives")
            raise ReportError(WHERE_INITIATIVE, t("report_unknown_initiative", value=initiative), hint)
        data = ReportData(
            study_name=study.settings.project.name,
            root=study.root,
            lang=lang,
            initiative=initiative,
            codebook=codebook,
            codebook_version=version,
            documents=documents,
            codings=current_codings(study.store),
        )
        data.flagged = sources.flagged_spans(study)
        data.translations = sources.translations(study)
        data.theme_run, data.themes = sources.themes(study, theme_run, lang, initiative, candidates=not light and initiative is None)
        if light:
            return data
        data.msc = sources.msc_choices(study, data)
        data.agreement = sources.agreement(study, data)
        data.suggestion_agreement = sources.suggestion_agreement(study, data)
        data.sentence_counts = sources.sentence_coverage(study, data)
        return data
    finally:
        study.close()
