"""What the monitor survey (350 respondents, 700 short open answers) adds to the demo's
ingest, and how long the mixed-methods tables take on it. Prints figures; not a test.

    PYTHONPATH=. python benchmarks/mixed.py

Two copies of the demo study are ingested (workers=0: one process, as the tests do): without and with
corpora/demo/enquete/monitor-2025.csv. Then the variables, a crosstab, the joint display and
the framework matrix are timed on the second (after the scripted coder fenna coded it).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_demo(target: Path, *, monitor: bool) -> Path:
    shutil.copytree(REPO / "corpora" / "demo", target / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", target / "codebooks")
    shutil.copy(REPO / "keep-list.txt", target)
    shutil.copy(REPO / "workbench.toml", target)
    if not monitor:
        (target / "corpora" / "demo" / "enquete" / "monitor-2025.csv").unlink()
        sheet = target / "corpora" / "demo" / "metadata.csv"
        sheet.write_text("".join(line for line in sheet.read_text(encoding="utf-8").splitlines(keepends=True) if "monitor-2025" not in line), encoding="utf-8")
    return target


def main() -> None:
    import workbench as wb
    from workbench.corpus.pseudonymise import load_deduce
    from workbench.mixed.demo import code_monitor

    from workbench.corpus.segment import dutch_nlp

    load_deduce()  # deduce and spaCy loaded once, outside the timings
    dutch_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        for monitor in (False, True):
            root = copy_demo(Path(tmp) / ("with" if monitor else "without"), monitor=monitor)
            with wb.open_study(root) as study:
                started = time.perf_counter()
                report = study.ingest(workers=0)
                took = time.perf_counter() - started
                print(f"ingest {'with' if monitor else 'without'} the monitor: {len(study.corpus)} documents in {took:.1f} s ({len(report.errors)} errors)")
                if not monitor:
                    continue
                print(f"fenna coded {code_monitor(study)} fragments")
                for label, run in (
                    ("variables()", lambda: study.variables()),
                    ("crosstab(eenzaamheid-verbinding, by=hoe_vaak_eenzaam)", lambda: study.crosstab("eenzaamheid-verbinding", by="hoe_vaak_eenzaam")),
                    ("joint_display(4 codes, by=hoe_vaak_eenzaam)", lambda: study.joint_display(["eenzaamheid-verbinding", "samenredzaamheid", "pg-meedoen", "langer-thuis-wonen"], by="hoe_vaak_eenzaam")),
                    ("framework(rows=initiative, 4 codes)", lambda: study.framework(codes=["eenzaamheid-verbinding", "samenredzaamheid", "knelpunt-vervoer", "financiering-duurzaamheid"])),
                ):
                    took = []
                    for _ in range(2):  # the first call in a process also imports scipy.stats / scikit-learn
                        started = time.perf_counter()
                        run()
                        took.append(time.perf_counter() - started)
                    print(f"{label}: first call {took[0]:.2f} s, again {took[1]:.2f} s")


if __name__ == "__main__":
    main()
