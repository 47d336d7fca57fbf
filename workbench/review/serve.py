"""Serving the review page with Voila (``workbench review serve``).

Voila runs the one-cell page notebook in a fresh kernel per visit and shows only its
widgets (no code, no tracebacks). It accepts from the browser only widget (comm) and
kernel-info messages, never code to execute: Voila's own default, which this keeps
(tests/review/test_browser.py sends an execute request over the kernel websocket and
checks that nothing runs). The server listens on 127.0.0.1 unless told otherwise; put
it behind the organisation's HTTPS proxy to reach co-researchers (README).

The token travels in the query string; the request log scrubs it (``code=[secret]``),
pages are sent with ``Referrer-Policy: no-referrer`` so the link never leaks to another
site, and may not be framed by another site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib.resources import files
from pathlib import Path

from workbench.review.invitations import PARAM

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866

HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


def page_notebook() -> Path:
    """A folder holding only the page notebook (Voila serves nothing else from it)."""
    folder = Path(tempfile.mkdtemp(prefix="workbench-review-"))
    source = files("workbench") / "data" / "review" / "review.ipynb"
    target = folder / "review.ipynb"
    target.write_bytes(source.read_bytes())
    return target


def voila_argv(notebook: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    return [
        str(notebook), f"--port={port}", f"--Voila.ip={host}", "--no-browser",
        "--VoilaConfiguration.file_allowlist=[]", "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True", "--Voila.open_browser=False",
        # a tablet put away with the page open keeps a kernel: stop it after two idle hours
        # (nothing is lost: reloading the link shows everything, it is all in the store)
        "--MappingKernelManager.cull_idle_timeout=7200", "--MappingKernelManager.cull_interval=300",
    ]


def serve_review(study_dir: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the review page for the study in ``study_dir`` until interrupted."""
    from jupyter_server.log import log_request
    from voila.app import Voila

    from workbench.settings import FILENAME, Settings, find_root

    root = find_root(study_dir)
    Settings.from_toml(root / FILENAME)  # a broken study fails here, not in every visitor's kernel
    os.environ["WORKBENCH_STUDY"] = str(root)
    notebook = page_notebook()
    app = Voila()
    app.tornado_settings = {"log_function": log_request, "extra_log_scrub_param_keys": [PARAM], "headers": dict(HEADERS)}
    try:
        app.initialize(voila_argv(notebook, host=host, port=port))
        app.start()
    finally:
        shutil.rmtree(notebook.parent, ignore_errors=True)
