"""workbench suggest / agreement / evaluate on the coded demo study: tables, one JSON object, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.coding.io import write_codings_table
from workbench.coding.jobs import people_codings, run_agreement

pytestmark = pytest.mark.slow
runner = CliRunner()
ENV = {"COLUMNS": "200"}


def invoke(*args, code=0):
    result = runner.invoke(app, list(args), env=ENV)
    assert result.exit_code == code, result.output
    return result.output


def test_cli_agreement_table_and_json(demo_coded):
    root = str(demo_coded.root)
    out = invoke("agreement", "--coders", "lian,sanne", "--study", root)
    assert "Overeenstemming lian, sanne per zin" in out and "alles samen" in out and "Verschillen om te bespreken" in out
    assert "Disagreements to discuss" in invoke("--lang", "en", "agreement", "--coders", "lian,sanne", "--suggester", "none", "--study", root)
    data = json.loads(invoke("agreement", "--coders", "lian,sanne", "--json", "--suggester", "none", "--study", root))
    expected = run_agreement(demo_coded.store, ["lian", "sanne"], suggester=None)
    assert data["overall"]["kappa"] == pytest.approx(expected.overall["kappa"]) and data["n_units"] == expected.n_units
    assert "text" not in data["disagreements"][0]  # scripts get offsets, not transcript text
    turns = json.loads(invoke("agreement", "--coders", "lian,sanne", "--unit", "turn", "--json", "--suggester", "none", "--study", root))
    assert turns["unit"] == "turn" and 0 < turns["n_units"] < data["n_units"]


def test_cli_agreement_shows_the_suggester_as_a_coder(demo_coded):
    root = str(demo_coded.root)
    out = invoke("agreement", "--coders", "lian,sanne", "--study", root)
    assert "De suggestiemaker als codeur (suggester:learned-tfidf@2)" in out and "met lian" in out and "mensen onderling" in out
    data = json.loads(invoke("agreement", "--coders", "lian,sanne", "--json", "--study", root))
    rows = {(r["coder"], r["code_id"]): r for r in data["suggester"]}
    assert {c for c, _ in rows} == {"lian", "sanne"} and all(r["suggester"] == "suggester:learned-tfidf@2" for r in rows.values())
    assert any(r["kappa"] is not None and r["kappa"] > 0.3 for r in rows.values())
    rules = json.loads(invoke("agreement", "--coders", "lian,sanne", "--suggester", "rules", "--json", "--study", root))
    assert {r["suggester"] for r in rules["suggester"]} == {"suggester:rules@1"}
    none = json.loads(invoke("agreement", "--coders", "lian,sanne", "--suggester", "none", "--json", "--study", root))
    assert none["suggester"] is None
    assert "The suggester as a coder" in invoke("--lang", "en", "agreement", "--coders", "lian,sanne", "--study", root)


def test_cli_agreement_errors_are_one_line(demo_coded):
    result = runner.invoke(app, ["agreement", "--coders", "lian", "--study", str(demo_coded.root)], env=ENV)
    assert result.exit_code == 1 and "twee of meer codeurs" in str(result.exception)
    result = runner.invoke(app, ["--lang", "en", "agreement", "--coders", "lian", "--study", str(demo_coded.root)], env=ENV)
    assert result.exit_code == 1 and "agreement needs two or more coders, got 1. Fix: name two or more" in str(result.exception)


def test_cli_suggest_rules_json(demo_coded):
    data = json.loads(invoke("suggest", "--suggester", "rules", "--json", "--study", str(demo_coded.root)))
    assert list(data["stored"]) == ["suggester:rules@1"] and data["stored"]["suggester:rules@1"] > 100
    assert "Suggesties" in invoke("suggest", "--suggester", "learned", "--study", str(demo_coded.root))


def test_cli_evaluate_against_a_gold_file(demo_coded, tmp_path):
    gold = write_codings_table([c for c in people_codings(demo_coded.store) if c.coder == "lian"], tmp_path / "gold.csv")
    data = json.loads(invoke("evaluate", "--gold", str(gold), "--train-fraction", "0.5", "--seed", "1", "--json", "--study", str(demo_coded.root)))
    assert set(data["summary"]) == {"rules", "similarity", "learned"} and data["test_documents"] == 12
    assert data["summary"]["rules"]["mean_kappa"] > 0.9  # lian codes by the keywords the rules use
    assert data["summary"]["learned"]["mean_kappa"] > 0.3
    out = invoke("evaluate", "--gold", str(gold), "--suggester", "learned", "--study", str(demo_coded.root))
    assert "gemiddelde kappa per code" in out
