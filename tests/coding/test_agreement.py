"""Agreement: checked against published worked examples and hand-computed figures."""

from __future__ import annotations

import json
import math

import pytest

from workbench.coding.agreement import (
    Unit, cohen_kappa, compute_agreement, kappa_from_table, krippendorff_alpha, percent_agreement, units_of,
)
from workbench.coding.events import Coding
from workbench.errors import AgreementError

NAN = float("nan")


def coding(doc, start, end, code, coder, memo=None, source="manual"):
    return Coding(doc, 1, start, end, code, coder, source, 1, memo, "t")


def test_agreement_cohen_1960_table():
    # Cohen (1960), A coefficient of agreement for nominal scales, table 1: po = .70, pe = .41, kappa = .49
    assert kappa_from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]]) == pytest.approx(0.4915, abs=1e-4)
    a = [0] * 88 + [1] * 14 + [2] * 18 + [0] * 10 + [1] * 40 + [2] * 10 + [0] * 2 + [1] * 6 + [2] * 12
    first = [0] * 120 + [1] * 60 + [2] * 20
    assert cohen_kappa(first, a) == pytest.approx(0.4915, abs=1e-4)


def test_agreement_krippendorff_reliability_data_example():
    # Krippendorff (2011), Computing Krippendorff's alpha-reliability, C.3: 4 observers, 12 units,
    # missing data, nominal alpha = 0.743
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
    assert krippendorff_alpha(data) == pytest.approx(0.743, abs=5e-4)
    assert percent_agreement(data) == pytest.approx(8 / 11)  # units 1-11 pairable; 2, 6 and 8 differ


def test_agreement_binary_example_through_units():
    # Krippendorff (2011) C.1: two observers, ten units, alpha = 0.095; Cohen's kappa by hand:
    # po = 6/10, pe = .2 * .4 + .8 * .6 = .56, kappa = (.6 - .56) / .44 = 0.0909
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    units = [Unit("d", 1, 10 * i, 10 * i + 9, f"zin {i}") for i in range(10)]
    codings = [coding("d", 10 * i, 10 * i + 9, "x", "A") for i, v in enumerate(a) if v]
    codings += [coding("d", 10 * i + 2, 10 * i + 5, "x", "B") for i, v in enumerate(b) if v]
    result = compute_agreement(codings, units, ["A", "B"])
    row = result.per_code.iloc[0]
    assert row["kappa"] == pytest.approx(0.04 / 0.44)
    assert row["alpha"] == pytest.approx(0.095, abs=5e-4)
    assert row["percent"] == pytest.approx(0.6)
    assert (row["n_A"], row["n_B"], row["n_units"]) == (2, 4, 10)
    assert len(result.disagreements) == 4


def test_agreement_span_counts_for_every_unit_it_overlaps():
    units = [Unit("d", 1, 0, 10), Unit("d", 1, 11, 20), Unit("d", 1, 21, 30), Unit("e", 1, 0, 10)]
    hits = units_of([coding("d", 5, 15, "x", "A"), coding("d", 20, 21, "x", "A"), coding("d", 10, 11, "x", "A")], units)
    assert hits == {("d", 1, 5, 15): {0, 1}, ("d", 1, 20, 21): set(), ("d", 1, 10, 11): set()}
    assert units_of([coding("d", 0, 30, "x", "A")], units)[("d", 1, 0, 30)] == {0, 1, 2}


def test_agreement_documents_a_coder_did_not_code_are_missing():
    units = [Unit("d", 1, 0, 10), Unit("d", 1, 11, 20), Unit("e", 1, 0, 10), Unit("e", 1, 11, 20)]
    codings = [coding("d", 0, 10, "x", "A"), coding("d", 0, 10, "x", "B"), coding("e", 0, 10, "x", "A")]
    result = compute_agreement(codings, units, ["A", "B"])
    assert result.n_units == 2 and result.per_code.iloc[0]["percent"] == 1.0
    assert result.per_code.iloc[0]["kappa"] == 1.0
    # told that both read document e, B's silence there counts
    told = compute_agreement(codings, units, ["A", "B"], documents=["d", "e"])
    assert told.n_units == 4 and told.per_code.iloc[0]["percent"] == 0.75


