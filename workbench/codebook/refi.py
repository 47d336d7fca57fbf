"""REFI-QDA codebooks (``.qdc``): export that validates against the schema, safe import.

Export writes ``<CodeBook xmlns="urn:QDA-XML:codebook:1.0">`` with one ``<Code>`` per code,
nested as in the tree, a stable GUID per code (uuid5 of a fixed namespace, the codebook
id and the code id, upper case), ``color`` when set, ``isCodable="false"`` for retired
codes, and ``<Sets>`` only for groups that have members (never an empty ``<Sets/>``).

REFI-QDA has no fields for our include/exclude criteria, examples, keywords, patterns,
English label or stable id, so they travel in ``<Description>`` in a sectioned form that
reads as plain text in ATLAS.ti, MAXQDA or NVivo and that :func:`import_qdc` parses back
losslessly (see ``codebooks/README.md``)::

    Zich alleen voelen, ook tussen mensen.      <- the definition (text before any section)

    [include]
    Ook gemis van een partner.

    [example]
    "Sinds mijn man er niet meer is, is het stil."

    [keywords]
    eenzaam
    alleen

    [label:en]
    Loneliness

    [id]
    eenzaamheid

A section header is a line that is exactly ``[name]``; a text line that looks like a
header is written with one extra leading backslash (and read back without it). A
Description without sections is the definition.

Import tolerates what real tools write: namespace and ``schemaLocation`` variants, GUIDs
in any case with or without braces, Taguette's empty ``<Sets/>`` (with an
:class:`ExchangeWarning`), codes without a description (a placeholder definition, with a
warning). XML is parsed without DTDs, entities or network; a document that declares a
DOCTYPE or entities is refused (:class:`UnsafeXMLError`).

Example:
    >>> export_qdc(cb, "impact.qdc")                         # doctest: +SKIP
    >>> cb2 = import_qdc("atlas_export.qdc")                 # doctest: +SKIP
"""

from __future__ import annotations

import re
import uuid
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.codebook.model import ACTIVE, RETIRED, Code, Codebook, CodeGroup, clean_text
from workbench.codebook.yaml_io import SLUG, _slugify, validate_codebook
from workbench.errors import ExchangeError, ExchangeWarning, UnsafeXMLError
from workbench.i18n import add, t

