"""Crosstabs: a code against a variable at a declared unit, with a test suited to the table.

For each category of the variable: how many units (documents, respondents or initiatives)
there are and how many carry the code (the code or one of its children, coded by a
person; suggestions never count). "Weet niet" and missing answers get rows of their own
and are left out of the test. The test:

- **Cochran-Armitage trend test** for an ordered variable with three or more categories
  (does the share rise or fall along the order?); its statistic is N·r² with r the
  Pearson correlation between the category's rank and carrying the code;
- **Fisher's exact test** for a 2x2 table with an expected count under 5;
- **chi-square** (Pearson, no continuity correction) otherwise;

with **Cramér's V** as effect size (for a table of two columns it equals |phi|). Cells with an
expected count under 5 are flagged (never hidden), and a plain sentence says what the table
shows and what it does not.

Example:
    >>> tab = crosstab(data, "eenzaamheid", by="hoe_vaak_eenzaam", unit="respondent")   # doctest: +SKIP
    >>> tab.test, round(tab.p, 3), round(tab.cramers_v, 2)                              # doctest: +SKIP
    ('trend', 0.004, 0.21)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workbench.mixed.data import MixedData

#: an expected count under this is a small cell (the chi-square approximation weakens)
SMALL_EXPECTED = 5.0
#: a category with fewer units than this is marked small in the table
SMALL_ROW = 5

add("crosstab_test_trend", nl="trendtoets (Cochran-Armitage)", en="trend test (Cochran-Armitage)")
add("crosstab_test_fisher", nl="exacte toets van Fisher", en="Fisher's exact test")
add("crosstab_test_chi2", nl="chi-kwadraattoets", en="chi-square test")
add("crosstab_test_none", nl="geen toets", en="no test")
add("crosstab_unit_document", nl="documenten", en="documents")
add("crosstab_unit_respondent", nl="respondenten", en="respondents")
add("crosstab_unit_initiative", nl="initiatieven", en="initiatives")
add("crosstab_dont_know", nl="weet niet", en="don't know")
add("crosstab_missing", nl="geen antwoord", en="no answer")
add("crosstab_col_category", nl="categorie", en="category")
add("crosstab_col_n", nl="aantal", en="n")
add("crosstab_col_with", nl="met code", en="with code")
add("crosstab_col_share", nl="aandeel", en="share")
add("crosstab_col_small", nl="kleine cel", en="small cell")
add("crosstab_col_in_test", nl="in toets", en="in test")
add("crosstab_strength_none", nl="nauwelijks verband", en="hardly any association")
add("crosstab_strength_weak", nl="zwak verband", en="weak association")
add("crosstab_strength_moderate", nl="matig verband", en="moderate association")
add("crosstab_strength_strong", nl="sterk verband", en="strong association")
add(
    "crosstab_sentence_shares",
    nl="Van de {units} die '{hi}' antwoordden heeft {share_hi} iets over '{code}' gezegd, van wie '{lo}' antwoordde {share_lo}.",
    en="Of the {units} who answered '{hi}', {share_hi} said something about '{code}'; of those who answered '{lo}', {share_lo}.",
)
add(
    "crosstab_sentence_test",
    nl="{test}: p {p}, Cramér's V = {v} ({strength}).",
    en="{test}: p {p}, Cramér's V = {v} ({strength}).",
)
add(
    "crosstab_sentence_chance",
    nl="Zo'n verschil kan ook door toeval ontstaan (p ≥ 0,05).",
    en="A difference like this can also arise by chance (p ≥ 0.05).",
)
add(
    "crosstab_sentence_notest",
    nl="Geen toets: {reason}.",
    en="No test: {reason}.",
)
add("crosstab_reason_categories", nl="er is maar één categorie met antwoorden", en="only one category has answers")
add("crosstab_reason_constant", nl="de code komt bij iedereen of bij niemand voor", en="the code occurs for everyone or for no one")
add(
    "crosstab_sentence_limits",
    nl="Dit laat samenhang zien in deze {n} {units}, geen oorzaak. 'Weet niet' ({n_dk}) en geen antwoord ({n_miss}) tellen niet mee in de toets. Wie de code niet heeft, kan er toch iets over gezegd hebben dat niet (of nog niet) gecodeerd is.",
    en="This shows association in these {n} {units}, not cause. 'Don't know' ({n_dk}) and no answer ({n_miss}) are left out of the test. A unit without the code may still have said something about it that was not (yet) coded.",
)
add(
    "crosstab_sentence_small",
    nl="{n_small} van de {n_cells} cellen hebben een verwachte telling onder 5: lees de uitkomst voorzichtig.",
    en="{n_small} of the {n_cells} cells have an expected count under 5: read the result with care.",
)


@dataclass(frozen=True)
class CrosstabRow:
    """One category of the variable: units, units with the code, their share."""

    category: str
    n: int
    n_with: int
    status: str = "answer"  # answer, dont_know, missing

    @property
    def share(self) -> float:
        return self.n_with / self.n if self.n else 0.0

    @property
    def is_small(self) -> bool:
        return 0 < self.n < SMALL_ROW


@dataclass(frozen=True)
class Crosstab:
    """A code x variable table at one unit, with its test, effect size and sentence."""

    code: str
    code_label: str
    by: str
    unit: str
    var_type: str
    rows: tuple[CrosstabRow, ...]
    test: str = "none"  # trend, fisher, chi2, none
    statistic: float | None = None
    dof: int | None = None
    p: float | None = None
    cramers_v: float | None = None
    n_small_cells: int = 0
    n_cells: int = 0
    reason: str = ""  # why no test
    expected: tuple[tuple[float, float], ...] = field(default=(), repr=False)

    @property
    def answer_rows(self) -> tuple[CrosstabRow, ...]:
        return tuple(r for r in self.rows if r.status == "answer")

    @property
    def n(self) -> int:
        return sum(r.n for r in self.answer_rows)

    def observed(self) -> list[list[int]]:
        """The tested table: per answered category [with code, without code]."""
        return [[r.n_with, r.n - r.n_with] for r in self.answer_rows if r.n]

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per category (answers in order, then "weet niet" and no answer)."""
        import pandas as pd

        cols = [str(t(k, lang)) for k in ("crosstab_col_category", "crosstab_col_n", "crosstab_col_with", "crosstab_col_share", "crosstab_col_small", "crosstab_col_in_test")]
        rows = []
        for r in self.rows:
            label = r.category if r.status == "answer" else str(t("crosstab_dont_know" if r.status == "dont_know" else "crosstab_missing", lang))
            rows.append([label, r.n, r.n_with, round(r.share, 4), r.is_small, r.status == "answer"])
        return pd.DataFrame(rows, columns=cols)

    def sentence(self, lang: str | None = None) -> str:
        """What the table shows and what it does not, in plain words."""
        units = str(t(f"crosstab_unit_{self.unit}", lang))
        parts = []
        answered = [r for r in self.answer_rows if r.n]
        if len(answered) >= 2:
            hi = max(answered, key=lambda r: (r.share, r.n))
            lo = min(answered, key=lambda r: (r.share, -r.n))
            parts.append(str(t("crosstab_sentence_shares", lang, units=units, hi=hi.category, lo=lo.category, code=self.code_label,
                                share_hi=_pct(hi.share, lang), share_lo=_pct(lo.share, lang))))
        if self.test == "none" or self.p is None:
            parts.append(str(t("crosstab_sentence_notest", lang, reason=t(self.reason, lang) if self.reason else "")))
        else:
            name = str(t(f"crosstab_test_{self.test}", lang))
            parts.append(str(t("crosstab_sentence_test", lang, test=name[:1].upper() + name[1:], p=_p(self.p, lang),
                                v=_num(self.cramers_v or 0.0, lang), strength=t(f"crosstab_strength_{strength(self.cramers_v or 0.0)}", lang))))
            if self.p >= 0.05:
                parts.append(str(t("crosstab_sentence_chance", lang)))
        if self.n_small_cells:
            parts.append(str(t("crosstab_sentence_small", lang, n_small=self.n_small_cells, n_cells=self.n_cells)))
        n_dk = sum(r.n for r in self.rows if r.status == "dont_know")
        n_miss = sum(r.n for r in self.rows if r.status == "missing")
        parts.append(str(t("crosstab_sentence_limits", lang, n=self.n, units=units, n_dk=n_dk, n_miss=n_miss)))
        return " ".join(parts)

    def summary(self) -> dict[str, Any]:
        """One line for a list of crosstabs (``--all``)."""
        return {"code": self.code, "by": self.by, "unit": self.unit, "n": self.n, "test": self.test, "statistic": self.statistic,
                "dof": self.dof, "p": self.p, "cramers_v": self.cramers_v, "n_small_cells": self.n_small_cells}

    def _repr_html_(self) -> str:
        import html

        return f"<p><b>{html.escape(self.code_label)} × {html.escape(self.by)}</b></p>" + self.to_frame().to_html(index=False) + f"<p>{html.escape(self.sentence())}</p>"


