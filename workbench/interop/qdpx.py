"""REFI-QDA projects (``.qdpx``): whole studies to and from ATLAS.ti, MAXQDA, NVivo, QualCoder.

A ``.qdpx`` is a zip holding ``project.qde`` (XML, root ``<Project
xmlns="urn:QDA-XML:project:1.0">``) and the source texts in ``Sources/``. The first half
of this module is the file format: :func:`read_qdpx` and :func:`write_qdpx` turn one into
a :class:`QdpxProject` (plain objects) and back. The second half moves a project between
the file and a study: :func:`export_qdpx` and :func:`import_qdpx` (through the corpus
ingest, the coding API and the store's GUIDs, :mod:`workbench.store.exchange`).

What goes where (export):

====================  ===========================================================
workbench             REFI-QDA
====================  ===========================================================
coders                ``<Users>`` (suggesters only with ``include_suggestions``)
codebook              ``<CodeBook>``: nesting, ``isCodable``, colour, the sectioned
                      ``<Description>`` of :mod:`workbench.codebook.refi`
code groups           ``<Sets>`` with ``<MemberCode>``
documents             ``<TextSource plainTextPath="internal://GUID.txt">`` plus
                      ``Sources/GUID.txt`` (UTF-8, no BOM, the pseudonymised text)
codings               one ``<PlainTextSelection>`` per span and coder, holding one
                      ``<Coding>`` per code, both with that coder as creatingUser
initiatives           ``<Cases>`` with a ``<SourceRef>`` per document
metadata              ``<Variables>`` and a ``<VariableValue>`` per document
coding memos          ``<Notes>``, referenced by a ``<NoteRef>`` in the ``<Coding>``
====================  ===========================================================

Offsets (``startPosition``, ``endPosition``) count Unicode code points of the plain
text (as Python does), zero-based, end exclusive: ``é`` is one, ``👵`` is one.

Import reads what real tools write: ATLAS.ti, NVivo (``sources/`` in lower case, a BOM
at the start of a .txt, one selection repeated per code), MAXQDA (notes as ``<Notes>``,
codings without a user), QualCoder (memos in ``<Description>``, ``PlainTextContent``
inline). A BOM is not counted; ``\\r\\n`` counts as one character once read (it becomes
``\\n``), and text is put in NFC with offsets carried along. What the study cannot hold
(pictures, PDF, audio, video, links, graphs, notes on codes) is listed in
``QdpxProject.problems``, never dropped silently; a source whose file is missing is
reported by name.

Security: an archive is untrusted. Member names that leave the archive (``..``, absolute
paths, drive letters), links, encrypted members, too many or too large members (zip
bombs) are refused with :class:`UnsafeArchiveError`; XML with a DOCTYPE or entities
with :class:`UnsafeXMLError`; broken XML or zip with :class:`ExchangeError`. Nothing is
extracted to disk: members are read into memory, within the limits.

Example:
    >>> project = read_qdpx("atlas-export.qdpx")          # doctest: +SKIP
    >>> [s.name for s in project.sources], project.problems   # doctest: +SKIP
    >>> write_qdpx(project, "copy.qdpx")                   # doctest: +SKIP
"""

from __future__ import annotations

import re
import stat
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from workbench.codebook.model import Codebook, clean_text
from workbench.codebook.refi import (
    GUID_NAMESPACE,
    _children,
    _local,
    _origin,
    _text_of,
    format_description,
    normalise_guid,
    parse_xml,
    read_codebook_element,
)
from workbench.errors import ExchangeError, ExchangeWarning, UnsafeArchiveError
from workbench.i18n import add, safe_language, t

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

NS = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DRIVE = re.compile(r"^[A-Za-z]:")

