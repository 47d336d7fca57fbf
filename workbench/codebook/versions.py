"""Numbered codebook versions in the store, and what changed between two of them.

A version is stored when the *content* of the codebook changes: the sha256 of its
normalised content (:func:`workbench.codebook.model.normalised_content`), so comments,
quoting, indentation, key order, default values and re-wrapped text do not make a new
version; a changed definition, label, example, keyword, colour, status or tree does.
Each version keeps the YAML text as it was, the author and the time. Codings record the
version they were made under.

Example:
    >>> cb, number = sync_codebook(store, "codebooks/impact.yaml", author="anna")  # doctest: +SKIP
    >>> print(diff_versions(store, 3, 4).text())                                    # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.codebook.model import Code, Codebook
from workbench.codebook.yaml_io import _read_text, parse_codebook
from workbench.errors import CodebookVersionNotFoundError
from workbench.i18n import add, t

add("codebook_version_missing", nl="geen codeboekversie {number}", en="no codebook version {number}")
add("codebook_versions_known_fix", nl="opgeslagen versies zijn: {known}", en="stored versions are {known}")
add("codebook_versions_none_fix", nl="sla eerst een versie op: workbench codebook show", en="store one first: workbench codebook show")
add("codebook_version_where", nl="<codeboekversie {number}>", en="<codebook version {number}>")
# what changed between two versions, one change a line
add("codebook_diff_head", nl="codeboek {codebook}: versie {a} -> {b}", en="codebook {codebook}: version {a} -> {b}")
add("codebook_diff_empty", nl="geen inhoudelijke wijzigingen", en="no changes in content")
add("codebook_diff_under", nl="onder {parent}", en="under {parent}")
add("codebook_diff_renamed", nl="{old} hernoemd tot {new}", en="{old} renamed to {new}")
add("codebook_diff_revisions", nl="herzieningen die ertussen zijn vastgelegd:", en="revisions recorded in between:")
add("codebook_diff_revision_at", nl="{revision} (versie {version}, {coder})", en="{revision} (version {version}, {coder})")
add("codebook_diff_none", nl="(geen)", en="(none)")
# the revisions by name, and as one line (a version's note, the CLI's report)
add("codebook_kind_rename", nl="hernoemen", en="rename")
add("codebook_kind_merge", nl="samenvoegen", en="merge")
add("codebook_kind_split", nl="splitsen", en="split")
add("codebook_kind_retire", nl="laten vervallen", en="retire")
add("codebook_kind_add", nl="toevoegen", en="add")
add("codebook_revision_rename", nl="hernoemen {source} -> {target}", en="rename {source} -> {target}")
add("codebook_revision_merge", nl="samenvoegen {source} -> {target}", en="merge {source} -> {target}")
add("codebook_revision_split", nl="splitsen {source} -> {target}", en="split {source} -> {target}")
add("codebook_revision_add", nl="toevoegen {target}", en="add {target}")
add("codebook_revision_add_note", nl="toevoegen {target} ({note})", en="add {target} ({note})")
add("codebook_revision_retire", nl="laten vervallen {source}", en="retire {source}")

if TYPE_CHECKING:
    from workbench.store import Store

DIFF_FIELDS = ("label", "definition", "include", "exclude", "examples", "keywords", "patterns", "color", "status", "parent")


def sync_codebook(store: Store, path: str | Path, author: str, *, note: str | None = None) -> tuple[Codebook, int]:
    """Validate the codebook file and store it as a new version if its content changed.

    Returns the codebook and the number of the stored version that matches it (new or
    the latest one).
    """
    path = Path(path)
    text = _read_text(path)
    codebook = parse_codebook(text, path)
    return codebook, store_version(store, codebook, text, author=author, source_path=str(path), note=note)


def store_version(store: Store, codebook: Codebook, text: str, *, author: str, source_path: str | None, note: str | None = None, force: bool = False) -> int:
    """Store ``text`` as a version of ``codebook`` unless the latest version has the same content."""
    digest = codebook.content_hash
    with store.transaction():
        latest = store.latest_codebook_version(codebook.id)
        if latest is not None and latest.content_hash == digest and not force:
            return latest.number
        return store.add_codebook_version(
            codebook_id=codebook.id, content_hash=digest, yaml=text, source_path=source_path, author=author or "unknown", note=note
        )


def get_version(store: Store, number: int) -> Codebook:
    """The codebook as stored in version ``number``."""
    stored = store.codebook_version(number)
    if stored is None:
        known = [v.number for v in store.codebook_versions()]
        raise CodebookVersionNotFoundError(
            store.where,
            t("codebook_version_missing", number=number),
            t("codebook_versions_known_fix", known=", ".join(map(str, known))) if known else t("codebook_versions_none_fix"),
        )
    return parse_codebook(stored.yaml, t("codebook_version_where", number=number))


def find_version(store: Store, codebook: Codebook) -> int | None:
    """The number of the newest stored version with this codebook's content, if any."""
    found = store.find_codebook_version(codebook.id, codebook.content_hash)
    return found.number if found is not None else None


