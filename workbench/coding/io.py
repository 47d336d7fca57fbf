"""Codings from a table: the spreadsheet format of ``workbench code import`` and of a
gold coding for ``workbench evaluate``.

One row per coding, in either of two forms (CSV with ``,`` ``;`` or tab, UTF-8 with or
without BOM or Windows-1252; or ``.xlsx``):

- ``document, start, end, code[, memo]``: offsets in code points into the stored
  (pseudonymised) text, as ``workbench corpus show`` prints them;
- ``document, quote, code[, memo]``: the quote is looked up in the document's text
  (exactly, else ignoring case and runs of white space), so a table made in another
  tool or by hand works without offsets.

``document`` is a document id (``austerlitz-zorgt/interview-01-bewoner``), its file
path as in the metadata sheet, or a bare file name when that is unique. Dutch column
names work too (``document``/``bestand``, ``begin``/``eind``, ``citaat``, ``notitie``),
and an optional ``coder`` column names who coded the row. Every problem in the file is
reported at once, with its line, in one :class:`CodingsTableError`.

Example:
    >>> rows = read_codings_table("gold.csv", study.corpus)      # doctest: +SKIP
    >>> rows[0].doc_id, rows[0].start, rows[0].end, rows[0].code_id   # doctest: +SKIP
    ('voorzorgcirkels/interview-03-coordinator', 120, 188, 'wederkerigheid')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from workbench.errors import CodingError, CodingsTableError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.corpus.model import Corpus, Document

#: accepted column names (lower case, spaces and dashes as underscores) per field
COLUMNS: dict[str, tuple[str, ...]] = {
    "document": ("document", "doc", "doc_id", "document_id", "documentnaam", "bestand", "file", "file_name", "filename", "bron", "source"),
    "start": ("start", "begin", "van", "from", "start_offset"),
    "end": ("end", "eind", "einde", "tot", "to", "stop", "end_offset"),
    "code": ("code", "code_id", "codes"),
    "memo": ("memo", "notitie", "opmerking", "comment", "toelichting"),
    "quote": ("quote", "citaat", "fragment", "text", "tekst", "passage"),
    "coder": ("coder", "codeur", "codeerder", "annotator"),
}


add("codings_table_missing", nl="het bestand bestaat niet", en="the file does not exist")
add("codings_table_missing_fix", nl="controleer de map en de naam van het bestand", en="check the folder and the file name")
add("codings_table_header", nl="de kopregel (de eerste regel, met de kolomnamen) mist {missing} (gevonden kolommen: {names})", en="the header lacks {missing} (columns found: {names})")
add("codings_table_offsets_or_quote", nl="start en end, of quote", en="start and end, or quote")
add("codings_table_no_columns", nl="geen", en="none")
add(
    "codings_table_header_fix",
    nl="noem de kolommen document, start, end, code[, memo] of document, quote, code[, memo] (Nederlandse namen mogen ook: bestand, begin, eind, citaat, notitie)",
    en="name the columns document, start, end, code[, memo] or document, quote, code[, memo] (Dutch names work too: bestand, begin, eind, citaat, notitie)",
)
add("codings_table_no_document", nl="de kolom document is leeg", en="the document is empty")
add("codings_table_no_document_fix", nl="vul het id van het document of de naam van het bestand in", en="give a document id or file name")
add("codings_table_no_code", nl="de kolom code is leeg", en="the code is empty")
add("codings_table_no_code_fix", nl="vul het id van een code uit het codeboek in", en="give a code id from the codebook")
add("codings_table_not_numbers", nl="start '{start}' en end '{end}' moeten hele getallen zijn", en="start '{start}' and end '{end}' must be whole numbers")
add(
    "codings_table_not_numbers_fix",
    nl="schrijf de posities van de tekens (zoals 'workbench corpus show' ze toont), of laat beide leeg en geef het citaat in de kolom quote",
    en="write character offsets (as 'workbench corpus show' prints them), or leave both empty and give the quote in the quote column",
)
add(
    "codings_table_outside",
    nl="de posities {start}-{end} vallen buiten de tekst van '{doc_id}' ({n} tekens)",
    en="offsets {start}-{end} are outside the text of '{doc_id}' ({n} characters)",
)
add("codings_table_outside_fix", nl="neem de posities over uit 'workbench corpus show', met start kleiner dan end", en="use offsets from 'workbench corpus show', with start < end")
add("codings_table_quote_mismatch", nl="het citaat komt niet overeen met de tekst op {start}-{end} van '{doc_id}'", en="the quote does not match the text at {start}-{end} of '{doc_id}'")
add(
    "codings_table_quote_mismatch_fix",
    nl="verbeter start en end, of laat ze leeg: dan wordt het citaat in de tekst opgezocht",
    en="correct the offsets, or leave start and end empty to look the quote up",
)
add("codings_table_no_span", nl="geen posities (start en end) en geen citaat", en="neither offsets nor a quote")
add("codings_table_no_span_fix", nl="vul start en end in, of zet de geciteerde tekst in de kolom quote", en="give start and end, or the quoted text")
add(
    "codings_table_quote_not_found",
    nl="het citaat ({n} tekens) staat niet in de tekst van '{doc_id}'",
    en="the quote ({n} characters) is not in the text of '{doc_id}'",
)
add(
    "codings_table_quote_not_found_fix",
    nl="kopieer het uit 'workbench corpus show' (namen zijn daar al vervangen door pseudoniemen)",
    en="copy it from 'workbench corpus show' (names are pseudonymised there)",
)
add("codings_table_ambiguous", nl="'{name}' past bij {n} documenten ({ids})", en="'{name}' names {n} documents ({ids})")
add("codings_table_ambiguous_fix", nl="gebruik het id van het document ('workbench corpus list --ids' toont ze)", en="use the document id instead ('workbench corpus list --ids' shows them)")
add("codings_table_unknown_document", nl="geen document '{name}' in het corpus", en="no document '{name}' in the corpus")


@dataclass(frozen=True)
class CodingRow:
    """One coding read from a table: a code on a span of a stored document version.

    ``line`` is the row's line in the file (the header is line 1); ``occurrences`` is how
    often a quote was found (the first one is taken), 1 for rows with offsets.
    """

    line: int
    doc_id: str
    doc_version: int
    start: int
    end: int
    code_id: str
    memo: str | None = None
    coder: str | None = None
    occurrences: int = 1

    @property
    def span(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)


def read_codings_table(path: str | Path, corpus: Corpus) -> list[CodingRow]:
    """Read codings from a CSV or XLSX file against the stored corpus (current versions).

    Raises :class:`CodingsTableError` listing every row that names an unknown document,
    has bad offsets or a quote that is not in the text; nothing is returned then.
    """
    from workbench.corpus.readers import read_table
    from workbench.cells import csv_text_back

    path = Path(path)
    if not path.is_file():
        raise CodingsTableError(str(path), [CodingError(str(path), t("codings_table_missing"), t("codings_table_missing_fix"))])
    frame, _ = read_table(path)
    columns = _map_columns(path, [str(c) for c in frame.columns])
    resolver = _Resolver(corpus)
    rows: list[CodingRow] = []
    problems: list[CodingError] = []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        values = {field: csv_text_back(str(record.get(col, "") or "").strip()).strip() for field, col in columns.items()}
        if not any(values.values()):
            continue  # an empty line at the end of a sheet
        where = f"{path}:{number}"
        try:
            rows.append(_row(values, number, where, resolver))
        except CodingError as exc:
            problems.append(exc)
    if problems:
        raise CodingsTableError(str(path), problems)
    return rows


def _map_columns(path: Path, names: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        key = re.sub(r"[\s\-]+", "_", name.strip().lower())
        for field, aliases in COLUMNS.items():
            if key in aliases and field not in found:
                found[field] = name
    missing = [f for f in ("document", "code") if f not in found]
    has_offsets = "start" in found and "end" in found
    if not has_offsets and "quote" not in found:
        missing.append(t("codings_table_offsets_or_quote"))
    if missing:
        header = t("codings_table_header", missing="; ".join(missing), names=", ".join(names) or t("codings_table_no_columns"))
        raise CodingsTableError(str(path), [CodingError(f"{path}:1", header, t("codings_table_header_fix"))])
    return found


def _row(values: dict[str, str], number: int, where: str, resolver: _Resolver) -> CodingRow:
    if not values.get("document"):
        raise CodingError(where, t("codings_table_no_document"), t("codings_table_no_document_fix"))
    code = values.get("code", "")
    if not code:
        raise CodingError(where, t("codings_table_no_code"), t("codings_table_no_code_fix"))
    doc = resolver.get(values["document"], where)
    memo = values.get("memo") or None
    coder = values.get("coder") or None
    start_text, end_text, quote = values.get("start", ""), values.get("end", ""), values.get("quote", "")
    if start_text or end_text:
        try:
            start, end = int(float(start_text)), int(float(end_text))
        except ValueError:
            raise CodingError(where, t("codings_table_not_numbers", start=start_text, end=end_text), t("codings_table_not_numbers_fix")) from None
        if not 0 <= start < end <= len(doc.text):
            raise CodingError(where, t("codings_table_outside", start=start, end=end, doc_id=doc.id, n=len(doc.text)), t("codings_table_outside_fix"))
        if quote and _squash(doc.text[start:end]) != _squash(quote):
            raise CodingError(where, t("codings_table_quote_mismatch", start=start, end=end, doc_id=doc.id), t("codings_table_quote_mismatch_fix"))
        return CodingRow(number, doc.id, doc.version, start, end, code, memo, coder)
    if not quote:
        raise CodingError(where, t("codings_table_no_span"), t("codings_table_no_span_fix"))
    found = find_quote(doc.text, quote)
    if not found:
        raise CodingError(where, t("codings_table_quote_not_found", n=len(quote), doc_id=doc.id), t("codings_table_quote_not_found_fix"))
    start, end = found[0]
    return CodingRow(number, doc.id, doc.version, start, end, code, memo, coder, occurrences=len(found))


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans where ``quote`` occurs in ``text``: exact matches, else ignoring case and
    runs of white space (a quote copied from a PDF or a wrapped cell)."""
    exact = [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)] if quote else []
    if exact:
        return exact
    words = quote.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]