# -- messages (Dutch and English; problems are built in the interface language when they are found)
add("qdpx_none", nl="geen", en="none")
add(
    "qdpx_xml_cannot_carry",
    nl="de studie bevat tekens die niet in een REFI-QDA-project (XML) passen ({error})",
    en="the study holds text XML cannot carry ({error})",
)
add(
    "qdpx_xml_cannot_carry_fix",
    nl="haal onzichtbare stuurtekens weg uit de namen van codes, uit memo's en uit de metadata",
    en="remove control characters from code labels, memos and metadata",
)
add("qdpx_not_valid", nl="het projectbestand klopt niet met {schema}: {error}", en="not valid against {schema}: {error}")
add("qdpx_not_valid_fix", nl="meld dit als fout in de workbench (een export hoort altijd te kloppen)", en="report this as a bug in the workbench (an export should always be valid)")
add("qdpx_file_missing", nl="het bestand bestaat niet", en="the file does not exist")
add("qdpx_file_missing_fix", nl="controleer de map en de naam van het bestand", en="check the folder and the file name")
add(
    "qdpx_not_zip",
    nl="dit is geen REFI-QDA-project (.qdpx): het is geen leesbaar zip-archief ({error})",
    en="not a .qdpx project (not a readable zip archive: {error})",
)
add(
    "qdpx_not_zip_fix",
    nl="exporteer het project opnieuw uit het programma waar het vandaan komt, als REFI-QDA-project (.qdpx)",
    en="export the project again from its tool as REFI-QDA project (.qdpx)",
)
add(
    "qdpx_trust_fix",
    nl="bekijk het bestand; vertrouwt u het project, verhoog dan de grens in een notebook: import_qdpx(..., limits=Limits(...))",
    en="check the file; only for a project you trust, raise the limit in a notebook: import_qdpx(..., limits=Limits(...))",
)
add("qdpx_do_not_import_fix", nl="importeer dit bestand niet; vraag de afzender het project opnieuw te exporteren", en="do not import this file; ask the sender to export it again")
add("qdpx_bomb_fix", nl="importeer dit bestand niet", en="do not import this file")
add("qdpx_too_many_members", nl="het archief bevat {n} bestanden (de grens is {limit})", en="the archive has {n} members (limit {limit})")
add(
    "qdpx_member_leaves",
    nl="het bestand {name} in het archief zou buiten het archief worden uitgepakt (een bekende aanval, 'zip-slip')",
    en="member {name} has a path that leaves the archive (zip-slip)",
)
add("qdpx_member_link", nl="het bestand {name} in het archief is een verwijzing naar een ander bestand (een symbolische link)", en="member {name} is a symbolic link")
add("qdpx_member_encrypted", nl="het bestand {name} in het archief is versleuteld", en="member {name} is encrypted")
add("qdpx_member_encrypted_fix", nl="exporteer het project opnieuw zonder wachtwoord", en="export the project again without a password")
add("qdpx_member_too_large", nl="het bestand {name} in het archief is uitgepakt {size} bytes groot (de grens is {limit})", en="member {name} unpacks to {size} bytes (limit {limit})")
add(
    "qdpx_member_bomb",
    nl="het bestand {name} in het archief wordt uitgepakt {ratio} keer zo groot (een 'zipbom': een klein bestand dat de computer vol laat lopen)",
    en="member {name} unpacks {ratio} times its size (a zip bomb)",
)
add("qdpx_total_too_large", nl="uitgepakt wordt het archief groter dan {limit} bytes", en="the archive unpacks to more than {limit} bytes")
add("qdpx_member_unreadable", nl="dit deel van het archief kan niet worden uitgepakt ({error})", en="the member cannot be unpacked ({error})")
add("qdpx_member_unreadable_fix", nl="exporteer het project opnieuw", en="export the project again")
add(
    "qdpx_member_lies",
    nl="uitgepakt wordt dit deel van het archief groter dan het archief opgeeft (een 'zipbom': een klein bestand dat de computer vol laat lopen)",
    en="the member unpacks to more than it declares (a zip bomb)",
)
add("qdpx_no_project", nl="in het archief staat geen project.qde (het bestand met het project zelf)", en="the archive holds no project.qde")
add(
    "qdpx_no_project_fix",
    nl="kies een REFI-QDA-project (.qdpx) dat is geëxporteerd uit ATLAS.ti, MAXQDA, NVivo of QualCoder",
    en="choose a REFI-QDA project (.qdpx) exported by ATLAS.ti, MAXQDA, NVivo or QualCoder",
)
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
add(
    "qdpx_user_renamed",
    nl="gebruiker '{name}' (GUID {guid}) is codeur '{coder}' geworden: een andere gebruiker met dezelfde naam is al codeur '{taken}'; zo blijven hun coderingen apart (en is de overeenstemming tussen hen te berekenen)",
    en="user '{name}' (GUID {guid}) became coder '{coder}': another user of the same name is already coder '{taken}'; so their codings stay apart (and the agreement between them can be computed)",
)
add("qdpx_import_note", nl="ingelezen uit {name}", en="import {name}")
add("qdpx_codebook_header", nl="Ingelezen uit {name} ({origin}) met workbench import qdpx.", en="Imported from {name} ({origin}) by workbench import qdpx.")


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
    set_guids: dict[str, str] = field(default_factory=dict)
    origin: str = ""
    creating_user: str | None = None
    created: str | None = None
    problems: tuple[str, ...] = ()

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


def _value_element(kind: str, value: Any) -> tuple[str, str]:
    if kind == "Boolean":
        return "BooleanValue", "true" if value else "false"
    if kind in ("Integer", "Float", "Date", "DateTime"):
        return f"{kind}Value", str(value)
    return "TextValue", str(value)


