"""The store's part for review by co-researchers (issue 8).

- ``reviewers``: a co-researcher of one initiative (name, role, language).
- ``invitations``: a personal link's token, stored only as its sha256, bound to one
  reviewer and so to one initiative; revocable, may expire. ``id`` is a short public
  name for the link (``workbench review revoke ID``), never the token.
- ``reviews``: a reviewer's view of a theme (verdict recognise / partly / not, their own
  name for it, a comment), and the themes they miss (``kind = 'missing'``).
- ``quote_flags``: a reviewer's verdict on a quote (ok / wrong / identifying). A quote
  flagged ``identifying`` never appears anywhere again: every other part filters with
  :meth:`ReviewQueries.identifying_spans` (through :mod:`workbench.review`), and a flag
  cannot be taken back by the app.
- ``msc_choices``: Most Significant Change: the stories a reviewer chose, and why.

Every row carries its reviewer and initiative and the time it was made and last changed.
Each reviewer writes only their own rows; a write takes a lock on its reviewer (PostgreSQL;
SQLite serialises writers anyway), so several co-researchers at once lose nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from workbench.i18n import add, t
from workbench.store.base import StoreBase
from workbench.store.schema import metadata

#: the note on an 'identifying' flag carried over to a new version of the document (stored with the flag)
add("store_flag_carried", nl="overgenomen van versie {version}", en="carried from version {version}")

#: theme verdicts, and quote verdicts, as stored (the interface words are in workbench.review)
THEME_VERDICTS = ("recognise", "partly", "not")
QUOTE_VERDICTS = ("ok", "wrong", "identifying")

Span = tuple[str, int, int, int]

reviewers = sa.Table(
    "reviewers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("initiative", sa.Text, nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("lang", sa.Text, nullable=False, server_default="nl"),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)
sa.Index("reviewers_name", reviewers.c.initiative, reviewers.c.name, unique=True)

invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # short public id (revoke, status), not the token
    sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
    sa.Column("initiative", sa.Text, nullable=False),
    sa.Column("token_hash", sa.Text, nullable=False),  # sha256 hex of the token; the token itself is never stored
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("expires_at", sa.Text),
    sa.Column("revoked_at", sa.Text),
    sa.Column("last_used_at", sa.Text),
)
sa.Index("invitations_token", invitations.c.token_hash, unique=True)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
    sa.Column("initiative", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # theme | missing
    sa.Column("theme_key", sa.Text, nullable=False),  # 'run:theme', or 'missing:<id>'
    sa.Column("run_id", sa.Integer),
    sa.Column("theme_id", sa.Integer),
    sa.Column("theme_label", sa.Text),  # the label the reviewer saw
    sa.Column("verdict", sa.Text),
    sa.Column("own_name", sa.Text),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.CheckConstraint("kind IN ('theme', 'missing')", name="kind"),
    sa.CheckConstraint("verdict IS NULL OR verdict IN ('recognise', 'partly', 'not')", name="verdict"),
    sqlite_autoincrement=True,
)
sa.Index("reviews_key", reviews.c.reviewer_id, reviews.c.theme_key, unique=True)
sa.Index("reviews_initiative", reviews.c.initiative)

quote_flags = sa.Table(
    "quote_flags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
    sa.Column("initiative", sa.Text, nullable=False),
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("doc_version", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("verdict", sa.Text, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.CheckConstraint("verdict IN ('ok', 'wrong', 'identifying')", name="verdict"),
    sqlite_autoincrement=True,
)
sa.Index("quote_flags_key", quote_flags.c.reviewer_id, quote_flags.c.doc_id, quote_flags.c.doc_version, quote_flags.c.start, quote_flags.c.end, unique=True)
sa.Index("quote_flags_span", quote_flags.c.verdict, quote_flags.c.doc_id, quote_flags.c.doc_version)

msc_choices = sa.Table(
    "msc_choices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
    sa.Column("initiative", sa.Text, nullable=False),
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("doc_version", sa.Integer, nullable=False),
    sa.Column("chosen", sa.Integer, nullable=False, server_default="1"),
    sa.Column("reason", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)
sa.Index("msc_choices_key", msc_choices.c.reviewer_id, msc_choices.c.doc_id, unique=True)


@dataclass(frozen=True)
class Reviewer:
    id: int
    name: str
    initiative: str
    role: str | None
    lang: str
    created_by: str
    created_at: str


@dataclass(frozen=True)
class Invitation:
    """A personal link (without its token, which is never stored)."""

    id: str
    reviewer_id: int
    reviewer: str
    initiative: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    last_used_at: str | None


@dataclass(frozen=True)
class ThemeReview:
    """A reviewer's view of a theme, or (``kind == 'missing'``) a theme they miss."""

    reviewer_id: int
    reviewer: str
    role: str | None
    initiative: str
    kind: str
    theme_key: str
    run_id: int | None
    theme_id: int | None
    theme_label: str | None
    verdict: str | None
    own_name: str | None
    comment: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class QuoteVerdict:
    reviewer_id: int
    reviewer: str
    initiative: str
    doc_id: str
    doc_version: int
    start: int
    end: int
    verdict: str
    comment: str | None
    created_at: str
    updated_at: str

    @property
    def span(self) -> Span:
        return (self.doc_id, self.doc_version, self.start, self.end)


