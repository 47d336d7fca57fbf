"""The codebook commands, end to end on a real study (the repository's starter codebook)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app, main

REPO = Path(__file__).parent.parent
runner = CliRunner()
ENV = {"COLUMNS": "200"}


@pytest.fixture
def cb_study(study_dir, monkeypatch):
    (study_dir / "codebooks").mkdir()
    shutil.copy(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml", study_dir / "codebooks")
    with open(study_dir / "workbench.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[codebook]\npath = "codebooks/impact-zorgzame-gemeenschappen.yaml"\n')
    monkeypatch.chdir(study_dir)
    return study_dir


def invoke(*args):
    result = runner.invoke(app, list(args), env=ENV)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_codebook_validate_and_show(cb_study):
    assert "valid, 44 codes" in invoke("codebook", "validate")
    out = invoke("codebook", "show")
    assert "Eenzaamheid en verbinding" in out and "version 1" in out
    assert "Loneliness" in invoke("codebook", "show", "--lang", "en")


def test_cli_codebook_invalid_file_is_one_error_per_line(cb_study, capsys):
    bad = cb_study / "codebooks" / "bad.yaml"
    bad.write_text("id: x\ntitle: {nl: X}\nlanguage: nl\ncodes:\n  - id: a\n    label: {nl: A}\n    definition: ''\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["codebook", "validate", str(bad)])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "bad.yaml:7" in err and "Fix:" in err


def test_cli_codebook_revisions_carry_codings(cb_study, deduce_ready):
    import workbench as wb

    with wb.open_study(cb_study) as study:
        study.ingest()
        segment = study.corpus.segments("interview", unit="sentence")[3]
        study.apply_code(segment, "eenzaamheid-verbinding", coder="anna")
        study.apply_code(segment, "eenzaamheid-verbinding", coder="ben")
    assert "Eenzaamheid en verbinding eenzaamheid-verbinding  (2)" in invoke("codebook", "show")
    invoke("codebook", "rename", "eenzaamheid-verbinding", "eenzaamheid")
    assert "- id: eenzaamheid\n" in (cb_study / "codebooks" / "impact-zorgzame-gemeenschappen.yaml").read_text(encoding="utf-8")
    assert "eenzaamheid  (2)" in invoke("codebook", "show")
    diff = invoke("codebook", "diff", "1", "2")
    assert "eenzaamheid" in diff
    with wb.open_study(cb_study) as study:
        codings = study.codings()
        assert set(codings["code_id"]) == {"eenzaamheid"} and set(codings["coder"]) == {"anna", "ben"}


def test_cli_codebook_export_import_roundtrip(cb_study):
    invoke("codebook", "export", "--format", "qdc", "uit.qdc")
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(REPO / "tests" / "data" / "refi" / "Codebook.xsd")))
    schema.assertValid(etree.parse("uit.qdc"))
    invoke("codebook", "import", "uit.qdc", "--out", "codebooks/terug.yaml")
    assert "valid, 44 codes" in invoke("codebook", "validate", "codebooks/terug.yaml")
    for fmt in ("csv", "xlsx", "docx", "md"):
        invoke("codebook", "export", "--format", fmt, f"uit.{fmt}")
        assert Path(f"uit.{fmt}").stat().st_size > 1000
