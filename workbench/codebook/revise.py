"""Revisions of a codebook that carry the codings along: rename, merge, split, retire.

Each revision does four things together, or none of them:

1. edits the YAML file through ruamel's round-trip document (comments and layout kept);
2. stores the new content as a codebook version (after storing the file's current
   content first, if someone edited it by hand since the last version);
3. appends one revision event to ``coding_events`` (kind ``rename``/``merge``/``split``/
   ``retire``, source ``revision``, payload ``{"from": ..., "into": ..., "codebook_id": ...}``);
4. replaces the file.

The new YAML goes to a temporary file beside the original first; the database writes
happen in one transaction, and the temporary file replaces the original (``os.replace``)
as the transaction's last step. If the database fails, the file is untouched; if the
replace fails, the transaction rolls back.

Codings are never rewritten: the current state is derived from the events
(:mod:`workbench.coding.events`), so a rename maps old -> new, a merge maps the sources to
the target, a split flags the codings of the old code for re-coding, and a retire keeps
them visible while new codings on the code are refused.

Example:
    >>> rename_code(store, "codebooks/impact.yaml", "alleen", "eenzaamheid", author="anna")  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.codebook.model import RETIRED, Codebook
from workbench.codebook.versions import store_version
from workbench.codebook.yaml_io import SLUG, _read_text, _styled, code_node_index, dump_document, load_document, parse_codebook
from workbench.errors import RevisionError
from workbench.i18n import add, t
from workbench.store import Store

add("codebook_already_retired", nl="code '{code}' is al vervallen", en="code '{code}' is already retired")
add("codebook_already_retired_fix", nl="er hoeft niets te gebeuren", en="nothing to do")
add("codebook_merge_nothing", nl="om samen te voegen is minstens één code nodig", en="merge needs at least one code to merge")
add("codebook_merge_nothing_fix", nl="schrijf: workbench codebook merge A B --into C", en="write: workbench codebook merge A B --into C")
add("codebook_merge_itself", nl="'{into}' kan niet met zichzelf worden samengevoegd", en="cannot merge '{into}' into itself")
add("codebook_merge_itself_fix", nl="voeg de andere codes samen in '{into}', en laat '{into}' zelf weg uit het rijtje", en="merge the other codes into '{into}': leave '{into}' out of the list")
add("codebook_merge_into_retired", nl="samenvoegen in '{into}' kan niet: die code is vervallen", en="cannot merge into '{into}': it is retired")
add("codebook_merge_into_retired_fix", nl="voeg samen in een code die in gebruik is, of in een nieuwe id", en="merge into an active code, or a new id")
add("codebook_merge_into_descendant", nl="'{code}' kan niet worden samengevoegd in '{into}', want '{into}' staat eronder", en="cannot merge '{code}' into its own descendant '{into}'")
add("codebook_merge_into_descendant_fix", nl="haal eerst '{into}' onder '{code}' vandaan, of voeg samen in een nieuwe id", en="move '{into}' out of '{code}' first, or merge into a new id")
add("codebook_split_too_few", nl="om '{code}' te splitsen zijn minstens twee nieuwe codes nodig, en er zijn er {n} gegeven", en="split '{code}' needs at least two new codes, got {n}")
add("codebook_split_too_few_fix", nl="schrijf: workbench codebook split {code} --into B C", en="write: workbench codebook split {code} --into B C")
add("codebook_split_retired", nl="code '{code}' is vervallen, en een vervallen code kan niet worden gesplitst", en="code '{code}' is retired; a retired code cannot be split")
add("codebook_split_retired_fix", nl="splits een code die in gebruik is", en="split an active code")
add("codebook_new_id_invalid", nl="'{code}' is geen geldige code-id", en="'{code}' is not a valid code id")
add("codebook_code_exists", nl="code '{code}' bestaat al", en="code '{code}' already exists")
add("codebook_code_exists_fix", nl="kies een andere id, of voeg samen in deze code: workbench codebook merge", en="choose another id, or merge into it: workbench codebook merge")
add(
    "codebook_retire_active_children",
    nl="'{code}' kan niet vervallen: er staan codes onder die nog in gebruik zijn ({children})",
    en="cannot retire '{code}': it has active children ({children})",
)
add(
    "codebook_split_active_children",
    nl="'{code}' kan niet worden gesplitst: er staan codes onder die nog in gebruik zijn ({children})",
    en="cannot split '{code}': it has active children ({children})",
)
add(
    "codebook_active_children_fix",
    nl="laat eerst de codes eronder vervallen, of verplaats ze (onder een vervallen code mogen geen codes staan die nog in gebruik zijn)",
    en="retire or move the children first (a retired code may not have active children)",
)
add("codebook_note_before", nl="vóór het {revision}", en="before {revision}")


@dataclass(frozen=True)
class Revision:
    """The outcome of one revision: the new codebook, its version and the event recorded."""

    kind: str
    codebook: Codebook
    version: int
    event_id: int
    payload: dict[str, Any]


def rename_code(store: Store, path: str | Path, old: str, new: str, *, author: str) -> Revision:
    """Give code ``old`` the id ``new``; every coding keeps its place under the new id."""
    path = Path(path)
    codebook, data, text = _load(path)
    codebook.get(old)
    _check_new_ids(codebook, [new], path)
    _, _, node = code_node_index(data)[old]
    node["id"] = new
    _replace_in_groups(data, {old: [new]})
    payload = {"from": old, "into": new}
    return _commit(store, path, codebook, data, text, "rename", old, payload, author)


def retire_code(store: Store, path: str | Path, code_id: str, *, author: str) -> Revision:
    """Mark a code retired: its codings stay (history), new codings on it are refused."""
    path = Path(path)
    codebook, data, text = _load(path)
    code = codebook.get(code_id)
    if not code.is_active:
        raise RevisionError(f"{path}:{code.line}", t("codebook_already_retired", code=code_id), t("codebook_already_retired_fix"))
    _refuse_active_children(codebook, code_id, path, "retire")
    _, _, node = code_node_index(data)[code_id]
    _set_status(node, RETIRED)
    return _commit(store, path, codebook, data, text, "retire", code_id, {"from": code_id}, author)


def merge_codes(store: Store, path: str | Path, sources: list[str], into: str, *, author: str) -> Revision:
    """Merge ``sources`` into ``into``: their codings move there, and they leave the file.

    If ``into`` does not exist it is created as a sibling of the first source, labelled
    with its id (edit the label afterwards), its definition, include and exclude the
    sources' texts joined, examples, keywords and patterns the union. Children of the
    sources move under ``into``.

    >>> merge_codes(study.store, "codebooks/impact.yaml", ["buren", "hulp"], "burenhulp", author="lian")  # doctest: +SKIP
    """
    path = Path(path)
    codebook, data, text = _load(path)
    sources = list(dict.fromkeys(sources))
    created = _check_merge(codebook, path, sources, into)
    nodes = code_node_index(data)
    target_node = _merged_node(codebook, nodes, sources, into) if created else nodes[into][2]
    _move_out_of_sources(codebook, data, sources, target_node)
    _replace_in_groups(data, {s: [into] for s in sources})
    payload = {"from": sources, "into": into, "created": created}
    return _commit(store, path, codebook, data, text, "merge", into, payload, author)


def _check_merge(codebook: Codebook, path: Path, sources: list[str], into: str) -> bool:
    """Refuse a merge that cannot be done; True when ``into`` is a new code."""
    if not sources:
        raise RevisionError(str(path), t("codebook_merge_nothing"), t("codebook_merge_nothing_fix"))
    for s in sources:
        codebook.get(s)
    if into in sources:
        raise RevisionError(str(path), t("codebook_merge_itself", into=into), t("codebook_merge_itself_fix", into=into))
    created = into not in codebook
    if created:
        _check_new_ids(codebook, [into], path)
        return True
    target = codebook.get(into)
    if not target.is_active:
        raise RevisionError(f"{path}:{target.line}", t("codebook_merge_into_retired", into=into), t("codebook_merge_into_retired_fix"))
    for s in sources:
        if s in codebook.ancestors(into):
            raise RevisionError(
                f"{path}:{target.line}", t("codebook_merge_into_descendant", code=s, into=into), t("codebook_merge_into_descendant_fix", code=s, into=into)
            )
    return False


def _merged_node(codebook: Codebook, nodes: dict[str, tuple[Any, int, Any]], sources: list[str], into: str) -> Any:
    """The new code ``into``, made of the sources' texts and lists, put where the first source is."""
    raw = [nodes[s][2] for s in sources]
    seq, index, _ = nodes[sources[0]]
    new = _new_code_node(into, like=raw[0])
    new["definition"] = _styled(_joined([codebook.get(s).definition for s in sources]), like=raw[0].get("definition"))
    for name in ("include", "exclude"):
        joined = _joined([getattr(codebook.get(s), name) for s in sources])
        if joined:
            new[name] = _styled(joined, like=next((r.get(name) for r in raw if r.get(name)), None))
    for name in ("examples", "keywords", "patterns"):
        items: dict[str, Any] = {}
        for r in raw:
            for item in r.get(name) or []:
                items.setdefault(str(item), copy.deepcopy(item))
        if items:
            like = next((r.get(name) for r in raw if r.get(name)), None)
            new[name] = _seq(list(items.values()), flow=bool(like is not None and like.fa.flow_style()))
    color = next((r.get("color") for r in raw if r.get("color")), None)
    if color:
        new["color"] = copy.deepcopy(color)
    seq.insert(index, new)
    return new


