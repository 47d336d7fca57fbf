"""Mapping the study to a project: documents, codes, coders and codings of a study as a QdpxProject, and export_qdpx."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.codebook.refi import (
    _origin,
)
from workbench.i18n import add, t

from .guids import GuidMap, _load_guids, _save_guids, code_guids
from .project import (
    QdpxCase,
    QdpxCoding,
    QdpxLink,
    QdpxProject,
    QdpxSource,
    QdpxUser,
    derived_guid,
    variable_type,
)
from .write import write_qdpx

# export
add("qdpx_no_codings_by", nl="geen coderingen van {coders}", en="no codings by {coders}")
add(
    "qdpx_export_unknown_code",
    nl="een codering van '{code}' in {doc_id} noemt een code die niet in het codeboek staat: weggelaten",
    en="a coding of '{code}' in {doc_id} names a code that is not in the codebook: left out",
)
add(
    "qdpx_old_version",
    nl="{n} codering(en) op een eerdere versie van '{doc_id}' weggelaten (alleen de huidige teksten gaan mee); codeer ze opnieuw op de huidige versie",
    en="{n} coding(s) on an earlier version of '{doc_id}' left out (only current texts are exported); re-code them on the current version",
)
add(
    "qdpx_flagged",
    nl="{n} passage(s) die een medeonderzoeker als herkenbaar heeft aangemerkt zijn in de teksten onleesbaar gemaakt (even lang, zodat alle posities blijven kloppen)",
    en="{n} passage(s) a co-researcher flagged as identifying someone are masked in the texts (same length, offsets kept)",
)
add("qdpx_flagged_codings", nl="; {n} codering(en) daarop weggelaten", en="; {n} coding(s) on them left out")


# == a study <-> a project ==================================================================
#: metadata keys the ingest and import add for themselves; not variables of a document
_TECHNICAL = ("format", "encoding", "qdpx", "qdpx_source", "memo", "qdpx_variable_types")
#: variable names (any case) that fill a document's own fields on import
_FIELD_NAMES = {
    "initiative": ("initiative", "initiatief"),
    "role": ("role", "rol"),
    "date": ("date", "datum"),
    "kind": ("kind", "soort"),
}


def _xsd_datetime(value: str | None) -> str | None:
    if not value:
        return None
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


@dataclass
class ExportReport:
    """What an export wrote, and what it left out (one line each, no document text)."""

    path: Path
    n_documents: int = 0
    n_codes: int = 0
    n_codings: int = 0
    coders: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def study_to_project(study: Any, *, coders: list[str] | None = None, include_suggestions: bool = False, guids: GuidMap | None = None) -> tuple[QdpxProject, list[str]]:
    """The study as a :class:`QdpxProject` (current document versions), and what was left out."""
    from workbench.corpus.model import Corpus
    from workbench.model.flags import Flags

    store = study.store
    guids = guids if guids is not None else _load_guids(store)
    problems: list[str] = []
    codebook, _ = study.load_codebook()
    project_name = study.settings.project.name
    docs = Corpus(store).documents()
    current = {d.id: d for d in docs}
    cguids = code_guids(store, codebook, guids)
    wanted = set(coders) if coders else None
    # a quote a co-researcher flagged as identifying is never exported: no coding on it, its text masked
    flags = Flags.of(store)
    kept = _codings_to_export(store, current, cguids, flags, wanted, include_suggestions, problems)
    links = _links_to_export(store, current, cguids, flags, wanted, include_suggestions)
    doc_memos: dict[str, list[tuple[str, str]]] = {}
    for m in store.document_memos():  # a coder's memo on a whole document: a note the source refers to
        if m.doc_id in current and m.memo.strip() and (wanted is None or m.coder in wanted):
            doc_memos.setdefault(m.doc_id, []).append((m.coder, m.memo))
    names = sorted({c.coder for c in kept} | {x.coder for x in links} | {study.user} | {coder for memos in doc_memos.values() for coder, _ in memos})
    users = _users(names, guids)
    user_guid = {u.name: u.guid for u in users}
    doc_guid = {d.id: guids.get("document", d.id, derived_guid("document", f"{project_name}/{d.id}")) for d in docs}
    # a document memo (imported from another tool) travels as the source's Description;
    # passages flagged as identifying are masked (same length, so every offset stays valid)
    sources, variable_types = _typed_sources(tuple(
        QdpxSource(guid=doc_guid[d.id], name=d.id, text=flags.mask(d.text, d.id, d.version), variables=_variables_of(d),
                   memo=str((d.metadata or {}).get("memo") or "") or None,
                   notes=tuple((user_guid[coder], memo) for coder, memo in doc_memos.get(d.id, []))) for d in docs
    ))
    sources, descriptions = _with_typed_variables(study, docs, sources, variable_types)
    cases = _cases(docs, doc_guid, guids, project_name)
    qcodings = tuple(
        QdpxCoding(
            guid=guids.get("coding", str(c.event_id), derived_guid("coding", f"{project_name}/{c.event_id}")),
            source_guid=doc_guid[c.doc_id], start=c.start, end=c.end, code_guid=cguids[c.code_id], user_guid=user_guid[c.coder],
            created=_xsd_datetime(c.applied_at), memo=c.memo or None,
        )
        for c in kept
    )
    project = QdpxProject(
        links=_qdpx_links(links, doc_guid, cguids, user_guid, project_name),
        name=project_name, codebook=codebook, code_guids=cguids, users=users, sources=sources, codings=qcodings, cases=cases,
        variable_types=variable_types, variable_descriptions=descriptions, variable_guids={k: guids.get("variable", k, derived_guid("variable", f"{project_name}/{k}")) for k in variable_types},
        set_guids={g.name: guids.get("set", g.name, derived_guid("set", f"{codebook.id}/{g.name}")) for g in codebook.groups},
        origin=_origin(), creating_user=user_guid[study.user],
    )
    return project, problems


def _with_typed_variables(
    study: Any, docs: list[Any], sources: tuple[QdpxSource, ...], variable_types: dict[str, str],
) -> tuple[tuple[QdpxSource, ...], dict[str, str]]:
    """The study's typed variables (workbench.mixed) go out typed, their order in the
    Description; returns the sources with their values and the descriptions (``variable_types`` is updated)."""
    from .variables import export_typed

    typed_types, descriptions, typed_values = export_typed(study, docs)
    variable_types.update(typed_types)
    typed = tuple(
        QdpxSource(s.guid, s.name, s.text, {**{k: v for k, v in s.variables.items() if k not in typed_types},
                                            **{k: vals[s.name] for k, vals in typed_values.items() if s.name in vals}}, s.memo, s.notes)
        for s in sources
    )
    return typed, descriptions


def _cases(docs: list[Any], doc_guid: dict[str, str], guids: GuidMap, project_name: str) -> tuple[QdpxCase, ...]:
    """One case per initiative, holding its documents."""
    initiatives: dict[str, list[str]] = {}
    for d in docs:
        if d.initiative:
            initiatives.setdefault(d.initiative, []).append(doc_guid[d.id])
    return tuple(
        QdpxCase(guid=guids.get("case", name, derived_guid("case", f"{project_name}/{name}")), name=name, source_guids=tuple(members))
        for name, members in sorted(initiatives.items())
    )


def _qdpx_links(links: list[Any], doc_guid: dict[str, str], cguids: dict[str, str], user_guid: dict[str, str], project_name: str) -> tuple[QdpxLink, ...]:
    """The coded links as the project carries them (notes on selections, see .links)."""
    return tuple(
        QdpxLink(
            guid=derived_guid("note", f"{project_name}/link/{x.event_id}"), source_guid=doc_guid[x.doc_id], start=x.start, end=x.end,
            cause=cguids[x.cause], effect=cguids[x.effect], sign=x.sign, strength=x.strength, user_guid=user_guid[x.coder], created=_xsd_datetime(x.applied_at),
        )
        for x in links
    )


def _codings_to_export(
    store: Any, current: dict[str, Any], cguids: dict[str, str], flags: Any, wanted: set[str] | None, include_suggestions: bool, problems: list[str],
) -> list[Any]:
    """The current codings of the wanted coders on current document versions, none on a flagged quote; what is left out is said."""
    from workbench.coding.events import current_codings, is_suggester

    codings = current_codings(store, include_suggestions=include_suggestions)
    if wanted:
        unknown = sorted(wanted - {c.coder for c in codings})
        if unknown:
            problems.append(t("qdpx_no_codings_by", coders=", ".join(unknown)))
    kept = []
    old_version: dict[str, int] = {}
    n_flagged = 0
    for c in codings:
        if wanted is not None and c.coder not in wanted and not (include_suggestions and is_suggester(c.coder)):
            continue
        doc = current.get(c.doc_id)
        if doc is None or doc.version != c.doc_version:
            old_version[c.doc_id] = old_version.get(c.doc_id, 0) + 1
            continue
        if c.code_id not in cguids:
            problems.append(t("qdpx_export_unknown_code", code=c.code_id, doc_id=c.doc_id))
            continue
        if flags.hides(c):
            n_flagged += 1
            continue
        kept.append(c)
    for doc_id, n in sorted(old_version.items()):
        problems.append(t("qdpx_old_version", n=n, doc_id=doc_id))
    if flags:
        problems.append(t("qdpx_flagged", n=len(flags)) + (t("qdpx_flagged_codings", n=n_flagged) if n_flagged else ""))
    return kept


def _links_to_export(store: Any, current: dict[str, Any], cguids: dict[str, str], flags: Any, wanted: set[str] | None, include_suggestions: bool) -> list[Any]:
    """The links that go into the project: on current texts, on codes of the codebook, never
    on a flagged passage; people's (suggestions only if asked), of the chosen coders."""
    from workbench.coding.events import is_suggester

    out = []
    for x in store.current_links(include_suggestions=include_suggestions):
        if wanted is not None and x.coder not in wanted and not (include_suggestions and is_suggester(x.coder)):
            continue
        doc = current.get(x.doc_id)
        if doc is None or doc.version != x.doc_version or x.cause not in cguids or x.effect not in cguids or flags.hides(x):
            continue
        out.append(x)
    return out


