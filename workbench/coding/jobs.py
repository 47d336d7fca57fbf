"""Suggestions, agreement and evaluation on a whole study: the functions behind
``study.suggest()``, ``study.agreement()``, ``study.evaluate()`` and the CLI.

Example:
    >>> codebook, version = study.load_codebook()                                    # doctest: +SKIP
    >>> report = run_suggest(study.store, study.settings.suggest, codebook, version)  # doctest: +SKIP
    >>> run_agreement(study.store, ["lian", "sanne"], suggester=None).per_code       # doctest: +SKIP

Each takes the store and the settings it needs; :class:`workbench.study.Study` composes them
(``study.suggest()``, ``study.agreement()``, ``study.evaluate()``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import SuggestError
from workbench.i18n import add, t
from workbench.settings import threshold_value

add("coding_unknown_suggester", nl="onbekende suggestiemaker '{name}'", en="unknown suggester '{name}'")
add("coding_unknown_suggester_fix", nl="kies rules, similarity, learned of all", en="use rules, similarity, learned or all")
add("agreement_suggester_fix", nl="kies --suggester learned, rules of none", en="use --suggester learned, rules or none")
add("coding_skipped_no_codings", nl="nog geen coderingen door mensen", en="no codings by people yet")
add("coding_skipped_too_few", nl="nog geen enkele code heeft {n} of meer gecodeerde segmenten", en="no code has {n} or more coded segments yet")

if TYPE_CHECKING:  # pragma: no cover
    from workbench.coding.agreement import Agreement
    from workbench.coding.evaluate import Evaluation
    from workbench.coding.partitions import Progress
    from workbench.codebook.model import Codebook
    from workbench.corpus.model import Segment
    from workbench.settings import SuggestSettings
    from workbench.store import Store


def study_units(store: Store, unit: str = "sentence", *, include_interviewer: bool = False) -> list[Segment]:
    """Every segment of one unit across the current documents, in document order.

    Turns and paragraphs get the lemmas of the sentences inside them (only sentences
    store lemmas), so keyword rules and TF-IDF see lemmas at every unit.
    """
    from workbench.corpus.model import Corpus, canonical_unit

    unit = canonical_unit(unit)  # 'zin' -> 'sentence'; an unknown unit lists the valid ones
    corpus = Corpus(store)
    out: list[Segment] = []
    for doc in corpus.documents():
        segs = corpus.segments(doc.id, version=doc.version)
        units = [s for s in segs if s.unit == unit and (include_interviewer or not s.is_interviewer)]
        if unit != "sentence":
            sentences = [s for s in segs if s.unit == "sentence"]
            units = [replace(u, lemmas=tuple(w for s in sentences if u.start <= s.start and s.end <= u.end for w in s.lemmas)) for u in units]
        out.extend(units)
    return out


def rejected_suggestions(store: Store) -> list[Any]:
    """The suggestions people turned down (remove events with source ``rejected``):
    counter-examples for the learned suggester."""
    return [e for e in store.events() if e.kind == "remove" and e.source == "rejected" and e.doc_id is not None]


def people_codings(store: Store) -> list[Any]:
    """The current codings made by people (no suggestions)."""
    from workbench.coding.events import current_codings

    return [c for c in current_codings(store) if not c.is_suggestion]


@dataclass(frozen=True)
class SuggestReport:
    """What ``workbench suggest`` did: suggestions stored per suggester, and the learned
    suggester's quality per code (empty if it did not run)."""

    unit: str
    n_units: int
    stored: dict[str, int]
    seconds: dict[str, float]
    quality: Any = None  # DataFrame of LearnedSuggester.quality_
    next_to_code: list[tuple[str, int, int, float]] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    #: on a cluster, what the embedding step did (partitions.EmbedReport as a dict; empty otherwise)
    embedded: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        import math

        quality = []
        if self.quality is not None:
            for rec in self.quality.to_dict("records"):
                quality.append({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in rec.items()})
        return {
            "unit": self.unit, "n_units": self.n_units, "stored": self.stored, "seconds": self.seconds, "skipped": self.skipped,
            "quality": quality, "embedded": self.embedded, "next_to_code": [{"doc_id": d, "start": s, "end": e, "uncertainty": u} for d, s, e, u in self.next_to_code],
        }