def strength(v: float) -> str:
    """Words for Cramér's V (Cohen's bands for a table with one degree of freedom per row)."""
    return "none" if v < 0.1 else "weak" if v < 0.3 else "moderate" if v < 0.5 else "strong"


def _num(x: float, lang: str | None) -> str:
    text = f"{x:.2f}"
    return text.replace(".", ",") if (lang or _lang()) == "nl" else text


def _pct(x: float, lang: str | None) -> str:
    return f"{x * 100:.0f}%"


def _p(p: float, lang: str | None) -> str:
    if p < 0.001:
        return "< 0,001" if (lang or _lang()) == "nl" else "< 0.001"
    text = f"= {p:.3f}"
    return text.replace(".", ",") if (lang or _lang()) == "nl" else text


def _lang() -> str:
    from workbench.i18n import language

    return language()


def _categories(data: MixedData, by: str, values: dict[str, tuple[str, str | None]]) -> list[str]:
    var = data.variable(by)
    if var.levels:
        return list(var.levels)
    answers = {v for s, v in values.values() if s == "answer" and v is not None}
    if var.type == "numeric":
        return sorted(answers, key=float)
    return sorted(answers)


def crosstab(data: MixedData, code: str, *, by: str, unit: str | None = None) -> Crosstab:
    """Cross a code with a variable at a unit (default: the variable's own: respondent for a
    survey question, document for a metadata column, initiative for an initiative's)."""
    var = data.variable(by)
    unit = unit or ("respondent" if var.scope == "respondent" else var.scope)
    values = data.unit_values(by, unit)
    coded = data.coded_units(code, unit)
    rows: list[CrosstabRow] = []
    for cat in _categories(data, by, values):
        ids = [u for u, (s, v) in values.items() if s == "answer" and v == cat]
        rows.append(CrosstabRow(cat, len(ids), sum(1 for u in ids if u in coded)))
    for status in ("dont_know", "missing"):
        ids = [u for u, (s, _) in values.items() if s == status]
        if ids:
            rows.append(CrosstabRow(status, len(ids), sum(1 for u in ids if u in coded), status))
    label = data.codebook.label(code, _lang()) if code in data.codebook else code
    base = Crosstab(code=code, code_label=label, by=by, unit=unit, var_type=var.type, rows=tuple(rows))
    return _tested(base, ordered=var.is_ordered)


