"""Typed variables: the closed questions of a survey and the columns of a metadata sheet.

A survey export becomes one document per open answer; the respondent's other columns ride
along in each answer's metadata. Here they become variables with a type:

- ``ordinal`` with its order (a Likert scale *nooit < soms < vaak < altijd*, age groups
  *40-64 < 65-79 < 80+*, numbered answers *1 - nooit < 2 - soms*),
- ``yesno`` (*nee < ja*), ``numeric``, ``date``, ``categorical``,

declared in ``workbench.toml`` (``[mixed.variables.NAME]``) or detected, and the detection
is reported (:attr:`Variable.how`). A column that is free text or an identifier is no
variable; :func:`build_variables` says so. Values are kept per **respondent** for survey
answers (every open answer of one respondent shares them), per **document** otherwise,
and per **initiative** for the initiatives sheet (``[mixed] initiatives``). "Weet niet"
and missing answers are kept apart from answers (status ``dont_know`` / ``missing``).

Example:
    >>> from workbench.mixed.variables import detect_type
    >>> detect_type(["nooit", "vaak", "soms", "altijd", "soms"]).levels
    ('nooit', 'soms', 'vaak', 'altijd')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import ConfigError, MixedError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workbench.corpus.model import Document
    from workbench.settings import Settings
    from workbench.store import Store

TYPES = ("categorical", "ordinal", "numeric", "date", "yesno")
SCOPES = ("respondent", "document", "initiative")
#: the columns of a survey answer's metadata that are bookkeeping, not questions
BOOKKEEPING = {"_row", "question", "format", "encoding", "qdpx", "qdpx_source", "memo", "qdpx_variable_types"}
ID_COLUMNS = ("respondent_id", "respondent", "respondentnummer", "respondentid", "responseid", "response_id", "id", "nr")
#: a categorical variable has at most this many categories (more: free text or an identifier)
MAX_CATEGORIES = 15
#: pseudo-variables every study has: they come from the documents' own columns
BUILT_IN = ("initiative", "role", "kind")

#: answer scales in their order, lower case; the smallest scale holding every answer wins
SCALES: tuple[tuple[str, ...], ...] = (
    ("nooit", "soms", "vaak", "altijd"),
    ("nooit", "zelden", "soms", "vaak", "altijd"),
    ("nooit", "zelden", "soms", "regelmatig", "vaak", "altijd"),
    ("nooit", "minder dan maandelijks", "maandelijks", "wekelijks", "dagelijks"),
    ("nooit", "minder dan eens per maand", "maandelijks", "wekelijks", "dagelijks"),
    ("helemaal niet", "een beetje", "redelijk", "veel", "heel veel"),
    ("helemaal niet", "een beetje", "best wel", "heel erg"),
    ("helemaal oneens", "oneens", "neutraal", "eens", "helemaal eens"),
    ("zeer oneens", "oneens", "neutraal", "eens", "zeer eens"),
    ("helemaal niet mee eens", "niet mee eens", "neutraal", "mee eens", "helemaal mee eens"),
    ("zeer ontevreden", "ontevreden", "neutraal", "tevreden", "zeer tevreden"),
    ("zeer slecht", "slecht", "matig", "redelijk", "goed", "zeer goed"),
    ("slecht", "matig", "redelijk", "goed", "zeer goed"),
    ("veel minder", "minder", "gelijk", "meer", "veel meer"),
    ("minder", "gelijk", "meer"),
    ("never", "sometimes", "often", "always"),
    ("never", "rarely", "sometimes", "often", "always"),
)
YES = {"ja", "j", "yes", "y", "waar", "true"}
NO = {"nee", "n", "no", "onwaar", "false"}
RANGE = re.compile(r"^\s*(?:(\d+)\s*(?:-|–|tot|t/m)\s*\d+|(\d+)\s*\+|(?:<|tot|jonger dan)\s*(\d+)|(\d+)\s*(?:jaar )?(?:en|of) ouder)\s*(?:jaar)?\s*$", re.I)
NUMBERED = re.compile(r"^\s*(\d+)\s*[-.:=)]\s*\S")
NUMBER = re.compile(r"^\s*[-+]?\d+(?:[.,]\d+)?\s*$")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y")

add("mixed_unknown_variable", nl="geen variabele '{name}' in de studie", en="no variable '{name}' in the study")
add("mixed_known_variables", nl="bekende variabelen: {names}", en="known variables: {names}")
add("mixed_no_variables", nl="de studie heeft nog geen variabelen: lees een enquête of een metadatablad met extra kolommen in ('workbench ingest')", en="the study has no variables yet: ingest a survey or a metadata sheet with extra columns ('workbench ingest')")
add("mixed_declared_bad_type", nl="[mixed.variables.{name}] type '{value}' is geen bekend type", en="[mixed.variables.{name}] type '{value}' is not a known type")
add("mixed_declared_bad_type_fix", nl="kies een van: {types}", en="use one of: {types}")
add("mixed_declared_bad_key", nl="[mixed.variables.{name}] kent de sleutel '{key}' niet", en="[mixed.variables.{name}] has an unknown key '{key}'")
add("mixed_declared_bad_key_fix", nl="gebruik type, levels, label, scope, missing, dont_know of ignore", en="use type, levels, label, scope, missing, dont_know or ignore")
add("mixed_declared_not_table", nl="[mixed.variables.{name}] moet een tabel zijn", en="[mixed.variables.{name}] must be a table")
add("mixed_declared_not_table_fix", nl="schrijf [mixed.variables.{name}] op een eigen regel met type = \"...\" eronder", en="write [mixed.variables.{name}] on a line of its own with type = \"...\" below it")
add("mixed_declared_ordinal_levels", nl="[mixed.variables.{name}] is ordinaal maar heeft geen levels", en="[mixed.variables.{name}] is ordinal but has no levels")
add("mixed_declared_ordinal_levels_fix", nl="zet de antwoorden in hun volgorde erbij: levels = [\"nooit\", \"soms\", \"vaak\", \"altijd\"]", en="list the answers in their order: levels = [\"nooit\", \"soms\", \"vaak\", \"altijd\"]")
add("mixed_declared_off_scale", nl="variabele '{name}': {n} antwoord(en) staan niet in de levels van workbench.toml ({values}); ze tellen als ontbrekend", en="variable '{name}': {n} answer(s) are not among the levels in workbench.toml ({values}); they count as missing")
add("mixed_initiatives_sheet", nl="[mixed] initiatives: het blad {path} heeft geen kolom 'initiative' of 'initiatief'", en="[mixed] initiatives: the sheet {path} has no column 'initiative' or 'initiatief'")
add("mixed_initiatives_sheet_fix", nl="noem de eerste kolom 'initiatief', met de namen zoals in het metadatablad", en="name the first column 'initiative', with the names as in the metadata sheet")
add("mixed_initiatives_missing", nl="[mixed] initiatives: het bestand {path} bestaat niet", en="[mixed] initiatives: the file {path} does not exist")
add("mixed_initiatives_missing_fix", nl="controleer het pad in workbench.toml (ten opzichte van de studiemap)", en="check the path in workbench.toml (relative to the study folder)")
# how a type was found: shown by 'workbench variables' and study.variables()
add("mixed_how_declared", nl="opgegeven in workbench.toml", en="declared in workbench.toml")
add("mixed_how_imported", nl="meegekomen met het REFI-QDA-project (.qdpx)", en="came with the REFI-QDA project (.qdpx)")
add("mixed_how_scale", nl="herkend: antwoordschaal {levels}", en="detected: answer scale {levels}")
add("mixed_how_ranges", nl="herkend: klassen op volgorde van hun getal", en="detected: ranges, ordered by their number")
add("mixed_how_numbered", nl="herkend: genummerde antwoorden, op volgorde van hun nummer", en="detected: numbered answers, in the order of their number")
add("mixed_how_yesno", nl="herkend: alleen ja en nee", en="detected: only yes and no")
add("mixed_how_numeric", nl="herkend: alleen getallen", en="detected: numbers only")
add("mixed_how_date", nl="herkend: alleen datums", en="detected: dates only")
add("mixed_how_categorical", nl="herkend: {n} categorieën zonder volgorde", en="detected: {n} categories without order")
add("mixed_how_builtin", nl="kolom van het document", en="a column of the document")
add("mixed_skip_text", nl="geen variabele: vrije tekst of een nummer per persoon ({n} verschillende antwoorden)", en="not a variable: free text or an identifier ({n} different answers)")
add("mixed_skip_empty", nl="geen variabele: geen antwoorden", en="not a variable: no answers")
add("mixed_type_categorical", nl="categorisch", en="categorical")
add("mixed_type_ordinal", nl="ordinaal", en="ordinal")
add("mixed_type_numeric", nl="getal", en="numeric")
add("mixed_type_date", nl="datum", en="date")
add("mixed_type_yesno", nl="ja/nee", en="yes/no")
add("mixed_scope_respondent", nl="per respondent", en="per respondent")
add("mixed_scope_document", nl="per document", en="per document")
add("mixed_scope_initiative", nl="per initiatief", en="per initiative")


@dataclass(frozen=True)
class Detected:
    """What :func:`detect_type` found: a type, its levels in order, how it was found."""

    type: str | None  # None: not a variable (free text, identifier, empty)
    levels: tuple[str, ...] = ()
    how: str = ""


@dataclass(frozen=True)
class Variable:
    """A typed variable with its counts (answers, missing, "weet niet")."""

    name: str
    type: str
    scope: str
    levels: tuple[str, ...] = ()
    label: str | None = None
    declared: bool = False
    how: str = ""
    source: str = ""
    n_answers: int = 0
    n_missing: int = 0
    n_dont_know: int = 0

    @property
    def is_ordered(self) -> bool:
        return self.type in ("ordinal", "yesno")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "type": self.type, "scope": self.scope, "levels": list(self.levels), "label": self.label,
            "declared": self.declared, "how": how_text(self.how), "source": self.source,
            "n_answers": self.n_answers, "n_missing": self.n_missing, "n_dont_know": self.n_dont_know,
        }


@dataclass
class VariableReport:
    """The outcome of :func:`build_variables`: the variables, the columns that are none (and
    why), and answers outside declared levels."""

    variables: list[Variable] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# -- detection ------------------------------------------------------------------------------
def _how(key: str, **values: Any) -> str:
    """How a type was found, stored language-free (a catalogue key and its values) and
    shown in the reader's language by :func:`how_text`."""
    import json

    return json.dumps({"k": key, "v": values}, ensure_ascii=False)


