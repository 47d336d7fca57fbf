"""Framework matrix: cases (initiatives, or the categories of a variable) x codes.

Each cell lists the coded fragments of the code in the case, proposes the 1-3 most
central quotes (closest to the code's centre; flagged ones never; none at all for a case
of fewer than :data:`~workbench.mixed.joint.MIN_GROUP` respondents) and holds a short
summary that a researcher writes (in the notebook widget :mod:`workbench.apps.framework`,
or with :func:`set_summary`). Summaries are events in the store, with author and time,
like memos: the newest counts and the history is kept. They belong to the case and the
code, not to a document version, so a restart or a new version of a document keeps them.

Example:
    >>> fw = framework(data, store, rows="initiative", codes=["eenzaamheid"])   # doctest: +SKIP
    >>> fw.to_xlsx("matrix.xlsx")                                                # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import MixedError
from workbench.i18n import add, t
from workbench.mixed.joint import MIN_GROUP, Fragment, fragments_of, n_respondents, pick_quotes

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workbench.mixed.data import MixedData
    from workbench.store import Store
    from workbench.store.mixed import SummaryEvent

#: quotes proposed per cell
N_QUOTES = 3
#: codes shown when none are named: the most coded ones
DEFAULT_CODES = 6

add("framework_unknown_case", nl="geen casus '{case}' in de rijen '{rows}'", en="no case '{case}' in the rows '{rows}'")
add("framework_known_cases", nl="bekende casussen: {cases}", en="known cases: {cases}")
add("framework_code_not_in_matrix", nl="de code '{code}' staat niet in deze matrix", en="the code '{code}' is not in this matrix")
add("framework_code_not_in_matrix_fix", nl="kies een van: {codes}", en="use one of: {codes}")
add("framework_col_case", nl="casus", en="case")
add("framework_col_code", nl="code", en="code")
add("framework_col_fragments", nl="fragmenten", en="fragments")
add("framework_col_summary", nl="samenvatting", en="summary")
add("framework_col_quotes", nl="voorgestelde citaten", en="proposed quotes")
add("framework_col_text", nl="tekst", en="text")
add("framework_col_document", nl="document", en="document")
add("framework_col_author", nl="door", en="by")
add("framework_n_fragments", nl="{n} fragmenten", en="{n} fragments")
add("framework_hidden", nl="{n} gemarkeerd als herkenbaar: niet getoond", en="{n} flagged as identifying: not shown")
add("framework_sheet_matrix", nl="matrix", en="matrix")
add("framework_sheet_fragments", nl="fragmenten", en="fragments")
add("framework_title", nl="Raamwerkmatrix: {rows} x codes", en="Framework matrix: {rows} x codes")


@dataclass(frozen=True)
class FrameworkCell:
    case: str
    code: str
    fragments: tuple[Fragment, ...]  # shown ones: flagged fragments are left out
    n_hidden: int
    n_respondents: int
    quotes: tuple[Fragment, ...]
    withheld: bool
    summary: str = ""
    author: str = ""
    written_at: str = ""
    history: tuple[SummaryEvent, ...] = ()


@dataclass
class Framework:
    rows: str
    codes: tuple[str, ...]
    labels: dict[str, str]
    cases: tuple[str, ...]
    cells: dict[tuple[str, str], FrameworkCell] = field(default_factory=dict)

    def cell(self, case: str, code: str) -> FrameworkCell:
        if (case, code) not in self.cells:
            if case not in self.cases:
                raise MixedError(case, t("framework_unknown_case", case=case, rows=self.rows), t("framework_known_cases", cases=", ".join(self.cases)))
            raise MixedError(code, t("framework_code_not_in_matrix", code=code), t("framework_code_not_in_matrix_fix", codes=", ".join(self.codes)))
        return self.cells[(case, code)]

    def row(self, case: str) -> list[FrameworkCell]:
        """One case's cells (the initiative report shows its own row)."""
        return [self.cell(case, code) for code in self.codes]

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per case x code: fragments, summary, proposed quotes."""
        import pandas as pd

        out = []
        for case in self.cases:
            for code in self.codes:
                c = self.cells[(case, code)]
                out.append({
                    str(t("framework_col_case", lang)): case, str(t("framework_col_code", lang)): self.labels[code],
                    str(t("framework_col_fragments", lang)): len(c.fragments), str(t("framework_col_summary", lang)): c.summary,
                    str(t("framework_col_quotes", lang)): " | ".join(q.text for q in c.quotes),
                })
        return pd.DataFrame(out)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)

    def cell_text(self, cell: FrameworkCell, lang: str | None = None, *, quote_text: Any = None) -> str:
        """A cell in words: the summary, the proposed quotes, the counts."""
        parts = [cell.summary] if cell.summary else []
        if cell.withheld and cell.fragments:
            from workbench.mixed.joint import MIN_GROUP as n

            parts.append(str(t("joint_withheld", lang, n=n)))
        parts.extend(f"“{quote_text(q) if quote_text else q.text}”" for q in cell.quotes)
        parts.append(str(t("framework_n_fragments", lang, n=len(cell.fragments))))
        if cell.n_hidden:
            parts.append(str(t("framework_hidden", lang, n=cell.n_hidden)))
        return "\n\n".join(parts)

    def to_xlsx(self, path: str | Path, lang: str | None = None) -> Path:
        """The matrix (one sheet) and every shown fragment (another), every text cell as text."""
        from openpyxl import Workbook
        from openpyxl.styles import Alignment

        from workbench.mixed.export import text_cell

        wb = Workbook()
        ws = wb.active
        ws.title = str(t("framework_sheet_matrix", lang))
        ws.append([text_cell(ws, str(t("framework_col_case", lang)))] + [text_cell(ws, self.labels[c]) for c in self.codes])
        for case in self.cases:
            ws.append([text_cell(ws, case)] + [text_cell(ws, self.cell_text(self.cells[(case, c)], lang)) for c in self.codes])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for col in range(2, len(self.codes) + 2):
            ws.column_dimensions[ws.cell(1, col).column_letter].width = 50
        frag = wb.create_sheet(str(t("framework_sheet_fragments", lang)))
        frag.append([text_cell(frag, str(t(k, lang))) for k in ("framework_col_case", "framework_col_code", "framework_col_document", "framework_col_text")])
        for (case, code), c in self.cells.items():
            for f in c.fragments:
                frag.append([text_cell(frag, case), text_cell(frag, code), text_cell(frag, f.key), text_cell(frag, f.text)])
        out = Path(path)
        wb.save(out)
        return out

    def to_docx(self, path: str | Path, lang: str | None = None) -> Path:
        """The matrix as a Word table, one row per case (for a co-design session)."""
        import docx

        doc = docx.Document()
        doc.add_heading(str(t("framework_title", lang, rows=self.rows)), level=1)
        table = doc.add_table(rows=1, cols=len(self.codes) + 1)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = str(t("framework_col_case", lang))
        for j, code in enumerate(self.codes, start=1):
            table.rows[0].cells[j].text = self.labels[code]
        for case in self.cases:
            cells = table.add_row().cells
            cells[0].text = case
            for j, code in enumerate(self.codes, start=1):
                cells[j].text = self.cell_text(self.cells[(case, code)], lang)
        out = Path(path)
        doc.save(str(out))
        return out


def cases_of(data: MixedData, rows: str) -> tuple[dict[str, set[tuple[str, int]]], tuple[str, ...]]:
    """Per case: its documents; and the cases in order."""
    var = data.variable(rows)
    unit = "initiative" if rows == "initiative" else ("respondent" if var.scope == "respondent" else var.scope)
    values = data.unit_values(rows, unit)
    unit_docs = data.unit_docs(unit)
    docs: dict[str, set[tuple[str, int]]] = {}
    for uid, (status, value) in values.items():
        if status == "answer" and value is not None:
            docs.setdefault(value, set()).update((d.id, d.version) for d in unit_docs.get(uid, ()))
    order = [c for c in var.levels if c in docs] if var.levels else sorted(docs)
    return docs, tuple(order)


def default_codes(data: MixedData, n: int = DEFAULT_CODES) -> list[str]:
    """The most coded codes (by fragments), so a matrix without named codes is not empty."""
    counts = Counter(c.code_id for c in data.codings if c.code_id in data.codebook)
    return [code for code, _ in counts.most_common(n)]


def framework(data: MixedData, store: Store, *, rows: str = "initiative", codes: list[str] | None = None) -> Framework:
    """Build the matrix: fragments, proposed quotes and the newest summary per cell."""
    from workbench.i18n import language

    codes = list(codes) if codes else default_codes(data)
    for code in codes:
        data.check_code(code)
    docs_of, cases = cases_of(data, rows)
    events = store.framework_summary_events(rows=rows)
    labels = {c: data.codebook.label(c, language()) for c in codes}
    fw = Framework(rows=rows, codes=tuple(codes), labels=labels, cases=cases)
    for code in codes:
        fragments = fragments_of(data, code)
        for case in cases:
            here = [f for f in fragments if (f.doc_id, f.doc_version) in docs_of[case]]
            shown = tuple(f for f in here if not data.is_flagged(f.span))
            people = n_respondents(data, docs_of[case])
            withheld = people < MIN_GROUP
            history = tuple(e for e in events if e.case_value == case and e.code_id == code)
            last = history[-1] if history else None
            fw.cells[(case, code)] = FrameworkCell(
                case, code, shown, len(here) - len(shown), people,
                () if withheld else tuple(pick_quotes(data, list(shown), 3)), withheld,
                last.text if last else "", last.author if last else "", last.created_at if last else "", history,
            )
    return fw


def set_summary(data: MixedData, store: Store, *, rows: str, case: str, code: str, text: str, author: str) -> int:
    """Write a cell's summary as a new event (the old ones stay in the history)."""
    data.check_code(code)
    _, cases = cases_of(data, rows)
    if case not in cases:
        raise MixedError(case, t("framework_unknown_case", case=case, rows=rows), t("framework_known_cases", cases=", ".join(cases)))
    return store.add_framework_summary(rows, case, code, text.strip(), author=author)
