from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()
REPO = Path(__file__).parents[2]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real console script in a subprocess: what a user types."""
    exe = Path(sys.executable).parent / "workbench"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, env=dict(os.environ, COLUMNS="200"), timeout=120)


def test_cli_help_lists_commands(tmp_path):
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("init", "ingest", "corpus", "setup"):
        assert command in result.stdout


def test_cli_init_creates_a_valid_study(tmp_path):
    result = run_cli("init", "mijnstudie", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "mijnstudie"
    assert (root / "workbench.toml").is_file() and (root / "corpora").is_dir() and (root / "codebooks").is_dir()
    assert "private/" in (root / ".gitignore").read_text()
    from workbench.settings import Settings

    assert Settings.from_toml(root / "workbench.toml").project.name == "mijnstudie"
    # every path it names is one the user can type from where they are (all under mijnstudie/)
    said = [line.rsplit(" naar ", 1)[1].split(" (")[0] for line in result.stdout.splitlines() if " gekopieerd naar " in line]
    assert len(said) == 2 and all((tmp_path / p).exists() and p.startswith("mijnstudie") for p in said), result.stdout
    again = run_cli("init", "mijnstudie", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "hier staat al een studie" in again.stderr


def test_cli_errors_are_one_line_with_exit_1(tmp_path):
    result = run_cli("corpus", "list", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("workbench: ") and "workbench init" in result.stderr
    assert "Traceback" not in result.stderr
    (tmp_path / "workbench.toml").write_text('[project]\nname = "x"\n[corpus]\npathz = []\n', encoding="utf-8")
    result = run_cli("corpus", "list", cwd=tmp_path)
    assert result.returncode == 1 and "workbench.toml:4: onbekende sleutel [corpus].pathz. Oplossing: " in result.stderr
    result = run_cli("corpus", "list", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1 and "workbench.toml:4: unknown key [corpus].pathz. Fix: remove it or correct the spelling" in result.stderr


def test_cli_ingest_list_show_replacements(study_dir, deduce_ready, monkeypatch):
    monkeypatch.chdir(study_dir)
    result = runner.invoke(app, ["ingest"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Austerlitz Zorgt" in result.output and "segmenten" in result.output and "PERSOON" in result.output
    listing = runner.invoke(app, ["corpus", "list", "--initiative", "Voorzorgcirkels"], env={"COLUMNS": "200"})
    assert listing.exit_code == 0
    assert "vrijwilliger" in listing.output and "Liv Inn" not in listing.output
    shown = runner.invoke(app, ["corpus", "show", "interview", "--unit", "turn"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    assert "Gerda" not in shown.output and "[PERSOON-" in shown.output  # numbered across the study
    key = runner.invoke(app, ["corpus", "replacements", "interview"], env={"COLUMNS": "200"})
    assert "Gerda Verbeek" in key.output  # the researcher's own check, from the key file
    english = runner.invoke(app, ["--lang", "en", "corpus", "list"], env={"COLUMNS": "200"})
    assert "documents" in english.output


def test_cli_ingest_strict_exits_1(study_dir, deduce_ready, monkeypatch):
    (study_dir / "corpora" / "test" / "leeg.txt").write_bytes(b"")
    monkeypatch.chdir(study_dir)
    from workbench.cli import main

    import pytest

    with pytest.raises(SystemExit) as info:
        main(["ingest", "--strict"])
    assert info.value.code == 1


LONG = "voorzorgcirkels-utrechtse-heuvelrug/interview-03-coordinator"


def test_cli_new_researcher_ingest_list_show(study_dir, deduce_ready, monkeypatch):
    """The first hour: says what loads, exit 3 when a file failed, whole ids, unit names checked, --lang after the subcommand."""
    folder = study_dir / "corpora" / "test"
    (folder / LONG.split("/")[0]).mkdir()
    (folder / (LONG + ".txt")).write_text("I: Hoe gaat het?\n\nR: Goed, de buren komen elke dag langs.\n", encoding="utf-8")
    (folder / "leeg.txt").write_bytes(b"")
    with open(folder / "metadata.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{LONG}.txt,Voorzorgcirkels,coördinator,2024-05-02,,ja,interview\nleeg.txt,Voorzorgcirkels,bewoner,,,ja,\n")
    monkeypatch.chdir(study_dir)
    result = runner.invoke(app, ["ingest"], env={"COLUMNS": "120"})
    assert result.exit_code == 3, result.output  # a file could not be ingested; the rest is stored
    assert "deduce laden" in result.output and "spaCy laden" in result.output  # no silent wait
    assert "fout: leeg.txt" in result.output and "1 bestand(en) niet ingelezen" in result.output
    again = runner.invoke(app, ["ingest", "--lang", "en"], env={"COLUMNS": "120"})
    assert again.exit_code == 3 and "1 file(s) not ingested" in again.output
    (folder / "leeg.txt").unlink()
    with open(folder / "metadata.csv", encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("leeg.txt")]
    (folder / "metadata.csv").write_text("".join(rows), encoding="utf-8")
    assert runner.invoke(app, ["ingest"], env={"COLUMNS": "120"}).exit_code == 0

    for width in ("80", "120"):
        listing = runner.invoke(app, ["corpus", "list"], env={"COLUMNS": width})
        assert listing.exit_code == 0
        assert any(LONG in line for line in listing.output.splitlines()), listing.output  # whole, on one line
        assert "…" not in listing.output
    assert "initiatief" in listing.output and "woorden" in listing.output
    ids = runner.invoke(app, ["corpus", "list", "--ids"]).output.split()
    assert LONG in ids and "interview" in ids and all(" " not in i for i in ids)
    english = runner.invoke(app, ["corpus", "list", "--lang", "en"], env={"COLUMNS": "120"})
    assert "initiative" in english.output and "documents" in english.output
    unknown = runner.invoke(app, ["corpus", "list", "--initiative", "Austerlitz"])
    assert "Austerlitz Zorgt" in unknown.output  # lists the initiatives there are

    by_alias = runner.invoke(app, ["corpus", "show", LONG, "--unit", "zin"])
    by_name = runner.invoke(app, ["corpus", "show", LONG, "--unit", "sentence"])
    assert by_alias.exit_code == 0 and by_alias.output == by_name.output and "buren" in by_name.output
    turns = runner.invoke(app, ["corpus", "show", LONG, "--unit", "beurten"])
    assert turns.exit_code == 0 and "Goed, de buren" in turns.output


def test_cli_unknown_option_values_are_errors_that_list_the_valid_ones(study, monkeypatch, capsys):
    study.ingest()
    monkeypatch.chdir(study.root)
    from workbench.cli import main

    import pytest

    with pytest.raises(SystemExit) as info:
        main(["corpus", "show", "interview", "--unit", "woord"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'woord'" in err and "turn" in err and "paragraph" in err and "sentence" in err
    with pytest.raises(SystemExit) as info:
        main(["corpus", "show", "interview", "--lang", "fr"])
    assert info.value.code == 2 and "nl, en" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["corpus", "remove", "interview", "--lang", "xx"])
    assert info.value.code == 2
    assert len(study.corpus) > 0  # nothing removed


def test_cli_remove_prompt_speaks_the_interface_language(study, monkeypatch):
    study.ingest()
    monkeypatch.chdir(study.root)
    asked = runner.invoke(app, ["corpus", "remove", "interview"], input="n\n")
    assert "[j/N]" in asked.output and "[y/N]" not in asked.output and asked.exit_code == 1
    assert "interview" in runner.invoke(app, ["corpus", "list", "--ids"]).output.split()
    removed = runner.invoke(app, ["corpus", "remove", "interview"], input="ja\n")
    assert removed.exit_code == 0 and "verwijderd" in removed.output
    english = runner.invoke(app, ["corpus", "remove", "verhaal", "--lang", "en"], input="y\n")
    assert "[y/N]" in english.output and "removed verhaal" in english.output


def test_cli_unknown_workbench_lang_is_refused(tmp_path):
    env_run = subprocess.run(
        [str(Path(sys.executable).parent / "workbench"), "init", "s"], cwd=tmp_path, capture_output=True, text=True,
        env=dict(os.environ, WORKBENCH_LANG="fr"), timeout=120,
    )
    assert env_run.returncode == 1 and "WORKBENCH_LANG" in env_run.stderr and "'fr'" in env_run.stderr


def test_cli_init_gives_the_starter_codebook_and_notebooks(tmp_path):
    result = run_cli("init", "mijnstudie", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "mijnstudie"
    codebook = root / "codebooks" / "impact-zorgzame-gemeenschappen.yaml"
    assert codebook.read_text(encoding="utf-8") == (REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml").read_text(encoding="utf-8")
    assert "codebooks/impact-zorgzame-gemeenschappen.yaml" in result.stdout and "notebooks" in result.stdout
    assert sorted(p.name for p in (root / "notebooks").glob("*.ipynb")) == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    # no empty sheet that would shadow the metadata.xlsx a researcher adds
    assert not list((root / "corpora").iterdir())
    assert "metadata.xlsx" in result.stdout
    shown = run_cli("codebook", "show", cwd=root)
    assert shown.returncode == 0, shown.stderr
    assert "Eenzaamheid en verbinding (eenzaamheid-verbinding): 0" in shown.stdout and "versie 1" in shown.stdout


def test_cli_init_then_metadata_xlsx_is_read(tmp_path, deduce_ready, monkeypatch):
    import pandas as pd

    from workbench.study import init_study

    init_study(tmp_path / "s")
    corpora = tmp_path / "s" / "corpora"
    (corpora / "verhaal.txt").write_text("Sinds de buurvrouw langskomt voel ik me minder alleen.", encoding="utf-8")
    import datetime as dt

    row = {"bestand": "verhaal.txt", "initiatief": "Austerlitz Zorgt", "rol": "bewoner", "datum": dt.datetime(2024, 3, 14), "toestemming": "ja"}
    pd.DataFrame([row]).to_excel(corpora / "metadata.xlsx", index=False)
    monkeypatch.chdir(tmp_path / "s")
    result = runner.invoke(app, ["ingest", "--workers", "0"], env={"COLUMNS": "150"})
    assert result.exit_code == 0, result.output
    assert "Austerlitz Zorgt" in result.output
    import workbench as wb

    with wb.open_study(tmp_path / "s") as study:
        assert study.corpus.get("verhaal").date == "2024-03-14"  # not '2024-03-14 00:00:00'


def test_cli_codebook_command_cannot_vanish(monkeypatch):
    """A broken codebook CLI module is an ImportError at start, not a missing command."""
    import importlib

    import pytest

    import workbench.cli.root

    monkeypatch.setitem(sys.modules, "workbench.cli.codebook", None)  # import fails
    monkeypatch.delattr(workbench.cli, "codebook")
    try:
        with pytest.raises(ImportError):
            importlib.reload(workbench.cli.root)
    finally:
        monkeypatch.undo()
        importlib.reload(workbench.cli.root)


def test_cli_replacements_never_cut_the_document_id(study, monkeypatch):
    (study.root / "corpora" / "test" / "voorzorgcirkels-utrechtse-heuvelrug").mkdir()
    path = study.root / "corpora" / "test" / "voorzorgcirkels-utrechtse-heuvelrug" / "interview-03-coordinator.txt"
    path.write_text("I: Hoe gaat het?\n\nR: Goed, Gerda Verbeek komt elke dag langs.\n", encoding="utf-8")
    with open(study.root / "corpora" / "test" / "metadata.csv", "a", encoding="utf-8") as fh:
        fh.write("voorzorgcirkels-utrechtse-heuvelrug/interview-03-coordinator.txt,Voorzorgcirkels,coördinator,,,ja,interview\n")
    study.ingest()
    monkeypatch.chdir(study.root)
    out = runner.invoke(app, ["corpus", "replacements", LONG], env={"COLUMNS": "80"}).output
    assert any(LONG in line for line in out.splitlines()), out


def test_cli_replacements_summary_and_one_step_keep_and_replace(study_dir, deduce_ready, monkeypatch):
    monkeypatch.chdir(study_dir)
    assert runner.invoke(app, ["ingest"], env={"COLUMNS": "200"}).exit_code == 0
    summary = runner.invoke(app, ["corpus", "replacements", "--summary"], env={"COLUMNS": "200"})
    assert summary.exit_code == 0, summary.output
    assert "Gerda Verbeek" in summary.output and "verschillende vervangen teksten" in summary.output
    assert summary.output.count("Gerda Verbeek") == 1  # one line per distinct string, not per document
    added = runner.invoke(app, ["corpus", "replacements", "--keep", "Serre", "--keep", "Wmo-loket", "--replace", "Toon Verhoeven"])
    assert added.exit_code == 0, added.output
    from workbench.settings import Settings

    settings = Settings.from_toml(study_dir / "workbench.toml")
    assert {"Serre", "Wmo-loket"} <= set(settings.keep_list())
    assert "Toon Verhoeven" in settings.replace_list()
    assert (study_dir / "private" / "replace-list.txt").stat().st_mode & 0o777 == 0o600
    again = runner.invoke(app, ["corpus", "replacements", "--keep", "serre"])  # already there (any case)
    assert "0 " in again.output and settings.keep_list().count("Serre") == 1


def test_cli_corpus_checked_records_who_and_when(study_dir, deduce_ready, monkeypatch):
    """Issue 18: a researcher marks a document as read through after pseudonymisation."""
    monkeypatch.chdir(study_dir)
    assert runner.invoke(app, ["ingest"], env={"COLUMNS": "200"}).exit_code == 0
    done = runner.invoke(app, ["corpus", "checked", "interview", "--by", "Lian"], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    assert "interview (versie 1) nagelezen door Lian op 20" in done.output
    mine = runner.invoke(app, ["corpus", "checked", "verhaal"], env={"COLUMNS": "200"})
    assert mine.exit_code == 0 and "nagelezen door tester" in mine.output  # the study's user
    import workbench as wb

    with wb.open_study(study_dir) as study:
        checks = {(c.doc_id, c.doc_version, c.checked_by) for c in study.store.document_checks()}
    assert checks == {("interview", 1, "Lian"), ("verhaal", 1, "tester")}
    unknown = run_cli("corpus", "checked", "intervew", cwd=study_dir)
    assert unknown.returncode == 1 and unknown.stderr.startswith("workbench: ") and "interview" in unknown.stderr  # the close match
    english = run_cli("--lang", "en", "corpus", "checked", "interview", "--by", "Sanne", cwd=study_dir)
    assert english.returncode == 0 and "interview (version 1) checked by Sanne on 20" in english.stdout
