"""Notebooks are thin clients: executed for real with papermill against a real study."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_and_stripped(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip outputs before commit"
    assert not any(line.lstrip().startswith(("def ", "class ")) for c in code for line in c.source.splitlines())
    params = next(c for c in code if "parameters" in c.metadata.get("tags", []))
    names = [line.split("=")[0].strip() for line in params.source.splitlines() if "=" in line and not line.lstrip().startswith("#")]
    rest = "\n".join(c.source for c in code if c is not params)
    assert [n for n in names if n not in rest] == [], "every parameter is used"


@pytest.mark.slow
@pytest.mark.enable_socket  # the kernel talks to papermill over loopback only
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_notebook_corpus_runs_on_a_study(study, tmp_path):
    import papermill

    study.ingest()
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "01-corpus.ipynb"), str(out), parameters={"study_dir": str(study.root), "example_document": "interview"}, kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "Austerlitz Zorgt" in html and "Voorzorgcirkels" in html
    assert "Gerda" not in html  # pseudonymised
    # a page a researcher reads: Dutch column labels, no raw objects, the document shown
    for label in ("initiatief", "woorden", "zinnen", "vervangingen", "tekst", "spreker"):
        assert f">{label}<" in html, label
    for technical in (">n_words<", ">doc_id<", ">is_interviewer<", "Document(", "Study(", "<workbench."):
        assert technical not in html, technical
    assert "<mark>[PERSOON-" in html  # pseudonyms marked in the text
    plain = "".join(o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", []) if "text/html" not in o.get("data", {}))
    assert "Document(" not in plain and "IngestReport(" not in plain
