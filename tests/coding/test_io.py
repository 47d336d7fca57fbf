"""Codings from a table (code import and gold codings): both forms, Dutch columns, every problem at once."""

from __future__ import annotations

import pytest

from tests.conftest import TEXT, add_document
from workbench.coding.io import CodingRow, find_quote, read_codings_table, write_codings_table
from workbench.corpus.model import Corpus
from workbench.errors import CodingsTableError


@pytest.fixture
def corpus(store):
    add_document(store, "int-01", TEXT)
    add_document(store, "verhaal-02", "Het is zo stil in huis.\nIk voel me   alleen. Ik voel me alleen.")
    return Corpus(store)


def write(tmp_path, text, name="codings.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_io_reads_offsets_with_memo(tmp_path, corpus):
    path = write(tmp_path, "document,start,end,code,memo\nint-01,0,44,eenzaamheid,weduwe\nint-01.txt,45,88,verbinding,\n")
    rows = read_codings_table(path, corpus)
    assert rows == [
        CodingRow(2, "int-01", 1, 0, 44, "eenzaamheid", "weduwe"),
        CodingRow(3, "int-01", 1, 45, 88, "verbinding", None),
    ]
    assert TEXT[0:44] == "Sinds mijn man er niet meer is, is het stil."


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_io_reads_quotes_dutch_columns_any_separator(tmp_path, corpus, sep):
    body = sep.join(["bestand", "citaat", "code", "notitie"]) + "\n" + sep.join(["verhaal-02", "ik voel me alleen.", "eenzaamheid", "x"]) + "\n"
    path = write(tmp_path, "\ufeff" + body)
    [row] = read_codings_table(path, corpus)
    text = corpus.get("verhaal-02").text
    assert text[row.start:row.end] == "Ik voel me   alleen."  # case and white space ignored
    assert row.occurrences == 2 and row.memo == "x"


def test_io_quote_exact_first(corpus):
    text = corpus.get("verhaal-02").text
    assert find_quote(text, "Ik voel me alleen.") == [(text.rindex("Ik voel"), len(text))]


def test_io_cp1252_excel_export(tmp_path, corpus):
    path = write(tmp_path, "document;quote;code;memo\nint-01;thuis blijven wonen;thuis;coöperatie\n", encoding="cp1252")
    [row] = read_codings_table(path, corpus)
    assert row.memo == "coöperatie" and TEXT[row.start:row.end] == "thuis blijven wonen"


def test_io_reports_every_problem_with_its_line(tmp_path, corpus):
    path = write(tmp_path, "document,start,end,code,quote\nint-1,0,5,a,\nint-01,5,2,b,\nint-01,,,c,de kat sliep op de mat\nint-01,x,4,d,\nint-01,0,5,,\n")
    with pytest.raises(CodingsTableError) as info:
        read_codings_table(path, corpus)
    message = str(info.value)
    assert len(info.value.problems) == 5
    for line in (2, 3, 4, 5, 6):
        assert f"codings.csv:{line}:" in message
    assert message.startswith(f"{path}: 5 probleem/problemen in de tabel met coderingen")
    assert "bedoelt u int-01?" in message and "vallen buiten de tekst van 'int-01'" in message
    assert "staat niet in de tekst van 'int-01'" in message and "moeten hele getallen zijn" in message and "de kolom code is leeg" in message
    assert "kat sliep" not in message  # never transcript text in errors


def test_io_problems_in_english(tmp_path, corpus):
    from workbench.i18n import set_language

    set_language("en")
    path = write(tmp_path, "document,start,end,code,quote\nint-1,0,5,a,\nint-01,5,2,b,\nint-01,,,c,de kat sliep op de mat\n")
    with pytest.raises(CodingsTableError) as info:
        read_codings_table(path, corpus)
    message = str(info.value)
    assert message.startswith(f"{path}: 3 problem(s) in the table of codings")
    assert "no document 'int-1' in the corpus. Fix: did you mean int-01?" in message
    assert "offsets 5-2 are outside the text of 'int-01'" in message and "is not in the text of 'int-01'" in message
    assert "Oplossing" not in message and "tekens" not in message and "kat sliep" not in message


def test_io_header_without_offsets_or_quote(tmp_path, corpus):
    path = write(tmp_path, "document,code\nint-01,a\n")
    with pytest.raises(CodingsTableError, match="mist start en end, of quote"):
        read_codings_table(path, corpus)


def test_io_xlsx_and_round_trip(tmp_path, corpus):
    import pandas as pd

    path = tmp_path / "codings.xlsx"
    pd.DataFrame({"Document": ["int-01"], "Begin": [45], "Eind": [88], "Code": ["verbinding"], "Coder": ["lian"]}).to_excel(path, index=False)
    rows = read_codings_table(path, corpus)
    assert rows[0].span == ("int-01", 1, 45, 88) and rows[0].coder == "lian"
    again = read_codings_table(write_codings_table(rows, tmp_path / "out.csv"), corpus)
    assert [(r.span, r.code_id, r.coder) for r in again] == [(r.span, r.code_id, r.coder) for r in rows]
