"""Joint display: the categories of a variable (rows) x codes (columns).

Each cell holds the share of the category's units that carry the code and the most
typical quote of the code from that category (the fragment closest to the code's centre,
:mod:`workbench.mixed.typical`), so the figure and the story stand side by side.

Privacy, enforced here for every caller (notebook, report, export):

- a quote that overlaps a span a co-researcher flagged as identifying is never chosen;
- a category with fewer than :data:`MIN_GROUP` respondents gets **no quote at all**, only
  its share (a quote from a group of three could tell who spoke). The guard counts distinct
  respondents (a survey respondent, or the person of an interview) behind the category's
  units; it is a constant, not a parameter, so no caller can lower it.

Example:
    >>> jd = joint_display(data, ["eenzaamheid", "meedoen"], by="hoe_vaak_eenzaam")   # doctest: +SKIP
    >>> jd.to_frame()                                                                  # doctest: +SKIP
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.i18n import add, t
from workbench.mixed.typical import typicality
from workbench.mixed.variables import respondent_key

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    import pandas as pd

    from workbench.mixed.data import MixedData
    from workbench.mixed.themes import ThemeSpans

#: a category (or case) with fewer respondents than this is never shown with a quote
MIN_GROUP = 5
#: quotes shorter than this say too little to stand for a code
MIN_QUOTE_CHARS = 20

add("joint_withheld", nl="geen citaat: minder dan {n} respondenten", en="no quote: fewer than {n} respondents")
add("joint_no_quote", nl="geen citaat", en="no quote")
add("joint_col_category", nl="categorie", en="category")
add("joint_col_n", nl="aantal", en="n")
add("joint_figure_title", nl="Aandeel met de code per categorie van '{by}'", en="Share with the code per category of '{by}'")


@dataclass(frozen=True)
class Fragment:
    """A coded fragment as the mixed tables hand it out (raw pseudonymised text)."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    text: str
    code_id: str
    initiative: str | None = None
    role: str | None = None
    kind: str = ""
    typicality: float = 0.0

    @property
    def span(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)

    @property
    def key(self) -> str:
        return f"{self.doc_id}@{self.doc_version}:{self.start}-{self.end}"


@dataclass(frozen=True)
class JointCell:
    category: str
    code: str
    n: int
    n_with: int
    n_respondents: int
    quote: Fragment | None = None
    withheld: bool = False  # fewer than MIN_GROUP respondents: no quote, by rule

    @property
    def share(self) -> float:
        return self.n_with / self.n if self.n else 0.0


