"""Coding events (the audit trail) and the current codings kept beside them.

Every event is appended and, in the same transaction, applied to the ``codings`` table
(and to ``code_aliases``/``code_splits`` for revisions) by the rules of the reference
replay in :mod:`workbench.coding.events`: a property test generates random event
sequences and checks that the table always equals the replay.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from workbench.store.base import StoreBase

from workbench.store.schema import code_aliases, code_splits, coding_events, codings, metadata

if TYPE_CHECKING:
    from workbench.model.coding import Coding, CodingEvent

KEY = ("doc_id", "doc_version", "start", "end", "code_id", "coder")
EVENT_COLUMNS = {c.name for c in coding_events.c} - {"id"}

# How far the current codings of each document have changed (migration 0013): every
# transaction that writes ``codings`` adds 1 to the row of each document it touched, and a
# codebook revision (which may touch any document) to the row of ``EVERY_DOCUMENT``. A
# reader compares these numbers with the ones behind its cached frame: equal means the
# frame is still the database's, in any process and on any backend, because the numbers
# change in the same transaction as the codings they count.
codings_changes = sa.Table(
    "codings_changes",
    metadata,
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
EVERY_DOCUMENT = ""  # no document has an empty id
#: re-read at most this many changed documents into a cached frame; more: read it whole
SPLICE_LIMIT = 64
#: cached frames per store (one per set of filters and columns)
CACHED_FRAMES = 8


def _coding(row: Any) -> Coding:
    """A Coding from a row of ``codings`` (a driver tuple or a Row): the table's columns are
    Coding's fields in order (a test holds that line), so it is built positionally."""
    from workbench.model.coding import Coding

    make: Any = Coding  # positional construction, which mypy cannot follow through *row
    return make(*row[:10], bool(row[10]), *row[11:])


def _event(row: Any) -> CodingEvent:
    from workbench.model.coding import CodingEvent

    return CodingEvent.from_mapping(row._mapping)


def _record(coding: Coding) -> dict[str, Any]:
    return {
        "doc_id": coding.doc_id, "doc_version": coding.doc_version, "start": coding.start, "end": coding.end, "code_id": coding.code_id,
        "coder": coding.coder, "source": coding.source, "codebook_version": coding.codebook_version, "memo": coding.memo,
        "applied_at": coding.applied_at, "needs_recoding": int(coding.needs_recoding), "confidence": coding.confidence,
        "rationale": coding.rationale, "event_id": coding.event_id,
    }


def _span_where(doc_id: str, doc_version: int, start: int, end: int) -> Any:
    return sa.and_(codings.c.doc_id == doc_id, codings.c.doc_version == doc_version, codings.c.start == start, codings.c.end == end)


class CodingQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: coding events and current codings."""

    # -- writing ------------------------------------------------------------------
    def append_event(self, **event: Any) -> int:
        """Append one coding event (apply, remove, rename, merge, split, retire) and bring
        the current codings up to date, in one transaction. Returns the event id."""
        return self.append_events([event])[0]

    def append_events(self, events: Sequence[dict[str, Any]]) -> list[int]:
        """Append many events in one transaction (bulk: one statement for the events, one
        for the current codings where that is safe). Returns their ids, in order."""
        from workbench.store.base import now

        if not events:
            return []
        from workbench.model.coding import CodingEvent

        stamp = now()
        records = []
        payloads = []
        for ev in events:
            unknown = set(ev) - EVENT_COLUMNS
            if unknown:
                raise ValueError(f"not a coding event column: {', '.join(sorted(unknown))}")  # i18n: developer
            record: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS)
            record.update(ev)
            record["created_at"] = record["created_at"] or stamp
            payload = record["payload"]
            if isinstance(payload, str):
                payload = json.loads(payload) if payload else {}
            elif payload is not None:
                record["payload"] = json.dumps(payload, ensure_ascii=False, sort_keys=True)
            payloads.append(dict(payload or {}))
            records.append(record)
        with self.transaction() as con:
            revisions = any(r["source"] == "revision" for r in records)
            docs = sorted({f"doc:{r['doc_id']}" for r in records if r["doc_id"] is not None})
            self._lock(con, "revisions", shared=not revisions)
            self._lock(con, *docs)
            ids = self._insert_events(con, records)
            stored = [
                CodingEvent(
                    id=i, kind=r["kind"], code_id=r["code_id"], coder=r["coder"], source=r["source"], created_at=r["created_at"],
                    doc_id=r["doc_id"], doc_version=r["doc_version"], start=r["start"], end=r["end"], confidence=r["confidence"],
                    rationale=r["rationale"], codebook_version=r["codebook_version"], memo=r["memo"], payload=p,
                )
                for r, i, p in zip(records, ids, payloads)
            ]
            if len(stored) > 1 and all(e.kind == "apply" and e.source in ("manual", "suggested") for e in stored):
                self._apply_applies(con, stored)
            else:
                for e in stored:
                    self._apply_event(con, e)
            self._codings_changed(con, [EVERY_DOCUMENT] if revisions else [r["doc_id"] for r in records if r["doc_id"] is not None])
            return ids

    @staticmethod
    def _codings_changed(con: sa.Connection, doc_ids: Iterable[str]) -> None:
        """Count a change of these documents' codings, in the writer's transaction (in
        document order: two writers take the rows' locks in the same order)."""
        rows = [{"d": d} for d in sorted(set(doc_ids))]
        if rows:
            con.execute(
                sa.text("INSERT INTO codings_changes (doc_id, n) VALUES (:d, 1) ON CONFLICT (doc_id) DO UPDATE SET n = codings_changes.n + 1"), rows
            )

    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        """A removed document's codings went with it (corpus.py): count that change."""
        self._codings_changed(con, [doc_id])
        super()._delete_document_rows(con, doc_id)

    def _insert_events(self, con: sa.Connection, records: list[dict[str, Any]]) -> list[int]:
        """Insert event rows; their ids in order. On SQLite the write transaction holds the
        only write lock, so the ids are the next ones of the AUTOINCREMENT sequence, and
        one driver-level executemany is ~10x faster than RETURNING row by row."""
        columns = sorted(EVENT_COLUMNS)
        quoted = ", ".join(f'"{c}"' for c in columns)
        if len(records) == 1:
            result = con.execute(coding_events.insert().returning(coding_events.c.id), records)
            return [int(r[0]) for r in result]
        if self.dialect == "sqlite":
            seq = con.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'coding_events'").scalar()
            first = int(seq or 0) + 1
            ids = list(range(first, first + len(records)))
            marks = ", ".join("?" * (len(columns) + 1))
        else:
            # reserve the ids from the sequence, then one pipelined executemany of a small
            # statement (psycopg parses it once; a 10,000-row VALUES list is parsed slowly)
            result = con.exec_driver_sql(
                "SELECT nextval(pg_get_serial_sequence('coding_events', 'id')) FROM generate_series(1, %(n)s)", {"n": len(records)}
            )
            ids = sorted(int(r[0]) for r in result)
            # COPY: the rows stream to the server in one go, no statement per row
            self._copy_rows(con, f"COPY coding_events (id, {quoted}) FROM STDIN", ((i, *(r[c] for c in columns)) for i, r in zip(ids, records)))
            return ids
        sql = f"INSERT INTO coding_events (id, {quoted}) VALUES ({marks})"
        con.exec_driver_sql(sql, [(i, *(r[c] for c in columns)) for i, r in zip(ids, records)])
        return ids

    @staticmethod
    def _copy_rows(con: sa.Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """PostgreSQL only: stream ``rows`` with COPY ... FROM STDIN on the transaction's own
        connection (psycopg 3), the fastest way into a table."""
        raw = con.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)

    def lock_for_coding(self, doc_id: str) -> None:
        """Inside a transaction, before checking anything: serialise coding actions on one
        document (and against codebook revisions), so that a check and the write it
        allows see the same state. SQLite's write transaction already holds the lock."""
        if not self.in_transaction:
            raise RuntimeError("lock_for_coding() belongs inside store.transaction()")  # i18n: developer
        with self.read() as con:
            self._lock(con, "revisions", shared=True)
            self._lock(con, f"doc:{doc_id}")

    def _aliases(self, con: sa.Connection) -> dict[str, str]:
        return {r.code_id: r.target for r in con.execute(sa.select(code_aliases))}

    def _splits(self, con: sa.Connection) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for r in con.execute(sa.select(code_splits)):
            out.setdefault(r.code_id, set()).add(r.target)
        return out

    def _put(self, con: sa.Connection, coding: Coding) -> None:
        con.execute(codings.delete().where(_span_where(coding.doc_id, coding.doc_version, coding.start, coding.end),
                                           codings.c.code_id == coding.code_id, codings.c.coder == coding.coder))
        con.execute(codings.insert(), _record(coding))

    def _close_suggestions(self, con: sa.Connection, ev: CodingEvent, code: str) -> None:
        assert ev.doc_id is not None and ev.doc_version is not None and ev.start is not None and ev.end is not None
        query = codings.delete().where(_span_where(ev.doc_id, ev.doc_version, ev.start, ev.end), codings.c.code_id == code, codings.c.source == "suggested")
        suggester = ev.payload.get("suggester")
        if suggester is not None:
            query = query.where(codings.c.coder == suggester)
        con.execute(query)

    def _supersede_split(self, con: sa.Connection, coding: Coding, splits: dict[str, set[str]]) -> None:
        olds = [old for old, targets in splits.items() if coding.code_id in targets]
        if olds:
            con.execute(
                codings.delete().where(
                    _span_where(coding.doc_id, coding.doc_version, coding.start, coding.end), codings.c.coder == coding.coder,
                    codings.c.code_id.in_(olds), codings.c.needs_recoding == 1,
                )
            )

    def _apply_event(self, con: sa.Connection, ev: CodingEvent) -> None:
        from workbench.model.coding import Coding, resolve_alias

        if ev.source == "revision":
            self._apply_revision(con, ev)
            return
        code = resolve_alias(self._aliases(con), ev.code_id)
        assert ev.doc_id is not None and ev.doc_version is not None and ev.start is not None and ev.end is not None
        if ev.kind == "apply":
            if ev.source == "accepted":
                self._close_suggestions(con, ev, code)
            coding = Coding(
                doc_id=ev.doc_id, doc_version=ev.doc_version, start=ev.start, end=ev.end, code_id=code, coder=ev.coder, source=ev.source,
                codebook_version=ev.codebook_version, memo=ev.memo, applied_at=ev.created_at, needs_recoding=False,
                confidence=ev.confidence, rationale=ev.rationale, event_id=ev.id,
            )
            self._put(con, coding)
            self._supersede_split(con, coding, self._splits(con))
        elif ev.kind == "remove":
            if ev.source == "rejected":
                self._close_suggestions(con, ev, code)
            else:
                con.execute(codings.delete().where(_span_where(ev.doc_id, ev.doc_version, ev.start, ev.end), codings.c.code_id == code, codings.c.coder == ev.coder))

    def _apply_applies(self, con: sa.Connection, events: list[CodingEvent]) -> None:
        """Many codings or suggestions at once (a suggester's run, an import): one upsert;
        the last event per key wins, as in the replay."""
        from workbench.model.coding import resolve_alias

        aliases = self._aliases(con)
        columns = [c.name for c in codings.c]
        latest: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for ev in events:
            code = resolve_alias(aliases, ev.code_id) if aliases else ev.code_id
            values = {
                "doc_id": ev.doc_id, "doc_version": ev.doc_version, "start": ev.start, "end": ev.end, "code_id": code, "coder": ev.coder,
                "source": ev.source, "codebook_version": ev.codebook_version, "memo": ev.memo, "applied_at": ev.created_at,
                "needs_recoding": 0, "confidence": ev.confidence, "rationale": ev.rationale, "event_id": ev.id,
            }
            latest[(ev.doc_id, ev.doc_version, ev.start, ev.end, code, ev.coder)] = tuple(values[c] for c in columns)
        tuples = list(latest.values())
        # one driver-level executemany of a small statement: SQLAlchemy's per-row
        # parameter handling (and psycopg parsing a 10,000-row VALUES list) cost more than
        # the inserts themselves
        quoted = ", ".join(f'"{c}"' for c in columns)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in KEY)
        keys = ", ".join(f'"{c}"' for c in KEY)
        if self.dialect == "sqlite":
            sql = f"INSERT INTO codings ({quoted}) VALUES ({', '.join(['?'] * len(columns))}) ON CONFLICT ({keys}) DO UPDATE SET {updates}"
            con.exec_driver_sql(sql, tuples)
        elif len(tuples) < 200:
            sql = f"INSERT INTO codings ({quoted}) VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT ({keys}) DO UPDATE SET {updates}"
            con.exec_driver_sql(sql, tuples)
        else:
            # COPY into a temporary table dropped at commit, then one upsert from it
            con.exec_driver_sql("CREATE TEMPORARY TABLE codings_incoming (LIKE codings INCLUDING DEFAULTS) ON COMMIT DROP")
            self._copy_rows(con, f"COPY codings_incoming ({quoted}) FROM STDIN", tuples)
            con.exec_driver_sql(f"INSERT INTO codings ({quoted}) SELECT {quoted} FROM codings_incoming ON CONFLICT ({keys}) DO UPDATE SET {updates}")
            con.exec_driver_sql("DROP TABLE codings_incoming")
        splits = self._splits(con)
        if splits:
            for t in tuples:
                self._supersede_split(con, _coding(t), splits)

    def _apply_revision(self, con: sa.Connection, ev: CodingEvent) -> None:
        self._links_revised(con, ev)  # links move with their codes (workbench/store/links.py)
        src: Any = ev.payload.get("from")
        dst: Any = ev.payload.get("into")
        if ev.kind in ("rename", "merge"):
            sources = [src] if ev.kind == "rename" else list(src)
            self._move(con, sources, dst)
        elif ev.kind == "split":
            con.execute(code_splits.delete().where(code_splits.c.code_id == src))
            if dst:
                con.execute(code_splits.insert(), [{"code_id": src, "target": t} for t in sorted(set(dst))])
            con.execute(codings.update().where(codings.c.code_id == src).values(needs_recoding=1))

    def _move(self, con: sa.Connection, sources: list[str], into: str) -> None:
        from dataclasses import replace

        moved_rows = [_coding(r) for r in con.execute(sa.select(codings).where(codings.c.code_id.in_(sources)))]
        groups: dict[tuple[Any, ...], list[Coding]] = {}
        for c in moved_rows:
            groups.setdefault((*c.span, into, c.coder), []).append(replace(c, code_id=into))
        if moved_rows:
            con.execute(codings.delete().where(codings.c.code_id.in_(sources)))
        for key, group in groups.items():
            existing_row = con.execute(
                sa.select(codings).where(_span_where(*key[:4]), codings.c.code_id == into, codings.c.coder == key[5])
            ).first()
            candidates = ([_coding(existing_row)] if existing_row is not None else []) + group
            first = min(candidates, key=lambda c: c.event_id)
            self._put(con, replace(first, needs_recoding=all(c.needs_recoding for c in candidates)))
        # aliases: every source now means ``into``; ``into`` itself is live again
        con.execute(code_aliases.delete().where(code_aliases.c.code_id.in_(sources + [into])))
        alias_rows = [{"code_id": s, "target": into} for s in dict.fromkeys(sources) if s != into]
        if alias_rows:
            con.execute(code_aliases.insert(), alias_rows)
        # a split waiting for a source now waits for ``into``
        waiting = con.execute(sa.select(code_splits).where(code_splits.c.target.in_(sources))).all()
        for row in waiting:
            con.execute(code_splits.delete().where(code_splits.c.code_id == row.code_id, code_splits.c.target == row.target))
        for code_id in {row.code_id for row in waiting}:
            if con.execute(sa.select(code_splits).where(code_splits.c.code_id == code_id, code_splits.c.target == into)).first() is None:
                con.execute(code_splits.insert().values(code_id=code_id, target=into))

    # -- reading events -----------------------------------------------------------
    def events(self, doc_id: str | None = None, doc_version: int | None = None) -> list[CodingEvent]:
        """Every coding event (of one document version, if given), in order."""
        query = sa.select(coding_events).order_by(coding_events.c.id)
        if doc_id is not None:
            query = query.where(coding_events.c.doc_id == doc_id)
        if doc_version is not None:
            query = query.where(coding_events.c.doc_version == doc_version)
        with self.read() as con:
            return [_event(r) for r in con.execute(query)]

    def span_events(self, doc_id: str, doc_version: int) -> list[CodingEvent]:
        """Coding events of one document version plus every revision event, in id order
        (two index look-ups, not a scan)."""
        doc = sa.select(coding_events).where(coding_events.c.doc_id == doc_id, coding_events.c.doc_version == doc_version)
        rev = sa.select(coding_events).where(coding_events.c.source == "revision")
        with self.read() as con:
            rows = list(con.execute(doc)) + list(con.execute(rev))
        return sorted((_event(r) for r in rows), key=lambda e: e.id)

    def revision_events(self) -> list[CodingEvent]:
        """Codebook revisions (rename, merge, split, retire), in id order."""
        with self.read() as con:
            return [_event(r) for r in con.execute(sa.select(coding_events).where(coding_events.c.source == "revision").order_by(coding_events.c.id))]

    def count_events(self) -> int:
        with self.read() as con:
            return int(con.execute(sa.select(sa.func.count()).select_from(coding_events)).scalar_one())

    # -- reading the current state ------------------------------------------------
    def _codings_query(
        self, *, doc_id: str | None = None, doc_version: int | None = None, coder: str | None = None,
        code_ids: Iterable[str] | None = None, include_suggestions: bool = False, only_suggestions: bool = False,
        overlapping: tuple[int, int] | None = None,
    ) -> sa.Select[Any]:
        query = sa.select(codings)
        if overlapping is not None:
            lo, hi = overlapping
            query = query.where(codings.c.start < hi, codings.c.end > lo)
        if doc_id is not None:
            query = query.where(codings.c.doc_id == doc_id)
        if doc_version is not None:
            query = query.where(codings.c.doc_version == doc_version)
        if coder is not None:
            query = query.where(codings.c.coder == coder)
        if code_ids is not None:
            query = query.where(codings.c.code_id.in_(list(code_ids)))
        if only_suggestions:
            query = query.where(codings.c.source == "suggested")
        elif not include_suggestions:
            query = query.where(codings.c.source != "suggested")
        return query.order_by(codings.c.doc_id, codings.c.doc_version, codings.c.start, codings.c.end, codings.c.code_id, codings.c.coder)

    def _raw_rows(self, query: sa.Select[Any], con: sa.Connection | None = None) -> list[tuple[Any, ...]]:
        """The driver's own tuples (no per-row Row objects): plain text, integer and float
        columns need no conversion, and a study's 100,000 codings come back ~5x faster."""
        if con is None:
            with self.read() as own:
                return self._raw_rows(query, own)
        cursor = con.execute(query).cursor
        return [tuple(r) for r in cursor.fetchall()] if cursor is not None else []

    def current_codings(
        self, *, doc_id: str | None = None, doc_version: int | None = None, coder: str | None = None,
        code_ids: Iterable[str] | None = None, include_suggestions: bool = False, only_suggestions: bool = False,
        overlapping: tuple[int, int] | None = None,
    ) -> list[Coding]:
        """The codings as they are now, sorted by document, span, code and coder.

        ``overlapping=(start, end)`` keeps the codings that overlap that stretch of the
        document: what an app redraws after a click, instead of the whole document.
        """
        query = self._codings_query(
            doc_id=doc_id, doc_version=doc_version, coder=coder, code_ids=code_ids, include_suggestions=include_suggestions,
            only_suggestions=only_suggestions, overlapping=overlapping,
        )
        rows = self._raw_rows(query)
        # the table's columns are Coding's fields, in order (positional: 10x faster than by name)
        return [_coding(r) for r in rows]

    def current_codings_frame(self, columns: Sequence[str] | None = None, **filters: Any) -> Any:
        """:meth:`current_codings` as a pandas DataFrame (one column per field, or only
        ``columns``), built straight from the rows.

        Outside a transaction the frame is cached per store, keyed by the change numbers
        of ``codings_changes``: nothing changed, the cached frame comes back (a copy on
        write, so a caller's edits stay theirs); a few documents changed, only their rows
        are read again and put in their place; else it is read whole.

        Example:
            >>> store.current_codings_frame(["doc_id", "code_id"], coder="anna")   # doctest: +SKIP
        """
        names = list(columns) if columns is not None else [c.name for c in codings.c]
        if filters.get("code_ids") is not None:  # read once: a generator is both the query and the key
            filters["code_ids"] = tuple(filters["code_ids"])
        query = self._codings_query(**filters).with_only_columns(*(codings.c[n] for n in names))
        if self.in_transaction:  # its own writes may yet be rolled back: never cached
            return _frame(self._raw_rows(query), names)
        key = (tuple(names), repr(sorted(filters.items())))
        cache: dict[Any, _CachedFrame] = self.__dict__.setdefault("_codings_frames", {})
        with self.read() as con:
            versions = {r[0]: int(r[1]) for r in con.execute(sa.select(codings_changes.c.doc_id, codings_changes.c.n))}
            entry = cache.get(key)
            if entry is not None and entry.versions == versions:
                return entry.frame.copy(deep=False)
            spliced = _splice(self, con, entry, versions, query, names) if entry is not None else None
            rows = spliced[0] if spliced is not None else self._raw_rows(query, con)
        frame = _spliced_frame(entry, spliced, names) if entry is not None and spliced is not None else None
        cache.pop(key, None)
        if len(cache) >= CACHED_FRAMES:
            cache.pop(next(iter(cache)))
        previous = entry
        entry = _CachedFrame(versions, rows, names, _frame(rows, names) if frame is None else frame)
        if previous is not None and spliced is not None:
            entry.__dict__["blocks"] = _moved_blocks(previous, spliced[2], spliced[1], names)
        cache[key] = entry
        return entry.frame.copy(deep=False)

    def forget_codings_frames(self) -> None:
        """Drop the cached frames (the next frame is read whole): for benchmarks and memory."""
        self.__dict__.pop("_codings_frames", None)

    def find_coding(self, doc_id: str, doc_version: int, start: int, end: int, code_id: str, coder: str) -> Coding | None:
        with self.read() as con:
            row = con.execute(
                sa.select(codings).where(_span_where(doc_id, doc_version, start, end), codings.c.code_id == code_id, codings.c.coder == coder)
            ).first()
        return _coding(row) if row is not None else None

    def pending_suggestions(self, doc_id: str, doc_version: int, start: int, end: int, code_id: str, suggester: str | None = None) -> list[Coding]:
        query = sa.select(codings).where(_span_where(doc_id, doc_version, start, end), codings.c.code_id == code_id, codings.c.source == "suggested")
        if suggester is not None:
            query = query.where(codings.c.coder == suggester)
        with self.read() as con:
            return [_coding(r) for r in con.execute(query.order_by(codings.c.event_id))]

    def code_aliases(self) -> dict[str, str]:
        """Old code id -> the id it was renamed or merged into (one step)."""
        with self.read() as con:
            return self._aliases(con)

    def coders(self, *, include_suggesters: bool = False) -> list[str]:
        """The coders with current codings, sorted (people; suggesters only if asked):
        one indexed query, not a read of every coding."""
        query = sa.select(codings.c.coder).distinct().order_by(codings.c.coder)
        if not include_suggesters:
            query = query.where(codings.c.source != "suggested")
        with self.read() as con:
            return list(con.execute(query).scalars())

    def count_codings(self, *, include_suggestions: bool = False) -> dict[str, int]:
        """Current codings per code id."""
        query = sa.select(codings.c.code_id, sa.func.count()).group_by(codings.c.code_id)
        if not include_suggestions:
            query = query.where(codings.c.source != "suggested")
        with self.read() as con:
            return {r[0]: int(r[1]) for r in con.execute(query)}


