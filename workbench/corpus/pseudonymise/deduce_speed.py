"""deduce's hot paths, done once instead of again and again: the same annotations, faster.

Profiled on the demo corpus copied to 220,000 words (issue 21), deduce took two thirds of
pseudonymisation time, and most of that was not its patterns but bookkeeping around them:

* tokenising: a frozen dataclass ``Token`` built through its checking ``__init__`` per
  word, then linked to its neighbours through ``object.__setattr__`` in a second pass;
* every lookup annotator (seven of them) rebuilt the list of token texts, and looked
  the start words up by building a set of tokens (hashing each) and sorting it back;
* each token's lower-case form was computed again for every document;
* token patterns ("a prefix, then an initial") were interpreted anew for every token:
  a dictionary unpacked, its key compared against a chain of names, a regex looked up
  in ``re``'s cache; a neighbour found through two method calls;
* the redactor wrote a de-identified text nobody reads (the workbench replaces spans itself);
* a third of deduce's time went to Python's cycle collector: tokens link to their
  neighbours both ways, so a document's tokens were garbage only the collector could
  free, and while a document was processed the collector ran again and again over its
  live tokens. :func:`.deduce_wiring.deduce_annotations` pauses it for one document and
  unlinks the tokens after, so reference counting frees them at once.

Imported by :func:`.deduce_wiring.load_deduce` only: importing deduce sets up logging.

The classes here are deduce's and docdeid's own, with those paths done once; an
installed deduce is switched to them by :func:`speed_up` (its objects keep their state:
lists, tries, patterns). What they find is exactly what deduce finds: a test compares
every annotation on the demo corpus and the benchmark texts with and without them.

Example:
    >>> speed_up(load_deduce())        # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from docdeid import Annotation, Token
from docdeid.process import MultiTokenLookupAnnotator
from docdeid.tokenizer import TokenList
from deduce.annotator import ContextAnnotator, TokenPatternAnnotator
from deduce.tokenizer import DeduceTokenizer

#: pipeline key -> token text -> the text through that pipeline (across documents; bounded)
_PIPED: dict[str, dict[str, str]] = {}
_PIPED_MAX = 200_000


def _piped(texts: list[str], pipeline: list[Any] | None) -> list[str]:
    """The texts through a matching pipeline (lower-casing, mostly), each distinct word once."""
    if not pipeline:
        return texts
    memo = _PIPED.setdefault(str(pipeline), {})
    if len(memo) > _PIPED_MAX:
        memo.clear()
    out = []
    for text in texts:
        done = memo.get(text)
        if done is None:
            done = text
            for modifier in pipeline:
                done = modifier.process(done)
            memo[text] = done
        out.append(done)
    return out


class FastTokenList(TokenList):
    """docdeid's TokenList with its lookups computed once per pipeline, as lists."""

    def __init__(self, tokens: list[Token]) -> None:  # noqa: D107 - tokens come linked
        self._tokens = tokens
        self._index: dict[Token, int] | None = None
        self._words: dict[str, set[str]] = {}
        self._text_to_tokens: dict[str, defaultdict[str, list[Token]]] = {}
        self._texts: dict[str, list[str]] = {}
        self._positions: dict[str, dict[str, list[int]]] = {}

    @property
    def _token_index(self) -> dict[Token, int]:  # type: ignore[override]
        if self._index is None:
            self._index = {token: i for i, token in enumerate(self._tokens)}
        return self._index

    def texts(self, matching_pipeline: list[Any] | None = None) -> list[str]:
        """Each token's text through the pipeline, in token order."""
        key = str(matching_pipeline or [])
        if key not in self._texts:
            raw = self._texts.get("[]")
            if raw is None:
                raw = self._texts["[]"] = [t.text for t in self._tokens]
            self._texts[key] = _piped(raw, matching_pipeline)
        return self._texts[key]

    def get_words(self, matching_pipeline: list[Any] | None = None) -> set[str]:
        key = str(matching_pipeline or [])
        if key not in self._words:
            self._words[key] = set(self.texts(matching_pipeline))
        return self._words[key]

    def positions(self, words: set[str], matching_pipeline: list[Any] | None = None) -> list[int]:
        """Indices of the tokens whose text (through the pipeline) is one of ``words``, in order."""
        key = str(matching_pipeline or [])
        where = self._positions.get(key)
        if where is None:
            where = self._positions[key] = {}
            for i, w in enumerate(self.texts(matching_pipeline)):
                at = where.get(w)
                if at is None:
                    where[w] = [i]
                else:
                    at.append(i)
        hits = where.keys() & words
        if len(hits) == 1:
            return list(where[hits.pop()])
        return sorted(i for w in hits for i in where[w])

    def token_lookup(self, lookup_values: set[str], matching_pipeline: list[Any] | None = None) -> set[Token]:
        hits = self.get_words(matching_pipeline).intersection(lookup_values)
        if not hits:
            return set()
        return {t for t, w in zip(self._tokens, self.texts(matching_pipeline)) if w in hits}


