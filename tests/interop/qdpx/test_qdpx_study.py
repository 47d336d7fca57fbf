"""Whole studies to and from REFI-QDA: export from a real store, import into a real
store, round trips per coder, stable GUIDs, refused files leave nothing behind, the CLI."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

import workbench as wb
from tests.conftest import SMALL
from workbench.corpus.model import Segment
from workbench.errors import ExchangeError
from workbench.interop.qdpx import export_qdpx, import_qdpx, read_qdpx

REFI = Path(__file__).parents[2] / "data" / "refi"
SCHEMA = etree.XMLSchema(etree.parse(str(REFI / "Project.xsd")))
TEXT = "Sinds mijn man er niet meer is, voel ik me zó alleen. Café ëën 👵🏽 buurvrouw komt langs.\nZo kan ik thuis blijven wonen."
TOML = '[project]\nname = "{name}"\nuser = "tester"\n\n[codebook]\npath = "codebooks/codebook.yaml"\n'


def new_study(root: Path, name: str = "studie", codebook: bool = True) -> wb.Study:
    root.mkdir(parents=True, exist_ok=True)
    (root / "workbench.toml").write_text(TOML.format(name=name), encoding="utf-8")
    if codebook:
        (root / "codebooks").mkdir(exist_ok=True)
        (root / "codebooks" / "codebook.yaml").write_text(SMALL, encoding="utf-8")
    return wb.open_study(root)


def add_document(store, doc_id: str, text: str) -> int:
    """A stored document as ingest leaves it (content hash = sha256 of the text)."""
    import hashlib

    return store.add_document(
        {"id": doc_id, "source_path": f"{doc_id}.txt", "source_hash": "x", "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
         "kind": "interview", "consent": 1, "text": text, "n_words": len(text.split())},
        [],
    )


def code(study: wb.Study, doc_id: str, start: int, end: int, code_id: str, coder: str, memo: str | None = None) -> None:
    doc = study.corpus.get(doc_id)
    study.apply_code(Segment(doc_id, doc.version, "sentence", start, end, doc.text[start:end]), code_id, coder=coder, memo=memo)


def per_coder(study: wb.Study) -> set[tuple[str, str, str, str, str | None]]:
    """(document, coded text, code, coder, memo) for every current coding."""
    from workbench.coding.events import current_codings

    texts = {d.id: d.text for d in study.corpus.documents()}
    return {(c.doc_id, texts[c.doc_id][c.start : c.end], c.code_id, c.coder, c.memo) for c in current_codings(study.store, include_suggestions=True)}


@pytest.fixture
def coded_study(tmp_path: Path):
    study = new_study(tmp_path / "a", "studie-a")
    add_document(study.store, "austerlitz/int-01", TEXT)
    add_document(study.store, "voorzorg/int-02", "Mantelzorger: ik kan het niet meer alléén.")
    study.store.update_document_metadata("austerlitz/int-01", 1, {"initiative": "Austerlitz Zorgt", "role": "bewoner", "date": "2024-03-14", "metadata": {"leeftijd": 81}})
    study.store.update_document_metadata("voorzorg/int-02", 1, {"initiative": "Voorzorgcirkels", "role": "mantelzorger"})
    code(study, "austerlitz/int-01", 0, 53, "eenzaamheid", "anna", memo="sterk citaat")
    code(study, "austerlitz/int-01", 0, 53, "eenzaamheid", "ben")
    i = TEXT.index("👵")
    code(study, "austerlitz/int-01", i, i + 12, "verbinding", "ben")
    code(study, "voorzorg/int-02", 14, 42, "thuis", "anna")
    yield study
    study.close()


def test_qdpx_study_export_is_valid_and_complete(coded_study: wb.Study, tmp_path: Path) -> None:
    report = export_qdpx(coded_study, tmp_path / "a.qdpx")
    assert (report.n_documents, report.n_codes, report.n_codings, report.coders) == (2, 6, 4, ["anna", "ben"])
    with zipfile.ZipFile(report.path) as zf:
        SCHEMA.assertValid(etree.fromstring(zf.read("project.qde")).getroottree())
    project = read_qdpx(report.path)
    assert {c.name for c in project.cases} == {"Austerlitz Zorgt", "Voorzorgcirkels"}
    assert next(s for s in project.sources if s.name == "austerlitz/int-01").variables == {"initiative": "Austerlitz Zorgt", "role": "bewoner", "date": "2024-03-14", "kind": "interview", "leeftijd": 81}
    assert project.variable_types["date"] == "Date" and project.variable_types["leeftijd"] == "Integer"
    assert {u.name for u in project.users} == {"anna", "ben", "tester"}


def test_qdpx_study_methods_and_remove_forgets_the_guid(coded_study: wb.Study, tmp_path: Path) -> None:
    report = coded_study.export_qdpx(tmp_path / "a.qdpx", coders=["anna"])
    assert report.coders == ["anna"]
    assert ("document", "voorzorg/int-02") in coded_study.store.exchange_guids()
    coded_study.remove_document("voorzorg/int-02")
    assert ("document", "voorzorg/int-02") not in coded_study.store.exchange_guids()
    with new_study(tmp_path / "b", codebook=False) as other:
        assert other.import_qdpx(tmp_path / "a.qdpx", pseudonymise=False).n_codings == 2


def test_qdpx_study_export_only_some_coders(coded_study: wb.Study, tmp_path: Path) -> None:
    report = export_qdpx(coded_study, tmp_path / "a.qdpx", coders=["ben", "nobody"])
    assert report.n_codings == 2 and report.coders == ["ben"]
    assert report.problems == ["geen coderingen van nobody"]
    from workbench.i18n import set_language

    set_language("en")
    assert export_qdpx(coded_study, tmp_path / "b.qdpx", coders=["ben", "nobody"]).problems == ["no codings by nobody"]


def test_qdpx_study_round_trip_per_coder(coded_study: wb.Study, tmp_path: Path) -> None:
    export_qdpx(coded_study, tmp_path / "a.qdpx")
    with new_study(tmp_path / "b", "studie-b", codebook=False) as other:
        report = import_qdpx(other, tmp_path / "a.qdpx", pseudonymise=False)
        assert report.problems == [] and report.n_added == 2 and report.n_codings == 4
        assert {(d.id, d.text, d.initiative, d.role, d.date) for d in other.corpus.documents()} == {
            (d.id, d.text, d.initiative, d.role, d.date) for d in coded_study.corpus.documents()
        }
        assert per_coder(other) == per_coder(coded_study)
        assert other.codebook.codes == coded_study.codebook.codes and other.codebook.groups == coded_study.codebook.groups
        assert other.corpus.get("austerlitz/int-01").metadata["leeftijd"] == 81


def test_qdpx_study_import_into_study_with_codebook_matches_codes(coded_study: wb.Study, tmp_path: Path) -> None:
    with new_study(tmp_path / "b", "studie-b") as other:
        report = import_qdpx(other, REFI / "maxqda.qdpx", coder_prefix="maxqda:", pseudonymise=False)
        # eenzaamheid matches by id; 'verlies-partner' and 'vrijwilligers' are new, nested as in MAXQDA
        assert report.n_codes_added == 2
        cb = other.codebook
        assert cb.get("verlies-partner").parent == "eenzaamheid" and cb.get("vrijwilligers").parent is None
        assert "# Een klein codeboek voor de tests." in (other.root / "codebooks" / "codebook.yaml").read_text(encoding="utf-8")
        assert {g.name for g in cb.groups} == {"uitkomsten", "Uitkomsten"}
        assert {(c[2], c[3]) for c in per_coder(other)} == {("eenzaamheid", "maxqda:Anna de Boer"), ("vrijwilligers", "maxqda:Anna de Boer")}
        memo = {c[4] for c in per_coder(other)} - {None}
        assert memo == {"Sterk voorbeeld van eenzaamheid na verlies."}
        doc = other.corpus.get("interview-bewoner")
        assert (doc.role, doc.date, doc.metadata["Leeftijd"]) == ("bewoner", "2024-03-14", 81)
        assert any("Verdwenen verslag.txt" in p for p in report.problems)


def test_qdpx_study_initiative_from_variable(tmp_path: Path) -> None:
    with new_study(tmp_path / "b", codebook=False) as study:
        import_qdpx(study, REFI / "nvivo_windows.qdpx", initiative_from="variable", initiative_variable="Initiatief", pseudonymise=False)
        assert {d.id: d.initiative for d in study.corpus.documents()} == {"interview-bewoner": "Austerlitz Zorgt", "mantelzorger": "Voorzorgcirkels"}
    with new_study(tmp_path / "c", codebook=False) as study:
        # cases first; a document in no case takes a variable named initiative/initiatief
        import_qdpx(study, REFI / "nvivo_windows.qdpx", pseudonymise=False)
        assert {d.id: d.initiative for d in study.corpus.documents()} == {"interview-bewoner": "Austerlitz Zorgt", "mantelzorger": "Voorzorgcirkels"}
        assert "Initiatief" not in study.corpus.get("mantelzorger").metadata
        with pytest.raises(ExchangeError, match="geen variabele 'Regio' \\(wel: .*Initiatief.*Oplossing: noem een van die variabelen"):
            import_qdpx(study, REFI / "nvivo_windows.qdpx", initiative_from="variable", initiative_variable="Regio")


def test_qdpx_study_import_pseudonymises_and_moves_offsets(tmp_path: Path, deduce_ready) -> None:
    with new_study(tmp_path / "b", codebook=False) as study:
        report = import_qdpx(study, REFI / "qualcoder.qdpx", coder_prefix="qc:")
        doc = study.corpus.get("interview-bewoner")
        assert doc.kind == "interview" and study.corpus.segments(doc.id, unit="turn")
        assert {(c[1], c[3]) for c in per_coder(study)} == {("Eerst voelde ik me zo alleen", "qc:anna"), ("Eerst voelde ik me zo alleen", "qc:bram"), ("Nu komt er elke week een vrijwilliger.", "qc:bram")}
        assert report.coders == ["qc:anna", "qc:bram"]


def test_qdpx_study_import_pseudonymises_names_and_keeps_codings_on_them(tmp_path: Path, deduce_ready) -> None:
    from workbench.codebook import Codebook
    from workbench.interop.qdpx import (
        QdpxCoding,
        QdpxProject,
        QdpxSource,
        QdpxUser,
        derived_guid,
        write_qdpx,
    )

    text = "Bewoner: Gerda Verbeek belde mij elke dag. Daardoor voelde ik me minder alleen."
    cb = Codebook.from_yaml(new_study(tmp_path / "src").settings.codebook_path)
    guids = {c.id: derived_guid("code", c.id) for c in cb.codes}
    s, e = text.index("Gerda"), text.index("dag.") + 4
    project = QdpxProject(
        name="named", codebook=cb, code_guids=guids, users=(QdpxUser(derived_guid("user", "anna"), "anna"),),
        sources=(QdpxSource(derived_guid("doc", "x"), "verhaal.txt", text),),
        codings=(QdpxCoding(derived_guid("coding", "1"), derived_guid("doc", "x"), s, e, guids["verbinding"], derived_guid("user", "anna")),
                 QdpxCoding(derived_guid("coding", "2"), derived_guid("doc", "x"), text.index("Daardoor"), len(text), guids["eenzaamheid"], derived_guid("user", "anna"))),
    )
    write_qdpx(project, tmp_path / "named.qdpx")
    with new_study(tmp_path / "b") as study:
        # a person the study knows already (from a stored document) keeps the pseudonym ingest gave her
        # (key rows of a document that is not stored are dropped: workbench.corpus.keysafe)
        import hashlib

        from workbench.corpus.pseudonymise import write_key

        known = "[PERSOON-1] en [PERSOON-2] kwamen langs."
        add_document(study.store, "ander", known)
        digest = hashlib.sha256(known.encode("utf-8")).hexdigest()
        write_key(study.settings.key_path, [
            {"document": "ander", "content_hash": digest, "tag": "PERSOON", "pseudonym": "[PERSOON-1]", "original": "Jan Jansen", "count": 1},
            {"document": "ander", "content_hash": digest, "tag": "PERSOON", "pseudonym": "[PERSOON-2]", "original": "Gerda Verbeek", "count": 1},
        ])
        import_qdpx(study, tmp_path / "named.qdpx")
        doc = study.corpus.get("verhaal")
        assert "Gerda" not in doc.text and "Verbeek" not in doc.text
        coded = {c[2]: c[1] for c in per_coder(study)}
        assert coded["eenzaamheid"] == "Daardoor voelde ik me minder alleen."
        assert coded["verbinding"].startswith("[PERSOON-2]") and coded["verbinding"].endswith("belde mij elke dag.")
        key = (study.root / "private" / "pseudonymisation-key.csv").read_text(encoding="utf-8")
        assert "Gerda Verbeek" in key


@pytest.mark.parametrize("case", ["traversal", "xml-bomb", "zip-bomb", "broken-xml"])
def test_qdpx_study_refused_file_stores_nothing(case: str, tmp_path: Path) -> None:
    from test_qdpx_archive import HOSTILE  # tests/interop/qdpx/test_qdpx_archive.py

    build, error, _ = HOSTILE[case]
    path = build(tmp_path / f"{case}.qdpx")
    with new_study(tmp_path / "b", codebook=False) as study:
        with pytest.raises(error):
            import_qdpx(study, path)
        assert study.corpus.documents() == [] and study.store.codebook_versions() == []
        assert not (study.root / "codebooks").exists() and not (study.root / "private").exists()


def test_qdpx_study_failure_midway_rolls_back(coded_study: wb.Study, tmp_path: Path, monkeypatch) -> None:
    export_qdpx(coded_study, tmp_path / "a.qdpx")
    import workbench.coding.events as events

    calls = []

    def boom(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    real = events.apply_code
    monkeypatch.setattr(events, "apply_code", boom)
    with new_study(tmp_path / "b", codebook=False) as other:
        with pytest.raises(RuntimeError):
            import_qdpx(other, tmp_path / "a.qdpx", pseudonymise=False)
        assert other.corpus.documents() == [] and other.store.codebook_versions() == []
        assert not (other.root / "codebooks" / "codebook.yaml").exists()


# -- Hypothesis: export -> import gives the same documents, codes and codings per coder ----
_CHARS = st.sampled_from(list("abc De\n.:,") + ["é", "ë", "ï", "👵", "😢", "’"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_qdpx_study_round_trip_property(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with new_study(tmp_path / "a", "a") as study:
            texts = data.draw(st.lists(st.text(_CHARS, min_size=1, max_size=50).filter(str.strip), min_size=1, max_size=3))
            for i, text in enumerate(texts):
                add_document(study.store, f"doc-{i}", text)
            for _ in range(data.draw(st.integers(0, 6))):
                i = data.draw(st.integers(0, len(texts) - 1))
                start = data.draw(st.integers(0, len(texts[i]) - 1))
                end = data.draw(st.integers(start + 1, len(texts[i])))
                code_id = data.draw(st.sampled_from(["bewoners", "eenzaamheid", "verbinding", "thuis", "organisatie", "financiering"]))
                coder = data.draw(st.sampled_from(["anna", "ben", "Zoë"]))
                code(study, f"doc-{i}", start, end, code_id, coder, memo=data.draw(st.none() | st.just("memo é 👵")))
            export_qdpx(study, tmp_path / "a.qdpx")
            expected_docs = {(d.id, d.text) for d in study.corpus.documents()}
            expected = per_coder(study)
            codes = study.codebook.codes
        with new_study(tmp_path / "b", "b", codebook=False) as other:
            report = import_qdpx(other, tmp_path / "a.qdpx", pseudonymise=False)
            assert report.problems == []
            assert {(d.id, d.text) for d in other.corpus.documents()} == expected_docs
            assert per_coder(other) == expected
            assert other.codebook.codes == codes


# -- the CLI --------------------------------------------------------------------------------
def test_qdpx_cli_export_and_import(coded_study: wb.Study, tmp_path: Path) -> None:
    from workbench.cli import app

    runner = CliRunner()
    out = tmp_path / "cli.qdpx"
    result = runner.invoke(app, ["export", "qdpx", str(out), "--coders", "anna,ben", "--study", str(coded_study.root)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "geschreven: 2 documenten, 6 codes, 4 coderingen" in result.output
    new_study(tmp_path / "c", codebook=False).close()
    result = runner.invoke(app, ["--lang", "en", "import", "qdpx", str(REFI / "nvivo_windows.qdpx"), "--initiative-from", "variable", "Initiatief", "--as-coder-prefix", "nvivo:", "--already-pseudonymised", "--study", str(tmp_path / "c")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2 new documents" in result.output and "coders: nvivo:Anna de Boer, nvivo:Bram" in result.output
    assert "not represented: 2 code(s) had no description" in result.output


def test_qdpx_cli_refused_file_is_one_line(tmp_path: Path, capsys) -> None:
    from workbench.cli import main

    new_study(tmp_path / "c", codebook=False).close()
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SystemExit) as info:
        main(["import", "qdpx", str(bad), "--study", str(tmp_path / "c")])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("workbench: ") and "dit is geen REFI-QDA-project (.qdpx)" in err and err.count("\n") == 1


# -- stable identities ------------------------------------------------------------------------
def guids_of(path: Path) -> dict[str, dict[str, str]]:
    """name -> guid per kind (codes by label, sources, users) and the coding guids."""
    project = read_qdpx(path)
    return {
        "codes": {project.codebook.get(cid).get_label("nl"): g for cid, g in project.code_guids.items()},
        "sources": {s.name: s.guid for s in project.sources},
        "users": {u.name: u.guid for u in project.users},
        "codings": {c.guid: c.code_guid for c in project.codings},
    }


def test_qdpx_guids_kept_through_rename(coded_study: wb.Study, tmp_path: Path) -> None:
    from workbench.codebook import rename_code

    before = guids_of(export_qdpx(coded_study, tmp_path / "a.qdpx").path)
    rename_code(coded_study.store, coded_study.settings.codebook_path, "eenzaamheid", "alleen", author="tester")
    after = read_qdpx(export_qdpx(coded_study, tmp_path / "b.qdpx").path)
    assert after.code_guids["alleen"] == before["codes"]["Eenzaamheid"]
    assert "eenzaamheid" not in after.code_guids
    assert guids_of(tmp_path / "b.qdpx") == before  # documents, coders and codings too
    assert coded_study.store.exchange_guids({"code"})[("code", "eenzaamheid")] == before["codes"]["Eenzaamheid"]


def test_qdpx_imported_guids_are_reused_on_export(tmp_path: Path) -> None:
    with new_study(tmp_path / "b", codebook=False) as study:
        import_qdpx(study, REFI / "maxqda.qdpx", pseudonymise=False)
        export_qdpx(study, tmp_path / "back.qdpx")
    original, back = read_qdpx(REFI / "maxqda.qdpx"), read_qdpx(tmp_path / "back.qdpx")
    assert back.code_guids == original.code_guids
    assert {s.guid for s in back.sources} == {s.guid for s in original.sources}
    assert {c.guid for c in back.codings} == {c.guid for c in original.codings}
    assert {u.guid for u in back.users if u.name != "tester"} == {u.guid for u in original.users}
    assert back.set_guids == original.set_guids


def test_qdpx_import_again_adds_nothing(tmp_path: Path) -> None:
    with new_study(tmp_path / "b", codebook=False) as study:
        first = import_qdpx(study, REFI / "nvivo_windows.qdpx", coder_prefix="nvivo:", pseudonymise=False)
        versions = len(study.store.codebook_versions())
        again = import_qdpx(study, REFI / "nvivo_windows.qdpx", coder_prefix="nvivo:", pseudonymise=False)
        assert (first.n_added, first.n_codings) == (2, 4)
        assert (again.n_added, again.n_new_versions, again.n_unchanged, again.n_codings, again.n_codings_present, again.n_codes_added) == (0, 0, 2, 0, 4, 0)
        assert len(study.corpus.documents()) == 2 and len(study.store.codebook_versions()) == versions


def test_qdpx_own_export_back_into_the_same_study(coded_study: wb.Study, tmp_path: Path) -> None:
    before = per_coder(coded_study)
    export_qdpx(coded_study, tmp_path / "a.qdpx")
    report = import_qdpx(coded_study, tmp_path / "a.qdpx", pseudonymise=False)
    assert (report.n_added, report.n_unchanged, report.n_codings, report.n_codes_added) == (0, 2, 0, 0)
    assert per_coder(coded_study) == before


def test_qdpx_suggestions_only_when_asked_and_back_as_suggestions(coded_study: wb.Study, tmp_path: Path) -> None:
    from workbench.coding.events import apply_code

    codebook, version = coded_study.load_codebook()
    apply_code(coded_study.store, codebook, doc_id="voorzorg/int-02", doc_version=1, start=0, end=12, code_id="verbinding",
               coder="suggester:rules@1", source="suggested", confidence=0.8, codebook_version=version)
    without = export_qdpx(coded_study, tmp_path / "a.qdpx")
    assert without.n_codings == 4 and "suggester:rules@1" not in {u.name for u in read_qdpx(without.path).users}
    with_suggestions = export_qdpx(coded_study, tmp_path / "b.qdpx", include_suggestions=True)
    assert with_suggestions.n_codings == 5
    with new_study(tmp_path / "c", codebook=False) as other:
        import_qdpx(other, tmp_path / "b.qdpx", coder_prefix="x:", pseudonymise=False)
        assert per_coder(other) == {(d, t, c, ("x:" + who if not who.startswith("suggester:") else who), m) for d, t, c, who, m in per_coder(coded_study)}
        assert other.codings()["coder"].tolist().count("suggester:rules@1") == 0  # a suggestion is not a person's coding


def test_qdpx_codings_on_retired_codes_survive_the_trip(coded_study: wb.Study, tmp_path: Path) -> None:
    from workbench.codebook import retire_code
    from workbench.errors import RetiredCodeError

    retire_code(coded_study.store, coded_study.settings.codebook_path, "verbinding", author="tester")
    export_qdpx(coded_study, tmp_path / "a.qdpx")
    with new_study(tmp_path / "b", codebook=False) as other:
        report = import_qdpx(other, tmp_path / "a.qdpx", pseudonymise=False)
        assert per_coder(other) == per_coder(coded_study)
        assert any("1 codering(en) op vervallen codes" in p for p in report.problems)
        assert other.codebook.get("verbinding").status == "retired"
        with pytest.raises(RetiredCodeError):  # still closed for new codings
            code(other, "voorzorg/int-02", 0, 5, "verbinding", "anna")


NAMELESS = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="zonder gebruiker" origin="Some tool">
  <CodeBook><Codes><Code guid="9A5B1E2C-1111-4C3D-8E9F-0A1B2C3D4E01" name="Eenzaamheid" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA1" name="kort.txt">
      <PlainTextContent>Ik voel me alleen.</PlainTextContent>
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000001" startPosition="0" endPosition="18">
        <Coding guid="3B000000-8888-4C00-E000-000000000001"><CodeRef targetGUID="9A5B1E2C-1111-4C3D-8E9F-0A1B2C3D4E01"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="2A000000-7777-4B00-D000-000000000002" startPosition="3" endPosition="7" creatingUser="5E0C7A10-2222-4B1A-9C3D-111111111111">
        <Coding guid="3B000000-8888-4C00-E000-000000000002"><CodeRef targetGUID="9A5B1E2C-1111-4C3D-8E9F-0A1B2C3D4E01"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""


def test_qdpx_codings_without_a_known_user_are_reported(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "n.qdpx", "w") as zf:
        zf.writestr("project.qde", NAMELESS)
    with new_study(tmp_path / "b", codebook=False) as study:
        report = import_qdpx(study, tmp_path / "n.qdpx", coder_prefix="x:", pseudonymise=False)
        assert {(c[1], c[3]) for c in per_coder(study)} == {("Ik voel me alleen.", "x:onbekend"), ("voel", "x:onbekend-5e0c7a10")}
        assert any("2 codering(en) noemen geen gebruiker die het project kent" in p for p in report.problems)


def test_qdpx_study_round_trip_on_both_backends(store_url: str, tmp_path: Path) -> None:
    """Import and export on SQLite and on a PostgreSQL server give the same study."""
    root = tmp_path / "pg"
    root.mkdir()
    (root / "workbench.toml").write_text(TOML.format(name="pg") + f'\n[store]\nurl = "{store_url}"\n', encoding="utf-8")
    with wb.open_study(root) as study:
        first = import_qdpx(study, REFI / "maxqda.qdpx", pseudonymise=False)
        again = import_qdpx(study, REFI / "maxqda.qdpx", pseudonymise=False)
        assert (first.n_codings, again.n_codings, again.n_codings_present) == (3, 0, 3)
        export_qdpx(study, tmp_path / "back.qdpx")
    back, original = read_qdpx(tmp_path / "back.qdpx"), read_qdpx(REFI / "maxqda.qdpx")
    assert {c.guid for c in back.codings} == {c.guid for c in original.codings}
    assert coded_texts(back) == coded_texts(original)


def coded_texts(project) -> set[tuple[str, str]]:
    texts = {s.guid: s.text for s in project.sources}
    return {(project.code_id(c.code_guid), texts[c.source_guid][c.start : c.end]) for c in project.codings}


def test_qdpx_document_memo_travels_back_as_description(tmp_path: Path) -> None:
    with new_study(tmp_path / "b", codebook=False) as study:
        import_qdpx(study, REFI / "qualcoder.qdpx", pseudonymise=False)
        assert study.corpus.get("interview-bewoner").metadata["memo"] == "Afgenomen in het buurthuis."
        export_qdpx(study, tmp_path / "back.qdpx")
    back = read_qdpx(tmp_path / "back.qdpx")
    [source] = back.sources
    assert source.memo == "Afgenomen in het buurthuis."
    assert not {"memo", "qdpx", "qdpx_source", "format"} & set(source.variables)


def test_qdpx_study_import_transcript_of_a_recording(tmp_path: Path) -> None:
    with new_study(tmp_path / "b", codebook=False) as study:
        report = import_qdpx(study, REFI / "maxqda_audio.qdpx", pseudonymise=False)
        doc = study.corpus.get("interview-bewoner")
        assert doc.initiative == "Laefhoës America" and doc.kind == "interview"
        assert {(c[1], c[2]) for c in per_coder(study)} == {("Eerst voelde ik me zo alleen, na de dood van mijn man.", "eenzaamheid"), ("Nu komt er elke week een vrijwilliger.", "vrijwilligers")}
        assert report.n_codings == 2


def test_qdpx_document_memos_per_coder_round_trip(coded_study: wb.Study, tmp_path: Path) -> None:
    coded_study.set_document_memo("austerlitz/int-01", "Rustig gesprek, zó open 👵.", coder="anna")
    coded_study.set_document_memo("austerlitz/int-01", "Veel over de buurvrouw.", coder="ben")
    report = export_qdpx(coded_study, tmp_path / "a.qdpx")
    with zipfile.ZipFile(report.path) as zf:
        SCHEMA.assertValid(etree.fromstring(zf.read("project.qde")).getroottree())
    [source] = [s for s in read_qdpx(report.path).sources if s.name == "austerlitz/int-01"]
    assert len(source.notes) == 2
    with new_study(tmp_path / "b", codebook=False) as other:
        import_qdpx(other, report.path, pseudonymise=False)
        import_qdpx(other, report.path, pseudonymise=False)  # again: nothing doubled
        assert other.document_memo("austerlitz/int-01", coder="anna") == "Rustig gesprek, zó open 👵."
        assert other.document_memo("austerlitz/int-01", coder="ben") == "Veel over de buurvrouw."


# -- users are known by GUID, not by name -----------------------------------------------------
NAMESAKE_TEXT = "Ik voel me vaak alleen. De buurvrouw komt elke dag langs. Zo kan ik thuis blijven wonen."
ANNA_1, ANNA_2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"


def namesakes(path: Path, cb_path: Path, *, ben: bool = False) -> Path:
    """Two users called Anna (two GUIDs) coding the same sentence with different codes."""
    from workbench.codebook import Codebook
    from workbench.interop.qdpx import (
        QdpxCoding,
        QdpxProject,
        QdpxSource,
        QdpxUser,
        derived_guid,
        write_qdpx,
    )

    cb = Codebook.from_yaml(cb_path)
    cg = {c.id: derived_guid("code", c.id) for c in cb.codes}
    src = derived_guid("doc", "namesakes")
    s, e = 0, NAMESAKE_TEXT.index(".") + 1
    s2, e2 = e + 1, NAMESAKE_TEXT.index("langs.") + 6
    users = [QdpxUser(ANNA_1, "Anna"), QdpxUser(ANNA_2, "Anna")]
    codings = [
        QdpxCoding(derived_guid("coding", "1"), src, s, e, cg["eenzaamheid"], ANNA_1),
        QdpxCoding(derived_guid("coding", "2"), src, s, e, cg["verbinding"], ANNA_2),
        QdpxCoding(derived_guid("coding", "3"), src, s2, e2, cg["verbinding"], ANNA_1),
        QdpxCoding(derived_guid("coding", "4"), src, s2, e2, cg["verbinding"], ANNA_2),
    ]
    project = QdpxProject(name="team", codebook=cb, code_guids=cg, users=tuple(users),
                          sources=(QdpxSource(src, "gesprek.txt", NAMESAKE_TEXT),), codings=tuple(codings), creating_user=ANNA_1)
    return write_qdpx(project, path)


def by_coder(study: wb.Study) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for _, text, code_id, coder, _ in per_coder(study):
        out.setdefault(coder, set()).add((text, code_id))
    return out


@pytest.mark.parametrize("prefix", ["", "team:"])
def test_qdpx_users_of_one_name_stay_two_coders(prefix: str, tmp_path: Path) -> None:
    from workbench.coding.agreement import compute_agreement
    from workbench.coding.events import current_codings

    with new_study(tmp_path / "s") as study:
        path = namesakes(tmp_path / "team.qdpx", study.settings.codebook_path)
        report = import_qdpx(study, path, coder_prefix=prefix, pseudonymise=False)
        first, second = f"{prefix}Anna", f"{prefix}Anna (2)"
        coded = by_coder(study)
        assert sorted(coded) == [first, second] == report.coders
        assert ("Ik voel me vaak alleen.", "eenzaamheid") in coded[first] and ("Ik voel me vaak alleen.", "verbinding") in coded[second]
        assert coded[first] != coded[second]
        # the reason a team exchanges projects: the agreement between the two
        agreement = compute_agreement(current_codings(study.store), study.corpus.segments("gesprek", unit="sentence"), [first, second])
        assert agreement.coders == (first, second) and agreement.n_units >= 2
        renamed = [p for p in report.problems if "Anna (2)" in p]
        assert len(renamed) == 1 and ANNA_2 in renamed[0] and "dezelfde naam" in renamed[0]
        guids = study.store.exchange_guids({"user"})
        assert guids[("user", first)] == ANNA_1 and guids[("user", second)] == ANNA_2
        # the same file again: nothing added, the same GUID finds the same coder
        again = import_qdpx(study, path, coder_prefix=prefix, pseudonymise=False)
        assert again.n_codings == 0 and again.n_codings_present == 4 and by_coder(study) == coded
        assert study.store.exchange_guids({"user"}) == guids


def test_qdpx_users_of_one_name_renamed_in_english(tmp_path: Path) -> None:
    from workbench.i18n import set_language

    set_language("en")
    with new_study(tmp_path / "s") as study:
        report = import_qdpx(study, namesakes(tmp_path / "team.qdpx", study.settings.codebook_path), pseudonymise=False)
    line = next(p for p in report.problems if "Anna (2)" in p)
    assert "another user of the same name is already coder 'Anna'" in line and "dezelfde" not in line


def test_qdpx_users_of_one_name_found_by_guid_in_any_order(tmp_path: Path) -> None:
    """A later file that lists only the second Anna still finds her coder, not the first's."""
    from workbench.codebook import Codebook
    from workbench.interop.qdpx import QdpxProject, read_qdpx, write_qdpx

    with new_study(tmp_path / "s") as study:
        path = namesakes(tmp_path / "team.qdpx", study.settings.codebook_path)
        import_qdpx(study, path, pseudonymise=False)
        project = read_qdpx(path)
        only_second = QdpxProject(name=project.name, codebook=Codebook.from_yaml(study.settings.codebook_path), code_guids=project.code_guids,
                                  users=tuple(u for u in project.users if u.guid == ANNA_2), sources=project.sources,
                                  codings=tuple(c for c in project.codings if c.user_guid == ANNA_2), creating_user=ANNA_2)
        report = import_qdpx(study, write_qdpx(only_second, tmp_path / "second.qdpx"), pseudonymise=False)
        assert report.n_codings == 0 and report.n_codings_present == 2 and sorted(by_coder(study)) == ["Anna", "Anna (2)"]


