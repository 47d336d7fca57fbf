"""Baseline: corpus, ingest runs, codebook versions, coding events (user_version 1).

SQLite files made before Alembic have exactly this schema and are stamped with this
revision instead of running it.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_current", sa.Integer, nullable=False, server_default="1"),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("source_hash", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("initiative", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("interviewer", sa.Text),
        sa.Column("consent", sa.Integer, nullable=False),
        sa.Column("metadata", sa.Text, nullable=False, server_default="{}"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("n_words", sa.Integer, nullable=False),
        sa.Column("replacements", sa.Text, nullable=False, server_default="{}"),
        sa.Column("ingest_run", sa.Integer),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", "version", name="pk_documents"),
    )
    op.create_index("documents_current", "documents", ["is_current", "initiative"])
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("is_interviewer", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lemmas", sa.Text),
        sa.Column("meta", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_segments"),
        sa.ForeignKeyConstraint(["doc_id", "doc_version"], ["documents.id", "documents.version"], name="segments_document"),
        sa.CheckConstraint("unit IN ('turn', 'paragraph', 'sentence')", name="ck_segments_unit"),
        sa.CheckConstraint('start <= "end"', name="ck_segments_span"),
    )
    op.create_index("segments_doc", "segments", ["doc_id", "doc_version", "unit", "start"])
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("finished_at", sa.Text),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False, server_default="{}"),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )
    op.create_table(
        "ingest_problems",
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name="fk_ingest_problems_run_id_ingest_runs"),
    )
    op.create_table(
        "codebook_versions",
        sa.Column("number", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("codebook_id", sa.Text, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("yaml", sa.Text, nullable=False),
        sa.Column("source_path", sa.Text),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("number", name="pk_codebook_versions"),
    )
    op.create_index("codebook_versions_hash", "codebook_versions", ["codebook_id", "content_hash"])
    op.create_table(
        "coding_events",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("doc_id", sa.Text),
        sa.Column("doc_version", sa.Integer),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("code_id", sa.Text, nullable=False),
        sa.Column("coder", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("rationale", sa.Text),
        sa.Column("codebook_version", sa.Integer),
        sa.Column("memo", sa.Text),
        sa.Column("payload", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coding_events"),
        sa.ForeignKeyConstraint(["codebook_version"], ["codebook_versions.number"], name="fk_coding_events_codebook_version_codebook_versions"),
        sa.CheckConstraint("kind IN ('apply', 'remove', 'rename', 'merge', 'split', 'retire')", name="ck_coding_events_kind"),
        sa.CheckConstraint("source IN ('manual', 'suggested', 'accepted', 'rejected', 'revision')", name="ck_coding_events_source"),
        sqlite_autoincrement=True,
    )
    op.create_index("coding_events_span", "coding_events", ["doc_id", "doc_version", "start"])
    op.create_index("coding_events_code", "coding_events", ["code_id"])


def downgrade() -> None:
    for table in ("coding_events", "codebook_versions", "ingest_problems", "ingest_runs", "segments", "documents"):
        op.drop_table(table)
