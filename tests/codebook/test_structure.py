"""The codebook package's shape: no import circle between the model and the YAML format,
no function longer than 60 lines (named steps read better and test better)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "workbench" / "codebook"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_structure_model_does_not_import_the_yaml_format() -> None:
    assert not {m for m in _imports(PACKAGE / "model.py") if m.startswith("workbench.codebook.") and m != "workbench.codebook.model"}


def test_structure_codebook_from_yaml_still_reads_and_writes(small_yaml: Path, tmp_path: Path) -> None:
    from workbench.codebook.model import Codebook

    cb = Codebook.from_yaml(small_yaml)
    out = tmp_path / "again.yaml"
    cb.to_yaml(out)
    assert Codebook.from_yaml(out).content_hash == cb.content_hash


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_structure_no_function_over_60_lines(path: Path) -> None:
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not long, f"{path.name}: break into named steps: {', '.join(long)}"
