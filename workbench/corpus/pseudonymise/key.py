"""The pseudonymisation key file (original -> pseudonym), written outside the database, and its summary."""

from __future__ import annotations

import csv
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .types import Pseudonymised

# -- the key file -------------------------------------------------------------------
KEY_COLUMNS = ["document", "content_hash", "tag", "pseudonym", "original", "count"]


def key_rows(doc_id: str, content_hash: str, result: Pseudonymised) -> list[dict[str, Any]]:
    counts = Counter((r.tag, r.pseudonym, r.original) for r in result.replacements)
    return [
        {"document": doc_id, "content_hash": content_hash, "tag": t, "pseudonym": p, "original": o, "count": n}
        for (t, p, o), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][2]))
    ]


def read_key(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_key(path: Path, rows: list[dict[str, Any]]) -> None:
    """Write the key atomically (temp file + rename), readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=KEY_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# -- what was replaced, across the study -----------------------------------------------
@dataclass(frozen=True)
class ReplacedString:
    """One distinct replaced string across the study, for the researcher to review."""

    original: str
    tag: str
    count: int
    n_documents: int
    pseudonyms: tuple[str, ...]


def replacement_summary(rows: Iterable[dict[str, Any]]) -> list[ReplacedString]:
    """The distinct replaced strings with their counts, most frequent first.

    Rows are the key file's; a document's earlier versions are counted once (its latest
    rows, in file order, win).
    """
    latest: dict[str, str] = {}
    rows = list(rows)
    for r in rows:
        latest[r["document"]] = r["content_hash"]
    counts: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[str]] = {}
    pseudonyms: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if latest.get(r["document"]) != r["content_hash"]:
            continue
        k = (r["original"], r["tag"])
        counts[k] += int(r.get("count") or 1)
        docs.setdefault(k, set()).add(r["document"])
        pseudonyms.setdefault(k, set()).add(r["pseudonym"])
    return [
        ReplacedString(original=o, tag=t, count=n, n_documents=len(docs[(o, t)]), pseudonyms=tuple(sorted(pseudonyms[(o, t)])))
        for (o, t), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0].casefold()))
    ]
