"""Tables out of the workbench: retrieved fragments for a co-design session (docx, quotes
grouped per code) and any table as xlsx or CSV the way Dutch Excel opens it (``;`` as
separator, UTF-8 with a BOM so that accents survive a double click).

Example:
    >>> frame = study.retrieve("wederkerigheid")                       # doctest: +SKIP
    >>> write_fragments(frame, "reports/wederkerigheid.docx")           # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import UnknownChoiceError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMATS = ("csv", "xlsx", "docx")

add("fragments_title", nl="Gecodeerde fragmenten", en="Coded fragments")
add("fragments_none", nl="Geen fragmenten.", en="No fragments.")
add("fragments_count", nl="{n} fragmenten", en="{n} fragments")
add("fragments_memo", nl="Memo", en="Memo")


def format_of(path: str | Path, format: str | None = None) -> str:
    """The format named, or the file's extension; anything else is refused."""
    fmt = (format or Path(path).suffix.lstrip(".") or "csv").lower()
    if fmt not in FORMATS:
        raise UnknownChoiceError(str(path), t("unknown_choice", value=fmt, option="format"), t("unknown_choice_fix", valid=", ".join(FORMATS)))
    return fmt


def write_table(frame: pd.DataFrame, path: str | Path, format: str | None = None) -> Path:
    """Write a table as CSV (``;``, UTF-8 with BOM: Dutch Excel) or xlsx; text is written
    as text, never as a formula (:mod:`workbench.cells`)."""
    from workbench.cells import frame_rows, write_csv, write_xlsx

    path = Path(path)
    fmt = format_of(path, format)
    path.parent.mkdir(parents=True, exist_ok=True)
    header, rows = frame_rows(frame)
    if fmt == "xlsx":
        write_xlsx(path, header, rows)
    elif fmt == "csv":
        write_csv(path, header, rows)
    else:
        raise UnknownChoiceError(str(path), t("unknown_choice", value=fmt, option="format"), t("unknown_choice_fix", valid="csv, xlsx"))
    return path


def write_fragments(frame: pd.DataFrame, path: str | Path, format: str | None = None, *, title: str | None = None) -> Path:
    """Write retrieved fragments (:func:`workbench.coding.retrieve.retrieve`): docx with a
    heading per code and its quotes (speaker, role, initiative, document; memo), or the
    table as xlsx/CSV."""
    path = Path(path)
    fmt = format_of(path, format)
    if fmt != "docx":
        return write_table(frame, path, fmt)
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.add_heading(title or t("fragments_title"), level=0)
    if frame.empty:
        document.add_paragraph(str(t("fragments_none")))
    for (code_id, label), group in frame.groupby(["code_id", "code"], sort=False):
        document.add_heading(f"{label} ({code_id})", level=1)
        document.add_paragraph(str(t("fragments_count", n=len(group))))
        for row in group.itertuples(index=False):
            quote = document.add_paragraph(style="Quote")
            quote.add_run(f"“{row.quote}”")
            source = document.add_paragraph()
            who = " · ".join(str(x) for x in (row.speaker, row.role, row.initiative) if x and str(x) != "nan")
            run = source.add_run(f"{who} — {row.doc_id} [{row.start}-{row.end}] — {row.coder}")
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
            if isinstance(row.memo, str) and row.memo:
                memo = source.add_run(f"\n{t('fragments_memo')}: {row.memo}")
                memo.italic = True
                memo.font.size = Pt(8)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
