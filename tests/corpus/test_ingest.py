from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.conftest import sql

import workbench as wb
from workbench.corpus import ingest as ingest_module
from workbench.corpus.pseudonymise import read_key
from workbench.errors import IngestAborted
from workbench.store import Store

DATA = Path(__file__).parent.parent / "data"


def snapshot(store: Store) -> tuple:
    return (
        [tuple(r) for r in sql(store, "SELECT id, version, content_hash, is_current FROM documents ORDER BY id, version")],
        sql(store, "SELECT COUNT(*) FROM segments")[0][0],
    )


def add_meta(folder: Path, *rows: list[str]) -> None:
    with open(folder / "metadata.csv", "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def test_ingest_whole_folder(study):
    report = study.ingest()
    assert report.errors == []
    frame = study.corpus.to_frame()
    ids = set(frame["id"])
    assert {"interview", "interview-bom", "interview-cp1252", "verhaal", "vrijwilliger", "verhaal-america", "teams", "teams-export", "zoom", "gemeente"} <= ids
    # survey: one document per answer with consent (R003 said nee, R005 left it empty)
    survey = sorted(i for i in ids if i.startswith("enquete/"))
    assert survey == [f"enquete/r00{n}/wat-betekent-het-voor-u" for n in (1, 2, 4, 6)]
    assert report.n_added == len(ids)
    r4 = study.corpus.get("enquete/r004/wat-betekent-het-voor-u")
    assert (r4.initiative, r4.role, r4.kind) == ("De Wulverhorst", "mantelzorger", "enquete")
    assert r4.metadata["leeftijdsgroep"] == "40-64"
    assert "Teun Bakker" not in r4.text
    doc = study.corpus.get("interview")
    assert (doc.initiative, doc.role, doc.date, doc.kind) == ("Austerlitz Zorgt", "bewoner", "2024-03-14", "interview")


def test_ingest_pseudonymises_before_storing(study):
    study.ingest()
    db_bytes = Path(study.settings.db_path).read_bytes() + Path(str(study.settings.db_path) + "-wal").read_bytes()
    for secret in ("Gerda", "Verbeek", "06-12345678", "Lindelaan", "Lindehof", "Piet de Groot", "Sjra", "Joke Hagenaars", "Riek van den Broek", "Ingrid Wijnen"):
        assert secret.encode() not in db_bytes, secret
    text = study.corpus.get("interview").text
    assert "Austerlitz Zorgt" in text  # keep-list
    key = read_key(study.settings.key_path)
    assert study.settings.key_path.parent.name == "private"
    originals = {r["original"] for r in key if r["document"] == "interview"}
    assert {"Gerda Verbeek", "06-12345678"} <= originals


def test_ingest_segments_views_speakers_and_interviewer(study):
    study.ingest()
    doc = study.corpus.get("teams")
    turns = study.corpus.segments("teams", unit="turn")
    assert [t.is_interviewer for t in turns] == [True, False, True, False]  # Sanne de Bruijn interviews
    assert turns[0].speaker.startswith("[PERSOON-")
    assert turns[0].meta == {"t": "00:00:01.000"}
    for seg in study.corpus.segments("teams"):
        assert seg.text == doc.text[seg.start : seg.end]
    respondent_only = study.corpus.segments("teams", unit="sentence", include_interviewer=False)
    assert respondent_only and all(not s.is_interviewer for s in respondent_only)
    export = study.corpus.segments("teams-export", unit="turn")
    assert [t.is_interviewer for t in export] == [True, False, True, False]
    assert [t.meta.get("t") for t in export] == ["0:03", "0:09", "0:15", "0:18"]
    assert export[1].text.startswith("Graag. Ik ben vrijwilliger bij Austerlitz Zorgt")
    docx_turns = study.corpus.segments("vrijwilliger", unit="turn")
    assert [t.speaker for t in docx_turns][0] == "Interviewer"
    assert docx_turns[1].speaker.startswith("[PERSOON-")  # "Marieke:" is a name


def test_ingest_again_is_idempotent(study, study_dir, monkeypatch):
    import workbench.corpus.ingest as ingest_module

    processed: list[str] = []
    real = ingest_module.process_task

    def counting(task):
        processed.append(task.rel)
        return real(task)

    monkeypatch.setattr(ingest_module, "process_task", counting)
    first = study.ingest()
    assert len(processed) == first.n_files > 0
    before = snapshot(study.store)
    processed.clear()
    again = study.ingest()
    assert processed == []  # nothing read or pseudonymised again: unchanged files are skipped
    assert again.n_added == 0 and again.n_new_versions == 0
    assert again.n_unchanged == first.n_added
    assert snapshot(study.store) == before
    path = study_dir / "corpora" / "test" / "verhaal.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    study.ingest()
    assert processed == ["verhaal.md"]  # only the changed file


def test_ingest_changed_file_is_new_version_old_kept(study, study_dir):
    study.ingest()
    old = study.corpus.get("verhaal")
    path = study_dir / "corpora" / "test" / "verhaal.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe alinea over de buurt.\n", encoding="utf-8")
    report = study.ingest()
    assert report.n_new_versions == 1 and report.n_added == 0
    new = study.corpus.get("verhaal")
    assert new.version == 2 and "nieuwe alinea" in new.text
    assert study.corpus.get("verhaal", version=1).text == old.text
    assert study.corpus.segments("verhaal", version=1)  # codings on v1 still have their text