# -- the cached frame of current codings ----------------------------------------------------
Rows = list[tuple[Any, ...]]
#: how a spliced frame is put together: ("cached", first, last) rows of the cached frame,
#: or ("fresh", first, last) rows of the frame of the rows read again
Pieces = list[tuple[str, int, int]]


@dataclass
class _CachedFrame:
    """A frame of current codings as read at ``versions`` (doc id -> change number), with
    the rows it was built from (sorted by document, as the database sorts them)."""

    versions: dict[str, int]
    rows: Rows
    names: list[str]
    frame: Any

    @cached_property
    def blocks(self) -> dict[str, tuple[int, int]]:
        """Per document id: the [first, last + 1) positions of its rows (found when first
        needed: a frame that is never spliced never pays for it)."""
        if "doc_id" not in self.names:
            return {}
        at = self.names.index("doc_id")
        out: dict[str, tuple[int, int]] = {}
        for i, row in enumerate(self.rows):
            first = out.get(row[at])
            out[row[at]] = (i if first is None else first[0], i + 1)
        return out


def _frame(rows: Rows, names: list[str]) -> Any:
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=names)
    return frame.astype({"needs_recoding": bool}) if "needs_recoding" in names else frame


def _splice(store: CodingQueries, con: sa.Connection, entry: _CachedFrame, versions: dict[str, int], query: sa.Select[Any], names: list[str]) -> tuple[Rows, Rows, Pieces] | None:
    """The cached rows with the changed documents' rows read again (with the fresh rows and
    how the two are put together), or None when the frame must be read whole (a revision,
    many documents, a document new to the frame: its place is the database's to say)."""
    changed = {d for d in versions.keys() | entry.versions.keys() if versions.get(d) != entry.versions.get(d)}
    if EVERY_DOCUMENT in changed or len(changed) > SPLICE_LIMIT or "doc_id" not in names:
        return None
    at = names.index("doc_id")
    fresh: dict[str, Rows] = {}
    for row in store._raw_rows(query.where(codings.c.doc_id.in_(sorted(changed))), con):
        fresh.setdefault(row[at], []).append(row)
    if any(d not in entry.blocks for d in fresh):
        return None
    out: Rows = []
    new: Rows = []
    pieces: Pieces = []
    done = 0
    for first, last, doc in sorted((*entry.blocks[d], d) for d in changed if d in entry.blocks):
        pieces += [("cached", done, first), ("fresh", len(new), len(new) + len(fresh.get(doc, ())))]
        out.extend(entry.rows[done:first])
        out.extend(fresh.get(doc, ()))
        new.extend(fresh.get(doc, ()))
        done = last
    pieces.append(("cached", done, len(entry.rows)))
    out.extend(entry.rows[done:])
    return out, new, pieces


