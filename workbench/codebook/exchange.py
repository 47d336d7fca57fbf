"""Codebooks in and out as tables and documents: CSV, XLSX (both ways), DOCX and Markdown (out).

A table has one row per code, in tree order, with the columns of :data:`COLUMNS`:
``id, parent, label_nl, label_en, definition, include, exclude, examples, keywords,
patterns, color, status``. ``examples`` are separated by `` | ``, ``keywords`` by ``, ``,
``patterns`` by line breaks (inside the cell). ``parent`` is the parent's id (a parent's
Dutch label is accepted too). Tables from other tools are read with common column names
(``name``/``code`` for the label, ``description``/``comment`` for the definition); a
missing id is made from the label.

:func:`export_codebook` and :func:`import_codebook` pick the format from the file suffix
(or ``fmt``): ``qdc``, ``csv``, ``xlsx``, ``docx``, ``md``.

Example:
    >>> export_codebook(cb, "codebook.xlsx")            # doctest: +SKIP
    >>> cb2 = import_codebook("codebook.xlsx")          # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Any

from workbench.codebook.model import ACTIVE, Code, Codebook, clean_text
from workbench.codebook.yaml_io import _slugify, check_codes
from workbench.errors import CodebookError, CodebookValidationError, ExchangeError, ExchangeWarning
from workbench.i18n import LANGUAGES, add, t

add("codebook_table_empty", nl="de tabel bevat geen codes", en="the table has no codes")
add(
    "codebook_table_empty_fix",
    nl="zet één code per rij, met minstens een kolom voor het label en een voor de definitie",
    en="one row per code, with at least a label and a definition column",
)
add("codebook_table_unknown_columns", nl="{where}: de kolommen {columns} horen niet bij een codeboek en zijn overgeslagen", en="{where}: columns {columns} are not codebook fields; ignored")
add("codebook_table_no_label", nl="de tabel heeft geen kolom 'label_nl' en ook geen kolom 'id'", en="the table has neither a 'label_nl' nor an 'id' column")
add("codebook_table_columns_fix", nl="gebruik de kolommen {columns}", en="use the columns {columns}")
add(
    "codebook_table_placeholders",
    nl="{where}: {n} code(s) zonder definitie ({ids}) kregen een tijdelijke tekst: schrijf de definities voordat u ermee codeert",
    en="{where}: {n} code(s) had no definition ({ids}); a placeholder was written: write definitions before coding",
)
add("codebook_table_unknown_parent", nl="code '{code}' noemt '{parent}' als bovenliggende code, maar die staat niet in de tabel", en="code '{code}' names parent '{parent}', which is not in the table")
add(
    "codebook_table_unknown_parent_fix",
    nl="schrijf in de kolom parent de id van een code uit de tabel, of laat de cel leeg",
    en="write the id of a code in the table, or leave parent empty",
)
add("codebook_table_cycle", nl="code '{code}' staat in zijn eigen tak, onder zichzelf ({chain})", en="code '{code}' is its own ancestor (a cycle: {chain})")
add(
    "codebook_table_cycle_fix",
    nl="geef een van deze codes in de kolom parent een andere bovenliggende code, of laat de cel leeg",
    en="set the parent of one of these codes to another code or leave it empty",
)
add("codebook_xlsx_unreadable", nl="dit is geen leesbaar .xlsx-bestand ({error})", en="not a readable .xlsx file ({error})")
add("codebook_xlsx_unreadable_fix", nl="sla het opnieuw op als .xlsx vanuit Excel of LibreOffice", en="save it again from Excel or LibreOffice as .xlsx")
add("codebook_sheet_empty", nl="het werkblad is leeg", en="the sheet is empty")
add("codebook_sheet_empty_fix", nl="zet de kolommen {columns} in de eerste rij", en="put the columns {columns} in the first row")
add("codebook_cannot_export", nl="kan niet exporteren naar het formaat {fmt}", en="cannot export format {fmt}")
add("codebook_cannot_import", nl="kan het formaat {fmt} niet importeren", en="cannot import format {fmt}")
add("codebook_format_fix", nl="gebruik een van {valid} (met --format of met de extensie van de bestandsnaam)", en="use one of {valid} (by --format or the file suffix)")
add("codebook_no_format", nl="(geen)", en="(none)")
add("codebook_cannot_create_folder", nl="de map kan niet worden gemaakt ({reason})", en="cannot create the folder ({reason})")
add("codebook_cannot_create_folder_fix", nl="kies een andere plek voor het bestand", en="choose another output path")
add("codebook_file_missing", nl="het bestand bestaat niet", en="the file does not exist")
add("codebook_file_missing_fix", nl="controleer de bestandsnaam en de map", en="check the path")
# the headings of a codebook written as a document (DOCX, Markdown), in the document's language
add("codebook_doc_definition", nl="Definitie", en="Definition")
add("codebook_doc_include", nl="Wel coderen", en="Include")
add("codebook_doc_exclude", nl="Niet coderen", en="Exclude")
add("codebook_doc_examples", nl="Voorbeelden", en="Examples")
add("codebook_doc_keywords", nl="Trefwoorden", en="Keywords")
add("codebook_doc_patterns", nl="Patronen", en="Patterns")
add("codebook_doc_retired", nl="vervallen: niet meer gebruiken", en="retired: do not use")
add("codebook_doc_codes", nl="codes", en="codes")

COLUMNS = ("id", "parent", "label_nl", "label_en", "definition", "include", "exclude", "examples", "keywords", "patterns", "color", "status")
EXPORT_FORMATS = ("qdc", "csv", "xlsx", "docx", "md")
IMPORT_FORMATS = ("qdc", "csv", "xlsx")
EXAMPLE_SEP = " | "

_ALIASES = {
    "id": ("id", "code_id", "code id", "slug"),
    "parent": ("parent", "parent_id", "parent id", "ouder"),
    "label_nl": ("label_nl", "label", "name", "code", "naam", "code name", "codenaam"),
    "label_en": ("label_en", "english", "engels"),
    "definition": ("definition", "definitie", "description", "beschrijving", "comment", "memo"),
    "include": ("include", "wel", "inclusie"),
    "exclude": ("exclude", "niet", "exclusie"),
    "examples": ("examples", "example", "voorbeelden", "quotes"),
    "keywords": ("keywords", "trefwoorden"),
    "patterns": ("patterns", "patronen"),
    "color": ("color", "colour", "kleur"),
    "status": ("status",),
}


# -- rows ---------------------------------------------------------------------------------
def to_rows(codebook: Codebook) -> list[dict[str, str]]:
    """One row per code, depth-first, as strings."""
    rows = []
    for _, code in codebook.walk():
        rows.append(
            {
                "id": code.id,
                "parent": code.parent or "",
                "label_nl": code.label.get("nl", ""),
                "label_en": code.label.get("en", ""),
                "definition": code.definition,
                "include": code.include,
                "exclude": code.exclude,
                "examples": EXAMPLE_SEP.join(code.examples),
                "keywords": ", ".join(code.keywords),
                "patterns": "\n".join(code.patterns),
                "color": code.color or "",
                "status": code.status,
            }
        )
    return rows


def from_rows(rows: list[tuple[int, dict[str, Any]]], path: Path, *, codebook_id: str | None = None, title: str | None = None, language: str = "nl") -> Codebook:
    """Build and validate a codebook from table rows ``(line, {column: value})``.

    >>> from_rows([(2, {"id": "buren", "label_nl": "Buren", "definition": "Hulp van buren."})], Path("codes.csv")).codes[0].id
    'buren'
    """
    where = str(path)
    if not rows:
        raise ExchangeError(where, t("codebook_table_empty"), t("codebook_table_empty_fix"))
    columns, unknown = _columns(rows[0][1])
    if unknown:
        warnings.warn(ExchangeWarning(t("codebook_table_unknown_columns", where=where, columns=", ".join(map(str, unknown)))), stacklevel=3)
    if "label_nl" not in columns and "id" not in columns:
        raise ExchangeError(where, t("codebook_table_no_label"), t("codebook_table_columns_fix", columns=", ".join(COLUMNS)))
    records, placeholders = _records(rows, columns)
    if placeholders:
        warnings.warn(ExchangeWarning(t("codebook_table_placeholders", where=where, n=len(placeholders), ids=", ".join(placeholders[:10]))), stacklevel=3)
    problems = _resolve_parents(records, where)
    cycle_problems, in_cycle = _cycles(records, where)
    problems.extend(cycle_problems)
    ordered = _ordered_codes(records, in_cycle)
    problems.extend(check_codes(ordered, (), where))
    if problems:
        raise CodebookValidationError(where, problems)
    return Codebook(id=codebook_id or _slugify(path.stem), title={"nl": title or path.stem}, language=language, codes=tuple(ordered), path=path)


def _columns(first_row: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    """({field: the table's column for it}, the columns no field takes)."""
    header = {str(k).strip().lower(): k for k in first_row}
    columns: dict[str, Any] = {}
    for field, names in _ALIASES.items():
        for name in names:
            if name in header:
                columns[field] = header[name]
                break
    unknown = [header[h] for h in header if header[h] not in columns.values() and h]
    return columns, unknown


def _cell(row: dict[str, Any], columns: dict[str, Any], field: str) -> str:
    """A cell as clean text ('' when empty or absent; 3.0 from a spreadsheet as '3')."""
    key = columns.get(field)
    value = row.get(key) if key is not None else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def _records(rows: list[tuple[int, dict[str, Any]]], columns: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """One record per non-blank row (an id made from the label when the row has none), and
    the ids of the codes that got the placeholder definition."""
    from workbench.codebook.refi import PLACEHOLDER

    records: list[dict[str, Any]] = []
    taken: set[str] = set()
    placeholders = []
    for line, row in rows:
        if not any(_cell(row, columns, f) for f in columns):
            continue  # blank row
        label = _cell(row, columns, "label_nl")
        code_id = _cell(row, columns, "id") or _slugify(label)
        if not _cell(row, columns, "id"):
            base, n = code_id, 2
            while code_id in taken:
                code_id = f"{base}-{n}"
                n += 1
        taken.add(code_id)
        definition = _cell(row, columns, "definition")
        if not definition:
            placeholders.append(code_id)
            definition = PLACEHOLDER
        records.append({"line": line, "id": code_id, "parent": _cell(row, columns, "parent"), "code": _code_fields(row, columns, label or code_id, definition)})
    return records, placeholders


def _code_fields(row: dict[str, Any], columns: dict[str, Any], label: str, definition: str) -> dict[str, Any]:
    """A row's code fields, lists split as the export writes them."""
    labels = {"nl": label}
    if _cell(row, columns, "label_en"):
        labels["en"] = _cell(row, columns, "label_en")
    patterns_cell = row.get(columns["patterns"]) if "patterns" in columns else None
    return dict(
        label=labels,
        definition=definition,
        include=_cell(row, columns, "include"),
        exclude=_cell(row, columns, "exclude"),
        examples=tuple(e.strip() for e in _cell(row, columns, "examples").split(EXAMPLE_SEP) if e.strip()),
        keywords=tuple(k.strip() for k in _cell(row, columns, "keywords").replace("|", ",").split(",") if k.strip()),
        patterns=tuple(p for p in str(patterns_cell or "").replace("\r\n", "\n").split("\n") if p.strip()),
        color=_cell(row, columns, "color").lower() or None,
        status=_cell(row, columns, "status").lower() or ACTIVE,
    )


def _resolve_parents(records: list[dict[str, Any]], where: str) -> list[CodebookError]:
    """A parent named by its Dutch label becomes its id; an unknown parent is a problem (and dropped)."""
    problems: list[CodebookError] = []
    ids = {r["id"] for r in records}
    labels_to_id = {r["code"]["label"]["nl"]: r["id"] for r in records}
    for r in records:
        p = r["parent"]
        if p and p not in ids:
            if p in labels_to_id:
                r["parent"] = labels_to_id[p]
            else:
                problems.append(CodebookError(f"{where}:{r['line']}", t("codebook_table_unknown_parent", code=r["id"], parent=p), t("codebook_table_unknown_parent_fix")))
                r["parent"] = ""
    return problems


def _cycles(records: list[dict[str, Any]], where: str) -> tuple[list[CodebookError], set[str]]:
    """Codes that are their own ancestor: a problem per cycle, and every code in one."""
    problems: list[CodebookError] = []
    parent_of = {r["id"]: r["parent"] for r in records}
    in_cycle: set[str] = set()
    for r in records:
        seen, cur = [r["id"]], parent_of.get(r["id"])
        while cur:
            if cur in seen:
                if r["id"] == cur:
                    chain = " > ".join([*seen, cur])
                    problems.append(CodebookError(f"{where}:{r['line']}", t("codebook_table_cycle", code=r["id"], chain=chain), t("codebook_table_cycle_fix")))
                    in_cycle.update(seen)
                break
            seen.append(cur)
            cur = parent_of.get(cur)
    return problems, in_cycle


def _ordered_codes(records: list[dict[str, Any]], in_cycle: set[str]) -> list[Code]:
    """The codes depth-first from the roots, each with its children; duplicates after them."""
    children: dict[str, list[str]] = {}
    for r in records:
        if r["parent"] and r["id"] not in in_cycle:
            children.setdefault(r["parent"], []).append(r["id"])
    by_id: dict[str, dict[str, Any]] = {}
    for r in records:
        by_id.setdefault(r["id"], r)
    ordered: list[Code] = []

    def visit(r: dict[str, Any]) -> None:
        ordered.append(Code(id=r["id"], parent=r["parent"] or None, children=tuple(children.get(r["id"], [])), line=r["line"], **r["code"]))
        for child in children.get(r["id"], []):
            visit(by_id[child])

    for r in records:
        if not r["parent"] and r["id"] not in in_cycle:
            visit(r)
    # duplicates are not reachable through by_id: add them so the check reports them
    seen_ids = {c.id for c in ordered}
    for r in records:
        if r["id"] in seen_ids and by_id[r["id"]] is not r:
            ordered.append(Code(id=r["id"], parent=None, line=r["line"], **r["code"]))
    return ordered


# -- CSV ----------------------------------------------------------------------------------
def export_csv(codebook: Codebook, path: str | Path) -> Path:
    """Write one row per code, separated by ';' in UTF-8 with BOM: Excel with Dutch
    settings (where ',' is the decimal comma) opens it in columns and shows é and ë right.
    :func:`import_csv` reads ',', ';' and tab alike."""
    from workbench.cells import write_csv

    return write_csv(path, list(COLUMNS), ([row[c] for c in COLUMNS] for row in to_rows(codebook)))


def import_csv(path: str | Path, **kwargs: Any) -> Codebook:
    """Read a codebook table from CSV (comma, semicolon or tab separated); the formula
    guard of :func:`export_csv` (a leading ``'``) comes off again."""
    from workbench.cells import csv_text_back

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252")  # Excel on Dutch Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # only the separator comes from the sniffer: guessed from the header line alone, its
    # quoting rules would misread a text holding quotes ("" inside a quoted cell)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    rows = []
    for row in reader:
        rows.append((reader.line_num, {k: csv_text_back(v) for k, v in row.items() if k is not None}))
    return from_rows(rows, path, **kwargs)


# -- XLSX ---------------------------------------------------------------------------------
def export_xlsx(codebook: Codebook, path: str | Path) -> Path:
    """One sheet 'codebook', one row per code, wrapped text, frozen header."""
    from openpyxl.styles import Alignment, Font

    from workbench.cells import write_xlsx

    path = Path(path)
    wb = write_xlsx(path, list(COLUMNS), ([row[c] for c in COLUMNS] for row in to_rows(codebook)), sheet="codebook")
    ws = wb.active
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = {"id": 28, "parent": 24, "label_nl": 28, "label_en": 28, "definition": 60, "include": 40, "exclude": 40, "examples": 60, "keywords": 30, "patterns": 30, "color": 10, "status": 10}
    for i, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths[name]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    wb.save(path)
    return path


def import_xlsx(path: str | Path, **kwargs: Any) -> Codebook:
    """Read a codebook table from the first sheet of an ``.xlsx`` file."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ExchangeError(str(path), t("codebook_xlsx_unreadable", error=type(exc).__name__), t("codebook_xlsx_unreadable_fix")) from None
    ws = wb.worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    wb.close()
    if not values:
        raise ExchangeError(str(path), t("codebook_sheet_empty"), t("codebook_sheet_empty_fix", columns=", ".join(COLUMNS)))
    header = [str(h) if h is not None else "" for h in values[0]]
    rows = [(i, dict(zip(header, row))) for i, row in enumerate(values[1:], start=2)]
    return from_rows(rows, Path(path), **kwargs)


# -- documents ------------------------------------------------------------------------------
def _words(lang: str) -> dict[str, str]:
    """The headings of a codebook document in ``lang`` (Dutch for a language the catalogue lacks)."""
    lang = lang if lang in LANGUAGES else "nl"
    return {
        "definition": t("codebook_doc_definition", lang),
        "include": t("codebook_doc_include", lang),
        "exclude": t("codebook_doc_exclude", lang),
        "examples": t("codebook_doc_examples", lang),
        "keywords": t("codebook_doc_keywords", lang),
        "patterns": t("codebook_doc_patterns", lang),
        "retired": t("codebook_doc_retired", lang),
        "codes": t("codebook_doc_codes", lang),
    }


def export_docx(codebook: Codebook, path: str | Path, *, lang: str = "nl") -> Path:
    """A readable codebook document: a heading per code (nested as the tree), then its fields."""
    from docx import Document

    words = _words(lang)
    path = Path(path)
    doc = Document()
    doc.add_heading(codebook.get_title(lang), level=0)
    doc.add_paragraph(f"{codebook.id} · {codebook.n_codes} {words['codes']}")
    if codebook.description:
        doc.add_paragraph(codebook.description)
    for depth, code in codebook.walk():
        heading = f"{code.get_label(lang)} ({code.id})"
        doc.add_heading(heading, level=min(depth + 1, 9))
        other = code.label.get("en" if lang == "nl" else "nl")
        if other:
            doc.add_paragraph().add_run(other).italic = True
        if not code.is_active:
            doc.add_paragraph().add_run(words["retired"]).bold = True
        for field in ("definition", "include", "exclude"):
            value = getattr(code, field)
            if value:
                p = doc.add_paragraph()
                p.add_run(words[field] + ": ").bold = True
                p.add_run(value)
        if code.examples:
            doc.add_paragraph().add_run(words["examples"]).bold = True
            for example in code.examples:
                doc.add_paragraph(example, style="Quote")
        for field in ("keywords", "patterns"):
            values = getattr(code, field)
            if values:
                p = doc.add_paragraph()
                p.add_run(words[field] + ": ").bold = True
                p.add_run(", ".join(values))
    doc.save(path)  # type: ignore[arg-type]  # python-docx annotates str | IO[bytes]; a Path works (zipfile opens it)
    return path


def to_markdown(codebook: Codebook, *, lang: str = "nl") -> str:
    """The codebook as Markdown: a heading per code, fields below, examples as quotes."""
    words = _words(lang)
    out = [f"# {codebook.get_title(lang)}", "", f"`{codebook.id}` · {codebook.n_codes} {words['codes']}", ""]
    if codebook.description:
        out += [codebook.description, ""]
    for depth, code in codebook.walk():
        out += [f"{'#' * min(depth + 2, 6)} {code.get_label(lang)} (`{code.id}`)", ""]
        other = code.label.get("en" if lang == "nl" else "nl")
        if other:
            out += [f"*{other}*", ""]
        if not code.is_active:
            out += [f"**{words['retired']}**", ""]
        for field in ("definition", "include", "exclude"):
            value = getattr(code, field)
            if value:
                out += [f"**{words[field]}:** {value}", ""]
        if code.examples:
            out += [f"**{words['examples']}:**", ""]
            for example in code.examples:
                out += ["> " + example.replace("\n", "\n> "), ""]
        if code.keywords:
            out += [f"**{words['keywords']}:** {', '.join(code.keywords)}", ""]
        if code.patterns:
            out += [f"**{words['patterns']}:** " + ", ".join(f"`{p}`" for p in code.patterns), ""]
    return "\n".join(out).rstrip() + "\n"


def export_md(codebook: Codebook, path: str | Path, *, lang: str = "nl") -> Path:
    path = Path(path)
    path.write_text(to_markdown(codebook, lang=lang), encoding="utf-8")
    return path


# -- dispatch -------------------------------------------------------------------------------
def _format(path: Path, fmt: str | None, allowed: tuple[str, ...], verb: str) -> str:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in allowed:
        shown = repr(fmt) if fmt else t("codebook_no_format")
        what = t("codebook_cannot_export", fmt=shown) if verb == "export" else t("codebook_cannot_import", fmt=shown)
        raise ExchangeError(str(path), what, t("codebook_format_fix", valid=", ".join(allowed)))
    return fmt


def export_codebook(codebook: Codebook, path: str | Path, fmt: str | None = None, *, lang: str = "nl") -> Path:
    """Write a codebook as qdc, csv, xlsx, docx or md (from ``fmt`` or the suffix)."""
    path = Path(path)
    fmt = _format(path, fmt, EXPORT_FORMATS, "export")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExchangeError(str(path), t("codebook_cannot_create_folder", reason=exc.strerror), t("codebook_cannot_create_folder_fix")) from None
    if fmt == "qdc":
        from workbench.codebook.refi import export_qdc

        return export_qdc(codebook, path)
    if fmt == "docx":
        return export_docx(codebook, path, lang=lang)
    if fmt == "md":
        return export_md(codebook, path, lang=lang)
    return {"csv": export_csv, "xlsx": export_xlsx}[fmt](codebook, path)


def import_codebook(path: str | Path, fmt: str | None = None, **kwargs: Any) -> Codebook:
    """Read a codebook from qdc, csv or xlsx (from ``fmt`` or the suffix)."""
    path = Path(path)
    fmt = _format(path, fmt, IMPORT_FORMATS, "import")
    if not path.exists():
        raise ExchangeError(str(path), t("codebook_file_missing"), t("codebook_file_missing_fix"))
    if fmt == "qdc":
        from workbench.codebook.refi import import_qdc

        return import_qdc(path, **kwargs)
    return {"csv": import_csv, "xlsx": import_xlsx}[fmt](path, **kwargs)
