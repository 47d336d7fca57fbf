"""Wall time of ``workbench report --all`` on the demo study: six initiatives plus the
cross-initiative report, every format (HTML, slides, PowerPoint, PDF, notebook).

    .venv/bin/python benchmarks/reports.py [--jobs 2] [--formats html,slides,pptx,pdf,ipynb] [--study DIR]

Without ``--study`` it copies the demo corpus into a temporary study, ingests it and has
two scripted fictional coders code it (tests/reports/demo_coding.py), as the tests do.
Then it times the real command (a subprocess, imports included, as a researcher meets
it) and prints per report the time in its kernel and in the exports, and the CPU time of
the command with everything it started (kernels, workers, chromium): on a shared machine
the wall time says more about the neighbours than about the reports. Target: < 60 s on
2 cores. Figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 60.0


def demo_study(dest: Path) -> Path:
    sys.path.insert(0, str(REPO / "tests" / "reports"))
    from demo_coding import code_demo

    import workbench as wb

    shutil.copytree(REPO / "corpora" / "demo", dest / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", dest / "codebooks")
    shutil.copy(REPO / "keep-list.txt", dest)
    shutil.copy(REPO / "workbench.toml", dest)
    with wb.open_study(dest) as study:
        study.ingest(workers=0)
        code_demo(study)
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--formats", default="html,slides,pptx,pdf,ipynb")
    ap.add_argument("--study", type=Path, help="an existing, coded study (default: the demo, prepared here)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wb-bench-reports-") as tmp:
        root = args.study or demo_study(Path(tmp) / "study")
        out = Path(tmp) / "reports"
        workbench = Path(sys.executable).with_name("workbench")
        cmd = [str(workbench), "report", "--all", "--jobs", str(args.jobs), "--format", args.formats, "--out", str(out), "--study", str(root)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            sys.exit(f"workbench report failed ({proc.returncode}): {proc.stderr.strip().splitlines()[-1:]}")
        record = json.loads(next(out.glob("*/run.json")).read_text(encoding="utf-8"))
        print(f"reports: {len(record['reports'])}  formats: {args.formats}  jobs: {args.jobs}  cores: {os.cpu_count()}  load: {os.getloadavg()[0]:.1f}")
        for rep in record["reports"]:
            s = rep["seconds"]
            print(f"  {rep['name']:<32} kernel {s['execute']:5.1f} s   kernel + exports {s['total']:5.1f} s")
        print(f"run_reports (in the command): {record['seconds']:.1f} s")
        print(f"wall time of 'workbench report --all': {wall:.1f} s  (target < {TARGET:.0f} s: {'met' if wall < TARGET else 'NOT met'})")
        # the CPU time of the command and everything it started (kernels, workers, chromium):
        # divided by the cores, what the wall time would be on an otherwise idle machine
        cores = os.cpu_count() or 1
        print(f"CPU time, command + kernels + chromium: {cpu:.1f} s  -> {cpu / cores:.1f} s on {cores} idle cores (a lower bound of the wall time)")


if __name__ == "__main__":
    main()
