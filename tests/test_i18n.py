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
