from __future__ import annotations

from pathlib import Path

import pytest

from workbench.corpus.readers import ReadOptions, read_file
from workbench.errors import ReadError

DATA = Path(__file__).parent.parent / "data"
CORPUS = DATA / "corpus"
BAD = DATA / "bad"


@pytest.mark.parametrize(
    ("name", "encoding", "expect"),
    [
        ("interview.txt", "utf-8", "Gerda Verbeek"),
        ("interview-bom.txt", "utf-8-sig", "ideeën over de coöperatie"),
        ("interview-cp1252.txt", "cp1252", "ideeën over de coöperatie"),
        ("verhaal.md", "utf-8", "De koffieochtenden"),
        ("vrijwilliger.docx", None, "Marieke: Al zes jaar."),
        ("verhaal-america.odt", None, "Sjra Litjens haalt me op"),
        ("teams.vtt", "utf-8", "Joke Hagenaars: Ik ben Joke. Ik woon hier sinds vorig jaar. Het bevalt me goed"),
        ("zoom.vtt", "utf-8", "Riek van den Broek: We zijn met twaalf."),
        ("gemeente.srt", "utf-8", "Ingrid Wijnen: Met een subsidie voor drie jaar."),
    ],
)
def test_readers_read_real_files(name, encoding, expect):
    docs = read_file(CORPUS / name)
    assert len(docs) == 1
    doc = docs[0]
    assert expect in doc.text
    assert doc.encoding == encoding
    assert "\r" not in doc.text and "\ufeff" not in doc.text


def test_readers_bom_and_cp1252_give_the_same_text():
    assert read_file(CORPUS / "interview-bom.txt")[0].text == read_file(CORPUS / "interview-cp1252.txt")[0].text


def test_readers_docx_keeps_paragraphs_and_tables():
    text = read_file(CORPUS / "vrijwilliger.docx")[0].text
    assert "\n\nInterviewer: Wat vraagt dat van u?\n\n" in text
    assert "Aantal ritten 42 per maand" in text


def test_readers_vtt_merges_cues_of_one_speaker_and_keeps_times():
    doc = read_file(CORPUS / "teams.vtt")[0]
    paragraphs = doc.text.split("\n\n")
    assert [p.split(":")[0] for p in paragraphs] == ["Sanne de Bruijn", "Joke Hagenaars", "Sanne de Bruijn", "Joke Hagenaars"]
    assert doc.speakers == ("Joke Hagenaars", "Sanne de Bruijn")
    offsets = dict(doc.times)
    assert offsets[0] == "00:00:01.000"
    assert doc.text[doc.times[1][0] :].startswith("Joke Hagenaars:")


@pytest.mark.parametrize("name", ["enquete.csv", "enquete-kort.xlsx"])
def test_readers_survey_one_document_per_open_answer(name):
    docs = read_file(CORPUS / name)
    assert [d.part for d in docs] == [
        "R001/wat_betekent_het_voor_u",
        "R002/wat_betekent_het_voor_u",
        "R003/wat_betekent_het_voor_u",
        "R004/wat_betekent_het_voor_u",
        "R006/wat_betekent_het_voor_u",
    ]  # R005 left the question empty
    r4 = docs[3]
    assert r4.text == "Mijn vader heeft hier een zinvolle dag.\nHij werkt in de moestuin met Teun Bakker."
    assert r4.fields["initiatief"] == "De Wulverhorst"
    assert r4.fields["leeftijdsgroep"] == "40-64"
    assert "Laefhoës America" in {d.fields["initiatief"] for d in docs}  # cp1252 decoded


