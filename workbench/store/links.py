"""The store's part for impact pathways (issue 20): coded links "cause -> effect" as events.

- ``link_events``: the audit trail of links, appended like coding events. A link says that
  a span (the claim) tells that code ``cause`` led to code ``effect``, with a sign (``more``:
  more of the effect, ``less``: less of it), an optional strength of claim, and optionally the
  cause's and the effect's own spans. ``kind`` is ``link`` or ``unlink``; ``source`` is
  ``manual``, ``suggested`` (a suggester, never a person), ``accepted`` or ``rejected``.
  ``after_revision`` is the id of the last codebook revision event (in ``coding_events``)
  the writer saw: the replay puts each link event after that revision and before the next,
  so renames, merges and splits carry links along in the same order as the store did.
- ``links``: the current links, one row per (span, cause, effect, coder), updated in the
  same transaction as each event by the rules of :func:`workbench.coding.links.replay_links`
  (a property test holds that line). Codebook revisions update it through
  :meth:`LinkQueries._links_revised`, called from the coding part's revision step.
- ``link_reviews``: a co-researcher's verdict on a pathway of their initiative (``yes`` /
  ``partly`` / ``no``, with a comment), like the themes' verdicts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

# the data model lives in workbench.model.links; re-exported here for older imports
from workbench.model.links import (  # noqa: F401
    LINK_SIGNS,
    LINK_STRENGTHS,
    LINK_VERDICTS,
    Link,
    LinkEvent,
    LinkReview,
    resolve,
    superseded,
)
from workbench.store.base import StoreBase
from workbench.store.schema import code_aliases, code_splits, coding_events, metadata

if TYPE_CHECKING:
    from workbench.model.coding import CodingEvent

link_events = sa.Table(
    "link_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),  # link | unlink
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("doc_version", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("cause", sa.Text, nullable=False),
    sa.Column("effect", sa.Text, nullable=False),
    sa.Column("coder", sa.Text, nullable=False),  # a person, or 'suggester:name@version'
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("sign", sa.Text, nullable=False, server_default="more"),
    sa.Column("strength", sa.Text),
    sa.Column("spans", sa.Text),  # JSON {"cause": [start, end], "effect": [start, end]}
    sa.Column("confidence", sa.Float),
    sa.Column("rationale", sa.Text),  # a suggestion's reason: the cue
    sa.Column("codebook_version", sa.Integer, sa.ForeignKey("codebook_versions.number")),
    sa.Column("memo", sa.Text),
    sa.Column("payload", sa.Text),  # JSON: which suggestion a person accepted or rejected
    sa.Column("after_revision", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.CheckConstraint("kind IN ('link', 'unlink')", name="kind"),
    sa.CheckConstraint("source IN ('manual', 'suggested', 'accepted', 'rejected')", name="source"),
    sa.CheckConstraint("sign IN ('more', 'less')", name="sign"),
    sa.CheckConstraint("strength IS NULL OR strength IN ('weak', 'moderate', 'strong')", name="strength"),
    sqlite_autoincrement=True,
)
sa.Index("link_events_span", link_events.c.doc_id, link_events.c.doc_version, link_events.c.start)

links = sa.Table(
    "links",
    metadata,
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("doc_version", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("end", sa.Integer, primary_key=True),
    sa.Column("cause", sa.Text, primary_key=True),
    sa.Column("effect", sa.Text, primary_key=True),
    sa.Column("coder", sa.Text, primary_key=True),
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
)
sa.Index("links_cause", links.c.cause)
sa.Index("links_effect", links.c.effect)

link_reviews = sa.Table(
    "link_reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("reviewers.id"), nullable=False),
    sa.Column("initiative", sa.Text, nullable=False),
    sa.Column("cause", sa.Text, nullable=False),
    sa.Column("effect", sa.Text, nullable=False),
    sa.Column("verdict", sa.Text),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.CheckConstraint("verdict IS NULL OR verdict IN ('yes', 'partly', 'no')", name="verdict"),
    sqlite_autoincrement=True,
)
sa.Index("link_reviews_key", link_reviews.c.reviewer_id, link_reviews.c.cause, link_reviews.c.effect, unique=True)

KEY = ("doc_id", "doc_version", "start", "end", "cause", "effect", "coder")
EVENT_COLUMNS = {c.name for c in link_events.c} - {"id", "after_revision"}


def _link(row: Any) -> Link:
    m = row._mapping
    return Link(**{k: m[k] for k in Link.__dataclass_fields__ if k != "needs_recoding"}, needs_recoding=bool(m["needs_recoding"]))


def _link_event(row: Any) -> LinkEvent:
    m = dict(row._mapping)
    payload = m.pop("payload")
    return LinkEvent(**m, payload=json.loads(payload) if payload else None)


def _record(link: Link) -> dict[str, Any]:
    out = {k: getattr(link, k) for k in Link.__dataclass_fields__}
    out["needs_recoding"] = int(link.needs_recoding)
    return out


def _key_where(key: Sequence[Any]) -> Any:
    return sa.and_(*(links.c[name] == value for name, value in zip(KEY, key)))


class LinkQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: link events, current links, pathway verdicts."""

    # -- writing ------------------------------------------------------------------
    def append_link_event(self, **event: Any) -> int:
        """Append one link event (link or unlink) and bring the current links up to date, in
        one transaction. Returns the event id."""
        return self.append_link_events([event])[0]

    def append_link_events(self, events: Sequence[dict[str, Any]]) -> list[int]:
        """Append many link events in one transaction (a suggester's run, the demo coders)."""
        from workbench.store.base import now

        if not events:
            return []
        stamp = now()
        ids: list[int] = []
        with self.transaction() as con:
            self._lock(con, "revisions", shared=True)
            self._lock(con, *sorted({f"doc:{e['doc_id']}" for e in events}))
            after = int(con.execute(sa.select(sa.func.coalesce(sa.func.max(coding_events.c.id), 0)).where(coding_events.c.source == "revision")).scalar_one())
            aliases = {r.code_id: r.target for r in con.execute(sa.select(code_aliases))}
            splits: dict[str, set[str]] = {}
            for r in con.execute(sa.select(code_splits)):
                splits.setdefault(r.code_id, set()).add(r.target)
            for ev in events:
                unknown = set(ev) - EVENT_COLUMNS
                if unknown:
                    raise ValueError(f"not a link event column: {', '.join(sorted(unknown))}")  # i18n: developer
                record: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS)
                record.update(ev)
                record["sign"] = record["sign"] or "more"
                record["created_at"] = record["created_at"] or stamp
                record["after_revision"] = after
                if isinstance(record["payload"], dict):
                    record["payload"] = json.dumps(record["payload"], ensure_ascii=False, sort_keys=True)
                if isinstance(record["spans"], dict):
                    record["spans"] = json.dumps(record["spans"], sort_keys=True)
                new_id = int(con.execute(link_events.insert().returning(link_events.c.id), record).scalar_one())
                ids.append(new_id)
                payload = json.loads(record["payload"]) if record["payload"] else {}
                self._apply_link(con, record, new_id, payload, aliases, splits)
        return ids

    def _apply_link(self, con: sa.Connection, r: dict[str, Any], event_id: int, payload: dict[str, Any], aliases: dict[str, str], splits: dict[str, set[str]]) -> None:
        cause, effect = resolve(aliases, r["cause"]), resolve(aliases, r["effect"])
        span = (r["doc_id"], r["doc_version"], r["start"], r["end"])
        if r["kind"] == "link":
            if r["source"] == "accepted":
                self._close_link_suggestions(con, span, cause, effect, payload.get("suggester"))
            link = Link(
                *span, cause, effect, r["coder"], r["source"], r["sign"], r["strength"], r["spans"], r["codebook_version"], r["memo"],
                r["created_at"], False, r["confidence"], r["rationale"], event_id,
            )
            con.execute(links.delete().where(_key_where(link.key)))
            con.execute(links.insert(), _record(link))
            if splits:
                flagged = con.execute(
                    sa.select(links).where(
                        links.c.doc_id == span[0], links.c.doc_version == span[1], links.c.start == span[2], links.c.end == span[3],
                        links.c.coder == r["coder"], links.c.needs_recoding == 1,
                    )
                ).all()
                for row in flagged:
                    old = _link(row)
                    if superseded(old, cause, effect, splits):
                        con.execute(links.delete().where(_key_where(old.key)))
        elif r["source"] == "rejected":
            self._close_link_suggestions(con, span, cause, effect, payload.get("suggester"))
        else:
            con.execute(links.delete().where(_key_where((*span, cause, effect, r["coder"]))))

    def _close_link_suggestions(self, con: sa.Connection, span: tuple[Any, ...], cause: str, effect: str, suggester: str | None) -> None:
        query = links.delete().where(
            links.c.doc_id == span[0], links.c.doc_version == span[1], links.c.start == span[2], links.c.end == span[3],
            links.c.cause == cause, links.c.effect == effect, links.c.source == "suggested",
        )
        if suggester is not None:
            query = query.where(links.c.coder == suggester)
        con.execute(query)

    # -- codebook revisions carry links along --------------------------------------
    def _links_revised(self, con: sa.Connection, ev: CodingEvent) -> None:
        """A codebook revision (appended by the coding part, same transaction): renamed and
        merged codes move in links at either end; a split code's links need re-coding."""
        super()._links_revised(con, ev)
        src: Any = ev.payload.get("from")
        dst: Any = ev.payload.get("into")
        if ev.kind in ("rename", "merge"):
            sources = [src] if ev.kind == "rename" else list(src)
            self._move_links(con, sources, dst)
        elif ev.kind == "split":
            con.execute(links.update().where(sa.or_(links.c.cause == src, links.c.effect == src)).values(needs_recoding=1))

    def _move_links(self, con: sa.Connection, sources: list[str], into: str) -> None:
        moved = [_link(r) for r in con.execute(sa.select(links).where(sa.or_(links.c.cause.in_(sources), links.c.effect.in_(sources))))]
        if not moved:
            return
        con.execute(links.delete().where(sa.or_(links.c.cause.in_(sources), links.c.effect.in_(sources))))
        groups: dict[tuple[Any, ...], list[Link]] = {}
        for link in moved:
            new = replace(link, cause=into if link.cause in sources else link.cause, effect=into if link.effect in sources else link.effect)
            groups.setdefault(new.key, []).append(new)
        for key, group in groups.items():
            existing = con.execute(sa.select(links).where(_key_where(key))).first()
            candidates = ([_link(existing)] if existing is not None else []) + group
            first = min(candidates, key=lambda c: c.event_id)
            con.execute(links.delete().where(_key_where(key)))
            con.execute(links.insert(), _record(replace(first, needs_recoding=all(c.needs_recoding for c in candidates))))

    # -- reading ------------------------------------------------------------------
    def link_events(self) -> list[LinkEvent]:
        """Every link event, in order."""
        with self.read() as con:
            return [_link_event(r) for r in con.execute(sa.select(link_events).order_by(link_events.c.id))]

    def current_links(
        self, *, doc_id: str | None = None, coder: str | None = None, include_suggestions: bool = False, only_suggestions: bool = False,
    ) -> list[Link]:
        """The links as they are now, sorted by key (people's links; suggestions only if asked)."""
        query = sa.select(links)
        if doc_id is not None:
            query = query.where(links.c.doc_id == doc_id)
        if coder is not None:
            query = query.where(links.c.coder == coder)
        if only_suggestions:
            query = query.where(links.c.source == "suggested")
        elif not include_suggestions:
            query = query.where(links.c.source != "suggested")
        query = query.order_by(*(links.c[k] for k in KEY))
        with self.read() as con:
            return [_link(r) for r in con.execute(query)]

    def find_link(self, key: Sequence[Any]) -> Link | None:
        with self.read() as con:
            row = con.execute(sa.select(links).where(_key_where(key))).first()
        return _link(row) if row is not None else None

    def pending_link_suggestions(self, span: tuple[str, int, int, int], cause: str, effect: str, suggester: str | None = None) -> list[Link]:
        query = sa.select(links).where(
            links.c.doc_id == span[0], links.c.doc_version == span[1], links.c.start == span[2], links.c.end == span[3],
            links.c.cause == cause, links.c.effect == effect, links.c.source == "suggested",
        )
        if suggester is not None:
            query = query.where(links.c.coder == suggester)
        with self.read() as con:
            return [_link(r) for r in con.execute(query.order_by(links.c.event_id))]

    # -- co-researchers' verdicts on pathways --------------------------------------
    def save_link_review(self, reviewer_id: int, initiative: str, cause: str, effect: str, *, verdict: str | None = None, comment: str | None = None) -> None:
        """Store (or change) a reviewer's verdict on the pathway ``cause -> effect``."""
        from workbench.store.base import now

        stamp = now()
        with self.transaction() as con:
            self._lock(con, f"reviewer:{reviewer_id}")
            row = con.execute(
                sa.select(link_reviews.c.id).where(link_reviews.c.reviewer_id == reviewer_id, link_reviews.c.cause == cause, link_reviews.c.effect == effect)
            ).first()
            if row is None:
                con.execute(link_reviews.insert().values(
                    reviewer_id=reviewer_id, initiative=initiative, cause=cause, effect=effect, verdict=verdict, comment=comment,
                    created_at=stamp, updated_at=stamp,
                ))
                return
            values: dict[str, Any] = {"updated_at": stamp}
            if verdict is not None:
                values["verdict"] = verdict
            if comment is not None:
                values["comment"] = comment
            con.execute(link_reviews.update().where(link_reviews.c.id == row.id).values(**values))

    def link_reviews(self, *, initiative: str | None = None, reviewer_id: int | None = None) -> list[LinkReview]:
        from workbench.store.review import reviewers

        query = (
            sa.select(link_reviews, reviewers.c.name.label("reviewer"), reviewers.c.role)
            .join(reviewers, reviewers.c.id == link_reviews.c.reviewer_id)
            .order_by(link_reviews.c.initiative, link_reviews.c.cause, link_reviews.c.effect, reviewers.c.name)
        )
        if initiative is not None:
            query = query.where(link_reviews.c.initiative == initiative)
        if reviewer_id is not None:
            query = query.where(link_reviews.c.reviewer_id == reviewer_id)
        with self.read() as con:
            return [
                LinkReview(r.reviewer_id, r.reviewer, r.role, r.initiative, r.cause, r.effect, r.verdict, r.comment, r.updated_at)
                for r in con.execute(query)
            ]

    # -- removal of a document ----------------------------------------------------
    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        """A document removed for good (consent withdrawn) takes its links and their events
        along, as it does its codings."""
        super()._delete_document_rows(con, doc_id)
        con.execute(links.delete().where(links.c.doc_id == doc_id))
        con.execute(link_events.delete().where(link_events.c.doc_id == doc_id))