@dataclass(frozen=True)
class JointDisplay:
    by: str
    unit: str
    codes: tuple[str, ...]  # the columns: code ids, then themes as ``theme:N``
    labels: dict[str, str]
    categories: tuple[str, ...]
    cells: dict[tuple[str, str], JointCell] = field(default_factory=dict)

    def cell(self, category: str, code: str) -> JointCell:
        return self.cells[(category, code)]

    def quotes(self) -> list[Fragment]:
        """Every quote the display shows."""
        return [c.quote for c in self.cells.values() if c.quote is not None]

    def cell_text(self, cell: JointCell, lang: str | None = None, *, quote_text: Any = None) -> str:
        """A cell in words: the share, then the quote (or why there is none)."""
        share = f"{cell.share * 100:.0f}% ({cell.n_with}/{cell.n})"
        if cell.withheld:
            return f"{share} — {t('joint_withheld', lang, n=MIN_GROUP)}"
        if cell.quote is None:
            return share
        text = quote_text(cell.quote) if quote_text else cell.quote.text
        return f"{share} — “{text}”"

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per category; per code a share column and a quote column."""
        import pandas as pd

        rows = []
        for cat in self.categories:
            row: dict[str, Any] = {str(t("joint_col_category", lang)): cat, str(t("joint_col_n", lang)): self.cells[(cat, self.codes[0])].n if self.codes else 0}
            for code in self.codes:
                c = self.cells[(cat, code)]
                row[f"{self.labels[code]} %"] = round(c.share * 100, 1)
                row[self.labels[code]] = (str(t("joint_withheld", lang, n=MIN_GROUP)) if c.withheld else c.quote.text if c.quote else "")
            rows.append(row)
        return pd.DataFrame(rows)

    def to_html(self, lang: str | None = None, *, quote_text: Any = None) -> str:
        """The display as an HTML table (quotes escaped)."""
        head = "".join(f"<th>{html.escape(self.labels[c])}</th>" for c in self.codes)
        body = []
        for cat in self.categories:
            cells = "".join(f'<td class="wb-joint-cell">{html.escape(self.cell_text(self.cells[(cat, c)], lang, quote_text=quote_text))}</td>' for c in self.codes)
            body.append(f"<tr><th>{html.escape(cat)}</th>{cells}</tr>")
        return f'<table class="wb-table wb-joint"><thead><tr><th>{html.escape(self.by)}</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_xlsx(self, path: Any, lang: str | None = None) -> Any:
        """The display as one sheet (as :meth:`cell_text` reads it), every cell through the
        spreadsheet guard (:mod:`workbench.cells`): a quote, a category or a theme label
        people typed stays text, never a formula."""
        from pathlib import Path

        from workbench.cells import write_xlsx

        rows = [[cat, *(self.cell_text(self.cells[(cat, c)], lang) for c in self.codes)] for cat in self.categories]
        write_xlsx(path, [self.by, *(self.labels[c] for c in self.codes)], rows, sheet="joint")
        return Path(path)

    def figure(self, lang: str | None = None) -> Any:
        """A heatmap of the shares (matplotlib Figure): categories down, codes across."""
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        import numpy as np

        shares = np.array([[self.cells[(cat, c)].share * 100 for c in self.codes] for cat in self.categories]) if self.categories else np.zeros((0, 0))
        fig, ax = plt.subplots(figsize=(1.6 + 1.5 * len(self.codes), 0.9 + 0.5 * len(self.categories)))
        ax.imshow(shares, cmap="Blues", vmin=0, vmax=max(1.0, float(shares.max()) if shares.size else 1.0), aspect="auto")
        ax.set_xticks(range(len(self.codes)), [self.labels[c] for c in self.codes], rotation=20, ha="right")
        ax.set_yticks(range(len(self.categories)), list(self.categories))
        for i, cat in enumerate(self.categories):
            for j, code in enumerate(self.codes):
                cell = self.cells[(cat, code)]
                ax.text(j, i, f"{cell.share * 100:.0f}%" + ("*" if cell.withheld else ""), ha="center", va="center", fontsize=9)
        ax.set_title(str(t("joint_figure_title", lang, by=self.by)), fontsize=10)
        fig.tight_layout()
        return fig

    def to_pptx(self, path: Any, lang: str | None = None, *, quote_text: Any = None) -> Any:
        """A PowerPoint slide with the display as a table."""
        from pathlib import Path

        from pptx import Presentation
        from pptx.util import Inches, Pt

        prs = Presentation()
        prs.slide_width, prs.slide_height = Inches(13.33), Inches(7.5)
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = str(t("joint_figure_title", lang, by=self.by))
        shape = slide.shapes.add_table(len(self.categories) + 1, len(self.codes) + 1, Inches(0.4), Inches(1.4), Inches(12.5), Inches(5.6))
        table = shape.table
        table.cell(0, 0).text = self.by
        for j, code in enumerate(self.codes, start=1):
            table.cell(0, j).text = self.labels[code]
        for i, cat in enumerate(self.categories, start=1):
            table.cell(i, 0).text = cat
            for j, code in enumerate(self.codes, start=1):
                table.cell(i, j).text = self.cell_text(self.cells[(cat, code)], lang, quote_text=quote_text)
        for row in table.rows:
            for c in row.cells:
                for para in c.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(10)
        out = Path(path)
        prs.save(str(out))
        return out


def fragments_of(data: MixedData, code: str) -> list[Fragment]:
    """The code's fragments with their typicality (flagged ones included: callers filter)."""
    codings = data.fragments(code)
    texts = [data.text_of(c) for c in codings]
    scores = typicality(texts)
    out = []
    for c, text, score in zip(codings, texts, scores):
        doc = data.docs[(c.doc_id, c.doc_version)]
        out.append(Fragment(c.doc_id, c.doc_version, c.start, c.end, text, code, doc.initiative, doc.role, doc.kind, score))
    return out


