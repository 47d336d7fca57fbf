"""How good are the suggestions? Scored against a gold coding made by people.

The gold documents are split at random (``seed``): the learned suggester trains on
``train_fraction`` of them and every suggester is scored on the rest, unit by unit
(sentences by default; a gold coding marks every unit it overlaps). Per suggester and
code: precision, recall, F1 and Cohen's kappa between suggestion and gold; and the
mean per-code kappa over the codes that occur in the held-out gold (a code the
suggester never suggests counts with kappa 0 there, so silence is not rewarded).

Example:
    >>> ev = evaluate_suggesters(codebook, sentences, gold, train_fraction=0.3, seed=1)   # doctest: +SKIP
    >>> ev.summary                                                                          # doctest: +SKIP
    {'learned': {'mean_kappa': 0.61, ...}, 'rules': {...}, 'similarity': {...}}
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import SuggestError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workbench.codebook.model import Codebook


add(
    "suggest_gold_too_small",
    nl="de gouden standaard (de codering door mensen waartegen de suggesties worden getoetst) beslaat {n} document(en); toetsen kan pas vanaf 2",
    en="the gold coding covers {n} document(s); evaluation needs at least 2",
)
add("suggest_gold_too_small_fix", nl="codeer meer documenten in het bestand met de gouden standaard", en="code more documents in the gold file")
add("suggest_bad_train_fraction", nl="--train-fraction {value} ligt niet tussen 0 en 1", en="--train-fraction {value} is not between 0 and 1")
add("suggest_bad_train_fraction_fix", nl="geef een deel tussen 0 en 1, bijvoorbeeld 0.3 (30% van de documenten om van te leren)", en="give a share between 0 and 1, e.g. 0.3 (30% of the documents to learn from)")
add("suggest_gold_not_ingested", nl="geen van de achtergehouden documenten van de gouden standaard heeft segmenten in de studie", en="none of the held-out gold documents has segments")
add("suggest_gold_not_ingested_fix", nl="lees de documenten die in het bestand met de gouden standaard staan eerst in met 'workbench ingest'", en="ingest the documents named in the gold file first ('workbench ingest')")
add("suggest_gold_unknown_codes", nl="de gouden standaard gebruikt codes die niet in het codeboek staan: {codes}", en="the gold coding uses codes that are not in the codebook: {codes}")
add("suggest_gold_unknown_codes_fix", nl="geef ze in het bestand de naam van een code uit het codeboek, of voeg ze toe aan het codeboek", en="rename them in the gold file or add them to the codebook")


@dataclass(frozen=True)
class Evaluation:
    """Scores per suggester and code (``per_code``) and per suggester (``summary``)."""

    per_code: pd.DataFrame
    summary: dict[str, dict[str, float]]
    train_documents: tuple[str, ...]
    test_documents: tuple[str, ...]
    n_train_units: int
    n_test_units: int
    unit: str = "sentence"

    def to_dict(self) -> dict[str, Any]:
        def clean(v: Any) -> Any:
            if hasattr(v, "item"):
                v = v.item()
            return None if isinstance(v, float) and math.isnan(v) else v

        return {
            "unit": self.unit,
            "train_documents": len(self.train_documents),
            "test_documents": len(self.test_documents),
            "n_train_units": self.n_train_units,
            "n_test_units": self.n_test_units,
            "summary": {k: {m: clean(x) for m, x in v.items()} for k, v in self.summary.items()},
            "per_code": [{k: clean(v) for k, v in rec.items()} for rec in self.per_code.to_dict("records")],
        }


def split_documents(doc_ids: Iterable[str], train_fraction: float, seed: int) -> tuple[list[str], list[str]]:
    """Shuffle the document ids with ``seed`` and cut: (train, test), both non-empty."""
    ids = sorted(set(doc_ids))
    if len(ids) < 2:
        raise SuggestError(None, t("suggest_gold_too_small", n=len(ids)), t("suggest_gold_too_small_fix"))
    if not 0.0 < train_fraction < 1.0:
        raise SuggestError(None, t("suggest_bad_train_fraction", value=train_fraction), t("suggest_bad_train_fraction_fix"))
    random.Random(seed).shuffle(ids)
    n_train = min(len(ids) - 1, max(1, round(train_fraction * len(ids))))
    return sorted(ids[:n_train]), sorted(ids[n_train:])


def evaluate_suggesters(
    codebook: Codebook,
    segments: Sequence[Any],
    gold: Iterable[Any],
    *,
    train_fraction: float = 0.3,
    seed: int = 1,
    suggesters: Sequence[str] = ("rules", "similarity", "learned"),
    embedding: str = "tfidf",
    unit: str = "sentence",
    cache: Any = None,
    learned_params: dict[str, Any] | None = None,
    params: dict[str, dict[str, Any]] | None = None,
) -> Evaluation:
    """Train on part of the gold documents, score every suggester on the rest.

    ``segments``: the units of (at least) the gold documents; ``gold``: codings with
    doc_id, doc_version, start, end, code_id (e.g. rows of
    :func:`workbench.coding.io.read_codings_table`). ``params``: per suggester name its
    settings (``learned_params`` is the same as ``params={"learned": ...}``).
    """
    import pandas as pd

    gold = [g for g in gold]
    split = _split(codebook, segments, gold, train_fraction, seed)
    settings = dict(params or {})
    if learned_params:
        settings["learned"] = {**settings.get("learned", {}), **learned_params}
    records: list[dict[str, Any]] = []
    summary: dict[str, dict[str, float]] = {}
    for name in suggesters:
        suggester = _fitted(name, codebook, split, gold, embedding, cache, settings.get(name, {}))
        predicted = _predicted(suggester, split)
        rows, summary[name] = _score(name, predicted, split)
        if hasattr(suggester, "codes_") and name == "learned":
            summary[name]["n_learned_codes"] = len(suggester.codes_)
        records += rows
    per_code = pd.DataFrame.from_records(records, columns=["suggester", "code_id", "n_gold", "n_suggested", "precision", "recall", "f1", "kappa"])
    return Evaluation(per_code, summary, tuple(split.train_ids), tuple(split.test_ids), len(split.train_units), len(split.test_units), unit)


@dataclass(frozen=True)
class _Split:
    """The documents to learn from and to score on, their units, and the gold per code."""

    train_ids: list[str]
    test_ids: list[str]
    train_units: list[Any]
    test_units: list[Any]
    test_positives: dict[str, set[int]]
    codes: list[str]
    index: dict[tuple[str, int, int, int], int]


def _split(codebook: Codebook, segments: Sequence[Any], gold: list[Any], train_fraction: float, seed: int) -> _Split:
    """Step 1: split the gold documents, check the codes, find the held-out gold per unit."""
    from workbench.coding.suggest import coded_labels

    train_ids, test_ids = split_documents((g.doc_id for g in gold), train_fraction, seed)
    train_set, test_set = set(train_ids), set(test_ids)
    train_units = [s for s in segments if s.doc_id in train_set]
    test_units = [s for s in segments if s.doc_id in test_set]
    if not test_units:
        raise SuggestError(None, t("suggest_gold_not_ingested"), t("suggest_gold_not_ingested_fix"))
    _, test_pos = coded_labels(test_units, gold, documents=test_set)
    codes = sorted({g.code_id for g in gold})
    unknown = [c for c in codes if c not in codebook]
    if unknown:
        raise SuggestError(None, t("suggest_gold_unknown_codes", codes=", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")), t("suggest_gold_unknown_codes_fix"))
    index = {(s.doc_id, s.doc_version, s.start, s.end): i for i, s in enumerate(test_units)}
    return _Split(train_ids, test_ids, train_units, test_units, test_pos, codes, index)


def _fitted(name: str, codebook: Codebook, split: _Split, gold: list[Any], embedding: str, cache: Any, params: dict[str, Any]) -> Any:
    """Step 2: a suggester fitted as in a study: the learned one on the training
    documents' gold, the others on the codebook (and every unit, for similarity's
    thresholds; rules get the training gold for their nearest-example reasons)."""
    from workbench.coding.suggest import LearnedSuggester, RuleSuggester, make_suggester

    suggester = make_suggester(name, embedding=embedding, cache=cache, **params)
    if isinstance(suggester, LearnedSuggester):
        suggester.fit(codebook, split.train_units, gold, documents=set(split.train_ids))
    elif isinstance(suggester, RuleSuggester):
        train = set(split.train_ids)
        suggester.fit(codebook, split.train_units, [g for g in gold if g.doc_id in train])
    else:
        suggester.fit(codebook, list(split.train_units) + list(split.test_units))
    return suggester


def _predicted(suggester: Any, split: _Split) -> dict[str, set[int]]:
    """Step 3: per code, the indexes of the held-out units the suggester gives it."""
    predicted: dict[str, set[int]] = {c: set() for c in split.codes}
    for s in suggester.predict(split.test_units):
        if s.code_id in predicted:
            predicted[s.code_id].add(split.index[s.span])
    return predicted


def _score(name: str, predicted: dict[str, set[int]], split: _Split) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Step 4: per code precision, recall, F1, kappa; the mean kappa over the codes in the held-out gold."""
    import numpy as np

    from workbench.coding.suggest import _scores

    records = []
    kappas = []
    n = len(split.test_units)
    for code in split.codes:
        y = np.zeros(n, dtype=np.int8)
        y[list(split.test_positives.get(code, ()))] = 1
        p = np.zeros(n, dtype=np.int8)
        p[list(predicted[code])] = 1
        scores = _scores(y, p)
        records.append({"suggester": name, "code_id": code, "n_gold": int(y.sum()), "n_suggested": int(p.sum()), **scores})
        if y.sum() > 0:
            kappas.append(scores["kappa"])
    summary = {
        "mean_kappa": float(np.mean(kappas)) if kappas else math.nan,
        "n_codes": len(kappas),
        "n_suggested": int(sum(len(v) for v in predicted.values())),
    }
    return records, summary


