"""The metadata sheet beside the files: ``metadata.csv`` or ``metadata.xlsx``.

One row per file::

    file,initiative,role,date,interviewer,consent,kind
    austerlitz-zorgt/interview-01.docx,Austerlitz Zorgt,bewoner,2024-03-14,Lotte de Wit,ja,interview

``file`` is the path relative to the corpus folder (a bare file name works when it is
unique). Dutch column names work too (bestand, initiatief, rol, datum, toestemming,
soort). Problems are collected, never raised: files without a row, rows without a
file, ambiguous names, unknown columns and roles are each reported on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import ReadError
from workbench.i18n import add, t

# the problems a metadata sheet can have (one line each in the ingest report)
add("meta_row_no_file", nl="de rij heeft geen bestandsnaam; vul de kolom 'file' (of 'bestand') in, of verwijder de rij", en="the row has no file name; fill in the 'file' column or delete the row")
add(
    "meta_ambiguous",
    nl="'{ref}' past bij {n} bestanden ({files}); schrijf het pad vanaf de corpusmap, bijvoorbeeld {example}",
    en="'{ref}' matches {n} files ({files}); write the path relative to the corpus folder, e.g. {example}",
)
add("meta_no_such_file", nl="geen bestand '{ref}' in de corpusmap; verbeter de naam of verwijder de rij", en="no file '{ref}' in the corpus folder; correct the name or delete the row")
add(
    "meta_second_row",
    nl="een tweede rij voor '{file}' (de eerste staat op regel {line}); houd één rij per bestand",
    en="a second row for '{file}' (first on line {line}); keep one row per file",
)
add(
    "meta_two_sheets",
    nl="zowel {first} als {second} bestaat; alleen {first} wordt gelezen: voeg ze samen tot één blad",
    en="both {first} and {second} exist; only {first} is read: merge them",
)
add(
    "meta_no_file_column",
    nl="geen kolom 'file' (of 'bestand'); voeg die toe, met per bestand het pad vanaf de corpusmap",
    en="no 'file' column (or 'bestand'); add it with each file's path relative to the corpus folder",
)
add(
    "meta_unknown_columns",
    nl="onbekende kolom(men) {columns}: bewaard als metadata; staan ze er met opzet, zet ze dan in [corpus].metadata_columns in workbench.toml",
    en="unknown column(s) {columns}: kept as metadata; list them in [corpus].metadata_columns in workbench.toml if they are meant",
)

SHEET_NAMES = ("metadata.csv", "metadata.xlsx")
KNOWN_COLUMNS = ("file", "initiative", "role", "date", "interviewer", "consent", "kind", "title", "language", "notes")
COLUMN_SYNONYMS = {
    "bestand": "file", "bestandsnaam": "file", "filename": "file", "path": "file", "pad": "file",
    "initiatief": "initiative", "rol": "role", "respondent_role": "role", "datum": "date",
    "interviewster": "interviewer", "onderzoeker": "interviewer", "toestemming": "consent",
    "informed_consent": "consent", "soort": "kind", "type": "kind", "titel": "title", "taal": "language",
    "opmerkingen": "notes", "notities": "notes",
}
ROLES = (
    "bewoner", "mantelzorger", "vrijwilliger", "coördinator", "bestuurslid", "professional", "gemeente",
    "financier", "woningcorporatie", "deelnemer", "anders",
)
ROLE_SYNONYMS = {
    "resident": "bewoner", "deelnemer": "deelnemer", "participant": "deelnemer", "informal carer": "mantelzorger",
    "carer": "mantelzorger", "volunteer": "vrijwilliger", "coordinator": "coördinator", "board member": "bestuurslid",
    "bestuur": "bestuurslid", "wijkverpleegkundige": "professional", "huisarts": "professional", "casemanager": "professional",
    "sociaal werker": "professional", "woonbegeleider": "professional", "municipality": "gemeente",
    "wethouder": "gemeente", "beleidsmedewerker": "gemeente", "zorgverzekeraar": "financier", "zorgkantoor": "financier",
    "insurer": "financier", "funder": "financier", "housing corporation": "woningcorporatie", "other": "anders",
}
#: consent values that mean yes and no (any case, spaces around ignored); anything else
#: (empty, "misschien", "ja?", a date) is reported by file and line and not ingested
YES = ("ja", "j", "yes", "y", "true", "1", "x", "akkoord", "gegeven", "toestemming", "ok")
NO = ("nee", "n", "no", "false", "0", "ingetrokken", "withdrawn", "geweigerd", "niet akkoord", "geen toestemming")


@dataclass(frozen=True)
class Problem:
    """One line of the ingest report. ``message`` never quotes document text."""

    file: str
    severity: str  # "error": not ingested, fix it; "warning": ingested, look at it; "info": left out on purpose (no consent)
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True)
class MetaRow:
    line: int
    fields: dict[str, str]


@dataclass
class MetadataSheet:
    path: Path | None
    rows: list[MetaRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def match(self, rel_paths: list[str]) -> dict[str, MetaRow]:
        """Rows by file (relative path); records problems for rows that match no file or several."""
        by_path = {p.lower(): p for p in rel_paths}
        by_name: dict[str, list[str]] = {}
        for p in rel_paths:
            by_name.setdefault(Path(p).name.lower(), []).append(p)
        out: dict[str, MetaRow] = {}
        sheet = self.path.name if self.path else "metadata"
        for row in self.rows:
            ref = row.fields.get("file", "").strip().replace("\\", "/").lstrip("./")
            where = f"{sheet}:{row.line}"
            if not ref:
                self.problems.append(Problem(where, "warning", t("meta_row_no_file")))
                continue
            target = by_path.get(ref.lower())
            if target is None:
                candidates = by_name.get(Path(ref).name.lower(), []) if "/" not in ref else []
                if len(candidates) == 1:
                    target = candidates[0]
                elif len(candidates) > 1:
                    self.problems.append(
                        Problem(
                            where,
                            "error",
                            t("meta_ambiguous", ref=ref, n=len(candidates), files=", ".join(sorted(candidates)), example=sorted(candidates)[0]),
                        )
                    )
                    continue
                else:
                    self.problems.append(Problem(where, "warning", t("meta_no_such_file", ref=ref)))
                    continue
            if target in out:
                self.problems.append(Problem(where, "error", t("meta_second_row", file=target, line=out[target].line)))
                continue
            out[target] = row
        return out


def canonical_column(name: str) -> str:
    key = re.sub(r"\s+", "_", str(name).strip().lower())
    return COLUMN_SYNONYMS.get(key, key)


def canonical_role(value: str) -> tuple[str | None, bool]:
    """(role, known): 'Volunteer' -> ('vrijwilliger', True); 'ambtenaar' -> ('ambtenaar', False)."""
    v = (value or "").strip().lower()
    if not v:
        return None, True
    if v in ROLES:
        return v, True
    if v in ROLE_SYNONYMS:
        return ROLE_SYNONYMS[v], True
    return v, False


def consent_values_text() -> str:
    """The accepted consent values, for messages (in the interface language)."""
    return str(t("consent_values", yes=", ".join(YES), no=", ".join(NO)))


def parse_consent(value: str | None) -> bool | None:
    v = (value or "").strip().lower()
    if v in YES:
        return True
    if v in NO:
        return False
    return None


def read_metadata(folder: Path, extra_columns: tuple[str, ...] = ()) -> MetadataSheet:
    """The metadata sheet in ``folder`` (none is fine: every file then lacks consent)."""
    from workbench.corpus.readers import read_table

    found = [folder / n for n in SHEET_NAMES if (folder / n).is_file()]
    if not found:
        return MetadataSheet(None)
    path = found[0]
    sheet = MetadataSheet(path)
    if len(found) > 1:
        sheet.problems.append(Problem(found[1].name, "warning", t("meta_two_sheets", first=found[0].name, second=found[1].name)))
    try:
        frame, _ = read_table(path)
    except ReadError as exc:
        sheet.problems.append(Problem(path.name, "error", f"{exc.what}; {exc.fix or ''}".rstrip("; ")))
        return sheet
    columns = {c: canonical_column(c) for c in frame.columns}
    if "file" not in columns.values():
        sheet.problems.append(Problem(path.name, "error", t("meta_no_file_column")))
        return sheet
    known = set(KNOWN_COLUMNS) | {canonical_column(c) for c in extra_columns}
    unknown = [str(c) for c, canon in columns.items() if canon not in known]
    if unknown:
        sheet.problems.append(
            Problem(
                path.name,
                "warning",
                t("meta_unknown_columns", columns=", ".join(unknown)),
            )
        )
    offset = 2  # header is line 1
    for i, record in enumerate(frame.to_dict("records")):
        fields = {columns[k]: str(v).strip() for k, v in record.items()}
        if not any(fields.values()):
            continue
        sheet.rows.append(MetaRow(line=i + offset, fields=fields))
    return sheet



# -- dates: stored as ISO 8601 (YYYY-MM-DD), whatever way the sheet wrote them ------------

add("consent_values", nl="schrijf een van {yes} (toestemming) of {no} (geen toestemming)", en="write one of {yes} (consent) or {no} (no consent)")

add("date_unreadable", nl="datum '{value}' is onleesbaar: niet opgeslagen", en="date '{value}' cannot be read: not stored")
add("date_unreadable_fix", nl="schrijf de datum als 2024-03-14 (of 14-03-2024)", en="write the date as 2024-03-14 (or 14-03-2024)")
add(
    "date_ambiguous",
    nl="datum '{value}' is dubbelzinnig: gelezen als {iso} ({reading})",
    en="date '{value}' is ambiguous: read as {iso} ({reading})",
)
add("date_ambiguous_fix", nl="schrijf {iso} als dat klopt, anders de juiste datum in die vorm", en="write {iso} if that is right, else the right date in that form")
add("date_reading_day_first", nl="dag-maand-jaar, zoals in Nederland", en="day-month-year, as in the Netherlands")
add("date_reading_century", nl="jaar in twee cijfers", en="two-digit year")

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "febr": 2, "februari": 2, "february": 2, "mrt": 3, "maa": 3, "maart": 3,
    "mar": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7,
    "july": 7, "aug": 8, "augustus": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$")
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
_DMY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})" + _TIME + "$")
_TEXT = re.compile(r"^(\d{1,2})\.?\s+([a-z]+)\.?\s+(\d{4})$")


def parse_date(value: str | None) -> tuple[str | None, str | None, str | None]:
    """(ISO date, problem, fix) for a date as people type it in a sheet.

    ISO (with or without a time, as xlsx gives it), Dutch day-month-year (14-3-2024,
    14/03/2024, 14.3.2024, 14 maart 2024) and a year or year-month alone are read.
    A slash date whose day and month could be swapped, or a two-digit year, is read the
    Dutch way and reported as ambiguous; anything else unreadable gives (None, problem, fix).

    Example:
        >>> parse_date("14-3-2024")
        ('2024-03-14', None, None)
        >>> parse_date("2024-03-14 00:00:00")[0]
        '2024-03-14'
    """
    import datetime as dt

    text = str(value or "").strip()
    if not text or text.lower() in ("nan", "nat", "none"):
        return None, None, None

    def ok(y: int, m: int, d: int) -> str | None:
        try:
            return dt.date(y, m, d).isoformat()
        except ValueError:
            return None

    unreadable = (None, t("date_unreadable", value=text), t("date_unreadable_fix"))
    if m := _ISO.match(text):
        iso = ok(int(m[1]), int(m[2]), int(m[3]))
        return (iso, None, None) if iso else unreadable
    if m := _ISO_PARTIAL.match(text):
        if m[2] is None:
            return text, None, None
        return (f"{m[1]}-{int(m[2]):02d}", None, None) if 1 <= int(m[2]) <= 12 else unreadable
    if m := _TEXT.match(text.lower()):
        month = _MONTHS.get(m[2])
        iso = ok(int(m[3]), month, int(m[1])) if month else None
        return (iso, None, None) if iso else unreadable
    if m := _DMY.match(text):
        day, sep, month, year = int(m[1]), m[2], int(m[3]), m[4]
        y = int(year) if len(year) == 4 else 2000 + int(year)
        iso = ok(y, month, day)
        if iso is None:
            return unreadable
        if len(year) == 2:
            return iso, t("date_ambiguous", value=text, iso=iso, reading=t("date_reading_century")), t("date_ambiguous_fix", iso=iso)
        if sep == "/" and day <= 12 and month <= 12 and day != month:
            # 03/04/2024 is 3 April in Dutch, 4 March in an American export
            return iso, t("date_ambiguous", value=text, iso=iso, reading=t("date_reading_day_first")), t("date_ambiguous_fix", iso=iso)
        return iso, None, None
    return unreadable
