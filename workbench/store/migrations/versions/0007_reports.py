"""Reports: quote translations written by the researcher.

Revision ID: 0007
Revises: coding_app
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "coding_app"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quote_translations",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quote_translations"),
        sqlite_autoincrement=True,
    )
    op.create_index("quote_translations_quote", "quote_translations", ["doc_id", "doc_version", "start", "end", "lang"])


def downgrade() -> None:
    op.drop_index("quote_translations_quote", table_name="quote_translations")
    op.drop_table("quote_translations")
