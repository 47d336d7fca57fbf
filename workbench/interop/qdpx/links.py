"""Links (impact pathways) in a REFI-QDA project, which has no element for them.

A link travels as a note on a selection: a ``<PlainTextSelection>`` over the link's span,
with no ``<Coding>``, whose ``<NoteRef>`` points to a ``<Note name="workbench-verband">``
whose plain text reads (one field a line; ``sterkte`` only when given)::

    workbench-verband v1
    oorzaak: wederkerigheid {3F2504E0-4F89-41D3-9A0C-0305E82C3301}
    gevolg: zingeving {7C9E6679-7425-40DE-944B-E07FC1F90AE7}
    richting: meer
    sterkte: sterk

``oorzaak``/``gevolg`` name the cause and effect code by id and by the GUID the project's
codebook gives it (the GUID wins on import, so a code renamed in the other tool still
matches); ``richting`` is ``meer`` or ``minder``; ``sterkte`` is ``zwak``, ``matig`` or
``sterk``. English keys (``cause``, ``effect``, ``sign``, ``strength``; ``more``/``less``,
``weak``/``moderate``/``strong``) are read as well. The selection's ``creatingUser`` is the
coder. Other tools show the note as a memo on a quotation, readable as it is, and keep it
when they save the project; :func:`read_link_note` reads it back.

Example:
    >>> text = link_note("wederkerigheid", "G1", "zingeving", "G2", "more", "strong")
    >>> read_link_note(text)
    {'cause': 'wederkerigheid', 'cause_guid': 'G1', 'effect': 'zingeving', 'effect_guid': 'G2', 'sign': 'more', 'strength': 'strong'}
"""

from __future__ import annotations

import re
from typing import Any

HEADER = "workbench-verband v1"
NOTE_NAME = "workbench-verband"
_SIGN_OUT = {"more": "meer", "less": "minder"}
_STRENGTH_OUT = {"weak": "zwak", "moderate": "matig", "strong": "sterk"}
_SIGN_IN = {"meer": "more", "more": "more", "minder": "less", "less": "less"}
_STRENGTH_IN = {"zwak": "weak", "weak": "weak", "matig": "moderate", "moderate": "moderate", "sterk": "strong", "strong": "strong"}
_KEYS = {"oorzaak": "cause", "cause": "cause", "gevolg": "effect", "effect": "effect", "richting": "sign", "sign": "sign", "sterkte": "strength", "strength": "strength"}
_CODE = re.compile(r"^(?P<id>\S+)(?:\s+\{(?P<guid>[^}]+)\})?$")


def link_note(cause: str, cause_guid: str | None, effect: str, effect_guid: str | None, sign: str, strength: str | None) -> str:
    """The note text that carries one link."""
    lines = [
        HEADER,
        f"oorzaak: {cause}" + (f" {{{cause_guid}}}" if cause_guid else ""),
        f"gevolg: {effect}" + (f" {{{effect_guid}}}" if effect_guid else ""),
        f"richting: {_SIGN_OUT.get(sign, sign)}",
    ]
    if strength:
        lines.append(f"sterkte: {_STRENGTH_OUT.get(strength, strength)}")
    return "\n".join(lines)


def read_link_note(text: str | None) -> dict[str, Any] | None:
    """The link a note carries, or None when the note is not one (or is incomplete)."""
    if not text:
        return None
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or lines[0].lower() != HEADER:
        return None
    out: dict[str, Any] = {"sign": "more", "strength": None}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        name = _KEYS.get(key.strip().lower())
        value = value.strip()
        if name in ("cause", "effect"):
            found = _CODE.match(value)
            if found is None:
                return None
            out[name], out[f"{name}_guid"] = found["id"], found["guid"]
        elif name == "sign":
            if value.lower() not in _SIGN_IN:
                return None
            out["sign"] = _SIGN_IN[value.lower()]
        elif name == "strength":
            out["strength"] = _STRENGTH_IN.get(value.lower())
    if "cause" not in out or "effect" not in out:
        return None
    return {k: out[k] for k in ("cause", "cause_guid", "effect", "effect_guid", "sign", "strength")}


def note_links(memo: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """Split a selection's joined notes (blocks apart by a blank line) into the links they
    carry and the rest (a memo, or None)."""
    if not memo:
        return [], None
    found, rest = [], []
    for block in re.split(r"\n\s*\n", memo):
        link = read_link_note(block)
        if link is not None:
            found.append(link)
        elif block.strip():
            rest.append(block.strip())
    return found, "\n\n".join(rest) or None
