"""Formula injection: text the workbench did not write itself (a transcript's turn, an open
survey answer, a memo, a coder's name, a metadata value) never becomes a formula in an
export. A study is ingested with hostile text through the real CLI, coded with hostile memos
and coder names, and every table export (search, code retrieve, code export, codebook
export, agreement, review status, untranslated-quotes.csv) is read back with openpyxl
(string cells, value intact) and the csv module (guard in front, value intact after it)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from workbench.cli import app
from workbench.cells import FORMULA_STARTS, csv_cell, csv_text_back

pytestmark = pytest.mark.slow
runner = CliRunner()

HOSTILE = ['=HYPERLINK("http://x","klik")', "@SUM(1)", "+1", "-1", "\t=1+1", "\r=1+1"]
TOML = """
[project]
name = "aanval"
user = "tester"

[corpus]
paths = ["corpora/test"]
workers = 0

[codebook]
path = "codebooks/impact-zorgzame-gemeenschappen.yaml"

[privacy]
keep = ["Austerlitz Zorgt"]
"""
# a story whose paragraphs start with formulas: each paragraph is a segment (and a quote)
STORY = "\n\n".join([
    '=HYPERLINK("http://x","klik") Dit is mijn verhaal over de buurt en de buren.',
    "@SUM(1) Ik help elke week bij de maaltijden in het buurthuis.",
    "+1 voor de vrijwilligers die elke dag langskomen.",
    "-1 voor de gemeente die het geld heeft stopgezet.",
])
METADATA = "file,initiative,role,date,interviewer,consent,kind\nverhaal.md,Austerlitz Zorgt,@SUM(1),2024-04-01,,ja,ervaringsverhaal\n"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def hostile_study(tmp_path_factory, deduce_ready):
    import workbench as wb

    root = tmp_path_factory.mktemp("formula") / "study"
    (root / "corpora" / "test").mkdir(parents=True)
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    (root / "workbench.toml").write_text(TOML, encoding="utf-8")
    (root / "corpora" / "test" / "verhaal.md").write_text(STORY, encoding="utf-8")
    (root / "corpora" / "test" / "metadata.csv").write_text(METADATA, encoding="utf-8")
    invoke("ingest", "--study", str(root))
    study = wb.open_study(root)
    doc = study.corpus.documents()[0]
    paragraphs = study.corpus.segments(doc.id, unit="paragraph")
    assert [p.text[:3] for p in paragraphs][:4] == ["=HY", "@SU", "+1 ", "-1 "]
    for i, seg in enumerate(paragraphs):
        study.apply_code(seg, "wederkerigheid", coder="=cmd|' /C calc'!A0", memo=HOSTILE[i % len(HOSTILE)])
        study.apply_code(seg, "wederkerigheid" if i % 2 else "zingeving", coder="-2+3", memo=HOSTILE[(i + 3) % len(HOSTILE)])
    yield study
    study.close()


def _xlsx(path: Path) -> tuple[list[str], list[list]]:
    from openpyxl import load_workbook

    ws = load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows())
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", f"{path.name} {cell.coordinate} is a formula: {cell.value!r}"
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
    return [c.value for c in rows[0]], [[c.value for c in row] for row in rows[1:]]


def _csv(path: Path, delimiter: str) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    for row in rows:
        for value in row:
            if value.startswith(FORMULA_STARTS):  # only a number the workbench computed (a negative kappa)
                float(value)
    return rows[0], rows[1:]


def _expected(frame) -> list[list]:
    out = []
    for rec in frame.itertuples(index=False, name=None):
        out.append([None if (isinstance(v, float) and v != v) else v for v in rec])
    return out


def _same(got: list[list], frame, *, from_csv: bool) -> None:
    want = _expected(frame)
    assert len(got) == len(want)
    for g_row, w_row in zip(got, want):
        for g, w in zip(g_row, w_row):
            if w is None or w == "":
                assert g in (None, "")
            elif isinstance(w, float):  # a number the workbench computed (kappa may be negative): a number, not text
                assert float(g) == pytest.approx(w) and (from_csv or isinstance(g, (int, float))), (g, w)
            elif from_csv:  # text exactly as written, the guard in front where it needs one
                assert g == csv_cell(str(w)) and csv_text_back(g) == str(w), (g, w)
            else:
                assert g == w or str(g) == str(w), (g, w)


def _hostile_seen(rows: list[list]) -> set[str]:
    """Text cells that start like a formula (after taking a csv guard off)."""
    return {csv_text_back(v) for row in rows for v in row if isinstance(v, str) and csv_text_back(v).startswith(FORMULA_STARTS)}


def test_csv_guard_round_trip():
    for text in [*HOSTILE, "'=x", "''@y", "'t Hofje", "gewoon", "", "-"]:
        assert csv_text_back(csv_cell(text)) == text
        assert not str(csv_cell(text)).startswith(FORMULA_STARTS)
    assert csv_cell(-1) == -1 and csv_cell(0.25) == 0.25  # numbers the workbench computes stay numbers


def test_code_retrieve_and_search_write_text_as_text(hostile_study, tmp_path):
    root = str(hostile_study.root)
    frame = hostile_study.retrieve("wederkerigheid")
    assert _hostile_seen(_expected(frame))  # the hostile text is in the data, so the check below means something
    invoke("code", "retrieve", "wederkerigheid", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"), "--study", root)
    header, rows = _xlsx(tmp_path / "r.xlsx")
    assert header == list(frame.columns)
    _same(rows, frame, from_csv=False)
    assert {'=HYPERLINK("http://x","klik")', "@SUM(1)", "+1", "-1", "\t=1+1"} <= _hostile_seen(rows) == _hostile_seen(_expected(frame))
    start = header.index("start")
    from openpyxl import load_workbook

    cells = list(load_workbook(tmp_path / "r.xlsx").worksheets[0].iter_rows(min_row=2))
    assert all(row[start].data_type == "n" for row in cells)  # offsets stay numbers
    invoke("code", "retrieve", "wederkerigheid", "--format", "csv", "--output", str(tmp_path / "r.csv"), "--study", root)
    header, rows = _csv(tmp_path / "r.csv", ";")
    _same(rows, frame, from_csv=True)
    assert "'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")  # what Excel sees

    hits = hostile_study.search("buurt", by="text")
    assert len(hits)
    for fmt in ("xlsx", "csv"):
        invoke("search", "buurt", "--by", "text", "--output", str(tmp_path / f"s.{fmt}"), "--study", root)
        header, rows = _xlsx(tmp_path / "s.xlsx") if fmt == "xlsx" else _csv(tmp_path / "s.csv", ";")
        _same(rows, hits, from_csv=fmt == "csv")


def test_code_export_agreement_and_status_write_text_as_text(hostile_study, tmp_path):
    from workbench.coding.jobs import run_agreement
    from workbench.review import invite
    from workbench.review.status import review_status, status_frame

    root = str(hostile_study.root)
    table = hostile_study.code_table(unit="paragraph")
    for fmt in ("xlsx", "csv"):
        invoke("code", "export", "--unit", "paragraph", "--format", fmt, "--output", str(tmp_path / f"t.{fmt}"), "--study", root)
        header, rows = _xlsx(tmp_path / "t.xlsx") if fmt == "xlsx" else _csv(tmp_path / "t.csv", ";")
        _same(rows, table, from_csv=fmt == "csv")
        assert "@sum(1)" in _hostile_seen(rows)  # the role from the metadata sheet (roles are lower case)

    coders = "=cmd|' /C calc'!A0,-2+3"
    result = run_agreement(hostile_study.store, coders.split(","), unit="paragraph", suggester=None)
    assert len(result.disagreements)
    for fmt in ("xlsx", "csv"):
        out = invoke("agreement", "--coders", coders, "--unit", "paragraph", "--output", str(tmp_path / f"a.{fmt}"), "--study", root)
        assert f"a-verschillen.{fmt}" in out
        read = _xlsx if fmt == "xlsx" else (lambda p: _csv(p, ";"))
        _, rows = read(tmp_path / f"a.{fmt}")
        _same(rows, result.per_code, from_csv=fmt == "csv")
        _, rows = read(tmp_path / f"a-verschillen.{fmt}")
        _same(rows, result.disagreements, from_csv=fmt == "csv")
        assert any(v.startswith('=HYPERLINK("http://x","klik")') for v in _hostile_seen(rows))  # a paragraph's text

    invite(hostile_study.store, "Austerlitz Zorgt", "=HYPERLINK(\"http://x\",\"klik\")", role="+31 6 1234", created_by="lian")
    status = status_frame(review_status(hostile_study.store))
    for fmt in ("xlsx", "csv"):
        invoke("review", "status", "--output", str(tmp_path / f"st.{fmt}"), "--study", root)
        header, rows = _xlsx(tmp_path / "st.xlsx") if fmt == "xlsx" else _csv(tmp_path / "st.csv", ";")
        _same(rows, status, from_csv=fmt == "csv")
        assert {'=HYPERLINK("http://x","klik")', "+31 6 1234"} <= _hostile_seen(rows)


def test_codebook_and_codings_table_exports_write_text_as_text(hostile_study, tmp_path):
    import dataclasses

    from workbench.codebook.exchange import export_codebook, import_codebook
    from workbench.coding.io import read_codings_table, write_codings_table

    cb = hostile_study.codebook
    first = dataclasses.replace(cb.codes[0], definition='=HYPERLINK("http://x","klik")', include="@SUM(1)", exclude="-1")
    cb = dataclasses.replace(cb, codes=(first, *cb.codes[1:]))
    for fmt in ("xlsx", "csv"):
        path = export_codebook(cb, tmp_path / f"cb.{fmt}")
        _, rows = _xlsx(path) if fmt == "xlsx" else _csv(path, ";")
        assert {'=HYPERLINK("http://x","klik")', "@SUM(1)", "-1"} <= _hostile_seen(rows)
        again = import_codebook(path, codebook_id=cb.id)
        assert again.codes[0].definition == first.definition and again.codes[0].exclude == "-1"

    codings = [c for c in hostile_study.codings().itertuples() if c.coder == "-2+3"]
    path = write_codings_table(codings, tmp_path / "codings.csv")
    _, rows = _csv(path, ",")
    assert "-2+3" in _hostile_seen(rows) and "\t=1+1" in _hostile_seen(rows)
    back = read_codings_table(path, hostile_study.corpus)
    assert sorted((r.coder, r.memo) for r in back) == sorted((c.coder, (c.memo or "").strip()) for c in codings)


def test_untranslated_quotes_csv_guards_text(tmp_path):
    from workbench.reports.run import _write_untranslated
    from workbench.reports.translations import parse_key  # noqa: F401  (the reader of the same file)

    rows = [{"quote": "-x/doc@1:0-5", "initiative": "@SUM(1)", "dutch": '=HYPERLINK("http://x","klik")', "english": ""}] * 2
    path = tmp_path / "untranslated-quotes.csv"
    _write_untranslated(path, rows)
    header, got = _csv(path, ",")
    assert header == ["quote", "initiative", "dutch", "english"]
    assert got == [["'-x/doc@1:0-5", "'@SUM(1)", '\'=HYPERLINK("http://x","klik")', ""]]  # once, guarded
    assert [csv_text_back(v) for v in got[0]] == ["-x/doc@1:0-5", "@SUM(1)", '=HYPERLINK("http://x","klik")', ""]


def test_report_untranslated_quotes_csv_through_the_cli(hostile_study, tmp_path):
    """`workbench report --lang en`: the quotes without a translation go to
    untranslated-quotes.csv; hostile quotes are guarded there, and the import reads them back."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "report", "--initiative", "Austerlitz Zorgt", "--lang", "en", "--format", "html", "--out", str(tmp_path)],
        cwd=hostile_study.root, env=env, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-1500:]
    sheet = next(tmp_path.glob("*/untranslated-quotes.csv"))
    header, rows = _csv(sheet, ",")
    assert header == ["quote", "initiative", "dutch", "english"] and rows
    dutch = [csv_text_back(r[2]) for r in rows]
    assert any(d.startswith(('=HYPERLINK("http://x","klik")', "@SUM(1)", "+1 ", "-1 ")) for d in dutch), dutch
    for r in rows:
        assert r[2] == csv_cell(csv_text_back(r[2]))  # guarded exactly where the text needs it
