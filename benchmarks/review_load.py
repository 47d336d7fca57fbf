"""Memory per open review page: ``workbench review serve`` with N co-researchers' pages
open at once (default 20), on 127.0.0.1.

    .venv/bin/python benchmarks/review_load.py [--pages 20] [--study DIR]

Without ``--study`` it copies the demo corpus into a temporary study, ingests it and runs
the themes once (as the tests do); with ``--study`` it works on a copy of that study (the
invitations it makes never reach the original). It starts the real server, loads the N
pages at once (each load makes Voila start a kernel that runs the page for that link; the
kernel stays while the page is open) and prints the resident memory of the server's
process tree before and after, the memory per open page, and the unshared memory of one
page's kernel. Figures, not a test; on a shared machine the time says more about the
neighbours than about the server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def demo_study(dest: Path) -> Path:
    import workbench as wb

    shutil.copytree(REPO / "corpora" / "demo", dest / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", dest / "codebooks")
    shutil.copy(REPO / "keep-list.txt", dest)
    shutil.copy(REPO / "workbench.toml", dest)
    with wb.open_study(dest) as study:
        study.ingest(workers=0)
        study.run_themes(seed=1)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--study", type=Path, default=None)
    args = parser.parse_args()

    from workbench.review import invite
    from workbench.review.load import open_pages
    from workbench.study import open_study

    tmp = Path(tempfile.mkdtemp(prefix="wb-review-load-"))
    try:
        root = tmp / "study"
        if args.study is None:
            root.mkdir()
            demo_study(root)
        else:
            shutil.copytree(args.study, root, ignore=shutil.ignore_patterns("reports", "*.db-wal", "*.db-shm", ".venv"))
        with open_study(root) as study:
            initiatives = study.store.initiatives()
            tokens = [invite(study.store, initiatives[i % len(initiatives)], f"Lezer {i}", created_by="benchmark").token for i in range(args.pages)]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        log = open(tmp / "serve.log", "wb")
        proc = subprocess.Popen([sys.executable, "-m", "workbench.cli", "review", "serve", "--port", str(port), "--study", str(root)],
                                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
        try:
            deadline = time.time() + 180
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=5)
                    break
                except OSError:
                    if proc.poll() is not None or time.time() > deadline:
                        raise SystemExit("the review server did not start: " + (tmp / "serve.log").read_text())
                    time.sleep(1)
            one = open_pages(f"http://127.0.0.1:{port}/", tokens[:1], server_pid=proc.pid)
            rest = open_pages(f"http://127.0.0.1:{port}/", tokens[1:], server_pid=proc.pid) if len(tokens) > 1 else one
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
        print(f"cores: {os.cpu_count()} (shared machine: times say more about the neighbours)")
        print(f"first page alone: {one.seconds:.1f} s, server tree {one.before_mib:.0f} -> {one.after_mib:.0f} MiB")
        print(f"{rest.pages} more pages at once: {rest.ok}/{rest.pages} loaded, {rest.kernels} kernels, {rest.seconds:.1f} s")
        print(f"server tree with {args.pages} pages open: {rest.after_mib:.0f} MiB (server alone before the first page: {one.before_mib:.0f} MiB)")
        print(f"memory per open page: {rest.per_page_mib:.0f} MiB resident (one page's kernel, unshared: {rest.kernel_uss_mib:.0f} MiB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
