"""The review server as an attacker sees it: `workbench review serve` for real, on 127.0.0.1.

- No token in any log line: refused, missing and good paths are requested with a valid
  token; the whole log (stdout, stderr, any log file the server writes) never holds it,
  while the refused request's warning is there (scrubbed).
- Held: the key file, the database, workbench.toml, corpus files, /api/kernels,
  /api/contents, /tree, /lab and %2e%2e traversal are refused, with and without a valid
  token, and nothing of the study comes back; the page's headers forbid framing, referrers,
  caching and loading from another host.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import A, REPO
from workbench.corpus.pseudonymise import read_key
from workbench.review import invite

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, *, timeout: float = 180, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET exactly as written (no client-side normalising of %2e%2e), redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture
def served(demo_dir: Path):
    """The review server for a copy of the demo study, stdout and stderr in separate files;
    yields (port, folder of the logs). Stopped (and its logs closed) after the test."""
    port = _free_port()
    logs = demo_dir / "server-logs"
    logs.mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with open(logs / "stdout.log", "wb") as out, open(logs / "stderr.log", "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench.cli", "review", "serve", "--port", str(port), "--study", str(demo_dir)],
            stdout=out, stderr=err, env=env, cwd=demo_dir,
        )
        deadline = time.time() + 180
        while True:
            try:
                if _get(port, "/voila/static/voila.js", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("review server did not start: " + (logs / "stderr.log").read_text())
            time.sleep(1)
        try:
            yield port, logs
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _study_secrets(root: Path) -> tuple[list[bytes], list[bytes]]:
    """What must never come back over HTTP: key rows' originals, the database's header,
    workbench.toml's lines, corpus text (as bytes, to search any response body)."""
    import workbench as wb

    key = read_key(root / "private" / "pseudonymisation-key.csv")
    originals = sorted({r["original"] for r in key if len(r["original"]) >= 6})[:40]
    with wb.open_study(root) as study:
        docs = study.corpus.documents()
        texts = [study.corpus.get(d.id).text for d in docs[:5]]
    corpus_file = next(p for p in sorted((root / "corpora").rglob("*.txt")))
    raw = corpus_file.read_text(encoding="utf-8", errors="replace")
    pieces = [originals, [b"SQLite format 3"], [b"[privacy]", b"key_path", b"[store]"],
              [t[100:160] for t in texts if len(t) > 200], [raw[200:260]]]
    secrets = [p.encode() if isinstance(p, str) else p for group in pieces for p in group]
    assert len(originals) >= 5 and len(secrets) > 10
    return secrets, [corpus_file.relative_to(root).as_posix().encode()]


REFUSED = [
    "/voila/files/private/pseudonymisation-key.csv",
    "/voila/files/.workbench/workbench.db",
    "/voila/files/workbench.toml",
    "/voila/files/{corpus}",
    "/files/private/pseudonymisation-key.csv",
    "/files/workbench.toml",
    "/api/kernels",
    "/api/kernels/",
    "/api/contents",
    "/api/contents/private/pseudonymisation-key.csv",
    "/api/contents/workbench.toml",
    "/api/sessions",
    "/api/kernelspecs",
    "/tree",
    "/tree/private",
    "/lab",
    "/lab/tree/workbench.toml",
    "/edit/workbench.toml",
    "/notebooks/review.ipynb",
    "/voila/render/review.ipynb",
    "/voila/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/files/%2e%2e/private/pseudonymisation-key.csv",
    "/voila/files/%2E%2E/%2E%2E/workbench.toml",
    "/voila/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/static/..%2f..%2f..%2fworkbench.toml",
    "/static/%2e%2e/%2e%2e/workbench.toml",
    "/voila/templates/%2e%2e/%2e%2e/workbench.toml",
    "/%2e%2e/workbench.toml",
]


def test_review_server_refuses_the_study_and_logs_no_token(demo, served):
    port, logs = served
    token = invite(demo.store, A, "Marja", created_by="lian", base_url=f"http://127.0.0.1:{port}/").token
    secrets, corpus = _study_secrets(demo.root)
    code = "code=" + urllib.parse.quote(token)
    refused = [p.replace("{corpus}", corpus[0].decode()) for p in REFUSED]
    seen: dict[str, int] = {}
    for path in refused:
        for query in ("", f"?{code}", f"?{code}&lang=en"):
            status, headers, body = _get(port, path + query)
            if status in (301, 302, 303, 307, 308):  # a redirect may only lead to a refusal
                target = urllib.parse.urlsplit(headers["location"])
                status, headers, body = _get(port, target.path + (f"?{target.query}" if target.query else ""))
            seen[path + query] = status
            # 500 only where Voila's own template handler fails an assertion on '..' (it
            # sends tornado's bare error page, no traceback): refused all the same
            assert status in (403, 404, 405) or (status == 500 and path.startswith("/voila/templates/")), f"{path + query}: {status}"
            leaked = [s for s in secrets if s in body]
            assert not leaked, f"{path + query} sent study content: {leaked[:3]}"
            if token.encode() in body:  # an error page may not echo the token either
                pytest.fail(f"{path + query}: the token is in the response")
    # the good path and a missing one, with the valid token
    status, headers, page = _get(port, f"/?{code}")
    assert status == 200 and b"voila_process" in page
    assert not [s for s in secrets if s in page]
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"
    assert "no-store" in headers["cache-control"]
    status, headers, body = _get(port, f"/nothing-here.ipynb?{code}")  # Voila redirects to /voila/files/..., refused there
    if status in (301, 302):
        assert token not in headers["location"]
        status = _get(port, headers["location"])[0]
    assert status in (403, 404)
    assert _get(port, f"/voila/files/nothing-here.csv?{code}")[0] in (403, 404)

    # a request Voila fails on logs its headers too: a Referer carrying the link is scrubbed there
    _get(port, f"/voila/templates/%2e%2e/x?{code}", headers={"Referer": f"http://127.0.0.1:{port}/?{code}&lang=en"})

    time.sleep(1.5)  # the last lines reach the files
    written = b"".join(p.read_bytes() for p in sorted(logs.rglob("*")) if p.is_file())
    written += b"".join(p.read_bytes() for p in demo.root.rglob("*.log") if p.is_file() and logs not in p.parents)
    assert b"pseudonymisation-key.csv" in written and b"code=[secret]" in written  # the refusal was logged, scrubbed
    assert token.encode() not in written and urllib.parse.quote(token).encode() not in written, "a token is in the server's log"
    assert len([v for v in seen.values() if v == 403]) >= 10


def test_scrubber_rewrites_message_args_and_traceback(caplog):
    import logging

    from workbench.review.serve import SERVER_LOGGERS, scrub_logs

    factory = logging.getLogRecordFactory()
    scrubber = scrub_logs()
    token = "Qk-" + "a" * 40
    logger = logging.getLogger("tornado.general")  # a child of 'tornado': its records are scrubbed too
    try:
        with caplog.at_level(logging.INFO):
            logger.warning("%d %s: %s", 403, f"GET /voila/files/k.csv?code={token} (127.0.0.1)", "File not allowlisted")
            try:
                raise ValueError(f"/x?lang=en&code={token}")
            except ValueError:
                logging.getLogger("some.library").exception("failed")
    finally:  # the rest of the test session logs as before
        logging.setLogRecordFactory(factory)
        for name in SERVER_LOGGERS:
            logging.getLogger(name).removeFilter(scrubber)
            for handler in logging.getLogger(name).handlers:
                handler.removeFilter(scrubber)
    text = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert token not in text and text.count("code=[secret]") >= 2
