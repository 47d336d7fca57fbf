"""What a report reads: one snapshot of a study, filtered for privacy.

:func:`workbench.reports.load.load_report` gathers the documents, the people's codings, the codebook and what
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
    >>> data = reports.load_report(".", initiative="Austerlitz Zorgt")     # doctest: +SKIP
    >>> data.n_documents                                             # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.corpus.tags import TAG as ANY_TAG
from workbench.i18n import add
from workbench.corpus.tags import OTHER_PLACEHOLDER, PLACEHOLDERS

if TYPE_CHECKING:
    from workbench.codebook.model import Codebook
    from workbench.coding.events import Coding
    from workbench.corpus.model import Document

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
add("report_unknown_coders", nl="onbekende codeur(s) {names}", en="unknown coder(s) {names}")
add("report_unknown_coders_fix", nl="kies uit de mensen die coderen: {known} (--coders of [reports] coders in workbench.toml)", en="choose from the people who code: {known} (--coders or [reports] coders in workbench.toml)")
add("report_suggester_as_coder", nl="{names} is een suggestiemaker, geen codeur", en="{names} is a suggester, not a coder")
add("report_suggester_as_coder_fix", nl="noem alleen mensen; aangenomen suggesties tellen mee bij wie ze aannam", en="name people only; accepted suggestions count for whoever accepted them")
#: where an unknown coder is reported (the option's name)
WHERE_CODERS = "--coders"
#: parent code whose children are the six Positive Health dimensions
POSITIVE_HEALTH = "positieve-gezondheid"
#: kinds of source counted apart: a survey answer is one respondent's short answer, an
#: interview or story a whole conversation; one share over both misleads (34 answers and
#: 4 interviews: a code in every interview showed as 10%)
STORIES, SURVEY = "stories", "survey"
SURVEY_KINDS = frozenset({"enquete"})


def source_group(kind: str | None) -> str:
    """``survey`` for a survey answer, ``stories`` for interviews, stories and other documents."""
    return SURVEY if kind in SURVEY_KINDS else STORIES


@dataclass(frozen=True)
class Share:
    """A share with its unit and base: ``n`` of ``base`` documents of ``group``."""

    n: int
    base: int
    group: str
    kinds: tuple[str, ...] = ()

    @property
    def value(self) -> float:
        return self.n / self.base if self.base else 0.0


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


#: a quote needs this much content to be shown (see :func:`content_score`)
MIN_CONTENT = 40
#: what one more coder agreeing on the span adds to its score (a few words' worth)
AGREEMENT_BONUS = 20
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def content_score(text: str) -> float:
    """How much a quote says: the characters of its words of four letters or more, tags
    left out, less a penalty per tag; a quote past :data:`MAX_QUOTE` (cut with an ellipsis)
    counts as that long. "Mijn nummer staat bovenaan, [telefoonnummer]" scores low.

    >>> content_score("Mijn nummer staat bovenaan, [telefoonnummer].") < content_score("Sinds ik bij de koffieochtend kom, ken ik mijn buren en voel ik me minder alleen.")
    True
    """
    bare = ANY_TAG.sub(" ", text)
    n_tags = len(ANY_TAG.findall(text))
    words = _CONTENT_WORD.findall(bare[:MAX_QUOTE])
    return sum(len(w) for w in words) - 15 * n_tags


class QuoteSet:
    """The quotes a section already shows: by span (and overlap) and by text, so that one
    fragment coded with three codes is shown once, not three times."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.texts: set[str] = set()

    def has(self, span: Span, text: str | None) -> bool:
        doc, ver, start, end = span
        if text is not None and text in self.texts:
            return True
        return any(s[0] == doc and s[1] == ver and s[2] < end and start < s[3] for s in self.spans)

    def add(self, q: Quote) -> None:
        self.spans.append(q.span)
        self.texts.add(q.text)


