"""Every validation rule: the message names the file, the line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.codebook import read_codebook
from workbench.codebook.exchange import import_csv
from workbench.errors import CodebookError, CodebookValidationError

HEAD = "id: cb\ntitle: {nl: T}\nlanguage: nl\ncodes:\n"


def code(cid: str = "a", extra: str = "", indent: str = "  ") -> str:
    body = f"- id: {cid}\n  label: {{nl: {cid.upper()}}}\n  definition: Iets.\n" + extra
    return "".join(indent + line + "\n" for line in body.splitlines())


CASES = {
    # name: (yaml text, line, words in the message)
    "unknown key": (HEAD + code(extra="  colour: red\n"), 8, ["onbekend veld 'colour'", "bedoelt u 'color'"]),
    "unknown top key": (HEAD.replace("language: nl\n", "langauge: nl\n") + code(), 3, ["onbekend veld 'langauge'", "language"]),
    "duplicate id": (HEAD + code("a") + code("b") + code("a"), 11, ["'a' staat er twee keer in", "regels 5 en 11", "Oplossing: geef een van de twee een andere id"]),
    "cycle": (
        HEAD + code("a", extra="  children:\n" + code("b", indent="    ", extra="  children:\n" + code("a", indent="      "))),
        13,
        ["in zijn eigen tak", "a > b > a"],
    ),
    "empty definition": (HEAD + "  - id: a\n    label: {nl: A}\n    definition: ''\n", 7, ["lege definitie", "Oplossing: schrijf"]),
    "missing definition": (HEAD + "  - id: a\n    label: {nl: A}\n", 5, ["heeft geen 'definition'"]),
    "child of retired code": (
        HEAD + code("a", extra="  status: retired\n  children:\n" + code("b", indent="    ")),
        10,
        ["'b' is in gebruik, maar de code erboven, 'a', is vervallen", "zet bij 'b' ook 'status: retired'"],
    ),
    "bad id slug": (HEAD + code("Eenzaam_Heid"), 5, ["de code-id 'Eenzaam_Heid' is niet geldig", "kleine letters", "eenzaam-heid"]),
    "missing label.nl": (HEAD + "  - id: a\n    label: {en: A}\n    definition: d\n", 6, ["geen Nederlandse tekst bij 'label'", "label.nl"]),
    "bad colour": (HEAD + code(extra='  color: "#12345"\n'), 8, ["'#12345'", "#RRGGBB"]),
    "bad regex pattern": (HEAD + code(extra="  patterns:\n    - 'ok'\n    - '(open'\n"), 10, ["'(open'", "geen geldig zoekpatroon"]),
    "bad status": (HEAD + code(extra="  status: old\n"), 8, ["status 'old'", "active, retired"]),
    "keyword not lowercase": (HEAD + code(extra="  keywords: [Eenzaam]\n"), 8, ["trefwoord 'Eenzaam'", "kleine letters", "schrijf 'eenzaam'"]),
    "YAML syntax error": (HEAD + "  - id: a\n    label: {nl: A\n    definition: d\n", 6, ["de '{' die op regel 6 opent", "'}'"]),
    "duplicate key": (HEAD + "  - id: a\n    id: b\n    label: {nl: A}\n    definition: d\n", 6, ["'id' staat twee keer", "verwijder of hernoem"]),
    "bad top level": ("- just\n- a list\n", 1, ["geen codeboek"]),
    "group with unknown code": (HEAD + code() + "groups:\n  - name: g\n    codes: [a, zz]\n", 9, ["groep 'g' noemt code 'zz'", "niet in het codeboek"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_validate_reports_file_line_and_fix(name: str, tmp_path: Path) -> None:
    text, line, words = CASES[name]
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookValidationError) as info:
        read_codebook(path)
    problems = info.value.problems
    assert any(p.where == f"{path}:{line}" for p in problems), [str(p) for p in problems]
    message = next(str(p) for p in problems if p.where == f"{path}:{line}")
    for word in words:
        assert word in message, message
    assert "Oplossing:" in message
    assert str(path) in str(info.value)


# Co-designers edit the codebook: YAML mistakes explained in plain words, one message each
YAML_MISTAKES = {
    "indentation": (HEAD + "  - id: a\n    label: {nl: A}\n    definition: d\n   examples: [x]\n", 8, ["inspringing", "evenveel spaties"]),
    "indentation deeper": (HEAD + "  - id: a\n    label: {nl: A}\n      definition: d\n", 7, ["inspringing"]),
    "colour unquoted": (HEAD + "  - id: a\n    label: {nl: A}\n    definition: d\n    color: #1f77b4\n", 8, ["'#1f77b4'", "opmerking", 'color: "#1f77b4"']),
    "example with a colon": (
        HEAD + "  - id: a\n    label: {nl: A}\n    definition: d\n    examples:\n      - Ik dacht: dat kan ik ook\n", 9, ["item 1", "': '", "aanhalingstekens"]
    ),
    "definition with a colon": (HEAD + "  - id: a\n    label: {nl: A}\n    definition: Let op: dit\n", 7, ["'definition'", "': '", 'definition: "..."']),
    "tab": (HEAD + "  - id: a\n\tlabel: {nl: A}\n    definition: d\n", 6, ["tab", "spaties"]),
    "quote not closed": (HEAD + "  - id: a\n    label: {nl: A}\n    definition: \"d\n    examples: [x]\n", 7, ["aanhalingsteken", "regel 7"]),
    "dash without space": (HEAD + "  - id: a\n    label: {nl: A}\n    definition: d\n  -id: b\n", 8, ["spatie", "'- id: b'"]),
}


@pytest.mark.parametrize("name", list(YAML_MISTAKES))
def test_validate_yaml_mistakes_in_plain_words(name: str, tmp_path: Path) -> None:
    text, line, words = YAML_MISTAKES[name]
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookValidationError) as info:
        read_codebook(path)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 1, messages
    assert info.value.problems[0].where == f"{path}:{line}", messages
    for word in words:
        assert word in messages[0], messages[0]
    for jargon in ("<block", "scalar", "token", "mapping values", "stream"):
        assert jargon not in messages[0]
    assert "Oplossing:" in messages[0]


def test_validate_collects_all_problems(tmp_path: Path) -> None:
    text = HEAD + code("a", extra="  colour: x\n") + code("B") + "  - id: c\n    label: {nl: C}\n    definition: ''\n"
    path = tmp_path / "cb.yaml"
    path.write_text(text)
    with pytest.raises(CodebookValidationError) as info:
        read_codebook(path)
    assert len(info.value.problems) == 3
    assert isinstance(info.value, ValueError) and all(isinstance(p, CodebookError) for p in info.value.problems)
    assert [p.where for p in info.value.problems] == sorted((p.where for p in info.value.problems), key=lambda w: int(w.rsplit(":", 1)[1]))


def test_validate_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="bestaat niet.*workbench codebook starter"):
        read_codebook(tmp_path / "nope.yaml")


def test_validate_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cb.yaml"
    path.write_bytes((HEAD + code() + "  # caf\xe9\n").encode("latin-1"))
    with pytest.raises(CodebookError, match=r"cb.yaml:8: het bestand is geen UTF-8"):
        read_codebook(path)


def test_validate_cycle_in_table(tmp_path: Path) -> None:
    path = tmp_path / "cb.csv"
    path.write_text("id,parent,label_nl,definition\nr,,R,d\na,b,A,d\nb,a,B,d\n", encoding="utf-8")
    with pytest.raises(CodebookValidationError) as info:
        import_csv(path)
    assert any("eigen tak" in str(p) and p.where == f"{path}:3" for p in info.value.problems), info.value.problems


# The co-designers read these rules in Dutch; a researcher with --lang en reads the same
# problems in English (set_language is what --lang calls). Dutch words, then English words.
BOTH_LANGUAGES = {
    "unknown key": (["onbekend veld 'colour' in code 'a'", "Oplossing: bedoelt u 'color'?"], ["unknown key 'colour' in code 'a'", "Fix: did you mean 'color'?"]),
    "duplicate id": (["code 'a' staat er twee keer in (regels 5 en 11)", "(elke code heeft een eigen id nodig)"], ["code 'a' appears twice (lines 5 and 11)", "Fix: code ids must be unique: rename one"]),
    "cycle": (["code 'a' staat in zijn eigen tak, onder zichzelf (a > b > a)", "Oplossing: geef de binnenste code"], ["code 'a' is nested inside itself (a cycle: a > b > a)", "Fix: give the inner code"]),
    "empty definition": (["code 'a' heeft een lege definitie", "Oplossing: schrijf een of twee zinnen"], ["code 'a' has an empty definition", "Fix: write one or two sentences"]),
    "missing definition": (["code 'a' heeft geen 'definition'", "een of twee zinnen"], ["code 'a' has no 'definition'", "one or two sentences"]),
    "child of retired code": (["de code erboven, 'a', is vervallen"], ["code 'b' is active but its parent 'a' is retired", "Fix: retire 'b' too"]),
    "bad id slug": (["de code-id 'Eenzaam_Heid' is niet geldig", "bijvoorbeeld 'eenzaam-heid'"], ["code id 'Eenzaam_Heid' is not a slug", "e.g. 'eenzaam-heid'"]),
    "missing label.nl": (["code 'a' heeft geen Nederlandse tekst bij 'label' ('label.nl')", "Oplossing: voeg 'nl: ...' toe"], ["code 'a' has no Dutch label ('label.nl')", "Fix: add 'nl: ...' to the label"]),
    "bad colour": (["kleur '#12345' van code 'a' is geen kleurcode", "tussen aanhalingstekens"], ["colour '#12345' of code 'a' is not #RRGGBB", "Fix: write six hex digits"]),
    "bad regex pattern": (["patroon '(open' van code 'a' is geen geldig zoekpatroon", "probeer het uit op regex101.com"], ["pattern '(open' of code 'a' is not a valid regular expression", "flavour Python"]),
    "bad status": (["status 'old' van code 'a' is niet een van active, retired", "(vervallen)"], ["status 'old' of code 'a' is not one of active, retired", "Fix: write 'status: active'"]),
    "keyword not lowercase": (["trefwoord 'Eenzaam' van code 'a'", "in kleine letters", "Oplossing: schrijf 'eenzaam'"], ["keyword 'Eenzaam' of code 'a' must be one lowercase lemma", "Fix: write 'eenzaam'"]),
    "YAML syntax error": (["de '{' die op regel 6 opent, is niet goed gesloten"], ["the '{' opened on line 6 is not closed properly"]),
    "bad top level": (["dit bestand is geen codeboek", "Oplossing: begin met"], ["the file is not a codebook", "Fix: start from"]),
    "group with unknown code": (["groep 'g' noemt code 'zz', maar die staat niet in het codeboek"], ["group 'g' names code 'zz', which is not in the codebook"]),
}


@pytest.mark.parametrize("name", list(BOTH_LANGUAGES))
def test_validate_rules_in_dutch_by_default_and_english_with_lang_en(name: str, tmp_path: Path) -> None:
    from workbench.i18n import set_language

    text, line, _ = CASES[name]
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    dutch, english = BOTH_LANGUAGES[name]
    for lang, words, head in (("nl", dutch, "probleem/problemen in het codeboek"), (None, dutch, "probleem"), ("en", english, "problem(s) in the codebook")):
        set_language(lang)
        with pytest.raises(CodebookValidationError) as info:
            read_codebook(path)
        message = next(str(p) for p in info.value.problems if p.where == f"{path}:{line}")
        for word in words:
            assert word in message, message
        assert head in str(info.value).splitlines()[0]
        other = english if words is dutch else dutch
        assert not any(word in message for word in other), message  # never two languages in one message


def test_validate_table_problems_in_both_languages(tmp_path: Path) -> None:
    from workbench.i18n import set_language

    path = tmp_path / "cb.csv"
    path.write_text("id,parent,label_nl,definition\nr,,R,d\na,b,A,d\nb,a,B,d\nc,zz,C,d\n", encoding="utf-8")
    with pytest.raises(CodebookValidationError) as info:
        import_csv(path)
    messages = "\n".join(str(p) for p in info.value.problems)
    assert "code 'c' noemt 'zz' als bovenliggende code, maar die staat niet in de tabel. Oplossing: schrijf in de kolom parent" in messages
    assert "code 'a' staat in zijn eigen tak, onder zichzelf (a > b > a)" in messages
    set_language("en")
    with pytest.raises(CodebookValidationError) as info:
        import_csv(path)
    messages = "\n".join(str(p) for p in info.value.problems)
    assert "code 'c' names parent 'zz', which is not in the table. Fix: write the id of a code in the table" in messages
    assert "code 'a' is its own ancestor (a cycle: a > b > a)" in messages


def test_validate_unreadable_files_in_both_languages(tmp_path: Path) -> None:
    from workbench.i18n import set_language

    path = tmp_path / "cb.yaml"
    path.write_bytes((HEAD + code() + "  # caf\xe9\n").encode("latin-1"))
    with pytest.raises(CodebookError, match=r"cb.yaml:8: het bestand is geen UTF-8-tekst .*Oplossing: sla het op als UTF-8"):
        read_codebook(path)
    set_language("en")
    with pytest.raises(CodebookError, match=r"cb.yaml:8: the file is not UTF-8 text. Fix: save it as UTF-8"):
        read_codebook(path)
    with pytest.raises(CodebookError, match="the codebook file does not exist. Fix: start from the starter codebook"):
        read_codebook(tmp_path / "nope.yaml")
