"""Build the Dutch development set from coder-a.txt and coder-b.txt (see README.md).

    python benchmarks/data/suggest-nl/build.py

Writes texts/tNNN.txt (one short text per file) and gold-a.csv, gold-b.csv
(``document, quote, code``: the format of ``workbench code import`` and
``workbench evaluate --gold``). ``load()`` gives the texts and both coders' codings
to ``benchmarks/suggest.py`` without a study (no pseudonymisation step: the texts hold
no names).
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODES = {
    "E": "eenzaamheid-verbinding", "W": "wederkerigheid", "M": "mantelzorg-ontlasting",
    "V": "knelpunt-vervoer", "L": "langer-thuis-wonen", "B": "belasting-vrijwilligers",
}
_TAGS = re.compile(r"\s*\[([A-Z,]+)\]\s*$")


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    text: str
    start: int
    end: int
    codes_a: tuple[str, ...]
    codes_b: tuple[str, ...]


def _codes(tags: str) -> tuple[str, ...]:
    return tuple(CODES[t] for t in tags.split(",") if t and t != "-")


def load() -> tuple[dict[str, str], list[Sentence]]:
    """The texts by document id, and every sentence with both coders' codes."""
    docs: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    doc = ""
    for line in (HERE / "coder-a.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            doc = line[3:].strip()
            docs[doc] = []
        elif line.strip() and not line.startswith("#"):
            m = _TAGS.search(line)
            docs[doc].append((line[: m.start()] if m else line.strip(), _codes(m.group(1)) if m else ()))
    b_codes: dict[tuple[str, int], tuple[str, ...]] = {}
    # coder B saw each batch's sentences in a shuffled order, each alone
    for name, seed, batch in (("coder-b.txt", 23, lambda d: int(d[1:]) <= 90), ("coder-b2.txt", 24, lambda d: int(d[1:]) > 90)):
        order = [(d, k) for d, sents in docs.items() if batch(d) for k in range(len(sents))]
        random.Random(seed).shuffle(order)
        lines = [x.strip() for x in (HERE / name).read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
        if len(lines) != len(order):
            raise SystemExit(f"{name} has {len(lines)} lines for {len(order)} sentences")
        b_codes.update({key: _codes(tags) for key, tags in zip(order, lines)})
    texts: dict[str, str] = {}
    out: list[Sentence] = []
    for d, sents in docs.items():
        text, pos = "", 0
        for k, (s, codes_a) in enumerate(sents):
            if text:
                text += " "
            start = len(text)
            text += s
            out.append(Sentence(d, s, start, len(text), codes_a, b_codes[(d, k)]))
        texts[d] = text + "\n"
    return texts, out


def main() -> None:
    texts, sentences = load()
    folder = HERE / "texts"
    folder.mkdir(exist_ok=True)
    for d, text in texts.items():
        (folder / f"{d}.txt").write_text(text, encoding="utf-8")
    for coder in ("a", "b"):
        with open(HERE / f"gold-{coder}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["document", "quote", "code"])
            for s in sentences:
                for c in (s.codes_a if coder == "a" else s.codes_b):
                    w.writerow([s.doc_id, s.text, c])
    print(f"{len(texts)} texts, {len(sentences)} sentences")


if __name__ == "__main__":
    main()