# -- diff -------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class CodeChange:
    """A code present in both versions (``old_id`` differs from ``code_id`` after a rename)."""

    code_id: str
    changes: tuple[FieldChange, ...]
    old_id: str | None = None


@dataclass(frozen=True)
class CodebookDiff:
    """What changed from version ``a`` to version ``b``."""

    a: int
    b: int
    codebook_id: str
    added: tuple[Code, ...] = ()
    removed: tuple[Code, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    changed: tuple[CodeChange, ...] = ()
    meta: tuple[FieldChange, ...] = ()
    revisions: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.meta)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "codebook_id": self.codebook_id,
            "added": [c.id for c in self.added],
            "removed": [c.id for c in self.removed],
            "renamed": [list(r) for r in self.renamed],
            "changed": {c.code_id: {f.field: {"old": f.old, "new": f.new} for f in c.changes} for c in self.changed},
            "meta": {f.field: {"old": f.old, "new": f.new} for f in self.meta},
            "revisions": list(self.revisions),
        }

    def text(self) -> str:
        """A readable rendering, one change a line."""
        lines: list[str] = [t("codebook_diff_head", codebook=self.codebook_id, a=self.a, b=self.b)]
        if self.is_empty:
            lines.append("  " + t("codebook_diff_empty"))
        for f in self.meta:
            lines.append(f"  ~ {f.field}: {_show(f.old)} -> {_show(f.new)}")
        for c in self.added:
            lines.append(f"  + {c.id} ({c.get_label()})" + (" " + t("codebook_diff_under", parent=c.parent) if c.parent else ""))
        for c in self.removed:
            lines.append(f"  - {c.id} ({c.get_label()})")
        for old, new in self.renamed:
            lines.append("  > " + t("codebook_diff_renamed", old=old, new=new))
        for change in self.changed:
            name = change.code_id if not change.old_id or change.old_id == change.code_id else f"{change.old_id} -> {change.code_id}"
            lines.append(f"  ~ {name}")
            for f in change.changes:
                lines.append(f"      {f.field}: {_show(f.old)} -> {_show(f.new)}")
        if self.revisions:
            lines.append("  " + t("codebook_diff_revisions"))
            lines.extend(f"    {r}" for r in self.revisions)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def _show(value: Any, limit: int = 80) -> str:
    if value is None or value == "" or value == () or value == {}:
        return t("codebook_diff_none")
    if isinstance(value, (tuple, list)):
        text = "[" + ", ".join(repr(v) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {v!r}" for k, v in value.items()) + "}"
    else:
        text = repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff_codebooks(old: Codebook, new: Codebook, *, a: int = 0, b: int = 0, renames: dict[str, str] | None = None, revisions: tuple[str, ...] = ()) -> CodebookDiff:
    """Compare two codebooks code by code, field by field.

    ``renames`` (old id -> new id) pairs codes that a rename revision carried over, so
    they show as renamed (with their field changes) instead of removed + added.
    """
    renames = {o: n for o, n in (renames or {}).items() if o in old and n in new and o not in new}
    inverse = {n: o for o, n in renames.items()}
    meta = []
    for name in ("title", "language", "description"):
        if getattr(old, name) != getattr(new, name):
            meta.append(FieldChange(name, getattr(old, name), getattr(new, name)))
    og = {g.name: g.codes for g in old.groups}
    ng = {g.name: g.codes for g in new.groups}
    if og != ng:
        meta.append(FieldChange("groups", og, ng))
    common_old = [c for c in old.ids if c in new or c in renames]
    common_new = [inverse.get(c, c) for c in new.ids if c in old or c in inverse]
    if common_old != common_new:
        meta.append(FieldChange("order", None, None))
    added = tuple(c for c in new.codes if c.id not in old and c.id not in inverse)
    removed = tuple(c for c in old.codes if c.id not in new and c.id not in renames)
    changed = []
    for code in new.codes:
        old_id = inverse.get(code.id, code.id)
        if old_id not in old:
            continue
        before = old.get(old_id)
        fields = []
        for name in DIFF_FIELDS:
            ov, nv = getattr(before, name), getattr(code, name)
            if name == "parent":
                ov = renames.get(ov, ov) if ov else ov
            if ov != nv:
                fields.append(FieldChange(name, getattr(before, name), nv))
        if fields or old_id != code.id:
            changed.append(CodeChange(code.id, tuple(fields), old_id if old_id != code.id else None))
    return CodebookDiff(
        a=a, b=b, codebook_id=new.id, added=added, removed=removed,
        renamed=tuple(sorted(renames.items())), changed=tuple(c for c in changed if c.changes), meta=tuple(meta), revisions=revisions,
    )


