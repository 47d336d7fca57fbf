"""Mixed methods on a real file: the LibreOffice-written monitor survey (tests/data/mixed,
made by make_survey.py with `soffice --convert-to xlsx`), ingested for real (pseudonymised,
segmented, stored), coded through the study's API; statistics checked against scipy."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import workbench as wb
from workbench.errors import ConfigError, MixedError

sys.path.insert(0, str(Path(__file__).parent))
from helpers import CODE, LIKERT, code_lonely, make_study, survey_rows  # noqa: E402


@pytest.fixture(scope="module")
def template(tmp_path_factory, deduce_ready) -> Path:
    """The study, ingested and coded once per module (tests work on copies)."""
    root = make_study(tmp_path_factory.mktemp("mixed") / "study")
    with wb.open_study(root) as study:
        report = study.ingest(workers=0)
        assert report.errors == []
        assert code_lonely(study) == sum(1 for r in survey_rows() if "alleen" in r["wat_betekent_het_initiatief"])
        code_lonely(study, "samenredzaamheid", "vrijwilligers")
    return root


@pytest.fixture
def study(template: Path, tmp_path: Path):
    target = tmp_path / "study"
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm"))
    s = wb.open_study(target)
    yield s
    s.close()


# -- variables ---------------------------------------------------------------------------------
def test_mixed_variables_typed_from_the_libreoffice_xlsx(study):
    frame = study.variables().set_index("name")
    assert frame.loc["hoe_vaak_eenzaam", "type"] == "ordinal"
    assert frame.loc["hoe_vaak_eenzaam", "levels"] == "nooit < soms < vaak < altijd"
    rows = survey_rows()
    # "weet niet" and empty answers are kept apart from the answers, counted per respondent
    assert frame.loc["hoe_vaak_eenzaam", "n_dont_know"] == sum(r["hoe_vaak_eenzaam"] == "weet niet" for r in rows) == 5
    assert frame.loc["hoe_vaak_eenzaam", "n_missing"] == sum(r["hoe_vaak_eenzaam"] == "" for r in rows) == 3
    assert frame.loc["hoe_vaak_eenzaam", "n_answers"] == 52
    assert frame.loc["hoe_vaak_eenzaam", "scope"] == "respondent"
    assert frame.loc["samenwerking_gemeente", "type"] == "yesno"
    assert frame.loc["aantal_activiteiten", "type"] == "numeric"
    assert frame.loc["lid_sinds", "type"] == "date"
    assert frame.loc["financiering", "how"] == "opgegeven in workbench.toml"
    assert "antwoordschaal" in frame.loc["hoe_vaak_eenzaam", "how"]  # the detection is reported
    # the initiatives sheet: variables of the initiative
    assert frame.loc["opgericht", "scope"] == "initiative" and frame.loc["regio", "type"] == "categorical"
    # the open questions and the respondent number are no variables
    assert not {"wat_betekent_het_initiatief", "wat_kan_beter", "respondent_id", "question", "_row"} & set(frame.index)


def test_mixed_two_answers_of_one_respondent_share_the_values(study):
    data = study.mixed_data()
    docs = [d for d in data.documents if d.metadata.get("respondent_id") == "M012"]
    assert len(docs) == 2  # two open answers
    values = {data.doc_value(d, "hoe_vaak_eenzaam") for d in docs}
    assert values == {("answer", "altijd")}
    assert len(data.unit_values("hoe_vaak_eenzaam", "respondent")) == 60
    assert len(data.unit_values("hoe_vaak_eenzaam", "document")) == 120


def test_mixed_declared_ordinal_order_and_off_scale_answers(study):
    from workbench.mixed import sync_variables
    from workbench.settings import Settings

    text = (study.root / "workbench.toml").read_text(encoding="utf-8")
    text += '\n[mixed.variables.hoe_vaak_eenzaam]\ntype = "ordinal"\nlevels = ["altijd", "vaak", "soms"]\n'
    settings = Settings.from_dict(__import__("tomllib").loads(text), root=study.root)
    report = sync_variables(study.store, settings)
    var = next(v for v in report.variables if v.name == "hoe_vaak_eenzaam")
    assert var.levels == ("altijd", "vaak", "soms") and var.declared
    assert var.n_missing == 3 + 14  # 'nooit' is not among the declared levels: counted as missing, and said
    assert any("nooit" in str(w) for w in report.warnings)


def test_mixed_bad_declaration_names_the_key(study):
    from workbench.mixed import sync_variables
    from workbench.settings import Settings

    data = {"project": {"name": "x"}, "mixed": {"variables": {"hoe_vaak_eenzaam": {"type": "likert"}}}}
    with pytest.raises(ConfigError, match=r"\[mixed.variables.hoe_vaak_eenzaam\] type 'likert'.*ordinal"):
        sync_variables(study.store, Settings.from_dict(data, root=study.root))
    data["mixed"]["variables"]["hoe_vaak_eenzaam"] = {"type": "ordinal"}
    with pytest.raises(ConfigError, match="levels"):
        sync_variables(study.store, Settings.from_dict(data, root=study.root))


# -- crosstabs, checked against scipy -----------------------------------------------------------
def _expected_counts() -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for level in LIKERT:
        rows = [r for r in survey_rows() if r["hoe_vaak_eenzaam"] == level]
        out[level] = (len(rows), sum("alleen" in r["wat_betekent_het_initiatief"] for r in rows))
    return out


def test_mixed_crosstab_counts_and_trend_test_match_scipy(study):
    import numpy as np
    from scipy import stats
    from scipy.stats.contingency import association

    tab = study.crosstab(CODE, by="hoe_vaak_eenzaam")
    assert tab.unit == "respondent" and tab.test == "trend"
    got = {r.category: (r.n, r.n_with) for r in tab.answer_rows}
    assert got == _expected_counts()
    assert [r.category for r in tab.rows] == [*LIKERT, "dont_know", "missing"]  # kept apart, shown
    assert {r.status: r.n for r in tab.rows if r.status != "answer"} == {"dont_know": 5, "missing": 3}
    # Cochran-Armitage: N * r^2, r the Pearson correlation of the rank and having the code
    ranks = [i for i, lvl in enumerate(LIKERT) for _ in range(got[lvl][0])]
    coded = [int(k < got[lvl][1]) for i, lvl in enumerate(LIKERT) for k in range(got[lvl][0])]
    r = stats.pearsonr(ranks, coded)[0]
    assert tab.statistic == pytest.approx(len(ranks) * r**2, rel=1e-9)
    assert tab.p == pytest.approx(stats.chi2.sf(len(ranks) * r**2, 1), rel=1e-9)
    observed = np.array([[w, n - w] for n, w in (got[lvl] for lvl in LIKERT)])
    assert tab.cramers_v == pytest.approx(association(observed, method="cramer"), rel=1e-9)
    assert tab.p < 0.001
    # small cells flagged, not hidden: expected counts under 5
    assert tab.n_small_cells == int((stats.contingency.expected_freq(observed) < 5).sum()) > 0


def test_mixed_crosstab_chi_square_and_fisher_match_scipy(study):
    import numpy as np
    from scipy import stats

    tab = study.crosstab(CODE, by="financiering")  # categorical: chi-square
    observed = np.array(tab.observed())
    chi2, p, dof, _ = stats.chi2_contingency(observed, correction=False)
    assert tab.test == "chi2" and tab.statistic == pytest.approx(chi2) and tab.p == pytest.approx(p) and tab.dof == dof
    tab2 = study.crosstab(CODE, by="samenwerking_gemeente")  # 2x2 with an expected count under 5
    assert tab2.test == "fisher"
    assert tab2.p == pytest.approx(stats.fisher_exact(np.array(tab2.observed()))[1])


def test_mixed_crosstab_units_and_sentences(study):
    by_doc = study.crosstab(CODE, by="hoe_vaak_eenzaam", unit="document")
    by_resp = study.crosstab(CODE, by="hoe_vaak_eenzaam", unit="respondent")
    assert by_doc.n == 2 * by_resp.n  # two open answers each
    assert [r.n_with for r in by_doc.answer_rows] == [r.n_with for r in by_resp.answer_rows]
    nl, en = by_resp.sentence("nl"), by_resp.sentence("en")
    assert "Trendtoets (Cochran-Armitage): p < 0,001" in nl and "geen oorzaak" in nl and "'Weet niet' (5)" in nl
    assert "Trend test (Cochran-Armitage): p < 0.001" in en and "not cause" in en
    assert "cellen hebben een verwachte telling onder 5" in nl
    by_region = study.crosstab(CODE, by="regio", unit="respondent")  # an initiative's variable, counted per respondent
    assert {r.category for r in by_region.answer_rows} == {"midden", "zuid"}
    with pytest.raises(MixedError, match="per initiatief"):
        study.crosstab(CODE, by="hoe_vaak_eenzaam", unit="initiative")
    with pytest.raises(MixedError, match="bedoelt u 'hoe_vaak_eenzaam'"):
        study.crosstab(CODE, by="hoe_vaak_eensaam")


# -- joint display -------------------------------------------------------------------------------
def test_mixed_joint_display_shares_quotes_and_the_small_group_rule(study):
    jd = study.joint_display([CODE, "samenredzaamheid"], by="hoe_vaak_eenzaam")
    assert jd.categories == tuple(LIKERT)
    cell = jd.cell("altijd", CODE)
    assert (cell.n, cell.n_with) == _expected_counts()["altijd"]
    assert cell.quote is not None and "alleen" in cell.quote.text
    assert jd.cell("nooit", CODE).quote is None  # nobody there has the code
    frame = jd.to_frame()
    assert list(frame.iloc[:, 0]) == LIKERT
    # a category of three respondents: its share is shown, never a quote
    small = study.joint_display([CODE], by="woonsituatie")
    hofje = small.cell("in een hofje", CODE)
    assert hofje.n == 3 and hofje.n_with == 3 and hofje.withheld and hofje.quote is None
    assert "minder dan 5 respondenten" in small.to_html()
    assert all(q.doc_id not in {d.id for d in study.corpus.documents() if d.metadata.get("woonsituatie") == "in een hofje"} for q in small.quotes())


def test_mixed_joint_display_never_quotes_a_flagged_fragment(study):
    jd = study.joint_display([CODE], by="hoe_vaak_eenzaam")
    victim = jd.cell("altijd", CODE).quote
    from workbench import review

    inv = review.invite(study.store, victim.initiative, "Marja", role="vrijwilliger", created_by="test")
    study.store.put_quote_verdict(inv.reviewer.id, victim.initiative, victim.span, "identifying")
    again = study.joint_display([CODE], by="hoe_vaak_eenzaam")
    assert victim.key not in {q.key for q in again.quotes()}
    assert again.cell("altijd", CODE).quote is not None  # the next most typical one


def test_mixed_joint_display_pptx_and_figure(study, tmp_path):
    from pptx import Presentation

    jd = study.joint_display([CODE], by="hoe_vaak_eenzaam")
    path = jd.to_pptx(tmp_path / "joint.pptx")
    texts = [shape.table.cell(i, j).text for shape in Presentation(path).slides[0].shapes if shape.has_table
             for i in range(len(jd.categories) + 1) for j in range(2)]
    assert "altijd" in texts and any("alleen" in x for x in texts)
    fig = jd.figure()
    assert len(fig.axes[0].texts) == len(LIKERT)


# -- framework matrix ------------------------------------------------------------------------------
def test_mixed_framework_cells_quotes_and_summaries_survive_restart_and_new_version(study, tmp_path):
    fw = study.framework(rows="initiative", codes=[CODE])
    assert fw.cases == ("Austerlitz Zorgt", "Liv Inn Hilversum", "Voorzorgcirkels")
    cell = fw.cell("Voorzorgcirkels", CODE)
    assert cell.fragments and 1 <= len(cell.quotes) <= 3 and cell.summary == ""
    study.set_framework_summary("initiative", "Voorzorgcirkels", CODE, "Eenzaamheid vooral bij wie altijd alleen is.", author="anna")
    study.set_framework_summary("initiative", "Voorzorgcirkels", CODE, "Eenzaamheid vooral 's avonds.", author="bram")
    root = study.root
    study.close()
    # a new version of a document: one answer changed in the export
    import openpyxl

    xlsx = root / "corpora" / "monitor" / "monitor-test.xlsx"
    book = openpyxl.load_workbook(xlsx)
    sheet = book.active
    col = [c.value for c in sheet[1]].index("wat_kan_beter") + 1
    sheet.cell(3, col).value = "Meer vervoer naar de markt op zaterdag, schrijft deelnemer 2 nu."
    book.save(xlsx)
    with wb.open_study(root) as again:
        report = again.ingest(workers=0)
        assert report.n_new_versions == 1
        cell = again.framework(rows="initiative", codes=[CODE]).cell("Voorzorgcirkels", CODE)
        assert cell.summary == "Eenzaamheid vooral 's avonds." and cell.author == "bram"
        assert [e.text for e in cell.history] == ["Eenzaamheid vooral bij wie altijd alleen is.", "Eenzaamheid vooral 's avonds."]
        assert [e.author for e in cell.history] == ["anna", "bram"]
        with pytest.raises(MixedError, match="geen casus 'Voorzorg'"):
            again.set_framework_summary("initiative", "Voorzorg", CODE, "x")


def test_mixed_framework_exports_write_text_as_text(study, tmp_path):
    import docx
    import openpyxl

    study.set_framework_summary("initiative", "Austerlitz Zorgt", CODE, "=HYPERLINK(\"http://x\")", author="anna")
    fw = study.framework(rows="initiative", codes=[CODE, "samenredzaamheid"])
    book = openpyxl.load_workbook(fw.to_xlsx(tmp_path / "m.xlsx"))
    sheet = book["matrix"]
    cell = sheet.cell(2, 2)
    assert sheet.cell(2, 1).value == "Austerlitz Zorgt" and cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert all(c.data_type == "s" for row in book["fragmenten"].iter_rows() for c in row if c.value is not None)
    text = "\n".join(c.text for row in docx.Document(str(fw.to_docx(tmp_path / "m.docx"))).tables[0].rows for c in row.cells)
    assert "Austerlitz Zorgt" in text and "alleen" in text and "fragmenten" in text


def test_mixed_framework_rows_by_variable_withhold_small_groups(study):
    fw = study.framework(rows="woonsituatie", codes=[CODE])
    assert set(fw.cases) == {"in een hofje", "met partner", "zelfstandig"}
    hofje = fw.cell("in een hofje", CODE)
    assert hofje.fragments and hofje.withheld and hofje.quotes == ()


# -- the command line, as a user types it --------------------------------------------------------
def _cli(*args: str, cwd: Path):
    import os
    import subprocess

    exe = Path(sys.executable).parent / "workbench"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, env=dict(os.environ, COLUMNS="200"), timeout=300)


def test_mixed_cli_variables_crosstab_framework(study, tmp_path):
    import json

    import openpyxl

    root = study.root
    study.close()
    result = _cli("variables", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "hoe_vaak_eenzaam" in result.stdout and "nooit < soms < vaak < altijd" in result.stdout and "ordinaal" in result.stdout
    assert "geen variabele" not in result.stdout or "wat_" not in result.stdout
    data = json.loads(_cli("variables", "--json", cwd=root).stdout)
    likert = next(v for v in data["variables"] if v["name"] == "hoe_vaak_eenzaam")
    assert likert["levels"] == LIKERT and likert["n_dont_know"] == 5 and likert["n_missing"] == 3
    result = _cli("crosstab", CODE, "--by", "hoe_vaak_eenzaam", "-o", str(tmp_path / "t.xlsx"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Trendtoets (Cochran-Armitage)" in result.stdout and "weet niet" in result.stdout and "67%" in result.stdout
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in sheet["A"]][1:5] == LIKERT
    result = _cli("crosstab", "--all", "--by", "financiering", "--unit", "document", "--lang", "en", "-o", str(tmp_path / "all.xlsx"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Chi-square test" in result.stdout and "not cause" in result.stdout
    assert openpyxl.load_workbook(tmp_path / "all.xlsx").sheetnames[0] == "summary"
    result = _cli("framework", "--rows", "initiative", "--codes", f"{CODE},samenredzaamheid", "-o", str(tmp_path / "m.docx"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Voorzorgcirkels" in result.stdout and (tmp_path / "m.docx").stat().st_size > 0
    bad = _cli("crosstab", CODE, "--by", "eenzaam", cwd=root)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "geen variabele 'eenzaam'" in bad.stderr
    bad = _cli("crosstab", "--by", "hoe_vaak_eenzaam", "--lang", "en", cwd=root)
    assert bad.returncode == 1 and "name a code, or use --all" in bad.stderr
    bad = _cli("framework", "-o", str(tmp_path / "m.pdf"), cwd=root)
    assert bad.returncode == 1 and ".xlsx" in bad.stderr


# -- REFI-QDA: variables out and back in, typed ----------------------------------------------------
def test_mixed_qdpx_variables_typed_out_and_in(study, tmp_path):
    from lxml import etree

    from workbench.interop.qdpx import read_qdpx

    path = tmp_path / "monitor.qdpx"
    study.export_qdpx(path)
    project = read_qdpx(path)
    assert project.variable_types["hoe_vaak_eenzaam"] == "Text"
    assert project.variable_descriptions["hoe_vaak_eenzaam"] == "workbench: ordinal: nooit < soms < vaak < altijd"
    assert project.variable_types["aantal_activiteiten"] == "Integer"
    assert project.variable_types["samenwerking_gemeente"] == "Boolean"
    assert project.variable_types["lid_sinds"] == "Date"
    source = next(s for s in project.sources if s.name.endswith("m012/wat-kan-beter"))
    assert source.variables["hoe_vaak_eenzaam"] == "altijd" and source.variables["samenwerking_gemeente"] is True
    assert isinstance(source.variables["aantal_activiteiten"], int)
    dont_know = next(s for s in project.sources if s.name.endswith("m008/wat-kan-beter"))  # 'weet niet' travels as text
    assert dont_know.variables["hoe_vaak_eenzaam"] == "weet niet"
    missing = next(s for s in project.sources if s.name.endswith("m004/wat-kan-beter"))  # no answer: no value
    assert "hoe_vaak_eenzaam" not in missing.variables
    import zipfile

    schema = etree.XMLSchema(etree.parse(str(Path(__file__).parents[1] / "data" / "refi" / "Project.xsd")))
    with zipfile.ZipFile(path) as z:
        schema.assertValid(etree.fromstring(z.read("project.qde")))
    # into a new study: the types and the order come back, respondents too
    other = tmp_path / "other"
    (other / "corpora").mkdir(parents=True)
    shutil.copytree(study.root / "codebooks", other / "codebooks")
    (other / "workbench.toml").write_text('[project]\nname = "ander"\n[corpus]\npaths = ["corpora"]\n[privacy]\nkey_path = "private/key.csv"\n', encoding="utf-8")
    with wb.open_study(other) as again:
        again.import_qdpx(path, pseudonymise=False)
        frame = again.variables().set_index("name")
        assert frame.loc["hoe_vaak_eenzaam", "type"] == "ordinal" and frame.loc["hoe_vaak_eenzaam", "levels"] == "nooit < soms < vaak < altijd"
        assert frame.loc["hoe_vaak_eenzaam", "how"] == "meegekomen met het REFI-QDA-project (.qdpx)"
        assert (frame.loc["hoe_vaak_eenzaam", "n_dont_know"], frame.loc["hoe_vaak_eenzaam", "n_missing"]) == (5, 3)
        assert frame.loc["samenwerking_gemeente", "type"] == "yesno" and frame.loc["aantal_activiteiten", "type"] == "numeric"
        tab = again.crosstab(CODE, by="hoe_vaak_eenzaam")
        assert {r.category: (r.n, r.n_with) for r in tab.answer_rows} == _expected_counts()


# -- the notebook widget for summaries ---------------------------------------------------------------
def test_mixed_framework_app_saves_summaries_as_events(study):
    from workbench.apps import framework_app

    app = framework_app(study, codes=[CODE], author="anna")
    app.case.value = "Liv Inn Hilversum"
    assert app.summary.value == "" and "alleen" in app.quotes.value
    app.summary.value = "Eenzaam in de winter."
    app.on_save()
    app.summary.value = "Eenzaam in de winter, minder in de zomer."
    app.on_save()
    assert "bewaard door anna" in app.status.value and "Eenzaam in de winter." in app.history.value
    root = study.root
    study.close()
    with wb.open_study(root) as again:  # a new kernel: the app reads the store
        fresh = framework_app(again, codes=[CODE])
        fresh.case.value = "Liv Inn Hilversum"
        assert fresh.summary.value == "Eenzaam in de winter, minder in de zomer."
        events = again.store.framework_summary_events(case_value="Liv Inn Hilversum")
        assert [(e.author, e.text) for e in events] == [("anna", "Eenzaam in de winter."), ("anna", "Eenzaam in de winter, minder in de zomer.")]


# -- reports: the mixed-methods sections, in process and rendered -----------------------------------
def test_mixed_report_sections_flagged_and_small_groups(study):
    from workbench import reports
    from workbench import review

    study.set_framework_summary("initiative", "Voorzorgcirkels", CODE, "Vooral wie vaak alleen is, noemt gezelschap.", author="anna")
    # a co-researcher flags every fragment of the 'altijd' respondents (the answers repeat
    # the same words, so the check is on the cell: no quote left to show there)
    mixed = study.mixed_data()
    answers = mixed.unit_values("hoe_vaak_eenzaam", "document")
    victims = [c for c in mixed.fragments(CODE) if answers.get(c.doc_id, ("", None))[1] == "altijd"]
    for ini in {mixed.docs[(c.doc_id, c.doc_version)].initiative for c in victims}:
        inv = review.invite(study.store, ini, "Marja", role="vrijwilliger", created_by="test")
        for c in victims:
            if mixed.docs[(c.doc_id, c.doc_version)].initiative == ini:
                study.store.put_quote_verdict(inv.reviewer.id, ini, c.span, "identifying")
    data = reports.load_report(study.root)
    html = {name: getattr(reports, name)(data).to_html() for name in reports.MIXED_CROSS_SECTIONS}
    assert "trendtoets (Cochran-Armitage)" in html["mixed_crosstabs"] and "geen oorzaak" in html["mixed_crosstabs"]
    assert "Van de respondenten die 'altijd' antwoordden" in html["mixed_crosstabs"]
    assert "data:image/png;base64," in html["mixed_joint_display"]
    joint = reports.mixed_joint_display(data).table.rows
    assert dict((r[0], r[1]) for r in joint)["altijd"] == "67% (8/12)"  # every quote there flagged: none shown
    assert dict((r[0], r[1]) for r in joint)["vaak"].startswith("23% (3/13) — “")  # the others still quoted
    assert "Vooral wie vaak alleen is, noemt gezelschap." in html["mixed_framework"]
    row = reports.mixed_framework_row(reports.load_report(study.root, initiative="Voorzorgcirkels"))
    assert "Vooral wie vaak alleen is, noemt gezelschap." in row.to_html() and row.table.rows
    en = reports.mixed_crosstabs(reports.load_report(study.root, lang="en")).to_html()
    assert "trend test (Cochran-Armitage)" in en and "not cause" in en
    # a category of three respondents: its share, never a quote
    toml = study.root / "workbench.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('joint_by = "hoe_vaak_eenzaam"', 'joint_by = "woonsituatie"'), encoding="utf-8")
    section = reports.mixed_joint_display(reports.load_report(study.root))
    hofje = next(r for r in section.table.rows if r[0] == "in een hofje")
    assert "100% (3/3) — geen citaat: minder dan 5 respondenten" in hofje[1] and "“" not in hofje[1]


@pytest.mark.slow
def test_mixed_reports_rendered_with_the_new_section(study, tmp_path):
    """The cross report and an initiative report, run by papermill and exported: the page and
    the deck show the joint display and the framework row; nothing loads from the network."""
    import re

    import lxml.html
    from pptx import Presentation

    from workbench.reports.run import run_reports

    study.set_framework_summary("initiative", "Liv Inn Hilversum", CODE, "Gezelschap mist vooral in de winter.", author="anna")
    root = study.root
    study.close()
    result = run_reports(root, initiatives=["Liv Inn Hilversum"], cross=True, formats="html,slides,pptx", out=tmp_path / "reports", jobs=1)
    by_name = {r["name"]: r for r in result.reports}
    cross = next(r for r in result.reports if not r["initiative"])
    page = Path(cross["files"]["html"]).read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    joint = tree.xpath('//div[@id="wb-mixed_joint_display"]')[0]
    cells = [td.text_content() for td in joint.xpath(".//td")]
    assert any(c.startswith("67% (8/12) — “") for c in cells)
    assert tree.xpath('//div[@id="wb-mixed_crosstabs"]//table') and tree.xpath('//div[@id="wb-mixed_framework"]//table')
    assert not re.search(r"""<(script|link|img|style|iframe|source)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    deck = [sh.table.cell(i, j).text for sl in Presentation(cross["files"]["pptx"]).slides for sh in sl.shapes if sh.has_table
            for i in range(len(sh.table.rows)) for j in range(len(sh.table.columns))]
    assert any(c.startswith("67% (8/12)") for c in deck)
    one = by_name[next(n for n in by_name if n != cross["name"])]
    page = Path(one["files"]["html"]).read_text(encoding="utf-8")
    row = lxml.html.fromstring(page).xpath('//div[@id="wb-mixed_framework_row"]')[0].text_content()
    assert "Gezelschap mist vooral in de winter." in row


