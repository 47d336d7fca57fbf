"""Change numbers of the current codings per document (issue 21: a cached codings frame).

Every transaction that writes ``codings`` adds 1 to the row of each document it touched
(``""``: a codebook revision, which may touch any document), so a reader in any process
knows whether a frame it read is still the database's. Empty at first: a reader's first
frame is read whole, and every later write makes a row.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "codings_changes",
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name="pk_codings_changes"),
    )


def downgrade() -> None:
    op.drop_table("codings_changes")