add("codebook_qdc_bad_text", nl="code '{code}' bevat tekens die een .qdc-bestand (XML) niet kan bevatten ({error})", en="code '{code}' holds text XML cannot carry ({error})")
add("codebook_qdc_bad_text_fix", nl="haal onzichtbare stuurtekens uit de teksten van deze code", en="remove control characters from its texts")
add("codebook_qdc_no_codes", nl="het codeboek heeft geen codes, en een .qdc-bestand heeft er minstens één nodig", en="the codebook has no codes; a .qdc needs at least one")
add("codebook_qdc_no_codes_fix", nl="voeg eerst een code toe en exporteer dan opnieuw", en="add a code before exporting")
add("codebook_cannot_read", nl="het bestand kan niet worden gelezen ({reason})", en="cannot read the file ({reason})")
add("codebook_cannot_read_fix", nl="controleer de bestandsnaam en de map", en="check the path")
add(
    "codebook_xml_unsafe",
    nl="het bestand bevat een {declaration}-verklaring en wordt daarom geweigerd: zo'n verklaring kan andere bestanden laten uitlezen of het geheugen laten vollopen (XML-entiteiten)",
    en="the XML declares a {declaration}; refused (external entities and entity bombs can read files or exhaust memory)",
)
add(
    "codebook_xml_unsafe_fix",
    nl="exporteer het bestand opnieuw uit het programma waar het vandaan komt; REFI-QDA-bestanden hebben geen DOCTYPE of entiteiten nodig",
    en="export the file again from its tool; REFI-QDA files need no DOCTYPE or entities",
)
add("codebook_xml_broken", nl="het bestand is geen geldige XML (de XML-lezer zegt: {problem})", en="not well-formed XML ({problem})")
add("codebook_xml_broken_fix", nl="exporteer het bestand opnieuw, of bekijk deze regel in een teksteditor", en="export the file again, or open it in a text editor at that line")
add("codebook_xml_doctype", nl="het bestand bevat een DOCTYPE-verklaring en wordt daarom geweigerd", en="the XML has a DOCTYPE; refused")
add("codebook_export_again_fix", nl="exporteer het bestand opnieuw uit het programma waar het vandaan komt", en="export the file again from its tool")
add("codebook_project_no_codebook", nl="het project bevat geen codeboek (<CodeBook>)", en="the project has no <CodeBook>")
add("codebook_project_no_codebook_fix", nl="exporteer het project opnieuw, met de codes erbij", en="export the project again with its codes")
add("codebook_qdc_wrong_root", nl="dit is geen REFI-QDA-codeboek: het bestand begint met <{element}> in plaats van <CodeBook>", en="the root element is <{element}>, not <CodeBook>")
add("codebook_qdc_wrong_root_fix", nl="kies een REFI-QDA-codeboekbestand (.qdc)", en="choose a REFI-QDA codebook (.qdc) file")
add(
    "codebook_qdc_namespace",
    nl="{where}: de XML-naamruimte (namespace) is {found} in plaats van {expected}; toch gelezen als REFI-QDA-codeboek",
    en="{where}: namespace {found} instead of {expected}; read as a REFI-QDA codebook",
)
add("codebook_qdc_no_namespace", nl="(geen)", en="(none)")
add("codebook_qdc_no_codes_element", nl="het codeboek bevat geen codes (<Codes>)", en="the codebook has no <Codes>")
add("codebook_qdc_export_codebook_fix", nl="exporteer het codeboek opnieuw uit het programma waar het vandaan komt", en="export the codebook again from its tool")
add("codebook_qdc_code_no_name", nl="een code (<Code>) heeft geen naam", en="a <Code> has no name")
add("codebook_qdc_code_no_name_fix", nl="geef de code een naam in het programma waar hij vandaan komt en exporteer opnieuw", en="give the code a name in its tool and export again")
add(
    "codebook_qdc_bad_guid",
    nl="code '{name}' heeft geen geldige GUID (de vaste sleutel van een code in REFI-QDA): {guid}",
    en="code '{name}' has no valid guid ({guid})",
)
add("codebook_qdc_id_not_slug", nl="code '{name}': [id] {value} is geen geldige id; er is een id van de naam gemaakt", en="code '{name}': [id] {value} is not a slug, made one from the name")
add("codebook_qdc_id_twice", nl="code '{name}': [id] '{id}' komt twee keer voor; er is een nummer achter gezet om hem uniek te maken", en="code '{name}': [id] '{id}' is used twice, made it unique")
add("codebook_qdc_guid_twice", nl="code '{name}': GUID {guid} komt twee keer voor", en="code '{name}': guid {guid} is used twice")
add("codebook_qdc_set_unknown", nl="groep (set) '{name}' noemt een onbekende code (GUID {guid}): weggelaten", en="set '{name}' names an unknown code guid {guid}: left out")
add("codebook_qdc_empty_sets", nl="{where}: een lege <Sets/> (zoals Taguette die schrijft) is geen geldige REFI-QDA; overgeslagen", en="{where}: an empty <Sets/> (as Taguette writes it) is not valid REFI-QDA; ignored")
add(
    "codebook_qdc_no_description",
    nl="{where}: {n} code(s) zonder beschrijving ({ids}) kregen een tijdelijke definitie: schrijf een definitie voordat u ermee codeert",
    en="{where}: {n} code(s) had no description ({ids}); they got a placeholder definition: write a definition before coding with them",
)
add("codebook_qdc_color", nl="kleur {value} is geen kleurcode als #RRGGBB; weggelaten", en="colour {value} is not #RRGGBB; left out")
add("codebook_qdc_schema", nl="het bestand klopt niet met het schema {schema}: {problem}", en="not valid against {schema}: {problem}")
add("codebook_qdc_schema_fix", nl="meld dit als fout in de workbench", en="report this as a bug")

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
#: fixed namespace of our GUIDs: never change it, or codes get new GUIDs in other tools
GUID_NAMESPACE = uuid.UUID("6f1d3c52-8a0e-5b7e-9c61-2a4b7e0d5f13")
ORIGIN = "impact-stories workbench"
PLACEHOLDER = "(geen definitie: geïmporteerd zonder beschrijving; schrijf een definitie)"