@dataclass(frozen=True)
class ThemeInfo:
    """A theme as reports show it (from the themes part), with the co-researchers' view."""

    id: str
    label: str
    keywords: tuple[str, ...] = ()
    share: dict[str, float] = field(default_factory=dict)  # initiative -> share of its segments
    count: dict[str, int] = field(default_factory=dict)  # initiative -> its segments in the theme
    base: dict[str, int] = field(default_factory=dict)  # initiative -> its segments in the run
    unit: str = "paragraph"  # what the segments are (sentence, paragraph, turn)
    stability: float | None = None
    own_names: tuple[str, ...] = ()
    verdicts: dict[str, int] = field(default_factory=dict)  # herken / deels / niet -> count
    is_candidate: bool = False
    code: str | None = None  # the code a codebook-guided theme started from (its label); None: a new theme


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
    #: whose codings count (None: every person who coded); named in the methods section
    coders: tuple[str, ...] | None = None
    #: where the choice came from: "option" (--coders / the notebook), "settings" ([reports] coders), "all"
    coders_from: str = "all"
    checks: list[tuple[str, int, str, str]] = field(default_factory=list)  # (doc, version, by, when): read through after pseudonymisation

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

    def privacy_checks(self, initiative: str | None) -> tuple[int, int, list[str], list[str]]:
        """(documents checked, documents, who checked, the dates) for the current versions
        of the documents of ``initiative`` (None: all): a check of an older version does
        not count, its text was replaced by a new ingest."""
        docs = {(d.id, d.version) for d in self.docs_of(initiative)}
        mine = [c for c in self.checks if (c[0], c[1]) in docs]
        return len({(c[0], c[1]) for c in mine}), len(docs), sorted({c[2] for c in mine}), sorted({c[3][:10] for c in mine})

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

    def docs_in(self, initiative: str | None, group: str | None) -> list[Document]:
        """The initiative's documents (None: all) of one kind of source (None: every kind)."""
        return [d for d in self.docs_of(initiative) if group is None or source_group(d.kind) == group]

    def code_counts(self, initiative: str | None, group: str) -> dict[str, Share]:
        """Per code: in how many of the initiative's documents of ``group`` it occurs, of how many."""
        docs = self.docs_in(initiative, group)
        counts: Counter[str] = Counter()
        for d in docs:
            counts.update(self.doc_codes.get((d.id, d.version), ()))
        kinds = tuple(sorted({d.kind or "document" for d in docs}))
        return {code: Share(n, len(docs), group, kinds) for code, n in counts.items()}

    def base(self, initiative: str | None, group: str) -> Share:
        """The base of a share (n = 0): how many documents of ``group`` the initiative has."""
        docs = self.docs_in(initiative, group)
        return Share(0, len(docs), group, tuple(sorted({d.kind or "document" for d in docs})))

    def main_group(self, initiative: str | None) -> str:
        """The kind of source a section's chart counts: interviews and stories when there are
        any, else survey answers."""
        return STORIES if self.docs_in(initiative, STORIES) or not self.docs_in(initiative, SURVEY) else SURVEY

    def code_shares(self, initiative: str | None, group: str | None = None) -> dict[str, float]:
        """Share of the initiative's documents (None: all) of one kind of source that carry
        each code; ``group=None`` mixes survey answers with interviews (misleading: only for
        callers that know it)."""
        if group is not None:
            return {code: sh.value for code, sh in self.code_counts(initiative, group).items()}
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

    def quotes_for(self, code_id: str, initiative: str | None, n: int = 2, *, used: QuoteSet | None = None) -> list[Quote]:
        """Up to ``n`` example quotes of a code, the most telling first, one per document.

        Telling: long and about something (:func:`content_score`: a quote whose point is a
        pseudonym tag, "Mijn nummer staat bovenaan, [telefoonnummer]", comes last), more
        coders agreeing counting a little. A quote in ``used`` (already shown in the
        section, under another code) is never given again; the chosen ones are added to it.
        """
        used = QuoteSet() if used is None else used
        coders: dict[Span, set[str]] = defaultdict(set)
        for c in self.current_codings:
            if c.code_id == code_id:
                coders[c.span].add(c.coder)
        by_span = {c.span: c for c in self.current_codings if c.code_id == code_id}
        candidates: list[tuple[float, Span, Quote]] = []
        for span, who in coders.items():
            d = self._docs.get((span[0], span[1]))
            if d is None or (initiative is not None and d.initiative != initiative) or used.has(span, None):
                continue
            q = self.quote(by_span[span], len(who))
            if q is None or content_score(q.text) < MIN_CONTENT:
                continue
            candidates.append((content_score(q.text) + AGREEMENT_BONUS * (len(who) - 1), span, q))
        candidates.sort(key=lambda x: (-x[0], x[1]))
        out: list[Quote] = []
        seen_docs: set[str] = set()
        for _, span, q in candidates:
            if q.doc_id in seen_docs or used.has(span, q.text):
                continue
            out.append(q)
            used.add(q)
            seen_docs.add(q.doc_id)
            if len(out) >= n:
                break
        return out

    # -- traceability -----------------------------------------------------------------
    def input_hash(self) -> str:
        """sha256 over everything a report reads: documents, codings, codebook, flags, translations, theme run, privacy checks."""
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
        for check in sorted(self.checks):
            h.update(f"checked {check}\n".encode())
        return h.hexdigest()