@dataclass(frozen=True)
class _AsCoding:
    """A suggestion seen as one coder's coding (for the agreement tables)."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    code_id: str
    coder: str
    source: str = "manual"


def suggester_agreement(
    codebook: Codebook,
    segments: Sequence[Any],
    codings: Iterable[Any],
    coders: Sequence[str],
    *,
    suggester: str = "learned",
    folds: int = 3,
    seed: int = 1,
    codes: Sequence[str] | None = None,
    params: dict[str, Any] | None = None,
    cache: Any = None,
) -> pd.DataFrame:
    """The suggester as one more coder: per code and person, Cohen's kappa between what
    the suggester says and what that person coded, on the units of the documents the
    person coded.

    The learned suggester never sees the documents it is scored on: the coded documents
    are split into ``folds`` (``seed``); per fold it learns from the others' codings (of
    ``coders``) and suggests on this one, as it would on a new document. The rules need
    no training. Returns columns suggester, coder, code_id, n_units, n_suggester,
    n_coder, kappa (empty when the learned suggester cannot learn any code yet).

    Example:
        >>> suggester_agreement(codebook, sentences, codings, ["lian", "sanne"])   # doctest: +SKIP
    """
    import pandas as pd

    from workbench.coding.agreement import compute_agreement

    people = [c for c in codings if c.coder in set(coders) and getattr(c, "source", "manual") != "suggested"]
    said, name, judged_docs = _out_of_fold(codebook, segments, people, suggester, folds, seed, params or {}, cache)
    columns = ["suggester", "coder", "code_id", "n_units", "n_suggester", "n_coder", "kappa"]
    if name is None:
        return pd.DataFrame(columns=columns)
    code_ids = list(codes) if codes is not None else sorted({c.code_id for c in people})
    records = []
    for person in coders:
        docs = sorted({c.doc_id for c in people if c.coder == person} & judged_docs)
        if not docs:
            continue
        mine = [c for c in people if c.coder == person and c.doc_id in set(docs)]
        result = compute_agreement(mine + [s for s in said if s.doc_id in set(docs)], [u for u in segments if u.doc_id in set(docs)],
                                   [person, name], codes=code_ids, documents=docs)
        for rec in result.per_code.to_dict("records"):
            records.append({"suggester": name, "coder": person, "code_id": rec["code_id"], "n_units": rec["n_units"],
                            "n_suggester": rec[f"n_{name}"], "n_coder": rec[f"n_{person}"], "kappa": rec["kappa"]})
    return pd.DataFrame.from_records(records, columns=columns)


def stored_suggestion_agreement(people: Sequence[Any], suggestions: Sequence[Any], units: Sequence[Any]) -> list[dict[str, Any]]:
    """How the stored suggestions agree with the people who coded the same documents:
    per suggester, the mean over people of the pooled Cohen's kappa (every sentence x
    every code the people used), and the number of sentences compared. Only documents
    where the suggester made at least one suggestion and a person coded count (the
    learned suggester only suggests where nobody coded, so it often has none).

    Example:
        >>> stored_suggestion_agreement(codings, suggestions, sentences)   # doctest: +SKIP
        [{'suggester': 'suggester:rules@1', 'kappa': 0.41, 'n_units': 212, 'coders': ['lian']}]
    """
    import numpy as np

    from workbench.coding.agreement import compute_agreement

    out = []
    codes = sorted({c.code_id for c in people})
    for name in sorted({s.coder for s in suggestions}):
        said = [_AsCoding(s.doc_id, s.doc_version, s.start, s.end, s.code_id, name) for s in suggestions if s.coder == name]
        kappas, seen, coders = [], set(), []
        for person in sorted({c.coder for c in people}):
            docs = {c.doc_id for c in people if c.coder == person} & {s.doc_id for s in said}
            if not docs:
                continue
            mine = [c for c in people if c.coder == person and c.doc_id in docs]
            here = [u for u in units if u.doc_id in docs]
            result = compute_agreement(mine + [s for s in said if s.doc_id in docs], here, [person, name], codes=codes, documents=sorted(docs))
            if not math.isnan(result.overall["kappa"]):
                kappas.append(result.overall["kappa"])
                coders.append(person)
                seen |= {(u.doc_id, u.start) for u in here}
        if kappas:
            out.append({"suggester": name, "kappa": float(np.mean(kappas)), "n_units": len(seen), "coders": coders})
    return out


def _out_of_fold(
    codebook: Codebook, segments: Sequence[Any], people: list[Any], suggester: str, folds: int, seed: int, params: dict[str, Any], cache: Any,
) -> tuple[list[_AsCoding], str | None, set[str]]:
    """What the suggester says on each coded document when it has not learned from it:
    (its suggestions as codings, its coder name or None when it could not learn, the
    documents it judged)."""
    from workbench.coding.suggest import LearnedSuggester, make_suggester

    docs = sorted({c.doc_id for c in people})
    if suggester != "learned":
        model = make_suggester(suggester, cache=cache, **params)
        model.fit(codebook, [u for u in segments if u.doc_id in set(docs)], people)
        units = [u for u in segments if u.doc_id in set(docs)]
        return [_AsCoding(s.doc_id, s.doc_version, s.start, s.end, s.code_id, model.coder) for s in model.predict(units)], model.coder, set(docs)
    if len(docs) < 2:
        return [], None, set()
    random.Random(seed).shuffle(docs)
    k = max(2, min(folds, len(docs)))
    said: list[_AsCoding] = []
    judged: set[str] = set()
    name = None
    for f in range(k):
        held = set(docs[f::k])
        train = [u for u in segments if u.doc_id not in held and u.doc_id in set(docs)]
        model = LearnedSuggester(cache=cache, **params)
        model.fit(codebook, train, [c for c in people if c.doc_id not in held])
        if not model.codes_:
            continue
        name = model.coder
        judged |= held
        said += [_AsCoding(s.doc_id, s.doc_version, s.start, s.end, s.code_id, model.coder) for s in model.predict([u for u in segments if u.doc_id in held])]
    return said, name, judged


def mean_code_kappa(predicted: Any, truth: Any) -> float:
    """Mean over the codes (columns) that occur in ``truth`` of Cohen's kappa between
    yes/no predictions and truth (a code never predicted counts 0)."""
    import numpy as np

    from workbench.coding.suggest import _scores

    kappas = [_scores(truth[:, j], predicted[:, j])["kappa"] for j in range(truth.shape[1]) if truth[:, j].any()]
    return float(np.mean(kappas)) if kappas else math.nan


def learning_curve(
    pool: Sequence[Any],
    pool_positives: dict[str, set[int]],
    test: Sequence[Any],
    test_positives: dict[str, set[int]],
    sizes: Sequence[int],
    *,
    active: bool = False,
    batch: int = 50,
    seed: int = 1,
    params: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Kappa of the learned suggester against the number of coded segments.

    Segments from ``pool`` are "coded" (their labels revealed) in order: at random, or,
    with ``active``, the first ``sizes[0]`` at random and then, ``batch`` at a time, those
    the model is least sure about (:meth:`LearnedSuggester.next_to_code`). At each size
    the model is fitted on the coded segments and scored on ``test``: mean per-code kappa
    over the codes present in the test set. Returns one row per size.
    """
    import numpy as np
    import pandas as pd


    codes = sorted(set(pool_positives) | set(test_positives))
    truth = np.zeros((len(test), len(codes)), dtype=np.int8)
    for j, c in enumerate(codes):
        truth[list(test_positives.get(c, ())), j] = 1
    order = list(range(len(pool)))
    random.Random(seed).shuffle(order)
    first = min(sizes[0], len(pool))
    chosen = order[:first]
    remaining = order[first:]
    rows = []
    for size in sizes:
        size = min(size, len(pool))
        while len(chosen) < size:
            step = min(batch, size - len(chosen))
            if active and len(chosen) >= first:
                model = _fit_subset(pool, pool_positives, chosen, codes, params)
                u = model.uncertainty([pool[i] for i in remaining])
                picked = set(np.argsort(-u, kind="stable")[:step].tolist())
                chosen += [remaining[k] for k in sorted(picked)]
                remaining = [r for k, r in enumerate(remaining) if k not in picked]
            else:
                chosen += remaining[:step]
                remaining = remaining[step:]
        model = _fit_subset(pool, pool_positives, chosen, codes, params)
        probs = model.predict_proba(test)
        predicted = np.zeros_like(truth)
        for k, c in enumerate(model.codes_):
            predicted[:, codes.index(c)] = probs[:, k] >= model.thresholds_[k]
        rows.append({"n_coded": len(chosen), "active": active, "mean_kappa": mean_code_kappa(predicted, truth), "n_learned_codes": len(model.codes_)})
    return pd.DataFrame.from_records(rows)


def _fit_subset(pool: Sequence[Any], positives: dict[str, set[int]], chosen: list[int], codes: list[str], params: dict[str, Any] | None) -> Any:
    from workbench.coding.suggest import LearnedSuggester

    where = {i: k for k, i in enumerate(chosen)}
    labels = {c: {where[i] for i in positives.get(c, ()) if i in where} for c in codes}
    return LearnedSuggester(**(params or {})).fit_labels([pool[i] for i in chosen], labels, unlabelled=pool)