def test_ingest_metadata_change_updates_without_new_version(study, study_dir):
    study.ingest()
    meta = study_dir / "corpora" / "test" / "metadata.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("verhaal.md,Austerlitz Zorgt,vrijwilliger", "verhaal.md,Austerlitz Zorgt,bewoner"), encoding="utf-8")
    report = study.ingest()
    assert report.n_metadata_updated == 1 and report.n_new_versions == 0
    assert study.corpus.get("verhaal").role == "bewoner"


BAD_CASES = {
    "leeg.txt": (b"", "het bestand is leeg"),
    "binair.txt": (bytes(range(256)) * 4, "geen tekstbestand"),
    "kapot.docx": (b"PK\x03\x04 kapot" * 20, "geen geldig .docx"),
    "zonder-cues.vtt": (b"WEBVTT\n\n", "geen cues"),
    "notities.xyz": (b"iets", "onbekend bestandstype"),
    "vreemd.txt": (b"\x81\x8d\x8f\x90\x9d" * 10, "geen UTF-8 en geen Windows-1252"),
}


def test_ingest_bad_files_reported_rest_stored(study, study_dir):
    folder = study_dir / "corpora" / "test"
    sub = folder / "extra"
    sub.mkdir()
    for name, (data, _) in BAD_CASES.items():
        (sub / name).write_bytes(data)
        add_meta(folder, [f"extra/{name}", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    (sub / "interview.txt").write_text("Een tweede verhaal met dezelfde bestandsnaam.", encoding="utf-8")  # same name, other folder
    add_meta(folder, ["extra/interview.txt", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    for other in ("a", "b"):  # the same name in two folders, named without its folder
        (folder / other).mkdir()
        (folder / other / "dubbel.txt").write_text("Een verhaal.", encoding="utf-8")
    add_meta(folder, ["dubbel.txt", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    add_meta(folder, ["bestaat-niet.docx", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    report = study.ingest()
    by_file = {p.file: p for p in report.problems}
    for name, (_, fragment) in BAD_CASES.items():
        problem = by_file[f"extra/{name}"]
        assert problem.severity == "error" and fragment in problem.message
    assert any("bestaat-niet.docx" in p.message for p in report.warnings)
    assert any("'dubbel.txt' past bij 2 bestanden (a/dubbel.txt, b/dubbel.txt); schrijf het pad vanaf de corpusmap, bijvoorbeeld a/dubbel.txt" in p.message for p in report.errors)
    ids = set(study.corpus.to_frame()["id"])
    assert {"interview", "extra/interview", "teams"} <= ids
    stored = {r.file for r in sql(study.store, "SELECT file FROM ingest_problems")}
    assert "extra/leeg.txt" in stored


def test_ingest_strict_stores_nothing(study, study_dir):
    (study_dir / "corpora" / "test" / "leeg.txt").write_bytes(b"")
    add_meta(study_dir / "corpora" / "test", ["leeg.txt", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    with pytest.raises(IngestAborted, match="leeg.txt: het bestand is leeg"):
        study.ingest(strict=True)
    assert snapshot(study.store) == ([], 0)


def test_ingest_consent_rules(study, study_dir):
    folder = study_dir / "corpora" / "test"
    (folder / "zonder-rij.txt").write_text("Niemand heeft hier toestemming voor gegeven.", encoding="utf-8")
    (folder / "nee.txt").write_text("Ik wil toch niet meedoen.", encoding="utf-8")
    (folder / "vaag.txt").write_text("Misschien.", encoding="utf-8")
    add_meta(folder, ["nee.txt", "Austerlitz Zorgt", "bewoner", "", "", "nee", ""], ["vaag.txt", "Austerlitz Zorgt", "bewoner", "", "", "misschien", ""])
    report = study.ingest()
    ids = set(study.corpus.to_frame()["id"])
    assert not {"zonder-rij", "nee", "vaag"} & ids
    messages = {p.file: p.message for p in report.problems}
    assert "geen rij in het metadatablad" in messages["zonder-rij.txt"]
    assert "toestemming is 'nee'" in messages["nee.txt"]
    assert "geen bekend antwoord" in messages["vaag.txt"] and "metadata.csv:" in messages["vaag.txt"] and "akkoord" in messages["vaag.txt"]
    assert report.n_no_consent >= 4  # three files + survey respondent R003


def test_ingest_unknown_columns_and_roles_reported(study, study_dir):
    meta = study_dir / "corpora" / "test" / "metadata.csv"
    lines = meta.read_text(encoding="utf-8").splitlines()
    lines[0] += ",postcode"
    lines[1] = lines[1].replace(",bewoner,", ",ambtenaar,") + ",3701"
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = study.ingest()
    assert any("onbekende kolom(men) postcode: bewaard als metadata" in p.message for p in report.warnings)
    assert any("onbekende rol 'ambtenaar'" in p.message for p in report.warnings)
    assert study.corpus.get("interview").metadata["postcode"] == "3701"


def test_ingest_file_disappears_mid_run(study, study_dir, monkeypatch):
    victim = study_dir / "corpora" / "test" / "verhaal.md"
    real = ingest_module.read_file

    def vanish_then_read(path, options=None):
        if Path(path) == victim:
            victim.unlink()
        return real(path, options)

    monkeypatch.setattr(ingest_module, "read_file", vanish_then_read)
    report = study.ingest()
    assert any(p.file == "verhaal.md" and "verdwenen" in p.message for p in report.errors)
    assert "interview" in set(study.corpus.to_frame()["id"])


def test_ingest_transaction_failing_halfway_leaves_database_and_key(study, study_dir, monkeypatch):
    study.ingest()
    before = snapshot(study.store)
    key_before = study.settings.key_path.read_bytes()
    for name in ("verhaal.md", "interview.txt"):
        p = study_dir / "corpora" / "test" / name
        p.write_text(p.read_text(encoding="utf-8") + "\nNieuwe zin.\n", encoding="utf-8")
    calls = {"n": 0}
    real = Store.add_document

    def fail_on_second(self, row, segments):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(self, row, segments)

    monkeypatch.setattr(Store, "add_document", fail_on_second)
    with pytest.raises(OSError, match="disk full"):
        study.ingest()
    assert calls["n"] == 2
    assert snapshot(study.store) == before
    assert study.settings.key_path.read_bytes() == key_before


def test_ingest_missing_corpus_folder(study, tmp_path):
    from workbench.errors import ReadError

    with pytest.raises(ReadError, match="nope: de corpusmap bestaat niet. Oplossing: controleer"):
        study.ingest([tmp_path / "nope"])


def test_ingest_problems_in_english_on_request(study, study_dir, tmp_path):
    """The same sheet problems, read errors and refusals in English after set_language("en")."""
    from workbench.errors import ReadError
    from workbench.i18n import set_language

    folder = study_dir / "corpora" / "test"
    meta = folder / "metadata.csv"
    lines = meta.read_text(encoding="utf-8").splitlines()
    lines[0] += ",postcode"
    lines[1] += ",3701"
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    add_meta(folder, ["bestaat-niet.docx", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    (folder / "leeg.txt").write_bytes(b"")
    add_meta(folder, ["leeg.txt", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    set_language("en")
    with pytest.raises(ReadError, match="nope: the corpus folder does not exist. Fix: check"):
        study.ingest([tmp_path / "nope"])
    with pytest.raises(IngestAborted, match=r"^leeg.txt: the file is empty; export the document again, or remove the empty file\. Fix: fix it, or run without --strict"):
        study.ingest(strict=True)
    report = study.ingest()
    messages = [p.message for p in report.problems]
    assert any(m.startswith("unknown column(s) postcode: kept as metadata") for m in messages)
    assert any(m == "no file 'bestaat-niet.docx' in the corpus folder; correct the name or delete the row" for m in messages)
    assert any(m.startswith("the file is empty") for m in messages)
    assert not any("bestand" in m or "kolom" in m for m in messages)


def test_ingest_same_stem_two_formats_is_an_error(study, study_dir):
    folder = study_dir / "corpora" / "test"
    (folder / "verhaal.txt").write_text("Hetzelfde verhaal, andere vorm.", encoding="utf-8")
    add_meta(folder, ["verhaal.txt", "Austerlitz Zorgt", "bewoner", "", "", "ja", ""])
    report = study.ingest()
    assert any(p.file == "verhaal.txt" and "dezelfde document-id 'verhaal'" in p.message for p in report.errors)


def test_ingest_consent_withdrawn_then_removed(study, study_dir):
    study.ingest()
    meta = study_dir / "corpora" / "test" / "metadata.csv"
    meta.write_text(meta.read_text(encoding="utf-8").replace("verhaal.md,Austerlitz Zorgt,vrijwilliger,2024-04-01,,ja", "verhaal.md,Austerlitz Zorgt,vrijwilliger,2024-04-01,,nee"), encoding="utf-8")
    report = study.ingest()
    assert any(p.file == "verhaal" and "workbench corpus remove" in p.message for p in report.warnings)
    assert "verhaal" not in set(study.corpus.to_frame()["id"])  # out of the corpus at once
    assert study.remove_document("verhaal") == 1
    assert "verhaal" not in set(study.corpus.to_frame()["id"])
    assert sql(study.store, "SELECT COUNT(*) FROM segments WHERE doc_id = 'verhaal'")[0][0] == 0
    assert all(r["document"] != "verhaal" for r in read_key(study.settings.key_path))


def test_ingest_survey_answer_withdrawn_leaves_corpus(study, study_dir):
    study.ingest()
    assert "enquete/r001/wat-betekent-het-voor-u" in set(study.corpus.to_frame()["id"])
    survey = study_dir / "corpora" / "test" / "enquete.csv"
    survey.write_bytes(survey.read_bytes().replace(b"R001;Austerlitz Zorgt;bewoner;ja", b"R001;Austerlitz Zorgt;bewoner;nee"))
    report = study.ingest()
    ids = set(study.corpus.to_frame()["id"])
    assert "enquete/r001/wat-betekent-het-voor-u" not in ids
    assert "enquete/r002/wat-betekent-het-voor-u" in ids
    assert any("r001" in p.message and "staat niet meer in dit bestand" in p.message for p in report.warnings)
    assert study.remove_document("enquete/r001/wat-betekent-het-voor-u") == 1


def test_ingest_skips_office_lock_files_and_folder_notes(study, study_dir):
    folder = study_dir / "corpora" / "test"
    (folder / "~$interview.docx").write_bytes(b"\x00lock")
    (folder / "Thumbs.db").write_bytes(b"\x00\x01")
    (folder / "README.md").write_text("Over deze map.", encoding="utf-8")
    report = study.ingest()
    assert not [p for p in report.problems if "interview.docx" in p.file or "Thumbs" in p.file or "README" in p.file]


def test_ingest_empty_folder_says_what_to_do(study, tmp_path):
    empty = tmp_path / "leeg"
    empty.mkdir()
    report = study.ingest([empty])
    assert [p.message for p in report.warnings] == [p.message for p in report.problems]
    assert "hier staan geen documenten" in report.warnings[0].message


def test_ingest_stores_iso_dates_and_reports_bad_ones_by_line(study, study_dir):
    meta = study_dir / "corpora" / "test" / "metadata.csv"
    text = meta.read_text(encoding="utf-8")
    text = text.replace("interview.txt,Austerlitz Zorgt,bewoner,2024-03-14", "interview.txt,Austerlitz Zorgt,bewoner,14-3-2024")
    text = text.replace("verhaal.md,Austerlitz Zorgt,vrijwilliger,2024-04-01", "verhaal.md,Austerlitz Zorgt,vrijwilliger,01/04/2024")
    text = text.replace("zoom.vtt,Voorzorgcirkels,coördinator,2024-06-01", "zoom.vtt,Voorzorgcirkels,coördinator,kerst 2024")
    meta.write_text(text, encoding="utf-8")
    report = study.ingest()
    assert study.corpus.get("interview").date == "2024-03-14"
    assert study.corpus.get("verhaal").date == "2024-04-01"  # read the Dutch way, and reported
    assert study.corpus.get("zoom").date is None  # unreadable: not stored as typed
    dates = {p.file: p for p in report.warnings if "datum" in p.message}
    assert dates["metadata.csv:5"].message.startswith("verhaal.md: datum '01/04/2024' is dubbelzinnig")
    assert dates["metadata.csv:10"].message.startswith("zoom.vtt: datum 'kerst 2024' is onleesbaar")
    assert len(dates) == 2
    frame = study.corpus.to_frame()
    assert all(len(d) == 10 for d in frame["date"].dropna())


def test_ingest_offsets_checked_against_the_database_and_the_source(study, study_dir):
    """Segment.text is sliced by the same code that stores the offsets, so comparing the two
    proves nothing. Here SQLite itself cuts the stored text at the stored offsets, and the
    sentences together must give back the source file's words."""
    import sqlite3
    import unicodedata

    source = "I: Hoe gaat het met u? 😊 Vertel.\r\n\r\nR: Goed hoor. Ik drink koffie in het cafe\u0301 op de hoek.\r\nDat doe ik\u00a0elke dag 👩‍👧.\r\n\r\nI: Dank u.\r\n"
    folder = study_dir / "corpora" / "test"
    (folder / "odd.txt").write_bytes(source.encode("utf-8"))
    add_meta(folder, ["odd.txt", "Austerlitz Zorgt", "bewoner", "", "", "ja", "interview"])
    study.ingest()
    doc = study.corpus.get("odd")
    assert doc.replacements == {}  # nothing pseudonymised: the source is the expected text
    con = sqlite3.connect(study.settings.db_path)
    rows = con.execute(
        'SELECT s.unit, s.start, s."end", substr(d.text, s.start + 1, s."end" - s.start) FROM segments s '
        "JOIN documents d ON d.id = s.doc_id AND d.version = s.doc_version WHERE d.id = 'odd' ORDER BY s.unit, s.start"
    ).fetchall()
    con.close()
    by_api = {(s.unit, s.start, s.end): s.text for s in study.corpus.segments("odd")}
    assert {(u, a, b): text for u, a, b, text in rows} == by_api
    sentences = [text for unit, _, _, text in rows if unit == "sentence"]
    labels = ("I:", "R:")
    words = [w for w in unicodedata.normalize("NFC", source).split() if w not in labels]  # readers store NFC
    assert "".join("".join(s.split()) for s in sentences) == "".join(words)
    turns = [text for unit, _, _, text in rows if unit == "turn"]
    assert turns[1].startswith("Goed hoor.") and turns[1].endswith("👩‍👧.") and turns[2] == "Dank u."


def test_ingest_on_a_postgresql_store_equals_sqlite(study_dir, deduce_ready, pg_server, monkeypatch):
    """The same study ingested into a PostgreSQL server holds what the SQLite file holds."""
    import workbench as wb

    with wb.open_study(study_dir) as lite:
        lite.ingest()
        expected = (lite.corpus.to_frame().to_dict("records"), lite.store.count_segments())
    monkeypatch.setenv("WORKBENCH_STORE_URL", pg_server.create_database())
    with wb.open_study(study_dir) as server:
        assert server.store.dialect == "postgresql"
        report = server.ingest()
        assert report.n_added == len(expected[0])
        assert (server.corpus.to_frame().to_dict("records"), server.store.count_segments()) == expected
        assert server.ingest().n_added == 0  # idempotent on the server too


def _fresh_study(tmp_path: Path, texts: dict[str, str], initiatives: dict[str, str], extra_toml: str = ""):
    """A study as 'workbench init' makes it, with these files and a metadata sheet."""
    import workbench as wb
    from workbench.study import init_study

    root = tmp_path / "fresh"
    toml = init_study(root, "fresh")
    if extra_toml:
        toml.write_text(toml.read_text(encoding="utf-8").replace("pseudonyms = \"study\"", extra_toml), encoding="utf-8")
    for name, text in texts.items():
        (root / "corpora" / name).write_text(text, encoding="utf-8")
    with open(root / "corpora" / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["file", "initiative", "role", "date", "interviewer", "consent", "kind"], *([n, initiatives[n], "bewoner", "", "", "ja", ""] for n in texts)])
    return wb.open_study(root)


def test_ingest_fresh_study_keeps_its_initiatives_and_public_names(tmp_path, deduce_ready):
    texts = {
        "a.txt": "Liv Inn en Laefhoës America werken samen met Zorgcoöperatie Hoogeloon. De Wmo en de Wlz betalen, zegt de Nederlandse overheid.",
        "b.txt": "Bij LaefHoès America komt Gerda Verbeek elke week; haar buurvrouw Riet ook.",
    }
    study = _fresh_study(tmp_path, texts, {"a.txt": "Liv Inn Hilversum", "b.txt": "Laefhoës America"} | {"x": "Zorgcoöperatie Hoogeloon"})
    with open(study.root / "corpora" / "metadata.csv", "a", encoding="utf-8") as fh:  # an initiative of another row
        fh.write("ontbreekt.txt,Zorgcoöperatie Hoogeloon,bewoner,,,ja,\n")
    study.ingest(workers=0)
    a = study.corpus.get("a").text
    b = study.corpus.get("b").text
    assert a == texts["a.txt"]
    assert "LaefHoès America" in b and "Gerda" not in b and "Riet" not in b
    study.close()


@pytest.mark.parametrize(("scope", "same"), [("study", True), ("document", False)])
def test_ingest_one_pseudonym_per_person_across_documents(tmp_path, deduce_ready, scope, same):
    texts = {
        "a.txt": "Piet de Groot kwam binnen. Daarna belde Gerda Verbeek.",
        "b.txt": "Gerda Verbeek vertelt over haar werk.",
    }
    study = _fresh_study(tmp_path, texts, {"a.txt": "Austerlitz Zorgt", "b.txt": "Austerlitz Zorgt"}, extra_toml=f'pseudonyms = "{scope}"')
    study.ingest(workers=0)
    key = read_key(study.settings.key_path)
    gerda = {r["document"]: r["pseudonym"] for r in key if r["original"] == "Gerda Verbeek"}
    assert (gerda["a"] == gerda["b"]) is same
    for doc_id in ("a", "b"):  # segments still point into the renumbered text
        doc = study.corpus.get(doc_id)
        assert gerda[doc_id] in doc.text
        for seg in study.corpus.segments(doc_id, unit="sentence"):
            assert seg.text == doc.text[seg.start : seg.end] and seg.text.strip() == seg.text
    study.ingest(workers=0)  # nothing changed: nothing re-numbered into a new version
    assert study.corpus.get("b").version == 1
    study.close()