def test_qdpx_users_of_one_name_round_trip(tmp_path: Path) -> None:
    with new_study(tmp_path / "s") as study:
        import_qdpx(study, namesakes(tmp_path / "team.qdpx", study.settings.codebook_path), pseudonymise=False)
        coded = by_coder(study)
        out = export_qdpx(study, tmp_path / "out.qdpx")
        users = {u.name: u.guid for u in read_qdpx(out.path).users}
        # two users, two GUIDs (the ones the other tool gave), two readable names
        assert users["Anna"] == ANNA_1 and users["Anna (2)"] == ANNA_2
        again = import_qdpx(study, out.path, pseudonymise=False)
        assert again.n_codings == 0 and by_coder(study) == coded
    with new_study(tmp_path / "fresh") as fresh:
        report = import_qdpx(fresh, out.path, pseudonymise=False)
        assert by_coder(fresh) == coded and not [p for p in report.problems if "Anna" in p]


def test_qdpx_export_never_writes_one_guid_for_two_coders(tmp_path: Path) -> None:
    """One person imported under two prefixes is two coders here: the export keeps them apart."""
    with new_study(tmp_path / "s") as study:
        path = namesakes(tmp_path / "team.qdpx", study.settings.codebook_path)
        import_qdpx(study, path, coder_prefix="a:", pseudonymise=False)
        import_qdpx(study, path, coder_prefix="b:", pseudonymise=False)
        coded = by_coder(study)
        assert sorted(coded) == ["a:Anna", "a:Anna (2)", "b:Anna", "b:Anna (2)"]
        out = export_qdpx(study, tmp_path / "out.qdpx")
        users = read_qdpx(out.path).users
        assert len({u.guid for u in users}) == len(users)
        again = import_qdpx(study, out.path, pseudonymise=False)
        assert again.n_codings == 0 and by_coder(study) == coded
        # the original file still finds its coders under either prefix
        assert import_qdpx(study, path, coder_prefix="b:", pseudonymise=False).n_codings == 0
    with new_study(tmp_path / "fresh") as fresh:
        import_qdpx(fresh, out.path, pseudonymise=False)
        assert by_coder(fresh) == coded


