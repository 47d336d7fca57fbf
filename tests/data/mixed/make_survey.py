"""Writes monitor-test.csv (a fictional survey export of the monitor kind, 60 respondents)
and converts it with LibreOffice to monitor-test.xlsx, the fixture the mixed tests read:

    python tests/data/mixed/make_survey.py      # needs soffice (apt-get install libreoffice-calc-nogui)

Columns: a respondent number, the initiative, consent, a Likert question with its order
(nooit < soms < vaak < altijd) plus "weet niet" and empty answers, a yes/no question, a
number, a date, a categorical question, and two open questions. Deterministic (no random).
"""

from __future__ import annotations

import csv
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
INITIATIVES = ["Austerlitz Zorgt", "Voorzorgcirkels", "Liv Inn Hilversum"]
LIKERT = ["nooit", "soms", "vaak", "altijd"]
FUNDING = ["gemeente", "fonds", "leden", "zorgverzekeraar"]
LONELY = "Ik ben vaak alleen thuis en mis gezelschap op lange dagen."
NOT_LONELY = "Ik kom graag naar de koffieochtend in het buurthuis van ons dorp."
OTHER = ["De vrijwilligers denken met ons mee over vervoer naar het ziekenhuis.",
         "Er is een klusdienst die kleine reparaties in huis doet.",
         "We eten elke week samen met andere bewoners in de buurt.",
         "Mijn buurvrouw brengt soms de boodschappen voor me mee."]


def rows() -> list[dict[str, str]]:
    out = []
    for i in range(60):
        likert = "weet niet" if i % 13 == 7 else "" if i % 17 == 3 else LIKERT[i % 4]
        # loneliness in the open answer rises along the scale: 0/15, 1/15, 3/15, 10/15
        lonely = likert in LIKERT and (i // 4) % 15 < (0, 1, 3, 10)[LIKERT.index(likert)]
        out.append({
            "respondent_id": f"M{i + 1:03d}",
            "initiatief": INITIATIVES[i % 3],
            "toestemming": "ja",
            "hoe_vaak_eenzaam": likert,
            "samenwerking_gemeente": "ja" if i % 5 else "nee",
            "aantal_activiteiten": str(1 + i % 7),
            "lid_sinds": f"{2015 + i % 8}-0{1 + i % 9}-1{i % 10}",
            "financiering": FUNDING[i % 4],
            # three respondents in a rare category: a group too small to be quoted
            "woonsituatie": "in een hofje" if i in (11, 15, 19) else ("met partner" if i % 2 else "zelfstandig"),
            "wat_betekent_het_initiatief": (LONELY if lonely else NOT_LONELY) + f" Dat merk ik nu al {2 + i % 5} jaar, schrijft deelnemer {i + 1}.",
            "wat_kan_beter": OTHER[i % 4] + f" Graag meer daarvan, zegt nummer {i + 1}.",
        })
    return out


def main() -> None:
    data = rows()
    csv_path = HERE / "monitor-test.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(data[0]), delimiter=";")
        w.writeheader()
        w.writerows(data)
    with tempfile.TemporaryDirectory() as tmp:
        # every column as text (a respondent's "1" stays "1"): the import filter's column types, 2 = text
        subprocess.run(["soffice", "--headless", "--infilter=CSV:59,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2/7/2/8/2/9/2/10/2/11/2", "--convert-to", "xlsx", "--outdir", tmp, str(csv_path)], check=True,
                       env={"HOME": tmp, "PATH": "/usr/bin:/bin"})
        (HERE / "monitor-test.xlsx").write_bytes((Path(tmp) / "monitor-test.xlsx").read_bytes())


if __name__ == "__main__":
    main()
