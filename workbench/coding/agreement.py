"""Agreement between coders: Cohen's kappa, Krippendorff's alpha and percent agreement,
per code and overall, at a declared unit, plus the disagreements to discuss.

Codings are spans of any length; agreement is counted on units (sentences by default,
or turns or paragraphs): a coded span counts for every unit it overlaps. For each code,
each coder either gave it to a unit or not, so each code is a yes/no judgement per unit:

- **percent agreement**: the share of units on which the coders all agree;
- **Cohen's kappa** (two coders): agreement corrected for chance, ``(po - pe) / (1 - pe)``;
  with more than two coders, the mean over all pairs (Light's kappa; pairs in ``pairs``);
- **Krippendorff's alpha** (nominal, any number of coders, missing judgements allowed;
  computed by the ``krippendorff`` package).

*Overall* pools every (unit, code) judgement into one table; the mean per-code kappa is
given next to it, as codes with few codings weigh little in the pooled figure.
Only units of documents a coder worked on count for that coder (a document without any
coding of theirs is missing, not "nothing applies"), unless ``documents`` names them.
A code nobody used on the shared units has no kappa (not a number): there is nothing to
agree on.

Example:
    >>> result = compute_agreement(codings, sentences, coders=["lian", "sanne"])   # doctest: +SKIP
    >>> result.per_code[["code_id", "percent", "kappa", "alpha"]]                    # doctest: +SKIP
    >>> result.disagreements                                                         # doctest: +SKIP
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any, Protocol

from workbench.errors import AgreementError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

UNITS = ("sentence", "turn", "paragraph")

add(
    "agreement_lengths_differ",
    nl="de twee rijen oordelen zijn niet even lang ({a} en {b}): per eenheid hoort van elke codeur één oordeel",
    en="two label lists of different length ({a} and {b})",
)
add("agreement_lengths_differ_fix", nl="geef voor elke codeur één oordeel per eenheid, in dezelfde volgorde", en="pass one label per item for each coder")
add("agreement_too_few_coders", nl="overeenstemming vraagt om twee of meer codeurs, nu {n}", en="agreement needs two or more coders, got {n}")
add("agreement_too_few_coders_fix", nl="noem er minstens twee, bijvoorbeeld --coders lian,sanne (of coders=['lian', 'sanne'])", en="name two or more, e.g. --coders lian,sanne (or coders=['lian', 'sanne'])")
add("agreement_unknown_unit", nl="onbekende eenheid '{unit}'", en="unknown unit '{unit}'")
add("agreement_unknown_unit_fix", nl="kies uit {units} (zin, beurt of alinea)", en="use one of {units}")
add("agreement_no_codings", nl="geen coderingen van {coders}", en="no codings by {coders}")
add(
    "agreement_no_codings_fix",
    nl="controleer de namen van de codeurs ('workbench code retrieve --coder NAAM' toont wat iemand codeerde), of codeer eerst een paar documenten",
    en="check the coder names ('workbench code retrieve --coder NAME' shows what someone coded), or code some documents first",
)


class _Span(Protocol):
    doc_id: str
    doc_version: int
    start: int
    end: int


# -- the measures ---------------------------------------------------------------------------
def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa of two coders' labels on the same items (any nominal labels).

    Returns nan when chance agreement is 1 (both coders gave every item one and the
    same label): kappa is not defined there.

    Example:
        >>> round(cohen_kappa([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]), 4)
        0.0909
    """
    if len(a) != len(b):
        raise AgreementError(None, t("agreement_lengths_differ", a=len(a), b=len(b)), t("agreement_lengths_differ_fix"))
    n = len(a)
    if n == 0:
        return math.nan
    po = sum(1 for x, y in zip(a, b) if x == y) / n
    count_a: dict[Any, int] = defaultdict(int)
    count_b: dict[Any, int] = defaultdict(int)
    for x in a:
        count_a[x] += 1
    for y in b:
        count_b[y] += 1
    pe = sum(count_a[k] * count_b.get(k, 0) for k in count_a) / (n * n)
    if pe >= 1.0:
        return math.nan
    return (po - pe) / (1.0 - pe)


