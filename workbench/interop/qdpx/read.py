"""Reading the XML: a .qdpx or .qde into a QdpxProject, parsed safely, with every part the study cannot hold reported."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from workbench.codebook.model import clean_text
from workbench.codebook.refi import (
    _children,
    _local,
    _text_of,
    normalise_guid,
    parse_xml,
    read_codebook_element,
)
from workbench.errors import ExchangeError, ExchangeWarning, UnsafeArchiveError
from workbench.i18n import add, t

from .archive import Limits, _Archive, _safe_name, decode_source
from .offsets import OffsetMap
from .links import note_links
from .project import (
    NS,
    PROJECT_FILE,
    QdpxCase,
    QdpxCoding,
    QdpxLink,
    QdpxProject,
    QdpxSource,
    QdpxUser,
    _number,
    derived_guid,
)

# -- messages (Dutch and English; problems are built in the interface language when they are found)
add("qdpx_none", nl="geen", en="none")
add("qdpx_not_valid", nl="het projectbestand klopt niet met {schema}: {error}", en="not valid against {schema}: {error}")
add("qdpx_not_valid_fix", nl="meld dit als fout in de workbench (een export hoort altijd te kloppen)", en="report this as a bug in the workbench (an export should always be valid)")
add("qdpx_file_too_large", nl="het bestand is groter dan {limit} bytes", en="the file is larger than {limit} bytes")
add(
    "qdpx_not_a_project",
    nl="dit is geen REFI-QDA-project: het bestand begint met <{element}> in plaats van <Project>",
    en="the root element is <{element}>, not <Project>",
)
add("qdpx_not_a_project_fix", nl="kies een REFI-QDA-projectbestand (.qdpx of .qde)", en="choose a REFI-QDA project (.qdpx or .qde) file")
add(
    "qdpx_text_leaves",
    nl="een bron wijst naar een tekstbestand buiten het archief (plainTextPath {ref}; een bekende aanval, 'zip-slip')",
    en="plainTextPath {ref} leaves the archive (zip-slip)",
)
# what a read project holds that the study cannot (one line each, never document text)
add(
    "qdpx_namespace",
    nl="het bestand gebruikt de XML-namespace {ns} in plaats van {expected}; toch gelezen als REFI-QDA-project",
    en="namespace {ns} instead of {expected}: read as a REFI-QDA project",
)
add(
    "qdpx_set_documents",
    nl="set '{name}' groepeert documenten of notities: alleen de codes erin zijn overgenomen (groepen documenten kent de studie niet)",
    en="set '{name}' groups documents or notes: only its codes are kept (document sets have no place in the study)",
)
add(
    "qdpx_timed_selections",
    nl="bron '{name}': {n} fragment(en) van de opname zelf (op tijd gemarkeerd) weggelaten: de studie codeert tekst, codeer het transcript",
    en="source '{name}': {n} selection(s) of the recording itself (by time) left out: the study codes text, code the transcript",
)
add(
    "qdpx_source_no_guid",
    nl="bron '{name}' (regel {line}) heeft geen geldige GUID (de vaste sleutel waaraan programma's een bron herkennen): weggelaten",
    en="source '{name}' (line {line}) has no valid guid: left out",
)
add("qdpx_no_text_path", nl="(zonder plainTextPath)", en="(no plainTextPath)")
add(
    "qdpx_source_text_missing",
    nl="bron '{name}': het tekstbestand {ref} zit niet in het archief; weggelaten, met {n} codering(en)",
    en="source '{name}': its text file {ref} is not in the archive; left out with its {n} coding(s)",
)
add(
    "qdpx_case_selections",
    nl="case '{name}' bevat fragmenten: de hele documenten waar ze in staan horen nu bij de case",
    en="case '{name}' holds selections: the whole documents they are in are taken as the case's",
)
add("qdpx_case_coded", nl="case '{name}' is zelf gecodeerd: codes op een case kent de studie niet; weggelaten", en="case '{name}' is coded: codes on cases have no place in the study, left out")
add(
    "qdpx_kind_left_out",
    nl="{n} bron(nen) van de soort {kind} weggelaten: de studie bevat alleen tekst (zet ze in hun programma om naar tekst, of voeg een transcript toe)",
    en="{n} {kind}(s) left out: the study holds text sources only (convert them to text in their tool, or add a transcript)",
)
add("qdpx_unknown_codes", nl="{n} codering(en) noemen een code die niet in het codeboek staat: weggelaten", en="{n} coding(s) name a code that is not in the codebook: left out")
add(
    "qdpx_bare_quotations",
    nl="{n} fragment(en) zonder code (alleen citaten) weggelaten: de studie bewaart coderingen, geen losse citaten",
    en="{n} selection(s) without a code (quotations only) left out: the study keeps codings, not bare quotations",
)
add("qdpx_links", nl="{n} koppelingen tussen objecten weggelaten: daar heeft de studie geen plek voor", en="{n} links between objects left out: the study has no place for them")
add("qdpx_graphs", nl="{n} netwerken (graphs) weggelaten: daar heeft de studie geen plek voor", en="{n} graphs (networks) left out: the study has no place for them")
add(
    "qdpx_code_memo",
    nl="een memo bij code '{name}' is weggelaten: kopieer het naar de definitie van de code als het ertoe doet",
    en="a memo on code '{name}' is left out: copy it into the code's definition if it matters",
)
add("qdpx_project_memo", nl="de beschrijving of het memo van het project zelf is weggelaten", en="the project's own description or memo is left out")
add(
    "qdpx_free_memos",
    nl="{n} memo('s) die niet bij een codering of document horen weggelaten (losse memo's kent de studie niet)",
    en="{n} memo(s) not attached to a coding or document left out (free memos have no place in the study)",
)
add(
    "qdpx_selection_not_numbers",
    nl="bron '{name}': een fragment (regel {line}) heeft geen hele getallen als begin en eind: weggelaten",
    en="source '{name}': a selection (line {line}) has no whole-number start/end: left out",
)
add(
    "qdpx_selection_outside",
    nl="bron '{name}': fragment {start}-{end} (regel {line}) valt buiten de tekst ({n} tekens): ingekort tot de tekst",
    en="source '{name}': selection {start}-{end} (line {line}) lies outside the text ({n} characters): cut to the text",
)
add(
    "qdpx_selection_empty",
    nl="bron '{name}': fragment {start}-{end} (regel {line}) is leeg: weggelaten",
    en="source '{name}': selection {start}-{end} (line {line}) is empty: left out",
)


def validate_qde(tree_or_bytes: Any, schema: str | Path) -> None:
    """Raise :class:`ExchangeError` unless the project XML validates against ``schema`` (Project.xsd)."""
    from lxml import etree

    tree = tree_or_bytes if hasattr(tree_or_bytes, "getroot") else parse_xml("project.qde", tree_or_bytes)
    xsd = etree.XMLSchema(parse_xml(schema))
    if not xsd.validate(tree):
        err = xsd.error_log.last_error
        raise ExchangeError(f"{PROJECT_FILE}:{err.line}", t("qdpx_not_valid", schema=Path(schema).name, error=err.message), t("qdpx_not_valid_fix"))


# -- reading: the project -------------------------------------------------------------------
def _guid(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalise_guid(value)
    except ValueError:
        return None


def _value(vv: Any) -> tuple[str | None, Any]:
    ref = _children(vv, "VariableRef")
    target = _guid(ref[0].get("targetGUID")) if ref else None
    for child in vv:
        name = _local(child)
        if not name.endswith("Value"):
            continue
        text = (child.text or "").strip()
        if name == "BooleanValue":
            return target, text.lower() in ("true", "1")
        if name == "IntegerValue":
            try:
                return target, int(text)
            except ValueError:
                return target, text
        if name == "FloatValue":
            try:
                return target, float(text)
            except ValueError:
                return target, text
        return target, child.text or ""
    return target, None


def read_qdpx(path: str | Path, *, limits: Limits | None = None, name: str | None = None, offsets: str = "auto") -> QdpxProject:
    """Read a ``.qdpx`` (or a bare ``.qde``) into a :class:`QdpxProject`, safely.

    ``offsets`` says how the file counts positions: ``codepoints`` (the standard, ATLAS.ti,
    MAXQDA, QualCoder, this workbench), ``utf16`` (NVivo, a .NET program: a character
    outside the BMP counts two), or ``auto`` (``utf16`` when the origin is NVivo).

    Raises :class:`UnsafeArchiveError`, :class:`UnsafeXMLError` or :class:`ExchangeError`
    for a file that is refused; tolerated quirks and what cannot be represented are in
    ``problems``.
    """
    path = Path(path)
    limits = limits or Limits()
    archive: _Archive | None = None
    if path.suffix.lower() == ".qde":
        where = str(path)
        if path.is_file() and path.stat().st_size > limits.max_member_bytes:
            raise UnsafeArchiveError(where, t("qdpx_file_too_large", limit=_number(limits.max_member_bytes)), t("qdpx_trust_fix"))
        tree = parse_xml(path)
    else:
        archive = _Archive(path, limits)
        member = archive.project_member()
        where = f"{path}!{member}"
        tree = parse_xml(where, archive.read(member))
    if offsets not in ("auto", "codepoints", "utf16"):
        raise ExchangeError(None, t("unknown_choice", value=offsets, option="--offsets"), t("unknown_choice_fix", valid="auto, codepoints, utf16"))
    return _read_project(tree.getroot(), where, path, archive, name=name, offsets=offsets)


def _read_project(root: Any, where: str, path: Path, archive: _Archive | None, *, name: str | None, offsets: str = "auto") -> QdpxProject:
    """The project element read into a :class:`QdpxProject`, every part the study cannot hold said in ``problems``."""
    problems: list[str] = []
    if _local(root) != "Project":
        raise ExchangeError(f"{where}:{root.sourceline}", t("qdpx_not_a_project", element=_local(root)), t("qdpx_not_a_project_fix"))
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns != NS:
        problems.append(t("qdpx_namespace", ns=repr(ns) if ns else t("qdpx_none"), expected=repr(NS)))
    project_name = clean_text(root.get("name")) or path.stem
    utf16 = offsets == "utf16" or (offsets == "auto" and "nvivo" in (root.get("origin") or "").lower())
    default_user = _guid(root.get("creatingUserGUID"))
    codebook, by_guid = _read_codebook(root, where, name or project_name, problems)
    set_guids = _read_sets(root, problems)
    variables = _Variables(root)
    notes = _Notes(root, archive, default_user)
    sources, codings, selection_source, counted, links = _read_sources(root, archive, utf16, by_guid, default_user, variables, notes, problems)
    cases = _read_cases(root, selection_source, variables, problems)
    problems.extend(counted)
    _say_left_out(root, ns, notes, problems)
    return QdpxProject(
        name=project_name, codebook=codebook, code_guids={code_id: guid for guid, code_id in by_guid.items()}, users=tuple(_read_users(root)),
        sources=tuple(sources), codings=tuple(codings), cases=tuple(cases), variable_types=variables.types,
        variable_guids={v: g for g, v in variables.names.items()}, variable_descriptions=variables.descriptions, set_guids=set_guids,
        origin=root.get("origin") or "", creating_user=default_user, created=root.get("creationDateTime"), problems=tuple(problems),
        links=tuple(links),
    )


def _read_users(root: Any) -> list[QdpxUser]:
    users: list[QdpxUser] = []
    for users_el in _children(root, "Users"):
        for u in _children(users_el, "User"):
            guid = _guid(u.get("guid"))
            if guid:
                users.append(QdpxUser(guid, clean_text(u.get("name")) or clean_text(u.get("id")) or guid))
    return users


def _read_codebook(root: Any, where: str, name: str, problems: list[str]) -> tuple[Any, dict[str, str]]:
    """The project's codebook and its code GUIDs (guid -> code id); the reader's warnings become problems."""
    from workbench.codebook.yaml_io import _slugify

    books = _children(root, "CodeBook")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExchangeWarning)
        codebook, by_guid = read_codebook_element(
            books[0] if books else root, where, sets_parent=root, codebook_id=_slugify(name), title=name, allow_empty=True, path=None,
        )
    problems.extend(str(w.message).removeprefix(f"{where}: ") for w in caught if issubclass(w.category, ExchangeWarning))
    return codebook, by_guid


def _read_sets(root: Any, problems: list[str]) -> dict[str, str]:
    """Sets of codes by name -> GUID (sets of documents have no place in the study: said)."""
    set_guids: dict[str, str] = {}
    for sets_el in _children(root, "Sets"):
        for s in _children(sets_el, "Set"):
            set_guid = _guid(s.get("guid"))
            if set_guid:
                set_guids[clean_text(s.get("name")) or "set"] = set_guid
            if _children(s, "MemberSource") or _children(s, "MemberNote"):
                problems.append(t("qdpx_set_documents", name=s.get("name")))
    return set_guids


class _Variables:
    """The project's variables (GUID -> name, name -> REFI type), and the values an element holds."""

    def __init__(self, root: Any) -> None:
        self.names: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.descriptions: dict[str, str] = {}
        for vars_el in _children(root, "Variables"):
            for v in _children(vars_el, "Variable"):
                guid = _guid(v.get("guid"))
                vname = clean_text(v.get("name"))
                if guid and vname:
                    self.names[guid] = vname
                    self.types[vname] = v.get("typeOfVariable") or "Text"
                    described = _text_of(v, "Description")
                    if described:
                        self.descriptions[vname] = described.strip()

    def values(self, el: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for vv in _children(el, "VariableValue"):
            target, value = _value(vv)
            if target in self.names and value is not None:
                out[self.names[target]] = value
        return out


class _Notes:
    """The project's notes by GUID, and which of them something refers to (the rest is said)."""

    def __init__(self, root: Any, archive: _Archive | None, default_user: str | None) -> None:
        self.text: dict[str, str] = {}
        self.user: dict[str, str | None] = {}
        self.used: set[str] = set()
        self.default_user = default_user
        for notes_el in _children(root, "Notes"):
            for note in _children(notes_el, "Note"):
                guid = _guid(note.get("guid"))
                text = _text_of(note, "PlainTextContent")
                if text is None and note.get("plainTextPath") and archive is not None:
                    member = _internal_member(archive, note.get("plainTextPath"))
                    text = decode_source(archive.read(member))[0] if member else None
                if guid and text is not None:
                    self.text[guid] = OffsetMap(text).text.strip()
                    self.user[guid] = _guid(note.get("creatingUser"))

    def notes_of(self, el: Any) -> tuple[tuple[str | None, str], ...]:
        """The notes an element refers to, each with the user who wrote it."""
        out = []
        for ref in _children(el, "NoteRef"):
            guid = _guid(ref.get("targetGUID"))
            if guid in self.text and self.text[guid]:
                self.used.add(guid)
                out.append((self.user.get(guid) or self.default_user, self.text[guid]))
        return tuple(out)

    def memo_of(self, el: Any) -> str | None:
        """An element's description and the notes it refers to, as one memo."""
        texts = []
        desc = _text_of(el, "Description")
        if desc and desc.strip():
            texts.append(desc.strip())
        for ref in _children(el, "NoteRef"):
            guid = _guid(ref.get("targetGUID"))
            if guid in self.text:
                self.used.add(guid)
                if self.text[guid]:
                    texts.append(self.text[guid])
        return "\n\n".join(texts) or None


def _description_of(el: Any) -> str | None:
    desc = _text_of(el, "Description")
    return desc.strip() if desc and desc.strip() else None


#: one document to read: (element with variables and notes, element with the text, GUID, name, selections, takes whole-document codings)
_Unit = tuple[Any, Any, "str | None", str, list[tuple[Any, "str | None", "str | None"]], bool]


def _units_of(src: Any, kind: str, problems: list[str]) -> list[_Unit]:
    """The documents a source element holds: a text source is one; a recording is one per transcript."""
    if kind == "TextSource":
        plain = [(sel, sel.get("startPosition"), sel.get("endPosition")) for sel in _children(src, "PlainTextSelection")]
        return [(src, src, _guid(src.get("guid")), clean_text(src.get("name")), plain, True)]
    # an interview recording with its transcript (f4, MAXQDA, NVivo): the transcript is
    # the document; its selections run between sync points, which hold text positions
    transcripts = _children(src, "Transcript")
    timed = len(_children(src, kind.replace("Source", "Selection")))
    if timed:
        problems.append(t("qdpx_timed_selections", name=src.get("name"), n=timed))
    units: list[_Unit] = []
    for i, tr in enumerate(transcripts):
        points = {_guid(p.get("guid")): p.get("position") for p in _children(tr, "SyncPoint")}
        spans = [(sel, points.get(_guid(sel.get("fromSyncPoint"))), points.get(_guid(sel.get("toSyncPoint")))) for sel in _children(tr, "TranscriptSelection")]
        base = clean_text(tr.get("name")) or clean_text(src.get("name"))
        guid_ = _guid(src.get("guid")) if len(transcripts) == 1 else _guid(tr.get("guid"))
        units.append((src, tr, guid_, base if len(transcripts) == 1 else f"{base} ({i + 1})", spans, i == 0))
    return units


def _unit_text(text_el: Any, archive: _Archive | None, sname: str, selections: list[Any], problems: list[str]) -> str | None:
    """A document's text, inline or from the archive's Sources/ (None, said, when it is missing)."""
    raw = _text_of(text_el, "PlainTextContent")
    if raw is not None:
        return raw
    ref = text_el.get("plainTextPath")
    member = _internal_member(archive, ref) if archive is not None and ref else None
    if member is None:
        n = sum(len(_children(sel, "Coding")) for sel, _, _ in selections)
        problems.append(t("qdpx_source_text_missing", name=sname, ref=ref or t("qdpx_no_text_path"), n=n))
        return None
    assert archive is not None  # a member was found in it
    return decode_source(archive.read(member))[0]


def _read_sources(
    root: Any, archive: _Archive | None, utf16: bool, by_guid: dict[str, str], default_user: str | None,
    variables: _Variables, notes: _Notes, problems: list[str],
) -> tuple[list[QdpxSource], list[QdpxCoding], dict[str, str], list[Any], list[QdpxLink]]:
    """The documents with their codings, which source each selection belongs to, and what was
    left out, counted (said after the cases, as the project's order has it)."""
    sources: list[QdpxSource] = []
    codings: list[QdpxCoding] = []
    links: list[QdpxLink] = []
    selection_source: dict[str, str] = {}
    skipped_kinds: dict[str, int] = {}
    counters = {"unknown_codes": 0, "no_code_selections": 0}
    for sources_el in _children(root, "Sources"):
        for src in sources_el:
            kind = _local(src)
            if kind != "TextSource" and not (kind in ("AudioSource", "VideoSource") and _children(src, "Transcript")):
                if kind:
                    skipped_kinds[kind] = skipped_kinds.get(kind, 0) + 1
                continue
            for meta_el, text_el, maybe_guid, unit_name, selections, takes_whole in _units_of(src, kind, problems):
                sname = unit_name or (maybe_guid or "bron")
                if not maybe_guid:
                    problems.append(t("qdpx_source_no_guid", name=sname, line=text_el.sourceline))
                    continue
                raw = _unit_text(text_el, archive, sname, selections, problems)
                if raw is None:
                    continue
                omap = OffsetMap(raw, utf16=utf16)
                sources.append(QdpxSource(
                    guid=maybe_guid, name=sname, text=omap.text, variables=variables.values(meta_el), memo=_description_of(meta_el),
                    notes=notes.notes_of(meta_el),
                ))
                _read_codings(
                    maybe_guid, sname, omap, selections, meta_el if takes_whole else None, by_guid, default_user, notes.memo_of,
                    codings, selection_source, problems, counters, links,
                )
    counted: list[Any] = [t("qdpx_kind_left_out", n=n, kind=kind) for kind, n in sorted(skipped_kinds.items())]
    if counters["unknown_codes"]:
        counted.append(t("qdpx_unknown_codes", n=counters["unknown_codes"]))
    if counters["no_code_selections"]:
        counted.append(t("qdpx_bare_quotations", n=counters["no_code_selections"]))
    return sources, codings, selection_source, counted, links


def _read_cases(root: Any, selection_source: dict[str, str], variables: _Variables, problems: list[str]) -> list[QdpxCase]:
    cases: list[QdpxCase] = []
    for cases_el in _children(root, "Cases"):
        for case in _children(cases_el, "Case"):
            guid = _guid(case.get("guid"))
            refs = [_guid(r.get("targetGUID")) for r in _children(case, "SourceRef")]
            refs += [selection_source.get(_guid(r.get("targetGUID")) or "") for r in _children(case, "SelectionRef")]
            if _children(case, "SelectionRef"):
                problems.append(t("qdpx_case_selections", name=case.get("name")))
            if _children(case, "CodeRef"):
                problems.append(t("qdpx_case_coded", name=case.get("name")))
            if guid:
                cases.append(QdpxCase(guid=guid, name=clean_text(case.get("name")) or guid, source_guids=tuple(dict.fromkeys(r for r in refs if r)), variables=variables.values(case)))
    return cases


def _say_left_out(root: Any, ns: str, notes: _Notes, problems: list[str]) -> None:
    """Links, graphs, memos on codes or the project, and notes nothing refers to: the study has no place for them."""
    for element, key in (("Links", "qdpx_links"), ("Graphs", "qdpx_graphs")):
        n = sum(len(list(el)) for el in _children(root, element))
        if n:
            problems.append(t(key, n=n))
    for code_el in root.iter(f"{{{ns}}}Code" if ns else "Code"):
        for ref in _children(code_el, "NoteRef"):
            g = _guid(ref.get("targetGUID"))
            if g in notes.text and g not in notes.used:
                notes.used.add(g)
                problems.append(t("qdpx_code_memo", name=code_el.get("name")))
    if notes.memo_of(root):
        problems.append(t("qdpx_project_memo"))
    orphan = [g for g in notes.text if g not in notes.used]
    if orphan:
        problems.append(t("qdpx_free_memos", n=len(orphan)))


def _read_codings(
    guid: str, sname: str, omap: OffsetMap, selections: list[tuple[Any, str | None, str | None]], whole: Any, by_guid: dict[str, str],
    default_user: str | None, memo_of: Any, codings: list[QdpxCoding], selection_source: dict[str, str], problems: list[str], counters: dict[str, int],
    links: list[QdpxLink] | None = None,
) -> None:
    """The codings of one text: its selections (positions as the tool counts them) and,
    on ``whole``, codings of the whole source; links carried as notes on selections (.links)."""

    def add(holder: Any, start: int, end: int, sel_guid: str | None, sel_user: str | None, sel_created: str | None, sel_memo: str | None) -> None:
        for c in _children(holder, "Coding"):
            refs = _children(c, "CodeRef")
            code_guid = _guid(refs[0].get("targetGUID")) if refs else None
            if code_guid is None or code_guid not in by_guid:
                counters["unknown_codes"] += 1
                continue
            memos = [m for m in (sel_memo, memo_of(c)) if m]
            codings.append(QdpxCoding(
                guid=_guid(c.get("guid")) or derived_guid("coding", f"{sel_guid}/{code_guid}"), source_guid=guid, start=start, end=end,
                code_guid=code_guid, user_guid=_guid(c.get("creatingUser")) or sel_user or default_user, selection_guid=sel_guid,
                created=c.get("creationDateTime") or sel_created, memo="\n\n".join(dict.fromkeys(memos)) or None,
            ))

    for sel, start_text, end_text in selections:
        sel_guid = _guid(sel.get("guid"))
        try:
            s_raw, e_raw = int(start_text or ""), int(end_text or "")
        except ValueError:
            problems.append(t("qdpx_selection_not_numbers", name=sname, line=sel.sourceline))
            continue
        if s_raw > e_raw:
            s_raw, e_raw = e_raw, s_raw
        if e_raw > omap.n_units or s_raw < 0:
            problems.append(t("qdpx_selection_outside", name=sname, start=s_raw, end=e_raw, line=sel.sourceline, n=omap.n_units))
        start, end = omap.start(s_raw), omap.end(e_raw)
        if end <= start:
            problems.append(t("qdpx_selection_empty", name=sname, start=s_raw, end=e_raw, line=sel.sourceline))
            continue
        if sel_guid:
            selection_source[sel_guid] = guid
        found, memo = note_links(memo_of(sel))
        sel_user = _guid(sel.get("creatingUser")) or default_user
        for i, link in enumerate(found):
            if links is not None:
                cause = link["cause_guid"] if link["cause_guid"] in by_guid else link["cause"]
                effect = link["effect_guid"] if link["effect_guid"] in by_guid else link["effect"]
                links.append(QdpxLink(
                    guid=derived_guid("link", f"{sel_guid}/{i}"), source_guid=guid, start=start, end=end, cause=cause, effect=effect,
                    sign=link["sign"], strength=link["strength"], user_guid=sel_user, created=sel.get("creationDateTime"),
                ))
        if not _children(sel, "Coding") and not found:
            counters["no_code_selections"] += 1
        add(sel, start, end, sel_guid, _guid(sel.get("creatingUser")), sel.get("creationDateTime"), memo)
    if whole is not None and _children(whole, "Coding") and omap.text:
        add(whole, 0, len(omap.text), None, _guid(whole.get("creatingUser")), whole.get("creationDateTime"), None)


def _internal_member(archive: _Archive | None, ref: str | None) -> str | None:
    """The archive member a ``plainTextPath`` points at (``internal://x.txt`` -> ``Sources/x.txt``)."""
    if archive is None or not ref:
        return None
    if not ref.lower().startswith("internal://"):
        return None  # relative:// and absolute paths point outside the archive
    name = ref[len("internal://"):].lstrip("/")
    if not _safe_name(name):
        raise UnsafeArchiveError(str(archive.path), t("qdpx_text_leaves", ref=repr(ref)), t("qdpx_do_not_import_fix"))
    return archive.find(f"Sources/{name}") or archive.find(name)
