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
from .project import QdpxCoding, QdpxProject, QdpxSource, derived_guid
from .read import read_qdpx
from .study_export import _FIELD_NAMES
from .variables import TYPES_KEY, import_types

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

    from workbench.codebook.yaml_io import (
        _read_text,
        dump_document,
        load_document,
        parse_codebook,
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
    _add_codes(data, existing, new, mapping)
    report.n_codes_added = len(new)
    _add_groups(data, existing, project, mapping)
    text = dump_document(data, like=original)
    return parse_codebook(text, cb_path), text, mapping, text != original


def _add_codes(data: Any, existing: Codebook, new: list[Any], mapping: dict[str, str]) -> None:
    """The imported codes the study lacks, added to the codebook's YAML under their parent
    (comments kept); an id the study already uses gets a number (``mapping`` says which)."""
    from dataclasses import replace

    from workbench.codebook.yaml_io import code_node_index, to_document

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


def _add_groups(data: Any, existing: Codebook, project: QdpxProject, mapping: dict[str, str]) -> None:
    """The project's sets of codes the study lacks, added as groups (members by study code id)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    have = {g.name for g in existing.groups}
    for group in project.codebook.groups:
        if group.name in have:
            continue
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
    path = Path(path)
    _check_initiative_from(initiative_from, initiative_variable)
    project = read_qdpx(path, limits=limits, offsets=offsets)
    if initiative_from == "variable" and initiative_variable not in project.variable_types:
        known = ", ".join(project.variable_types) or t("qdpx_none")
        raise ExchangeError(str(path), t("qdpx_no_variable", name=initiative_variable, known=known), t("qdpx_no_variable_fix"))
    importer = _Importer(study, project, path, coder_prefix, initiative_from, initiative_variable, pseudonymise)
    return importer.run()


def _check_initiative_from(initiative_from: str, initiative_variable: str | None) -> None:
    if initiative_from not in ("case", "variable"):
        raise ExchangeError(None, t("qdpx_bad_initiative_from", value=initiative_from), t("qdpx_bad_initiative_from_fix"))
    if initiative_from == "variable" and not initiative_variable:
        raise ExchangeError(None, t("qdpx_variable_name_missing"), t("qdpx_variable_name_missing_fix"))


class _Importer:
    """One import of a project into a study: the steps of :func:`import_qdpx`, sharing what they need."""

    def __init__(
        self, study: Any, project: QdpxProject, path: Path, coder_prefix: str, initiative_from: str, initiative_variable: str | None,
        pseudonymise: bool,
    ) -> None:
        from workbench.corpus.ingest import IngestReport
        from workbench.corpus.model import Corpus
        self.study, self.project, self.path = study, project, path
        self.coder_prefix, self.initiative_from, self.initiative_variable = coder_prefix, initiative_from, initiative_variable
        self.store = study.store
        self.settings = study.settings
        self.report = ImportReport(path=path, problems=list(project.problems))
        self.declared_types = import_types(project.variable_types, project.variable_descriptions)
        self.guids = _load_guids(self.store)
        self.codebook, self.cb_text, self.code_map, self.cb_changed = _codebook_text(study, project, self.guids, path, self.report)
        self.pseudonymiser = self._pseudonymiser(pseudonymise)
        self.case_of = self._cases_of_sources()
        self.corpus = Corpus(self.store)
        self.stored_ids = {d.id for d in self.corpus.documents()}
        self.taken: set[str] = set()
        self.key_path = self.settings.key_path
        self.old_key: list[dict[str, str]] = []  # read under the key's lock when the import runs
        self.study_pseudonyms: Any = None
        self.new_key: dict[str, list[dict[str, Any]]] = {}
        self.ingest_report = IngestReport()
        self.coders: set[str] = set()
        self.n_restored = self.n_nameless = 0

    def _pseudonymiser(self, pseudonymise: bool) -> Any:
        """The same de-identification as ingest: the study's settings, its initiatives kept (None: the texts already are)."""
        from workbench.corpus.ingest import _init_worker
        from workbench.corpus.pseudonymise import pseudonymiser_for
        from workbench.corpus.readers import ReadOptions

        settings, project = self.settings, self.project
        initiatives = {*self.store.initiatives(), *(c.name for c in project.cases)}
        if self.initiative_from == "variable":
            name = self.initiative_variable or ""
            initiatives |= {str(s.variables[name]) for s in project.sources if s.variables.get(name) not in (None, "")}
        use = pseudonymise and settings.privacy.pseudonymise
        pseudonymiser = pseudonymiser_for(settings, sorted(initiatives)) if use and project.sources else None
        if pseudonymiser is not None:
            pseudonymiser.load()
        _init_worker({"interviewer_labels": tuple(settings.privacy.interviewer_labels), "read": ReadOptions(), "require_consent": False, "strict": False}, pseudonymiser)
        return pseudonymiser

    def _cases_of_sources(self) -> dict[str, str]:
        """Source GUID -> the name of its case (a source in two cases keeps the first, said)."""
        case_of: dict[str, str] = {}
        for case in self.project.cases:
            for guid in case.source_guids:
                if guid in case_of and case_of[guid] != case.name:
                    self.report.problems.append(t("qdpx_two_cases", first=case_of[guid], second=case.name))
                    continue
                case_of[guid] = case.name
        return case_of

    def pseudonymised(self, text: str | None) -> str | None:
        """A memo pseudonymised like the texts (the study's pseudonyms)."""
        if not text or self.pseudonymiser is None:
            return text
        result = self.pseudonymiser(text)
        return (self.study_pseudonyms.renumber(result)[0] if self.study_pseudonyms is not None else result).text

    def run(self) -> ImportReport:
        """Everything in one transaction, under the key file's lock; the key file and the codebook
        file are put back if it fails. The key is written just before the transaction commits,
        after dropping rows an interrupted ingest or import left behind (workbench.corpus.keysafe)."""
        from contextlib import ExitStack

        from workbench.corpus.keysafe import key_lock, reconcile_key
        from workbench.corpus.pseudonymise import StudyPseudonyms

        with ExitStack() as held:
            if self.settings.privacy.pseudonymise:  # no key without pseudonymisation: no lock file in private/ either
                held.enter_context(key_lock(self.key_path))
            self.old_key = reconcile_key(self.key_path, self.store)
            # one pseudonym per person across the study, as ingest gives (names seen before keep theirs)
            if self.pseudonymiser is not None and self.settings.privacy.pseudonyms == "study":
                self.study_pseudonyms = StudyPseudonyms(self.old_key)
            return self._run_locked()

    def _run_locked(self) -> ImportReport:
        import os

        from workbench.codebook.versions import store_version
        from workbench.corpus.pseudonymise import write_key

        cb_path = self.settings.codebook_path
        tmp: str | None = None
        key_written = False
        try:
            with self.store.transaction():
                self.version = store_version(
                    self.store, self.codebook, self.cb_text, author=self.study.user, source_path=str(cb_path), note=t("qdpx_import_note", name=self.path.name),
                )
                self._remember_code_guids()
                self._prepare_codings()
                for source in self.project.sources:
                    self._import_source(source)
                if self.n_nameless:
                    self.report.problems.append(t("qdpx_nameless", n=self.n_nameless))
                if self.n_restored:
                    self.report.problems.append(t("qdpx_restored", n=self.n_restored))
                _save_guids(self.store, self.guids)
                tmp = self._write_codebook_file(cb_path)
                if self.new_key:
                    fresh = {(r["document"], r["content_hash"]) for rows in self.new_key.values() for r in rows}
                    write_key(self.key_path, [r for r in self.old_key if (r["document"], r["content_hash"]) not in fresh] + [r for rows in self.new_key.values() for r in rows])
                    key_written = True
                if tmp is not None:
                    os.replace(tmp, cb_path)  # the last step: the transaction commits right after
                    tmp = None
        except BaseException:
            if key_written:
                write_key(self.key_path, self.old_key)
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
            raise
        self.report.n_added, self.report.n_new_versions = self.ingest_report.n_added, self.ingest_report.n_new_versions
        self.report.coders = sorted(self.coders)
        return self.report

    def _remember_code_guids(self) -> None:
        for local_code, guid in ((self.code_map[c], self.project.code_guids[c]) for c in self.code_map):
            if not self.guids.has("code", local_code) and self.guids.key_of("code", guid) is None:
                self.guids.put("code", local_code, guid)
        for name, guid in self.project.set_guids.items():
            if not self.guids.has("set", name):
                self.guids.put("set", name, guid)

    def _prepare_codings(self) -> None:
        """Coders of the project's users, the codings grouped by source, and the codebook to restore retired codes with."""
        from dataclasses import replace

        from workbench.codebook.model import ACTIVE

        codebook = self.codebook
        # a coding the other tool holds on a retired (not codable) code is history, not a new
        # coding: it is restored through the coding API with the code taken as active
        self.retired = {c.id for c in codebook.codes if not c.is_active}
        self.restoring = codebook.replace_codes([replace(c, status=ACTIVE) for c in codebook.codes]) if self.retired else codebook
        self.coder_of, renamed = _coders_of_users(self.project, self.guids, self.coder_prefix, set(self.store.coders(include_suggesters=False)))
        self.report.problems.extend(renamed)
        self.by_source: dict[str, list[QdpxCoding]] = {}
        for coding in self.project.codings:
            self.by_source.setdefault(coding.source_guid, []).append(coding)

    def _doc_id(self, source: QdpxSource) -> str:
        """The document id: the one this source had before (by GUID), else a new slug of its name."""
        from workbench.corpus.ingest import slugify

        doc_id = self.guids.key_of("document", source.guid)
        if doc_id is None or doc_id not in self.stored_ids:
            base = slugify(re.sub(r"\.(txt|docx?|odt|rtf|pdf|md)$", "", source.name, flags=re.IGNORECASE)) or "document"
            doc_id, n = base, 2
            while doc_id in self.stored_ids or doc_id in self.taken:
                doc_id, n = f"{base}-{n}", n + 1
        self.taken.add(doc_id)
        return doc_id

    def _fields(self, source: QdpxSource) -> dict[str, Any] | None:
        """Initiative, role, date, kind and metadata from the source's case and variables (None: no consent, said)."""
        variables = dict(source.variables)
        if self.initiative_from == "case":
            initiative = self.case_of.get(source.guid)
        else:
            initiative = variables.pop(self.initiative_variable or "", None)
        fields: dict[str, Any] = {"initiative": str(initiative) if initiative not in (None, "") else None}
        key, consent = next(((k, v) for k, v in variables.items() if k.strip().lower() in ("consent", "toestemming")), (None, None))
        if key is not None:
            variables.pop(key)
            if str(consent).strip().lower() in ("nee", "no", "false", "0"):
                self.report.problems.append(t("qdpx_no_consent", name=source.name, consent=consent))
                return None
        for name in ("role", "date", "kind"):
            key, value = _field(variables, name)
            if key is not None:
                variables.pop(key)
                fields[name] = str(value)
        if self.initiative_from == "case":
            key, value = _field(variables, "initiative")
            if key is not None:  # a variable named initiative: the initiative when there is no case
                variables.pop(key)
                fields["initiative"] = fields["initiative"] or (str(value) if value not in (None, "") else None)
        metadata = {k: v for k, v in variables.items()}
        metadata.update({"format": "qdpx", "qdpx": self.path.name, "qdpx_source": source.name})
        if source.memo:
            metadata["memo"] = self.pseudonymised(source.memo)
        if self.declared_types:  # the variables' types and orders, for workbench.mixed
            metadata[TYPES_KEY] = {k: v for k, v in self.declared_types.items() if k in metadata}
        fields["metadata"] = metadata
        return fields

    def _import_source(self, source: QdpxSource) -> None:
        """One document: read, pseudonymised and stored like an ingest, then its memos and codings."""
        from workbench.corpus.ingest import Task, _renumber, _sha256, _store_one, process_raw
        from workbench.corpus.pseudonymise import settings_fingerprint
        from workbench.corpus.readers import RawDocument

        doc_id = self._doc_id(source)
        fields = self._fields(source)
        if fields is None:
            return
        rel = f"qdpx:{self.path.name}:{source.name}"
        source_hash = _sha256(source.text.encode("utf-8"), settings_fingerprint(self.settings).encode("utf-8"))
        task = Task(path=self.path, rel=rel, doc_id=doc_id, source_hash=source_hash, fields=fields)
        processed = process_raw(RawDocument(text=source.text, format="qdpx"), task, doc_id, fields)
        if self.study_pseudonyms is not None:
            _renumber(processed, self.study_pseudonyms)
        before = (self.ingest_report.n_added, self.ingest_report.n_new_versions)
        _store_one(self.store, processed, self.ingest_report, self.new_key)
        if (self.ingest_report.n_added, self.ingest_report.n_new_versions) == before:
            self.report.n_unchanged += 1
        self.report.documents.append(doc_id)
        self.stored_ids.add(doc_id)
        self.guids.put("document", doc_id, source.guid)
        doc = self.corpus.get(doc_id)
        self._import_document_memos(source, doc_id)
        reps = processed.pseudonymised.replacements if processed.pseudonymised is not None else ()
        self._import_codings(source, doc, reps)
        self.report.n_links += _import_links(
            self.store, self.codebook, self.project, [x for x in self.project.links if x.source_guid == source.guid], doc_id, doc.version, reps,
            self.coder_of, self.coder_prefix, self.code_map, self.version, self.report, source.name,
        )

    def _import_document_memos(self, source: QdpxSource, doc_id: str) -> None:
        """Memos on the whole document, per coder, added to what the coder wrote before."""
        project, prefix = self.project, self.coder_prefix
        for note_user, note_text in source.notes:
            author = project.user(note_user)
            memo_coder = self.coder_of[author.guid] if author is not None and author.guid in self.coder_of else prefix + (author.name if author is not None else "onbekend")
            if author is not None and author.guid in self.coder_of:
                self.guids.put("user", memo_coder, author.guid)
            note = self.pseudonymised(note_text) or ""
            have = self.study.document_memo(doc_id, coder=memo_coder)
            if note and note not in have:
                self.study.set_document_memo(doc_id, f"{have}\n\n{note}" if have else note, coder=memo_coder)

    def _coder_of(self, coding: QdpxCoding) -> tuple[str, str, Any]:
        """(coder, source, user) of a coding: a suggester's user comes back as suggestions; a nameless one is named."""
        from workbench.coding.events import SUGGESTER

        user = self.project.user(coding.user_guid)
        user_name = user.name if user is not None else None
        if user_name and SUGGESTER.match(user_name):
            return user_name, "suggested", user
        if user is not None and user.guid in self.coder_of:
            return self.coder_of[user.guid], "manual", user
        if user_name is None:  # the tool named no user, or one missing from <Users>
            self.n_nameless += 1
            user_name = f"onbekend-{coding.user_guid[:8].lower()}" if coding.user_guid else "onbekend"
        return self.coder_prefix + user_name, "manual", user

    def _import_codings(self, source: QdpxSource, doc: Any, reps: Any) -> None:
        """The source's codings, offsets moved with the pseudonymised text; those already there are counted, not doubled."""
        from workbench.coding.events import apply_code, current_codings
        from workbench.errors import WorkbenchError

        doc_id = doc.id
        present = {(c.start, c.end, c.code_id, c.coder) for c in current_codings(self.store, doc_id=doc_id, doc_version=doc.version, include_suggestions=True)}
        for coding in self.by_source.get(source.guid, []):
            coder, kind, user = self._coder_of(coding)
            code_id = self.code_map[self.project.code_id(coding.code_guid) or ""]
            start, end = (_map_offset(coding.start, reps, "start"), _map_offset(coding.end, reps, "end")) if reps else (coding.start, coding.end)
            if (start, end, code_id, coder) in present:
                self.report.n_codings_present += 1
                continue
            memo = self.pseudonymised(coding.memo)
            try:
                event = apply_code(
                    self.store, self.restoring if code_id in self.retired else self.codebook, doc_id=doc_id, doc_version=doc.version, start=start, end=end,
                    code_id=code_id, coder=coder, source=kind, memo=memo, codebook_version=self.version,
                )
            except WorkbenchError as exc:
                self.report.problems.append(t("qdpx_coding_refused", name=source.name, code=code_id, coder=coder, reason=getattr(exc, "what", exc)))
                continue
            present.add((start, end, code_id, coder))
            self.report.n_codings += 1
            self.n_restored += code_id in self.retired
            self.coders.add(coder)
            self.guids.put("coding", str(event), coding.guid)
            if user is not None:
                self.guids.put("user", coder, user.guid)

    def _write_codebook_file(self, cb_path: Path) -> str | None:
        """The changed codebook written beside the old one (a temporary file, moved in place last), or None."""
        import os
        import tempfile

        if not self.cb_changed:
            return None
        cb_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cb_path.parent, prefix=f".{cb_path.stem}-", suffix=".yaml")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(self.cb_text)
        return tmp
