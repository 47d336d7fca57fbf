"""One message catalogue, Dutch and English; unknown languages and keys fail loudly."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import workbench
from workbench import i18n
from workbench.errors import ConfigError, ReadError
from workbench.i18n import add, set_language, t

PACKAGE = Path(workbench.__file__).parent


def test_i18n_every_key_used_in_the_package_is_in_the_catalogue():
    for info in pkgutil.walk_packages([str(PACKAGE)], "workbench."):
        importlib.import_module(info.name)  # registers their messages
    used = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "i18n.py":  # its docstring's examples
            continue
        used |= set(re.findall(r"""\bt\(\s*["']([a-z][a-z0-9_]*)["']\s*[,)]""", path.read_text(encoding="utf-8")))
    assert used, "the scan finds the calls"
    assert sorted(k for k in used if not i18n.has(k)) == []


def test_i18n_both_languages_for_every_message():
    for key in i18n.keys():
        assert i18n._CATALOGUE[key]["nl"].strip() and i18n._CATALOGUE[key]["en"].strip(), key


def test_i18n_unknown_key_fails_loudly():
    with pytest.raises(KeyError, match="register it"):
        t("no_such_message_anywhere")


def test_i18n_add_refuses_conflicts_and_mismatched_placeholders():
    add("test_i18n_hello", nl="Hallo {name}", en="Hello {name}")
    add("test_i18n_hello", nl="Hallo {name}", en="Hello {name}")  # the same again is fine
    with pytest.raises(KeyError, match="twice"):
        add("test_i18n_hello", nl="Dag {name}", en="Hello {name}")
    with pytest.raises(KeyError, match="placeholders"):
        add("test_i18n_bad", nl="Hallo {naam}", en="Hello {name}")
    set_language("en")
    assert t("test_i18n_hello", name="Anna") == "Hello Anna"
    assert t("test_i18n_hello", "nl", name="Anna") == "Hallo Anna"


@pytest.mark.parametrize("value, expected", [("nl", "nl"), ("EN", "en"), ("en_GB", "en"), ("nl-BE", "nl")])
def test_i18n_languages_accepted(value, expected):
    set_language(value)
    assert i18n.language() == expected


@pytest.mark.parametrize("value", ["fr", "de", "", "english"])
def test_i18n_unknown_language_refused(value):
    with pytest.raises(ConfigError, match="nl, en"):
        set_language(value)


def test_i18n_unknown_workbench_lang_refused(monkeypatch):
    monkeypatch.setenv("WORKBENCH_LANG", "fr")
    with pytest.raises(ConfigError, match="WORKBENCH_LANG"):
        i18n.language()
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    assert i18n.language() == "en"


def test_i18n_error_frame_follows_the_language_of_the_message():
    add("test_i18n_broken", nl="kapot", en="broken")
    add("test_i18n_broken_fix", nl="doe iets", en="do something")
    assert str(ReadError("a.txt", t("test_i18n_broken"), t("test_i18n_broken_fix"))) == "a.txt: kapot. Oplossing: doe iets"
    set_language("en")
    assert str(ReadError("a.txt", t("test_i18n_broken"), t("test_i18n_broken_fix"))) == "a.txt: broken. Fix: do something"
    set_language("nl")  # a message not yet in the catalogue stays English, frame included
    assert str(ReadError("a.txt", "broken", "do something")) == "a.txt: broken. Fix: do something"


# -- no interface text outside the catalogue ------------------------------------------------
# A text a researcher can see (an error, a warning, a line the CLI prints, a prompt) is
# written with t(); a literal with words in it, passed to one of these calls, is English in
# a Dutch interface. Messages only a programmer can meet (misuse of an internal API) are
# marked on their line with "# i18n: developer" and stay English.
_SHOWN = {"echo", "secho", "print", "warn", "confirm", "prompt", "err", "fail", "BadParameter", "UsageError", "ClickException", "Exit"}
#: keyword arguments that are shown (widgets, plots, command-line help)
_SHOWN_KEYWORDS = {"description", "placeholder", "tooltip", "title", "label", "xlabel", "ylabel", "help", "prompt"}
_WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
_MARKUP = re.compile(r"\[/?[a-z ]+\]|\{[^}]*\}")


def _has_words(node) -> bool:
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORDS.search(_MARKUP.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    if isinstance(node, ast.IfExp):
        return _has_words(node.body) or _has_words(node.orelse)
    return False


def untranslated_texts(path: Path) -> list[str]:
    """'file:line: call: text' for every literal interface text in ``path``."""
    import ast

    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if "i18n: developer" in " ".join(lines[node.lineno - 1 : (node.end_lineno or node.lineno)]):
            continue
        if name in _SHOWN or name.endswith(("Error", "Exception", "Warning", "Aborted")):
            args = [*node.args, *(k.value for k in node.keywords)]
        else:
            args = [k.value for k in node.keywords if k.arg in _SHOWN_KEYWORDS]
        for arg in args:
            if _has_words(arg):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}: {ast.unparse(arg)[:80]}")
                break
    return found


_FILES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "i18n.py")


@pytest.mark.parametrize("path", _FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_i18n_no_interface_text_outside_the_catalogue(path):
    found = untranslated_texts(path)
    assert found == [], "write these with workbench.i18n.t (Dutch and English), or mark a programmer's error '# i18n: developer':\n" + "\n".join(found)


def test_i18n_the_scan_finds_literal_texts(tmp_path):
    """The scan itself can fail: it finds an English error, a print and a marked line."""
    probe = PACKAGE / "_i18n_probe_tmp.py"
    probe.write_text(
        "raise ConfigError('x', f'unknown key {k}', 'remove it')\n"
        "print(f'wrote {path}')\n"
        "raise StoreError(where, t('store_busy'), t('store_busy_fix'))\n"
        "raise RuntimeError('call it inside a transaction')  # i18n: developer\n"
        "w.Button(description='Save', layout=x)\n",
        encoding="utf-8",
    )
    try:
        found = untranslated_texts(probe)
    finally:
        probe.unlink()
    assert [line.split(":")[1] for line in found] == ["1", "2", "5"]


def test_i18n_dutch_addresses_people_as_u_throughout():
    """One register: the Dutch interface says 'u' (researchers, co-designers and volunteers
    alike), never 'je', 'jij', 'jouw' or 'jullie' beside it."""
    for info in pkgutil.walk_packages([str(PACKAGE)], "workbench."):
        importlib.import_module(info.name)
    informal = re.compile(r"\b(je|jij|jouw|jullie)\b", re.IGNORECASE)
    found = {key: i18n._CATALOGUE[key]["nl"] for key in i18n.keys() if informal.search(i18n._CATALOGUE[key]["nl"])}
    assert found == {}
