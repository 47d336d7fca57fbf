"""deduce's hot paths done once (workbench.corpus.pseudonymise.deduce_speed): exactly deduce's own result.

The faster classes replace deduce's tokenizer and annotators in the loaded Deduce. Here the
same Deduce runs with its own classes put back, on every text of the demo corpus, the
pseudonymisation benchmark and the test corpus, and both runs must give the same tokens
(text, offsets, neighbours) and the same annotations (text, offsets, tag, tokens).
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from workbench.corpus.pseudonymise import load_deduce
from workbench.corpus.pseudonymise.deduce_wiring import deduce_annotations
from workbench.corpus.readers import read_file

REPO = Path(__file__).resolve().parents[3]


def _texts() -> list[str]:
    folders = [REPO / "corpora" / "demo", REPO / "benchmarks" / "data" / "pseudonymise", REPO / "tests" / "data" / "corpus"]
    files = sorted(p for f in folders for p in f.rglob("*") if p.suffix in (".txt", ".md", ".docx", ".vtt", ".srt", ".csv", ".xlsx", ".odt"))
    files = [p for p in files if p.name not in ("metadata.csv", "README.md")]
    texts = [d.text for p in files for d in read_file(p)]
    # and the edges of the tokenizer: runs of spaces, tabs, a merge term, nothing at all
    return texts + ["", " ", "a    b   c  d e", "\tJan\n\n  de  Vries    (81)\r\n", "dhr. A.B. van den Berg-de Jong, Postbus 12",
        "De heer ABCD de Vries en mevr. ABCDE Pietersen, dhr. J.K. Smit-Jansen en Jan P.  van der Berg", "Ria, Jan en Piet 1234 AB"]


def _tokens(doc) -> list[tuple]:
    def key(t):
        return None if t is None else (t.text, t.start_char, t.end_char)

    return [(key(t), key(t.previous()), key(t.next())) for t in doc.get_tokens()]


def _result(deduce, text: str) -> tuple:
    doc = deduce.deidentify(text)
    found = sorted(
        (a.start_char, a.end_char, a.tag, a.text, a.start_token and a.start_token.start_char, a.end_token and a.end_token.end_char)
        for a in doc.annotations
    )
    return _tokens(doc), found


def _plain_classes(deduce) -> dict[object, type]:
    """Each switched object -> the faster class it has now; the objects back on deduce's classes."""
    from workbench.corpus.pseudonymise.deduce_speed import _FASTER, _processors

    plain = {fast: slow for slow, fast in _FASTER.items()}
    switched = {}
    for obj in [*deduce.tokenizers.values(), *_processors(deduce.processors)]:
        if type(obj) in plain:
            switched[obj] = type(obj)
            obj.__class__ = plain[type(obj)]
    return switched


@pytest.mark.usefixtures("deduce_ready")
def test_faster_deduce_finds_exactly_what_deduce_finds():
    deduce = load_deduce()
    texts = _texts()
    assert len(texts) > 700
    fast = [_result(deduce, text) for text in texts]
    switched = _plain_classes(deduce)
    try:
        assert {type(o).__module__.split(".")[0] for o in switched} <= {"deduce", "docdeid"}
        assert len(switched) >= 10  # the tokenizer and the lookup, pattern and context annotators
        slow = [_result(deduce, text) for text in texts]
    finally:
        for obj, cls in switched.items():
            obj.__class__ = cls
    differ = [i for i, (a, b) in enumerate(zip(fast, slow)) if a != b]
    assert differ == []
    assert sum(len(found) for _, found in fast) > 1000


@pytest.mark.usefixtures("deduce_ready")
def test_annotations_leave_no_garbage_and_the_collector_on():
    """A document's tokens link both ways: unlinked after use, nothing is left for the
    cycle collector, and it is on again afterwards (off stays off)."""
    deduce = load_deduce()
    text = "Mijn buurvrouw Riet de Vries (81) woont aan de Kerkstraat 12 in Zeist. " * 50
    gc.collect()
    found = deduce_annotations(deduce, text)
    assert any(tag == "persoon" or "naam" in tag for _, _, tag in found)
    assert gc.isenabled()
    assert gc.collect() == 0
    gc.disable()
    try:
        deduce_annotations(deduce, text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_remembered_answers_stay_right_past_the_bound(monkeypatch, deduce_ready):
    """Answers are remembered per word up to a bound (a national corpus has millions of
    distinct tokens); past it the memory starts again and the answers stay the test's."""
    from workbench.corpus.pseudonymise import deduce_speed

    monkeypatch.setattr(deduce_speed, "_MEMO_MAX", 3)
    calls = []

    def test(text):
        calls.append(text)
        return text.istitle()

    remembered = deduce_speed._remembered(test)
    words = ["Jan", "de", "Vries", "en", "Ans", "Jan", "de"] * 3
    assert [remembered(w) for w in words] == [w.istitle() for w in words]
    assert len(calls) < len(words)  # some answered from memory
    assert len(set(calls)) == len(set(words))
