"""Privacy: which document a researcher checked after pseudonymisation, who and when.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_checks",
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("checked_by", sa.Text, nullable=False),
        sa.Column("checked_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "doc_version", "checked_by", name="pk_document_checks"),
    )


def downgrade() -> None:
    op.drop_table("document_checks")
