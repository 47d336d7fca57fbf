"""Twenty co-researchers at once, on 127.0.0.1 (bounded).

- Twenty processes, ten per initiative, each one co-researcher's page (the widgets the
  kernel builds for their link) marking every theme with a verdict, a name and a comment,
  all at the same time on the one SQLite file: every verdict is stored, each under its own
  reviewer; the reopened page shows a co-researcher their own words and nobody else's.
- Real page loads against `workbench review serve`: a few at once, each a kernel; the
  memory per open page is measured (printed; benchmarks/review_load.py measures twenty).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import A, B, REPO
from workbench.review import invite

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

N = 20


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def test_twenty_co_researchers_at_once_each_sees_only_their_own(demo):
    links = []
    for i in range(N):
        initiative = A if i % 2 == 0 else B
        links.append((i, initiative, invite(demo.store, initiative, f"Lezer {i:02d}", created_by="lian").token))
    demo.store.engine.dispose()

    def one(item: tuple[int, str, str]) -> dict:
        i, _, token = item
        done = subprocess.run(
            [sys.executable, "-m", "workbench.review.load", str(demo.root), token, str(i)],
            env=_env(), capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=N) as pool:  # all twenty at once
        results = list(pool.map(one, links))
    print(f"\n{N} co-researchers at once: {time.perf_counter() - started:.1f} s (shared machine)")

    reviews = demo.store.theme_reviews(kind="theme")
    by_reviewer: dict[str, dict[str, str]] = {}
    reviewers = {r.id: r for r in demo.store.reviewers()}
    for r in reviews:
        by_reviewer.setdefault(reviewers[r.reviewer_id].name, {})[r.theme_key] = r.verdict
    for res, (i, initiative, _) in zip(results, links):
        assert res["initiative"] == initiative and res["reviewer"] == f"Lezer {i:02d}"
        assert res["marked"], "a page without themes tests nothing"
        assert by_reviewer[f"Lezer {i:02d}"] == res["marked"]  # every verdict stored, under its own reviewer
        shown = res["shown"]
        assert f"opmerking van lezer {i} over thema 0" in shown
        for other in range(N):
            if other != i:
                assert f"opmerking van lezer {other} " not in shown and f"eigen naam {other}-" not in shown, (i, other)
    assert len(reviews) == sum(len(r["marked"]) for r in results)
    for r in reviews:
        assert reviewers[r.reviewer_id].initiative == r.initiative


def test_page_loads_at_once_and_memory_per_page(demo, demo_dir):
    from workbench.review.load import open_pages

    port = _free_port()
    tokens = [invite(demo.store, A if i % 2 else B, f"Lezer {i}", created_by="lian").token for i in range(4)]
    demo.store.engine.dispose()
    with open(demo_dir / "serve.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench.cli", "review", "serve", "--port", str(port), "--study", str(demo_dir)],
            stdout=log, stderr=subprocess.STDOUT, env=_env(), cwd=demo_dir,
        )
        try:
            _wait_up(port, proc, demo_dir)
            pages = open_pages(f"http://127.0.0.1:{port}/", tokens, server_pid=proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"\n{pages.pages} pages at once: {pages.seconds:.1f} s; server tree {pages.before_mib:.0f} -> {pages.after_mib:.0f} MiB, "
          f"{pages.per_page_mib:.0f} MiB per open page (kernel alone {pages.kernel_uss_mib:.0f} MiB unshared); shared machine")
    assert pages.ok == pages.pages and pages.kernels == pages.pages
    assert 20 < pages.per_page_mib < 1024


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(port: int, proc: subprocess.Popen, folder: Path) -> None:
    import urllib.request

    deadline = time.time() + 180
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=5)
            return
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("review server did not start: " + (folder / "serve.log").read_text())
            time.sleep(1)
