"""A small real study around the LibreOffice-written monitor survey (tests/data/mixed)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

REPO = Path(__file__).parent.parent.parent
DATA = REPO / "tests" / "data" / "mixed"
CODE = "eenzaamheid-verbinding"
LIKERT = ["nooit", "soms", "vaak", "altijd"]

TOML = """[project]
name = "mixed-test"
user = "anna"

[corpus]
paths = ["corpora/monitor"]
workers = 0

[codebook]
path = "codebooks/impact-zorgzame-gemeenschappen.yaml"

[store]
url = "{url}"

[privacy]
key_path = "private/key.csv"

[mixed]
initiatives = "corpora/initiatieven.csv"
crosstabs = ["eenzaamheid-verbinding x hoe_vaak_eenzaam"]
joint_codes = ["eenzaamheid-verbinding", "samenredzaamheid"]
joint_by = "hoe_vaak_eenzaam"

[mixed.variables.financiering]
type = "categorical"
label = "Hoe wordt het initiatief gefinancierd?"
"""


def make_study(root: Path, url: str | None = None) -> Path:
    """The study folder: the xlsx survey with its metadata sheet, an initiatives sheet, the codebook."""
    corpus = root / "corpora" / "monitor"
    corpus.mkdir(parents=True)
    shutil.copy(DATA / "monitor-test.xlsx", corpus / "monitor-test.xlsx")
    (corpus / "metadata.csv").write_text("file,initiative,role,date,consent,kind\nmonitor-test.xlsx,,deelnemer,2025-03-01,ja,enquete\n", encoding="utf-8")
    (root / "corpora" / "initiatieven.csv").write_text(
        "initiatief,opgericht,regio\nAusterlitz Zorgt,2014,midden\nVoorzorgcirkels,2017,zuid\nLiv Inn Hilversum,2019,midden\n", encoding="utf-8"
    )
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    (root / "workbench.toml").write_text(TOML.format(url=url or "sqlite:///.workbench/workbench.db"), encoding="utf-8")
    return root


def survey_rows() -> list[dict[str, str]]:
    """The survey as its csv twin says (read with the csv module: an independent path)."""
    with open(DATA / "monitor-test.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def code_lonely(study, code: str = CODE, word: str = "alleen") -> int:
    """Code the first sentence of each answer that says ``word`` (as the researcher anna)."""
    n = 0
    for doc in study.corpus.documents():
        for seg in study.corpus.segments(doc.id, unit="sentence"):
            if word in seg.text:
                study.apply_code(seg, code, coder="anna")
                n += 1
                break
    return n