def _utf16_positions(text: str) -> Any:
    """Code point offset -> UTF-16 offset of ``text`` (identity when all of it is in the BMP)."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda p: p
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda p: table[p]


def to_qde_tree(project: QdpxProject, *, offsets: str = "codepoints") -> etree._ElementTree:
    """The ``project.qde`` XML of a project (sources by reference to ``Sources/GUID.txt``).

    ``offsets="utf16"`` writes positions in UTF-16 units, for NVivo (the standard and every
    other tool count code points; they differ only after characters outside the BMP).
    """
    from lxml import etree

    if offsets not in ("codepoints", "utf16"):
        raise ExchangeError(None, t("unknown_choice", value=offsets, option="--offsets"), t("unknown_choice_fix", valid="codepoints, utf16"))

    def sub(parent: Any, tag: str, **attrs: Any) -> Any:
        el = etree.SubElement(parent, f"{{{NS}}}{tag}")
        for key, value in attrs.items():
            if value is not None:
                el.set(key, str(value))
        return el

    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
    root.set("name", project.name)
    root.set("origin", project.origin or _origin())
    if project.creating_user:
        root.set("creatingUserGUID", project.creating_user)
    if project.created:
        root.set("creationDateTime", project.created)
    if project.users:
        users = sub(root, "Users")
        for user in project.users:
            sub(users, "User", guid=user.guid, name=user.name)
    codebook = project.codebook
    if codebook.codes:
        codes_el = sub(sub(root, "CodeBook"), "Codes")
        index = {c.id: c for c in codebook.codes}

        def add(parent: Any, code: Any) -> None:
            el = sub(parent, "Code", guid=project.code_guids[code.id], name=code.get_label("nl"), isCodable="true" if code.is_active else "false")
            if code.color:
                el.set("color", code.color.upper())
            sub(el, "Description").text = format_description(code)
            for child in code.children:
                add(el, index[child])

        for code in codebook.roots:
            add(codes_el, code)
    if project.variable_types:
        variables = sub(root, "Variables")
        for name, kind in project.variable_types.items():
            sub(variables, "Variable", guid=project.variable_guids[name], name=name, typeOfVariable=kind)
    if project.cases:
        cases = sub(root, "Cases")
        for case in project.cases:
            el = sub(cases, "Case", guid=case.guid, name=case.name)
            _variable_values(sub, el, case.variables, project)
            for guid in case.source_guids:
                sub(el, "SourceRef", targetGUID=guid)
    notes: list[tuple[str, str, str | None]] = []
    if project.sources:
        by_source: dict[str, list[QdpxCoding]] = {}
        for coding in project.codings:
            by_source.setdefault(coding.source_guid, []).append(coding)
        sources = sub(root, "Sources")
        for source in project.sources:
            el = sub(sources, "TextSource", guid=source.guid, name=source.name, plainTextPath=f"internal://{source.guid}.txt")
            if source.memo:
                sub(el, "Description").text = source.memo
            position = _utf16_positions(source.text) if offsets == "utf16" else (lambda p: p)
            selections: dict[tuple[int, int, str | None], list[QdpxCoding]] = {}
            for coding in sorted(by_source.get(source.guid, []), key=lambda c: (c.start, c.end, c.user_guid or "", c.code_guid)):
                selections.setdefault((coding.start, coding.end, coding.user_guid), []).append(coding)
            for (start, end, sel_user), codings in selections.items():
                sel_guid = codings[0].selection_guid or derived_guid("selection", f"{source.guid}/{start}/{end}/{sel_user}")
                sel = sub(el, "PlainTextSelection", guid=sel_guid, startPosition=position(start), endPosition=position(end), creatingUser=sel_user, creationDateTime=codings[0].created)
                for coding in codings:
                    c_el = sub(sel, "Coding", guid=coding.guid, creatingUser=coding.user_guid, creationDateTime=coding.created)
                    sub(c_el, "CodeRef", targetGUID=coding.code_guid)
                    if coding.memo:
                        note_guid = derived_guid("note", coding.guid)
                        notes.append((note_guid, coding.memo, None))
                        sub(c_el, "NoteRef", targetGUID=note_guid)
            for note_user, note_text in source.notes:
                note_guid = derived_guid("note", f"{source.guid}/{note_user}/{note_text}")
                notes.append((note_guid, note_text, note_user))
                sub(el, "NoteRef", targetGUID=note_guid)
            _variable_values(sub, el, source.variables, project)
    if notes:
        notes_el = sub(root, "Notes")
        for guid, text, note_author in notes:
            note = sub(notes_el, "Note", guid=guid, name="memo", creatingUser=note_author)
            sub(note, "PlainTextContent").text = text
    groups = [g for g in codebook.groups if any(c in project.code_guids for c in g.codes)]
    if groups:  # never an empty <Sets/>: the schema rejects it
        sets = sub(root, "Sets")
        for group in groups:
            el = sub(sets, "Set", guid=project.set_guids.get(group.name) or derived_guid("set", f"{codebook.id}/{group.name}"), name=group.name)
            if group.description:
                sub(el, "Description").text = group.description
            for member in group.codes:
                if member in project.code_guids:
                    sub(el, "MemberCode", targetGUID=project.code_guids[member])
    return etree.ElementTree(root)


def _variable_values(sub: Any, el: Any, values: dict[str, Any], project: QdpxProject) -> None:
    for name, value in values.items():
        if value is None or value == "" or name not in project.variable_types:
            continue
        vv = sub(el, "VariableValue")
        sub(vv, "VariableRef", targetGUID=project.variable_guids[name])
        tag, text = _value_element(project.variable_types[name], value)
        sub(vv, tag).text = text


def write_qdpx(project: QdpxProject, path: str | Path, *, offsets: str = "codepoints") -> Path:
    """Write the project as a ``.qdpx`` zip: ``project.qde`` plus ``Sources/GUID.txt``.

    The file is written to a temporary name next to ``path`` and renamed, so a failed
    export never leaves half a file.
    """
    import os
    import tempfile

    from lxml import etree

    path = Path(path)
    try:
        tree = to_qde_tree(project, offsets=offsets)
        qde = etree.tostring(tree, xml_declaration=True, encoding="utf-8", pretty_print=True)
    except ValueError as exc:  # lxml: characters XML cannot hold (control characters)
        raise ExchangeError(str(path), t("qdpx_xml_cannot_carry", error=exc), t("qdpx_xml_cannot_carry_fix")) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".qdpx-", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(PROJECT_FILE, qde)
            for source in project.sources:
                zf.writestr(f"Sources/{source.guid}.txt", source.text.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def validate_qde(tree_or_bytes: Any, schema: str | Path) -> None:
    """Raise :class:`ExchangeError` unless the project XML validates against ``schema`` (Project.xsd)."""
    from lxml import etree

    tree = tree_or_bytes if hasattr(tree_or_bytes, "getroot") else parse_xml("project.qde", tree_or_bytes)
    xsd = etree.XMLSchema(parse_xml(schema))
    if not xsd.validate(tree):
        err = xsd.error_log.last_error
        raise ExchangeError(f"{PROJECT_FILE}:{err.line}", t("qdpx_not_valid", schema=Path(schema).name, error=err.message), t("qdpx_not_valid_fix"))


# -- reading: the archive -------------------------------------------------------------------
@dataclass(frozen=True)
class Limits:
    """Size limits for an untrusted archive (zip bombs); raise them for very large studies."""

    max_members: int = 20_000
    max_member_bytes: int = 256 * 2**20
    max_total_bytes: int = 1024 * 2**20
    #: a member over 1 MB that unpacks to more than this many times its packed size is a bomb
    max_ratio: int = 200


def _safe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name):
        return False
    return all(part not in ("..",) for part in PurePosixPath(name).parts)


class _Archive:
    """The members of a checked zip, read into memory on demand within the limits."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise ExchangeError(str(path), t("qdpx_file_missing"), t("qdpx_file_missing_fix")) from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExchangeError(str(path), t("qdpx_not_zip", error=exc), t("qdpx_not_zip_fix")) from None
        infos = self.zip.infolist()
        if len(infos) > limits.max_members:
            raise UnsafeArchiveError(str(path), t("qdpx_too_many_members", n=_number(len(infos)), limit=_number(limits.max_members)), t("qdpx_trust_fix"))
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if not _safe_name(info.filename):
                raise UnsafeArchiveError(str(path), t("qdpx_member_leaves", name=repr(info.filename)), t("qdpx_do_not_import_fix"))
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise UnsafeArchiveError(str(path), t("qdpx_member_link", name=repr(info.filename)), t("qdpx_do_not_import_fix"))
            if info.flag_bits & 0x1:
                raise UnsafeArchiveError(str(path), t("qdpx_member_encrypted", name=repr(info.filename)), t("qdpx_member_encrypted_fix"))
            if info.file_size > limits.max_member_bytes:
                raise UnsafeArchiveError(
                    str(path), t("qdpx_member_too_large", name=repr(info.filename), size=_number(info.file_size), limit=_number(limits.max_member_bytes)), t("qdpx_trust_fix"),
                )
            if info.file_size > 2**20 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UnsafeArchiveError(str(path), t("qdpx_member_bomb", name=repr(info.filename), ratio=_number(info.file_size // max(info.compress_size, 1))), t("qdpx_bomb_fix"))
            total += info.file_size
            if total > limits.max_total_bytes:
                raise UnsafeArchiveError(str(path), t("qdpx_total_too_large", limit=_number(limits.max_total_bytes)), t("qdpx_trust_fix"))
            if not info.is_dir():
                self.members[info.filename] = info
        self._lower = {name.lower(): name for name in self.members}

    def find(self, name: str) -> str | None:
        """A member by name, ignoring case (NVivo writes ``sources/``)."""
        return self.members.get(name) and name or self._lower.get(name.lower())

    def read(self, name: str) -> bytes:
        info = self.members[name]
        cap = min(self.limits.max_member_bytes, info.file_size)
        try:
            with self.zip.open(info) as fh:
                data = fh.read(cap + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise ExchangeError(f"{self.path}!{name}", t("qdpx_member_unreadable", error=exc), t("qdpx_member_unreadable_fix")) from None
        if len(data) > cap:
            raise UnsafeArchiveError(f"{self.path}!{name}", t("qdpx_member_lies"), t("qdpx_bomb_fix"))
        return data

    def project_member(self) -> str:
        candidates = [n for n in self.members if n.lower().endswith(".qde")]
        top = [n for n in candidates if "/" not in n]
        if not candidates:
            raise ExchangeError(str(self.path), t("qdpx_no_project"), t("qdpx_no_project_fix"))
        chosen = sorted(top or candidates, key=lambda n: (n.lower() != PROJECT_FILE, n))
        return chosen[0]


# -- reading: texts and offsets -------------------------------------------------------------
class OffsetMap:
    """Positions in a text as read (BOM gone) -> positions in the cleaned text (``\\r\\n`` -> ``\\n``, NFC).

    A position inside a character that was merged (``\\r\\n``, ``e`` + combining accent)
    maps to that character's start for a span start and to its end for a span end.
    """

    def __init__(self, raw: str, *, utf16: bool = False) -> None:
        # NVivo (a .NET program) counts UTF-16 code units: a character outside the BMP
        # (an emoji) counts two there and one here
        self._units: tuple[list[int], list[int]] | None = None
        if utf16 and any(ord(ch) > 0xFFFF for ch in raw):
            lo_u, hi_u = [], []
            for i, ch in enumerate(raw):
                lo_u.append(i)
                hi_u.append(i)
                if ord(ch) > 0xFFFF:
                    lo_u.append(i)  # between the two surrogates: the start of the character
                    hi_u.append(i + 1)  # ... or its end
            lo_u.append(len(raw))
            hi_u.append(len(raw))
            self._units = (lo_u, hi_u)
        self.identity = "\r" not in raw and "\ufeff" not in raw and unicodedata.is_normalized("NFC", raw)
        if self.identity:
            self.text = raw
            self.n = len(raw)
            return
        parts: list[str] = []
        lo = [0] * (len(raw) + 1)
        hi = [0] * (len(raw) + 1)
        i, pos, n = 0, 0, len(raw)
        while i < n:
            ch = raw[i]
            j = i + 1
            if ch == "\r":
                if j < n and raw[j] == "\n":
                    j += 1
                piece = "\n"
            elif ch == "\ufeff":
                piece = ""
            else:
                while j < n and unicodedata.combining(raw[j]):
                    j += 1
                piece = unicodedata.normalize("NFC", raw[i:j])
            for k in range(i, j):
                lo[k] = pos
                hi[k] = pos if k == i else pos + len(piece)
            pos += len(piece)
            parts.append(piece)
            i = j
        lo[n] = hi[n] = pos
        self.text = "".join(parts)
        self.n = n
        self._lo, self._hi = lo, hi

    @property
    def n_units(self) -> int:
        """Length of the text as read, in the units the tool counts."""
        return len(self._units[0]) - 1 if self._units else self.n

    def _cp(self, p: int, side: int) -> int:
        p = max(p, 0)
        if self._units is not None:
            table = self._units[side]
            return table[min(p, len(table) - 1)]
        return min(p, self.n)

    def start(self, p: int) -> int:
        p = self._cp(p, 0)
        return p if self.identity else self._lo[p]

    def end(self, p: int) -> int:
        p = self._cp(p, 1)
        return p if self.identity else self._hi[p]


def decode_source(data: bytes) -> tuple[str, str]:
    """Text of a source file: UTF-8 (BOM dropped, not counted), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


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
    from workbench.codebook.yaml_io import _slugify

    problems: list[str] = []
    if _local(root) != "Project":
        raise ExchangeError(f"{where}:{root.sourceline}", t("qdpx_not_a_project", element=_local(root)), t("qdpx_not_a_project_fix"))
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns != NS:
        problems.append(t("qdpx_namespace", ns=repr(ns) if ns else t("qdpx_none"), expected=repr(NS)))
    project_name = clean_text(root.get("name")) or path.stem
    utf16 = offsets == "utf16" or (offsets == "auto" and "nvivo" in (root.get("origin") or "").lower())

    users: list[QdpxUser] = []
    for users_el in _children(root, "Users"):
        for u in _children(users_el, "User"):
            guid = _guid(u.get("guid"))
            if guid:
                users.append(QdpxUser(guid, clean_text(u.get("name")) or clean_text(u.get("id")) or guid))

    books = _children(root, "CodeBook")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ExchangeWarning)
        codebook, by_guid = read_codebook_element(
            books[0] if books else root, where, sets_parent=root, codebook_id=_slugify(name or project_name),
            title=name or project_name, allow_empty=True, path=None,
        )
    problems.extend(str(w.message).removeprefix(f"{where}: ") for w in caught if issubclass(w.category, ExchangeWarning))
    code_guids = {code_id: guid for guid, code_id in by_guid.items()}
    set_guids: dict[str, str] = {}
    for sets_el in _children(root, "Sets"):
        for s in _children(sets_el, "Set"):
            set_guid = _guid(s.get("guid"))
            if set_guid:
                set_guids[clean_text(s.get("name")) or "set"] = set_guid
            if _children(s, "MemberSource") or _children(s, "MemberNote"):
                problems.append(t("qdpx_set_documents", name=s.get("name")))

    variable_names: dict[str, str] = {}
    variable_types: dict[str, str] = {}
    for vars_el in _children(root, "Variables"):
        for v in _children(vars_el, "Variable"):
            guid = _guid(v.get("guid"))
            vname = clean_text(v.get("name"))
            if guid and vname:
                variable_names[guid] = vname
                variable_types[vname] = v.get("typeOfVariable") or "Text"

    def values(el: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for vv in _children(el, "VariableValue"):
            target, value = _value(vv)
            if target in variable_names and value is not None:
                out[variable_names[target]] = value
        return out

    # notes: text by guid; what points at them is resolved below
    notes: dict[str, str] = {}
    note_user: dict[str, str | None] = {}
    for notes_el in _children(root, "Notes"):
        for note in _children(notes_el, "Note"):
            guid = _guid(note.get("guid"))
            text = _text_of(note, "PlainTextContent")
            if text is None and note.get("plainTextPath") and archive is not None:
                member = _internal_member(archive, note.get("plainTextPath"))
                text = decode_source(archive.read(member))[0] if member else None
            if guid and text is not None:
                notes[guid] = OffsetMap(text).text.strip()
                note_user[guid] = _guid(note.get("creatingUser"))
    used_notes: set[str] = set()

    def notes_of(el: Any) -> tuple[tuple[str | None, str], ...]:
        """The notes an element refers to, each with the user who wrote it."""
        out = []
        for ref in _children(el, "NoteRef"):
            guid = _guid(ref.get("targetGUID"))
            if guid in notes and notes[guid]:
                used_notes.add(guid)
                out.append((note_user.get(guid) or default_user, notes[guid]))
        return tuple(out)

    def description_of(el: Any) -> str | None:
        desc = _text_of(el, "Description")
        return desc.strip() if desc and desc.strip() else None

    def memo_of(el: Any) -> str | None:
        texts = []
        desc = _text_of(el, "Description")
        if desc and desc.strip():
            texts.append(desc.strip())
        for ref in _children(el, "NoteRef"):
            guid = _guid(ref.get("targetGUID"))
            if guid in notes:
                used_notes.add(guid)
                if notes[guid]:
                    texts.append(notes[guid])
        return "\n\n".join(texts) or None

    sources: list[QdpxSource] = []
    codings: list[QdpxCoding] = []
    selection_source: dict[str, str] = {}
    skipped_kinds: dict[str, int] = {}
    counters = {"unknown_codes": 0, "no_code_selections": 0}
    default_user = _guid(root.get("creatingUserGUID"))
    for sources_el in _children(root, "Sources"):
        for src in sources_el:
            kind = _local(src)
            units: list[tuple[Any, Any, str | None, str, list[tuple[Any, str | None, str | None]], bool]] = []
            if kind == "TextSource":
                plain = [(sel, sel.get("startPosition"), sel.get("endPosition")) for sel in _children(src, "PlainTextSelection")]
                units.append((src, src, _guid(src.get("guid")), clean_text(src.get("name")), plain, True))
            elif kind in ("AudioSource", "VideoSource") and _children(src, "Transcript"):
                # an interview recording with its transcript (f4, MAXQDA, NVivo): the transcript is
                # the document; its selections run between sync points, which hold text positions
                transcripts = _children(src, "Transcript")
                timed = len(_children(src, kind.replace("Source", "Selection")))
                if timed:
                    problems.append(t("qdpx_timed_selections", name=src.get("name"), n=timed))
                for i, tr in enumerate(transcripts):
                    points = {_guid(p.get("guid")): p.get("position") for p in _children(tr, "SyncPoint")}
                    spans = [(sel, points.get(_guid(sel.get("fromSyncPoint"))), points.get(_guid(sel.get("toSyncPoint")))) for sel in _children(tr, "TranscriptSelection")]
                    base = clean_text(tr.get("name")) or clean_text(src.get("name"))
                    guid_ = _guid(src.get("guid")) if len(transcripts) == 1 else _guid(tr.get("guid"))
                    units.append((src, tr, guid_, base if len(transcripts) == 1 else f"{base} ({i + 1})", spans, i == 0))
            else:
                if kind:
                    skipped_kinds[kind] = skipped_kinds.get(kind, 0) + 1
                continue
            for meta_el, text_el, maybe_guid, unit_name, selections, takes_whole in units:
                sname = unit_name or (maybe_guid or "bron")
                if not maybe_guid:
                    problems.append(t("qdpx_source_no_guid", name=sname, line=text_el.sourceline))
                    continue
                src_guid: str = maybe_guid
                raw = _text_of(text_el, "PlainTextContent")
                if raw is None:
                    ref = text_el.get("plainTextPath")
                    member = _internal_member(archive, ref) if archive is not None and ref else None
                    if member is None:
                        n = sum(len(_children(sel, "Coding")) for sel, _, _ in selections)
                        problems.append(t("qdpx_source_text_missing", name=sname, ref=ref or t("qdpx_no_text_path"), n=n))
                        continue
                    assert archive is not None  # a member was found in it
                    raw = decode_source(archive.read(member))[0]
                omap = OffsetMap(raw, utf16=utf16)
                text = omap.text
                sources.append(QdpxSource(guid=src_guid, name=sname, text=text, variables=values(meta_el), memo=description_of(meta_el), notes=notes_of(meta_el)))
                _read_codings(
                    src_guid, sname, omap, selections, meta_el if takes_whole else None, by_guid, default_user, memo_of,
                    codings, selection_source, problems, counters,
                )

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
                cases.append(QdpxCase(guid=guid, name=clean_text(case.get("name")) or guid, source_guids=tuple(dict.fromkeys(r for r in refs if r)), variables=values(case)))

    for kind, n in sorted(skipped_kinds.items()):
        problems.append(t("qdpx_kind_left_out", n=n, kind=kind))
    if counters["unknown_codes"]:
        problems.append(t("qdpx_unknown_codes", n=counters["unknown_codes"]))
    if counters["no_code_selections"]:
        problems.append(t("qdpx_bare_quotations", n=counters["no_code_selections"]))
    for element, key in (("Links", "qdpx_links"), ("Graphs", "qdpx_graphs")):
        n = sum(len(list(el)) for el in _children(root, element))
        if n:
            problems.append(t(key, n=n))
    for code_el in root.iter(f"{{{ns}}}Code" if ns else "Code"):
        for ref in _children(code_el, "NoteRef"):
            g = _guid(ref.get("targetGUID"))
            if g in notes and g not in used_notes:
                used_notes.add(g)
                problems.append(t("qdpx_code_memo", name=code_el.get("name")))
    project_memo = memo_of(root)
    if project_memo:
        problems.append(t("qdpx_project_memo"))
    orphan = [g for g in notes if g not in used_notes]
    if orphan:
        problems.append(t("qdpx_free_memos", n=len(orphan)))
    return QdpxProject(
        name=project_name, codebook=codebook, code_guids=code_guids, users=tuple(users), sources=tuple(sources), codings=tuple(codings),
        cases=tuple(cases), variable_types=variable_types, variable_guids={v: g for g, v in variable_names.items()}, set_guids=set_guids,
        origin=root.get("origin") or "", creating_user=default_user, created=root.get("creationDateTime"), problems=tuple(problems),
    )


def _read_codings(
    guid: str, sname: str, omap: OffsetMap, selections: list[tuple[Any, str | None, str | None]], whole: Any, by_guid: dict[str, str],
    default_user: str | None, memo_of: Any, codings: list[QdpxCoding], selection_source: dict[str, str], problems: list[str], counters: dict[str, int],
) -> None:
    """The codings of one text: its selections (positions as the tool counts them) and,
    on ``whole``, codings of the whole source."""

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
        if not _children(sel, "Coding"):
            counters["no_code_selections"] += 1
        add(sel, start, end, sel_guid, _guid(sel.get("creatingUser")), sel.get("creationDateTime"), memo_of(sel))
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


# == a study <-> a project ==================================================================
#: metadata keys the ingest and import add for themselves; not variables of a document
_TECHNICAL = ("format", "encoding", "qdpx", "qdpx_source", "memo")
#: variable names (any case) that fill a document's own fields on import
_FIELD_NAMES = {
    "initiative": ("initiative", "initiatief"),
    "role": ("role", "rol"),
    "date": ("date", "datum"),
    "kind": ("kind", "soort"),
}


class GuidMap:
    """GUIDs of codes, documents, coders and codings: those kept in the store first, else
    derived (stable). ``assigned`` collects what is new, for the store to keep."""

    def __init__(self, known: dict[tuple[str, str], str] | None = None) -> None:
        self.known = dict(known or {})
        self._by_guid = {(kind, guid): key for (kind, key), guid in self.known.items()}
        self.assigned: dict[tuple[str, str], str] = {}

    def get(self, kind: str, key: str, default: str) -> str:
        guid = self.known.get((kind, key))
        if guid is None:
            guid = self.known[(kind, key)] = self.assigned[(kind, key)] = default
            self._by_guid.setdefault((kind, guid), key)
        return guid

    def has(self, kind: str, key: str) -> bool:
        return (kind, key) in self.known

    def key_of(self, kind: str, guid: str) -> str | None:
        return self._by_guid.get((kind, guid))

    def put(self, kind: str, key: str, guid: str) -> None:
        if self.known.get((kind, key)) != guid:
            self.known[(kind, key)] = self.assigned[(kind, key)] = guid
        self._by_guid[(kind, guid)] = key


def _load_guids(store: Any) -> GuidMap:
    getter = getattr(store, "exchange_guids", None)
    return GuidMap(getter() if getter is not None else {})


def _save_guids(store: Any, guids: GuidMap) -> None:
    saver = getattr(store, "put_exchange_guids", None)
    if saver is not None and guids.assigned:
        saver(guids.assigned)


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


def code_guids(store: Any, codebook: Codebook, guids: GuidMap) -> dict[str, str]:
    """A GUID per code: kept in the store, else the GUID of the code it was renamed from,
    else derived from the codebook and code id (as the ``.qdc`` export does)."""
    from workbench.codebook.refi import code_guid
    from workbench.coding.events import find_redirects

    renamed_from: dict[str, str] = {}
    for old, red in find_redirects(store, codebook.id).items():
        if red.kind == "rename" and red.targets:
            renamed_from.setdefault(red.targets[0], old)

    def resolve(code_id: str, seen: set[str]) -> str:
        if guids.has("code", code_id):
            return guids.get("code", code_id, "")
        old = renamed_from.get(code_id)
        if old is not None and old not in seen:
            return resolve(old, seen | {code_id})
        return code_guid(codebook.id, code_id)

    out: dict[str, str] = {}
    for code in codebook.codes:
        out[code.id] = guids.get("code", code.id, resolve(code.id, set()))
    return out


def study_to_project(study: Any, *, coders: list[str] | None = None, include_suggestions: bool = False, guids: GuidMap | None = None) -> tuple[QdpxProject, list[str]]:
    """The study as a :class:`QdpxProject` (current document versions), and what was left out."""
    from workbench.coding.events import current_codings, is_suggester
    from workbench.corpus.model import Corpus

    store = study.store
    guids = guids if guids is not None else _load_guids(store)
    problems: list[str] = []
    codebook, _ = study.load_codebook()
    project_name = study.settings.project.name
    docs = Corpus(store).documents()
    current = {d.id: d for d in docs}
    cguids = code_guids(store, codebook, guids)

    codings = current_codings(store, include_suggestions=include_suggestions)
    wanted = set(coders) if coders else None
    if wanted:
        unknown = sorted(wanted - {c.coder for c in codings})
        if unknown:
            problems.append(t("qdpx_no_codings_by", coders=", ".join(unknown)))
    kept = []
    old_version: dict[str, int] = {}
    # a quote a co-researcher flagged as identifying is never exported: no coding on it, its text masked
    from workbench.review.flags import Flags

    flags = Flags.of(store)
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

    doc_memos: dict[str, list[tuple[str, str]]] = {}
    for m in store.document_memos():  # a coder's memo on a whole document: a note the source refers to
        if m.doc_id in current and m.memo.strip() and (wanted is None or m.coder in wanted):
            doc_memos.setdefault(m.doc_id, []).append((m.coder, m.memo))
    names = sorted({c.coder for c in kept} | {study.user} | {coder for memos in doc_memos.values() for coder, _ in memos})
    # one GUID per coder: two coders the store binds to one GUID (the same person imported
    # twice under two prefixes) would merge in the other tool; the second gets its derived
    # GUID for this file (the store keeps its binding, so imports still find it)
    user_list: list[QdpxUser] = []
    for coder_name in names:
        guid = guids.get("user", coder_name, derived_guid("user", coder_name))
        if any(u.guid == guid for u in user_list):
            guid = derived_guid("user", coder_name)
        user_list.append(QdpxUser(guid, coder_name))
    users = tuple(user_list)
    user_guid = {u.name: u.guid for u in users}
    doc_guid = {d.id: guids.get("document", d.id, derived_guid("document", f"{project_name}/{d.id}")) for d in docs}

    def variables_of(doc: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"initiative": doc.initiative, "role": doc.role, "date": doc.date, "kind": doc.kind}
        for key, value in sorted((doc.metadata or {}).items()):
            if key not in _TECHNICAL and key not in out and isinstance(value, (str, int, float, bool)):
                out[key] = value
        return {k: v for k, v in out.items() if v is not None and v != ""}

    # a document memo (imported from another tool) travels as the source's Description;
    # passages flagged as identifying are masked (same length, so every offset stays valid)
    sources = tuple(
        QdpxSource(guid=doc_guid[d.id], name=d.id, text=flags.mask(d.text, d.id, d.version), variables=variables_of(d),
                   memo=str((d.metadata or {}).get("memo") or "") or None,
                   notes=tuple((user_guid[coder], memo) for coder, memo in doc_memos.get(d.id, []))) for d in docs
    )
    values: dict[str, list[Any]] = {}
    for s in sources:
        for k, v in s.variables.items():
            values.setdefault(k, []).append(v)
    variable_types = {k: variable_type(v) for k, v in values.items()}
    # a column that holds numbers in one document and words in another is Text everywhere
    sources = tuple(
        QdpxSource(s.guid, s.name, s.text, {k: (str(v) if variable_types[k] == "Text" else v) for k, v in s.variables.items()}, s.memo, s.notes) for s in sources
    )
    initiatives: dict[str, list[str]] = {}
    for d in docs:
        if d.initiative:
            initiatives.setdefault(d.initiative, []).append(doc_guid[d.id])
    cases = tuple(
        QdpxCase(guid=guids.get("case", name, derived_guid("case", f"{project_name}/{name}")), name=name, source_guids=tuple(members))
        for name, members in sorted(initiatives.items())
    )
    qcodings = tuple(
        QdpxCoding(
            guid=guids.get("coding", str(c.event_id), derived_guid("coding", f"{project_name}/{c.event_id}")),
            source_guid=doc_guid[c.doc_id], start=c.start, end=c.end, code_guid=cguids[c.code_id], user_guid=user_guid[c.coder],
            created=_xsd_datetime(c.applied_at), memo=c.memo or None,
        )
        for c in kept
    )
    project = QdpxProject(
        name=project_name, codebook=codebook, code_guids=cguids, users=users, sources=sources, codings=qcodings, cases=cases,
        variable_types=variable_types, variable_guids={k: guids.get("variable", k, derived_guid("variable", f"{project_name}/{k}")) for k in variable_types},
        set_guids={g.name: guids.get("set", g.name, derived_guid("set", f"{codebook.id}/{g.name}")) for g in codebook.groups},
        origin=_origin(), creating_user=user_guid[study.user],
    )
    return project, problems


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
    coders: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _map_offset(pos: int, replacements: Any, side: str) -> int:
    """A position in the text before pseudonymisation -> after; a boundary inside a
    replaced name goes to the pseudonym's start (span start) or end (span end)."""
    shift = 0
    for r in replacements:
        if pos >= r.end:
            shift = r.new_end - r.end
            continue
        if pos > r.start:
            return r.new_start if side == "start" else r.new_end
        break
    return pos + shift


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

    from workbench.codebook.yaml_io import _read_text, code_node_index, dump_document, load_document, parse_codebook, to_document, write_codebook

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
    used = {c.user_guid for c in project.codings} | {g for s in project.sources for g, _ in s.notes}
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
    from workbench.corpus.ingest import IngestReport, Task, _init_worker, _renumber, _sha256, _store_one, process_raw, slugify
    from workbench.corpus.model import Corpus
    from workbench.corpus.pseudonymise import StudyPseudonyms, pseudonymiser_for, read_key, write_key
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
