"""The package's layers go one way, and no module imports itself round a circle.

The rule, read from the code's own imports (module level, inside functions and under
``TYPE_CHECKING`` alike: each is an arrow a reader must follow):

    base (errors, i18n, display, version, cells) -> model -> settings, compute -> store
      -> corpus, codebook -> coding -> themes -> mixed, pathways -> review, interop -> reports
      -> study (the facade) -> cli, apps, the package's own __init__

A module may import its own layer or any layer below it, never one above. Two modules
of one layer may import each other's parts as long as no circle forms. A package's
``__init__`` counts as its package's layer. Store migrations are part of the store.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"

#: (layer, module prefixes), lowest first; the longest matching prefix decides
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("workbench.errors", "workbench.i18n", "workbench.display", "workbench.version", "workbench.cells")),
    ("model", ("workbench.model",)),
    ("settings", ("workbench.settings", "workbench.compute")),
    ("store", ("workbench.store",)),
    ("corpus, codebook", ("workbench.corpus", "workbench.codebook")),
    ("coding", ("workbench.coding",)),
    ("themes", ("workbench.themes",)),
    ("mixed, pathways", ("workbench.mixed", "workbench.pathways")),
    ("review, interop", ("workbench.review", "workbench.interop")),
    ("reports", ("workbench.reports",)),
    ("study", ("workbench.study",)),
    ("cli, apps", ("workbench.cli", "workbench.apps", "workbench")),
]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports (a name imported from a package counts as
    its submodule when there is one, else as the package)."""
    out: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        for target in targets:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name and target.startswith("workbench"):
                out.add(target)
    return out


def layer_of(name: str) -> int:
    best, best_len = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = i, len(prefix)
    assert best >= 0, f"{name} is in no layer: add it to LAYERS"
    return best


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def arrows_up(edges: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} ({LAYERS[layer_of(a)][0]}) -> {b} ({LAYERS[layer_of(b)][0]})"
        for a, targets in edges.items() for b in targets if layer_of(b) > layer_of(a)
    )


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_layers_every_module_has_a_layer():
    for name in modules():
        layer_of(name)


def test_layers_no_arrow_runs_back_up():
    assert arrows_up(graph()) == []


def test_layers_no_import_circle():
    assert circles(graph()) == []


def test_layers_the_check_finds_what_it_guards(tmp_path):
    """The rule is not vacuous: an upward arrow and a circle in a made-up graph are found."""
    edges = {
        "workbench.store.db": {"workbench.coding.events"},  # store -> coding: up
        "workbench.coding.events": {"workbench.store.db"},  # and back: a circle
        "workbench.reports.data": {"workbench.model.corpus"},
    }
    assert arrows_up(edges) == ["workbench.store.db (store) -> workbench.coding.events (coding)"]
    assert circles(edges) == [["workbench.coding.events", "workbench.store.db"]]
    real = graph()
    assert "workbench.model.corpus" in real["workbench.store.corpus"], "the scan reads imports inside functions too"


#: a function longer than this is broken into named steps (migrations are history, kept as written)
MAX_LINES = 60


def long_functions() -> list[str]:
    """Every function (methods and nested ones too) over MAX_LINES lines, outside the migrations."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if n > MAX_LINES:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name} ({n} lines)")
    return sorted(found)


def test_layers_no_function_over_60_lines():
    assert long_functions() == []