def run_suggest(
    store: Store, settings: SuggestSettings, codebook: Codebook, version: int, suggester: str = "all", *, unit: str = "sentence", save: bool = True,
    client: Any = None, progress: Progress | None = None,
) -> SuggestReport:
    """Fit the suggesters on the study's store and store their suggestions (bulk, as suggestions;
    ``save=False`` only counts them) under codebook ``version``.

    ``learned`` is skipped (and says why) while no code has enough codings by people.
    With a Dask ``client`` the texts are embedded and the suggestions predicted in
    partitions on its workers (:mod:`workbench.coding.partitions`); fitting and storing
    stay here, and the stored suggestions equal a one-process run's. ``progress`` is told
    (stage, partitions done, partitions in all) on a cluster.
    """
    from workbench.coding.suggest import SUGGESTERS, store_suggestions

    names = list(SUGGESTERS) if suggester == "all" else [suggester]
    for name in names:
        if name not in SUGGESTERS:
            raise SuggestError(None, t("coding_unknown_suggester", name=name), t("coding_unknown_suggester_fix"))
    from workbench.corpus.model import canonical_unit

    unit = canonical_unit(unit)
    units = study_units(store, unit)
    run = _Run(store, settings, codebook, units, people_codings(store), client, progress)
    if client is not None and {"similarity", "learned"} & set(names):
        run.embed_all()  # the rules use no embeddings
    for name in names:
        t0 = time.perf_counter()
        found = run.suggest(name)
        if found is None:
            continue
        coder, suggestions = found
        run.stored[coder] = store_suggestions(store, suggestions, version) if save else len(suggestions)
        run.seconds[coder] = round(time.perf_counter() - t0, 2)
    return SuggestReport(unit, len(units), run.stored, run.seconds, run.quality, run.next_to_code, run.skipped, run.embedded)


@dataclass
class _Run:
    """One ``run_suggest``: what every suggester needs, and what they report."""

    store: Store
    settings: SuggestSettings
    codebook: Codebook
    units: list[Any]
    codings: list[Any]
    client: Any = None
    progress: Progress | None = None
    stored: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    quality: Any = None
    next_to_code: list[tuple[str, int, int, float]] = field(default_factory=list)
    embedded: dict[str, Any] = field(default_factory=dict)

    def embed_all(self) -> None:
        """On a cluster, first every unit's text not cached yet, in partitions on the workers:
        fitting and predicting then find each vector in the cache (see partitions.py)."""
        from workbench.coding.partitions import embed_partitioned, embedding_spec

        spec = embedding_spec(self.settings.embedding)
        if spec is None:
            return  # TF-IDF only: nothing to embed
        report = embed_partitioned(self.client, spec, [u.text for u in self.units], self.store, progress=self.progress)
        self.embedded = asdict(report)

    def make(self, name: str) -> Any:
        from workbench.coding.suggest import make_suggester

        params: dict[str, Any] = {}
        if name == "learned":
            params = {"min_examples": self.settings.min_examples, "threshold": threshold_value(self.settings.threshold)}
        elif name == "similarity":
            params = {"rate": self.settings.similarity_rate}
        return make_suggester(name, embedding=self.settings.embedding, cache=self.store, **params)  # embeddings cached per (model, text hash)

    def suggest(self, name: str) -> tuple[str, list[Any]] | None:
        """Fit one suggester and predict (here or in partitions): (its coder name, suggestions),
        or None when it is skipped (the reason in ``skipped``)."""
        import numpy as np

        from workbench.coding.suggest import LearnedSuggester

        model = self.make(name)
        if not isinstance(model, LearnedSuggester):
            # the rules cite the nearest sentence a person coded: they get the codings too
            model.fit(self.codebook, self.units, self.codings if name == "rules" else ())
            return model.coder, self.predict(model, self.units)[0]
        if not self.codings:
            self.skipped[name] = str(t("coding_skipped_no_codings"))
            return None
        model.fit(self.codebook, self.units, self.codings, rejected=rejected_suggestions(self.store))
        self.quality = model.quality_
        if not model.codes_:
            self.skipped[name] = str(t("coding_skipped_too_few", n=self.settings.min_examples))
            return None
        coded_docs = {c.doc_id for c in self.codings}
        todo = [u for u in self.units if u.doc_id not in coded_docs]
        suggestions, unsure = self.predict(model, todo, uncertainty=True)
        ranked = [(todo[i], float(unsure[i])) for i in np.argsort(-unsure, kind="stable")[:20]] if len(todo) else []
        self.next_to_code = [(s.doc_id, s.start, s.end, u) for s, u in ranked]
        return model.coder, suggestions

    def predict(self, model: Any, targets: list[Any], *, uncertainty: bool = False) -> tuple[list[Any], Any]:
        """Suggestions (and the learned suggester's uncertainty) here, or on the cluster."""
        if self.client is None:
            return model.predict(targets), (model.uncertainty(targets) if uncertainty else None)
        from workbench.coding.partitions import predict_partitioned

        return predict_partitioned(self.client, model, targets, self.store, uncertainty=uncertainty, progress=self.progress)


