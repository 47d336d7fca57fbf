"""Codebook YAML: reading, the model API, writing, round-trips, rewriting with comments."""

from __future__ import annotations

import sys
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from workbench.codebook import Codebook, write_codebook
from workbench.codebook.yaml_io import dump_document, load_document, parse_codebook
from workbench.errors import CodeNotFoundError

from strategies import codebooks  # tests/codebook/strategies.py

STARTER = Path(__file__).parents[2] / "codebooks" / "impact-zorgzame-gemeenschappen.yaml"


def test_yaml_reads_tree_with_lines(small_yaml: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    assert cb.id == "test-codeboek"
    assert cb.title == {"nl": "Testcodeboek", "en": "Test codebook"}
    assert [(d, c.id) for d, c in cb.walk()] == [
        (0, "bewoners"), (1, "eenzaamheid"), (1, "verbinding"), (1, "thuis"), (0, "organisatie"), (1, "financiering"),
    ]
    code = cb.get("eenzaamheid")
    assert code.parent == "bewoners" and code.line == 15
    assert code.definition == "Zich alleen voelen, ook tussen mensen."
    assert code.examples == ("Het is zo stil in huis.",)
    assert code.keywords == ("eenzaam", "alleen")
    assert code.color == "#1f77b4" and code.status == "active"
    assert cb.get("bewoners").children == ("eenzaamheid", "verbinding", "thuis")
    assert cb.groups[0].name == "uitkomsten" and cb.groups[0].codes == ("eenzaamheid", "thuis")


def test_yaml_get_suggests_close_match(small_yaml: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    with pytest.raises(CodeNotFoundError, match="bedoelt u 'eenzaamheid'"):
        cb.get("eenzaamheit")


def test_yaml_find_label_and_frame(small_yaml: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    assert [c.id for c in cb.find("alleen")] == ["eenzaamheid"]
    assert [c.id for c in cb.find(keyword="contact")] == ["verbinding"]
    assert cb.find(status="retired") == []
    assert cb.label("eenzaamheid", "en") == "Loneliness"
    assert cb.label("verbinding", "en") == "Verbinding"  # falls back to Dutch
    frame = cb.to_frame()
    assert list(frame["id"]) == list(cb.ids)
    assert frame.loc[frame["id"] == "eenzaamheid", "depth"].item() == 1


def test_yaml_starter_codebook_validates() -> None:
    assert STARTER.is_file(), f"the starter codebook is missing: {STARTER}"
    cb = Codebook.from_yaml(STARTER)
    assert cb.id == "impact-zorgzame-gemeenschappen"
    assert cb.n_codes > 10
    assert all(c.definition for c in cb.codes)


def test_yaml_write_then_read_is_equal(small_yaml: Path, tmp_path: Path) -> None:
    cb = Codebook.from_yaml(small_yaml)
    out = tmp_path / "again.yaml"
    cb.to_yaml(out)
    again = Codebook.from_yaml(out)
    assert again == cb
    assert again.content_hash == cb.content_hash


def test_yaml_content_hash_ignores_formatting(small_yaml: Path) -> None:
    text = small_yaml.read_text()
    cb = parse_codebook(text)
    reformatted = (
        text.replace("# hoofdcode", "")
        .replace("definition: Contact met buren en vrijwilligers.", 'definition: "Contact  met buren\n          en vrijwilligers."')
        .replace("label: {nl: Verbinding}", "label:\n          nl: Verbinding")
    )
    assert parse_codebook(reformatted).content_hash == cb.content_hash
    changed = text.replace("Contact met buren", "Contact met de buren")
    assert parse_codebook(changed).content_hash != cb.content_hash


def test_yaml_rewrite_keeps_comments(small_yaml: Path) -> None:
    data, text = load_document(small_yaml)
    data["codes"][0]["children"][1]["id"] = "contact"
    new = dump_document(data, like=text)
    assert new == text.replace("- id: verbinding", "- id: contact")


def test_yaml_import_is_light() -> None:
    code = "import sys, workbench.codebook, workbench.coding; print([m for m in ('pandas', 'lxml', 'docx', 'openpyxl', 'ruamel.yaml') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    assert out.stdout.strip() == "[]"


# -- Hypothesis: model -> YAML -> model ---------------------------------------------------
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cb=codebooks())
def test_yaml_round_trip_hypothesis(cb: Codebook) -> None:
    text = write_codebook(cb)
    again = parse_codebook(text)
    assert again == cb
    assert again.content_hash == cb.content_hash
    assert write_codebook(again) == text


def test_yaml_code_and_codebook_are_truly_immutable(tmp_path):
    from workbench.codebook.model import Code

    cb = Codebook.from_yaml(STARTER)
    code = cb.get("eenzaamheid-verbinding")
    assert hash(code) == hash(Codebook.from_yaml(STARTER).get("eenzaamheid-verbinding"))
    assert isinstance(hash(cb), int) and len({cb, Codebook.from_yaml(STARTER)}) == 1
    with pytest.raises(TypeError):
        code.label["nl"] = "Iets anders"  # type: ignore[index]
    with pytest.raises(TypeError):
        cb.title["nl"] = "Iets anders"  # type: ignore[index]
    assert code.label == dict(code.label) and code.to_dict()["label"] == dict(code.label)
    made = Code(id="a", label={"nl": "A"}, definition="d", examples=["x"])  # type: ignore[arg-type]
    assert made.examples == ("x",) and {made: 1}[made] == 1


def test_yaml_unknown_code_in_dutch_by_default_and_english_with_lang_en(small_yaml: Path) -> None:
    from workbench.i18n import set_language

    cb = Codebook.from_yaml(small_yaml)
    with pytest.raises(CodeNotFoundError, match="geen code 'eenzaamheit' in codeboek 'test-codeboek'. Oplossing: bedoelt u 'eenzaamheid'?"):
        cb.get("eenzaamheit")
    with pytest.raises(CodeNotFoundError, match="Oplossing: 'workbench codebook show' toont de codes"):
        cb.get("xyz")
    set_language("en")
    with pytest.raises(CodeNotFoundError, match="no code 'eenzaamheit' in codebook 'test-codeboek'. Fix: did you mean 'eenzaamheid'?"):
        cb.get("eenzaamheit")
    with pytest.raises(CodeNotFoundError, match="Fix: see `workbench codebook show` for the codes"):
        cb.get("xyz")


def _unclose_last_example(text: str, code_id: str) -> tuple[str, int]:
    """The starter codebook with the closing quote of ``code_id``'s last example removed; (text, its line)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {code_id}")
    examples = next(i for i in range(start, len(lines)) if lines[i].strip() == "examples:")
    last = examples + 1
    while lines[last + 1].lstrip().startswith('- "'):
        last += 1
    assert lines[last].rstrip().endswith('"')
    lines[last] = lines[last].rstrip()[:-1] + "\n"
    return "".join(lines), last + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_yaml_missing_closing_quote_in_an_example_is_an_error_at_its_line(tmp_path: Path, lang: str) -> None:
    """`"Ik voel me...` without its closing quote: YAML reads the code's keywords, patterns
    and colour as part of the example and the file parsed ("geldig, 44 codes"). Now
    `codebook validate` names the line where the quote opens, in the interface language."""
    text, line = _unclose_last_example(STARTER.read_text(encoding="utf-8"), "eenzaamheid-verbinding")
    path = tmp_path / "codeboek.yaml"
    path.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "workbench.cli", "--lang", lang, "codebook", "validate", str(path)],
                         capture_output=True, text=True)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert f"{path}:{line}:" in out, out
    words = {"nl": ("het aanhalingsteken dat op regel", "'keywords:'", "Oplossing: sluit de tekst af"),
             "en": ("the quote opened on line", "'keywords:'", "Fix: close the text")}[lang]
    assert all(w in out for w in words), out
    assert "geldig" not in out and "valid," not in out


def test_yaml_quoted_text_over_several_lines_is_still_fine() -> None:
    """A quoted example may span lines; only one that runs over a field is refused."""
    text = STARTER.read_text(encoding="utf-8").replace(
        '"Je kent elkaar nu, weet je. Dan bel je ook eerder even aan."',
        '"Je kent elkaar nu, weet je.\n            Dan bel je ook eerder even aan."', 1)
    cb = parse_codebook(text)
    assert "Je kent elkaar nu, weet je. Dan bel je ook eerder even aan." in cb.get("eenzaamheid-verbinding").examples