def kappa_from_table(table: Sequence[Sequence[float]]) -> float:
    """Cohen's kappa from a square table of counts (rows: coder A, columns: coder B).

    Example (Cohen 1960, table 1: 200 items, 3 categories; po = .70, pe = .41):
        >>> round(kappa_from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]]), 3)
        0.492
    """
    n = float(sum(sum(row) for row in table))
    k = len(table)
    po = sum(table[i][i] for i in range(k)) / n
    rows = [sum(table[i]) / n for i in range(k)]
    cols = [sum(table[i][j] for i in range(k)) / n for j in range(k)]
    pe = sum(r * c for r, c in zip(rows, cols))
    return math.nan if pe >= 1.0 else (po - pe) / (1.0 - pe)


def krippendorff_alpha(data: Any) -> float:
    """Nominal Krippendorff's alpha of a coders x units matrix (nan = no judgement).

    Returns nan when fewer than two values occur (nothing to disagree on) or no unit
    has two judgements.

    Example (Krippendorff 2011, "Computing Krippendorff's alpha-reliability", C.1):
        >>> round(krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]), 3)
        0.095
    """
    import krippendorff
    import numpy as np

    matrix = np.asarray(data, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] < 2:
        return math.nan
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    values = np.unique(matrix[:, pairable][~np.isnan(matrix[:, pairable])])
    if len(values) < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def percent_agreement(data: Any) -> float:
    """Share of units (with two or more judgements) on which all coders agree."""
    import numpy as np

    matrix = np.asarray(data, dtype=float)
    counted = agreed = 0
    for column in matrix.T:
        seen = column[~np.isnan(column)]
        if len(seen) >= 2:
            counted += 1
            agreed += int((seen == seen[0]).all())
    return agreed / counted if counted else math.nan


# -- units ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """One unit of agreement (a sentence, turn or paragraph) of a document version."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    text: str = ""


def units_of(codings: Iterable[Any], segments: Sequence[Any]) -> dict[tuple[Any, ...], set[int]]:
    """For each coding span, the indexes of the ``segments`` it overlaps.

    The segments are units of one kind (sentences, or turns, or paragraphs), which do not
    overlap each other, so per document they are ordered by start and end alike.
    """
    by_doc: dict[tuple[str, int], list[tuple[int, int, int]]] = defaultdict(list)
    for i, s in enumerate(segments):
        by_doc[(s.doc_id, s.doc_version)].append((s.start, s.end, i))
    ends: dict[tuple[str, int], list[int]] = {}
    for doc_key, doc_spans in by_doc.items():
        doc_spans.sort()
        ends[doc_key] = [e for _, e, _ in doc_spans]
    out: dict[tuple[Any, ...], set[int]] = {}
    for c in codings:
        key = (c.doc_id, c.doc_version, c.start, c.end)
        if key in out:
            continue
        doc = (c.doc_id, c.doc_version)
        spans = by_doc.get(doc, [])
        hits: set[int] = set()
        j = bisect.bisect_right(ends.get(doc, []), c.start)  # the first unit ending after the span starts
        while j < len(spans) and spans[j][0] < c.end:
            hits.add(spans[j][2])
            j += 1
        out[key] = hits
    return out