def test_readers_survey_open_columns_can_be_named():
    docs = read_file(CORPUS / "enquete.csv", ReadOptions(open_columns=("leeftijdsgroep",)))
    assert {d.fields["question"] for d in docs} == {"leeftijdsgroep"}


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("empty.txt", "het bestand is leeg"),
        ("binary.txt", "geen tekstbestand"),
        ("corrupt.docx", "geen geldig .docx"),
        ("nocues.vtt", "geen cues"),
        ("notes.xyz", "onbekend bestandstype '.xyz'"),
        ("undecodable.txt", "geen UTF-8 en geen Windows-1252"),
    ],
)
def test_readers_bad_input_names_file_and_fix(name, fragment):
    with pytest.raises(ReadError) as info:
        read_file(BAD / name)
    message = str(info.value)
    assert message.startswith(str(BAD / name))
    assert fragment in message
    assert "Oplossing:" in message  # Dutch interface, Dutch message and frame
    assert "\n" not in message


def test_readers_messages_in_english_with_lang_en():
    from workbench.i18n import set_language

    set_language("en")
    with pytest.raises(ReadError, match="the file is empty. Fix: export the document again"):
        read_file(BAD / "empty.txt")


def test_readers_large_file_refused_before_reading(tmp_path):
    big = tmp_path / "groot.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB, sparse: cheap to make
    with pytest.raises(ReadError, match=r"50\.0 MB, meer dan de grens van 20 MB.*max_file_mb"):
        read_file(big, ReadOptions(max_bytes=20 * 1024 * 1024))


def test_readers_vanished_file(tmp_path):
    with pytest.raises(ReadError, match="verdwenen"):
        read_file(tmp_path / "weg.txt")


def test_readers_error_never_quotes_text(tmp_path):
    secret = "Jantje Geheim woont op de Geheimstraat 1"
    p = tmp_path / "x.csv"
    p.write_text(f"a;b\n{secret};kort\n", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read_file(p)
    assert "Geheim" not in str(info.value)


# -- real office files, written by LibreOffice (tests/data/office/make_office.sh) -----------
OFFICE = Path(__file__).parents[1] / "data" / "office"


@pytest.mark.parametrize("name", ["interview-4-word.docx", "interview-4-writer.odt"])
def test_readers_libreoffice_files(name):
    from workbench.corpus.readers import ReadOptions, read_file
    from workbench.corpus.turns import find_turns

    (raw,) = read_file(OFFICE / name, ReadOptions())
    text = raw.text
    assert text.startswith("Interview 4 – Voorzorgcirkels\n\n")  # the heading, en dash kept
    assert "Café ’t Hoekje is ook weer open 😊." in text  # curly apostrophe, emoji outside the BMP
    assert "koffieochtend op dinsdag" in text and "boodschappen samen" in text  # list items
    assert "Bezoek" in text and "wekelijks" in text  # table cells
    assert "\xa0" not in text or "alleen.\xa0Nu" in text
    turns = find_turns(text)
    assert [t.label for t in turns] == ["Interviewer", "Respondent", "Interviewer", "Respondent"]
    assert text[turns[1].start :].startswith("Via mijn buurvrouw")


def test_readers_libreoffice_metadata_sheet_with_date_cells(tmp_path, deduce_ready):
    """A metadata.xlsx as Calc writes it (Dutch headers, real date cells) ingests with ISO dates."""
    import shutil

    import workbench as wb

    root = tmp_path / "s"
    folder = root / "corpora" / "office"
    folder.mkdir(parents=True)
    for name in ("interview-4-word.docx", "interview-4-writer.odt", "metadata.xlsx"):
        shutil.copy(OFFICE / name, folder / name)
    (root / "workbench.toml").write_text('[project]\nname = "office"\n[corpus]\npaths = ["corpora/office"]\nworkers = 0\n', encoding="utf-8")
    with wb.open_study(root) as study:
        report = study.ingest()
        assert report.errors == [] and report.n_added == 2
        docx = study.corpus.get("interview-4-word")
        assert docx.date == "2024-05-02" and docx.initiative == "Voorzorgcirkels" and docx.role == "bewoner"
        assert "Gerda" not in docx.text  # pseudonymised like any other file
        turns = study.corpus.segments(docx.id, unit="turn")
        assert [t.speaker for t in turns] == ["Interviewer", "Respondent", "Interviewer", "Respondent"]
