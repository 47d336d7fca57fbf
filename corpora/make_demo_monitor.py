"""Writes corpora/demo/enquete/monitor-2025.csv: a FICTIONAL survey export of the kind the
national monitor of caring communities makes (350 respondents of the six demo initiatives,
closed questions on activities, loneliness, financing and collaboration, two short open
questions). Deterministic: run it again and the file is the same.

    python corpora/make_demo_monitor.py

The answers are short on purpose (700 open answers are 700 documents to pseudonymise and
segment in `make demo`). Whoever feels lonely more often writes more often about company
and contact, so the demo's crosstab and joint display have a story to show.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).parent / "demo" / "enquete" / "monitor-2025.csv"
INITIATIVES = ["Austerlitz Zorgt", "Voorzorgcirkels", "Ontmoetingscentrum Morgenstond", "Laefhoës America", "Liv Inn Hilversum", "De Wulverhorst"]
ROLES = ["deelnemer"] * 6 + ["mantelzorger"] * 2 + ["vrijwilliger"] * 2
ACTIVITIES = ["koffieochtend", "samen eten", "vervoer", "klussen", "bezoek aan huis"]
LONELY = ["nooit", "soms", "vaak", "altijd"]
FUNDING = ["gemeente", "fondsen", "contributie leden", "zorgverzekeraar"]
# share of respondents per loneliness answer who write about company and contact
P_CONTACT = {"nooit": 0.12, "soms": 0.3, "vaak": 0.5, "altijd": 0.68}

CONTACT = ["Ik heb weer gezelschap", "Ik ben minder eenzaam", "Er is altijd iemand voor een praatje", "Ik heb nieuwe vriendschap gevonden",
           "De ontmoeting met anderen doet me goed", "Ik heb weer contact met de buurt"]
HELP = ["Iemand doet de boodschap voor me", "Een buurman helpt met een klus", "We maken samen een afspraak voor hulp",
        "Ik kan de kleine klus weer laten doen"]
ACTIVE = ["Ik doe mee aan een activiteit", "Ik kan weer meedoen in het dorp", "Elke week een uitje met de club", "Ik doe graag mee met de activiteit"]
HOME = ["Ik kan langer thuis blijven wonen", "Zo red ik het thuis nog goed", "Ik hoef nog niet te verhuizen"]
WHEN = ["op dinsdag", "in de winter", "sinds vorig jaar", "na mijn operatie", "elke week", "in het weekend", "al een paar jaar", "sinds de zomer",
        "na de verhuizing", "in het voorjaar", "op vrijdag", "twee keer per maand"]
END = ["en dat is fijn.", "en daar ben ik blij mee.", "en dat geeft rust.", "dat scheelt veel.", "heel prettig.", "dat waardeer ik.", "echt waardevol.",
       "dat had ik niet verwacht.", "zo gaat het goed."]
BETTER = ["Het vervoer met de buurtbus kan beter", "Er zijn te weinig vrijwilligers", "Het buurthuis is vaak te klein", "De subsidie van de gemeente is onzeker",
          "Meer activiteiten in de avond graag", "Betere bekendheid in de wijk", "De regiotaxi komt vaak te laat", "Minder papierwerk voor de vrijwilligers"]
BETTER_END = ["vooral voor ouderen.", "zeker in de winter.", "dat hoor ik vaak.", "vind ik.", "volgens mij.", "voor nieuwe mensen.", "in ons dorp.",
              "dat zou helpen.", "en dat al lang.", "zegt mijn buurvrouw ook.", "voor iedereen.", "niet alleen voor mij.", "dat merken we allemaal.",
              "daar wordt over gepraat.", "dat is jammer."]


def answer(rng: random.Random, lonely: str) -> str:
    pool = CONTACT if rng.random() < P_CONTACT.get(lonely, 0.3) else rng.choice([HELP, ACTIVE, HOME])
    return f"{rng.choice(pool)} {rng.choice(WHEN)}, {rng.choice(END)}"


def rows(n: int = 350, seed: int = 2025) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        r = rng.random()
        lonely = "weet niet" if r < 0.05 else "" if r < 0.08 else rng.choices(LONELY, weights=[30, 38, 20, 12])[0]
        out.append({
            "respondent_id": f"MON-{i + 1:03d}",
            "initiatief": INITIATIVES[i % len(INITIATIVES)],
            "rol": rng.choice(ROLES),
            "toestemming": "nee" if i % 97 == 41 else "ja",
            "activiteit": rng.choice(ACTIVITIES),
            "hoe_vaak_eenzaam": lonely,
            "financiering_initiatief": "weet niet" if rng.random() < 0.1 else rng.choice(FUNDING),
            "samenwerking_gemeente": rng.choices(["ja", "nee", "weet niet"], weights=[62, 28, 10])[0],
            "wat_betekent_het_initiatief_voor_u": answer(rng, lonely),
            "wat_kan_beter": f"{rng.choice(BETTER)} {rng.choice(WHEN)}, {rng.choice(BETTER_END)}",
        })
    return out


def main() -> None:
    data = rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(data[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(data)
    print(f"{OUT}: {len(data)} respondents")


if __name__ == "__main__":
    main()
