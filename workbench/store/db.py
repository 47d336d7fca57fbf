"""The one module that talks to the database.

SQLite by default (a file under ``.workbench/``), in WAL mode so that readers never block
the writer and two coders can work at once; every change is one transaction
(``with store.transaction(): ...``): an exception inside leaves the database as it was.

Example:
    >>> store = Store.open(tmp_path / "wb.db")          # doctest: +SKIP
    >>> with store.transaction():                        # doctest: +SKIP
    ...     store.append_event(kind="apply", code_id="eenzaamheid", coder="anna", ...)
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from workbench.errors import StoreError
from workbench.store.schema import MIGRATIONS, SCHEMA_VERSION


def now() -> str:
    """UTC time as ISO 8601 with microseconds: sortable text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class Store:
    """A connection to one study's database. Use :meth:`open`, not the constructor."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._con = connection
        self.path = path
        self._depth = 0
        self._lock = threading.RLock()

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, timeout: float = 30.0) -> Store:
        """Open (create if needed) the database at ``path`` and migrate it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(str(path), f"not a usable SQLite database ({exc})", "move the file away and run ingest again") from None
        store = cls(con, path)
        store._migrate()
        return store

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._con.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                str(self.path),
                f"the database has schema version {current}, this workbench knows up to {SCHEMA_VERSION}",
                "upgrade the workbench package (pip install -U impact-stories-workbench)",
            )
        for number in range(current, SCHEMA_VERSION):
            # One script, one transaction: a failed migration leaves the old schema.
            script = f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
            try:
                self._con.executescript(script)
            except sqlite3.Error as exc:
                if self._con.in_transaction:
                    self._con.execute("ROLLBACK")
                raise StoreError(str(self.path), f"migration {number + 1} failed ({exc})", "report this as a bug; the database is unchanged") from None

    # -- transactions -------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside happen together or not at all. Nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._con.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            else:
                self._con.execute("COMMIT")
            finally:
                self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        return self._con.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[sqlite3.Row]:
        return self._con.execute(sql, params).fetchall()

    # -- documents ----------------------------------------------------------------
    def current_document(self, doc_id: str) -> sqlite3.Row | None:
        return self._con.execute("SELECT * FROM documents WHERE id = ? AND is_current = 1", (doc_id,)).fetchone()

    def get_document(self, doc_id: str, version: int | None = None) -> sqlite3.Row | None:
        if version is None:
            return self.current_document(doc_id)
        return self._con.execute("SELECT * FROM documents WHERE id = ? AND version = ?", (doc_id, version)).fetchone()

    def documents(self, *, initiative: str | None = None, current_only: bool = True) -> list[sqlite3.Row]:
        sql = "SELECT * FROM documents WHERE 1=1"
        params: list[Any] = []
        if current_only:
            sql += " AND is_current = 1"
        if initiative is not None:
            sql += " AND initiative = ?"
            params.append(initiative)
        return self.query(sql + " ORDER BY id, version", params)

    def add_document(self, row: dict[str, Any], segments: Iterable[dict[str, Any]]) -> int:
        """Store a new version of a document with its segments; returns the version."""
        with self.transaction():
            last = self._con.execute("SELECT MAX(version) FROM documents WHERE id = ?", (row["id"],)).fetchone()[0]
            version = (last or 0) + 1
            self._con.execute("UPDATE documents SET is_current = 0 WHERE id = ?", (row["id"],))
            record = dict(row, version=version, is_current=1, created_at=now())
            for key in ("metadata", "replacements"):
                if not isinstance(record.get(key), str):
                    record[key] = json.dumps(record.get(key) or {}, ensure_ascii=False, sort_keys=True)
            cols = ", ".join(f'"{c}"' for c in record)
            marks = ", ".join(f":{c}" for c in record)
            self._con.execute(f"INSERT INTO documents ({cols}) VALUES ({marks})", record)
            self._con.executemany(
                'INSERT INTO segments (doc_id, doc_version, unit, start, "end", speaker, is_interviewer, lemmas, meta) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        row["id"],
                        version,
                        s["unit"],
                        s["start"],
                        s["end"],
                        s.get("speaker"),
                        int(bool(s.get("is_interviewer"))),
                        s.get("lemmas"),
                        json.dumps(s["meta"], ensure_ascii=False) if s.get("meta") else None,
                    )
                    for s in segments
                ),
            )
            return version

    def update_document_metadata(self, doc_id: str, version: int, fields: dict[str, Any]) -> None:
        """Metadata (role, date, ...) may change without the text: no new version then."""
        fields = dict(fields)
        if "metadata" in fields and not isinstance(fields["metadata"], str):
            fields["metadata"] = json.dumps(fields["metadata"], ensure_ascii=False, sort_keys=True)
        sets = ", ".join(f'"{k}" = :{k}' for k in fields)
        with self.transaction():
            self._con.execute(f"UPDATE documents SET {sets} WHERE id = :_id AND version = :_version", dict(fields, _id=doc_id, _version=version))

    def remove_document(self, doc_id: str) -> int:
        """Delete every version of a document with its segments and coding events
        (consent withdrawn). Returns the number of versions removed."""
        with self.transaction():
            n = self._con.execute("SELECT COUNT(*) FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
            self._con.execute("DELETE FROM coding_events WHERE doc_id = ?", (doc_id,))
            self._con.execute("DELETE FROM segments WHERE doc_id = ?", (doc_id,))
            self._con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return int(n)

    def segments(self, doc_id: str, version: int, unit: str | None = None) -> list[sqlite3.Row]:
        sql = 'SELECT * FROM segments WHERE doc_id = ? AND doc_version = ?'
        params: list[Any] = [doc_id, version]
        if unit:
            sql += " AND unit = ?"
            params.append(unit)
        return self.query(sql + ' ORDER BY start, "end" DESC', params)

    # -- ingest runs --------------------------------------------------------------
    def start_run(self, sources: list[str]) -> int:
        cur = self._con.execute("INSERT INTO ingest_runs (started_at, sources) VALUES (?, ?)", (now(), json.dumps(sources)))
        assert cur.lastrowid is not None  # set by the INSERT above
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self._con.execute(
            "UPDATE ingest_runs SET finished_at = ?, summary = ? WHERE id = ?", (now(), json.dumps(summary, ensure_ascii=False), run_id)
        )

    def add_problem(self, run_id: int, file: str, severity: str, message: str) -> None:
        self._con.execute("INSERT INTO ingest_problems VALUES (?, ?, ?, ?)", (run_id, file, severity, message))

    # -- codebook versions --------------------------------------------------------
    def latest_codebook_version(self, codebook_id: str | None = None) -> sqlite3.Row | None:
        if codebook_id is None:
            return self._con.execute("SELECT * FROM codebook_versions ORDER BY number DESC LIMIT 1").fetchone()
        return self._con.execute(
            "SELECT * FROM codebook_versions WHERE codebook_id = ? ORDER BY number DESC LIMIT 1", (codebook_id,)
        ).fetchone()

    def codebook_version(self, number: int) -> sqlite3.Row | None:
        return self._con.execute("SELECT * FROM codebook_versions WHERE number = ?", (number,)).fetchone()

    def codebook_versions(self) -> list[sqlite3.Row]:
        return self.query("SELECT number, codebook_id, content_hash, source_path, author, created_at, note FROM codebook_versions ORDER BY number")

    def find_codebook_version(self, codebook_id: str, content_hash: str) -> sqlite3.Row | None:
        """The newest stored version of ``codebook_id`` with this content hash, if any."""
        return self._con.execute(
            "SELECT * FROM codebook_versions WHERE codebook_id = ? AND content_hash = ? ORDER BY number DESC LIMIT 1",
            (codebook_id, content_hash),
        ).fetchone()

    def add_codebook_version(self, *, codebook_id: str, content_hash: str, yaml: str, source_path: str | None, author: str, note: str | None = None) -> int:
        with self.transaction():
            cur = self._con.execute(
                "INSERT INTO codebook_versions (codebook_id, content_hash, yaml, source_path, author, created_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (codebook_id, content_hash, yaml, source_path, author, now(), note),
            )
            assert cur.lastrowid is not None  # set by the INSERT above
            return int(cur.lastrowid)

    # -- coding events ------------------------------------------------------------
    def append_event(self, **event: Any) -> int:
        """Append one coding event (apply, remove, rename, merge, split, retire)."""
        event.setdefault("created_at", now())
        if "payload" in event and not isinstance(event["payload"], (str, type(None))):
            event["payload"] = json.dumps(event["payload"], ensure_ascii=False, sort_keys=True)
        cols = ", ".join(f'"{c}"' for c in event)
        marks = ", ".join(f":{c}" for c in event)
        with self.transaction():
            cur = self._con.execute(f"INSERT INTO coding_events ({cols}) VALUES ({marks})", event)
            assert cur.lastrowid is not None  # set by the INSERT above
            return int(cur.lastrowid)

    def events(self) -> list[sqlite3.Row]:
        return self.query("SELECT * FROM coding_events ORDER BY id")

    def span_events(self, doc_id: str, doc_version: int) -> list[sqlite3.Row]:
        """Coding events of one document version plus every revision event, in id order."""
        return self.query(
            "SELECT * FROM coding_events WHERE source = 'revision' OR (doc_id = ? AND doc_version = ?) ORDER BY id",
            (doc_id, doc_version),
        )

    def revision_events(self) -> list[sqlite3.Row]:
        """Codebook revisions (rename, merge, split, retire), in id order."""
        return self.query("SELECT * FROM coding_events WHERE source = 'revision' ORDER BY id")