def _moved_blocks(entry: _CachedFrame, pieces: Pieces, new: Rows, names: list[str]) -> dict[str, tuple[int, int]]:
    """The blocks of the spliced rows, from the cached ones moved by what came and went
    (per document, not per row: a click costs nothing here)."""
    at = names.index("doc_id")
    starts = sorted((first, last, doc) for doc, (first, last) in entry.blocks.items())
    out: dict[str, tuple[int, int]] = {}
    position, i = 0, 0
    for kind, a, b in pieces:
        if kind == "fresh":
            if b > a:
                out[new[a][at]] = (position, position + b - a)
        else:
            while i < len(starts) and starts[i][0] < a:
                i += 1
            while i < len(starts) and starts[i][1] <= b:
                first, last, doc = starts[i]
                out[doc] = (position + first - a, position + last - a)
                i += 1
        position += b - a
    return out


def _spliced_frame(entry: _CachedFrame, spliced: tuple[Rows, Rows, Pieces], names: list[str]) -> Any:
    """The cached frame with the fresh rows in place, or None when a column would not have
    the dtype a whole read gives (pandas infers it from the values: a column of integers
    with one missing value is float, a text column without a value is object)."""
    import pandas as pd

    rows, new, pieces = spliced
    fresh = _frame(new, names)
    parts = [(entry.frame if kind == "cached" else fresh).iloc[a:b] for kind, a, b in pieces if b > a]
    frame = pd.concat(parts, ignore_index=True) if parts else _frame([], names)
    for i, name in enumerate(names):
        if name == "needs_recoding":
            continue
        missing = codings.c[name].nullable and bool(frame[name].isna().any())  # NOT NULL columns hold no missing value
        sample = [(v,) for v in _first_value(rows, i)] + ([(None,)] if missing else [])
        if pd.DataFrame.from_records(sample, columns=[name])[name].dtype != frame[name].dtype:
            return None
    return frame


def _first_value(rows: Rows, i: int) -> list[Any]:
    """The first value of column ``i`` that is not None, as a list of none or one."""
    return next(([r[i]] for r in rows if r[i] is not None), [])
