"""The shipped demo study, ingested for real: what `make demo` does, checked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import workbench as wb

REPO = Path(__file__).parent.parent

#: identifying details the corpus writers planted (all fictional); none may be stored
PLANTED = """Gerda van Leeuwen|Joke Hermans|Annelies Groot|Henk Brouwer|Corrie Smit|Kees Bakker|Gijs Mulder|Bert Jansen|
Jan-Willem Kok|Ans Vos|Riek van den Broek|Jo Smulders|Mien van Kempen|Karel Bosmans|Toos van Gils|Annie Schellekens|
Marian Hendriks|030 695 2281|06-18273645|030 698 7712|06-28473915|0412 45 12 90|06-53918204|h.brouwer@kpnmail.nl|
annelies.groot@gmail.com|m.hendriks@ziggo.nl|12 februari 1943|8 september 1939|De Wilgenhof|De Lindehof|Lindelaan 12|
Kerklaan 31|Eikenlaan 6|Beukenlaan 9|Kerkstraat 22|Molenstraat 5|Lindenlaan 3|Populierenlaan 17|Joke Hagenaars|
Daan Kuipers|Kevin de Wit|Sarah Mulder|Frans Oosterhuis|Fatima El Amrani|Marit Jansen|Lisa Brouwer|Nina Postma|
Monique Verschuur|Jeroen Lammers|Sandra Pel|Hanneke Vermeulen|Bert Hazelhoff|Gijs van Vliet|Dirk Blom|Ellen Blom|
Gerda van Schaik|Ria Kamphuis|Ingrid Tuinstra|Peter Koster|Sander Kok|Marloes Kok|Van Ghentlaan 27|Melkpadlaan 41|
Schuttersweg 8|Langestraat 119|Jan van Arkelweg 51|Wulverhorsterdijk 9|Hoenkoopse Buurtweg 31|Bodegraafsestraat 74|
035 621 4408|06-41872395|06-29507184|030 275 6612|06-38145902|0348 56 38 12|06-52093318|j.lammers@gooistede.nl|
hanneke.vermeulen@kpnmail.nl|9 april 1941|271834626|Het Wilgenhof|De Rijnhorst|Kees Vermeulen|Marion Vermeulen|
Fatima El Idrissi|Yvonne Bos|Samira Ouali|Ans Koster|Petra Zandvliet|Jan Dekker|Riet Brouwer|Ria Hoogendoorn|
Mia Hendrix|Lei Coenen|Annie Kusters|Thei Verheijen|Sjra Litjens|Bertha Geurts|Wiel Poels|Piet Tacken|Sanne Hermans|
Ingrid Wijnen|Dalfsenstraat 27|Steenwijklaan 8|Nijverdalstraat 9|Hellendoornstraat 14|Ommenstraat 112|Hoogstraat 23|
Kerkstraat 9|Schoolstraat 15|Meulenweg 7|06-41827365|070 345 2189|06-28374619|070 366 1042|077 398 1253|06-53917248|
06-21948376|077 464 2210|06-38265104|marion.vermeulen54@ziggo.nl|thei.verheijen47@kpnmail.nl|3 maart 1939|
14 november 1949|De Wilgenhoeve|De Vlasbloem|06-41873295|Marloes de Wit|Gerrit van Dalen|Sjaak Hendrix|
Fleur van der Linden|Henk Bakker|Meerweg 21|Jannie Kuipers|Riet van den Heuvel|Molenstraat 3|Ingrid Smulders|06-53120948|
Toon Verhoeven|Kerkstraat 14|06-28465017|Marieke Verhoeven|Sanne de Bruijn|Joost van der Heijden|Esther Kramer|
Joost Verhagen|Sanne Hoekstra|Lotte Brinkman"""

INITIATIVES = ["Austerlitz Zorgt", "Voorzorgcirkels", "Ontmoetingscentrum Morgenstond", "Laefhoës America", "Liv Inn Hilversum", "De Wulverhorst"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, deduce_ready):
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    shutil.copy(REPO / "keep-list.txt", root)
    shutil.copy(REPO / "workbench.toml", root)
    study = wb.open_study(root)
    report = study.ingest(workers=0)
    yield study, report
    study.close()


@pytest.mark.slow
def test_demo_ingests_cleanly(demo):
    study, report = demo
    assert report.errors == []
    summary = study.corpus.summary()
    for initiative in INITIATIVES:
        rows = summary[summary["initiative"] == initiative]
        assert rows["documents"].sum() >= 4 + 10, initiative  # 3 interviews, 1 story, survey answers
    interviews = study.corpus.to_frame().query("kind == 'interview'")
    assert len(interviews) == 18 and interviews["n_words"].min() > 800
    assert "de-wulverhorst/interview-04-bewoner" not in set(study.corpus.to_frame()["id"])  # consent nee


@pytest.mark.slow
def test_demo_planted_details_are_not_stored(demo):
    study, _ = demo
    text = "\n".join(d.text for d in study.corpus)
    leaks = [p for p in (x.strip() for x in PLANTED.replace("\n", "").split("|")) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
    assert leaks == []
    for public in ("Austerlitz Zorgt", "Voorzorgcirkels", "Zeist", "Hilversum", "Wmo"):
        assert public in text


@pytest.mark.slow
def test_demo_first_names_that_are_words_are_gone(demo):
    """Door, Riet, Wiel and Toon are first names and Dutch words; the keep-list no longer
    lists them, yet every one goes, while the preposition "Door de ..." stays."""
    study, _ = demo
    text = "\n".join(d.text for d in study.corpus)
    for name in ("Riet", "Wiel", "Toon"):
        assert [text[max(0, m.start() - 60) : m.end() + 20] for m in re.finditer(rf"(?<!\w){name}(?!\w)", text)] == [], name
    after_door = re.findall(r"(?<!\w)Door (\w+)", text)
    assert after_door and set(after_door) <= {"de", "het", "school", "niet", "te"}
    assert "mijn vrouw Door" not in text and "Zien vrouw, Door" not in text
    assert "naast de Serre" in text  # an ordinary word after an article is no name


@pytest.mark.slow
def test_demo_keep_list_is_what_a_researcher_writes(demo):
    """Laws, public bodies and the initiatives stay without being on the study's keep-list."""
    study, _ = demo
    own = [ln for ln in (REPO / "keep-list.txt").read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(own) <= 10
    text = "\n".join(d.text for d in study.corpus)
    for public in ("Wlz", "Laefhoës", "Liv Inn", "De Wulverhorst", "Morgenstond"):
        assert public in text, public


@pytest.mark.slow
def test_demo_codebook_loads(demo):
    study, _ = demo
    codebook, version = study.load_codebook()
    assert version == 1 and codebook.n_codes >= 40
    assert codebook.get("pg-zingeving").label["en"]


@pytest.mark.slow
def test_demo_exports_qdpx(demo, tmp_path):
    """`make demo` writes reports/demo.qdpx: valid against the REFI-QDA schema, every
    document in it, no planted detail in any member."""
    import zipfile

    from lxml import etree

    from workbench.interop.qdpx import export_qdpx

    study, _ = demo
    report = export_qdpx(study, tmp_path / "demo.qdpx")
    assert report.n_documents == len(study.corpus) and report.n_codes >= 40
    schema = etree.XMLSchema(etree.parse(str(REPO / "tests" / "data" / "refi" / "Project.xsd")))
    with zipfile.ZipFile(report.path) as zf:
        schema.assertValid(etree.fromstring(zf.read("project.qde")).getroottree())
        everything = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    leaks = [p for p in (x.strip() for x in PLANTED.replace("\n", "").split("|")) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", everything)]
    assert leaks == []


@pytest.mark.slow
def test_demo_ages_in_other_forms_and_bare_streets_are_gone(demo):
    """Issue 18: the README's coding-app screenshot showed "(81)" and "eenentachtig" from the
    stored demo; ages in brackets and in words, and streets without a house number, go."""
    study, _ = demo
    text = "\n".join(d.text for d in study.corpus)
    for left in ("(81)", "(76)", "eenentachtig ben ik", "zevenenzestig", "achtenzeventig", "Kerkstraat", "Peelweg", "Meulenweg", "Leyweg", "Kerklaan", "Hoogstraat"):
        assert not re.search(rf"(?<!\w){re.escape(left)}(?!\w)", text), left
    assert "([80-89])" in text and "[80-89] ben ik nu" in text
