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

    path = Path(path)
    if not path.is_file():
        raise CodingsTableError(str(path), [CodingError(str(path), "file not found", "check the path")])
    frame, _ = read_table(path)
    columns = _map_columns(path, [str(c) for c in frame.columns])
    resolver = _Resolver(corpus)
    rows: list[CodingRow] = []
    problems: list[CodingError] = []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        values = {field: str(record.get(col, "") or "").strip() for field, col in columns.items()}
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
        missing.append("start and end, or quote")
    if missing:
        raise CodingsTableError(
            str(path),
            [CodingError(f"{path}:1", f"the header lacks {', '.join(missing)} (columns found: {', '.join(names) or 'none'})",
                         "name the columns document, start, end, code[, memo] or document, quote, code[, memo]")],
        )
    return found


def _row(values: dict[str, str], number: int, where: str, resolver: _Resolver) -> CodingRow:
    if not values.get("document"):
        raise CodingError(where, "the document is empty", "give a document id or file name")
    code = values.get("code", "")
    if not code:
        raise CodingError(where, "the code is empty", "give a code id from the codebook")
    doc = resolver.get(values["document"], where)
    memo = values.get("memo") or None
    coder = values.get("coder") or None
    start_text, end_text, quote = values.get("start", ""), values.get("end", ""), values.get("quote", "")
    if start_text or end_text:
        try:
            start, end = int(float(start_text)), int(float(end_text))
        except ValueError:
            raise CodingError(where, f"start '{start_text}' and end '{end_text}' must be whole numbers", "write character offsets, or leave both empty and give a quote") from None
        if not 0 <= start < end <= len(doc.text):
            raise CodingError(where, f"offsets {start}-{end} are outside the text of '{doc.id}' ({len(doc.text)} characters)", "use offsets from 'workbench corpus show', with start < end")
        if quote and _squash(doc.text[start:end]) != _squash(quote):
            raise CodingError(where, f"the quote does not match the text at {start}-{end} of '{doc.id}'", "correct the offsets, or leave start and end empty to look the quote up")
        return CodingRow(number, doc.id, doc.version, start, end, code, memo, coder)
    if not quote:
        raise CodingError(where, "neither offsets nor a quote", "give start and end, or the quoted text")
    found = find_quote(doc.text, quote)
    if not found:
        raise CodingError(where, f"the quote ({len(quote)} characters) is not in the text of '{doc.id}'", "copy it from 'workbench corpus show' (names are pseudonymised there)")
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
            raise CodingError(where, f"'{name}' names {len(ids)} documents ({', '.join(ids[:3])}{', ...' if len(ids) > 3 else ''})", "use the document id instead")
        import difflib

        close = difflib.get_close_matches(name, list(self._docs), n=2, cutoff=0.6)
        hint = "did you mean " + " or ".join(close) + "?" if close else "see 'workbench corpus list' for the ids"
        raise CodingError(where, f"no document '{name}' in the corpus", hint)


def write_codings_table(rows: list[Any], path: str | Path) -> Path:
    """Write codings (anything with doc_id, start, end, code_id and maybe memo/coder) as a
    UTF-8 CSV that :func:`read_codings_table` reads back."""
    import csv

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "memo", "coder"])
        for r in rows:
            writer.writerow([r.doc_id, r.start, r.end, r.code_id, getattr(r, "memo", None) or "", getattr(r, "coder", None) or ""])
    return path
