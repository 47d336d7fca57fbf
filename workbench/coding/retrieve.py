"""Search the corpus (keyword in context) and retrieve coded fragments.

- :func:`search`: every occurrence of a word or pattern in the current documents, with
  the words left and right of it. ``by="lemma"`` (default) matches lemmas, so *eenzaam*
  finds *eenzame* and *eenzaamheid* needs ``eenzaam*``; ``"text"`` matches the plain
  text ignoring case (``*`` a wildcard); ``"regex"`` a Python regular expression.
- :func:`retrieve`: the fragments coded with a code (and its sub-codes), with the quote,
  its context (the speaker turn around it), speaker, initiative, role, coder and memo.

Quotes that a co-researcher flagged as identifying someone (issue 8) are never returned.

Example:
    >>> search(study.store, "eenzaam*", by="lemma").head()                                # doctest: +SKIP
    >>> retrieve(study.store, study.codebook, "wederkerigheid", initiative="Voorzorgcirkels")   # doctest: +SKIP
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from workbench.errors import UnknownChoiceError
from workbench.i18n import add

add("search_empty", nl="de zoekterm is leeg", en="the search term is empty")
add("search_empty_fix", nl="geef een woord, bijvoorbeeld eenzaam*", en="give a word, e.g. eenzaam*")
add("search_bad_regex", nl="geen geldige reguliere expressie ({error})", en="not a valid regular expression ({error})")
add("search_bad_regex_fix", nl="verbeter het patroon, of zoek met --by text", en="correct the pattern, or search with --by text")

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workbench.corpus.model import Segment
    from workbench.codebook.model import Codebook
    from workbench.store import Store

SEARCH_BY = ("lemma", "text", "regex")
SEARCH_COLUMNS = ["doc_id", "doc_version", "initiative", "role", "speaker", "start", "end", "left", "match", "right", "sentence"]
RETRIEVE_COLUMNS = [
    "code_id", "code", "doc_id", "doc_version", "start", "end", "quote", "context", "speaker", "initiative", "role",
    "coder", "source", "memo", "applied_at", "confidence", "rationale",
]
CONTEXT = 60  # characters left and right in keyword in context
TURN_CONTEXT = 300  # characters of the speaker turn around a retrieved quote


def flags_of(store: Store) -> Any:
    """The quotes flagged as identifying (issue 8's one filter), read once."""
    from workbench.model.flags import Flags

    return Flags.of(store)


# -- search ------------------------------------------------------------------------------
def _glob(term: str) -> str:
    return "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in term)


def _lemma_terms(query: str) -> list[re.Pattern[str]]:
    from workbench.corpus.segment import lemma_table

    table = lemma_table()
    out = []
    for term in query.lower().split():
        if "*" in term or "?" in term:
            out.append(re.compile(_glob(term) + r"\Z"))
        else:
            lemma = table.get(term, term)
            out.append(re.compile("(?:" + re.escape(lemma) + "|" + re.escape(term) + r")\Z"))
    return out


def _token_lemmas(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lemma) for each word of ``text`` (punctuation left out)."""
    from workbench.corpus.segment import _doc_lemmas, dutch_nlp, lemma_table

    doc = dutch_nlp()(text, disable=["lemmatizer"])
    return [(t.idx, t.idx + len(t.text), lem) for t, lem in zip(doc, _doc_lemmas(doc, lemma_table())) if lem is not None]


def _lemma_hits(seg: Segment, terms: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    if not any(terms[0].match(lem) for lem in seg.lemmas):
        return []
    tokens = _token_lemmas(seg.text)
    hits = []
    for i in range(len(tokens) - len(terms) + 1):
        if all(terms[j].match(tokens[i + j][2]) or terms[j].match(seg.text[tokens[i + j][0] : tokens[i + j][1]].lower()) for j in range(len(terms))):
            hits.append((tokens[i][0], tokens[i + len(terms) - 1][1]))
    return hits


def search(
    store: Store, query: str, *, by: str = "lemma", initiative: str | None = None, role: str | None = None,
    include_interviewer: bool = False,
) -> pd.DataFrame:
    """Keyword in context: one row per occurrence, with ``left``, ``match`` and ``right``.

    Columns: doc_id, doc_version, initiative, role, speaker, start, end (the match, code
    points into the document), left, match, right, sentence.
    """
    import pandas as pd

    from workbench.i18n import t

    by = by.strip().lower()
    if by not in SEARCH_BY:
        raise UnknownChoiceError(None, t("unknown_choice", value=by, option="by"), t("unknown_choice_fix", valid=", ".join(SEARCH_BY)))
    if not query.strip():
        raise UnknownChoiceError(None, t("search_empty"), t("search_empty_fix"))
    if by == "regex":
        try:
            pattern = re.compile(query, re.IGNORECASE)
        except re.error as err:
            raise UnknownChoiceError(None, t("search_bad_regex", error=str(err)), t("search_bad_regex_fix")) from None
    elif by == "text":
        pattern = re.compile(r"\b" + _glob(query.replace("*", "\x00")).replace("\x00", r"\w*") + r"\b", re.IGNORECASE)
    else:
        terms = _lemma_terms(query)
    flags = flags_of(store)
    sentences = store.all_segments("sentence", include_interviewer=include_interviewer, initiative=initiative)
    turns: dict[tuple[str, int], list[Segment]] = {}
    for turn in store.all_segments("turn", include_interviewer=True, initiative=initiative):
        turns.setdefault((turn.doc_id, turn.doc_version), []).append(turn)
    records = []
    for seg in sentences:
        if role is not None and (seg.role or "") != role:
            continue
        if by == "lemma":
            hits = _lemma_hits(seg, terms)
        else:
            hits = [(m.start(), m.end()) for m in pattern.finditer(seg.text) if m.end() > m.start()]
        for a, b in hits:
            start, end = seg.start + a, seg.start + b
            if flags.hides((seg.doc_id, seg.doc_version, seg.start, seg.end)):
                continue
            records.append({
                "doc_id": seg.doc_id, "doc_version": seg.doc_version, "initiative": seg.initiative, "role": seg.role,
                "speaker": seg.speaker or _speaker(turns.get((seg.doc_id, seg.doc_version), []), start),
                "start": start, "end": end, "left": seg.text[max(0, a - CONTEXT) : a], "match": seg.text[a:b],
                "right": seg.text[b : b + CONTEXT], "sentence": seg.text,
            })
    return pd.DataFrame.from_records(records, columns=SEARCH_COLUMNS)


def _speaker(turns: list[Segment], offset: int) -> str | None:
    starts = [s.start for s in turns]
    i = bisect_right(starts, offset) - 1
    return turns[i].speaker if i >= 0 and turns[i].end >= offset else None


# -- retrieval ----------------------------------------------------------------------------
def retrieve(
    store: Store, codebook: Codebook, code: str | None = None, *, initiative: str | None = None, role: str | None = None, coder: str | None = None,
    include_children: bool = True, include_suggestions: bool = False, lang: str = "nl",
) -> pd.DataFrame:
    """Coded fragments, one row per coding: code, quote, context, speaker, initiative,
    role, coder, source and memo, in document order within each code.

    ``code`` None retrieves every code. A parent code brings its sub-codes along unless
    ``include_children=False``. Codings on old versions of a document are left out.
    """
    import pandas as pd

    codes: list[str] | None = None
    if code is not None:
        resolved = store.code_aliases().get(code, code)
        codebook.get(resolved)  # an unknown code raises with a close match
        codes = [resolved] + (codebook.descendants(resolved) if include_children else [])
    found = store.current_codings(coder=coder, code_ids=codes, include_suggestions=include_suggestions)
    docs = {d.id: d for d in store.documents(initiative=initiative)}
    flags = flags_of(store)
    turns_cache: dict[tuple[str, int], list[Segment]] = {}
    order = {c.id: i for i, (_, c) in enumerate(codebook.walk())}
    records = []
    for c in found:
        doc = docs.get(c.doc_id)
        if doc is None or doc.version != c.doc_version:
            continue
        if role is not None and (doc.role or "") != role:
            continue
        if flags.hides(c):
            continue
        key = (c.doc_id, c.doc_version)
        if key not in turns_cache:
            turns_cache[key] = store.segments(c.doc_id, c.doc_version, "turn")
        turn = _turn(turns_cache[key], c.start)
        if turn is not None:
            a, b = max(turn.start, c.start - TURN_CONTEXT), min(turn.end, c.end + TURN_CONTEXT)
        else:
            a, b = max(0, c.start - TURN_CONTEXT), min(len(doc.text), c.end + TURN_CONTEXT)
        context = ("…" if a > (turn.start if turn else 0) else "") + doc.text[a:b] + ("…" if b < (turn.end if turn else len(doc.text)) else "")
        records.append({
            "code_id": c.code_id, "code": codebook.label(c.code_id, lang) if c.code_id in codebook else c.code_id,
            "doc_id": c.doc_id, "doc_version": c.doc_version, "start": c.start, "end": c.end, "quote": doc.text[c.start : c.end],
            "context": context, "speaker": turn.speaker if turn is not None else None, "initiative": doc.initiative, "role": doc.role,
            "coder": c.coder, "source": c.source, "memo": c.memo, "applied_at": c.applied_at,
            "confidence": c.confidence, "rationale": c.rationale,  # a suggestion's reason: keyword, criterion, nearest coded sentence
        })
    records.sort(key=lambda r: (order.get(str(r["code_id"]), len(order)), r["doc_id"], r["start"], r["end"], r["coder"]))
    return pd.DataFrame.from_records(records, columns=RETRIEVE_COLUMNS)


def _turn(turns: list[Segment], offset: int) -> Segment | None:
    starts = [s.start for s in turns]
    i = bisect_right(starts, offset) - 1
    return turns[i] if i >= 0 and turns[i].end > offset else None


# -- the segment x code table ----------------------------------------------------------------
def code_table(store: Store, codebook: Codebook, *, unit: str = "sentence", coder: str | None = None, include_interviewer: bool = False) -> pd.DataFrame:
    """One row per segment (sentence by default), one column per code: how many coders
    (or 1/0 for one ``coder``) coded a span overlapping the segment. Text of quotes
    flagged as identifying is left empty."""
    import pandas as pd

    from workbench.corpus.model import canonical_unit

    unit = canonical_unit(unit)
    code_ids = [c.id for _, c in codebook.walk()]
    segs = store.all_segments(unit, include_interviewer=include_interviewer)
    by_doc: dict[tuple[str, int], list[Any]] = {}
    for c in store.current_codings(coder=coder):
        by_doc.setdefault((c.doc_id, c.doc_version), []).append(c)
    flags = flags_of(store)
    records = []
    for s in segs:
        row: dict[str, Any] = {
            "doc_id": s.doc_id, "doc_version": s.doc_version, "start": s.start, "end": s.end, "initiative": s.initiative,
            "role": s.role, "speaker": s.speaker, "text": "" if flags.hides(s) else s.text,
        }
        coders: dict[str, set[str]] = {}
        for c in by_doc.get((s.doc_id, s.doc_version), ()):
            if c.start < s.end and c.end > s.start:
                coders.setdefault(c.code_id, set()).add(c.coder)
        for cid in code_ids:
            row[cid] = len(coders.get(cid, ()))
        for cid in coders:
            if cid not in row:
                row[cid] = len(coders[cid])
        records.append(row)
    return pd.DataFrame.from_records(records)