SECTIONS = ("definition", "include", "exclude", "example", "keywords", "patterns", "status", "id")
_HEADER = re.compile(r"^\[(definition|include|exclude|example|keywords|patterns|status|id|label:[a-z]{2})\]$")
_HEADER_LIKE = re.compile(r"^\\*\[[^\]\n]*\]$")
_ESCAPED = re.compile(r"^\\+\[[^\]\n]*\]$")
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


def code_guid(codebook_id: str, code_id: str) -> str:
    """The stable GUID of a code: the same code id in the same codebook always gets the same GUID."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{codebook_id}/{code_id}")).upper()


def set_guid(codebook_id: str, name: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{codebook_id}/set/{name}")).upper()


def normalise_guid(guid: str) -> str:
    """Upper case, no braces; raises ValueError for something that is not a GUID."""
    m = _GUID.match(guid.strip())
    if not m:
        raise ValueError(guid)
    return m.group(1).upper()


# -- Description sections -----------------------------------------------------------------
def _escape(text: str) -> str:
    return "\n".join(_escape_line(line) for line in text.split("\n"))


def _escape_line(line: str) -> str:
    core = line.strip()
    if not _HEADER_LIKE.match(core):
        return line
    lead = len(line) - len(line.lstrip())
    return line[:lead] + "\\" + line[lead:]


def _unescape(text: str) -> str:
    return "\n".join(_unescape_line(line) for line in text.split("\n"))


def _unescape_line(line: str) -> str:
    if not _ESCAPED.match(line.strip()):
        return line
    lead = len(line) - len(line.lstrip())
    return line[:lead] + line[lead + 1 :]


def format_description(code: Code) -> str:
    """Our fields of a code as a sectioned Description (the definition first, unlabelled)."""
    parts = [_escape(code.definition)]

    def section(name: str, body: str) -> None:
        parts.append(f"[{name}]\n{_escape(body)}")

    if code.include:
        section("include", code.include)
    if code.exclude:
        section("exclude", code.exclude)
    for example in code.examples:
        section("example", example)
    if code.keywords:
        section("keywords", "\n".join(code.keywords))
    if code.patterns:
        section("patterns", "\n".join(code.patterns))
    for lang in sorted(code.label):
        if lang != "nl":
            section(f"label:{lang}", code.label[lang])
    if code.status != ACTIVE:
        section("status", code.status)
    section("id", code.id)
    return "\n\n".join(parts)


def parse_description(text: str) -> dict[str, Any]:
    """Fields from a Description: definition, include, exclude, examples, keywords,
    patterns, labels (lang -> text), status, id. Text without sections is the definition."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    preamble: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    current = preamble
    for line in text.split("\n"):
        m = _HEADER.match(line.strip())
        if m:
            sections.append((m.group(1), []))
            current = sections[-1][1]
        else:
            current.append(line)
    out: dict[str, Any] = {"examples": [], "labels": {}}
    definition = clean_text(_unescape("\n".join(preamble)))
    for name, lines in sections:
        body = _unescape("\n".join(lines))
        if name == "definition":
            definition = "\n\n".join(part for part in (definition, clean_text(body)) if part)
        elif name in ("include", "exclude"):
            out[name] = "\n\n".join(part for part in (out.get(name, ""), clean_text(body)) if part)
        elif name == "example":
            if clean_text(body):
                out["examples"].append(clean_text(body))
        elif name == "keywords":
            out["keywords"] = [k.strip() for k in body.split("\n") if k.strip()]
        elif name == "patterns":
            out["patterns"] = [p for p in body.split("\n") if p.strip()]
        elif name.startswith("label:"):
            out["labels"][name[6:]] = clean_text(body)
        elif name in ("status", "id"):
            out[name] = clean_text(body)
    out["definition"] = definition
    return out


