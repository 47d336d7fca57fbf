"""A REFI-QDA project as plain objects (users, sources, codings, cases, variables), the layer between the XML and the study."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from workbench.codebook.model import Codebook
from workbench.codebook.refi import (
    GUID_NAMESPACE,
)
from workbench.i18n import safe_language

NS = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _number(n: int) -> str:
    """A large number as the interface language writes it (1.048.576 in Dutch, 1,048,576 in English)."""
    text = f"{n:,}"
    return text.replace(",", ".") if safe_language() == "nl" else text


def derived_guid(kind: str, key: str) -> str:
    """A stable GUID for something that has none yet: the same kind and key, the same GUID."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}/{key}")).upper()


# -- the plain objects ----------------------------------------------------------------------
@dataclass(frozen=True)
class QdpxUser:
    guid: str
    name: str


@dataclass(frozen=True)
class QdpxSource:
    """A text source: its plain text, and its variable values (name -> value)."""

    guid: str
    name: str
    text: str
    variables: dict[str, Any] = field(default_factory=dict)
    memo: str | None = None
    #: memos on the whole document (REFI notes it refers to): (user guid or None, text)
    notes: tuple[tuple[str | None, str], ...] = ()


@dataclass(frozen=True)
class QdpxCoding:
    """One code on one span of a source by one user (``user_guid`` None: the tool named none)."""

    guid: str
    source_guid: str
    start: int
    end: int
    code_guid: str
    user_guid: str | None = None
    selection_guid: str | None = None
    created: str | None = None
    memo: str | None = None


@dataclass(frozen=True)
class QdpxCase:
    guid: str
    name: str
    source_guids: tuple[str, ...] = ()
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QdpxLink:
    """A coded link (impact pathways) carried as a note on a selection (see :mod:`.links`).
    ``cause``/``effect`` are code GUIDs when the project's codebook has the code, else ids."""

    guid: str
    source_guid: str
    start: int
    end: int
    cause: str
    effect: str
    sign: str = "more"
    strength: str | None = None
    user_guid: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class QdpxProject:
    """A whole REFI-QDA project as plain objects.

    ``code_guids`` maps our code ids to GUIDs; ``variable_types`` holds the REFI type of
    each variable (Text, Boolean, Integer, Float, Date, DateTime). ``problems`` lists, one
    line each and without document text, what an import could not represent.
    """

    name: str
    codebook: Codebook
    code_guids: dict[str, str]
    users: tuple[QdpxUser, ...] = ()
    sources: tuple[QdpxSource, ...] = ()
    codings: tuple[QdpxCoding, ...] = ()
    cases: tuple[QdpxCase, ...] = ()
    variable_types: dict[str, str] = field(default_factory=dict)
    variable_guids: dict[str, str] = field(default_factory=dict)
    #: a variable's Description: the workbench writes its type and order there
    #: (``ordinal: nooit < soms < vaak < altijd``, see :mod:`workbench.interop.qdpx.variables`)
    variable_descriptions: dict[str, str] = field(default_factory=dict)
    set_guids: dict[str, str] = field(default_factory=dict)
    origin: str = ""
    creating_user: str | None = None
    created: str | None = None
    problems: tuple[str, ...] = ()
    links: tuple[QdpxLink, ...] = ()

    def user(self, guid: str | None) -> QdpxUser | None:
        return next((u for u in self.users if u.guid == guid), None)

    def code_id(self, guid: str) -> str | None:
        return next((cid for cid, g in self.code_guids.items() if g == guid), None)


# -- writing --------------------------------------------------------------------------------
def variable_type(values: list[Any]) -> str:
    """The REFI type that holds every value: Boolean, Integer, Float, Date, else Text."""
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return "Text"
    if all(isinstance(v, bool) for v in present):
        return "Boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "Float"
    if all(isinstance(v, str) and _DATE.match(v) and _is_date(v) for v in present):
        return "Date"
    return "Text"


def _is_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
