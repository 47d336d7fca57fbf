"""REFI-QDA .qdc export (schema-valid), lossless round-trip, real imports, hostile XML; tables and documents."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from workbench.codebook import Codebook, export_codebook, import_codebook
from workbench.codebook.exchange import export_csv, export_xlsx, import_csv, import_xlsx, to_markdown
from workbench.codebook.refi import code_guid, export_qdc, format_description, import_qdc, parse_description, to_qdc_tree
from workbench.errors import CodebookValidationError, ExchangeError, ExchangeWarning, UnsafeXMLError

from strategies import codebooks  # tests/codebook/strategies.py

REFI = Path(__file__).parents[1] / "data" / "refi"
SCHEMA = etree.XMLSchema(etree.parse(str(REFI / "Codebook.xsd")))


def assert_valid(path_or_tree) -> None:
    tree = path_or_tree if hasattr(path_or_tree, "getroot") else etree.parse(str(path_or_tree))
    SCHEMA.assertValid(tree)


def test_refi_export_validates_against_xsd(small_yaml: Path, tmp_path: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    out = export_qdc(cb, tmp_path / "cb.qdc")
    assert_valid(out)
    root = etree.parse(str(out)).getroot()
    ns = {"q": "urn:QDA-XML:codebook:1.0"}
    top = root.findall("q:Codes/q:Code", ns)
    assert [c.get("name") for c in top] == ["Bewoners", "Organisatie"]
    assert [c.get("name") for c in top[0].findall("q:Code", ns)] == ["Eenzaamheid", "Verbinding", "Langer thuis wonen"]
    eenzaam = top[0].find("q:Code", ns)
    assert eenzaam.get("color") == "#1F77B4" and eenzaam.get("isCodable") == "true"
    assert eenzaam.get("guid") == code_guid("test-codeboek", "eenzaamheid")
    [member_set] = root.findall("q:Sets/q:Set", ns)
    assert [m.get("guid") for m in member_set.findall("q:MemberCode", ns)] == [code_guid("test-codeboek", c) for c in ("eenzaamheid", "thuis")]


def test_refi_guids_are_stable_and_upper_case() -> None:
    guid = code_guid("impact", "eenzaamheid")
    assert guid == code_guid("impact", "eenzaamheid") == guid.upper()
    assert guid != code_guid("impact", "verbinding") != code_guid("ander", "eenzaamheid")


def test_refi_export_never_writes_empty_sets(small_yaml: Path, tmp_path: Path) -> None:
    text = small_yaml.read_text().replace("groups:\n  - name: uitkomsten\n    codes: [eenzaamheid, thuis]\n", "groups:\n  - name: leeg\n    codes: []\n")
    small_yaml.write_text(text)
    tree = to_qdc_tree(Codebook.from_yaml(small_yaml))
    assert b"Sets" not in etree.tostring(tree)
    assert_valid(tree)


def test_refi_retired_code_is_not_codable(small_yaml: Path) -> None:
    small_yaml.write_text(small_yaml.read_text().replace("definition: Geld van gemeente, fondsen, leden.", "definition: Geld.\n        status: retired"))
    tree = to_qdc_tree(Codebook.from_yaml(small_yaml))
    assert tree.xpath("//q:Code[@name='Financiering']/@isCodable", namespaces={"q": "urn:QDA-XML:codebook:1.0"}) == ["false"]
    assert_valid(tree)


def test_refi_round_trip_small(small_yaml: Path, tmp_path: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    back = import_qdc(export_qdc(cb, tmp_path / "cb.qdc"), codebook_id=cb.id)
    assert back.codes == cb.codes
    assert back.groups == cb.groups


def test_refi_round_trip_starter(tmp_path: Path) -> None:
    starter = Path(__file__).parents[2] / "codebooks" / "impact-zorgzame-gemeenschappen.yaml"
    assert starter.is_file(), f"the starter codebook is missing: {starter}"
    cb = Codebook.from_yaml(starter)
    out = export_qdc(cb, tmp_path / "impact.qdc")
    assert_valid(out)
    assert import_qdc(out, codebook_id=cb.id).codes == cb.codes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cb=codebooks())
def test_refi_round_trip_hypothesis(cb: Codebook, tmp_path: Path) -> None:
    out = export_qdc(cb, tmp_path / "rt.qdc")
    assert_valid(out)
    back = import_qdc(out, codebook_id=cb.id)
    assert back.codes == cb.codes
    assert back.groups == tuple(g for g in cb.groups if g.codes)


def test_refi_description_sections_read_as_text() -> None:
    from workbench.codebook.model import Code

    code = Code(id="eenzaamheid", label={"nl": "Eenzaamheid", "en": "Loneliness"}, definition="Zich alleen voelen.\n[include]",
                include="Gemis.", examples=("Stil.", "Leeg."), keywords=("eenzaam", "alleen"), patterns=(r"\balleen\b",), status="retired")
    text = format_description(code)
    assert text.startswith("Zich alleen voelen.\n\\[include]\n\n[include]\nGemis.\n\n[example]\nStil.\n\n[example]\nLeeg.")
    assert "[keywords]\neenzaam\nalleen" in text and "[label:en]\nLoneliness" in text and text.endswith("[status]\nretired\n\n[id]\neenzaamheid")
    fields = parse_description(text)
    assert fields["definition"] == code.definition and fields["examples"] == ["Stil.", "Leeg."] and fields["labels"] == {"en": "Loneliness"}
    assert parse_description("Gewoon een beschrijving.\nTwee regels.")["definition"] == "Gewoon een beschrijving.\nTwee regels."
    assert parse_description("[definition]\nD\n[include]\nI\n")["definition"] == "D"


def test_refi_import_atlas_sample() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the ATLAS.ti sample imports without a warning
        cb = import_qdc(REFI / "atlas_sample.qdc")
    [code] = cb.codes
    assert (code.id, code.label, code.definition, code.color) == ("code1", {"nl": "code1"}, "description", "#46aa00")
    assert cb.groups[0].name == "code group 1" and cb.groups[0].codes == ("code1",) and cb.groups[0].description == "kategorie 1"
    assert cb.id == "atlas-sample"


def test_refi_import_taguette_style_warns_on_empty_sets() -> None:
    with pytest.warns(ExchangeWarning) as caught:
        cb = import_qdc(REFI / "taguette_style.qdc")
    messages = [str(w.message) for w in caught]
    assert any("lege <Sets/>" in m for m in messages)
    assert any("1 code(s) zonder beschrijving (interesting) kregen een tijdelijke definitie" in m for m in messages)
    [code] = cb.codes
    assert code.id == "interesting" and code.definition and cb.groups == ()


def test_refi_import_to_yaml_and_back(tmp_path: Path) -> None:
    cb = import_qdc(REFI / "atlas_sample.qdc")
    out = tmp_path / "atlas.yaml"
    cb.to_yaml(out)
    again = Codebook.from_yaml(out)
    assert again.codes == cb.codes and again.groups == cb.groups
    assert_valid(to_qdc_tree(again))


@pytest.mark.parametrize(
    "xml",
    [
        # braces, lower case, no namespace prefix trouble, #RGB colour, nested codes
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{1ff58b12-6f6f-4b0c-8be5-bbdc91f55294}" name="Ouder" isCodable="false" color="#abc">'
        '<Code guid="2FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Kind é" isCodable="true"><Description>d</Description></Code></Code></Codes>'
        '<Sets><Set guid="3FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="s"><MemberCode guid="{2ff58b12-6f6f-4b0c-8be5-bbdc91f55294}"/></Set></Sets></CodeBook>',
    ],
)
def test_refi_import_tolerates_quirks(xml: str, tmp_path: Path) -> None:
    path = tmp_path / "q.qdc"
    path.write_text(xml, encoding="utf-8")
    with pytest.warns(ExchangeWarning, match="zonder beschrijving"):
        cb = import_qdc(path)
    assert [(c.id, c.parent, c.color) for c in cb.codes] == [("ouder", None, "#aabbcc"), ("kind-e", "ouder", None)]
    assert cb.groups[0].codes == ("kind-e",)


def test_refi_import_without_namespace_warns(tmp_path: Path) -> None:
    path = tmp_path / "q.qdc"
    path.write_text('<CodeBook><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="a" isCodable="true"><Description>d</Description></Code></Codes></CodeBook>')
    with pytest.warns(ExchangeWarning, match="namespace"):
        assert import_qdc(path).ids == ("a",)


HOSTILE = {
    "external entity": """<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="a" isCodable="true"><Description>&xxe;</Description></Code></Codes></CodeBook>""",
    "billion laughs": """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="&lol9;" isCodable="true"/></Codes></CodeBook>""",
    "external DTD": """<?xml version="1.0"?>