def _move_out_of_sources(codebook: Codebook, data: Any, sources: list[str], target_node: Any) -> None:
    """The sources leave the file; their children move under the target."""
    from ruamel.yaml.comments import CommentedSeq

    # deepest sources first, so a source inside another source is handled before its parent
    for s in sorted(sources, key=lambda c: -len(codebook.ancestors(c))):
        seq, index, node = code_node_index(data)[s]
        kids = node.get("children") or []
        if kids:
            if not target_node.get("children"):
                target_node["children"] = CommentedSeq()
            target_node["children"].extend(kids)
        _remove_item(seq, index)


def split_code(store: Store, path: str | Path, code_id: str, into: list[str], *, author: str) -> Revision:
    """Split a code into new codes: they are added as its siblings, the old code is retired.

    Codings on the old code stay where they are, flagged ``needs_recoding`` until the
    same coder codes that span with one of the new codes.
    """
    path = Path(path)
    codebook, data, text = _load(path)
    code = codebook.get(code_id)
    into = list(dict.fromkeys(into))
    if len(into) < 2:
        raise RevisionError(str(path), t("codebook_split_too_few", code=code_id, n=len(into)), t("codebook_split_too_few_fix", code=code_id))
    if not code.is_active:
        raise RevisionError(f"{path}:{code.line}", t("codebook_split_retired", code=code_id), t("codebook_split_retired_fix"))
    _check_new_ids(codebook, into, path)
    _refuse_active_children(codebook, code_id, path, "split")
    seq, index, node = code_node_index(data)[code_id]
    for offset, new_id in enumerate(into, start=1):
        new = _new_code_node(new_id, like=node)
        new["definition"] = copy.deepcopy(node["definition"])
        seq.insert(index + offset, new)
        if offset == len(into):  # the comment after the old code now follows the last new one
            _move_trailing_comment(node, new)
    _set_status(node, RETIRED)
    _add_in_groups(data, code_id, into)
    payload = {"from": code_id, "into": into}
    return _commit(store, path, codebook, data, text, "split", code_id, payload, author)


