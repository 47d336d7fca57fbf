"""Themes against the codebook: which codes people used where a theme lives, and what no code covers.

The **alignment** is a code x theme contingency table: for each theme (after people's
edits) and each code, the number of the theme's members that overlap a span coded with
that code by a person (``manual``) or by a person accepting a suggestion (``accepted``);
pending suggestions never count. A theme is **covered** when one code reaches
``min_coverage`` of its members. An uncovered theme of enough size is a **candidate code**
with a drafted definition (its keywords and quotes), which ``adopt`` writes into the
codebook YAML as a revision (a new codebook version).

The drafted code (label, definition, include) is written in Dutch whatever the interface
language: it goes into the codebook, whose labels are keyed ``nl`` and whose definitions
are the study's Dutch; messages about it follow the interface language.

Example:
    >>> alignment(store)                                   # doctest: +SKIP
    >>> candidate_codes(store, settings)[0].definition     # doctest: +SKIP
    >>> adopt_theme(store, settings, 4, author="anna")     # doctest: +SKIP

(``Study`` composes these: ``study.theme_alignment()``, ``study.candidate_codes()``, ``study.adopt_theme(4)``.)

In a codebook-guided run a theme that started from a code is covered by that code by
construction of the question ("is this code's theme there?"); a new theme is a candidate
code when no person's coding covers it either.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import ThemeError
from workbench.i18n import add, t
from workbench.themes.runs import EffectiveTheme, effective_themes, get_run, visible_quotes

if TYPE_CHECKING:
    import pandas as pd

    from workbench.settings import Settings
    from workbench.store import Store

#: the share of a theme's members one code must reach for the theme to count as covered
MIN_COVERAGE = 0.2

add("themes_size_row", nl="(fragmenten)", en="(segments)")
add("themes_not_in_run", nl="er is geen thema {theme_id} in run {run_id}", en="there is no theme {theme_id} in run {run_id}")
add("themes_adopted_note", nl="uit thema {theme_id} van themarun {run_id}", en="from theme {theme_id} of theme run {run_id}")


@dataclass(frozen=True)
class CandidateCode:
    """A theme no code covers, drafted as a code for the codebook."""

    theme_id: int
    run_id: int
    id: str
    label: str
    definition: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    size: int
    best_code: str | None
    best_coverage: float

    def to_code(self) -> dict[str, Any]:
        """The code as the codebook YAML holds it."""
        return {
            "id": self.id, "label": {"nl": self.label}, "definition": self.definition,
            "include": "Fragmenten waarin het gaat over: " + ", ".join(self.keywords[:6]) + ".",
            "examples": list(self.examples), "keywords": [k for k in self.keywords[:6] if re.fullmatch(r"[a-zà-ÿ0-9-]+", k)],
        }


def _coverage(store: Store, run_id: int | None) -> tuple[Any, dict[int, EffectiveTheme], dict[int, dict[str, int]]]:
    run = get_run(store, run_id)
    state = effective_themes(store, run.id)
    codings = [c for c in store.current_codings() if c.source in ("manual", "accepted")]
    by_doc: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for c in codings:
        by_doc[(c.doc_id, c.doc_version)].append(c)
    table: dict[int, dict[str, int]] = {}
    for t in state.values():
        counts: dict[str, set[Any]] = defaultdict(set)
        for key in t.members:
            doc, version, start, end = key
            for c in by_doc.get((doc, version), ()):
                if c.start < end and start < c.end:
                    counts[c.code_id].add(key)
        table[t.id] = {code: len(keys) for code, keys in counts.items()}
    return run, state, table


def alignment(store: Store, run_id: int | None = None) -> pd.DataFrame:
    """Code x theme: members of each theme that overlap a person's coding of each code.

    Columns are themes (``"<id> <label>"``), rows code ids, plus a row with each theme's
    size, named in the interface language (``(fragmenten)``, ``(segments)``: key ``themes_size_row``).
    """
    import pandas as pd

    run, state, table = _coverage(store, run_id)
    codes = sorted({c for row in table.values() for c in row})
    columns = {theme.id: f"{theme.id} {theme.name}" for theme in sorted(state.values(), key=lambda x: x.id)}
    data = {columns[tid]: [table[tid].get(c, 0) for c in codes] + [state[tid].size] for tid in columns}
    return pd.DataFrame(data, index=[*codes, t("themes_size_row")])


def candidate_codes(store: Store, settings: Settings, run_id: int | None = None, *, min_coverage: float = MIN_COVERAGE, min_size: int = 3) -> list[CandidateCode]:
    """Themes that no code covers, as drafted codes: new themes (not started from a code)
    on which no code reaches ``min_coverage`` of the members in people's codings."""
    run, state, table = _coverage(store, run_id)
    codebook = _codebook_ids(settings)
    out = []
    for t in sorted(state.values(), key=lambda x: (-x.size, x.id)):
        if t.size < min_size or t.code_id is not None:
            continue
        best_code, best = max(table[t.id].items(), key=lambda kv: (kv[1], kv[0]), default=(None, 0))
        coverage = best / t.size if t.size else 0.0
        if coverage >= min_coverage:
            continue
        out.append(_draft(run.id, t, best_code, round(coverage, 3), codebook, visible_quotes(store, t.quotes)))
    return out