def test_qdpx_export_gives_two_coders_bound_to_one_guid_two_guids(coded_study: wb.Study, tmp_path: Path) -> None:
    coded_study.store.put_exchange_guids({("user", "anna"): ANNA_1, ("user", "ben"): ANNA_1})
    users = {u.name: u.guid for u in read_qdpx(export_qdpx(coded_study, tmp_path / "out.qdpx").path).users}
    assert users["anna"] == ANNA_1 and users["ben"] != ANNA_1
    assert coded_study.store.exchange_guids({"user"})[("user", "ben")] == ANNA_1  # the binding stays for imports


def test_qdpx_links_travel_as_notes_on_selections(coded_study: wb.Study, tmp_path: Path) -> None:
    """REFI-QDA has no links: each goes out as a selection with a note in the documented form
    (workbench.interop.qdpx.links), valid against the schema, and comes back as the same link
    of the same coder; a second import adds nothing; a flagged passage's link stays home."""
    from workbench.coding.links import apply_link
    from workbench.interop.qdpx.links import HEADER

    cb, version = coded_study.load_codebook()
    doc = coded_study.corpus.get("austerlitz/int-01")
    i = TEXT.index("Zo kan")
    apply_link(coded_study.store, cb, doc_id=doc.id, doc_version=doc.version, start=i, end=len(TEXT), cause="verbinding", effect="thuis",
               coder="ben", sign="more", strength="strong")
    apply_link(coded_study.store, cb, doc_id=doc.id, doc_version=doc.version, start=0, end=53, cause="verbinding", effect="eenzaamheid",
               coder="anna", sign="less")
    report = export_qdpx(coded_study, tmp_path / "a.qdpx")
    with zipfile.ZipFile(report.path) as zf:
        tree = etree.fromstring(zf.read("project.qde"))
    SCHEMA.assertValid(tree.getroottree())
    ns = {"q": "urn:QDA-XML:project:1.0"}
    notes = [n.findtext("q:PlainTextContent", namespaces=ns) for n in tree.iterfind(".//q:Note[@name='workbench-verband']", ns)]
    assert len(notes) == 2 and all(n.startswith(HEADER) for n in notes)
    assert any("oorzaak: verbinding {" in n and "gevolg: thuis {" in n and "richting: meer" in n and "sterkte: sterk" in n for n in notes)
    assert any("richting: minder" in n for n in notes)
    with new_study(tmp_path / "b", "studie-b", codebook=False) as other:
        first = import_qdpx(other, tmp_path / "a.qdpx", pseudonymise=False)
        assert first.problems == [] and first.n_links == 2 and first.n_codings == 4
        texts = {d.id: d.text for d in other.corpus.documents()}
        got = {(x.doc_id, texts[x.doc_id][x.start : x.end], x.cause, x.effect, x.sign, x.strength, x.coder) for x in other.store.current_links()}
        assert got == {
            ("austerlitz/int-01", TEXT[i:], "verbinding", "thuis", "more", "strong", "ben"),
            ("austerlitz/int-01", TEXT[:53], "verbinding", "eenzaamheid", "less", None, "anna"),
        }
        assert import_qdpx(other, tmp_path / "a.qdpx", pseudonymise=False).n_links == 0
    from workbench.review import invite

    inv = invite(coded_study.store, "Austerlitz Zorgt", "Marja", created_by="tester")
    coded_study.store.put_quote_verdict(inv.reviewer.id, "Austerlitz Zorgt", ("austerlitz/int-01", 1, i + 3, i + 10), "identifying")
    again = read_qdpx(export_qdpx(coded_study, tmp_path / "c.qdpx").path)
    assert [(x.start, x.end) for x in again.links] == [(0, 53)]