# -- export -------------------------------------------------------------------------------
def to_qdc_tree(codebook: Codebook, *, origin: str | None = None) -> etree._ElementTree:
    """The ``.qdc`` XML of a codebook (an lxml tree)."""
    from lxml import etree

    root = etree.Element(f"{{{NS}}}CodeBook", nsmap={None: NS})
    root.set("origin", origin or _origin())
    codes_el = etree.SubElement(root, f"{{{NS}}}Codes")
    index = {c.id: c for c in codebook.codes}

    def write(parent_el: Any, code: Code) -> None:
        el = etree.SubElement(parent_el, f"{{{NS}}}Code")
        el.set("guid", code_guid(codebook.id, code.id))
        try:
            el.set("name", code.get_label("nl"))
            el.set("isCodable", "true" if code.is_active else "false")
            if code.color:
                el.set("color", code.color.upper())
            etree.SubElement(el, f"{{{NS}}}Description").text = format_description(code)
        except ValueError as exc:  # characters XML cannot hold (control characters)
            raise ExchangeError(str(codebook.path or codebook.id), t("codebook_qdc_bad_text", code=code.id, error=exc), t("codebook_qdc_bad_text_fix")) from None
        for child in code.children:
            write(el, index[child])

    for root_code in codebook.roots:
        write(codes_el, root_code)
    groups = [g for g in codebook.groups if any(c in index for c in g.codes)]
    if groups:  # never an empty <Sets/>: the schema rejects it
        sets_el = etree.SubElement(root, f"{{{NS}}}Sets")
        for group in groups:
            el = etree.SubElement(sets_el, f"{{{NS}}}Set")
            el.set("guid", set_guid(codebook.id, group.name))
            el.set("name", group.name)
            if group.description:
                etree.SubElement(el, f"{{{NS}}}Description").text = group.description
            for member in group.codes:
                if member in index:
                    etree.SubElement(el, f"{{{NS}}}MemberCode").set("guid", code_guid(codebook.id, member))
    if not codebook.codes:
        raise ExchangeError(str(codebook.path or codebook.id), t("codebook_qdc_no_codes"), t("codebook_qdc_no_codes_fix"))
    return etree.ElementTree(root)


def export_qdc(codebook: Codebook, path: str | Path, *, origin: str | None = None) -> Path:
    """Write the codebook as a REFI-QDA ``.qdc`` file (UTF-8, schema-valid)."""
    path = Path(path)
    tree = to_qdc_tree(codebook, origin=origin)
    path.write_bytes(_serialise(tree))
    return path


def _serialise(tree: Any) -> bytes:
    from lxml import etree

    return etree.tostring(tree, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _origin() -> str:
    try:
        from importlib.metadata import version

        return f"{ORIGIN} {version('impact-stories-workbench')}"
    except Exception:  # noqa: BLE001 - not installed: a source checkout
        return ORIGIN


# -- safe XML -----------------------------------------------------------------------------
_DANGER = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(path: str | Path, data: bytes | None = None) -> Any:
    """Parse an XML file safely: no DTD, no entities, no network, no huge trees.

    A document with a DOCTYPE or entity declarations is refused outright
    (:class:`UnsafeXMLError`): REFI-QDA files never need one, and refusing is the only
    sure defence against external entities (XXE) and entity-expansion bombs.
    """
    from lxml import etree

    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ExchangeError(str(path), t("codebook_cannot_read", reason=exc.strerror), t("codebook_cannot_read_fix")) from None
    scan = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and b"\x00" in data[:200]):
        for enc in ("utf-16", "utf-32"):
            try:
                scan = data.decode(enc).encode("utf-8")
                break
            except UnicodeDecodeError:
                continue
    m = _DANGER.search(scan)
    if m:
        line = scan[: m.start()].count(b"\n") + 1
        raise UnsafeXMLError(f"{path}:{line}", t("codebook_xml_unsafe", declaration=m.group(1).decode().upper()), t("codebook_xml_unsafe_fix"))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        raise ExchangeError(f"{path}:{line}", t("codebook_xml_broken", problem=exc.msg), t("codebook_xml_broken_fix")) from None
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeXMLError(str(path), t("codebook_xml_doctype"), t("codebook_export_again_fix"))
    return tree


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c) == name]


def _text_of(el: Any, name: str) -> str | None:
    found = _children(el, name)
    return found[0].text or "" if found else None


