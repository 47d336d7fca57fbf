"""Fixtures for review: the demo study ingested and given a theme run once per session,
copied for each test (a real SQLite file), and small stores on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import workbench as wb

REPO = Path(__file__).parent.parent.parent
A = "Austerlitz Zorgt"
B = "Voorzorgcirkels"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, deduce_ready) -> Path:
    """The demo study, ingested and with one theme run (built once per session)."""
    from workbench.themes.runs import run_themes

    root = tmp_path_factory.mktemp("review-demo") / "demo"
    root.mkdir()
    shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    shutil.copy(REPO / "keep-list.txt", root)
    shutil.copy(REPO / "workbench.toml", root)
    with wb.open_study(root) as study:
        study.ingest(workers=1)
        run_themes(study, seed=1)
    return root


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo study for one test (its own database file)."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm"))
    return target


@pytest.fixture
def demo(demo_dir: Path):
    study = wb.open_study(demo_dir)
    yield study
    study.close()


@pytest.fixture
def links(demo):
    """Invitations for a reviewer of Austerlitz Zorgt and one of Voorzorgcirkels: (token A, token B)."""
    from workbench.review import invite

    a = invite(demo.store, A, "Marja", role="vrijwilliger", created_by="lian")
    b = invite(demo.store, B, "Kees", role="bewoner", created_by="lian")
    return a.token, b.token
