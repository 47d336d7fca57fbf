"""Quote translations: written once by the researcher, stored with the quote, reused.

An English report (``--lang en``) shows each quote's stored translation; a quote without
one is shown in Dutch, marked, and listed in ``untranslated-quotes.csv`` next to the
report. The researcher fills in the ``english`` column and imports the file:

    workbench report --import-translations reports/2026-11-29-ab12cd34/untranslated-quotes.csv

Nothing is ever machine-translated.

Example:
    >>> save_translation(study, "voorzorgcirkels/interview-03-coordinator@1:120-260",
    ...                  "We agree together what help is needed.")        # doctest: +SKIP
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import ReportError
from workbench.i18n import add, t

if TYPE_CHECKING:
    from workbench.store import Store

KEY = re.compile(r"^(?P<doc>.+)@(?P<version>\d+):(?P<start>\d+)-(?P<end>\d+)$")
#: where a bad key is reported when no file line is known
WHERE_QUOTE = "quote"

add("report_bad_quote_key", nl="'{key}' is geen citaatsleutel", en="'{key}' is not a quote key")
add("report_bad_quote_key_fix", nl="neem de sleutel over uit de kolom 'quote' van untranslated-quotes.csv (document@versie:begin-eind)", en="copy the key from the 'quote' column of untranslated-quotes.csv (document@version:start-end)")
add("report_quote_outside", nl="de posities {start}-{end} vallen buiten de tekst van het document ({n} tekens)", en="offsets {start}-{end} are outside the document's text ({n} characters)")
add("report_quote_outside_fix", nl="neem de sleutel ongewijzigd over uit untranslated-quotes.csv", en="copy the key unchanged from untranslated-quotes.csv")
add("report_translation_empty", nl="de vertaling is leeg", en="the translation is empty")
add("report_translation_empty_fix", nl="schrijf de Engelse tekst, of laat de regel weg", en="write the English text, or leave the row out")
add("report_translation_columns", nl="de kolommen {columns} missen 'quote' en 'english'", en="columns {columns} lack 'quote' and 'english'")
add("report_translation_columns_fix", nl="gebruik het bestand dat het Engelse rapport schreef (untranslated-quotes.csv), met de kolomnamen ongewijzigd", en="use the file the English report wrote (untranslated-quotes.csv), column names unchanged")


def parse_key(key: str, where: str = WHERE_QUOTE) -> tuple[str, int, int, int]:
    """``doc@version:start-end`` -> (doc_id, version, start, end)."""
    m = KEY.match(key.strip())
    if m is None:
        raise ReportError(where, t("report_bad_quote_key", key=key), t("report_bad_quote_key_fix"))
    return m["doc"], int(m["version"]), int(m["start"]), int(m["end"])


def save_translation(store: Store, key: str, text: str, *, author: str, lang: str = "en") -> int:
    """Store ``author``'s translation of one quote; returns its row id."""
    doc_id, version, start, end = parse_key(key)
    from workbench.corpus.model import Corpus

    doc = Corpus(store).get(doc_id, version)  # raises with close matches
    if not 0 <= start < end <= len(doc.text):
        raise ReportError(key, t("report_quote_outside", start=start, end=end, n=len(doc.text)), t("report_quote_outside_fix"))
    if not text.strip():
        raise ReportError(key, t("report_translation_empty"), t("report_translation_empty_fix"))
    return store.save_quote_translation(doc_id, version, start, end, text.strip(), author=author, lang=lang)


def import_translations(store: Store, path: str | Path, *, author: str) -> int:
    """Import a filled-in untranslated-quotes.csv (columns quote, english); rows with an
    empty ``english`` are skipped. Returns the number stored. Every bad row is an error
    naming its line; nothing is stored then."""
    from workbench.cells import csv_text_back

    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
        # the formula guard of the export (a leading ') comes off: the text as it was
        rows = [{k: csv_text_back(v) for k, v in row.items()} for row in csv.DictReader(fh, dialect=dialect)]
    if rows and not {"quote", "english"} <= set(rows[0]):
        raise ReportError(str(path), t("report_translation_columns", columns=", ".join(sorted(str(c) for c in rows[0]))), t("report_translation_columns_fix"))
    todo = []
    for line, row in enumerate(rows, start=2):
        text = (row.get("english") or "").strip()
        if text:
            parse_key(row.get("quote") or "", f"{path}:{line}")
            todo.append((row["quote"], text))
    for key, text in todo:
        save_translation(store, key, text, author=author)
    return len(todo)