def _users(names: list[str], guids: GuidMap) -> tuple[QdpxUser, ...]:
    """One user per coder, one GUID per user: two coders the store binds to one GUID (the same
    person imported twice under two prefixes) would merge in the other tool; the second gets
    its derived GUID for this file (the store keeps its binding, so imports still find it)."""
    user_list: list[QdpxUser] = []
    for coder_name in names:
        guid = guids.get("user", coder_name, derived_guid("user", coder_name))
        if any(u.guid == guid for u in user_list):
            guid = derived_guid("user", coder_name)
        user_list.append(QdpxUser(guid, coder_name))
    return tuple(user_list)


def _variables_of(doc: Any) -> dict[str, Any]:
    """A document's metadata as REFI variables (the technical fields and empty values left out)."""
    out: dict[str, Any] = {"initiative": doc.initiative, "role": doc.role, "date": doc.date, "kind": doc.kind}
    for key, value in sorted((doc.metadata or {}).items()):
        if key not in _TECHNICAL and key not in out and isinstance(value, (str, int, float, bool)):
            out[key] = value
    return {k: v for k, v in out.items() if v is not None and v != ""}


def _typed_sources(sources: tuple[QdpxSource, ...]) -> tuple[tuple[QdpxSource, ...], dict[str, str]]:
    """Each variable's REFI type over all sources; a column that holds numbers in one document
    and words in another is Text everywhere (its values written as text)."""
    values: dict[str, list[Any]] = {}
    for s in sources:
        for k, v in s.variables.items():
            values.setdefault(k, []).append(v)
    variable_types = {k: variable_type(v) for k, v in values.items()}
    typed = tuple(
        QdpxSource(s.guid, s.name, s.text, {k: (str(v) if variable_types[k] == "Text" else v) for k, v in s.variables.items()}, s.memo, s.notes) for s in sources
    )
    return typed, variable_types


def export_qdpx(study: Any, path: str | Path, *, coders: list[str] | None = None, include_suggestions: bool = False, offsets: str = "codepoints") -> ExportReport:
    """Write the study as a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo or QualCoder.

    Suggestions are left out unless ``include_suggestions`` (then they belong to users
    named ``suggester:name@version``, and come back as suggestions on import). The GUIDs
    given out are kept in the store, so the next export (and the other tool's export
    back) names the same codes, documents, coders and codings. ``offsets="utf16"``
    counts positions as NVivo does (see :func:`to_qde_tree`).

    Example:
        >>> export_qdpx(wb.open_study("."), "reports/studie.qdpx", coders=["anna", "ben"])   # doctest: +SKIP
    """
    guids = _load_guids(study.store)
    project, problems = study_to_project(study, coders=coders, include_suggestions=include_suggestions, guids=guids)
    out = write_qdpx(project, path, offsets=offsets)
    _save_guids(study.store, guids)
    return ExportReport(
        path=out, n_documents=len(project.sources), n_codes=len(project.codebook.codes), n_codings=len(project.codings),
        coders=[u.name for u in project.users if any(c.user_guid == u.guid for c in project.codings)], problems=problems,
    )
