"""Pseudonymisation quality: recall on personal data and precision of replacements.

    .venv/bin/python benchmarks/pseudonymise.py [--no-demo]

On ``benchmarks/data/pseudonymise/``: twelve real public Dutch texts about care
(parliamentary papers, public domain) with fictional personal data planted in them and
annotated by hand (``annotations.json``; sources and licence in its README). The texts go
into a fresh ``workbench init`` study, with its default settings (nothing on its keep-list,
its metadata sheet naming an initiative per file), and are ingested for real. Printed:

* recall by type of personal data: an annotated span counts as found when every letter
  and digit of it was replaced;
* precision: the share of replacements that touch personal data (planted, or the names of
  public office holders in the papers), with every replacement that did not, for review;
* on the held-apart set (``held-apart/``: fictional care texts written for issue 18 and
  never used to tune the rules): recall by type, precision, and whether the mentions of
  one person share one pseudonym (and two people of one surname do not);
* on the demo corpus, ingested the same way (a fresh study: the demo's own keep-list and
  replace-list are NOT used): how many occurrences of the first names that are also Dutch
  words (Door, Riet, Wiel, Toon) stay in clear. An occurrence is a name unless a function
  word follows at a sentence start ("Door de afspraken ...": the preposition).

Figures, not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data" / "pseudonymise"
DEMO = REPO / "corpora" / "demo"
PLANTED = ("name", "phone", "email", "address", "birthdate", "age", "life_year")
WORD_NAMES = ("Door", "Riet", "Wiel", "Toon")
#: the demo's initiatives, given to the benchmark files as the sheet's initiative column
INITIATIVES = ["Austerlitz Zorgt", "Voorzorgcirkels", "Ontmoetingscentrum Morgenstond", "Laefhoës America", "Liv Inn Hilversum", "De Wulverhorst"]


def fresh_study(root: Path, files: list[tuple[Path, str]], rows: list[list[str]] | None = None) -> object:
    """A study made by ``workbench init`` with these files in corpora/ and a metadata sheet."""
    from workbench.study import init_study, open_study

    init_study(root, "bench")
    corpora = root / "corpora"
    for src, rel in files:
        (corpora / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, corpora / rel)
    if rows is None:
        rows = [[rel, INITIATIVES[i % len(INITIATIVES)], "anders", "2024-01-01", "", "ja", "document"] for i, (_, rel) in enumerate(files)]
    with open(corpora / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["file", "initiative", "role", "date", "interviewer", "consent", "kind"], *rows])
    return open_study(root)


def covered(start: int, end: int, spans: list[tuple[int, int]], text: str) -> bool:
    return all(any(s <= i < e for s, e in spans) for i in range(start, end) if text[i].isalnum())


def test_set(keep_places: bool = False) -> None:
    from workbench.corpus.pseudonymise import pseudonymiser_for
    from workbench.corpus.readers import read_file

    annotations = json.loads((DATA / "annotations.json").read_text(encoding="utf-8"))
    files = sorted(p for p in DATA.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="wb-pseudo-") as tmp:
        study = fresh_study(Path(tmp) / "study", [(p, p.name) for p in files])
        if keep_places:
            toml = Path(tmp) / "study" / "workbench.toml"
            toml.write_text(toml.read_text(encoding="utf-8").replace("keep_places = false", "keep_places = true"), encoding="utf-8")
            from workbench.study import open_study

            study = open_study(toml.parent)
        t = time.perf_counter()
        report = study.ingest(workers=0)  # type: ignore[attr-defined]
        ingest_s = time.perf_counter() - t
        settings = study.settings  # type: ignore[attr-defined]
        pseudonymiser = pseudonymiser_for(settings, INITIATIVES).load()
        found: Counter[str] = Counter()
        total: Counter[str] = Counter()
        missed: list[str] = []
        n_true = n_reps = 0
        false_pos: Counter[tuple[str, str]] = Counter()
        words = 0
        t = time.perf_counter()
        for i, path in enumerate(files):
            text = read_file(path)[0].text
            words += len(text.split())
            initiative = INITIATIVES[i % len(INITIATIVES)]
            result = pseudonymiser(text, extra_keep=[initiative])
            spans = [(r.start, r.end) for r in result.replacements]
            personal: list[tuple[int, int]] = []
            for string, kind in annotations[path.name]:
                for m in re.finditer(rf"(?<!\w){re.escape(string)}(?!\w)", text):
                    personal.append((m.start(), m.end()))
                    total[kind] += 1
                    if covered(m.start(), m.end(), spans, text):
                        found[kind] += 1
                    else:
                        missed.append(f"{path.name}: {kind} '{string}'")
            for r in result.replacements:
                n_reps += 1
                if any(r.start < e and s < r.end for s, e in personal):
                    n_true += 1
                else:
                    false_pos[(r.original, r.tag)] += 1
        pseudo_s = time.perf_counter() - t
        study.close()  # type: ignore[attr-defined]

    print(f"settings:   a fresh study's defaults{', keep_places = true' if keep_places else ''}")
    print(f"test set:   {len(files)} real public texts, {words:,} words, {sum(total[k] for k in PLANTED)} planted details + {total['public_person']} public persons")
    print(f"ingest:     {report.n_added} documents stored, {len(report.errors)} errors ({ingest_s:.1f} s with loading)")
    print("recall by type (planted):")
    for kind in PLANTED:
        if total[kind]:
            print(f"  {kind:<11} {found[kind]:>3}/{total[kind]:<3} {100 * found[kind] / total[kind]:5.1f}%")
    planted = sum(total[k] for k in PLANTED)
    print(f"  {'all':<11} {sum(found[k] for k in PLANTED):>3}/{planted:<3} {100 * sum(found[k] for k in PLANTED) / planted:5.1f}%")
    if total["public_person"]:
        print(f"  (public persons: {found['public_person']}/{total['public_person']} replaced)")
    print(f"precision:  {n_true}/{n_reps} replacements touch personal data = {100 * n_true / max(1, n_reps):.1f}%")
    if false_pos:
        print("  not personal data: " + "; ".join(f"{o!r} {t} x{n}" for (o, t), n in false_pos.most_common()))
    if missed:
        print("  missed: " + "; ".join(missed))
    print(f"speed:      pseudonymise {words / pseudo_s:,.0f} words/s on one core (deduce loaded)")


HELD_APART = DATA / "held-apart"
HELD_KINDS = ("name", "age", "street", "life_year", "place", "phone", "facility")


def _pseudonyms_at(result: object, text: str, mention: str) -> list[set[str]]:
    """The person pseudonyms over each occurrence of a mention ("mevrouw Brink")."""
    out = []
    for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text):
        out.append({r.pseudonym for r in result.replacements if r.start < m.end() and m.start() < r.end and r.tag == "PERSOON"})  # type: ignore[attr-defined]
    return out


def held_apart() -> None:
    """Fictional care texts written for this benchmark and never used to tune the rules
    (``benchmarks/data/pseudonymise/held-apart/``): ages in every form, streets without a
    house number, names that are words, one person under two mentions, and the traps
    (house numbers, durations, counts, times, money, "snelweg", "binnenhof")."""
    from workbench.corpus.pseudonymise import pseudonymiser_for
    from workbench.corpus.readers import read_file

    annotations = json.loads((HELD_APART / "annotations.json").read_text(encoding="utf-8"))
    files = sorted(HELD_APART.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="wb-pseudo-held-") as tmp:
        study = fresh_study(Path(tmp) / "study", [])
        pseudonymiser = pseudonymiser_for(study.settings, INITIATIVES).load()  # type: ignore[attr-defined]
        study.close()  # type: ignore[attr-defined]
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    missed: list[str] = []
    false_pos: Counter[tuple[str, str]] = Counter()
    n_true = n_reps = 0
    same_ok = same_n = diff_ok = diff_n = 0
    split: list[str] = []
    for path in files:
        text = read_file(path)[0].text
        result = pseudonymiser(text)
        spans = [(r.start, r.end) for r in result.replacements]
        personal: list[tuple[int, int]] = []
        entry = annotations[path.name]
        for string, kind in entry["spans"]:
            for m in re.finditer(rf"(?<!\w){re.escape(string)}(?!\w)", text):
                personal.append((m.start(), m.end()))
                total[kind] += 1
                if covered(m.start(), m.end(), spans, text):
                    found[kind] += 1
                else:
                    missed.append(f"{path.name}: {kind} '{string}'")
        for r in result.replacements:
            n_reps += 1
            if any(r.start < e and s < r.end for s, e in personal):
                n_true += 1
            else:
                false_pos[(r.original, r.tag)] += 1
        for group in entry.get("same_person", []):
            seen = [p for mention in group for p in _pseudonyms_at(result, text, mention)]
            same_n += 1
            if seen and all(len(p) == 1 for p in seen) and len(set.union(*seen)) == 1:
                same_ok += 1
            else:
                split.append(f"{path.name}: {' / '.join(group)}")
        for group in entry.get("different_person", []):
            seen = [p for mention in group for p in _pseudonyms_at(result, text, mention)]
            diff_n += 1
            firsts = _pseudonyms_at(result, text, group[0])
            others = [p for mention in group[1:] for p in _pseudonyms_at(result, text, mention)]
            if firsts and others and not (set.union(*firsts) & set.union(*others)):
                diff_ok += 1
            else:
                split.append(f"{path.name}: {' / '.join(group)} (two people, one pseudonym)")
    print(f"held-apart set: {len(files)} fictional care texts, {sum(total.values())} personal details (never used to tune the rules)")
    for kind in HELD_KINDS:
        if total[kind]:
            print(f"  {kind:<11} {found[kind]:>3}/{total[kind]:<3} {100 * found[kind] / total[kind]:5.1f}%")
    all_found, all_total = sum(found.values()), sum(total.values())
    print(f"  {'all':<11} {all_found:>3}/{all_total:<3} {100 * all_found / max(1, all_total):5.1f}%")
    print(f"precision:  {n_true}/{n_reps} replacements touch personal data = {100 * n_true / max(1, n_reps):.1f}%")
    print(f"one person, one pseudonym: {same_ok}/{same_n} groups; two people kept apart: {diff_ok}/{diff_n}")
    if false_pos:
        print("  not personal data: " + "; ".join(f"{o!r} {t} x{n}" for (o, t), n in false_pos.most_common()))
    if missed:
        print("  missed: " + "; ".join(missed))
    if split:
        print("  pseudonyms wrong: " + "; ".join(split))


def demo() -> None:
    with tempfile.TemporaryDirectory(prefix="wb-pseudo-demo-") as tmp:
        root = Path(tmp) / "study"
        shutil.copytree(DEMO, root / "corpora-src")
        from workbench.study import init_study, open_study

        init_study(root, "demo-fresh")
        shutil.rmtree(root / "corpora")
        shutil.move(str(root / "corpora-src"), str(root / "corpora"))
        study = open_study(root)
        study.ingest(workers=0)
        stored = "\n".join(d.text for d in study.corpus)
        study.close()
    from workbench.corpus.readers import read_file

    sources = [p for p in sorted(DEMO.rglob("*")) if p.is_file() and p.suffix in (".txt", ".md", ".docx", ".vtt", ".srt", ".csv", ".xlsx") and p.stem.lower() not in ("readme", "metadata")]
    raw = "\n".join(d.text for p in sources for d in read_file(p))
    function_next = r"(?:de|het|een|niet|te|school|deze|dit)\b"
    print("demo corpus, fresh study defaults (no keep-list, no replace-list):")
    all_names = all_left = 0
    for name in WORD_NAMES:
        as_name = [m for m in re.finditer(rf"(?<!\w){name}(?!\w)", raw) if not re.match(rf" {function_next}", raw[m.end() :])]
        left = [m for m in re.finditer(rf"(?<!\w){name}(?!\w)", stored) if not re.match(rf" {function_next}", stored[m.end() :])]
        all_names += len(as_name)
        all_left += len(left)
        print(f"  {name:<5} {len(as_name):>3} as a name in the files (consent or not), {len(left)} left in clear")
    print(f"  recall on Door/Riet/Wiel/Toon: {100 * (1 - all_left / max(1, all_names)):.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-demo", action="store_true", help="skip the demo-corpus check (~1 minute)")
    parser.add_argument("--held-apart-only", action="store_true", help="only the held-apart care texts")
    parser.add_argument("--keep-places", action="store_true", help="the test set with keep_places = true (municipality names kept)")
    args = parser.parse_args()
    if args.held_apart_only:
        held_apart()
        return
    test_set(args.keep_places)
    held_apart()
    if not args.no_demo:
        demo()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
