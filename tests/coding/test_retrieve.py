"""Search (keyword in context), retrieval of coded fragments, the segment x code table,
memos and import from a sheet, on the coded demo study."""

from __future__ import annotations

import csv

import pytest

from workbench.coding.events import replayed_codings
from workbench.errors import CodingError, CodingsTableError, UnknownChoiceError


def test_retrieve_search_by_lemma_finds_inflected_forms(demo_coded):
    hits = demo_coded.search("vrijwilliger", by="lemma")
    forms = {m.lower() for m in hits["match"]}
    assert {"vrijwilliger", "vrijwilligers"} <= forms
    doc = demo_coded.corpus.get(hits.iloc[0]["doc_id"])
    for row in hits.head(20).itertuples():
        text = demo_coded.corpus.get(row.doc_id).text
        assert text[row.start : row.end] == row.match
        assert text[: row.start].endswith(row.left) and text[row.end :].startswith(row.right)
    assert doc.text


def test_retrieve_search_wildcard_text_and_regex(demo_coded):
    lemma = demo_coded.search("eenzaam*")
    assert any(m.lower().startswith("eenzaamheid") for m in lemma["match"])
    text = demo_coded.search("eenzaam", by="text")
    assert all(m.lower() == "eenzaam" for m in text["match"]) and len(text) > 0
    regex = demo_coded.search(r"eenza\w+", by="regex")
    assert len(regex) >= len(text)


def test_retrieve_search_filters_and_refusals(demo_coded):
    every = demo_coded.search("vrijwilliger")
    one = demo_coded.search("vrijwilliger", initiative="Voorzorgcirkels")
    assert 0 < len(one) < len(every) and set(one["initiative"]) == {"Voorzorgcirkels"}
    bewoner = demo_coded.search("vrijwilliger", role="bewoner")
    assert set(bewoner["role"]) == {"bewoner"}
    with pytest.raises(UnknownChoiceError):
        demo_coded.search("x", by="soundex")
    with pytest.raises(UnknownChoiceError):
        demo_coded.search("(", by="regex")


def test_retrieve_fragments_with_quote_speaker_and_children(demo_coded):
    codebook = demo_coded.codebook
    child = "wederkerigheid"
    parent = codebook.get(child).parent
    frags = demo_coded.retrieve(child)
    assert len(frags) > 0 and set(frags["code_id"]) == {child}
    for row in frags.itertuples():
        text = demo_coded.corpus.get(row.doc_id).text
        assert text[row.start : row.end] == row.quote and row.quote in row.context
        assert row.speaker  # from the speaker turn
    with_children = demo_coded.retrieve(parent)
    assert child in set(with_children["code_id"]) and len(with_children) >= len(frags)
    assert demo_coded.retrieve(parent, include_children=False).shape[0] <= len(with_children)
    lian = demo_coded.retrieve(child, coder="lian")
    assert set(lian["coder"]) <= {"lian"}


def test_retrieve_never_shows_a_flagged_quote(demo_copy):
    frags = demo_copy.retrieve("wederkerigheid")
    first = frags.iloc[0]
    reviewer = demo_copy.store.add_reviewer("Toos", first["initiative"], created_by="test")
    demo_copy.store.put_quote_verdict(reviewer.id, first["initiative"], (first["doc_id"], int(first["doc_version"]), int(first["start"]), int(first["end"])), "identifying")
    after = demo_copy.retrieve("wederkerigheid")
    assert len(after) == len(frags) - (frags["start"] == first["start"]).sum()
    assert first["quote"] not in set(after["quote"])
    table = demo_copy.code_table()
    assert not any(first["quote"] in str(x) for x in table["text"])
    hits = demo_copy.search(first["quote"].split()[-1].strip(".,"), by="text")
    assert not ((hits["doc_id"] == first["doc_id"]) & (hits["start"] >= first["start"]) & (hits["end"] <= first["end"])).any()


def test_retrieve_exports_docx_xlsx_and_dutch_csv(demo_coded, tmp_path):
    import docx
    import pandas as pd

    from workbench.interop.tables import write_fragments

    frags = demo_coded.retrieve("wederkerigheid")
    path = write_fragments(frags, tmp_path / "w.docx", title="Wederkerigheid")
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert "Wederkerigheid (wederkerigheid)" in texts
    assert sum(t.startswith("“") for t in texts) == len(frags)
    write_fragments(frags, tmp_path / "w.xlsx")
    assert len(pd.read_excel(tmp_path / "w.xlsx")) == len(frags)
    raw = write_fragments(frags, tmp_path / "w.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.split(b"\n")[0].count(b";") == len(frags.columns) - 1
    with pytest.raises(UnknownChoiceError):
        write_fragments(frags, tmp_path / "w.pdf")


def test_retrieve_code_table_counts_coders(demo_coded):
    table = demo_coded.code_table()
    codes = [c.id for _, c in demo_coded.codebook.walk()]
    assert set(codes) <= set(table.columns)
    assert table[codes].to_numpy().max() == 2  # lian and sanne on one sentence
    lian = demo_coded.code_table(coder="lian")
    assert lian[codes].to_numpy().max() == 1 and lian[codes].to_numpy().sum() > 0


def test_retrieve_memo_on_a_coding_is_an_event(demo_copy):
    c = demo_copy.store.current_codings(coder="lian")[0]
    before = demo_copy.store.count_events()
    demo_copy.set_memo(c, c.code_id, "twijfel: ook zingeving?", coder="lian")
    now = demo_copy.store.find_coding(*c.span, c.code_id, "lian")
    assert now.memo == "twijfel: ook zingeving?" and now.source == c.source
    assert demo_copy.store.count_events() == before + 1
    assert demo_copy.store.current_codings(include_suggestions=True) == replayed_codings(demo_copy.store)
    with pytest.raises(CodingError):
        demo_copy.set_memo(c, c.code_id, "niet van mij", coder="nobody")


def test_retrieve_import_codings_twice_adds_nothing(demo_copy, tmp_path):
    doc = demo_copy.corpus.get("voorzorgcirkels/interview-03-coordinator")
    sent = demo_copy.corpus.segments(doc.id, "sentence", include_interviewer=False)[3]
    sheet = tmp_path / "codes.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["document", "citaat", "code", "memo"])
        w.writerow([doc.id, sent.text, "wederkerigheid", "uit Excel"])
        w.writerow([doc.source_path, None, "zingeving", None])
    with pytest.raises(CodingsTableError):
        demo_copy.import_codings(sheet, coder="kim")
    sheet.write_text(sheet.read_text(encoding="utf-8-sig").splitlines()[0] + "\n" + sheet.read_text(encoding="utf-8-sig").splitlines()[1] + "\n", encoding="utf-8")
    report = demo_copy.import_codings(sheet, coder="kim")
    assert (report.added, report.unchanged, report.coders) == (1, 0, ("kim",))
    got = demo_copy.store.find_coding(doc.id, doc.version, sent.start, sent.end, "wederkerigheid", "kim")
    assert got is not None and got.memo == "uit Excel" and got.source == "manual"
    again = demo_copy.import_codings(sheet, coder="kim")
    assert (again.added, again.unchanged) == (0, 1)