class _Resolver:
    """Document id, file path or unique bare file name -> the current Document."""

    def __init__(self, corpus: Corpus) -> None:
        self._corpus = corpus
        self._docs: dict[str, Document] = {d.id: d for d in corpus.documents()}
        self._by_path: dict[str, list[str]] = {}
        for d in self._docs.values():
            p = PurePosixPath(d.source_path.replace("\\", "/"))
            for key in {str(p), p.name, str(p.with_suffix("")), p.stem}:
                self._by_path.setdefault(key.lower(), []).append(d.id)

    def get(self, name: str, where: str) -> Document:
        if name in self._docs:
            return self._docs[name]
        ids = sorted(set(self._by_path.get(name.replace("\\", "/").lower(), [])))
        if len(ids) == 1:
            return self._docs[ids[0]]
        if len(ids) > 1:
            raise CodingError(where, t("codings_table_ambiguous", name=name, n=len(ids), ids=", ".join(ids[:3]) + (", ..." if len(ids) > 3 else "")), t("codings_table_ambiguous_fix"))
        import difflib

        close = difflib.get_close_matches(name, list(self._docs), n=2, cutoff=0.6)
        hint = t("did_you_mean", names=", ".join(close)) if close else t("document_missing_fix")
        raise CodingError(where, t("codings_table_unknown_document", name=name), hint)


def write_codings_table(rows: list[Any], path: str | Path) -> Path:
    """Write codings (anything with doc_id, start, end, code_id and maybe memo/coder) as a
    UTF-8 CSV that :func:`read_codings_table` reads back."""
    from workbench.cells import write_csv

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = ([r.doc_id, r.start, r.end, r.code_id, getattr(r, "memo", None) or "", getattr(r, "coder", None) or ""] for r in rows)
    # text through the formula guard (a memo may start with '='); read_codings_table takes it off
    return write_csv(path, ["document", "start", "end", "code", "memo", "coder"], table, delimiter=",", encoding="utf-8")
