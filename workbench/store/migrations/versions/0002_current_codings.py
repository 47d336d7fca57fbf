"""Current codings kept in a table (not replayed on every read), code aliases and
splits, the embedding cache, and indexes that let revision and source queries use an
index. Existing events are replayed once to fill the table.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "codings",
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("code_id", sa.Text, nullable=False),
        sa.Column("coder", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("codebook_version", sa.Integer),
        sa.Column("memo", sa.Text),
        sa.Column("applied_at", sa.Text, nullable=False),
        sa.Column("needs_recoding", sa.Integer, nullable=False, server_default="0"),
        sa.Column("confidence", sa.Float),
        sa.Column("rationale", sa.Text),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "doc_version", "start", "end", "code_id", "coder", name="pk_codings"),
    )
    op.create_index("codings_code", "codings", ["code_id"])
    op.create_index("codings_coder", "codings", ["coder"])
    op.create_table(
        "code_aliases",
        sa.Column("code_id", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("code_id", name="pk_code_aliases"),
    )
    op.create_table(
        "code_splits",
        sa.Column("code_id", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("code_id", "target", name="pk_code_splits"),
    )
    op.create_table(
        "embeddings",
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("text_hash", sa.Text, nullable=False),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("model", "text_hash", name="pk_embeddings"),
    )
    op.create_index("coding_events_source", "coding_events", ["source"])
    op.create_index("documents_source", "documents", ["source_path"])

    # fill the current state from the events, with the reference replay
    from workbench.model.coding import CodingEvent, replay

    con = op.get_bind()
    rows = con.execute(sa.text("SELECT * FROM coding_events ORDER BY id")).mappings().all()
    state = replay([CodingEvent.from_mapping(r) for r in rows])
    table = sa.table(
        "codings", *(sa.column(c) for c in ("doc_id", "doc_version", "start", "end", "code_id", "coder", "source", "codebook_version", "memo",
                                            "applied_at", "needs_recoding", "confidence", "rationale", "event_id"))
    )
    records = [
        {"doc_id": c.doc_id, "doc_version": c.doc_version, "start": c.start, "end": c.end, "code_id": c.code_id, "coder": c.coder,
         "source": c.source, "codebook_version": c.codebook_version, "memo": c.memo, "applied_at": c.applied_at,
         "needs_recoding": int(c.needs_recoding), "confidence": c.confidence, "rationale": c.rationale, "event_id": c.event_id}
        for c in state.codings.values()
    ]
    if records:
        con.execute(table.insert(), records)
    aliases = sa.table("code_aliases", sa.column("code_id"), sa.column("target"))
    if state.aliases:
        con.execute(aliases.insert(), [{"code_id": k, "target": v} for k, v in state.aliases.items()])
    splits = sa.table("code_splits", sa.column("code_id"), sa.column("target"))
    pairs = [{"code_id": k, "target": t} for k, ts in state.split_into.items() for t in sorted(ts)]
    if pairs:
        con.execute(splits.insert(), pairs)


def downgrade() -> None:
    op.drop_index("documents_source", "documents")
    op.drop_index("coding_events_source", "coding_events")
    for table in ("embeddings", "code_splits", "code_aliases", "codings"):
        op.drop_table(table)
