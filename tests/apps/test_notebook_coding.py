"""notebooks/02-coding.ipynb executed for real (papermill) on a copy of the coded demo study."""

from __future__ import annotations

from pathlib import Path

import time

import nbformat
import pytest

REPO = Path(__file__).parent.parent.parent


@pytest.mark.slow
@pytest.mark.enable_socket  # the kernel talks to papermill over loopback only
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_notebook_coding_runs_on_the_demo_study(demo_copy, tmp_path):
    import papermill

    out = tmp_path / "out.ipynb"
    started = time.perf_counter()
    papermill.execute_notebook(
        str(REPO / "notebooks" / "02-coding.ipynb"), str(out), parameters={"study_dir": str(demo_copy.root), "coder": "lian"},
        kernel_name="python3", progress_bar=False, execution_timeout=600,  # a cell that hangs fails the test, not the whole run
    )
    # the pathways view's cell once ended only at this timeout (its 'idle' message lost under
    # ipykernel 7): the whole notebook takes ~10 s, a cell that waits out the timeout shows
    assert max(c.metadata.papermill.get("duration") or 0 for c in nbformat.read(out, as_version=4).cells) < 300, "a cell waited for its timeout"
    assert time.perf_counter() - started < 600
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)  # the app
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "eenzaam" in html.lower() and "wederkerigheid" in html  # search hits and retrieved fragments
    assert demo_copy.position("lian") is not None  # the app stored where lian is
