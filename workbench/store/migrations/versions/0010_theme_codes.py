"""Themes: the code a codebook-guided theme started from (``code_id``, ``code_label`` as
the codebook said it then); both NULL for a theme found in the text alone (a new theme).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("themes") as batch:
        batch.add_column(sa.Column("code_id", sa.Text, nullable=True))
        batch.add_column(sa.Column("code_label", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("themes") as batch:
        batch.drop_column("code_label")
        batch.drop_column("code_id")
