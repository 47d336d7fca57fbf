"""Typed variables to and from REFI-QDA.

REFI-QDA knows Text, Boolean, Integer, Float, Date and DateTime variables, but no order
of answers and no "weet niet". The workbench writes its typed variables
(:mod:`workbench.mixed.variables`) as the nearest REFI type:

==============  ============  ===========================================================
workbench       REFI type     Description of the Variable
==============  ============  ===========================================================
numeric         Integer/Float ``workbench: numeric``
date            Date          ``workbench: date``
yesno           Boolean       ``workbench: yesno``
ordinal         Text          ``workbench: ordinal: nooit < soms < vaak < altijd``
categorical     Text          ``workbench: categorical: fonds | gemeente | leden``
==============  ============  ===========================================================

A missing answer has no VariableValue. A typed variable (numeric, date, yes/no) that also
holds "weet niet" goes out as Text, so the "weet niet" is not lost. On import, the
Description is read back (:func:`parse_description`): an ordinal variable comes back
with its order; other tools' variables get their REFI type (Boolean -> yes/no,
Integer/Float -> numeric, Date -> date) or are detected like any column.

Example:
    >>> parse_description("workbench: ordinal: nooit < soms < vaak")
    ('ordinal', ('nooit', 'soms', 'vaak'))
"""

from __future__ import annotations

from typing import Any

PREFIX = "workbench: "
#: the document metadata key an import leaves the declarations in (read by workbench.mixed)
TYPES_KEY = "qdpx_variable_types"
_REFI = {"numeric": "Integer", "date": "Date", "yesno": "Boolean", "ordinal": "Text", "categorical": "Text"}


def describe(var_type: str, levels: tuple[str, ...] = ()) -> str:
    """The Description the workbench writes for a typed variable.

    >>> describe("ordinal", ("nooit", "soms"))
    'workbench: ordinal: nooit < soms'
    """
    if var_type == "ordinal":
        return f"{PREFIX}ordinal: {' < '.join(levels)}"
    if var_type == "categorical":
        return f"{PREFIX}categorical: {' | '.join(levels)}"
    return f"{PREFIX}{var_type}"


def parse_description(text: str | None) -> tuple[str, tuple[str, ...]] | None:
    """(type, levels) from a Description the workbench wrote; None for any other text."""
    if not text or not text.strip().startswith(PREFIX):
        return None
    body = text.strip()[len(PREFIX):]
    kind, _, rest = body.partition(":")
    kind = kind.strip()
    if kind == "ordinal":
        return kind, tuple(x.strip() for x in rest.split("<") if x.strip())
    if kind == "categorical":
        return kind, tuple(x.strip() for x in rest.split("|") if x.strip())
    if kind in ("numeric", "date", "yesno"):
        return kind, ()
    return None


def import_types(variable_types: dict[str, str], descriptions: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Declarations for :mod:`workbench.mixed` from a project's variables: the workbench's own
    Description first, else the REFI type (Text variables are left to detection)."""
    out: dict[str, dict[str, Any]] = {}
    for name, refi in variable_types.items():
        parsed = parse_description(descriptions.get(name))
        if parsed is not None:
            out[name] = {"type": parsed[0], "levels": list(parsed[1])}
        elif refi == "Boolean":
            out[name] = {"type": "yesno"}
        elif refi in ("Integer", "Float"):
            out[name] = {"type": "numeric"}
        elif refi in ("Date", "DateTime"):
            out[name] = {"type": "date"}
    return out


def export_typed(study: Any, docs: list[Any]) -> tuple[dict[str, str], dict[str, str], dict[str, dict[str, Any]]]:
    """The study's typed variables for an export: REFI type, Description, and the value of
    each document (doc id -> value; a missing answer has none)."""
    data = study.mixed_data()
    types: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    values: dict[str, dict[str, Any]] = {}
    for name, var in data.variables.items():
        per_doc: dict[str, tuple[str, str | None, str]] = {}
        for doc in docs:
            got = data.doc_value(doc, name)
            if got is not None:
                per_doc[doc.id] = (got[0], got[1], "")
        if not per_doc:
            continue
        has_dont_know = any(st == "dont_know" for st, _, _ in per_doc.values())
        refi = _REFI[var.type]
        if var.type == "numeric" and any(v is not None and not float(v).is_integer() for st, v, _ in per_doc.values() if st == "answer"):
            refi = "Float"
        if has_dont_know and refi != "Text":
            refi = "Text"  # "weet niet" does not fit an Integer, Date or Boolean: keep it as text
        types[name], descriptions[name] = refi, describe(var.type, var.levels)
        raw = _raw_values(data, name)
        values[name] = {}
        for doc_id, (st, v, _) in per_doc.items():
            if st == "answer" and v is not None:
                values[name][doc_id] = _typed(refi, var.type, v)
            elif st == "dont_know":
                values[name][doc_id] = raw.get(doc_id) or "weet niet"
    return types, descriptions, values


def _raw_values(data: Any, name: str) -> dict[str, str]:
    return {d.id: str((d.metadata or {}).get(name, "")).strip() for d in data.documents}


def _typed(refi: str, var_type: str, value: str) -> Any:
    if refi == "Boolean":
        return value == "ja"
    if refi == "Integer":
        return int(float(value))
    if refi == "Float":
        return float(value)
    return value