# -- import -------------------------------------------------------------------------------
def import_qdc(path: str | Path, *, codebook_id: str | None = None, title: str | None = None, language: str = "nl") -> Codebook:
    """Read a REFI-QDA ``.qdc`` (or the codebook inside a ``.qde`` project file).

    The codebook id and title are not in a ``.qdc``: they come from the arguments or the
    file name. Tolerated quirks are reported with :class:`ExchangeWarning`.
    """
    path = Path(path)
    tree = parse_xml(path)
    root = tree.getroot()
    where = str(path)
    sets_parent = root
    if _local(root) == "Project":
        books = _children(root, "CodeBook")
        if not books:
            raise ExchangeError(where, t("codebook_project_no_codebook"), t("codebook_project_no_codebook_fix"))
        root = books[0]
    elif _local(root) != "CodeBook":
        raise ExchangeError(f"{where}:{root.sourceline}", t("codebook_qdc_wrong_root", element=_local(root)), t("codebook_qdc_wrong_root_fix"))
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns not in (NS, PROJECT_NS):
        found = repr(ns) if ns else t("codebook_qdc_no_namespace")
        warnings.warn(ExchangeWarning(t("codebook_qdc_namespace", where=where, found=found, expected=repr(NS))), stacklevel=2)
    codebook, _ = read_codebook_element(
        root, where, sets_parent=sets_parent,
        codebook_id=codebook_id or _slugify(path.stem), title=title or path.stem, language=language, path=path,
    )
    return codebook


def read_codebook_element(
    root: Any, where: str, *, sets_parent: Any | None, codebook_id: str, title: str, language: str = "nl",
    path: Path | None = None, allow_empty: bool = False,
) -> tuple[Codebook, dict[str, str]]:
    """A Codebook from a ``<CodeBook>`` element (of a .qdc or a project), and guid -> code id.

    ``sets_parent`` is the element holding ``<Sets>`` (the CodeBook in a .qdc, the Project
    in a .qde). Tolerated quirks are reported with :class:`ExchangeWarning`.

    >>> cb, guids = read_codebook_element(root, "codes.qdc", sets_parent=root, codebook_id="x", title="X")  # doctest: +SKIP
    """
    codes_els = _children(root, "Codes")
    if not codes_els and not allow_empty:
        raise ExchangeError(f"{where}:{root.sourceline}", t("codebook_qdc_no_codes_element"), t("codebook_qdc_export_codebook_fix"))
    reader = _QdcCodes(where)
    for el in (_children(codes_els[0], "Code") if codes_els else []):
        reader.read(el, None)
    order = {c.id: i for i, c in enumerate(_depth_first(reader.codes))}
    codes = sorted(reader.codes, key=lambda c: order[c.id])
    for sets_el in (_children(sets_parent, "Sets") if sets_parent is not None else []):
        if not _children(sets_el, "Set"):
            warnings.warn(ExchangeWarning(t("codebook_qdc_empty_sets", where=f"{where}:{sets_el.sourceline}")), stacklevel=2)
    groups = _read_sets(sets_parent, reader.by_guid, reader.problems)
    if reader.no_description:
        ids = ", ".join(reader.no_description[:10]) + (", ..." if len(reader.no_description) > 10 else "")
        warnings.warn(ExchangeWarning(t("codebook_qdc_no_description", where=where, n=len(reader.no_description), ids=ids)), stacklevel=2)
    for problem in reader.problems:
        warnings.warn(ExchangeWarning(f"{where}: {problem}"), stacklevel=2)  # problem: a catalogue text
    codebook = Codebook(
        id=codebook_id,
        title={"nl": title},
        language=language,
        codes=tuple(_fix_retired_parents(codes)),
        groups=tuple(groups),
        path=path,
    )
    return validate_codebook(codebook, where), reader.by_guid