def _tested(tab: Crosstab, *, ordered: bool) -> Crosstab:
    """The table with the test that suits it."""
    import dataclasses

    import numpy as np
    from scipy import stats
    from scipy.stats.contingency import association, expected_freq

    observed = np.array(tab.observed(), dtype=float)
    if observed.shape[0] < 2:
        return dataclasses.replace(tab, reason="crosstab_reason_categories")
    if observed[:, 0].sum() == 0 or observed[:, 1].sum() == 0:
        return dataclasses.replace(tab, reason="crosstab_reason_constant")
    expected = expected_freq(observed)
    n_small = int((expected < SMALL_EXPECTED).sum())
    chi2, p_chi2, dof, _ = stats.chi2_contingency(observed, correction=False)
    v = float(association(observed.astype(int), method="cramer"))
    tab = dataclasses.replace(tab, cramers_v=v, n_small_cells=n_small, n_cells=int(observed.size), expected=tuple((float(a), float(b)) for a, b in expected))
    if ordered and observed.shape[0] >= 3:
        stat, p = cochran_armitage(observed)
        return dataclasses.replace(tab, test="trend", statistic=stat, dof=1, p=p)
    if observed.shape == (2, 2) and n_small:
        _, p_exact = stats.fisher_exact(observed.astype(int))
        return dataclasses.replace(tab, test="fisher", p=float(p_exact))
    return dataclasses.replace(tab, test="chi2", statistic=float(chi2), dof=int(dof), p=float(p_chi2))


def cochran_armitage(observed: Any, scores: Any = None) -> tuple[float, float]:
    """Cochran-Armitage trend test for a k x 2 table ([with, without] per ordered category).

    Returns (chi-square statistic with one degree of freedom, two-sided p).

    >>> round(cochran_armitage([[1, 9], [5, 5], [9, 1]])[0], 3)
    12.8
    """
    import numpy as np
    from scipy import stats

    table = np.asarray(observed, dtype=float)
    k = table.shape[0]
    x = np.arange(k, dtype=float) if scores is None else np.asarray(scores, dtype=float)
    n_i = table.sum(axis=1)
    n = n_i.sum()
    p_hat = table[:, 0].sum() / n
    t_stat = float(np.sum(x * (table[:, 0] - n_i * p_hat)))
    var = p_hat * (1 - p_hat) * float(np.sum(n_i * x**2) - np.sum(n_i * x) ** 2 / n)
    if var <= 0:
        return 0.0, 1.0
    stat = t_stat**2 / var
    return float(stat), float(stats.chi2.sf(stat, 1))


def crosstab_all(data: MixedData, *, by: str, unit: str | None = None, codes: list[str] | None = None) -> list[Crosstab]:
    """One crosstab per code (the codes anyone applied, or the given ones), strongest first."""
    used = sorted({c.code_id for c in data.codings if c.code_id in data.codebook}) if codes is None else codes
    tabs = [crosstab(data, code, by=by, unit=unit) for code in used]
    return sorted(tabs, key=lambda tb: (tb.p is None, tb.p if tb.p is not None else 1.0, tb.code))


def crosstabs_frame(tabs: list[Crosstab]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([tb.summary() for tb in tabs])


def is_finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)