def diff_versions(store: Store, a: int, b: int) -> CodebookDiff:
    """What changed between stored versions ``a`` and ``b`` (added, removed, renamed, changed codes).

    Renames recorded as revisions between the two versions are followed, so a renamed code
    shows as renamed with its other changes, not as removed and added.
    """
    old, new = get_version(store, a), get_version(store, b)
    lo, hi = min(a, b), max(a, b)
    renames: dict[str, str] = {}
    revisions = []
    for ev in store.revision_events():
        version = ev.codebook_version
        if version is None or not (lo < version <= hi):
            continue
        payload = ev.payload
        if payload.get("codebook_id") not in (None, new.id, old.id):
            continue
        revisions.append(t("codebook_diff_revision_at", revision=describe_revision(ev.kind, payload), version=version, coder=ev.coder))
        if ev.kind == "rename":
            src, dst = payload["from"], payload["into"]
            for k, v in list(renames.items()):
                if v == src:
                    renames[k] = dst
            renames.setdefault(src, dst)
    if a > b:
        renames = {v: k for k, v in renames.items()}
    return diff_codebooks(old, new, a=a, b=b, renames=renames, revisions=tuple(revisions))


def revision_kind(kind: str) -> str:
    """The name of a kind of revision (rename, merge, split, retire, add) in the interface language."""
    names = {
        "rename": t("codebook_kind_rename"),
        "merge": t("codebook_kind_merge"),
        "split": t("codebook_kind_split"),
        "retire": t("codebook_kind_retire"),
        "add": t("codebook_kind_add"),
    }
    return names.get(kind, kind)


def describe_revision(kind: str, payload: dict[str, Any]) -> str:
    """One line for a revision, e.g. ``rename verbinding -> contact`` (in the interface language)."""
    src, dst = payload.get("from"), payload.get("into")
    if kind == "rename":
        return t("codebook_revision_rename", source=src, target=dst)
    if kind == "merge":
        return t("codebook_revision_merge", source=", ".join(src or []), target=dst)
    if kind == "split":
        return t("codebook_revision_split", source=src, target=", ".join(dst or []))
    if kind == "add":
        if payload.get("note"):
            return t("codebook_revision_add_note", target=dst, note=payload["note"])
        return t("codebook_revision_add", target=dst)
    return t("codebook_revision_retire", source=src)
