"""Writing mixed-methods tables to xlsx: every text cell is written as text.

A cell that holds what people said (a quote, a summary, a category typed by a respondent)
could start with ``=``, ``+``, ``-`` or ``@`` and be run as a formula by a spreadsheet.
Such cells are written as strings (openpyxl ``data_type = "s"``), never parsed.

Example:
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> text_cell(ws, "=1+1").data_type
    's'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from workbench.mixed.crosstab import Crosstab


def text_cell(ws: Any, value: str) -> Any:
    """An openpyxl cell holding ``value`` as a string (never a formula)."""
    from openpyxl.cell.cell import Cell

    cell = Cell(ws, value=None)
    cell._value = str(value)  # set directly: the value setter would read '=...' as a formula
    cell.data_type = "s"
    return cell


def crosstabs_to_xlsx(tabs: list[Crosstab], path: str | Path, lang: str | None = None) -> Path:
    """One sheet per crosstab (the table, then the sentence) and, for several, a summary sheet first."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    if len(tabs) > 1:
        first.title = "overzicht" if (lang or _lang()) == "nl" else "summary"
        keys = ["code", "by", "unit", "n", "test", "statistic", "dof", "p", "cramers_v", "n_small_cells"]
        first.append([text_cell(first, k) for k in keys])
        for tb in tabs:
            s = tb.summary()
            first.append([text_cell(first, str(s[k])) if isinstance(s[k], str) else s[k] for k in keys])
    for i, tb in enumerate(tabs):
        ws = first if (len(tabs) == 1 and i == 0) else wb.create_sheet()
        ws.title = _sheet_name(tb.code, wb, ws)
        frame = tb.to_frame(lang)
        ws.append([text_cell(ws, str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False):
            ws.append([text_cell(ws, v) if isinstance(v, str) else (bool(v) if isinstance(v, bool) else v) for v in row])
        ws.append([])
        ws.append([text_cell(ws, tb.sentence(lang))])
    out = Path(path)
    wb.save(out)
    return out


def _sheet_name(code: str, wb: Any, ws: Any) -> str:
    base = "".join(ch for ch in code if ch not in "[]:*?/\\")[:28] or "tabel"
    name, n = base, 2
    while name in wb.sheetnames and wb[name] is not ws:
        name, n = f"{base}-{n}", n + 1
    return name


def _lang() -> str:
    from workbench.i18n import language

    return language()
