"""The coded links of a study as one table: cause, effect, sign, quote, document, coder...

A *source* is a document: an interview, a story, or one respondent's survey answer (the
reader makes one document per answer). Maps and paths count sources, not mentions: a
resident who says the same thing three times, or two coders who link the same claim, count
once. Quotes a co-researcher flagged as identifying someone are never given (``quote`` is
empty and ``quotable`` False), but the link still counts: the claim was made.

Example:
    >>> links_table(study, initiative="Voorzorgcirkels")[["cause", "effect", "sign", "quote"]]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.errors import UnknownChoiceError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workbench.store import Store

add("link_sign_more", nl="meer", en="more")
add("link_sign_less", nl="minder", en="less")
add("link_sign_mixed", nl="wisselend", en="mixed")
add("pathways_bad_role", nl="de rol of groep {role} is onbekend", en="role or group {role} is unknown")
add("pathways_bad_role_fix", nl="kies een groep ({groups}) of een rol uit de metadata ({roles})", en="pick a group ({groups}) or a role from the metadata ({roles})")

#: roles (as in the metadata sheet) grouped as the issue's filters ask: what residents say
#: vs what professionals say; volunteers and the initiative's own people apart
ROLE_GROUPS: dict[str, frozenset[str]] = {
    "residents": frozenset({"bewoner", "mantelzorger", "deelnemer", "cliënt", "client", "naaste"}),
    "volunteers": frozenset({"vrijwilliger", "coördinator", "coordinator", "bestuurslid"}),
    "professionals": frozenset({
        "professional", "gemeente", "financier", "wijkverpleegkundige", "casemanager", "huisarts", "zorgverzekeraar", "woningcorporatie",
    }),
}
#: the Dutch names of the groups, accepted as well
GROUP_ALIASES = {"bewoners": "residents", "vrijwilligers": "volunteers", "professionals": "professionals", "professionele": "professionals"}

TABLE_COLUMNS = [
    "cause", "effect", "sign", "strength", "quote", "quotable", "document", "doc_version", "start", "end", "initiative", "role",
    "coder", "source", "memo", "codebook_version", "applied_at", "needs_recoding", "rationale",
]


def sign_word(sign: str) -> str:
    """A sign (more, less, mixed) in the interface language."""
    return str(t(f"link_sign_{sign}"))


def store_of(study_or_store: Any) -> Store:
    """The store of a Study, or the Store itself."""
    return getattr(study_or_store, "store", study_or_store)


def roles_for(role: str | None, known: set[str]) -> frozenset[str] | None:
    """The roles a filter stands for: a group (``residents``/``bewoners``, ``volunteers``,
    ``professionals``) or one role as in the metadata; None means every role."""
    if role is None:
        return None
    key = GROUP_ALIASES.get(role.casefold(), role.casefold())
    if key in ROLE_GROUPS:
        return ROLE_GROUPS[key]
    if role in known:
        return frozenset({role})
    raise UnknownChoiceError(
        None, t("pathways_bad_role", role=repr(role)),
        t("pathways_bad_role_fix", groups=", ".join([*ROLE_GROUPS, *GROUP_ALIASES]), roles=", ".join(sorted(known)) or "-"),
    )


def links_table(
    study_or_store: Any, *, initiative: str | None = None, role: str | None = None, coder: str | None = None, include_suggestions: bool = False,
) -> pd.DataFrame:
    """One row per current link, with its quote, document, initiative and role.

    Args:
        study_or_store: a Study or a Store.
        initiative: only links in this initiative's documents.
        role: a role group (``residents``, ``volunteers``, ``professionals``, or Dutch
            ``bewoners``...) or one role from the metadata sheet.
        coder: only this coder's links.
        include_suggestions: suggested links too (``source == 'suggested'``).

    Example:
        >>> links_table(study, role="bewoners").groupby("effect").document.nunique()  # doctest: +SKIP
    """
    import pandas as pd

    from workbench.model.flags import Flags

    store = store_of(study_or_store)
    links = store.current_links(coder=coder, include_suggestions=include_suggestions)
    docs: dict[tuple[str, int], Any] = {}
    for key in sorted({(x.doc_id, x.doc_version) for x in links}):
        doc = store.get_document(*key)
        if doc is not None:
            docs[key] = doc
    allowed = roles_for(role, {d.role for d in docs.values() if d.role})
    flags = Flags.of(store)
    rows = []
    for x in links:
        doc = docs.get((x.doc_id, x.doc_version))
        if doc is None or (initiative is not None and doc.initiative != initiative) or (allowed is not None and doc.role not in allowed):
            continue
        hidden = flags.hides(x)
        rows.append({
            "cause": x.cause, "effect": x.effect, "sign": x.sign, "strength": x.strength, "quote": None if hidden else doc.text[x.start : x.end],
            "quotable": not hidden, "document": x.doc_id, "doc_version": x.doc_version, "start": x.start, "end": x.end,
            "initiative": doc.initiative, "role": doc.role, "coder": x.coder, "source": x.source, "memo": x.memo,
            "codebook_version": x.codebook_version, "applied_at": x.applied_at, "needs_recoding": x.needs_recoding, "rationale": x.rationale,
        })
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