class FastDeduceTokenizer(DeduceTokenizer):
    """deduce's tokenizer; tokens made without the dataclass's checks (their span is the
    match's own) and linked as they are made."""

    def _split_text(self, text: str) -> list[Token]:
        new = object.__new__
        tokens = []
        pos = 0
        find = text.find
        # the pattern skips only runs of one to three spaces, so each token is the first
        # occurrence of its text from the end of the one before
        for word in self._pattern.findall(text):
            start = find(word, pos)
            pos = start + len(word)
            token = new(Token)
            token.__dict__.update(text=word, start_char=start, end_char=pos, _previous_token=None, _next_token=None)
            tokens.append(token)
        if self._trie is not None and not self._start_words.isdisjoint(t.text for t in tokens):
            tokens = self._merge(text, tokens)
        return tokens

    def tokenize(self, text: str) -> TokenList:
        tokens = self._split_text(text)
        if self.link_tokens:
            for before, after in zip(tokens, tokens[1:]):
                before.__dict__["_next_token"] = after
                after.__dict__["_previous_token"] = before
        return FastTokenList(tokens)


class FastMultiTokenLookupAnnotator(MultiTokenLookupAnnotator):
    """docdeid's multi-token lookup; start tokens found on the cached text list."""

    def annotate(self, doc: Any) -> list[Annotation]:
        tokens = doc.get_tokens()
        if not isinstance(tokens, FastTokenList):
            return super().annotate(doc)
        starts = tokens.positions(self._start_words, self._matching_pipeline)
        tokens_text = tokens.texts()
        annotations = []
        min_i = 0
        for i in starts:
            if i < min_i:
                continue
            prefix = self._trie.longest_matching_prefix(tokens_text, start_i=i)
            if prefix is None:
                continue
            start_token, end_token = tokens[i], tokens[i + len(prefix) - 1]
            annotations.append(
                Annotation(
                    text=doc.text[start_token.start_char : end_token.end_char], start_char=start_token.start_char,
                    end_char=end_token.end_char, start_token=start_token, end_token=end_token, tag=self.tag, priority=self.priority,
                )
            )
            if not self.overlapping:
                min_i = i + len(prefix)
        return annotations


def _predicate(position: dict[str, Any], ds: Any) -> Callable[[str], bool]:
    """One position of a deduce token pattern as a test on a token's text, with the
    meaning deduce's ``_PatternPositionMatcher.match`` gives it."""
    if len(position) > 1:
        raise ValueError(f"Cannot parse token pattern ({position}) with more than 1 key")  # i18n: developer (deduce's own message)
    func, value = next(iter(position.items()))
    if func == "equal":
        return lambda t: t == value
    if func == "re_match":
        rx = re.compile(value)
        return lambda t: rx.match(t) is not None
    if func == "is_initials":
        return lambda t: (len(t) <= 4 and t.isupper()) == value
    if func == "like_name":
        return lambda t: (len(t) >= 3 and t.istitle() and not any(ch.isdigit() for ch in t)) == value
    if func in ("lookup", "neg_lookup"):
        struct = ds[value]
        return (lambda t: t in struct) if func == "lookup" else (lambda t: t not in struct)
    if func in ("and", "or"):
        parts = [_predicate(x, ds) for x in value]
        return (lambda t: all(p(t) for p in parts)) if func == "and" else (lambda t: any(p(t) for p in parts))
    raise NotImplementedError(f"No known logic for pattern {func}")  # i18n: developer (deduce's own message)


#: answers kept per test (words repeat: most tokens are answered from memory); a bound, as
#: a national corpus has millions of distinct tokens and some tests see every one
_MEMO_MAX = 100_000