# -- helpers ------------------------------------------------------------------------------
def _load(path: Path) -> tuple[Codebook, Any, str]:
    text = _read_text(path)
    codebook = parse_codebook(text, path)  # refuses to revise an invalid file
    data, _ = load_document(path, text)
    return codebook, data, text


def _check_new_ids(codebook: Codebook, ids: list[str], path: Path) -> None:
    for new in ids:
        if not SLUG.match(new):
            raise RevisionError(str(path), t("codebook_new_id_invalid", code=new), t("codebook_slug_fix", example="eenzaamheid"))
        if new in codebook:
            raise RevisionError(f"{path}:{codebook.get(new).line}", t("codebook_code_exists", code=new), t("codebook_code_exists_fix"))


def _refuse_active_children(codebook: Codebook, code_id: str, path: Path, verb: str) -> None:
    active = [c for c in codebook.get(code_id).children if codebook.get(c).is_active]
    if active:
        children = ", ".join(active)
        if verb == "retire":
            what = t("codebook_retire_active_children", code=code_id, children=children)
        else:
            what = t("codebook_split_active_children", code=code_id, children=children)
        raise RevisionError(f"{path}:{codebook.get(code_id).line}", what, t("codebook_active_children_fix"))


def _set_status(node: Any, status: str) -> None:
    if "status" in node:
        node["status"] = status
        return
    keys = list(node.keys())
    position = keys.index("children") if "children" in keys else len(keys)
    node.insert(position, "status", status)


