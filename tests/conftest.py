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
