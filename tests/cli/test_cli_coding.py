"""workbench search / code retrieve / code import / code export on the coded demo study."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()
ENV = {"COLUMNS": "200"}


def invoke(*args, code=0):
    result = runner.invoke(app, list(args), env=ENV)
    assert result.exit_code == code, result.output
    return result.output


def test_cli_search_table_and_file(demo_coded, tmp_path):
    root = str(demo_coded.root)
    out = invoke("search", "vrijwilliger", "--initiative", "Voorzorgcirkels", "--study", root)
    assert "vrijwilliger" in out.lower() and "voorzorgcirkels/" in out
    path = tmp_path / "hits.xlsx"
    invoke("search", "eenzaam*", "--output", str(path), "--study", root)
    assert len(pd.read_excel(path)) == len(demo_coded.search("eenzaam*"))


def test_cli_code_retrieve_formats(demo_coded, tmp_path):
    root = str(demo_coded.root)
    assert "wederkerigheid" in invoke("code", "retrieve", "wederkerigheid", "--study", root)
    for fmt in ("docx", "xlsx", "csv"):
        out = invoke("code", "retrieve", "wederkerigheid", "--format", fmt, "--output", str(tmp_path / f"w.{fmt}"), "--study", root)
        assert (tmp_path / f"w.{fmt}").stat().st_size > 0 and "w." + fmt in out
    result = runner.invoke(app, ["code", "retrieve", "wederkerighijd", "--study", root], env=ENV)
    assert result.exit_code == 1


def test_cli_code_import_and_export(demo_copy, tmp_path):
    root = str(demo_copy.root)
    doc = demo_copy.corpus.get("voorzorgcirkels/interview-03-coordinator")
    sent = demo_copy.corpus.segments(doc.id, "sentence", include_interviewer=False)[2]
    sheet = tmp_path / "c.csv"
    sheet.write_text(f"document,start,end,code\n{doc.id},{sent.start},{sent.end},zingeving\n", encoding="utf-8")
    assert "1 coderingen toegevoegd" in invoke("code", "import", str(sheet), "--coder", "kim", "--study", root)
    assert "0 coderingen toegevoegd, 1 stonden er al" in invoke("code", "import", str(sheet), "--coder", "kim", "--study", root)
    out_csv = tmp_path / "table.csv"
    invoke("code", "export", "--format", "csv", "--coder", "kim", "--output", str(out_csv), "--study", root)
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(out_csv, sep=";", encoding="utf-8-sig")
    row = table[(table["doc_id"] == doc.id) & (table["start"] == sent.start)]
    assert int(row["zingeving"].iloc[0]) == 1 and table["zingeving"].sum() == 1
    invoke("code", "export", "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"), "--study", root)
    assert len(pd.read_excel(tmp_path / "t.xlsx")) == len(table)