def how_text(how: str) -> str:
    """The stored detection note in the interface language."""
    import json

    try:
        data = json.loads(how)
        return str(t(data["k"], **data.get("v", {})))
    except (ValueError, KeyError, TypeError):
        return how


def _fold(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower())


def _parse_number(value: str) -> float | None:
    if not NUMBER.match(value):
        return None
    return float(value.strip().replace(",", "."))


def _parse_date(value: str) -> date | None:
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _first_number(value: str, pattern: re.Pattern[str]) -> int | None:
    m = pattern.match(value)
    if not m:
        return None
    return int(next(g for g in m.groups() if g is not None))


def _ordered_by_number(answers: Sequence[str], pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    spelled = _spellings(answers)
    keys = {k: _first_number(v, pattern) for k, v in spelled.items()}
    if any(n is None for n in keys.values()):
        return None
    # '<18' sorts before '18-39'; '80+' after '65-79'
    def order(k: str) -> tuple[int, int]:
        v = spelled[k]
        n = keys[k] or 0
        return (n, -1 if re.match(r"^\s*(<|tot|jonger)", v, re.I) else 1 if "+" in v or "ouder" in v.lower() else 0)

    return tuple(spelled[k] for k in sorted(keys, key=order))


def _spellings(answers: Iterable[str]) -> dict[str, str]:
    """Folded answer -> its most common spelling (so 'Soms' and 'soms' are one category)."""
    counts: dict[str, Counter[str]] = {}
    for a in answers:
        counts.setdefault(_fold(a), Counter())[a.strip()] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def detect_type(answers: Sequence[str]) -> Detected:
    """The type of a column from its answers (missing and "weet niet" already left out).

    >>> detect_type(["ja", "Nee", "ja"]).type
    'yesno'
    >>> detect_type(["80+", "40-64", "65-79"]).levels
    ('40-64', '65-79', '80+')
    """
    values = [a for a in answers if a.strip()]
    if not values:
        return Detected(None, (), _how("mixed_skip_empty"))
    folded = {_fold(v) for v in values}
    if folded <= YES | NO and folded & YES and folded & NO:
        return Detected("yesno", ("nee", "ja"), _how("mixed_how_yesno"))
    fitting = [s for s in SCALES if folded <= set(s)]
    if fitting and len(folded) >= 2:
        scale = min(fitting, key=len)
        spelled = _spellings(values)
        levels = tuple(spelled.get(level, level) for level in scale)
        return Detected("ordinal", levels, _how("mixed_how_scale", levels=" < ".join(levels)))
    if len(folded) >= 2 and all(RANGE.match(v) for v in folded):
        ranges = _ordered_by_number(values, RANGE)
        if ranges:
            return Detected("ordinal", ranges, _how("mixed_how_ranges"))
    if all(_parse_number(v) is not None for v in values):
        return Detected("numeric", (), _how("mixed_how_numeric"))
    if all(_parse_date(v) is not None for v in values):
        return Detected("date", (), _how("mixed_how_date"))
    if len(folded) >= 2 and all(NUMBERED.match(v) for v in folded) and len(folded) <= MAX_CATEGORIES:
        numbered = _ordered_by_number(values, NUMBERED)
        if numbered:
            return Detected("ordinal", numbered, _how("mixed_how_numbered"))
    n = len(folded)
    words = sorted(len(v.split()) for v in values)
    if words[len(words) // 2] >= 8:  # answers of a sentence or more: an open question, not a category
        return Detected(None, (), _how("mixed_skip_text", n=n))
    if n <= MAX_CATEGORIES and (n <= max(2, int(len(values) * 0.6))):
        spelled = _spellings(values)
        levels = tuple(sorted(spelled.values(), key=lambda s: s.lower()))
        return Detected("categorical", levels, _how("mixed_how_categorical", n=n))
    return Detected(None, (), _how("mixed_skip_text", n=n))


def classify(raw: Any, missing: set[str], dont_know: set[str]) -> str:
    """``answer``, ``missing`` or ``dont_know`` for one raw value.

    >>> classify("Weet niet", {""}, {"weet niet"})
    'dont_know'
    """
    text = "" if raw is None else _fold(str(raw))
    if text in ("nan", "none"):
        text = ""
    if text in dont_know:
        return "dont_know"
    if text in missing or not text:
        return "missing"
    return "answer"


def normalise_value(raw: str, var_type: str, levels: Sequence[str]) -> str | None:
    """The stored form of an answer: its level's spelling, a number, an ISO date; None when
    it does not fit the variable (an answer outside declared levels)."""
    if var_type in ("ordinal", "categorical"):
        by_fold = {_fold(level): level for level in levels}
        return by_fold.get(_fold(raw))
    if var_type == "yesno":
        f = _fold(raw)
        return "ja" if f in YES else "nee" if f in NO else None
    if var_type == "numeric":
        n = _parse_number(raw)
        return None if n is None else (str(int(n)) if n == int(n) else repr(n))
    if var_type == "date":
        d = _parse_date(raw)
        return None if d is None else d.isoformat()
    return None


# -- declarations --------------------------------------------------------------------------
_DECL_KEYS = {"type", "levels", "label", "scope", "missing", "dont_know", "ignore"}


def declarations(settings: Settings) -> dict[str, dict[str, Any]]:
    """The declared variables of ``[mixed.variables]``, checked (ConfigError names the key)."""
    where = str(settings.root / "workbench.toml")
    out: dict[str, dict[str, Any]] = {}
    for name, decl in (settings.mixed.variables or {}).items():
        if not isinstance(decl, dict):
            raise ConfigError(where, t("mixed_declared_not_table", name=name), t("mixed_declared_not_table_fix", name=name))
        unknown = set(decl) - _DECL_KEYS
        if unknown:
            raise ConfigError(where, t("mixed_declared_bad_key", name=name, key=sorted(unknown)[0]), t("mixed_declared_bad_key_fix"))
        kind = decl.get("type")
        if kind is not None and kind not in TYPES:
            raise ConfigError(where, t("mixed_declared_bad_type", name=name, value=kind), t("mixed_declared_bad_type_fix", types=", ".join(TYPES)))
        if kind == "ordinal" and not decl.get("levels"):
            raise ConfigError(where, t("mixed_declared_ordinal_levels", name=name), t("mixed_declared_ordinal_levels_fix"))
        if decl.get("scope") is not None and decl["scope"] not in SCOPES:
            raise ConfigError(where, t("mixed_declared_bad_type", name=name, value=decl["scope"]), t("mixed_declared_bad_type_fix", types=", ".join(SCOPES)))
        out[str(name)] = dict(decl)
    return out


# -- units ------------------------------------------------------------------------------------
def is_survey_answer(doc: Any) -> bool:
    """A document made from one open answer of a survey export."""
    return "question" in (doc.metadata or {}) and "_row" in (doc.metadata or {})


def respondent_key(doc: Any) -> str:
    """The respondent a document belongs to: ``file#id`` for a survey answer (all answers of
    one respondent share it), the document id otherwise."""
    meta = doc.metadata or {}
    if not is_survey_answer(doc):
        return str(doc.id)
    ident = next((str(meta[k]).strip() for k in meta if str(k).strip().lower() in ID_COLUMNS and str(meta[k]).strip()), "")
    if not ident:
        ident = f"rij-{int(meta.get('_row', 1)) - 1}"
    # the survey file's part of the id ('enquete/monitor' of 'enquete/monitor/r001/wat-kan-beter'):
    # the same after a REFI-QDA round trip, which keeps document ids but not source paths
    survey = str(doc.id).rsplit("/", 2)[0] if str(doc.id).count("/") >= 2 else doc.source_path
    return f"{survey}#{ident}"


def _columns(doc: Any) -> dict[str, Any]:
    meta = doc.metadata or {}
    return {str(k): v for k, v in meta.items() if str(k) not in BOOKKEEPING and str(k).strip().lower() not in ID_COLUMNS}


# -- building ---------------------------------------------------------------------------------
def _initiative_rows(settings: Settings) -> tuple[list[dict[str, str]], str]:
    if not settings.mixed.initiatives:
        return [], ""
    from workbench.corpus.readers import read_table

    path = settings.resolve(settings.mixed.initiatives)
    if not path.exists():
        raise ConfigError(str(settings.root / "workbench.toml"), t("mixed_initiatives_missing", path=path), t("mixed_initiatives_missing_fix"))
    frame, _ = read_table(path)
    key = next((c for c in frame.columns if str(c).strip().lower() in ("initiative", "initiatief")), None)
    if key is None:
        raise ConfigError(str(path), t("mixed_initiatives_sheet", path=path.name), t("mixed_initiatives_sheet_fix"))
    rows = [{"initiative": str(r[key]).strip(), **{str(k): str(v) for k, v in r.items() if k != key}} for r in frame.fillna("").to_dict("records")]
    return [r for r in rows if r["initiative"]], _rel(path, settings.root)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def collect(documents: Sequence[Document], settings: Settings) -> tuple[dict[str, dict[tuple[str, str], str]], dict[str, set[str]]]:
    """Raw values per column: name -> {(unit, unit_id): raw value}, and name -> source files."""
    raw: dict[str, dict[tuple[str, str], str]] = {}
    sources: dict[str, set[str]] = {}
    for doc in documents:
        unit, unit_id = ("respondent", respondent_key(doc)) if is_survey_answer(doc) else ("document", doc.id)
        for name, value in _columns(doc).items():
            raw.setdefault(name, {})[(unit, unit_id)] = "" if value is None else str(value)
            sources.setdefault(name, set()).add(doc.source_path)
    # a respondent without a value for a question others of the same survey answered did not
    # answer it (an export that leaves missing answers out, as REFI-QDA does): missing
    surveys: dict[str, set[str]] = {}
    for name, vals in raw.items():
        for unit, unit_id in vals:
            if unit == "respondent":
                surveys.setdefault(name, set()).add(unit_id.rsplit("#", 1)[0])
    for doc in documents:
        if is_survey_answer(doc):
            key = respondent_key(doc)
            for name, found in surveys.items():
                if key.rsplit("#", 1)[0] in found:
                    raw[name].setdefault(("respondent", key), "")
    rows, sheet = _initiative_rows(settings)
    for row in rows:
        for name, value in row.items():
            if name == "initiative":
                continue
            raw.setdefault(name, {})[("initiative", row["initiative"])] = value
            sources.setdefault(name, set()).add(sheet)
    return raw, sources


def imported_declarations(documents: Sequence[Document]) -> dict[str, dict[str, Any]]:
    """Types that came with a REFI-QDA import (the exporting tool's, or this workbench's
    own with the order of an ordinal variable); workbench.toml wins over them."""
    out: dict[str, dict[str, Any]] = {}
    for doc in documents:
        hints = (doc.metadata or {}).get("qdpx_variable_types")
        if isinstance(hints, dict):
            for name, decl in hints.items():
                if isinstance(decl, dict) and decl.get("type") in TYPES:
                    out.setdefault(str(name), dict(decl, _from="qdpx"))
    return out


def build_variables(documents: Sequence[Document], settings: Settings) -> tuple[VariableReport, list[dict[str, Any]]]:
    """Typed variables and their values from the current documents and the settings.

    Returns the report (variables, columns that are none and why, warnings) and the value
    rows to store (variable, unit, unit_id, value, raw, status).
    """
    declared = {**imported_declarations(documents), **declarations(settings)}
    missing_default = {_fold(x) for x in settings.mixed.missing} | {""}
    dont_default = {_fold(x) for x in settings.mixed.dont_know}
    raw, sources = collect(documents, settings)
    report = VariableReport()
    rows: list[dict[str, Any]] = []
    for name in sorted(raw):
        decl = declared.get(name, {})
        if decl.get("ignore"):
            continue
        missing = missing_default | {_fold(x) for x in decl.get("missing", ())}
        dont_know = dont_default | {_fold(x) for x in decl.get("dont_know", ())}
        status = {key: classify(v, missing, dont_know) for key, v in raw[name].items()}
        answers = [raw[name][k] for k, s in status.items() if s == "answer"]
        var_type, levels, how = _type_of(name, decl, answers)
        if var_type is None:
            report.skipped[name] = how
            continue
        off_scale: list[str] = []
        counts = Counter[str]()
        for (unit, unit_id), value in sorted(raw[name].items()):
            st = status[(unit, unit_id)]
            norm = normalise_value(value, var_type, levels) if st == "answer" else None
            if st == "answer" and norm is None:
                off_scale.append(value.strip())
                st = "missing"
            counts[st] += 1
            rows.append({"variable": name, "unit": unit, "unit_id": unit_id, "value": norm, "raw": value.strip()[:200], "status": st})
        if off_scale:
            report.warnings.append(t("mixed_declared_off_scale", name=name, n=len(off_scale), values=", ".join(sorted(set(off_scale))[:5])))
        units = {u for u, _ in raw[name]}
        scope = decl.get("scope") or ("respondent" if "respondent" in units else "initiative" if units == {"initiative"} else "document")
        report.variables.append(Variable(
            name=name, type=var_type, scope=scope, levels=tuple(levels), label=decl.get("label"), declared=bool(decl.get("type")), how=how,
            source=", ".join(sorted(sources.get(name, ()))), n_answers=counts["answer"], n_missing=counts["missing"], n_dont_know=counts["dont_know"],
        ))
    return report, rows


def _type_of(name: str, decl: dict[str, Any], answers: Sequence[str]) -> tuple[str | None, tuple[str, ...], str]:
    if decl.get("type"):
        kind = str(decl["type"])
        levels = tuple(str(x) for x in decl.get("levels", ()))
        if kind == "yesno":
            levels = ("nee", "ja")
        elif kind == "categorical" and not levels:
            levels = detect_type(answers).levels or tuple(sorted(_spellings(answers).values()))
        return kind, levels, _how("mixed_how_imported" if decl.get("_from") == "qdpx" else "mixed_how_declared")
    found = detect_type(answers)
    return found.type, found.levels, found.how


def sync_variables(store: Store, settings: Settings) -> VariableReport:
    """Rebuild the stored variables from the current corpus and the settings (one transaction)."""
    documents = store.documents()
    report, rows = build_variables(documents, settings)
    store.replace_variables(
        [{"name": v.name, "label": v.label, "scope": v.scope, "type": v.type, "levels": v.levels, "declared": v.declared, "how": v.how, "source": v.source} for v in report.variables],
        rows,
    )
    return report


def stored_variables(store: Store) -> list[Variable]:
    """The stored variables with their counts of answers, missing and "weet niet"."""
    counts: dict[str, Counter[str]] = {}
    for row in store.variable_values():
        counts.setdefault(row["variable"], Counter())[row["status"]] += 1
    out = []
    for d in store.variable_defs():
        c = counts.get(d["name"], Counter())
        out.append(Variable(
            name=d["name"], type=d["type"], scope=d["scope"], levels=tuple(d["levels"]), label=d["label"], declared=d["declared"],
            how=d["how"], source=d["source"], n_answers=c["answer"], n_missing=c["missing"], n_dont_know=c["dont_know"],
        ))
    return out


def variables_frame(variables: Sequence[Variable], lang: str | None = None) -> pd.DataFrame:
    """One row per variable: name, type, scope, levels, answers, missing, "weet niet", how found."""
    import pandas as pd

    return pd.DataFrame([
        {
            "name": v.name, "type": v.type, "scope": v.scope, "levels": " < ".join(v.levels) if v.is_ordered else ", ".join(v.levels),
            "n_answers": v.n_answers, "n_missing": v.n_missing, "n_dont_know": v.n_dont_know, "how": how_text(v.how),
        }
        for v in variables
    ], columns=["name", "type", "scope", "levels", "n_answers", "n_missing", "n_dont_know", "how"])


def unknown_variable(name: str, known: Iterable[str]) -> MixedError:
    """The error for a variable the study does not have, with the closest names."""
    import difflib

    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    if close:
        hint = t("did_you_mean", names=f"'{close[0]}'")
    elif names:
        hint = t("mixed_known_variables", names=", ".join(names))
    else:
        hint = t("mixed_no_variables")
    return MixedError(name, t("mixed_unknown_variable", name=name), hint)
