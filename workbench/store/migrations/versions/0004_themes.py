"""Themes: stored runs, their themes and members, people's renames/merges/splits.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "theme_runs",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("initiative", sa.Text),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("embedding", sa.Text, nullable=False),
        sa.Column("params", sa.Text, nullable=False),
        sa.Column("input_hash", sa.Text, nullable=False),
        sa.Column("versions", sa.Text, nullable=False),
        sa.Column("n_segments", sa.Integer, nullable=False),
        sa.Column("n_outliers", sa.Integer, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_theme_runs"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "themes",
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("theme_id", sa.Integer, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("keywords", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("quotes", sa.Text, nullable=False),
        sa.Column("count_initiative", sa.Text, nullable=False),
        sa.Column("count_role", sa.Text, nullable=False),
        sa.Column("stability", sa.Float),
        sa.PrimaryKeyConstraint("run_id", "theme_id", name="pk_themes"),
        sa.ForeignKeyConstraint(["run_id"], ["theme_runs.id"], name="fk_themes_run_id_theme_runs"),
    )
    op.create_table(
        "theme_members",
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("theme_id", sa.Integer, nullable=False),
        sa.Column("probability", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "doc_id", "doc_version", "start", "end", name="pk_theme_members"),
        sa.ForeignKeyConstraint(["run_id"], ["theme_runs.id"], name="fk_theme_members_run_id_theme_runs"),
    )
    op.create_index("theme_members_theme", "theme_members", ["run_id", "theme_id"])
    op.create_table(
        "theme_events",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("carried_from", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_theme_events"),
        sa.ForeignKeyConstraint(["run_id"], ["theme_runs.id"], name="fk_theme_events_run_id_theme_runs"),
        sa.CheckConstraint("kind IN ('rename', 'merge', 'split')", name="ck_theme_events_kind"),
        sqlite_autoincrement=True,
    )
    op.create_index("theme_events_run", "theme_events", ["run_id"])


def downgrade() -> None:
    op.drop_index("theme_events_run", "theme_events")
    op.drop_table("theme_events")
    op.drop_index("theme_members_theme", "theme_members")
    op.drop_table("theme_members")
    op.drop_table("themes")
    op.drop_table("theme_runs")