@dataclass(frozen=True)
class MscChoice:
    reviewer_id: int
    reviewer: str
    role: str | None
    initiative: str
    doc_id: str
    doc_version: int
    reason: str | None
    created_at: str
    updated_at: str


def _reviewer(r: Any) -> Reviewer:
    return Reviewer(r.id, r.name, r.initiative, r.role, r.lang, r.created_by, r.created_at)


_REVIEW_COLS = [c for c in reviews.c] + [reviewers.c.name.label("reviewer"), reviewers.c.role]


class ReviewQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: reviewers, invitations, verdicts, flags, MSC."""

    # -- reviewers and invitations ------------------------------------------------------
    def add_reviewer(self, name: str, initiative: str, *, role: str | None = None, lang: str = "nl", created_by: str) -> Reviewer:
        """The reviewer ``name`` of ``initiative`` (created when new; role and language updated)."""
        from workbench.store.base import now

        with self.transaction() as con:
            self._lock(con, f"reviewer:{initiative}:{name}")
            row = con.execute(sa.select(reviewers).where(reviewers.c.initiative == initiative, reviewers.c.name == name)).first()
            if row is None:
                con.execute(reviewers.insert().values(name=name, initiative=initiative, role=role, lang=lang, created_by=created_by, created_at=now()))
            else:
                con.execute(reviewers.update().where(reviewers.c.id == row.id).values(role=role if role is not None else row.role, lang=lang))
            row = con.execute(sa.select(reviewers).where(reviewers.c.initiative == initiative, reviewers.c.name == name)).one()
            return _reviewer(row)

    def get_reviewer(self, reviewer_id: int) -> Reviewer | None:
        with self.read() as con:
            row = con.execute(sa.select(reviewers).where(reviewers.c.id == reviewer_id)).first()
        return _reviewer(row) if row is not None else None

    def reviewers(self, initiative: str | None = None) -> list[Reviewer]:
        query = sa.select(reviewers).order_by(reviewers.c.initiative, reviewers.c.name)
        if initiative is not None:
            query = query.where(reviewers.c.initiative == initiative)
        with self.read() as con:
            return [_reviewer(r) for r in con.execute(query)]

    def add_invitation(self, reviewer_id: int, token_hash: str, *, expires_at: str | None) -> Invitation:
        """Store a new invitation (by the hash of its token) for a reviewer."""
        from workbench.store.base import now

        with self.transaction() as con:
            reviewer = con.execute(sa.select(reviewers).where(reviewers.c.id == reviewer_id)).one()
            inv_id = secrets.token_hex(4)
            while con.execute(sa.select(invitations.c.id).where(invitations.c.id == inv_id)).first() is not None:
                inv_id = secrets.token_hex(4)
            con.execute(invitations.insert().values(
                id=inv_id, reviewer_id=reviewer_id, initiative=reviewer.initiative, token_hash=token_hash, created_at=now(), expires_at=expires_at,
            ))
        found = self.invitations(ids=[inv_id])
        return found[0]

    def invitations(self, *, initiative: str | None = None, ids: list[str] | None = None, reviewer_id: int | None = None) -> list[Invitation]:
        query = (
            sa.select(invitations, reviewers.c.name.label("reviewer"))
            .join(reviewers, reviewers.c.id == invitations.c.reviewer_id)
            .order_by(invitations.c.initiative, reviewers.c.name, invitations.c.created_at)
        )
        if initiative is not None:
            query = query.where(invitations.c.initiative == initiative)
        if ids is not None:
            query = query.where(invitations.c.id.in_(ids))
        if reviewer_id is not None:
            query = query.where(invitations.c.reviewer_id == reviewer_id)
        with self.read() as con:
            return [
                Invitation(r.id, r.reviewer_id, r.reviewer, r.initiative, r.created_at, r.expires_at, r.revoked_at, r.last_used_at)
                for r in con.execute(query)
            ]

    def invitation_by_hash(self, token_hash: str) -> tuple[Invitation, Reviewer] | None:
        """The invitation with this token hash and its reviewer (valid or not: the caller checks)."""
        with self.read() as con:
            row = con.execute(sa.select(invitations.c.id).where(invitations.c.token_hash == token_hash)).first()
        if row is None:
            return None
        inv = self.invitations(ids=[row.id])[0]
        reviewer = self.get_reviewer(inv.reviewer_id)
        assert reviewer is not None  # foreign key
        return inv, reviewer

    def touch_invitation(self, invitation_id: str) -> None:
        from workbench.store.base import now

        with self.transaction() as con:
            con.execute(invitations.update().where(invitations.c.id == invitation_id).values(last_used_at=now()))

    def revoke_invitations(self, ids: list[str]) -> int:
        """Revoke these invitations (already revoked ones keep their time). Returns how many changed."""
        from workbench.store.base import now

        if not ids:
            return 0
        with self.transaction() as con:
            result = con.execute(invitations.update().where(invitations.c.id.in_(ids), invitations.c.revoked_at.is_(None)).values(revoked_at=now()))
            return int(result.rowcount or 0)

    # -- theme verdicts -----------------------------------------------------------------
    def put_theme_review(
        self, reviewer_id: int, initiative: str, theme_key: str, fields: Mapping[str, str | None], *, kind: str = "theme",
        run_id: int | None = None, theme_id: int | None = None, theme_label: str | None = None,
    ) -> None:
        """Set some of verdict, own_name, comment (``fields``) of one reviewer's row for a theme (created when new)."""
        from workbench.store.base import now

        unknown = set(fields) - {"verdict", "own_name", "comment"}
        if unknown:
            raise ValueError(f"not a review field: {', '.join(sorted(unknown))}")  # i18n: developer
        stamp = now()
        with self.transaction() as con:
            self._lock(con, f"reviewer:{reviewer_id}")
            where = sa.and_(reviews.c.reviewer_id == reviewer_id, reviews.c.theme_key == theme_key)
            row = con.execute(sa.select(reviews.c.id).where(where)).first()
            if row is None:
                con.execute(reviews.insert().values(
                    reviewer_id=reviewer_id, initiative=initiative, kind=kind, theme_key=theme_key, run_id=run_id, theme_id=theme_id,
                    theme_label=theme_label, created_at=stamp, updated_at=stamp, **dict(fields),
                ))
            else:
                values: dict[str, Any] = dict(fields, updated_at=stamp)
                if theme_label is not None:
                    values["theme_label"] = theme_label
                con.execute(reviews.update().where(reviews.c.id == row.id).values(**values))

    def theme_reviews(self, *, initiative: str | None = None, reviewer_id: int | None = None, kind: str | None = None) -> list[ThemeReview]:
        query = sa.select(*_REVIEW_COLS).join(reviewers, reviewers.c.id == reviews.c.reviewer_id).order_by(reviews.c.initiative, reviews.c.id)
        if initiative is not None:
            query = query.where(reviews.c.initiative == initiative)
        if reviewer_id is not None:
            query = query.where(reviews.c.reviewer_id == reviewer_id)
        if kind is not None:
            query = query.where(reviews.c.kind == kind)
        with self.read() as con:
            return [
                ThemeReview(
                    r.reviewer_id, r.reviewer, r.role, r.initiative, r.kind, r.theme_key, r.run_id, r.theme_id, r.theme_label, r.verdict,
                    r.own_name, r.comment, r.created_at, r.updated_at,
                )
                for r in con.execute(query)
            ]

    # -- quote verdicts and flags -------------------------------------------------------
    def put_quote_verdict(self, reviewer_id: int, initiative: str, span: Span, verdict: str, *, comment: str | None = None) -> bool:
        """Set a reviewer's verdict on a quote. A quote once flagged ``identifying`` stays so
        (returns False and changes nothing); otherwise returns True."""
        from workbench.store.base import now

        if verdict not in QUOTE_VERDICTS:
            raise ValueError(f"not a quote verdict: {verdict!r} (one of {', '.join(QUOTE_VERDICTS)})")  # i18n: developer (ReviewView checks first)
        doc_id, doc_version, start, end = span
        stamp = now()
        with self.transaction() as con:
            self._lock(con, f"reviewer:{reviewer_id}")
            where = sa.and_(
                quote_flags.c.reviewer_id == reviewer_id, quote_flags.c.doc_id == doc_id, quote_flags.c.doc_version == doc_version,
                quote_flags.c.start == start, quote_flags.c.end == end,
            )
            row = con.execute(sa.select(quote_flags.c.id, quote_flags.c.verdict).where(where)).first()
            if row is None:
                con.execute(quote_flags.insert().values(
                    reviewer_id=reviewer_id, initiative=initiative, doc_id=doc_id, doc_version=doc_version, start=start, end=end,
                    verdict=verdict, comment=comment, created_at=stamp, updated_at=stamp,
                ))
                return True
            if row.verdict == "identifying":
                return False
            con.execute(quote_flags.update().where(quote_flags.c.id == row.id).values(verdict=verdict, comment=comment, updated_at=stamp))
            return True

    def quote_verdicts(self, *, initiative: str | None = None, reviewer_id: int | None = None, verdict: str | None = None) -> list[QuoteVerdict]:
        query = (
            sa.select(quote_flags, reviewers.c.name.label("reviewer")).join(reviewers, reviewers.c.id == quote_flags.c.reviewer_id)
            .order_by(quote_flags.c.doc_id, quote_flags.c.doc_version, quote_flags.c.start, quote_flags.c.id)
        )
        if initiative is not None:
            query = query.where(quote_flags.c.initiative == initiative)
        if reviewer_id is not None:
            query = query.where(quote_flags.c.reviewer_id == reviewer_id)
        if verdict is not None:
            query = query.where(quote_flags.c.verdict == verdict)
        with self.read() as con:
            return [
                QuoteVerdict(r.reviewer_id, r.reviewer, r.initiative, r.doc_id, r.doc_version, r.start, r.end, r.verdict, r.comment, r.created_at, r.updated_at)
                for r in con.execute(query)
            ]

    def identifying_spans(self) -> list[Span]:
        """Every span (doc_id, doc_version, start, end) a co-researcher flagged as
        identifying someone, by anyone, sorted. What overlaps one of these is never shown."""
        query = (
            sa.select(quote_flags.c.doc_id, quote_flags.c.doc_version, quote_flags.c.start, quote_flags.c.end)
            .where(quote_flags.c.verdict == "identifying").distinct()
        )
        with self.read() as con:
            return sorted((r.doc_id, int(r.doc_version), int(r.start), int(r.end)) for r in con.execute(query))

    def overlaps_identifying(self, doc_id: str, doc_version: int, start: int, end: int) -> bool:
        """Whether the span overlaps (or touches, for an empty span inside) a flagged span."""
        query = sa.select(quote_flags.c.id).where(
            quote_flags.c.verdict == "identifying", quote_flags.c.doc_id == doc_id, quote_flags.c.doc_version == doc_version,
            quote_flags.c.start < max(end, start + 1), quote_flags.c.end > start,
        ).limit(1)
        with self.read() as con:
            return con.execute(query).first() is not None

    # -- Most Significant Change --------------------------------------------------------
    def put_msc_choice(self, reviewer_id: int, initiative: str, doc_id: str, doc_version: int, *, chosen: bool | None = None, reason: str | None = None) -> None:
        """Choose (or un-choose) a story and/or set the reason; the reason is kept when un-chosen."""
        from workbench.store.base import now

        stamp = now()
        with self.transaction() as con:
            self._lock(con, f"reviewer:{reviewer_id}")
            where = sa.and_(msc_choices.c.reviewer_id == reviewer_id, msc_choices.c.doc_id == doc_id)
            row = con.execute(sa.select(msc_choices.c.id).where(where)).first()
            if row is None:
                con.execute(msc_choices.insert().values(
                    reviewer_id=reviewer_id, initiative=initiative, doc_id=doc_id, doc_version=doc_version,
                    chosen=int(bool(chosen)) if chosen is not None else 0, reason=reason, created_at=stamp, updated_at=stamp,
                ))
            else:
                values: dict[str, Any] = {"updated_at": stamp, "doc_version": doc_version}
                if chosen is not None:
                    values["chosen"] = int(bool(chosen))
                if reason is not None:
                    values["reason"] = reason
                con.execute(msc_choices.update().where(msc_choices.c.id == row.id).values(**values))

    def msc_choices(self, *, initiative: str | None = None, reviewer_id: int | None = None, chosen_only: bool = True) -> list[MscChoice]:
        query = (
            sa.select(msc_choices, reviewers.c.name.label("reviewer"), reviewers.c.role).join(reviewers, reviewers.c.id == msc_choices.c.reviewer_id)
            .order_by(msc_choices.c.initiative, msc_choices.c.doc_id, reviewers.c.name)
        )
        if initiative is not None:
            query = query.where(msc_choices.c.initiative == initiative)
        if reviewer_id is not None:
            query = query.where(msc_choices.c.reviewer_id == reviewer_id)
        if chosen_only:
            query = query.where(msc_choices.c.chosen == 1)
        with self.read() as con:
            return [
                MscChoice(r.reviewer_id, r.reviewer, r.role, r.initiative, r.doc_id, r.doc_version, r.reason, r.created_at, r.updated_at)
                for r in con.execute(query)
            ]

    # -- a new version, or removal, of a document ---------------------------------------
    def _document_added(self, con: sa.Connection, doc_id: str, version: int, text: str) -> None:
        """A new version of a document: every passage flagged as identifying in an earlier
        version is flagged again wherever the same words occur in the new text, so that a
        changed file (or a re-import) never brings a flagged quote back."""
        from workbench.store.base import now
        from workbench.store.schema import documents

        super()._document_added(con, doc_id, version, text)
        flags = con.execute(
            sa.select(quote_flags).where(quote_flags.c.doc_id == doc_id, quote_flags.c.doc_version < version, quote_flags.c.verdict == "identifying")
        ).all()
        if not flags:
            return
        olds = {
            r.version: r.text
            for r in con.execute(sa.select(documents.c.version, documents.c.text).where(documents.c.id == doc_id, documents.c.version.in_({f.doc_version for f in flags})))
        }
        stamp = now()
        have: set[tuple[int, int, int]] = set()
        for f in flags:
            passage = olds.get(f.doc_version, "")[f.start : f.end]
            if not passage.strip():
                continue
            at = text.find(passage)
            while at >= 0:
                key = (f.reviewer_id, at, at + len(passage))
                if key not in have:
                    have.add(key)
                    con.execute(quote_flags.insert().values(
                        reviewer_id=f.reviewer_id, initiative=f.initiative, doc_id=doc_id, doc_version=version, start=at, end=at + len(passage),
                        verdict="identifying", comment=str(t("store_flag_carried", version=f.doc_version)), created_at=stamp, updated_at=stamp,
                    ))
                at = text.find(passage, at + 1)

    # -- removal of a document ----------------------------------------------------------
    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        """A document removed for good takes its quote verdicts and MSC choices along."""
        super()._delete_document_rows(con, doc_id)
        con.execute(quote_flags.delete().where(quote_flags.c.doc_id == doc_id))
        con.execute(msc_choices.delete().where(msc_choices.c.doc_id == doc_id))