def _new_code_node(code_id: str, *, like: Any) -> Any:
    """A new code mapping with id and label (= the id, until someone edits it), styled like ``like``."""
    from ruamel.yaml.comments import CommentedMap

    new = CommentedMap()
    new["id"] = code_id
    label = CommentedMap(nl=code_id)
    old_label = like.get("label")
    if old_label is None or not hasattr(old_label, "fa") or old_label.fa.flow_style():
        label.fa.set_flow_style()
    new["label"] = label
    return new


def _comment_holder(node: Any) -> tuple[Any, Any] | None:
    """Where ruamel keeps the comment that follows ``node``: its last key, descending into containers."""
    while hasattr(node, "ca"):
        if hasattr(node, "keys"):
            keys = list(node.keys())
            if not keys:
                return None
            last: Any = keys[-1]
        else:
            if not len(node):
                return None
            last = len(node) - 1
        value = node[last]
        if hasattr(value, "ca") and len(value):
            node = value
            continue
        return node, last
    return None


def _move_trailing_comment(source: Any, target: Any) -> None:
    """Move the comment after ``source`` (a blank line, a section header) to follow ``target``."""
    src, dst = _comment_holder(source), _comment_holder(target)
    if src is None or dst is None:
        return
    entry = src[0].ca.items.get(src[1])
    if not entry:
        return
    slot = 2 if hasattr(src[0], "keys") else 0
    comment = entry[slot] if len(entry) > slot else None
    if comment is None:
        return
    entry[slot] = None
    dst_entry = dst[0].ca.items.setdefault(dst[1], [None, None, None, None])
    dst_slot = 2 if hasattr(dst[0], "keys") else 0
    dst_entry[dst_slot] = comment


def _remove_item(seq: Any, index: int) -> None:
    """Delete a code from its list, keeping the comment that followed it (e.g. the next section's header)."""
    if index > 0:
        _move_trailing_comment(seq[index], seq[index - 1])
    elif len(seq) > 1 and index == 0:
        pass  # comments before the next item stay with the list
    del seq[index]


