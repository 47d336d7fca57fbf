"""Shared fixtures. The network is blocked for every test (pytest-socket, see pyproject):
an accidental model or data download fails loudly instead of passing on a dev machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.store import Store

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture
def store(tmp_path: Path):
    """A real SQLite file in tmp_path, migrated."""
    s = Store.open(tmp_path / ".workbench" / "workbench.db")
    yield s
    s.close()