# -- the result -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Agreement:
    """Agreement of ``coders`` at ``unit``: ``per_code``, ``overall``, ``pairs`` and
    ``disagreements`` as DataFrames (``to_dict()`` for JSON)."""

    unit: str
    coders: tuple[str, ...]
    n_units: int
    n_documents: int
    per_code: pd.DataFrame
    overall: dict[str, float]
    pairs: pd.DataFrame
    disagreements: pd.DataFrame
    documents: tuple[str, ...] = field(default=())
    #: the suggester as a coder: per code and person, its kappa with that person (see
    #: :func:`workbench.coding.evaluate.suggester_agreement`); None when not measured
    suggester: pd.DataFrame | None = None

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON values (nan as None); disagreements without their text."""
        def clean(value: Any) -> Any:
            if isinstance(value, float) and math.isnan(value):
                return None
            if hasattr(value, "item"):
                return clean(value.item())
            return value

        per_code = [{k: clean(v) for k, v in rec.items()} for rec in self.per_code.to_dict("records")]
        disagreements = [
            {k: clean(v) for k, v in rec.items() if k != "text"} for rec in self.disagreements.to_dict("records")
        ]
        return {
            "unit": self.unit,
            "coders": list(self.coders),
            "n_units": self.n_units,
            "n_documents": self.n_documents,
            "overall": {k: clean(v) for k, v in self.overall.items()},
            "per_code": per_code,
            "pairs": [{k: clean(v) for k, v in rec.items()} for rec in self.pairs.to_dict("records")],
            "disagreements": disagreements,
            "suggester": None if self.suggester is None else [{k: clean(v) for k, v in rec.items()} for rec in self.suggester.to_dict("records")],
        }


@dataclass(frozen=True)
class _Judged:
    """Who gave which codes to which unit: ``given[(coder, unit index)]``, their memos,
    the units two or more coders worked on (``keep``) and, per coder and kept unit,
    whether that coder worked on it (``present``)."""

    given: dict[tuple[str, int], set[str]]
    memos: dict[tuple[str, int], list[str]]
    keep: list[int]
    present: Any


def _judgements(mine: list[Any], units: list[Any], coders: tuple[str, ...], documents: Iterable[str] | None) -> _Judged:
    """Step 1: each coder's codes per unit, and which units count for whom."""
    import numpy as np

    hits = units_of(mine, units)
    given: dict[tuple[str, int], set[str]] = defaultdict(set)
    memos: dict[tuple[str, int], list[str]] = defaultdict(list)
    worked: dict[str, set[str]] = defaultdict(set)
    for c in mine:
        worked[c.coder].add(c.doc_id)
        for i in hits[(c.doc_id, c.doc_version, c.start, c.end)]:
            given[(c.coder, i)].add(c.code_id)
            memo = getattr(c, "memo", None)
            if memo:
                memos[(c.coder, i)].append(f"{c.code_id}: {memo}")
    if documents is not None:
        shared = set(documents)
        worked = defaultdict(set, {coder: set(shared) for coder in coders})
    missing = [coder for coder in coders if not worked.get(coder)]
    if missing:
        raise AgreementError(None, t("agreement_no_codings", coders=", ".join(missing)), t("agreement_no_codings_fix"))
    # units any two coders worked on; the judgement of a coder on a document they did not code is missing
    keep = [i for i, s in enumerate(units) if sum(s.doc_id in worked[c] for c in coders) >= 2]
    present = np.array([[units[i].doc_id in worked[c] for i in keep] for c in coders], dtype=bool).reshape(len(coders), len(keep))
    return _Judged(given, memos, keep, present)


def _matrix(judged: _Judged, coders: tuple[str, ...], code: str) -> Any:
    """Coders x kept units: 1 gave ``code``, 0 did not, nan did not work on it."""
    import numpy as np

    m = np.array([[1.0 if code in judged.given.get((c, i), ()) else 0.0 for i in judged.keep] for c in coders]).reshape(len(coders), len(judged.keep))
    m[~judged.present] = np.nan
    return m


def _per_code(judged: _Judged, coders: tuple[str, ...], code_ids: list[str]) -> tuple[Any, Any, list[Any]]:
    """Step 2: per code the counts, percent, kappa (mean over pairs) and alpha; the
    kappa of every pair; and each code's matrix (pooled for the overall figures)."""
    import pandas as pd

    records = []
    pair_records = []
    pooled = []
    for code in code_ids:
        m = _matrix(judged, coders, code)
        pooled.append(m)
        kappas = []
        for (ia, a), (ib, b) in combinations(enumerate(coders), 2):
            both = judged.present[ia] & judged.present[ib]
            k = cohen_kappa(list(m[ia, both]), list(m[ib, both]))
            kappas.append(k)
            pair_records.append({"coder_a": a, "coder_b": b, "code_id": code, "n_units": int(both.sum()), "kappa": k})
        defined = [k for k in kappas if not math.isnan(k)]
        rec: dict[str, Any] = {"code_id": code}
        for ic, c in enumerate(coders):
            rec[f"n_{c}"] = int((m[ic] == 1).sum()) if m.size else 0
        rec.update(
            n_units=len(judged.keep),
            percent=percent_agreement(m),
            kappa=(sum(defined) / len(defined)) if defined and len(defined) == len(kappas) else math.nan,
            alpha=krippendorff_alpha(m),
        )
        records.append(rec)
    columns = ["code_id", *[f"n_{c}" for c in coders], "n_units", "percent", "kappa", "alpha"]
    per_code = pd.DataFrame.from_records(records, columns=columns)
    pairs = pd.DataFrame.from_records(pair_records, columns=["coder_a", "coder_b", "code_id", "n_units", "kappa"])
    return per_code, pairs, pooled


