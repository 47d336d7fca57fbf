"""Coding app (issue 7): a coder's memo per document and where each coder left off.

Revision ID: coding_app
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "coding_app"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_memos",
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("coder", sa.Text, nullable=False),
        sa.Column("memo", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "coder", name="pk_document_memos"),
    )
    op.create_table(
        "coder_positions",
        sa.Column("coder", sa.Text, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("coder", name="pk_coder_positions"),
    )


def downgrade() -> None:
    op.drop_table("coder_positions")
    op.drop_table("document_memos")
