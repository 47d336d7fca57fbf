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
    "unknown key": (HEAD + code(extra="  colour: red\n"), 8, ["unknown key 'colour'", "did you mean 'color'"]),
    "unknown top key": (HEAD.replace("language: nl\n", "langauge: nl\n") + code(), 3, ["unknown key 'langauge'", "language"]),
    "duplicate id": (HEAD + code("a") + code("b") + code("a"), 11, ["'a' appears twice", "lines 5 and 11", "rename one"]),
    "cycle": (
        HEAD + code("a", extra="  children:\n" + code("b", indent="    ", extra="  children:\n" + code("a", indent="      "))),
        13,
        ["nested inside itself", "a > b > a"],
    ),
    "empty definition": (HEAD + "  - id: a\n    label: {nl: A}\n    definition: ''\n", 7, ["empty definition", "Fix: write"]),
    "missing definition": (HEAD + "  - id: a\n    label: {nl: A}\n", 5, ["has no 'definition'"]),
    "child of retired code": (
        HEAD + code("a", extra="  status: retired\n  children:\n" + code("b", indent="    ")),
        10,
        ["'b' is active but its parent 'a' is retired", "retire 'b' too"],
    ),
    "bad id slug": (HEAD + code("Eenzaam_Heid"), 5, ["'Eenzaam_Heid' is not a slug", "eenzaam-heid"]),
    "missing label.nl": (HEAD + "  - id: a\n    label: {en: A}\n    definition: d\n", 6, ["no Dutch label", "label.nl"]),
    "bad colour": (HEAD + code(extra='  color: "#12345"\n'), 8, ["'#12345'", "#RRGGBB"]),
    "bad regex pattern": (HEAD + code(extra="  patterns:\n    - 'ok'\n    - '(open'\n"), 10, ["'(open'", "not a valid regular expression"]),
    "bad status": (HEAD + code(extra="  status: old\n"), 8, ["status 'old'", "active, retired"]),
    "keyword not lowercase": (HEAD + code(extra="  keywords: [Eenzaam]\n"), 8, ["keyword 'Eenzaam'", "'eenzaam'"]),
    "YAML syntax error": (HEAD + "  - id: a\n    label: {nl: A\n    definition: d\n", 6, ["de '{' die op regel 6 opent", "'}'"]),
    "duplicate key": (HEAD + "  - id: a\n    id: b\n    label: {nl: A}\n    definition: d\n", 6, ["'id' staat twee keer", "verwijder of hernoem"]),
    "bad top level": ("- just\n- a list\n", 1, ["not a codebook"]),
    "group with unknown code": (HEAD + code() + "groups:\n  - name: g\n    codes: [a, zz]\n", 9, ["group 'g' names code 'zz'"]),
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
    assert "Fix:" in message or "Oplossing:" in message
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
    with pytest.raises(CodebookError, match=r"cb.yaml:8: the file is not UTF-8"):
        read_codebook(path)


def test_validate_cycle_in_table(tmp_path: Path) -> None:
    path = tmp_path / "cb.csv"
    path.write_text("id,parent,label_nl,definition\nr,,R,d\na,b,A,d\nb,a,B,d\n", encoding="utf-8")
    with pytest.raises(CodebookValidationError) as info:
        import_csv(path)
    assert any("cycle" in str(p) and p.where == f"{path}:3" for p in info.value.problems), info.value.problems