def _overall(per_code: Any, pooled: list[Any], coders: tuple[str, ...], code_ids: list[str]) -> dict[str, float]:
    """Step 3: every (unit, code) judgement in one table; and the mean per-code kappa."""
    import numpy as np

    big = np.concatenate(pooled, axis=1) if pooled else np.zeros((len(coders), 0))
    pooled_kappas = []
    for ia, ib in combinations(range(len(coders)), 2):
        both = ~np.isnan(big[ia]) & ~np.isnan(big[ib])
        pooled_kappas.append(cohen_kappa(list(big[ia, both]), list(big[ib, both])))
    defined_codes = per_code["kappa"].dropna()
    return {
        "percent": percent_agreement(big),
        "kappa": (sum(pooled_kappas) / len(pooled_kappas)) if pooled_kappas and not any(math.isnan(k) for k in pooled_kappas) else math.nan,
        "alpha": krippendorff_alpha(big),
        "mean_code_kappa": float(defined_codes.mean()) if len(defined_codes) else math.nan,
        "n_codes": len(code_ids),
    }


def _disagreements(judged: _Judged, units: list[Any], coders: tuple[str, ...], code_ids: list[str]) -> Any:
    """Step 4: the units where the coders' sets of codes differ, with their memos."""
    import pandas as pd

    wanted = set(code_ids)
    rows = []
    for j, i in enumerate(judged.keep):
        sets = {c: judged.given.get((c, i), set()) & wanted for ic, c in enumerate(coders) if judged.present[ic, j]}
        if len({frozenset(s) for s in sets.values()}) <= 1:
            continue
        s = units[i]
        union = set().union(*sets.values())
        rec = {"doc_id": s.doc_id, "doc_version": s.doc_version, "start": s.start, "end": s.end, "text": getattr(s, "text", "")}
        for c in coders:
            rec[f"codes_{c}"] = ", ".join(sorted(sets[c])) if c in sets else None
            rec[f"memo_{c}"] = " | ".join(judged.memos.get((c, i), [])) or None
        rec["differ"] = ", ".join(sorted(code for code in union if not all(code in v for v in sets.values())))
        rows.append(rec)
    dcols = ["doc_id", "doc_version", "start", "end", "text", *[x for c in coders for x in (f"codes_{c}", f"memo_{c}")], "differ"]
    return pd.DataFrame.from_records(rows, columns=dcols)


def compute_agreement(
    codings: Iterable[Any],
    segments: Sequence[Any],
    coders: Sequence[str],
    *,
    codes: Sequence[str] | None = None,
    unit: str = "sentence",
    documents: Iterable[str] | None = None,
) -> Agreement:
    """Agreement between ``coders`` on the ``segments`` (the units), from their ``codings``.

    ``codings``: objects with doc_id, doc_version, start, end, code_id, coder (and memo);
    suggestions are ignored. ``segments``: the units of the documents (e.g. every
    sentence), objects with doc_id, doc_version, start, end (and text). ``codes``: the
    codes to report (default: every code any of the coders used). ``documents``: the
    document ids every coder worked on (default: per coder, the documents with at least
    one coding of theirs).
    """
    coders = tuple(dict.fromkeys(coders))
    if len(coders) < 2:
        raise AgreementError(None, t("agreement_too_few_coders", n=len(coders)), t("agreement_too_few_coders_fix"))
    if unit not in UNITS:
        raise AgreementError(None, t("agreement_unknown_unit", unit=unit), t("agreement_unknown_unit_fix", units=", ".join(UNITS)))
    mine = [c for c in codings if c.coder in coders and getattr(c, "source", "manual") != "suggested"]
    units = list(segments)
    judged = _judgements(mine, units, coders, documents)
    code_ids = list(codes) if codes is not None else sorted({c.code_id for c in mine})
    per_code, pairs, pooled = _per_code(judged, coders, code_ids)
    overall = _overall(per_code, pooled, coders, code_ids)
    disagreements = _disagreements(judged, units, coders, code_ids)
    docs = sorted({units[i].doc_id for i in judged.keep})
    return Agreement(unit, coders, len(judged.keep), len(docs), per_code, overall, pairs, disagreements, tuple(docs))
