"""Cells of a spreadsheet the workbench writes: text stays text.

Quotes, memos, document ids, metadata values, theme labels and co-researchers' comments
come from people outside the team (an open survey answer is typed by anyone). Text that
starts with ``=`` in a spreadsheet cell is a formula: ``=HYPERLINK("http://...","klik")``
in a transcript would become a live link (or worse) the moment a researcher opens the
export in Excel or LibreOffice. Every table export goes through this module:

- **xlsx**: a text value is written as a *string cell* (``data_type == "s"``), never a
  formula, whatever it starts with (:func:`xlsx_cell`, :func:`write_xlsx`).
- **csv**: a text value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets one apostrophe in front (``'=HYPERLINK(...)``, ``'-1``, ``'@SUM(1)``): the
  usual guard, which spreadsheet programs show as text (:func:`csv_cell`,
  :func:`write_csv`). The workbench's own readers take the apostrophe off again
  (:func:`csv_text_back`), so an export read back in gives the same text.

Numbers the workbench computes itself (offsets, counts, kappa) are not text: they stay
numbers in both formats.

Example:
    >>> csv_cell('=HYPERLINK("http://x","klik")')
    '\\'=HYPERLINK("http://x","klik")'
    >>> csv_cell(-1), csv_cell("-1"), csv_text_back("'-1")
    (-1, "'-1", '-1')
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: first characters that make a spreadsheet program read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# one guard apostrophe before text that would be a formula; text that already starts with
# apostrophes before such a character gets one more, so that taking one off is exact
_GUARDED = re.compile(r"^'*[=+\-@\t\r]")
_UNGUARD = re.compile(r"^'+[=+\-@\t\r]")


def csv_cell(value: Any) -> Any:
    """A value as a csv cell: text that a spreadsheet would run as a formula gets ``'``
    in front; anything that is not text (a number the workbench computed) is unchanged.

    Example:
        >>> csv_cell("@SUM(1)"), csv_cell("gewoon"), csv_cell(0.5)
        ("'@SUM(1)", 'gewoon', 0.5)
    """
    if isinstance(value, str) and _GUARDED.match(value):
        return "'" + value
    return value


def csv_text_back(value: Any) -> Any:
    """Undo :func:`csv_cell` on text read from a csv file the workbench wrote.

    Example:
        >>> csv_text_back("'=1+1"), csv_text_back("'t Hofje")
        ('=1+1', "'t Hofje")
    """
    if isinstance(value, str) and _UNGUARD.match(value):
        return value[1:]
    return value


def _plain(value: Any) -> Any:
    """A pandas/numpy value as a plain Python one (None for a missing value)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()  # numpy scalars
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    if value.__class__.__name__ in ("NaTType", "NAType"):
        return None
    return value


def xlsx_cell(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one value into an openpyxl worksheet: text as a string cell (never a formula),
    numbers as numbers. Returns the cell.

    Example:
        >>> from openpyxl import Workbook
        >>> xlsx_cell(Workbook().active, 1, 1, "=1+1").data_type
        's'
    """
    value = _plain(value)
    if value is not None and not isinstance(value, (str, int, float, bool)) and not hasattr(value, "isoformat"):
        value = str(value)  # lists, dicts, paths: their text
    if getattr(value, "tzinfo", None) is not None:
        value = value.isoformat()  # Excel has no time zones: the moment as text
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes text starting with '=' a formula: keep it text
    return cell


def write_xlsx(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1") -> Any:
    """Write a header and rows as one sheet through :func:`xlsx_cell`; returns the
    workbook (saved already) so that a caller may style it and save again.

    Example:
        >>> write_xlsx("out.xlsx", ["quote"], [["=1+1"]])   # doctest: +SKIP
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for j, name in enumerate(header, start=1):
        xlsx_cell(ws, 1, j, str(name))
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            xlsx_cell(ws, i, j, value)
    wb.save(str(path))
    return wb


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> Path:
    """Write a header and rows as csv, every cell through :func:`csv_cell` (``;`` and
    UTF-8 with BOM by default: Dutch Excel opens it in columns with é and ë right).

    Example:
        >>> write_csv("out.csv", ["quote"], [["=1+1"]])     # doctest: +SKIP
    """
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([csv_cell(str(h)) for h in header])
        for row in rows:
            writer.writerow(["" if (v := _plain(x)) is None else csv_cell(v) for x in row])
    return path


def frame_rows(frame: Any) -> tuple[list[str], list[list[Any]]]:
    """A pandas DataFrame as (header, rows) of plain values, for :func:`write_csv` / :func:`write_xlsx`."""
    header = [str(c) for c in frame.columns]
    rows = [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return header, rows


__all__ = ["FORMULA_STARTS", "csv_cell", "csv_text_back", "frame_rows", "write_csv", "write_xlsx", "xlsx_cell"]