def _seq(items: list[Any], *, flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    s = CommentedSeq(items)
    if flow:
        s.fa.set_flow_style()
    return s


def _joined(texts: list[str]) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    parts = [text for text in texts if text]
    if not parts:
        return ""
    joined = "\n\n".join(parts)
    return LiteralScalarString(joined) if "\n" in joined and all(line == line.rstrip() for line in joined.split("\n")) else joined


def _replace_in_groups(data: Any, mapping: dict[str, list[str]]) -> None:
    for group in data.get("groups") or []:
        codes = group.get("codes")
        if not codes:
            continue
        new = []
        for c in codes:
            for r in mapping.get(str(c), [str(c)]):
                if r not in new:
                    new.append(r)
        if new != list(codes):
            codes[:] = new


def _add_in_groups(data: Any, code_id: str, extra: list[str]) -> None:
    for group in data.get("groups") or []:
        codes = group.get("codes")
        if codes and code_id in codes:
            at = list(codes).index(code_id) + 1
            for offset, e in enumerate(x for x in extra if x not in codes):
                codes.insert(at + offset, e)


def add_code(store: Store, path: str | Path, code: dict[str, Any], *, parent: str | None = None, author: str, note: str | None = None) -> Revision:
    """Add a new code (e.g. a candidate code adopted from a theme) to the codebook file.

    ``code`` has ``id``, ``label`` ({"nl": ...}), ``definition`` and optionally
    ``include``, ``exclude``, ``examples``, ``keywords``. It goes at the end of the top
    level, or under ``parent``. The file is validated before it is written; a new
    codebook version is stored (no codings move, so no coding event is written).
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    path = Path(path)
    codebook, data, text = _load(path)
    _check_new_ids(codebook, [code["id"]], path)
    node = CommentedMap()
    node["id"] = code["id"]
    label = CommentedMap(code["label"])
    label.fa.set_flow_style()
    node["label"] = label
    node["definition"] = code["definition"]
    for name in ("include", "exclude"):
        if code.get(name):
            node[name] = code[name]
    for name in ("examples", "keywords"):
        if code.get(name):
            node[name] = _seq(list(code[name]), flow=name == "keywords")
    if parent is None:
        data["codes"].append(node)
    else:
        codebook.get(parent)
        _, _, parent_node = code_node_index(data)[parent]
        if not parent_node.get("children"):
            parent_node["children"] = CommentedSeq()
        parent_node["children"].append(node)
    payload = {"into": code["id"], "parent": parent, "note": note}
    return _commit(store, path, codebook, data, text, "add", code["id"], payload, author, event=False)


def _commit(
    store: Store, path: Path, before: Codebook, data: Any, text: str, kind: str, code_id: str, payload: dict[str, Any], author: str, *, event: bool = True,
) -> Revision:
    new_text = dump_document(data, like=text)
    after = parse_codebook(new_text, path)  # never write a file we would refuse to read
    payload = {**payload, "codebook_id": after.id}
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    replaced = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(new_text)
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        except OSError:
            pass
        with store.transaction():
            store_version(store, before, text, author=author, source_path=str(path), note=t("codebook_note_before", revision=_kind(kind)))
            version = store_version(store, after, new_text, author=author, source_path=str(path), note=_note(kind, payload), force=True)
            event_id = store.append_event(
                kind=kind, code_id=code_id, coder=author or "unknown", source="revision", codebook_version=version, payload=payload
            ) if event else 0
            os.replace(tmp, path)
            replaced = True
    except BaseException:
        if replaced:  # the commit itself failed after the file moved: put the old text back
            path.write_text(text, encoding="utf-8")
        else:
            tmp.unlink(missing_ok=True)
        raise
    return Revision(kind=kind, codebook=after, version=version, event_id=event_id, payload=payload)


def _kind(kind: str) -> str:
    from workbench.codebook.versions import revision_kind

    return revision_kind(kind)


def _note(kind: str, payload: dict[str, Any]) -> str:
    from workbench.codebook.versions import describe_revision

    return describe_revision(kind, payload)


__all__ = ["Revision", "add_code", "merge_codes", "rename_code", "retire_code", "split_code"]
