"""Review by co-researchers (issue 8): reviewers, invitations (hashed tokens), theme
verdicts and missing themes, quote verdicts and flags, Most Significant Change choices.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("initiative", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("lang", sa.Text, nullable=False, server_default="nl"),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviewers"),
        sqlite_autoincrement=True,
    )
    op.create_index("reviewers_name", "reviewers", ["initiative", "name"], unique=True)
    op.create_table(
        "invitations",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("reviewer_id", sa.Integer, nullable=False),
        sa.Column("initiative", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Text),
        sa.Column("revoked_at", sa.Text),
        sa.Column("last_used_at", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewers.id"], name="fk_invitations_reviewer_id_reviewers"),
    )
    op.create_index("invitations_token", "invitations", ["token_hash"], unique=True)
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("reviewer_id", sa.Integer, nullable=False),
        sa.Column("initiative", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("theme_key", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer),
        sa.Column("theme_id", sa.Integer),
        sa.Column("theme_label", sa.Text),
        sa.Column("verdict", sa.Text),
        sa.Column("own_name", sa.Text),
        sa.Column("comment", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewers.id"], name="fk_reviews_reviewer_id_reviewers"),
        sa.CheckConstraint("kind IN ('theme', 'missing')", name="ck_reviews_kind"),
        sa.CheckConstraint("verdict IS NULL OR verdict IN ('recognise', 'partly', 'not')", name="ck_reviews_verdict"),
        sqlite_autoincrement=True,
    )
    op.create_index("reviews_key", "reviews", ["reviewer_id", "theme_key"], unique=True)
    op.create_index("reviews_initiative", "reviews", ["initiative"])
    op.create_table(
        "quote_flags",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("reviewer_id", sa.Integer, nullable=False),
        sa.Column("initiative", sa.Text, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("verdict", sa.Text, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quote_flags"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewers.id"], name="fk_quote_flags_reviewer_id_reviewers"),
        sa.CheckConstraint("verdict IN ('ok', 'wrong', 'identifying')", name="ck_quote_flags_verdict"),
        sqlite_autoincrement=True,
    )
    op.create_index("quote_flags_key", "quote_flags", ["reviewer_id", "doc_id", "doc_version", "start", "end"], unique=True)
    op.create_index("quote_flags_span", "quote_flags", ["verdict", "doc_id", "doc_version"])
    op.create_table(
        "msc_choices",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("reviewer_id", sa.Integer, nullable=False),
        sa.Column("initiative", sa.Text, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("chosen", sa.Integer, nullable=False, server_default="1"),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_msc_choices"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewers.id"], name="fk_msc_choices_reviewer_id_reviewers"),
        sqlite_autoincrement=True,
    )
    op.create_index("msc_choices_key", "msc_choices", ["reviewer_id", "doc_id"], unique=True)


def downgrade() -> None:
    for table in ("msc_choices", "quote_flags", "reviews", "invitations", "reviewers"):
        op.drop_table(table)
