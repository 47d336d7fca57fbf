"""The store's part for mixed methods: typed variables, their values, framework summaries.

- ``variables``: one row per variable (a closed survey question, a metadata column, a
  property of an initiative): its type (categorical, ordinal, numeric, date, yesno), its
  levels in order, whether a researcher declared it or it was detected (and how).
- ``variable_values``: one row per (variable, unit, unit id): the value of a respondent
  (all open answers of one respondent share it), a document or an initiative, with its
  status: ``answer``, ``missing`` or ``dont_know`` ("weet niet" is kept apart from answers).
- ``framework_summaries``: what a researcher wrote in a cell of a framework matrix
  (case x code). Append-only events with author and time, like memos: the newest row of a
  cell counts and the history is kept. Keyed by the case (an initiative or a variable's
  category) and the code, never by a document version, so a new version of a document
  leaves every summary in place.

Methods hand out plain dicts and :class:`SummaryEvent` (frozen).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from workbench.store.base import StoreBase
from workbench.store.schema import metadata

variables = sa.Table(
    "variables",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("label", sa.Text),
    sa.Column("scope", sa.Text, nullable=False),  # respondent, document, initiative
    sa.Column("type", sa.Text, nullable=False),  # categorical, ordinal, numeric, date, yesno
    sa.Column("levels", sa.Text, nullable=False, server_default="[]"),  # JSON list, in order
    sa.Column("declared", sa.Integer, nullable=False, server_default="0"),
    sa.Column("how", sa.Text, nullable=False, server_default=""),  # why this type (detection), never values
    sa.Column("source", sa.Text, nullable=False, server_default=""),  # the files it came from
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.CheckConstraint("scope IN ('respondent', 'document', 'initiative')", name="scope"),
    sa.CheckConstraint("type IN ('categorical', 'ordinal', 'numeric', 'date', 'yesno')", name="type"),
)

variable_values = sa.Table(
    "variable_values",
    metadata,
    sa.Column("variable", sa.Text, primary_key=True),
    sa.Column("unit", sa.Text, primary_key=True),  # respondent, document, initiative
    sa.Column("unit_id", sa.Text, primary_key=True),  # 'enquete/x.csv#R001', a document id, an initiative
    sa.Column("value", sa.Text),  # the answer as a level / number / ISO date; None when not an answer
    sa.Column("raw", sa.Text),  # what the export said (for 'weet niet' and missing codes)
    sa.Column("status", sa.Text, nullable=False),  # answer, missing, dont_know
    sa.CheckConstraint("status IN ('answer', 'missing', 'dont_know')", name="status"),
)
sa.Index("variable_values_unit", variable_values.c.unit, variable_values.c.unit_id)

framework_summaries = sa.Table(
    "framework_summaries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("rows", sa.Text, nullable=False),  # 'initiative' or a variable's name
    sa.Column("case_value", sa.Text, nullable=False),  # the initiative, or the variable's category
    sa.Column("code_id", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),  # '' clears a summary (the history keeps the old one)
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)
sa.Index("framework_summaries_cell", framework_summaries.c.rows, framework_summaries.c.case_value, framework_summaries.c.code_id)


@dataclass(frozen=True)
class SummaryEvent:
    """One summary written in a framework cell (the newest of a cell counts)."""

    id: int
    rows: str
    case_value: str
    code_id: str
    text: str
    author: str
    created_at: str


class MixedQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: variables and framework summaries."""

    def replace_variables(self, defs: Iterable[dict[str, Any]], values: Iterable[dict[str, Any]]) -> None:
        """Replace every variable and value by these (one transaction): they are derived
        from the current corpus and the settings, so a rebuild is the truth."""
        from workbench.store.base import now

        stamp = now()
        def_rows = [dict(d, levels=json.dumps(list(d.get("levels") or ()), ensure_ascii=False), declared=int(bool(d.get("declared"))), updated_at=stamp) for d in defs]
        value_rows = list(values)
        with self.transaction() as con:
            # two rebuilds at once (reports run in parallel) take turns on PostgreSQL: the
            # second one's delete then sees the first one's rows (no duplicate keys)
            self._lock(con, "variables")
            con.execute(variable_values.delete())
            con.execute(variables.delete())
            if def_rows:
                con.execute(variables.insert(), def_rows)
            if value_rows:
                con.execute(variable_values.insert(), value_rows)

    def variable_defs(self) -> list[dict[str, Any]]:
        """Every stored variable, by name."""
        with self.read() as con:
            rows = con.execute(sa.select(variables).order_by(variables.c.name)).mappings().all()
        return [dict(r, levels=tuple(json.loads(r["levels"] or "[]")), declared=bool(r["declared"])) for r in rows]

    def variable_values(self, name: str | None = None) -> list[dict[str, Any]]:
        """Stored values (of one variable, or all): variable, unit, unit_id, value, raw, status."""
        query = sa.select(variable_values).order_by(variable_values.c.variable, variable_values.c.unit, variable_values.c.unit_id)
        if name is not None:
            query = query.where(variable_values.c.variable == name)
        with self.read() as con:
            return [dict(r) for r in con.execute(query).mappings()]

    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        # a document removed for good takes its own values along (respondents' values go
        # at the next rebuild, when none of their answers is left)
        con.execute(variable_values.delete().where(variable_values.c.unit == "document", variable_values.c.unit_id == doc_id))
        super()._delete_document_rows(con, doc_id)

    # -- framework summaries -------------------------------------------------------
    def add_framework_summary(self, rows: str, case_value: str, code_id: str, text: str, *, author: str) -> int:
        """Append a summary event for one cell; returns its id."""
        from workbench.store.base import now

        with self.transaction() as con:
            key = con.execute(framework_summaries.insert().values(
                rows=rows, case_value=case_value, code_id=code_id, text=text, author=author, created_at=now(),
            )).inserted_primary_key
            assert key is not None  # set by the INSERT above
            return int(key[0])

    def framework_summary_events(self, rows: str | None = None, case_value: str | None = None, code_id: str | None = None) -> list[SummaryEvent]:
        """Summary events, oldest first (filter by matrix rows, case and code)."""
        f = framework_summaries
        query = sa.select(f).order_by(f.c.id)
        if rows is not None:
            query = query.where(f.c.rows == rows)
        if case_value is not None:
            query = query.where(f.c.case_value == case_value)
        if code_id is not None:
            query = query.where(f.c.code_id == code_id)
        with self.read() as con:
            return [SummaryEvent(r.id, r.rows, r.case_value, r.code_id, r.text, r.author, r.created_at) for r in con.execute(query)]
