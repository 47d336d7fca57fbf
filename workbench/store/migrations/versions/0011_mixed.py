"""Mixed methods: typed variables with their values per respondent, document or
initiative, and the framework matrix's summaries (events, history kept).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "variables",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("label", sa.Text),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("levels", sa.Text, nullable=False, server_default="[]"),
        sa.Column("declared", sa.Integer, nullable=False, server_default="0"),
        sa.Column("how", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_variables"),
        sa.CheckConstraint("scope IN ('respondent', 'document', 'initiative')", name="ck_variables_scope"),
        sa.CheckConstraint("type IN ('categorical', 'ordinal', 'numeric', 'date', 'yesno')", name="ck_variables_type"),
    )
    op.create_table(
        "variable_values",
        sa.Column("variable", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("unit_id", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("raw", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("variable", "unit", "unit_id", name="pk_variable_values"),
        sa.CheckConstraint("status IN ('answer', 'missing', 'dont_know')", name="ck_variable_values_status"),
    )
    op.create_index("variable_values_unit", "variable_values", ["unit", "unit_id"])
    op.create_table(
        "framework_summaries",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("rows", sa.Text, nullable=False),
        sa.Column("case_value", sa.Text, nullable=False),
        sa.Column("code_id", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_framework_summaries"),
        sqlite_autoincrement=True,
    )
    op.create_index("framework_summaries_cell", "framework_summaries", ["rows", "case_value", "code_id"])


def downgrade() -> None:
    op.drop_index("framework_summaries_cell", table_name="framework_summaries")
    op.drop_table("framework_summaries")
    op.drop_index("variable_values_unit", table_name="variable_values")
    op.drop_table("variable_values")
    op.drop_table("variables")
