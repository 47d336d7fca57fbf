"""Mapping a project into the study: codes matched or added, coders named, texts pseudonymised with offsets moved, and import_qdpx."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.codebook.model import Codebook
from workbench.errors import ExchangeError
from workbench.i18n import add, t

from .archive import Limits
from .guids import GuidMap, _load_guids, _save_guids
from .offsets import _map_offset
from .project import QdpxCoding, QdpxProject, derived_guid
from .read import read_qdpx
from .study_export import _FIELD_NAMES

# import
add("qdpx_bad_initiative_from", nl="--initiative-from '{value}' is niet 'case' of 'variable'", en="--initiative-from '{value}' is not 'case' or 'variable'")
add("qdpx_bad_initiative_from_fix", nl="gebruik 'case' (de standaard) of 'variable NAAM'", en="use 'case' (the default) or 'variable NAME'")
add("qdpx_variable_name_missing", nl="bij --initiative-from variable hoort de naam van de variabele", en="--initiative-from variable needs the variable's name")
add("qdpx_variable_name_missing_fix", nl="schrijf bijvoorbeeld --initiative-from variable Initiatief", en="write e.g. --initiative-from variable Initiatief")
add("qdpx_no_variable", nl="het project heeft geen variabele '{name}' (wel: {known})", en="the project has no variable '{name}' (it has: {known})")
add("qdpx_no_variable_fix", nl="noem een van die variabelen, of gebruik --initiative-from case", en="name one of those, or use --initiative-from case")
add(
    "qdpx_two_cases",
    nl="een bron zit in case '{first}' en in case '{second}': het initiatief wordt '{first}'",
    en="a source is in cases '{first}' and '{second}': its initiative is '{first}'",
)
add("qdpx_no_consent", nl="bron '{name}': toestemming is '{consent}': niet ingelezen", en="source '{name}': consent is '{consent}': not imported")
add(
    "qdpx_coding_refused",
    nl="bron '{name}': een codering van '{code}' door {coder} weggelaten ({reason})",
    en="source '{name}': a coding of '{code}' by {coder} left out ({reason})",
)
add(
    "qdpx_nameless",
    nl="{n} codering(en) noemen geen gebruiker die het project kent: opgeslagen onder codeur 'onbekend' (met de GUID van de gebruiker erbij als die er is)",
    en="{n} coding(s) name no user known to the project: stored under coder 'onbekend' (plus the user GUID when there is one)",
)
add(
    "qdpx_restored",
    nl="{n} codering(en) op vervallen codes (niet meer te gebruiken) bewaard zoals ze waren; nieuwe coderingen met die codes blijven geweigerd",
    en="{n} coding(s) on retired (not codable) codes kept as they were; new codings on those codes stay refused",
)
add("qdpx_link_refused", nl="{name}: verband {cause} -> {effect} van {coder} niet overgenomen: {reason}", en="{name}: link {cause} -> {effect} by {coder} not taken over: {reason}")
add(
    "qdpx_user_renamed",
    nl="gebruiker '{name}' (GUID {guid}) is codeur '{coder}' geworden: een andere gebruiker met dezelfde naam is al codeur '{taken}'; zo blijven hun coderingen apart (en is de overeenstemming tussen hen te berekenen)",
    en="user '{name}' (GUID {guid}) became coder '{coder}': another user of the same name is already coder '{taken}'; so their codings stay apart (and the agreement between them can be computed)",
)
add("qdpx_import_note", nl="ingelezen uit {name}", en="import {name}")
add("qdpx_codebook_header", nl="Ingelezen uit {name} ({origin}) met workbench import qdpx.", en="Imported from {name} ({origin}) by workbench import qdpx.")


@dataclass
class ImportReport:
    """What an import stored, and what it could not represent (one line each, no document text)."""

    path: Path
    documents: list[str] = field(default_factory=list)
    n_added: int = 0
    n_new_versions: int = 0
    n_unchanged: int = 0
    n_codes_added: int = 0
    n_codings: int = 0
    n_codings_present: int = 0
    n_links: int = 0
    coders: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _field(variables: dict[str, Any], name: str) -> tuple[str | None, Any]:
    for key, value in variables.items():
        if key.strip().lower() in _FIELD_NAMES[name]:
            return key, value
    return None, None


def _match_codes(store: Any, existing: Codebook, project: QdpxProject, guids: GuidMap) -> dict[str, str | None]:
    """Imported code id -> the study's code id (None: new). By GUID (kept in the store,
    then the GUID our export derives), then by id, then by Dutch label."""
    from workbench.codebook.refi import code_guid
    from workbench.coding.events import find_redirects

    redirects = find_redirects(store, existing.id)
    derived = {code_guid(existing.id, c.id): c.id for c in existing.codes}
    by_label = {c.get_label("nl").strip().lower(): c.id for c in existing.codes}
    out: dict[str, str | None] = {}
    for code in project.codebook.codes:
        guid = project.code_guids[code.id]
        local = guids.key_of("code", guid)
        seen: set[str] = set()
        while local is not None and local not in existing and local in redirects and local not in seen:
            seen.add(local)
            red = redirects[local]
            local = red.targets[0] if red.kind in ("rename", "merge") and red.targets else None
        if local is None or local not in existing:
            local = derived.get(guid)
        if local is None and code.id in existing:
            local = code.id
        if local is None:
            local = by_label.get(code.get_label("nl").strip().lower())
        out[code.id] = local
    return out


def _codebook_text(study: Any, project: QdpxProject, guids: GuidMap, path: Path, report: ImportReport) -> tuple[Codebook, str, dict[str, str], bool]:
    """The study's codebook after the import (new codes added), its YAML text, imported
    code id -> study code id, and whether the file changes."""
    from dataclasses import replace

    from workbench.codebook.yaml_io import (
        _read_text,
        code_node_index,
        dump_document,
        load_document,
        parse_codebook,
        to_document,
        write_codebook,
    )

    cb_path = study.settings.codebook_path
    if not cb_path.exists():
        text = write_codebook(project.codebook, header=t("qdpx_codebook_header", name=path.name, origin=project.origin or "REFI-QDA"))
        report.n_codes_added = len(project.codebook.codes)
        return parse_codebook(text, cb_path), text, {c.id: c.id for c in project.codebook.codes}, True
    original = _read_text(cb_path)
    existing = parse_codebook(original, cb_path)
    matched = _match_codes(study.store, existing, project, guids)
    new = [c for c in project.codebook.codes if matched[c.id] is None]
    mapping: dict[str, str] = {k: v for k, v in matched.items() if v is not None}
    if not new and not project.codebook.groups:
        return existing, original, mapping, False
    data, _ = load_document(cb_path, original)
    index = code_node_index(data)
    taken = set(existing.ids)
    for code in new:  # depth-first: a parent comes before its children
        local, n = code.id, 2
        while local in taken:
            local, n = f"{code.id}-{n}", n + 1
        taken.add(local)
        mapping[code.id] = local
        alone = replace(code, id=local, parent=None, children=())
        node = to_document(Codebook(id=existing.id, title=existing.title, codes=(alone,)))["codes"][0]
        parent = mapping.get(code.parent) if code.parent else None
        if parent is not None and parent in index:
            holder = index[parent][2]
            if "children" not in holder or holder["children"] is None:
                from ruamel.yaml.comments import CommentedSeq

                holder["children"] = CommentedSeq()
            seq = holder["children"]
        else:
            seq = data["codes"]
        seq.append(node)
        index[local] = (seq, len(seq) - 1, node)
    report.n_codes_added = len(new)
    have = {g.name for g in existing.groups}
    for group in project.codebook.groups:
        if group.name in have:
            continue
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if "groups" not in data or data["groups"] is None:
            data["groups"] = CommentedSeq()
        gm = CommentedMap()
        gm["name"] = group.name
        if group.description:
            gm["description"] = group.description
        members = CommentedSeq(mapping[c] for c in group.codes if c in mapping)
        members.fa.set_flow_style()
        gm["codes"] = members
        data["groups"].append(gm)
    text = dump_document(data, like=original)
    return parse_codebook(text, cb_path), text, mapping, text != original


def _coders_of_users(project: QdpxProject, guids: GuidMap, coder_prefix: str, existing: set[str]) -> tuple[dict[str, str], list[str]]:
    """Each user's coder (user GUID -> coder name), and a report line for each one renamed.

    Users are identified by GUID, not by name: two users of one name are two coders
    (``Anna``, ``Anna (2)``). A GUID the store knows keeps its coder (a re-import adds
    nothing and keeps the mapping); so does a GUID this workbench derived for a coder of
    that name (its own export coming back). A free name is taken as is: ``existing``
    coders without a GUID (made here, never exported) are the same person by name, as before.
    Users named ``suggester:...`` are suggesters: their name is who they are.
    """
    from workbench.coding.events import SUGGESTER

    users = [u for u in project.users if not SUGGESTER.match(u.name)]
    used = {c.user_guid for c in project.codings} | {g for s in project.sources for g, _ in s.notes} | {x.user_guid for x in project.links}
    users = [u for u in users if u.guid in used]
    known: dict[str, list[str]] = {}
    for (kind, key), guid in guids.known.items():
        if kind == "user":
            known.setdefault(guid, []).append(key)
    bound = {key: guid for guid, keys in known.items() for key in keys}  # coder -> GUID kept in the store

    def variants(name: str) -> re.Pattern[str]:
        return re.compile(re.escape(coder_prefix + name) + r"(?: \(\d+\))?")

    coder_of: dict[str, str] = {}
    for u in users:  # first the users the store (or our own export) knows: they keep their coder
        own = [k for k in known.get(u.guid, []) if variants(u.name).fullmatch(k)]
        if own:
            coder_of[u.guid] = sorted(own, key=lambda k: (len(k), k))[0]
        elif u.guid == derived_guid("user", coder_prefix + u.name):  # a GUID only this workbench gives that coder
            coder_of[u.guid] = coder_prefix + u.name
    taken = set(coder_of.values())
    lines: list[str] = []
    for u in users:
        if u.guid in coder_of:
            continue
        name = coder_prefix + u.name
        coder, n = name, 2
        # a name is free when no other GUID holds it here or in the store (and, with a number, no coder has it at all)
        while coder in taken or bound.get(coder, u.guid) != u.guid or (coder != name and coder in existing):
            coder, n = f"{name} ({n})", n + 1
        coder_of[u.guid] = coder
        taken.add(coder)
    for u in users:
        coder = coder_of[u.guid]
        if coder != coder_prefix + u.name:
            holder = coder_prefix + u.name
            lines.append(t("qdpx_user_renamed", name=u.name, guid=u.guid, coder=coder, taken=holder))
    return coder_of, lines


def _import_links(
    store: Any, codebook: Codebook, project: QdpxProject, links: list[Any], doc_id: str, doc_version: int, reps: Any, coder_of: dict[str, str],
    coder_prefix: str, code_map: dict[str, Any], version: int, report: ImportReport, source_name: str,
) -> int:
    """The links carried as notes on selections (see .links), as link events of their coders;
    one already there is not added again. Returns the number added."""
    from workbench.coding.events import SUGGESTER
    from workbench.coding.links import apply_link
    from workbench.errors import WorkbenchError

    present = {x.key for x in store.current_links(doc_id=doc_id, include_suggestions=True)}
    n = 0
    for link in links:
        user = project.user(link.user_guid)
        if user is not None and SUGGESTER.match(user.name):
            coder, kind = user.name, "suggested"
        elif user is not None and user.guid in coder_of:
            coder, kind = coder_of[user.guid], "manual"
        else:
            coder, kind = coder_prefix + (user.name if user is not None else "onbekend"), "manual"
        ends = []
        for end in (link.cause, link.effect):
            ours = code_map.get(project.code_id(end) or "") if project.code_id(end) else None
            ends.append(ours or end)
        start, stop = (_map_offset(link.start, reps, "start"), _map_offset(link.end, reps, "end")) if reps else (link.start, link.end)
        if (doc_id, doc_version, start, stop, ends[0], ends[1], coder) in present:
            continue
        try:
            apply_link(store, codebook, doc_id=doc_id, doc_version=doc_version, start=start, end=stop, cause=ends[0], effect=ends[1], coder=coder,
                       source=kind, sign=link.sign, strength=link.strength, codebook_version=version)
        except WorkbenchError as exc:
            report.problems.append(t("qdpx_link_refused", name=source_name, cause=ends[0], effect=ends[1], coder=coder, reason=getattr(exc, "what", exc)))
            continue
        present.add((doc_id, doc_version, start, stop, ends[0], ends[1], coder))
        n += 1
    return n


def import_qdpx(
    study: Any,
    path: str | Path,
    *,
    coder_prefix: str = "",
    initiative_from: str = "case",
    initiative_variable: str | None = None,
    pseudonymise: bool = True,
    offsets: str = "auto",
    limits: Limits | None = None,
) -> ImportReport:
    """Bring a REFI-QDA project into the study: documents, codes, codings per coder, cases, variables, memos.

    - Texts are pseudonymised like any ingest (``pseudonymise=False`` when they already
      are, e.g. a project this workbench exported); coding offsets move with the text.
    - A document's initiative is the name of its case (``initiative_from="case"``) or the
      value of a variable (``initiative_from="variable"``, ``initiative_variable="Initiatief"``);
      variables named role/rol, date/datum, kind/soort fill those fields, the others go to
      the document's metadata.
    - Codes are matched to the study's codebook by GUID, then id, then Dutch label; the
      others are added to the codebook file (comments kept) as a new codebook version.
    - Coders are the project's users, named ``coder_prefix + name``; users named
      ``suggester:...`` come back as suggestions. A user is known by GUID: two users of
      one name become two coders (``Anna``, ``Anna (2)``, said in ``problems``), and the
      same GUID finds the same coder on the next import.
    - Nothing is stored if the file is refused; everything is stored in one transaction.

    Example:
        >>> report = import_qdpx(wb.open_study("."), "atlas.qdpx", coder_prefix="atlas:")   # doctest: +SKIP
        >>> report.problems                                                                  # doctest: +SKIP
    """
    import os
    import tempfile
    from dataclasses import replace

    from workbench.codebook.model import ACTIVE
    from workbench.codebook.versions import store_version
    from workbench.coding.events import SUGGESTER, apply_code, current_codings
    from workbench.corpus.ingest import (
        IngestReport,
        Task,
        _init_worker,
        _renumber,
        _sha256,
        _store_one,
        process_raw,
        slugify,
    )
    from workbench.corpus.model import Corpus
    from workbench.corpus.pseudonymise import (
        StudyPseudonyms,
        pseudonymiser_for,
        read_key,
        write_key,
    )
    from workbench.corpus.readers import RawDocument, ReadOptions
    from workbench.errors import WorkbenchError

    path = Path(path)
    if initiative_from not in ("case", "variable"):
        raise ExchangeError(None, t("qdpx_bad_initiative_from", value=initiative_from), t("qdpx_bad_initiative_from_fix"))
    if initiative_from == "variable" and not initiative_variable:
        raise ExchangeError(None, t("qdpx_variable_name_missing"), t("qdpx_variable_name_missing_fix"))
    project = read_qdpx(path, limits=limits, offsets=offsets)
    if initiative_from == "variable" and initiative_variable not in project.variable_types:
        known = ", ".join(project.variable_types) or t("qdpx_none")
        raise ExchangeError(str(path), t("qdpx_no_variable", name=initiative_variable, known=known), t("qdpx_no_variable_fix"))
    report = ImportReport(path=path, problems=list(project.problems))
    store = study.store
    settings = study.settings
    guids = _load_guids(store)
    codebook, cb_text, code_map, cb_changed = _codebook_text(study, project, guids, path, report)

    use_pseudonymiser = pseudonymise and settings.privacy.pseudonymise
    # the same de-identification as ingest: the study's settings, its initiatives kept
    initiatives = {*store.initiatives(), *(c.name for c in project.cases)}
    if initiative_from == "variable":
        initiatives |= {str(s.variables[initiative_variable or ""]) for s in project.sources if s.variables.get(initiative_variable or "") not in (None, "")}
    pseudonymiser = pseudonymiser_for(settings, sorted(initiatives)) if use_pseudonymiser and project.sources else None
    if pseudonymiser is not None:
        pseudonymiser.load()
    _init_worker({"interviewer_labels": tuple(settings.privacy.interviewer_labels), "read": ReadOptions(), "require_consent": False, "strict": False}, pseudonymiser)
    case_of: dict[str, str] = {}
    for case in project.cases:
        for guid in case.source_guids:
            if guid in case_of and case_of[guid] != case.name:
                report.problems.append(t("qdpx_two_cases", first=case_of[guid], second=case.name))
                continue
            case_of[guid] = case.name

    corpus = Corpus(store)
    stored_ids = {d.id for d in corpus.documents()}
    taken: set[str] = set()
    key_path = settings.key_path
    old_key = read_key(key_path)
    # one pseudonym per person across the study, as ingest gives (names seen before keep theirs)
    study_pseudonyms = StudyPseudonyms(old_key) if pseudonymiser is not None and settings.privacy.pseudonyms == "study" else None
    new_key: dict[str, list[dict[str, Any]]] = {}

    def pseudonymised(text: str | None) -> str | None:
        """A memo pseudonymised like the texts (the study's pseudonyms)."""
        if not text or pseudonymiser is None:
            return text
        result = pseudonymiser(text)
        return (study_pseudonyms.renumber(result)[0] if study_pseudonyms is not None else result).text

    cb_path = settings.codebook_path
    tmp: str | None = None
    key_written = False
    ingest_report = IngestReport()
    coders: set[str] = set()
    try:
        with store.transaction():
            version = store_version(store, codebook, cb_text, author=study.user, source_path=str(cb_path), note=t("qdpx_import_note", name=path.name))
            for local_code, guid in ((code_map[c], project.code_guids[c]) for c in code_map):
                if not guids.has("code", local_code) and guids.key_of("code", guid) is None:
                    guids.put("code", local_code, guid)
            for name, guid in project.set_guids.items():
                if not guids.has("set", name):
                    guids.put("set", name, guid)
            # a coding the other tool holds on a retired (not codable) code is history, not a new
            # coding: it is restored through the coding API with the code taken as active
            retired = {c.id for c in codebook.codes if not c.is_active}
            restoring = codebook.replace_codes([replace(c, status=ACTIVE) for c in codebook.codes]) if retired else codebook
            n_restored = n_nameless = 0
            coder_of, renamed = _coders_of_users(project, guids, coder_prefix, set(store.coders(include_suggesters=False)))
            report.problems.extend(renamed)
            by_source: dict[str, list[QdpxCoding]] = {}
            for coding in project.codings:
                by_source.setdefault(coding.source_guid, []).append(coding)
            for source in project.sources:
                doc_id = guids.key_of("document", source.guid)
                if doc_id is None or doc_id not in stored_ids:
                    base = slugify(re.sub(r"\.(txt|docx?|odt|rtf|pdf|md)$", "", source.name, flags=re.IGNORECASE)) or "document"
                    doc_id, n = base, 2
                    while doc_id in stored_ids or doc_id in taken:
                        doc_id, n = f"{base}-{n}", n + 1
                taken.add(doc_id)
                variables = dict(source.variables)
                if initiative_from == "case":
                    initiative = case_of.get(source.guid)
                else:
                    initiative = variables.pop(initiative_variable or "", None)
                fields: dict[str, Any] = {"initiative": str(initiative) if initiative not in (None, "") else None}
                key, consent = next(((k, v) for k, v in variables.items() if k.strip().lower() in ("consent", "toestemming")), (None, None))
                if key is not None:
                    variables.pop(key)
                    if str(consent).strip().lower() in ("nee", "no", "false", "0"):
                        report.problems.append(t("qdpx_no_consent", name=source.name, consent=consent))
                        continue
                for name in ("role", "date", "kind"):
                    key, value = _field(variables, name)
                    if key is not None:
                        variables.pop(key)
                        fields[name] = str(value)
                if initiative_from == "case":
                    key, value = _field(variables, "initiative")
                    if key is not None:  # a variable named initiative: the initiative when there is no case
                        variables.pop(key)
                        fields["initiative"] = fields["initiative"] or (str(value) if value not in (None, "") else None)
                metadata = {k: v for k, v in variables.items()}
                metadata.update({"format": "qdpx", "qdpx": path.name, "qdpx_source": source.name})
                if source.memo:
                    metadata["memo"] = pseudonymised(source.memo)
                fields["metadata"] = metadata
                rel = f"qdpx:{path.name}:{source.name}"
                task = Task(path=path, rel=rel, doc_id=doc_id, source_hash=_sha256(source.text.encode("utf-8"), settings.fingerprint().encode("utf-8")), fields=fields)
                processed = process_raw(RawDocument(text=source.text, format="qdpx"), task, doc_id, fields)
                if study_pseudonyms is not None:
                    _renumber(processed, study_pseudonyms)
                before = (ingest_report.n_added, ingest_report.n_new_versions)
                _store_one(store, processed, ingest_report, new_key)
                if (ingest_report.n_added, ingest_report.n_new_versions) == before:
                    report.n_unchanged += 1
                report.documents.append(doc_id)
                stored_ids.add(doc_id)
                guids.put("document", doc_id, source.guid)
                doc = corpus.get(doc_id)
                for note_user, note_text in source.notes:  # memos on the whole document, per coder
                    author = project.user(note_user)
                    memo_coder = coder_of[author.guid] if author is not None and author.guid in coder_of else coder_prefix + (author.name if author is not None else "onbekend")
                    if author is not None and author.guid in coder_of:
                        guids.put("user", memo_coder, author.guid)
                    note = pseudonymised(note_text) or ""
                    have = study.document_memo(doc_id, coder=memo_coder)
                    if note and note not in have:
                        study.set_document_memo(doc_id, f"{have}\n\n{note}" if have else note, coder=memo_coder)
                reps = processed.pseudonymised.replacements if processed.pseudonymised is not None else ()
                present = {(c.start, c.end, c.code_id, c.coder) for c in current_codings(store, doc_id=doc_id, doc_version=doc.version, include_suggestions=True)}
                for coding in by_source.get(source.guid, []):
                    user = project.user(coding.user_guid)
                    user_name = user.name if user is not None else None
                    if user_name and SUGGESTER.match(user_name):
                        coder, kind = user_name, "suggested"
                    elif user is not None and user.guid in coder_of:
                        coder, kind = coder_of[user.guid], "manual"
                    else:
                        if user_name is None:  # the tool named no user, or one missing from <Users>
                            n_nameless += 1
                            user_name = f"onbekend-{coding.user_guid[:8].lower()}" if coding.user_guid else "onbekend"
                        coder, kind = coder_prefix + user_name, "manual"
                    code_id = code_map[project.code_id(coding.code_guid) or ""]
                    start, end = (_map_offset(coding.start, reps, "start"), _map_offset(coding.end, reps, "end")) if reps else (coding.start, coding.end)
                    if (start, end, code_id, coder) in present:
                        report.n_codings_present += 1
                        continue
                    memo = pseudonymised(coding.memo)
                    try:
                        event = apply_code(
                            store, restoring if code_id in retired else codebook, doc_id=doc_id, doc_version=doc.version, start=start, end=end,
                            code_id=code_id, coder=coder, source=kind, memo=memo, codebook_version=version,
                        )
                    except WorkbenchError as exc:
                        report.problems.append(t("qdpx_coding_refused", name=source.name, code=code_id, coder=coder, reason=getattr(exc, "what", exc)))
                        continue
                    present.add((start, end, code_id, coder))
                    report.n_codings += 1
                    n_restored += code_id in retired
                    coders.add(coder)
                    guids.put("coding", str(event), coding.guid)
                    if user is not None:
                        guids.put("user", coder, user.guid)
                report.n_links += _import_links(
                    store, codebook, project, [x for x in project.links if x.source_guid == source.guid], doc_id, doc.version, reps, coder_of,
                    coder_prefix, code_map, version, report, source.name,
                )
            if n_nameless:
                report.problems.append(t("qdpx_nameless", n=n_nameless))
            if n_restored:
                report.problems.append(t("qdpx_restored", n=n_restored))
            _save_guids(store, guids)
            if cb_changed:
                cb_path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=cb_path.parent, prefix=f".{cb_path.stem}-", suffix=".yaml")
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(cb_text)
            if new_key:
                fresh = {(r["document"], r["content_hash"]) for rows in new_key.values() for r in rows}
                write_key(key_path, [r for r in old_key if (r["document"], r["content_hash"]) not in fresh] + [r for rows in new_key.values() for r in rows])
                key_written = True
            if tmp is not None:
                os.replace(tmp, cb_path)  # the last step: the transaction commits right after
                tmp = None
    except BaseException:
        if key_written:
            write_key(key_path, old_key)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise
    report.n_added, report.n_new_versions = ingest_report.n_added, ingest_report.n_new_versions
    report.coders = sorted(coders)
    return report
