"""workbench links suggest / show / export on the coded demo study (lian's links)."""

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


def test_cli_links_suggest_show_export(demo_copy, tmp_path):
    root = str(demo_copy.root)
    out = invoke("links", "show", "--min-sources", "2", "--study", root)
    assert "oorzaak" in out and "pg-meedoen" in out and "eenzaamheid-verbinding" in out and "meer" in out
    assert "sources whole path" in invoke("--lang", "en", "links", "show", "--to", "eenzaamheid-verbinding", "--study", root)
    before = len(demo_copy.store.current_links(include_suggestions=True))
    out = invoke("links", "suggest", "--study", root)
    stored = len(demo_copy.store.current_links(include_suggestions=True)) - before
    assert f"{stored} voorgestelde verbanden opgeslagen" in out
    assert demo_copy.store.current_links(only_suggestions=True) and all(
        x.coder == "suggester:cues@1" and x.rationale for x in demo_copy.store.current_links(only_suggestions=True)
    )
    assert "0 voorgestelde verbanden opgeslagen" in invoke("links", "suggest", "--study", root)  # not twice
    csv = tmp_path / "links.csv"
    assert f"Geschreven: {csv} ({len(demo_copy.links())} verbanden)" in invoke("links", "export", "-o", str(csv), "--study", root)
    assert len(pd.read_csv(csv)) == len(demo_copy.links())
    assert "pijlen" in invoke("links", "export", "-o", str(tmp_path / "links.graphml"), "--min-sources", "2", "--study", root)
    result = runner.invoke(app, ["--lang", "en", "links", "export", "-o", str(tmp_path / "x.xlsx"), "--study", root], env=ENV)
    assert result.exit_code == 1 and "format '.xlsx' is not supported. Fix: end the file name in .csv or .graphml" in str(result.exception)
