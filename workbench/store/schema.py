"""The database schema as SQLAlchemy Core tables, one MetaData for the whole study.

The tables of the core (corpus, codebook versions, coding events and the current
codings, the embedding cache) are defined here. Each later part keeps its own tables in
its own module of this package (``themes.py``, ``review.py``, ``reports.py``,
``exchange.py``, ``suggest.py``) on this same :data:`metadata`; ``workbench.store``
imports them all, so Alembic and the tests see the complete schema.

Schema changes are Alembic migrations in ``workbench/store/migrations/versions/``
(never edit one that has shipped; add a new one). A test checks that a database built
by the migrations equals these tables.

Offsets (``start``, ``end``) are counted in Unicode code points, as Python counts them
and as REFI-QDA counts them. Times are ISO 8601 text in UTC (sortable).
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # stable slug from the file path
    sa.Column("version", sa.Integer, primary_key=True),  # 1, 2, ... a changed file adds a version
    sa.Column("is_current", sa.Integer, nullable=False, server_default="1"),
    sa.Column("source_path", sa.Text, nullable=False),  # relative to the corpus folder
    sa.Column("source_hash", sa.Text, nullable=False),  # sha256 of raw bytes + settings that shape the text
    sa.Column("content_hash", sa.Text, nullable=False),  # sha256 of the stored (pseudonymised) text
    sa.Column("kind", sa.Text, nullable=False),  # interview, ervaringsverhaal, enquete, document
    sa.Column("initiative", sa.Text),
    sa.Column("role", sa.Text),
    sa.Column("date", sa.Text),
    sa.Column("interviewer", sa.Text),
    sa.Column("consent", sa.Integer, nullable=False),
    sa.Column("metadata", sa.Text, nullable=False, server_default="{}"),  # JSON: the other columns
    sa.Column("text", sa.Text, nullable=False),  # pseudonymised text
    sa.Column("n_words", sa.Integer, nullable=False),
    sa.Column("replacements", sa.Text, nullable=False, server_default="{}"),  # JSON counts per tag, never originals
    sa.Column("ingest_run", sa.Integer),
    sa.Column("created_at", sa.Text, nullable=False),
)
sa.Index("documents_current", documents.c.is_current, documents.c.initiative)
sa.Index("documents_source", documents.c.source_path)

segments = sa.Table(
    "segments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("doc_version", sa.Integer, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("speaker", sa.Text),
    sa.Column("is_interviewer", sa.Integer, nullable=False, server_default="0"),
    sa.Column("lemmas", sa.Text),  # sentences: space-separated lemmas
    sa.Column("meta", sa.Text),  # JSON, e.g. {"t": "00:01:23.000"}
    sa.ForeignKeyConstraint(["doc_id", "doc_version"], ["documents.id", "documents.version"], name="segments_document"),
    sa.CheckConstraint("unit IN ('turn', 'paragraph', 'sentence')", name="unit"),
    sa.CheckConstraint('start <= "end"', name="span"),
)
sa.Index("segments_doc", segments.c.doc_id, segments.c.doc_version, segments.c.unit, segments.c.start)

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("finished_at", sa.Text),
    sa.Column("sources", sa.Text, nullable=False),  # JSON list of folders
    sa.Column("summary", sa.Text, nullable=False, server_default="{}"),  # JSON counts
)

ingest_problems = sa.Table(
    "ingest_problems",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id"), nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("severity", sa.Text, nullable=False),  # error (skipped), warning, info
    sa.Column("message", sa.Text, nullable=False),  # never holds transcript text
)

codebook_versions = sa.Table(
    "codebook_versions",
    metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("codebook_id", sa.Text, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("yaml", sa.Text, nullable=False),
    sa.Column("source_path", sa.Text),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("note", sa.Text),
)
sa.Index("codebook_versions_hash", codebook_versions.c.codebook_id, codebook_versions.c.content_hash)

# Append-only: the audit trail. The current state is kept in ``codings`` (below), updated
# in the same transaction as each event; replaying the events gives the same state.
coding_events = sa.Table(
    "coding_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("doc_id", sa.Text),
    sa.Column("doc_version", sa.Integer),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("code_id", sa.Text, nullable=False),
    sa.Column("coder", sa.Text, nullable=False),  # a person, or 'suggester:name@version'
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("rationale", sa.Text),
    sa.Column("codebook_version", sa.Integer, sa.ForeignKey("codebook_versions.number")),
    sa.Column("memo", sa.Text),
    sa.Column("payload", sa.Text),  # JSON: revision details (from, into, ...), suggestion links
    sa.Column("created_at", sa.Text, nullable=False),
    sa.CheckConstraint("kind IN ('apply', 'remove', 'rename', 'merge', 'split', 'retire')", name="kind"),
    sa.CheckConstraint("source IN ('manual', 'suggested', 'accepted', 'rejected', 'revision')", name="source"),
    sqlite_autoincrement=True,
)
sa.Index("coding_events_span", coding_events.c.doc_id, coding_events.c.doc_version, coding_events.c.start)
sa.Index("coding_events_code", coding_events.c.code_id)
sa.Index("coding_events_source", coding_events.c.source)

# The current state: one row per (span, code, coder). Kept by the store, never by hand.
codings = sa.Table(
    "codings",
    metadata,
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("doc_version", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("end", sa.Integer, primary_key=True),
    sa.Column("code_id", sa.Text, primary_key=True),
    sa.Column("coder", sa.Text, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),  # manual, accepted, suggested
    sa.Column("codebook_version", sa.Integer),
    sa.Column("memo", sa.Text),
    sa.Column("applied_at", sa.Text, nullable=False),
    sa.Column("needs_recoding", sa.Integer, nullable=False, server_default="0"),
    sa.Column("confidence", sa.Float),
    sa.Column("rationale", sa.Text),
    sa.Column("event_id", sa.Integer, nullable=False),
    sqlite_with_rowid=False,  # rows kept in key order: a whole study reads in one scan (migration 0008)
)
sa.Index("codings_code", codings.c.code_id)
sa.Index("codings_coder", codings.c.coder)

# What revisions did to code ids, kept with the codings: an old id resolves to its target
# (rename, merge); a split code's codings wait for one of its parts.
code_aliases = sa.Table(
    "code_aliases",
    metadata,
    sa.Column("code_id", sa.Text, primary_key=True),
    sa.Column("target", sa.Text, nullable=False),
)
code_splits = sa.Table(
    "code_splits",
    metadata,
    sa.Column("code_id", sa.Text, primary_key=True),
    sa.Column("target", sa.Text, primary_key=True),
)

# Sentence embeddings, shared by suggesters and themes: keyed by the model and the sha256
# of the text, so a re-run embeds only what changed and the same text is embedded once.
embeddings = sa.Table(
    "embeddings",
    metadata,
    sa.Column("model", sa.Text, primary_key=True),
    sa.Column("text_hash", sa.Text, primary_key=True),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float32, little-endian
)
