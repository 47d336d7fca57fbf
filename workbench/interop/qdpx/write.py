"""Writing: a QdpxProject into project.qde and a .qdpx archive, valid against the REFI-QDA schema."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.codebook.refi import (
    _origin,
    format_description,
)
from workbench.errors import ExchangeError
from workbench.i18n import add, t

from .links import NOTE_NAME, link_note
from .offsets import _utf16_positions
from .project import NS, PROJECT_FILE, QdpxCoding, QdpxLink, QdpxProject, derived_guid

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

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


def _value_element(kind: str, value: Any) -> tuple[str, str]:
    if kind == "Boolean":
        return "BooleanValue", "true" if value else "false"
    if kind in ("Integer", "Float", "Date", "DateTime"):
        return f"{kind}Value", str(value)
    return "TextValue", str(value)


def to_qde_tree(project: QdpxProject, *, offsets: str = "codepoints") -> etree._ElementTree:
    """The ``project.qde`` XML of a project (sources by reference to ``Sources/GUID.txt``).

    ``offsets="utf16"`` writes positions in UTF-16 units, for NVivo (the standard and every
    other tool count code points; they differ only after characters outside the BMP).
    """
    from lxml import etree

    if offsets not in ("codepoints", "utf16"):
        raise ExchangeError(None, t("unknown_choice", value=offsets, option="--offsets"), t("unknown_choice_fix", valid="codepoints, utf16"))
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
    root.set("name", project.name)
    root.set("origin", project.origin or _origin())
    if project.creating_user:
        root.set("creatingUserGUID", project.creating_user)
    if project.created:
        root.set("creationDateTime", project.created)
    # the schema fixes the order of the parts
    if project.users:
        users = _sub(root, "Users")
        for user in project.users:
            _sub(users, "User", guid=user.guid, name=user.name)
    _write_codebook(root, project)
    if project.variable_types:
        variables = _sub(root, "Variables")
        for name, kind in project.variable_types.items():
            var_el = _sub(variables, "Variable", guid=project.variable_guids[name], name=name, typeOfVariable=kind)
            if project.variable_descriptions.get(name):
                _sub(var_el, "Description").text = project.variable_descriptions[name]
    if project.cases:
        cases = _sub(root, "Cases")
        for case in project.cases:
            el = _sub(cases, "Case", guid=case.guid, name=case.name)
            _variable_values(el, case.variables, project)
            for guid in case.source_guids:
                _sub(el, "SourceRef", targetGUID=guid)
    notes = _write_sources(root, project, offsets) if project.sources else []
    if notes:
        notes_el = _sub(root, "Notes")
        for guid, text, note_author, note_name in notes:
            note = _sub(notes_el, "Note", guid=guid, name=note_name, creatingUser=note_author)
            _sub(note, "PlainTextContent").text = text
    _write_sets(root, project)
    return etree.ElementTree(root)


def _sub(parent: Any, tag: str, **attrs: Any) -> Any:
    """A child element in the REFI namespace with the attributes that are not None."""
    from lxml import etree

    el = etree.SubElement(parent, f"{{{NS}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            el.set(key, str(value))
    return el


def _write_codebook(root: Any, project: QdpxProject) -> None:
    """The code tree, each code with its label, colour and description (include, exclude, examples inside)."""
    codebook = project.codebook
    if not codebook.codes:
        return
    codes_el = _sub(_sub(root, "CodeBook"), "Codes")
    index = {c.id: c for c in codebook.codes}

    def add(parent: Any, code: Any) -> None:
        el = _sub(parent, "Code", guid=project.code_guids[code.id], name=code.get_label("nl"), isCodable="true" if code.is_active else "false")
        if code.color:
            el.set("color", code.color.upper())
        _sub(el, "Description").text = format_description(code)
        for child in code.children:
            add(el, index[child])

    for code in codebook.roots:
        add(codes_el, code)


def _write_sources(root: Any, project: QdpxProject, offsets: str) -> list[tuple[str, str, str | None, str]]:
    """The sources with their selections, codings and links; returns the notes they refer to (guid, text, author, name)."""
    notes: list[tuple[str, str, str | None, str]] = []
    by_source: dict[str, list[QdpxCoding]] = {}
    for coding in project.codings:
        by_source.setdefault(coding.source_guid, []).append(coding)
    links_by_source: dict[str, list[QdpxLink]] = {}
    for link in project.links:
        links_by_source.setdefault(link.source_guid, []).append(link)
    sources = _sub(root, "Sources")
    for source in project.sources:
        el = _sub(sources, "TextSource", guid=source.guid, name=source.name, plainTextPath=f"internal://{source.guid}.txt")
        if source.memo:
            _sub(el, "Description").text = source.memo
        position = _utf16_positions(source.text) if offsets == "utf16" else (lambda p: p)
        selections: dict[tuple[int, int, str | None], list[QdpxCoding]] = {}
        for coding in sorted(by_source.get(source.guid, []), key=lambda c: (c.start, c.end, c.user_guid or "", c.code_guid)):
            selections.setdefault((coding.start, coding.end, coding.user_guid), []).append(coding)
        for (start, end, sel_user), codings in selections.items():
            sel_guid = codings[0].selection_guid or derived_guid("selection", f"{source.guid}/{start}/{end}/{sel_user}")
            sel = _sub(el, "PlainTextSelection", guid=sel_guid, startPosition=position(start), endPosition=position(end), creatingUser=sel_user, creationDateTime=codings[0].created)
            for coding in codings:
                c_el = _sub(sel, "Coding", guid=coding.guid, creatingUser=coding.user_guid, creationDateTime=coding.created)
                _sub(c_el, "CodeRef", targetGUID=coding.code_guid)
                if coding.memo:
                    note_guid = derived_guid("note", coding.guid)
                    notes.append((note_guid, coding.memo, None, "memo"))
                    _sub(c_el, "NoteRef", targetGUID=note_guid)
        for link in sorted(links_by_source.get(source.guid, []), key=lambda x: (x.start, x.end, x.guid)):
            # a link has no REFI element: a selection with a note in a documented form (.links)
            sel = _sub(el, "PlainTextSelection", guid=derived_guid("selection", f"link/{link.guid}"), startPosition=position(link.start),
                       endPosition=position(link.end), creatingUser=link.user_guid, creationDateTime=link.created)
            notes.append((link.guid, _link_text(project, link), link.user_guid, NOTE_NAME))
            _sub(sel, "NoteRef", targetGUID=link.guid)
        for note_user, note_text in source.notes:
            note_guid = derived_guid("note", f"{source.guid}/{note_user}/{note_text}")
            notes.append((note_guid, note_text, note_user, "memo"))
            _sub(el, "NoteRef", targetGUID=note_guid)
        _variable_values(el, source.variables, project)
    return notes


def _link_text(project: QdpxProject, link: QdpxLink) -> str:
    cause, effect = project.code_id(link.cause) or link.cause, project.code_id(link.effect) or link.effect
    return link_note(cause, project.code_guids.get(cause), effect, project.code_guids.get(effect), link.sign, link.strength)


def _write_sets(root: Any, project: QdpxProject) -> None:
    """The codebook's groups as sets of codes (never an empty <Sets/>: the schema rejects it)."""
    codebook = project.codebook
    groups = [g for g in codebook.groups if any(c in project.code_guids for c in g.codes)]
    if not groups:
        return
    sets = _sub(root, "Sets")
    for group in groups:
        el = _sub(sets, "Set", guid=project.set_guids.get(group.name) or derived_guid("set", f"{codebook.id}/{group.name}"), name=group.name)
        if group.description:
            _sub(el, "Description").text = group.description
        for member in group.codes:
            if member in project.code_guids:
                _sub(el, "MemberCode", targetGUID=project.code_guids[member])


def _variable_values(el: Any, values: dict[str, Any], project: QdpxProject) -> None:
    for name, value in values.items():
        if value is None or value == "" or name not in project.variable_types:
            continue
        vv = _sub(el, "VariableValue")
        _sub(vv, "VariableRef", targetGUID=project.variable_guids[name])
        tag, text = _value_element(project.variable_types[name], value)
        _sub(vv, tag).text = text


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