def test_agreement_disagreements_name_both_coders_codes_and_memos():
    units = [Unit("d", 1, 0, 10, "eerste zin"), Unit("d", 1, 11, 20, "tweede zin")]
    codings = [
        coding("d", 0, 20, "x", "lian", memo="eenzaam?"), coding("d", 0, 20, "x", "sanne"),
        coding("d", 11, 20, "y", "lian"), coding("d", 11, 20, "z", "sanne", memo="eerder thuis"),
        coding("d", 11, 20, "y", "suggester:rules@1", source="suggested"),
    ]
    result = compute_agreement(codings, units, ["lian", "sanne"])
    [row] = result.disagreements.to_dict("records")
    assert row["codes_lian"] == "x, y" and row["codes_sanne"] == "x, z" and row["differ"] == "y, z"
    assert row["memo_sanne"] == "z: eerder thuis" and row["memo_lian"] == "x: eenzaam?" and row["text"] == "tweede zin"
    assert list(result.per_code["code_id"]) == ["x", "y", "z"]
    assert math.isnan(result.per_code.set_index("code_id").loc["x", "kappa"])  # everyone always: not defined
    data = json.loads(json.dumps(result.to_dict()))
    assert data["coders"] == ["lian", "sanne"] and "text" not in data["disagreements"][0]


def test_agreement_three_coders_light_kappa_and_alpha():
    units = [Unit("d", 1, 10 * i, 10 * i + 9) for i in range(6)]
    marks = {"A": [1, 1, 0, 0, 1, 0], "B": [1, 1, 0, 0, 0, 0], "C": [1, 0, 0, 0, 1, 0]}
    codings = [coding("d", 10 * i, 10 * i + 9, "x", c) for c, v in marks.items() for i, m in enumerate(v) if m]
    result = compute_agreement(codings, units, ["A", "B", "C"])
    pairs = [cohen_kappa(marks[a], marks[b]) for a, b in (("A", "B"), ("A", "C"), ("B", "C"))]
    assert result.per_code.iloc[0]["kappa"] == pytest.approx(sum(pairs) / 3)
    assert len(result.pairs) == 3
    assert result.per_code.iloc[0]["alpha"] == pytest.approx(krippendorff_alpha(list(marks.values())))


@pytest.mark.parametrize("coders, unit, match", [(["A"], "sentence", "twee of meer codeurs"), (["A", "Q"], "sentence", "geen coderingen van Q"), (["A", "B"], "word", "onbekende eenheid 'word'")])
def test_agreement_refuses_what_it_cannot_compute(coders, unit, match):
    with pytest.raises(AgreementError, match=match) as info:
        compute_agreement([coding("d", 0, 5, "x", "A"), coding("d", 0, 5, "x", "B")], [Unit("d", 1, 0, 5)], coders, unit=unit)
    assert ". Oplossing: " in str(info.value) and "Fix:" not in str(info.value)


@pytest.mark.parametrize("coders, unit, message, fix", [
    (["A"], "sentence", "agreement needs two or more coders, got 1", "name two or more, e.g. --coders lian,sanne"),
    (["A", "Q"], "sentence", "no codings by Q", "check the coder names"),
    (["A", "B"], "word", "unknown unit 'word'", "use one of sentence, turn, paragraph"),
])
def test_agreement_refusals_in_english(coders, unit, message, fix):
    from workbench.i18n import set_language

    set_language("en")
    with pytest.raises(AgreementError) as info:
        compute_agreement([coding("d", 0, 5, "x", "A"), coding("d", 0, 5, "x", "B")], [Unit("d", 1, 0, 5)], coders, unit=unit)
    assert str(info.value).startswith(message) and f". Fix: {fix}" in str(info.value)