<!DOCTYPE CodeBook SYSTEM "http://example.org/evil.dtd">
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>""",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_refi_hostile_xml_is_refused(name: str, tmp_path: Path) -> None:
    path = tmp_path / "evil.qdc"
    path.write_text(HOSTILE[name], encoding="utf-8")
    with pytest.raises(UnsafeXMLError) as info:
        import_qdc(path)
    message = str(info.value)
    assert f"{path}:2" in message and "DOCTYPE" in message and "Oplossing:" in message
    assert "root:" not in message  # nothing of /etc/passwd


def test_refi_hostile_xml_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil16.qdc"
    path.write_bytes(HOSTILE["external entity"].replace('encoding="utf-8"', "").encode("utf-16"))
    with pytest.raises(UnsafeXMLError):
        import_qdc(path)


@pytest.mark.parametrize(
    "content, match",
    [
        ("<CodeBook><Codes>", "geen geldige XML"),
        ('<Project xmlns="urn:QDA-XML:project:1.0"/>', "geen codeboek \\(<CodeBook>\\)"),
        ('<Other xmlns="urn:QDA-XML:codebook:1.0"/>', "begint met <Other> in plaats van <CodeBook>"),
        ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" name="a" isCodable="true"/></Codes></CodeBook>', "geen geldige GUID"),
    ],
)
def test_refi_malformed_files(content: str, match: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.qdc"
    path.write_text(content)
    with pytest.raises(ExchangeError, match=match):
        import_qdc(path)


# -- tables and documents ---------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_refi_table_round_trip(fmt: str, small_yaml: Path, tmp_path: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    out = export_codebook(cb, tmp_path / f"cb.{fmt}")
    back = import_codebook(out, codebook_id=cb.id)
    assert back.codes == cb.codes


def test_refi_csv_from_another_tool(tmp_path: Path) -> None:
    path = tmp_path / "maxqda.csv"
    path.write_text("Code;Description;Kleur;Extra\nEenzaamheid;Zich alleen voelen;#FF0000;x\nThuis wonen;;;\n", encoding="utf-8")
    with pytest.warns(ExchangeWarning):
        cb = import_csv(path)
    assert [(c.id, c.label["nl"], c.color) for c in cb.codes] == [("eenzaamheid", "Eenzaamheid", "#ff0000"), ("thuis-wonen", "Thuis wonen", None)]
    assert cb.get("eenzaamheid").definition == "Zich alleen voelen"


def test_refi_xlsx_unknown_parent_is_reported(tmp_path: Path, small_yaml: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["id", "parent", "label_nl", "definition"])
    wb.active.append(["a", "zz", "A", "d"])
    wb.save(tmp_path / "cb.xlsx")
    with pytest.raises(CodebookValidationError, match=r"cb.xlsx:2: code .a. noemt .zz. als bovenliggende code"):
        import_xlsx(tmp_path / "cb.xlsx")


def test_refi_docx_and_md_export(small_yaml: Path, tmp_path: Path) -> None:
    from docx import Document

    cb = Codebook.from_yaml(small_yaml)
    out = export_codebook(cb, tmp_path / "cb.docx")
    doc = Document(str(out))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[:3] == [("Title", "Testcodeboek"), ("Heading 1", "Bewoners (bewoners)"), ("Heading 2", "Eenzaamheid (eenzaamheid)")]
    assert any(p.style.name == "Quote" and p.text == "Het is zo stil in huis." for p in doc.paragraphs)
    md = to_markdown(cb, lang="en")
    assert "## Residents (`bewoners`)" in md and "### Loneliness (`eenzaamheid`)" in md and "> Het is zo stil in huis." in md
    assert export_codebook(cb, tmp_path / "cb.md").read_text() == to_markdown(cb)


def test_refi_unknown_format(small_yaml: Path, tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="gebruik een van qdc, csv, xlsx, docx, md"):
        export_codebook(Codebook.from_yaml(small_yaml), tmp_path / "cb.pdf")
    with pytest.raises(ExchangeError, match="gebruik een van qdc, csv, xlsx"):
        import_codebook(tmp_path / "cb.docx")


def test_refi_export_csv_xlsx_direct(small_yaml: Path, tmp_path: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    assert import_csv(export_csv(cb, tmp_path / "a.csv"), codebook_id=cb.id).codes == cb.codes
    assert import_xlsx(export_xlsx(cb, tmp_path / "a.xlsx"), codebook_id=cb.id).codes == cb.codes


def test_refi_messages_in_dutch_by_default_and_english_with_lang_en(small_yaml: Path, tmp_path: Path) -> None:
    from workbench.i18n import set_language

    evil = tmp_path / "evil.qdc"
    evil.write_text(HOSTILE["external entity"], encoding="utf-8")
    cb = Codebook.from_yaml(small_yaml)
    with pytest.raises(UnsafeXMLError, match="bevat een DOCTYPE-verklaring en wordt daarom geweigerd.*Oplossing: exporteer het bestand opnieuw"):
        import_qdc(evil)
    with pytest.raises(ExchangeError, match="kan niet exporteren naar het formaat 'pdf'. Oplossing: gebruik een van qdc, csv, xlsx, docx, md"):
        export_codebook(cb, tmp_path / "cb.pdf")
    with pytest.warns(ExchangeWarning) as caught:
        import_qdc(REFI / "taguette_style.qdc")
    assert any("een lege <Sets/> (zoals Taguette die schrijft) is geen geldige REFI-QDA; overgeslagen" in str(w.message) for w in caught)
    set_language("en")
    with pytest.raises(UnsafeXMLError, match="the XML declares a DOCTYPE; refused .*Fix: export the file again from its tool"):
        import_qdc(evil)
    with pytest.raises(ExchangeError, match="cannot export format 'pdf'. Fix: use one of qdc, csv, xlsx, docx, md"):
        export_codebook(cb, tmp_path / "cb.pdf")
    with pytest.warns(ExchangeWarning) as caught:
        import_qdc(REFI / "taguette_style.qdc")
    messages = [str(w.message) for w in caught]
    assert any("an empty <Sets/> (as Taguette writes it) is not valid REFI-QDA; ignored" in m for m in messages)
    assert any("1 code(s) had no description (interesting); they got a placeholder definition" in m for m in messages)
    # a codebook document speaks its own language (lang=), whatever the interface's
    assert "**Definition:**" in to_markdown(cb, lang="en") and "**Definitie:**" in to_markdown(cb, lang="nl")