def _draft(run_id: int, theme: EffectiveTheme, best_code: str | None, coverage: float, existing: set[str], shown: list[dict[str, Any]]) -> CandidateCode:
    words = tuple(theme.keywords)
    label = theme.human_label or (words[0].capitalize() + (" en " + words[1] if len(words) > 1 else "") if words else f"Thema {theme.id}")
    quotes = tuple(q["text"] for q in shown[:2])  # never a quote flagged as identifying
    definition = (
        f"Thema uit de analyse (run {run_id}, thema {theme.id}, {theme.size} fragmenten) dat nog geen code dekt. "
        f"Het gaat over {_enumerate(words[:5])}."
        + (f" Bijvoorbeeld: \u201c{_short(quotes[0])}\u201d" if quotes else "")
        + " (Concept: scherp deze definitie aan in de co-designsessie.)"
    )
    return CandidateCode(
        theme_id=theme.id, run_id=run_id, id=_unique(slug(label), existing), label=label, definition=definition, keywords=words,
        examples=tuple(_short(q, 200) for q in quotes), size=theme.size, best_code=best_code, best_coverage=coverage,
    )


def adopt_theme(store: Store, settings: Settings, theme_id: int, *, run_id: int | None = None, code_id: str | None = None, label: str | None = None,
                parent: str | None = None, author: str | None = None) -> Any:
    """Write a theme into the codebook YAML as a new code (a codebook revision); returns the Revision."""
    import getpass

    from workbench.codebook.revise import add_code

    run, state, table = _coverage(store, run_id)
    if theme_id not in state:
        raise ThemeError(None, t("themes_not_in_run", theme_id=theme_id, run_id=run.id), t("themes_choose_one_of", ids=", ".join(str(i) for i in sorted(state))))
    theme = state[theme_id]
    best_code, best = max(table[theme.id].items(), key=lambda kv: (kv[1], kv[0]), default=(None, 0))
    draft = _draft(run.id, theme, best_code, round(best / max(1, theme.size), 3), _codebook_ids(settings), visible_quotes(store, theme.quotes))
    code = draft.to_code()
    if label:
        code["label"] = {"nl": label}
    if code_id or label:
        code["id"] = code_id or _unique(slug(label or draft.label), _codebook_ids(settings))
    return add_code(store, settings.codebook_path, code, parent=parent, author=author or getpass.getuser(),
                    note=t("themes_adopted_note", theme_id=theme_id, run_id=run.id))


def _codebook_ids(settings: Settings) -> set[str]:
    from workbench.codebook.yaml_io import read_codebook

    try:
        return {c.id for _, c in read_codebook(settings.codebook_path).walk()}
    except FileNotFoundError:
        return set()


def slug(text: str) -> str:
    """A code id from a label: lower case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:5]) or "thema"


def _unique(base: str, existing: set[str]) -> str:
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _enumerate(words: tuple[str, ...]) -> str:
    words = tuple(words)
    if not words:
        return "(geen woorden)"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "\u2026"