@pytest.mark.slow
@pytest.mark.enable_socket  # the kernel talks to papermill over loopback only
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_mixed_notebook_runs_on_the_study(study, tmp_path):
    import nbformat
    import papermill

    root = study.root
    study.close()
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(Path(__file__).parents[2] / "notebooks" / "05-mixed.ipynb"), str(out), parameters={"study_dir": str(root)},
                               kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "hoe_vaak_eenzaam" in html and "Trendtoets (Cochran-Armitage)" in html and "67% (8/12)" in html
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


# -- joint display by theme (issue 19: themes as columns, not only codes) ---------------------------
@pytest.fixture(scope="module")
def themed_template(template: Path, tmp_path_factory) -> Path:
    """The coded study with a real theme run (BERTopic on the stored answers, offline)."""
    root = tmp_path_factory.mktemp("themed") / "study"
    shutil.copytree(template, root, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm"))
    with wb.open_study(root) as s:
        s.run_themes(seed=1)
    return root


@pytest.fixture
def themed(themed_template: Path, tmp_path: Path):
    target = tmp_path / "study"
    shutil.copytree(themed_template, target, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm"))
    s = wb.open_study(target)
    yield s
    s.close()


def _theme_counts(study, theme_id: int, by: str) -> dict[str, tuple[int, int]]:
    """Per answer to ``by``: (respondents, respondents with a segment in the theme), from the
    survey's csv twin and the run's stored members (an independent path)."""
    run = study.store.latest_theme_run()
    members = {m.doc_id.split("/")[1].upper() for m in study.store.theme_members(run.id) if m.theme_id == theme_id}
    out: dict[str, tuple[int, int]] = {}
    for row in survey_rows():
        n, n_with = out.get(row[by], (0, 0))
        out[row[by]] = (n + 1, n_with + (row["respondent_id"] in members))
    return out


def test_mixed_joint_display_by_theme_shares_quotes_and_the_small_group_rule(themed):
    from workbench.mixed import MIN_GROUP

    themes = themed.latest_themes()
    assert len(themes) >= 3
    jd = themed.joint_display(by="hoe_vaak_eenzaam", themes="all")
    assert jd.codes == tuple(f"theme:{t.theme_id}" for t in themes)  # largest first
    assert [jd.labels[k] for k in jd.codes] == [t.label for t in themes]
    for theme in themes:
        expected = _theme_counts(themed, theme.theme_id, "hoe_vaak_eenzaam")
        for level in LIKERT:
            cell = jd.cell(level, f"theme:{theme.theme_id}")
            assert (cell.n, cell.n_with) == expected[level], (theme.label, level)
            if cell.quote is not None:  # a quote is a member of the theme, from a respondent of that answer
                assert cell.quote.span in {m.key for m in themed.store.theme_members(theme.run_id) if m.theme_id == theme.theme_id}
                assert expected[level][1] > 0
    quoted = [c for c in jd.cells.values() if c.quote is not None]
    assert quoted and all(c.n_respondents >= MIN_GROUP for c in quoted)
    # codes and themes side by side; one theme by number, one by name
    first, second = themes[0], themes[1]
    mixed = themed.joint_display([CODE], by="hoe_vaak_eenzaam", themes=[first.theme_id, second.label.upper()])
    assert mixed.codes == (CODE, f"theme:{first.theme_id}", f"theme:{second.theme_id}")
    assert mixed.cell("altijd", CODE) == jd_code_cell(themed, "altijd")
    # a category of three respondents: its share, never a quote, in every theme column
    small = themed.joint_display(by="woonsituatie", themes="all")
    hofje = [small.cell("in een hofje", k) for k in small.codes]
    assert all(c.n == 3 and c.withheld and c.quote is None for c in hofje)
    assert any(c.n_with == 3 for c in hofje)
    hofje_docs = {d.id for d in themed.corpus.documents() if d.metadata.get("woonsituatie") == "in een hofje"}
    assert small.quotes() and all(q.doc_id not in hofje_docs for q in small.quotes())


def jd_code_cell(study, level):
    return study.joint_display([CODE], by="hoe_vaak_eenzaam").cell(level, CODE)


def test_mixed_joint_display_by_theme_follows_edits_and_never_quotes_a_flagged_fragment(themed):
    from workbench import review
    from workbench.errors import MixedError

    themes = themed.latest_themes()
    a, b = themes[0], themes[1]
    jd = themed.joint_display(by="hoe_vaak_eenzaam", themes=[a.theme_id])
    victim = next(c.quote for c in jd.cells.values() if c.quote is not None)
    inv = review.invite(themed.store, victim.initiative, "Marja", role="vrijwilliger", created_by="test")
    themed.store.put_quote_verdict(inv.reviewer.id, victim.initiative, victim.span, "identifying")
    again = themed.joint_display(by="hoe_vaak_eenzaam", themes=[a.theme_id])
    assert victim.key not in {q.key for q in again.quotes()}
    # a rename and a merge by people: the column takes the new label and the pooled members
    themed.rename_theme(a.theme_id, "Samen koffie", author="anna")
    merged_id = themed.merge_themes([a.theme_id, b.theme_id], "Ontmoeten", author="anna")
    assert merged_id
    merged = next(t for t in themed.latest_themes() if t.label == "Ontmoeten")
    jd = themed.joint_display(by="hoe_vaak_eenzaam", themes=["ontmoeten"])
    assert jd.labels == {f"theme:{merged.theme_id}": "Ontmoeten"}
    one, two = _theme_counts(themed, a.theme_id, "hoe_vaak_eenzaam"), _theme_counts(themed, b.theme_id, "hoe_vaak_eenzaam")
    for level in LIKERT:
        cell = jd.cell(level, f"theme:{merged.theme_id}")
        assert max(one[level][1], two[level][1]) <= cell.n_with <= one[level][1] + two[level][1]
    with pytest.raises(MixedError, match="geen thema 'eenzaam' in de nieuwste themarun") as err:
        themed.joint_display(by="hoe_vaak_eenzaam", themes=["eenzaam"])
    assert "Ontmoeten" in str(err.value)


def test_mixed_joint_display_by_theme_as_a_person_reads_it(themed, tmp_path):
    """The cross report's section with [mixed] joint_themes, rendered to HTML and read as
    text: the theme labels people typed (hostile ones too) are text, the small group has no
    quote; the xlsx export keeps a label starting with '=' a string cell."""
    import lxml.html
    import openpyxl
    from pptx import Presentation

    from workbench import reports

    themes = themed.latest_themes()
    hostile = '=HYPERLINK("http://x","klik") <script>alert(1)</script>'
    themed.rename_theme(themes[0].theme_id, hostile, author="anna")
    toml = themed.root / "workbench.toml"
    text = toml.read_text(encoding="utf-8").replace('joint_by = "hoe_vaak_eenzaam"', 'joint_by = "woonsituatie"\njoint_themes = ["all"]')
    toml.write_text(text.replace('joint_codes = ["eenzaamheid-verbinding", "samenredzaamheid"]', "joint_codes = []"), encoding="utf-8")
    section = reports.mixed_joint_display(reports.load_report(themed.root))
    page = lxml.html.fromstring(f"<html><body>{section.to_html()}</body></html>")
    assert not page.xpath("//script")
    headers = [th.text_content() for th in page.xpath("//th")]
    assert headers[0] == "woonsituatie" and hostile in headers and themes[1].label in headers
    rows = {tr.xpath("./td")[0].text_content(): [td.text_content() for td in tr.xpath("./td")[1:]] for tr in page.xpath("//tbody/tr")}
    assert all("geen citaat: minder dan 5 respondenten" in cell and "“" not in cell for cell in rows["in een hofje"])
    assert any("— “" in cell for cell in rows["met partner"])
    assert "elke code of elk thema" in page.text_content()
    jd = themed.joint_display(by="woonsituatie", themes="all")
    view = lxml.html.fromstring(jd._repr_html_())  # what a notebook shows
    assert not view.xpath("//script") and hostile in [th.text_content() for th in view.xpath("//th")]
    sheet = openpyxl.load_workbook(jd.to_xlsx(tmp_path / "joint.xlsx")).active
    header = list(sheet.iter_rows(min_row=1, max_row=1))[0]
    label_cell = next(c for c in header if c.value == hostile)
    assert label_cell.data_type == "s"
    deck = Presentation(jd.to_pptx(tmp_path / "joint.pptx"))
    cells = [sh.table.cell(i, j).text for sh in deck.slides[0].shapes if sh.has_table for i in range(len(sh.table.rows)) for j in range(len(sh.table.columns))]
    assert hostile in cells and any(c.endswith("geen citaat: minder dan 5 respondenten") for c in cells)


@pytest.mark.slow
def test_mixed_report_rendered_with_themes_in_the_joint_display(themed, tmp_path):
    """The cross report run by papermill with [mixed] joint_themes: the page and the deck
    show the themes' columns beside the codes, as a reader sees them."""
    import lxml.html
    from pptx import Presentation

    from workbench.reports.run import run_reports

    label = themed.latest_themes()[0].label
    root = themed.root
    themed.close()
    toml = root / "workbench.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('joint_by = "hoe_vaak_eenzaam"', 'joint_by = "hoe_vaak_eenzaam"\njoint_themes = ["all"]'), encoding="utf-8")
    result = run_reports(root, initiatives=[], cross=True, formats="html,pptx", out=tmp_path / "reports", jobs=1)
    cross = next(r for r in result.reports if not r["initiative"])
    tree = lxml.html.fromstring(Path(cross["files"]["html"]).read_text(encoding="utf-8"))
    joint = tree.xpath('//div[@id="wb-mixed_joint_display"]')[0]
    headers = [th.text_content() for th in joint.xpath(".//th")]
    assert "Eenzaamheid en verbinding" in headers and label in headers
    assert "elke code of elk thema" in joint.text_content()
    rows = [[td.text_content() for td in tr.xpath("./td")] for tr in joint.xpath(".//tbody/tr")]
    assert [r[0] for r in rows] == LIKERT and all(len(r) == len(headers) for r in rows)
    assert any("— “" in cell for r in rows for cell in r[3:])  # a theme's quote beside its share
    deck = [sh.table.cell(0, j).text for sl in Presentation(cross["files"]["pptx"]).slides for sh in sl.shapes if sh.has_table
            for j in range(len(sh.table.columns))]
    assert label in deck


def test_mixed_joint_display_by_theme_takes_the_newest_run_over_the_whole_study(themed):
    """A newer run of one initiative has no members elsewhere: the display keeps to the
    newest study-wide run, whose members cover every respondent."""
    before = themed.joint_display(by="hoe_vaak_eenzaam", themes="all")
    study_run = themed.store.latest_theme_run().id
    themed.run_themes(initiative="Voorzorgcirkels", seed=1)
    assert themed.store.latest_theme_run().initiative == "Voorzorgcirkels"
    after = themed.joint_display(by="hoe_vaak_eenzaam", themes="all")
    assert after == before
    from workbench.mixed import theme_spans

    assert {t.run_id for t in theme_spans(themed.store)} == {study_run}