def run_agreement(
    store: Store, coders: Sequence[str], *, unit: str = "sentence", codes: Sequence[str] | None = None, suggester: str | None = None,
    settings: SuggestSettings | None = None, codebook: Codebook | None = None,
) -> Agreement:
    """Agreement between ``coders`` on the study's store at ``unit`` (see :mod:`workbench.coding.agreement`),
    and, when ``suggester`` is named (``learned`` or ``rules``; ``study.agreement()`` names
    ``learned`` by default), that suggester's agreement with each of them
    (:func:`workbench.coding.evaluate.suggester_agreement`: the learned one scored on
    documents it did not learn from; it needs the suggest ``settings`` and the ``codebook``)."""
    from workbench.coding.agreement import compute_agreement
    from workbench.coding.evaluate import suggester_agreement
    from workbench.corpus.model import canonical_unit

    unit = canonical_unit(unit)
    codings = people_codings(store)
    units = study_units(store, unit)
    result = compute_agreement(codings, units, coders, unit=unit, codes=codes)
    if suggester is None:
        return result
    if suggester not in ("rules", "learned"):
        raise SuggestError(None, t("coding_unknown_suggester", name=suggester), t("agreement_suggester_fix"))
    if settings is None or codebook is None:  # i18n: developer
        raise TypeError("run_agreement with a suggester needs settings and codebook")  # i18n: developer
    params = {"min_examples": settings.min_examples, "threshold": threshold_value(settings.threshold)} if suggester == "learned" else {}
    measured = suggester_agreement(
        codebook, units, codings, list(result.coders), suggester=suggester, codes=list(result.per_code["code_id"]), params=params, cache=store,
    )
    return replace(result, suggester=measured)


def run_evaluate(
    store: Store, settings: SuggestSettings, codebook: Codebook, gold: str | Path, *, train_fraction: float = 0.3, seed: int = 1, unit: str = "sentence",
    suggesters: Sequence[str] = ("rules", "similarity", "learned"),
) -> Evaluation:
    """Score the suggesters against a gold coding file (CSV/XLSX as for ``code import``)."""
    from workbench.coding.evaluate import evaluate_suggesters
    from workbench.coding.io import read_codings_table

    from workbench.corpus.model import canonical_unit

    unit = canonical_unit(unit)
    from workbench.corpus.model import Corpus

    rows = read_codings_table(gold, Corpus(store))
    docs = {r.doc_id for r in rows}
    units = [u for u in study_units(store, unit) if u.doc_id in docs]
    cache = store  # embeddings cached per (model, text hash)
    return evaluate_suggesters(
        codebook, units, rows, train_fraction=train_fraction, seed=seed, suggesters=suggesters, embedding=settings.embedding,
        unit=unit, cache=cache, learned_params={"min_examples": settings.min_examples, "threshold": threshold_value(settings.threshold)},
    )