def pick_quotes(data: MixedData, fragments: list[Fragment], n: int = 1) -> list[Fragment]:
    """The ``n`` most typical fragments that may be shown: not flagged, long enough, one per document."""
    out: list[Fragment] = []
    seen: set[str] = set()
    for f in sorted(fragments, key=lambda f: (-f.typicality, f.span)):
        if data.is_flagged(f.span) or len(f.text.strip()) < MIN_QUOTE_CHARS or f.doc_id in seen:
            continue
        out.append(f)
        seen.add(f.doc_id)
        if len(out) >= n:
            break
    return out


def n_respondents(data: MixedData, doc_ids: set[tuple[str, int]]) -> int:
    """Distinct people behind these documents (a survey respondent counts once)."""
    return len({respondent_key(data.docs[d]) for d in doc_ids})


def theme_fragments(data: MixedData, theme: ThemeSpans) -> list[Fragment]:
    """A theme's members on current documents as fragments, with their typicality (the
    TF-IDF centre of the theme's own members, as for a code)."""
    spans = sorted(s for s in theme.spans if (s[0], s[1]) in data.docs)
    texts = [data.docs[(d, v)].text[start:end] for d, v, start, end in spans]
    out = []
    for (d, v, start, end), text, score in zip(spans, texts, typicality(texts)):
        doc = data.docs[(d, v)]
        out.append(Fragment(d, v, start, end, text, theme.key, doc.initiative, doc.role, doc.kind, score))
    return out


def _columns(data: MixedData, codes: Sequence[str], themes: Sequence[ThemeSpans]) -> tuple[dict[str, str], dict[str, list[Fragment]]]:
    """Per column (a code's id, or a theme's ``theme:N``): its label and its fragments."""
    from workbench.i18n import language

    labels = {c: (data.codebook.label(c, language()) if c in data.codebook else c) for c in codes}
    fragments = {code: fragments_of(data, code) for code in codes}
    for theme in themes:
        labels[theme.key] = theme.label
        fragments[theme.key] = theme_fragments(data, theme)
    return labels, fragments


def joint_display(
    data: MixedData, codes: Sequence[str] | None = None, *, by: str, unit: str | None = None, themes: Sequence[ThemeSpans] | None = None,
) -> JointDisplay:
    """Categories of ``by`` x columns (``codes``, then ``themes``): share and most typical quote per cell.

    A theme column (key ``theme:N``, see :func:`workbench.mixed.themes.theme_spans`) counts
    the units with a member of the theme; the same rules hold as for codes: no quote for a
    group of fewer than :data:`MIN_GROUP` respondents, never a flagged quote.
    """
    var = data.variable(by)
    unit = unit or ("respondent" if var.scope == "respondent" else var.scope)
    values = data.unit_values(by, unit)
    unit_docs = data.unit_docs(unit)
    present = {v for s, v in values.values() if s == "answer"}
    categories = tuple(c for c in (var.levels or sorted(x for x in present if x is not None)) if c in present)
    labels, all_fragments = _columns(data, list(codes or ()), list(themes or ()))
    columns = tuple(labels)
    covered = {key: {data.unit_id(data.docs[(f.doc_id, f.doc_version)], unit) for f in frags} for key, frags in all_fragments.items()}
    cells: dict[tuple[str, str], JointCell] = {}
    for cat in categories:
        ids = {u for u, (s, v) in values.items() if s == "answer" and v == cat}
        docs = {(d.id, d.version) for u in ids for d in unit_docs.get(u, ())}
        people = n_respondents(data, docs)
        for key in columns:
            here = [f for f in all_fragments[key] if (f.doc_id, f.doc_version) in docs]
            withheld = people < MIN_GROUP
            quote = None if withheld else next(iter(pick_quotes(data, here, 1)), None)
            cells[(cat, key)] = JointCell(cat, key, len(ids), len(ids & covered[key]), people, quote, withheld)
    return JointDisplay(by=by, unit=unit, codes=columns, labels=labels, categories=categories, cells=cells)
