"""Shared fixtures. The network is blocked for every test (pytest-socket, see pyproject):
an accidental model or data download fails loudly instead of passing on a dev machine."""

from __future__ import annotations

from pathlib import Path

import shutil

import pytest

# urllib3 (pulled in by spaCy) probes IPv6 with a socket when first imported; import it
# here, before pytest-socket blocks sockets, so that probe is not reported as a download.
import urllib3  # noqa: F401

from workbench.store import Store

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def dutch_interface(monkeypatch):
    """Every test starts in the default interface language, whatever ran before it."""
    from workbench.i18n import set_language

    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def store(tmp_path: Path):
    """A real SQLite file in tmp_path, migrated."""
    s = Store.open(tmp_path / ".workbench" / "workbench.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def deduce_ready():
    """deduce loaded once per test session (its cache is built once per machine, ~90 s)."""
    from workbench.corpus.pseudonymise import load_deduce

    return load_deduce()


@pytest.fixture(scope="session")
def pseudonymiser(deduce_ready):
    from workbench.corpus.pseudonymise import Pseudonymiser

    return Pseudonymiser(keep=["Austerlitz Zorgt", "Zeist", "Voorzorgcirkels", "Laefhoës", "America", "Liv Inn Hilversum"])


STUDY_TOML = """
[project]
name = "test-study"
user = "tester"

[corpus]
paths = ["corpora/test"]
workers = 1

[privacy]
keep = ["Austerlitz Zorgt", "Zeist", "Voorzorgcirkels", "Laefhoës", "America", "Liv Inn Hilversum"]
"""


@pytest.fixture
def study_dir(tmp_path: Path) -> Path:
    """A study folder holding a copy of tests/data/corpus as corpora/test."""
    root = tmp_path / "study"
    (root / "corpora").mkdir(parents=True)
    shutil.copytree(DATA / "corpus", root / "corpora" / "test")
    (root / "workbench.toml").write_text(STUDY_TOML, encoding="utf-8")
    return root


@pytest.fixture
def study(study_dir: Path, deduce_ready):
    import workbench as wb

    s = wb.open_study(study_dir)
    yield s
    s.close()


# -- codebook and coding fixtures: a small codebook file, a store with a document ----------

REFI = DATA / "refi"
STARTER = REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml"

SMALL = """\
# Een klein codeboek voor de tests.
id: test-codeboek
title: {nl: Testcodeboek, en: Test codebook}
language: nl
description: >-
  Voor de tests.

codes:
  # -- bewoners -------------------------------------------------------
  - id: bewoners   # hoofdcode
    label: {nl: Bewoners, en: Residents}
    definition: >-
      Wat het initiatief betekent voor bewoners.
    children:
      - id: eenzaamheid
        label: {nl: Eenzaamheid, en: Loneliness}
        definition: >-
          Zich alleen voelen,
          ook tussen mensen.
        include: Gemis van een partner.
        exclude: Alleen-zijn als keuze.
        examples: ["Het is zo stil in huis."]
        keywords: [eenzaam, alleen]
        patterns: ['voel(de)? me alleen']
        color: "#1f77b4"
      - id: verbinding
        label: {nl: Verbinding}
        definition: Contact met buren en vrijwilligers.
        keywords: [contact]
      - id: thuis
        label: {nl: Langer thuis wonen}
        definition: Langer in het eigen huis blijven wonen.
  # -- organisatie ----------------------------------------------------
  - id: organisatie
    label: {nl: Organisatie}
    definition: Hoe het initiatief georganiseerd is.
    children:
      - id: financiering
        label: {nl: Financiering}
        definition: Geld van gemeente, fondsen, leden.
groups:
  - name: uitkomsten
    codes: [eenzaamheid, thuis]
"""

TEXT = "Sinds mijn man er niet meer is, is het stil. Gelukkig komt de buurvrouw elke dag langs. Zo kan ik thuis blijven wonen."


@pytest.fixture
def small_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "codebooks" / "test.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SMALL, encoding="utf-8")
    return path


def add_document(store, doc_id: str = "int-01", text: str = TEXT) -> int:
    """Store a minimal document so that codings can refer to it."""
    return store.add_document(
        {
            "id": doc_id, "source_path": f"{doc_id}.txt", "source_hash": "x", "content_hash": "y", "kind": "interview",
            "consent": 1, "text": text, "n_words": len(text.split()),
        },
        [],
    )


@pytest.fixture
def doc(store) -> tuple[str, int]:
    return "int-01", add_document(store)


@pytest.fixture
def add_doc(store):
    """A function that stores a document: add_doc("int-02", "tekst") -> version."""
    return lambda doc_id="int-02", text=TEXT: add_document(store, doc_id, text)
