from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()


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
    again = run_cli("init", "mijnstudie", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "already exists" in again.stderr


def test_cli_errors_are_one_line_with_exit_1(tmp_path):
    result = run_cli("corpus", "list", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("workbench: ") and "workbench init" in result.stderr
    assert "Traceback" not in result.stderr
    (tmp_path / "workbench.toml").write_text('[project]\nname = "x"\n[corpus]\npathz = []\n', encoding="utf-8")
    result = run_cli("corpus", "list", cwd=tmp_path)
    assert result.returncode == 1 and "workbench.toml:4: unknown key [corpus].pathz" in result.stderr


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
    assert "Gerda" not in shown.output and "[PERSOON-1]" in shown.output
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
