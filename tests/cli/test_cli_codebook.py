"""The codebook commands, end to end on a real study (the repository's starter codebook)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app, main

REPO = Path(__file__).parents[2]
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
    assert "geldig, 44 codes" in invoke("codebook", "validate")
    out = invoke("codebook", "show")
    assert "Eenzaamheid en verbinding" in out and "versie 1" in out
    assert "Loneliness" in invoke("codebook", "show", "--lang", "en")


def test_cli_codebook_invalid_file_is_one_error_per_line(cb_study, capsys):
    bad = cb_study / "codebooks" / "bad.yaml"
    bad.write_text("id: x\ntitle: {nl: X}\nlanguage: nl\ncodes:\n  - id: a\n    label: {nl: A}\n    definition: ''\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["codebook", "validate", str(bad)])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "bad.yaml:7" in err and "lege definitie. Oplossing:" in err


def test_cli_codebook_revisions_carry_codings(cb_study, deduce_ready):
    import workbench as wb

    with wb.open_study(cb_study) as study:
        study.ingest()
        segment = study.corpus.segments("interview", unit="sentence")[3]
        study.apply_code(segment, "eenzaamheid-verbinding", coder="anna")
        study.apply_code(segment, "eenzaamheid-verbinding", coder="ben")
    assert "Eenzaamheid en verbinding (eenzaamheid-verbinding): 2" in invoke("codebook", "show")
    invoke("codebook", "rename", "eenzaamheid-verbinding", "eenzaamheid")
    assert "- id: eenzaamheid\n" in (cb_study / "codebooks" / "impact-zorgzame-gemeenschappen.yaml").read_text(encoding="utf-8")
    assert "(eenzaamheid): 2" in invoke("codebook", "show")
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
    assert "geldig, 44 codes" in invoke("codebook", "validate", "codebooks/terug.yaml")
    for fmt in ("csv", "xlsx", "docx", "md"):
        invoke("codebook", "export", "--format", fmt, f"uit.{fmt}")
        assert Path(f"uit.{fmt}").stat().st_size > 1000


def test_cli_codebook_show_separates_label_id_count_and_says_new_version(cb_study):
    first = invoke("codebook", "show")
    assert "Eenzaamheid en verbinding (eenzaamheid-verbinding): 0" in first
    assert "opgeslagen als versie 1" in first
    again = invoke("codebook", "show")
    assert "opgeslagen als versie" not in again  # nothing changed, nothing stored
    path = cb_study / "codebooks" / "impact-zorgzame-gemeenschappen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Eenzaamheid en verbinding", "Eenzaamheid en contact", 1), encoding="utf-8")
    assert "Codebook stored as version 2 (its content was new)." in invoke("codebook", "show", "--lang", "en")


def test_cli_codebook_versions_has_a_header(cb_study):
    assert "codebook show" in invoke("codebook", "versions")  # none yet: says how to store one
    invoke("codebook", "show")
    lines = [line.split() for line in invoke("codebook", "versions").splitlines() if line.strip()]
    assert lines[0][:4] == ["versie", "codeboek", "tijd", "auteur"]
    assert lines[1][:2] == ["1", "impact-zorgzame-gemeenschappen"]


def test_cli_codebook_csv_opens_in_dutch_excel(cb_study):
    out = invoke("codebook", "export", "uit.csv")
    assert "puntkomma" in out
    data = Path("uit.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads it as UTF-8
    header = data[3:].decode("utf-8").splitlines()[0]
    assert header.count(";") >= 5 and "," not in header
    invoke("codebook", "import", "uit.csv", "--out", "codebooks/terug.yaml")
    assert "geldig, 44 codes" in invoke("codebook", "validate", "codebooks/terug.yaml")


def test_cli_codebook_missing_file_points_to_the_starter(cb_study, capsys):
    (cb_study / "codebooks" / "impact-zorgzame-gemeenschappen.yaml").unlink()
    with pytest.raises(SystemExit):
        main(["codebook", "show"])
    err = capsys.readouterr().err
    assert "bestaat niet" in err and "workbench codebook starter" in err
    assert "gekopieerd" in invoke("codebook", "starter")
    assert "geldig, 44 codes" in invoke("codebook", "validate")
    with pytest.raises(SystemExit):
        main(["codebook", "starter"])  # never overwrites
    assert "bestaat al" in capsys.readouterr().err


def test_cli_codebook_lang_after_the_subcommand(cb_study):
    assert "valid, 44 codes" in invoke("codebook", "validate", "--lang", "en")
    assert "geldig, 44 codes" in invoke("codebook", "validate", "--lang", "nl")
    refused = runner.invoke(app, ["codebook", "validate", "--lang", "fr"], env=ENV)
    assert refused.exit_code == 2 and "fr" in refused.output and "nl, en" in refused.output
