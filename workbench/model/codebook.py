"""Stored codebook versions as data (:class:`CodebookVersion`): the YAML as it was, who stored
it and when. The store hands these out; :mod:`workbench.codebook.versions` makes them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodebookVersion:
    """One stored version of a codebook: its YAML as it was, who stored it and when."""

    number: int
    codebook_id: str
    content_hash: str
    yaml: str
    source_path: str | None
    author: str
    created_at: str
    note: str | None = None
