"""Reading the XML (workbench.interop.qdpx.read): exports of ATLAS.ti, NVivo, MAXQDA, QualCoder and f4, and what is left out."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from qdpx_fixtures import ALONE, REFI, VOL, coded

from workbench.errors import ExchangeError
from workbench.interop.qdpx import (
    read_qdpx,
)


# -- import of real and tool-shaped exports -------------------------------------------------
def test_qdpx_import_atlas_samples() -> None:
    blank = read_qdpx(REFI / "blank-atlas-project.qdpx")
    assert blank.name == "blank-atlas-project" and [u.name for u in blank.users] == ["Enric Llagostera", "ATLAS.ti"]
    assert blank.codebook.codes == () and blank.sources == () and blank.problems == ()
    target = read_qdpx(REFI / "target-atlas-project.qdpx")
    codes = {c.id: c for c in target.codebook.codes}
    assert codes["commits"].children == ("2022-05-10t02-05-59z-19e4dce", "2022-02-11t10-39-25z-cdbfd92")
    assert target.code_guids["commits"] == "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"
    assert codes["2022-05-10t02-05-59z-19e4dce"].label["nl"] == "2022-05-10T02:05:59Z 19e4dce"
    assert any("zonder beschrijving" in p for p in target.problems)


@pytest.mark.parametrize("name", ["nvivo_windows", "nvivo_mac"])
def test_qdpx_import_nvivo(name: str) -> None:
    project = read_qdpx(REFI / f"{name}.qdpx")
    # sources/ in lower case, a BOM, CRLF, one selection per code, UTF-16 offsets around an emoji
    assert coded(project) >= {
        ("eenzaamheid", "Anna de Boer", ALONE + " 😢"), ("verlies-partner", "Anna de Boer", ALONE + " 😢"),
        ("eenzaamheid", "Bram", ALONE + " 😢"), ("vrijwilligers", "Bram", VOL),
    }
    texts = {s.name: s for s in project.sources}
    assert not texts["Interview bewoner"].text.startswith("\ufeff") and "\r" not in texts["Interview bewoner"].text
    assert texts["Interview bewoner"].variables == {"Initiatief": "Austerlitz Zorgt"}
    assert project.cases[0].name == "Austerlitz Zorgt" and project.cases[0].variables == {"Rol": "bewoner"}
    if name == "nvivo_mac":  # a coding on a whole source, GUIDs in braces
        assert ("vrijwilligers", "Bram", texts["Mantelzorger"].text) in coded(project)


def test_qdpx_import_maxqda() -> None:
    project = read_qdpx(REFI / "maxqda.qdpx")
    assert coded(project) == {("eenzaamheid", "Anna de Boer", ALONE), ("vrijwilligers", "Anna de Boer", VOL), ("eenzaamheid", "Anna de Boer", "Ik kan het niet meer alleen.")}
    memo = next(c.memo for c in project.codings if c.memo)
    assert memo == "Sterk voorbeeld van eenzaamheid na verlies."
    interview = next(s for s in project.sources if s.name == "Interview bewoner.docx")
    assert interview.variables == {"Rol": "bewoner", "Leeftijd": 81, "Datum": "2024-03-14"}
    assert project.codebook.groups[0].name == "Uitkomsten" and project.codebook.groups[0].codes == ("eenzaamheid",)
    problems = "\n".join(project.problems)
    assert "bron 'Verdwenen verslag.txt': het tekstbestand" in problems and "zit niet in het archief" in problems
    assert "1 bron(nen) van de soort PDFSource weggelaten" in problems and "koppelingen tussen objecten weggelaten" in problems


def test_qdpx_what_is_left_out_in_english() -> None:
    """The problems are written in the interface language when the project is read."""
    from workbench.i18n import set_language

    set_language("en")
    problems = "\n".join(read_qdpx(REFI / "maxqda.qdpx").problems)
    assert "source 'Verdwenen verslag.txt': its text file" in problems and "is not in the archive" in problems
    assert "1 PDFSource(s) left out" in problems and "links between objects left out" in problems
    assert "weggelaten" not in problems


def test_qdpx_import_qualcoder() -> None:
    project = read_qdpx(REFI / "qualcoder.qdpx")
    assert coded(project) == {("eenzaamheid", "anna", "Eerst voelde ik me zo alleen"), ("eenzaamheid", "bram", "Eerst voelde ik me zo alleen"), ("vrijwilligers", "bram", VOL)}
    assert {c.memo for c in project.codings} == {"Eerste keer dat ze het zegt.", None}
    assert project.sources[0].memo == "Afgenomen in het buurthuis."
    assert project.cases[0].name == "Voorzorgcirkels"
    assert project.codebook.get("eenzaamheid").definition == "Memo bij de code: zich alleen voelen."


def test_qdpx_import_transcript_of_a_recording() -> None:
    project = read_qdpx(REFI / "maxqda_audio.qdpx")
    [source] = project.sources
    assert source.name == "Interview bewoner" and source.text.startswith("Interviewer:")
    assert coded(project) == {("eenzaamheid", "Anna de Boer", ALONE), ("vrijwilligers", "Anna de Boer", VOL)}
    assert project.cases[0].source_guids == (source.guid,)
    assert any("1 fragment(en) van de opname zelf (op tijd gemarkeerd) weggelaten" in p for p in project.problems)


def test_qdpx_reads_a_bare_qde_and_refuses_bad_options(tmp_path: Path) -> None:
    """A project.qde on its own (text inline) reads like a .qdpx; wrong option values are named."""
    qde = tmp_path / "project.qde"
    with zipfile.ZipFile(REFI / "qualcoder.qdpx") as zf:
        qde.write_bytes(zf.read("project.qde"))
    assert coded(read_qdpx(qde)) == coded(read_qdpx(REFI / "qualcoder.qdpx"))
    with pytest.raises(ExchangeError, match="onbekende waarde 'bytes' voor --offsets. Oplossing: kies uit: auto, codepoints, utf16"):
        read_qdpx(qde, offsets="bytes")
    with pytest.raises(ExchangeError, match="het bestand bestaat niet"):
        read_qdpx(tmp_path / "missing.qdpx")