class _QdcCodes:
    """Reads ``<Code>`` elements depth-first: unique ids, guid -> id, what was tolerated."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.codes: list[Code] = []
        self.by_guid: dict[str, str] = {}
        self.taken: set[str] = set()
        self.no_description: list[str] = []
        self.problems: list[str] = []

    def unique(self, candidate: str) -> str:
        base, n = candidate, 2
        while candidate in self.taken:
            candidate = f"{base}-{n}"
            n += 1
        self.taken.add(candidate)
        return candidate

    def read(self, el: Any, parent: str | None) -> str:
        """One code and its children; returns its id."""
        name = clean_text(el.get("name"))
        if not name:
            raise ExchangeError(f"{self.where}:{el.sourceline}", t("codebook_qdc_code_no_name"), t("codebook_qdc_code_no_name_fix"))
        try:
            guid = normalise_guid(el.get("guid") or "")
        except ValueError:
            raise ExchangeError(f"{self.where}:{el.sourceline}", t("codebook_qdc_bad_guid", name=name, guid=repr(el.get("guid"))), t("codebook_qdc_export_codebook_fix")) from None
        description = _text_of(el, "Description")
        fields: dict[str, Any] = parse_description(description) if description and description.strip() else {"examples": [], "labels": {}, "definition": ""}
        code_id = self._code_id(name, guid, fields.get("id") or "")
        definition = fields["definition"]
        if not definition:
            self.no_description.append(code_id)
            definition = PLACEHOLDER
        children_ids = [self.read(child, code_id) for child in _children(el, "Code")]
        self.codes.append(
            Code(
                id=code_id,
                label={"nl": name, **{k: v for k, v in fields["labels"].items() if v}},
                definition=definition,
                include=fields.get("include", ""),
                exclude=fields.get("exclude", ""),
                examples=tuple(fields["examples"]),
                keywords=tuple(fields.get("keywords", ())),
                patterns=tuple(fields.get("patterns", ())),
                color=_color(el.get("color")),
                status=fields.get("status") or ACTIVE,
                parent=parent,
                children=tuple(children_ids),
                line=el.sourceline,
            )
        )
        return code_id

    def _code_id(self, name: str, guid: str, wanted: str) -> str:
        """The id the description asks for when it is a free slug, else one made from the name."""
        if wanted and not SLUG.match(wanted):
            self.problems.append(t("codebook_qdc_id_not_slug", name=name, value=repr(wanted)))
            wanted = ""
        if wanted in self.taken:
            self.problems.append(t("codebook_qdc_id_twice", name=name, id=wanted))
        code_id = self.unique(wanted or _slugify(name))
        if guid in self.by_guid:
            self.problems.append(t("codebook_qdc_guid_twice", name=name, guid=guid))
        self.by_guid[guid] = code_id
        return code_id


def _read_sets(sets_parent: Any | None, by_guid: dict[str, str], problems: list[str]) -> list[CodeGroup]:
    """``<Sets>`` as code groups; a member with an unknown guid is a tolerated problem."""
    groups: list[CodeGroup] = []
    for sets_el in (_children(sets_parent, "Sets") if sets_parent is not None else []):
        for set_el in _children(sets_el, "Set"):
            members = []
            for member in _children(set_el, "MemberCode"):
                try:
                    guid = normalise_guid(member.get("guid") or member.get("targetGUID") or "")  # .qdc: guid, .qde: targetGUID
                except ValueError:
                    guid = ""
                if guid not in by_guid:
                    problems.append(t("codebook_qdc_set_unknown", name=set_el.get("name"), guid=repr(member.get("guid") or member.get("targetGUID"))))
                    continue
                members.append(by_guid[guid])
            groups.append(CodeGroup(name=clean_text(set_el.get("name")) or "set", codes=tuple(dict.fromkeys(members)), description=clean_text(_text_of(set_el, "Description")), line=set_el.sourceline))
    return groups


def _depth_first(codes: list[Code]) -> list[Code]:
    index = {c.id: c for c in codes}
    out: list[Code] = []

    def visit(code: Code) -> None:
        out.append(code)
        for child in code.children:
            visit(index[child])

    for code in codes:
        if code.parent is None:
            visit(code)
    return out


def _fix_retired_parents(codes: list[Code]) -> list[Code]:
    """A retired code may not have active children: retire them too (it is what 'not codable' meant)."""
    from dataclasses import replace

    retired = {c.id for c in codes if c.status == RETIRED}
    out = []
    for code in codes:  # depth-first, so a parent comes before its children
        if code.parent in retired and code.status == ACTIVE:
            code = replace(code, status=RETIRED)
            retired.add(code.id)
        out.append(code)
    return out


def _color(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value.lower()
    warnings.warn(ExchangeWarning(t("codebook_qdc_color", value=repr(value))), stacklevel=3)
    return None


def validate_qdc(path_or_tree: Any, schema: str | Path) -> None:
    """Raise :class:`ExchangeError` unless the document validates against ``schema`` (Codebook.xsd)."""
    from lxml import etree

    tree = path_or_tree if hasattr(path_or_tree, "getroot") else parse_xml(path_or_tree)
    xsd = etree.XMLSchema(parse_xml(schema))
    if not xsd.validate(tree):
        err = xsd.error_log.last_error
        where = f"{path_or_tree}:{err.line}" if not hasattr(path_or_tree, "getroot") else f"<qdc>:{err.line}"
        raise ExchangeError(where, t("codebook_qdc_schema", schema=Path(schema).name, problem=err.message), t("codebook_qdc_schema_fix"))
