"""The codebook as data: frozen :class:`Code` and :class:`Codebook`, no I/O of their own.

A codebook is a tree of codes. :class:`Codebook` keeps its codes flat, in depth-first file
order; each :class:`Code` names its ``parent`` and its ``children`` by id, so a code can
be looked up in one step and the tree walked without recursion in user code.

Example:
    >>> cb = Codebook.from_yaml("codebooks/impact-zorgzame-gemeenschappen.yaml")  # doctest: +SKIP
    >>> cb.get("eenzaamheid").label["nl"]                                         # doctest: +SKIP
    'Eenzaamheid'
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from workbench.errors import CodeNotFoundError
from workbench.i18n import add, t
from workbench.model.codebook import CodebookVersion as CodebookVersion  # re-exported: it lives in the model

add("codebook_code_not_found", nl="geen code '{code}' in codeboek '{codebook}'", en="no code '{code}' in codebook '{codebook}'")
add("codebook_code_not_found_fix", nl="'workbench codebook show' toont de codes", en="see `workbench codebook show` for the codes")

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

ACTIVE = "active"
RETIRED = "retired"
STATUSES = (ACTIVE, RETIRED)

#: the fields of a code in the order they are written to YAML and exports
CODE_FIELDS = ("id", "label", "definition", "include", "exclude", "examples", "keywords", "patterns", "color", "status")

_WS = re.compile(r"\s+")


class FrozenMap(Mapping[str, str]):
    """A read-only, hashable mapping (a label or title per language), so that a frozen
    Code or Codebook is truly immutable: ``hash(code)`` works and ``code.label["nl"] = ...``
    raises. Equal to a dict with the same items.

    Example:
        >>> FrozenMap({"nl": "Eenzaamheid"}) == {"nl": "Eenzaamheid"}
        True
    """

    __slots__ = ("_data",)
    _data: dict[str, str]

    def __init__(self, data: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrozenMap is read-only")  # i18n: developer

    def __repr__(self) -> str:
        return repr(self._data)


@dataclass(frozen=True)
class Code:
    """One code of a codebook.

    ``label`` maps a language (``nl`` required, ``en`` optional) to a label. Empty
    ``include``/``exclude`` mean "not given"; ``line`` is where the code starts in its
    source file (1-based) and is not part of equality.

    Example:
        >>> Code(id="eenzaamheid", label={"nl": "Eenzaamheid"}, definition="Zich alleen voelen.").is_active
        True
    """

    id: str
    label: Mapping[str, str]
    definition: str
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    color: str | None = None
    status: str = ACTIVE
    parent: str | None = None
    children: tuple[str, ...] = ()
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # immutable all the way down: a frozen dataclass holding a dict could still change
        # (and could not be hashed); lists given for the tuples are made tuples
        object.__setattr__(self, "label", FrozenMap(self.label))
        for name in ("examples", "keywords", "patterns", "children"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    def get_label(self, lang: str = "nl") -> str:
        """The label in ``lang``, falling back to Dutch."""
        return self.label.get(lang) or self.label.get("nl") or self.id

    def to_dict(self) -> dict[str, Any]:
        """The code's own fields (no parent/children/line), empty ones left out."""
        out: dict[str, Any] = {"id": self.id, "label": dict(self.label), "definition": self.definition}
        for name in ("include", "exclude"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        for name in ("examples", "keywords", "patterns"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.color:
            out["color"] = self.color
        if self.status != ACTIVE:
            out["status"] = self.status
        return out


@dataclass(frozen=True)
class CodeGroup:
    """A named set of codes across the tree (REFI-QDA ``<Set>``, an ATLAS.ti code group)."""

    name: str
    codes: tuple[str, ...] = ()
    description: str = ""
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(self.codes))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.description:
            out["description"] = self.description
        out["codes"] = list(self.codes)
        return out


class YamlFormat(Protocol):
    """Reads and writes codebook YAML files: :mod:`workbench.codebook.yaml_io` is one.

    The file format builds on the model, so the model does not import it: ``yaml_io``
    registers itself (:func:`register_yaml_format`) when it is imported, which importing
    ``workbench.codebook`` always does, and ``Codebook.from_yaml`` / ``to_yaml`` use it.
    """

    def read(self, path: str | Path) -> Codebook: ...

    def write(self, codebook: Codebook, path: str | Path | None = None) -> str: ...


_YAML_FORMAT: list[YamlFormat] = []


def register_yaml_format(fmt: YamlFormat) -> None:
    """Make ``fmt`` the YAML reader and writer behind ``Codebook.from_yaml`` and ``to_yaml``."""
    _YAML_FORMAT[:] = [fmt]


def _yaml_format() -> YamlFormat:
    # always set: importing this module runs workbench/codebook/__init__.py, which imports yaml_io
    return _YAML_FORMAT[0]


@dataclass(frozen=True)
class Codebook:
    """A codebook: id, title per language, language, description, codes (flat, depth-first).

    Build one with :meth:`from_yaml` (validated) or :func:`build_codebook` from nested dicts.

    Example:
        >>> cb = build_codebook({"id": "cb", "title": {"nl": "T"}, "language": "nl",
        ...     "codes": [{"id": "a", "label": {"nl": "A"}, "definition": "d",
        ...                "children": [{"id": "b", "label": {"nl": "B"}, "definition": "e"}]}]})
        >>> [(depth, code.id) for depth, code in cb.walk()]
        [(0, 'a'), (1, 'b')]
    """

    id: str
    title: Mapping[str, str]
    language: str = "nl"
    description: str = ""
    codes: tuple[Code, ...] = ()
    groups: tuple[CodeGroup, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", FrozenMap(self.title))
        object.__setattr__(self, "codes", tuple(self.codes))
        object.__setattr__(self, "groups", tuple(self.groups))

    def _repr_html_(self) -> str:
        from workbench.display import codebook_html

        return codebook_html(self)

    # -- lookup -------------------------------------------------------------------
    @property
    def _index(self) -> dict[str, Code]:
        cache = self.__dict__.get("_index_cache")
        if cache is None:
            cache = {c.id: c for c in self.codes}
            object.__setattr__(self, "_index_cache", cache)
        return cache

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._index

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def n_codes(self) -> int:
        return len(self.codes)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.codes)

    def get(self, code_id: str) -> Code:
        """The code with this id; raises :class:`CodeNotFoundError` with a close match."""
        try:
            return self._index[code_id]
        except KeyError:
            raise CodeNotFoundError(
                str(self.path or self.id),
                t("codebook_code_not_found", code=code_id, codebook=self.id),
                _suggest(code_id, list(self._index)),
            ) from None

    def find(self, text: str | None = None, *, status: str | None = None, keyword: str | None = None) -> list[Code]:
        """Codes whose id, labels or definition contain ``text`` (case-insensitive).

        ``status`` keeps only active or retired codes; ``keyword`` only codes with that keyword.
        """
        needle = text.casefold() if text else None
        found = []
        for code in self.codes:
            if status is not None and code.status != status:
                continue
            if keyword is not None and keyword.casefold() not in code.keywords:
                continue
            if needle is not None:
                hay = " ".join([code.id, *code.label.values(), code.definition]).casefold()
                if needle not in hay:
                    continue
            found.append(code)
        return found

    def label(self, code_id: str, lang: str = "nl") -> str:
        """The label of a code in ``lang``, falling back to Dutch."""
        return self.get(code_id).get_label(lang)

    def get_title(self, lang: str = "nl") -> str:
        return self.title.get(lang) or self.title.get("nl") or self.id

    @property
    def roots(self) -> tuple[Code, ...]:
        return tuple(c for c in self.codes if c.parent is None)

    def walk(self) -> Iterator[tuple[int, Code]]:
        """Depth-first over the tree: ``(depth, code)``, roots at depth 0."""
        stack = [(0, c) for c in reversed(self.roots)]
        while stack:
            depth, code = stack.pop()
            yield depth, code
            stack.extend((depth + 1, self._index[c]) for c in reversed(code.children) if c in self._index)

    def ancestors(self, code_id: str) -> list[str]:
        """Ids from the parent up to the root."""
        out = []
        parent = self.get(code_id).parent
        while parent is not None and parent not in out:
            out.append(parent)
            parent = self._index[parent].parent if parent in self._index else None
        return out

    def descendants(self, code_id: str) -> list[str]:
        out: list[str] = []
        todo = list(self.get(code_id).children)
        while todo:
            cid = todo.pop(0)
            out.append(cid)
            todo.extend(self._index[cid].children)
        return out

    # -- conversions --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Nested plain data, as in the YAML file (children nested, empty fields left out)."""

        def node(code: Code) -> dict[str, Any]:
            out = code.to_dict()
            if code.children:
                out["children"] = [node(self._index[c]) for c in code.children]
            return out

        out: dict[str, Any] = {"id": self.id, "title": dict(self.title), "language": self.language}
        if self.description:
            out["description"] = self.description
        out["codes"] = [node(c) for c in self.roots]
        if self.groups:
            out["groups"] = [g.to_dict() for g in self.groups]
        return out

    @property
    def content_hash(self) -> str:
        """sha256 of the normalised content: see :func:`normalised_content`."""
        text = json.dumps(normalised_content(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_frame(self, lang: str = "nl") -> pd.DataFrame:
        """One row per code, depth-first: id, parent, depth, label, label_en, definition, ..."""
        import pandas as pd

        rows = []
        for depth, code in self.walk():
            rows.append(
                {
                    "id": code.id,
                    "parent": code.parent,
                    "depth": depth,
                    "label": code.get_label(lang),
                    "label_nl": code.label.get("nl"),
                    "label_en": code.label.get("en"),
                    "definition": code.definition,
                    "include": code.include,
                    "exclude": code.exclude,
                    "examples": list(code.examples),
                    "keywords": list(code.keywords),
                    "patterns": list(code.patterns),
                    "color": code.color,
                    "status": code.status,
                    "n_children": len(code.children),
                }
            )
        return pd.DataFrame(rows, columns=[
            "id", "parent", "depth", "label", "label_nl", "label_en", "definition", "include", "exclude",
            "examples", "keywords", "patterns", "color", "status", "n_children",
        ])

    @classmethod
    def from_yaml(cls, path: str | Path) -> Codebook:
        """Read and validate a codebook YAML file (raises :class:`CodebookValidationError`)."""
        return _yaml_format().read(path)

    def to_yaml(self, path: str | Path | None = None) -> str:
        """Write the codebook as YAML to ``path`` (if given); returns the text."""
        return _yaml_format().write(self, path)

    def replace_codes(self, codes: list[Code] | tuple[Code, ...]) -> Codebook:
        """A copy with other codes (parents/children must already be consistent)."""
        return Codebook(self.id, dict(self.title), self.language, self.description, tuple(codes), self.groups, self.path)


def normalised_content(codebook: Codebook) -> dict[str, Any]:
    """What the content hash covers.

    The codebook's meaning, not its formatting: YAML comments, quoting and scalar style,
    indentation, key order and default values (``status: active``) do not count; inside
    every text, runs of whitespace count as one space (re-wrapping a definition is not a
    change). Sibling order and the tree shape do count (they are what a coder sees).
    """

    def text(value: str) -> str:
        return _WS.sub(" ", value).strip()

    def norm(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if key == "patterns" else text(value)  # whitespace is meaningful in a regex
        if isinstance(value, dict):
            return {k: norm(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v, key) for v in value]
        return value

    return norm(codebook.to_dict())


def build_codebook(data: dict[str, Any], *, path: Path | None = None) -> Codebook:
    """Build a codebook from nested plain data (as :meth:`Codebook.to_dict` gives), unvalidated.

    Texts are normalised as every reader does: stripped, ``\\r\\n`` -> ``\\n``; colours lower case.
    """
    codes: list[Code] = []

    def put(node: dict[str, Any], parent: str | None) -> None:
        kids = node.get("children") or []
        codes.append(make_code(node, parent=parent, children=tuple(k["id"] for k in kids), line=node.get("_line")))
        for kid in kids:
            put(kid, node["id"])

    for node in data.get("codes") or []:
        put(node, None)
    groups = tuple(
        CodeGroup(name=clean_text(g["name"]), codes=tuple(g.get("codes") or ()), description=clean_text(g.get("description")), line=g.get("_line"))
        for g in data.get("groups") or []
    )
    return Codebook(
        id=data["id"],
        title={k: clean_text(v) for k, v in (data.get("title") or {}).items()},
        language=data.get("language") or "nl",
        description=clean_text(data.get("description")),
        codes=tuple(codes),
        groups=groups,
        path=path,
    )


def make_code(node: dict[str, Any], *, parent: str | None, children: tuple[str, ...] = (), line: int | None = None) -> Code:
    """One :class:`Code` from a plain mapping with normalised texts."""
    color = node.get("color")
    return Code(
        id=node["id"],
        label={k: clean_text(v) for k, v in (node.get("label") or {}).items()},
        definition=clean_text(node.get("definition")),
        include=clean_text(node.get("include")),
        exclude=clean_text(node.get("exclude")),
        examples=tuple(clean_text(x) for x in node.get("examples") or ()),
        keywords=tuple(clean_text(x) for x in node.get("keywords") or ()),
        patterns=tuple(str(x) for x in node.get("patterns") or ()),
        color=str(color).lower() if color else None,
        status=node.get("status") or ACTIVE,
        parent=parent,
        children=children,
        line=line,
    )


def clean_text(value: Any) -> str:
    """Text as the model keeps it: str, ``\\n`` line ends, no surrounding whitespace."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _suggest(code_id: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(code_id, ids, n=1, cutoff=0.6)
    if close:
        return t("did_you_mean", names=f"'{close[0]}'")
    return t("codebook_code_not_found_fix")