def _remembered(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """The test, each distinct text answered once (the tests depend on the text alone)."""
    memo: dict[str, bool] = {}

    def remembered(text: str) -> bool:
        answer = memo.get(text)
        if answer is None:
            if len(memo) > _MEMO_MAX:
                memo.clear()
            answer = memo[text] = bool(test(text))
        return answer

    return remembered


class _FastPatterns:
    """deduce's pattern matching with each pattern turned into tests once."""

    # the methods are copied into the classes below (a mixin base would change their
    # layout, and a loaded annotator could not switch class)
    ds: Any
    tag: str
    priority: int

    def _tests(self, pattern: list[dict[str, Any]]) -> list[Callable[[str], bool]]:
        cache: dict[int, tuple[list[dict[str, Any]], list[Callable[[str], bool]]]] = self.__dict__.setdefault("_compiled", {})
        hit = cache.get(id(pattern))
        if hit is None or hit[0] is not pattern:
            hit = cache[id(pattern)] = (pattern, [_remembered(_predicate(p, self.ds)) for p in pattern])
        return hit[1]

    @staticmethod
    def _get_chained_token(token: Token, attr: str, skip: set[str]) -> Token | None:
        link = "_next_token" if attr == "next" else "_previous_token"
        while True:
            token = getattr(token, link)
            if token is None or token.text not in skip:
                return token

    def _match_sequence(
        self, text: str, pattern: list[dict[str, Any]], start_token: Token, direction: str = "right", skip: set[str] | None = None,
    ) -> Annotation | None:
        skip = skip or set()
        tests = self._tests(pattern)
        attr = "next" if direction == "right" else "previous"
        current: Token | None = start_token
        end_token = start_token
        for test in tests if direction == "right" else reversed(tests):
            if current is None or not test(current.text):
                return None
            end_token = current
            current = self._get_chained_token(current, attr, skip)
        if direction != "right":
            start_token, end_token = end_token, start_token
        return Annotation(
            text=text[start_token.start_char : end_token.end_char], start_char=start_token.start_char, end_char=end_token.end_char,
            tag=self.tag, priority=self.priority, start_token=start_token, end_token=end_token,
        )


class FastTokenPatternAnnotator(TokenPatternAnnotator):
    """deduce's TokenPatternAnnotator, patterns compiled once; without a start-word list,
    only the tokens that pass the pattern's first test are tried (the others fail there)."""

    def annotate(self, doc: Any) -> list[Annotation]:
        tokens = doc.get_tokens()
        if self._start_words is not None or not isinstance(tokens, FastTokenList) or not self.pattern:
            return super().annotate(doc)
        first = self._tests(self.pattern)[0]
        words = {w for w in tokens.get_words() if first(w)}
        annotations = []
        for i in tokens.positions(words):
            annotation = self._match_sequence(doc.text, self.pattern, tokens[i], direction="right", skip=self.skip)
            if annotation is not None:
                annotations.append(annotation)
        return annotations

    _tests = _FastPatterns._tests
    _get_chained_token = staticmethod(_FastPatterns._get_chained_token)
    _match_sequence = _FastPatterns._match_sequence


class FastContextAnnotator(ContextAnnotator):
    """deduce's ContextAnnotator, patterns compiled once."""

    _tests = _FastPatterns._tests
    _get_chained_token = staticmethod(_FastPatterns._get_chained_token)
    _match_sequence = _FastPatterns._match_sequence


#: deduce's classes -> the same with their hot paths done once (exact types only: a
#: subclass may have logic of its own)
_FASTER: dict[type, type] = {
    DeduceTokenizer: FastDeduceTokenizer,
    MultiTokenLookupAnnotator: FastMultiTokenLookupAnnotator,
    TokenPatternAnnotator: FastTokenPatternAnnotator,
    ContextAnnotator: FastContextAnnotator,
}


def _processors(group: Any) -> list[Any]:
    out = []
    for name in group.get_names(recursive=False):
        proc = group[name]
        out.extend(_processors(proc) if hasattr(proc, "get_names") else [proc])
    return out


def speed_up(deduce: Any) -> Any:
    """Switch a loaded Deduce's tokenizers and annotators to the classes above, in place."""
    for obj in [*deduce.tokenizers.values(), *_processors(deduce.processors)]:
        faster = _FASTER.get(type(obj))
        if faster is not None:
            obj.__class__ = faster
    return deduce
