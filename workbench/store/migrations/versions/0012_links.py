"""Impact pathways (issue 20): link events, the current links, co-researchers' verdicts on pathways.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_events",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("effect", sa.Text, nullable=False),
        sa.Column("coder", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sign", sa.Text, nullable=False, server_default="more"),
        sa.Column("strength", sa.Text),
        sa.Column("spans", sa.Text),
        sa.Column("confidence", sa.Float),
        sa.Column("rationale", sa.Text),
        sa.Column("codebook_version", sa.Integer),
        sa.Column("memo", sa.Text),
        sa.Column("payload", sa.Text),
        sa.Column("after_revision", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_events"),
        sa.ForeignKeyConstraint(["codebook_version"], ["codebook_versions.number"], name="fk_link_events_codebook_version_codebook_versions"),
        sa.CheckConstraint("kind IN ('link', 'unlink')", name="ck_link_events_kind"),
        sa.CheckConstraint("source IN ('manual', 'suggested', 'accepted', 'rejected')", name="ck_link_events_source"),
        sa.CheckConstraint("sign IN ('more', 'less')", name="ck_link_events_sign"),
        sa.CheckConstraint("strength IS NULL OR strength IN ('weak', 'moderate', 'strong')", name="ck_link_events_strength"),
        sqlite_autoincrement=True,
    )
    op.create_index("link_events_span", "link_events", ["doc_id", "doc_version", "start"])
    op.create_table(
        "links",
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("doc_version", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("effect", sa.Text, nullable=False),
        sa.Column("coder", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sign", sa.Text, nullable=False),
        sa.Column("strength", sa.Text),
        sa.Column("spans", sa.Text),
        sa.Column("codebook_version", sa.Integer),
        sa.Column("memo", sa.Text),
        sa.Column("applied_at", sa.Text, nullable=False),
        sa.Column("needs_recoding", sa.Integer, nullable=False, server_default="0"),
        sa.Column("confidence", sa.Float),
        sa.Column("rationale", sa.Text),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "doc_version", "start", "end", "cause", "effect", "coder", name="pk_links"),
    )
    op.create_index("links_cause", "links", ["cause"])
    op.create_index("links_effect", "links", ["effect"])
    op.create_table(
        "link_reviews",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("reviewer_id", sa.Integer, nullable=False),
        sa.Column("initiative", sa.Text, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("effect", sa.Text, nullable=False),
        sa.Column("verdict", sa.Text),
        sa.Column("comment", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_reviews"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewers.id"], name="fk_link_reviews_reviewer_id_reviewers"),
        sa.CheckConstraint("verdict IS NULL OR verdict IN ('yes', 'partly', 'no')", name="ck_link_reviews_verdict"),
        sqlite_autoincrement=True,
    )
    op.create_index("link_reviews_key", "link_reviews", ["reviewer_id", "cause", "effect"], unique=True)


def downgrade() -> None:
    for table in ("link_reviews", "links", "link_events"):
        op.drop_table(table)
