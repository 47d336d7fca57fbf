"""The pseudonymisation key file and the database: two files, two commits, one order.

An ingest writes the key (original -> pseudonym) to ``private/pseudonymisation-key.csv``
and the pseudonymised documents to the database. The two cannot commit together, so the
order is chosen so that a crash at any moment (``kill -9``, power cut) never loses a key
row of a stored document:

1. the new key rows are written first, atomically (temp file + rename, mode 600), while the
   database transaction is still open;
2. then the database commits.

A crash before 1 leaves both as they were; a crash between 1 and 2 leaves key rows whose
document version was never stored; after 2 both agree. So the key may hold *more* than the
database, never less. The next ingest first drops the key rows whose (document,
content_hash) is not stored (:func:`reconcile_key`) and only then numbers new pseudonyms,
so the re-run gives the same pseudonyms as a run that was never interrupted. All of this
happens under a lock file next to the key (:func:`key_lock`), so that two ingests at once
cannot prune or overwrite each other's rows.

Example:
    >>> with key_lock(settings.key_path):                        # doctest: +SKIP
    ...     rows = reconcile_key(settings.key_path, store)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.corpus.pseudonymise import read_key, write_key

if TYPE_CHECKING:  # pragma: no cover
    from workbench.store import Store

log = logging.getLogger(__name__)


def lock_path(key_path: Path) -> Path:
    """The lock file beside the key (``private/.pseudonymisation-key.csv.lock``)."""
    return key_path.with_name(f".{key_path.name}.lock")


@contextmanager
def key_lock(key_path: Path) -> Iterator[None]:
    """Hold the key's lock (an exclusive ``flock``; released by the system when the
    process dies, so a killed ingest never leaves it held). Waits for another ingest.

    Example:
        >>> with key_lock(Path("private/pseudonymisation-key.csv")):   # doctest: +SKIP
        ...     pass
    """
    key_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(key_path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no flock; one ingest at a time by hand
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def reconcile_key(key_path: Path, store: Store) -> list[dict[str, str]]:
    """The key's rows, without those of a document version the database does not hold
    (left by a crash between writing the key and the database's commit); the file is
    rewritten (atomically) only when a row was dropped. Call it holding :func:`key_lock`.

    Example:
        >>> rows = reconcile_key(settings.key_path, study.store)   # doctest: +SKIP
    """
    rows = read_key(key_path)
    if not rows:
        return rows
    stored = store.document_hashes()
    kept = [r for r in rows if (r["document"], r["content_hash"]) in stored]
    if len(kept) != len(rows):
        # counts only: the rows themselves are private
        log.warning("pseudonymisation key: %d rows of %d belonged to no stored document (an interrupted ingest) and were removed", len(rows) - len(kept), len(rows))
        write_key(key_path, kept)
    return kept


__all__ = ["key_lock", "lock_path", "reconcile_key"]
