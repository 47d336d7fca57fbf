"""The package's promises about itself: fast import, no heavy or UI imports in the core."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60).stdout


def test_package_import_is_fast_and_light():
    out = run(
        "import time, sys; t = time.perf_counter(); import workbench, workbench.cli; "
        "print(time.perf_counter() - t); print(' '.join(m for m in ('pandas', 'spacy', 'deduce', 'torch', 'bertopic', 'lxml') if m in sys.modules))"
    )
    seconds, heavy = out.splitlines()[0], out.splitlines()[1:] or [""]
    assert float(seconds) < 1.0
    assert heavy == [""]


@pytest.mark.parametrize("module", ["workbench.corpus.ingest", "workbench.store", "workbench.study", "workbench.coding", "workbench.codebook", "workbench.themes.runs", "workbench.themes.align", "workbench.apps.session", "workbench.apps.demo", "workbench.coding.retrieve", "workbench.interop.tables"])
def test_package_core_never_imports_apps_or_cli(module):
    out = run(f"import sys, {module}; print([m for m in ('ipywidgets', 'anywidget', 'papermill', 'typer', 'rich') if m in sys.modules])")
    assert out.strip() == "[]"


def test_package_public_api():
    import workbench as wb

    assert callable(wb.open_study) and callable(wb.init_study)
    assert {"Study", "Corpus", "Document", "Segment", "Codebook"} <= set(wb.__all__)


def test_package_data_equals_the_repository_files():
    """workbench init copies the starter codebook and notebooks from package data; the
    repository's codebooks/ and notebooks/ are the source: run 'make sync-data' after editing them."""
    from pathlib import Path

    from workbench.study import STARTER_CODEBOOK, starter_codebook_text, starter_notebooks

    repo = Path(__file__).parent.parent
    assert starter_codebook_text() == (repo / "codebooks" / STARTER_CODEBOOK).read_text(encoding="utf-8"), "run make sync-data"
    shipped = starter_notebooks()
    assert sorted(shipped) == sorted(p.name for p in (repo / "notebooks").glob("*.ipynb")), "run make sync-data"
    for name, data in shipped.items():
        assert data == (repo / "notebooks" / name).read_bytes(), f"notebooks/{name} differs from the package copy: run make sync-data"