def parse_coders(coders: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """``"lian, sanne"`` or ``["lian", "sanne"]`` -> ``("lian", "sanne")``; None or empty -> None."""
    if coders is None:
        return None
    items = coders.split(",") if isinstance(coders, str) else list(coders)
    names = tuple(dict.fromkeys(x.strip() for x in items if x and x.strip()))
    return names or None


def choose_coders(codings: list[Coding], asked: str | Sequence[str] | None, configured: Sequence[str]) -> tuple[tuple[str, ...] | None, str]:
    """Whose codings a report counts, and where that choice came from.

    ``asked`` (``--coders``, the notebook's ``coders``) first, then ``[reports] coders``
    from workbench.toml, else every person who coded (None). Suggesters never count as
    coders. Raises ReportError for a name nobody coded under, naming who did.
    """
    from workbench.coding.events import is_suggester
    from workbench.errors import ReportError
    from workbench.i18n import t

    chosen, origin = parse_coders(asked), "option"
    if chosen is None:
        chosen, origin = parse_coders(list(configured)), "settings"
    if chosen is None:
        return None, "all"
    suggesters = [c for c in chosen if is_suggester(c)]
    if suggesters:
        raise ReportError(WHERE_CODERS, t("report_suggester_as_coder", names=", ".join(suggesters)), t("report_suggester_as_coder_fix"))
    people = sorted({c.coder for c in codings if not is_suggester(c.coder)})
    unknown = [c for c in chosen if c not in people]
    if unknown:
        raise ReportError(WHERE_CODERS, t("report_unknown_coders", names=", ".join(unknown)), t("report_unknown_coders_fix", known=", ".join(people) or "-"))
    return chosen, origin


def _check_initiative(initiative: str | None, documents: list[Document]) -> None:
    """ReportError for an initiative the study does not have, naming the close match."""
    import difflib

    from workbench.errors import ReportError
    from workbench.i18n import t

    known = sorted({d.initiative for d in documents if d.initiative})
    if initiative is None or initiative in known:
        return
    close = difflib.get_close_matches(initiative, known, n=1, cutoff=0.4)
    if close:
        hint = t("did_you_mean", names=f"'{close[0]}'")
    else:
        hint = t("report_known_initiatives", known=", ".join(known)) if known else t("report_no_initiatives")
    raise ReportError(WHERE_INITIATIVE, t("report_unknown_initiative", value=initiative), hint)
