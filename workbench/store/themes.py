"""The store's part for themes: stored runs, their themes and members, and people's edits.

- ``theme_runs``: one row per run: parameters, seed, embedding, input hash, package
  versions, segment counts per initiative and role (to turn counts into shares).
- ``themes``: label, keywords, size, representative quotes, counts per initiative and
  role, stability (best-match Jaccard across seeds, once measured).
- ``theme_members``: which segment (document, version, start, end) is in which theme,
  with its probability.
- ``theme_events``: people's renames, merges and splits, applied on top of a run; an
  event carried over from an earlier run names the event it came from.

Methods hand out frozen dataclasses (:class:`ThemeRunRecord`, :class:`ThemeRecord`,
:class:`ThemeMember`, :class:`ThemeEventRecord`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from workbench.store.schema import metadata
from workbench.store.segment_batches import SegmentBatchQueries

theme_runs = sa.Table(
    "theme_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),  # sentence, paragraph, turn
    sa.Column("initiative", sa.Text),  # the run was limited to one initiative
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("embedding", sa.Text, nullable=False),  # the embedding's recorded name
    sa.Column("params", sa.Text, nullable=False),  # JSON: TopicModel parameters
    sa.Column("input_hash", sa.Text, nullable=False),  # sha256 over the segments given
    sa.Column("versions", sa.Text, nullable=False),  # JSON: workbench, bertopic, scikit-learn, ...
    sa.Column("n_segments", sa.Integer, nullable=False),  # segments in the themes (kept)
    sa.Column("n_outliers", sa.Integer, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),  # JSON: counts per initiative and role, skipped, k scores
    sqlite_autoincrement=True,
)

themes = sa.Table(
    "themes",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("theme_runs.id"), primary_key=True),
    sa.Column("theme_id", sa.Integer, primary_key=True),
    sa.Column("label", sa.Text, nullable=False),  # drafted from the keywords
    sa.Column("keywords", sa.Text, nullable=False),  # JSON list
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("quotes", sa.Text, nullable=False),  # JSON list of {doc_id, doc_version, start, end, text, initiative, role}
    sa.Column("count_initiative", sa.Text, nullable=False),  # JSON {initiative: n}
    sa.Column("count_role", sa.Text, nullable=False),  # JSON {role: n}
    sa.Column("stability", sa.Float),
    sa.Column("code_id", sa.Text),  # the code a codebook-guided theme started from; NULL: a new theme
    sa.Column("code_label", sa.Text),  # that code's label when the run was made
)

theme_members = sa.Table(
    "theme_members",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("theme_runs.id"), primary_key=True),
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("doc_version", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("end", sa.Integer, primary_key=True),
    sa.Column("theme_id", sa.Integer, nullable=False),  # -1: outlier
    sa.Column("probability", sa.Float, nullable=False),
)
sa.Index("theme_members_theme", theme_members.c.run_id, theme_members.c.theme_id)

theme_events = sa.Table(
    "theme_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("theme_runs.id"), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # JSON: theme ids, label, parts
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("carried_from", sa.Integer),  # the event of an earlier run this one repeats
    sa.CheckConstraint("kind IN ('rename', 'merge', 'split')", name="kind"),
    sqlite_autoincrement=True,
)
sa.Index("theme_events_run", theme_events.c.run_id)


@dataclass(frozen=True)
class ThemeRunRecord:
    id: int
    created_at: str
    author: str
    unit: str
    initiative: str | None
    seed: int
    embedding: str
    params: dict[str, Any]
    input_hash: str
    versions: dict[str, str]
    n_segments: int
    n_outliers: int
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ThemeRecord:
    run_id: int
    theme_id: int
    label: str
    keywords: tuple[str, ...]
    size: int
    quotes: tuple[dict[str, Any], ...]
    count_initiative: dict[str, int]
    count_role: dict[str, int]
    stability: float | None
    code_id: str | None = None
    code_label: str | None = None


@dataclass(frozen=True)
class ThemeMember:
    run_id: int
    theme_id: int
    doc_id: str
    doc_version: int
    start: int
    end: int
    probability: float

    @property
    def key(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)


@dataclass(frozen=True)
class ThemeEventRecord:
    id: int
    run_id: int
    kind: str
    payload: dict[str, Any]
    author: str
    created_at: str
    carried_from: int | None


def _run(row: Any) -> ThemeRunRecord:
    return ThemeRunRecord(
        id=row.id, created_at=row.created_at, author=row.author, unit=row.unit, initiative=row.initiative, seed=row.seed,
        embedding=row.embedding, params=json.loads(row.params), input_hash=row.input_hash, versions=json.loads(row.versions),
        n_segments=row.n_segments, n_outliers=row.n_outliers, summary=json.loads(row.summary),
    )


class ThemeQueries(SegmentBatchQueries):
    """Mixin of :class:`workbench.store.Store`: theme runs, themes, members, edits (and segments in
    pages, :mod:`workbench.store.segment_batches`, which big theme runs read)."""

    def save_theme_run(self, run: dict[str, Any], theme_rows: Sequence[dict[str, Any]], members: Iterable[Sequence[Any]]) -> int:
        """Store one run with its themes and members in one transaction; returns the run id.

        ``run`` has the columns of theme_runs (JSON ones as dicts); each theme row the
        columns of themes; each member (doc_id, doc_version, start, end, theme_id, probability).
        """
        from workbench.store.base import now

        record = dict(run)
        record.setdefault("created_at", now())
        for key in ("params", "versions", "summary"):
            record[key] = json.dumps(record.get(key) or {}, ensure_ascii=False, sort_keys=True)
        with self.transaction() as con:
            pk = con.execute(theme_runs.insert().values(**record)).inserted_primary_key
            assert pk is not None  # set by the INSERT above
            run_id = int(pk[0])
            if theme_rows:
                con.execute(themes.insert(), [
                    {
                        "run_id": run_id, "theme_id": int(t["theme_id"]), "label": t["label"], "size": int(t["size"]),
                        "keywords": json.dumps(list(t["keywords"]), ensure_ascii=False),
                        "quotes": json.dumps(list(t["quotes"]), ensure_ascii=False),
                        "count_initiative": json.dumps(t.get("count_initiative") or {}, ensure_ascii=False, sort_keys=True),
                        "count_role": json.dumps(t.get("count_role") or {}, ensure_ascii=False, sort_keys=True),
                        "stability": t.get("stability"), "code_id": t.get("code_id"), "code_label": t.get("code_label"),
                    }
                    for t in theme_rows
                ])
            rows: list[dict[str, Any]] = []
            for d, v, s, e, t, p in members:  # written 5,000 at a time: a run of 10^6 members never sits in memory as rows
                rows.append({"run_id": run_id, "doc_id": d, "doc_version": int(v), "start": int(s), "end": int(e), "theme_id": int(t), "probability": float(p)})
                if len(rows) == 5000:
                    con.execute(theme_members.insert(), rows)
                    rows = []
            if rows:
                con.execute(theme_members.insert(), rows)
            return run_id

    def theme_runs(self) -> list[ThemeRunRecord]:
        with self.read() as con:
            return [_run(r) for r in con.execute(sa.select(theme_runs).order_by(theme_runs.c.id))]

    def theme_run(self, run_id: int) -> ThemeRunRecord | None:
        with self.read() as con:
            row = con.execute(sa.select(theme_runs).where(theme_runs.c.id == run_id)).first()
        return _run(row) if row is not None else None

    def latest_theme_run(self, *, unit: str | None = None, initiative: str | None = None, any_initiative: bool = True) -> ThemeRunRecord | None:
        """The newest run (of a unit; limited to an initiative, or over all when ``any_initiative``)."""
        query = sa.select(theme_runs).order_by(theme_runs.c.id.desc()).limit(1)
        if unit is not None:
            query = query.where(theme_runs.c.unit == unit)
        if not any_initiative:
            query = query.where(theme_runs.c.initiative.is_(None) if initiative is None else theme_runs.c.initiative == initiative)
        with self.read() as con:
            row = con.execute(query).first()
        return _run(row) if row is not None else None

    def run_themes(self, run_id: int) -> list[ThemeRecord]:
        with self.read() as con:
            rows = con.execute(sa.select(themes).where(themes.c.run_id == run_id).order_by(themes.c.theme_id)).all()
        return [
            ThemeRecord(
                run_id=r.run_id, theme_id=r.theme_id, label=r.label, keywords=tuple(json.loads(r.keywords)), size=r.size,
                quotes=tuple(json.loads(r.quotes)), count_initiative=json.loads(r.count_initiative), count_role=json.loads(r.count_role),
                stability=r.stability, code_id=r.code_id, code_label=r.code_label,
            )
            for r in rows
        ]

    def theme_members(self, run_id: int) -> list[ThemeMember]:
        with self.read() as con:
            rows = con.execute(
                sa.select(theme_members).where(theme_members.c.run_id == run_id)
                .order_by(theme_members.c.doc_id, theme_members.c.doc_version, theme_members.c.start, theme_members.c.end)
            ).all()
        return [ThemeMember(r.run_id, r.theme_id, r.doc_id, r.doc_version, r.start, r.end, r.probability) for r in rows]

    def set_theme_stability(self, run_id: int, values: dict[int, float]) -> None:
        with self.transaction() as con:
            for theme_id, value in values.items():
                con.execute(themes.update().where(themes.c.run_id == run_id, themes.c.theme_id == int(theme_id)).values(stability=float(value)))

    def set_run_summary(self, run_id: int, values: dict[str, Any]) -> None:
        """Add ``values`` to a run's summary (e.g. how stability was measured)."""
        with self.transaction() as con:
            row = con.execute(sa.select(theme_runs.c.summary).where(theme_runs.c.id == run_id)).first()
            if row is None:
                return
            summary = {**json.loads(row.summary), **values}
            con.execute(theme_runs.update().where(theme_runs.c.id == run_id).values(summary=json.dumps(summary, ensure_ascii=False, sort_keys=True)))

    def add_theme_event(self, run_id: int, kind: str, payload: dict[str, Any], *, author: str, carried_from: int | None = None) -> int:
        from workbench.store.base import now

        with self.transaction() as con:
            result = con.execute(theme_events.insert().values(
                run_id=run_id, kind=kind, payload=json.dumps(payload, ensure_ascii=False, sort_keys=True), author=author,
                created_at=now(), carried_from=carried_from,
            ))
            pk = result.inserted_primary_key
            assert pk is not None  # set by the INSERT above
            return int(pk[0])

    def theme_events(self, run_id: int) -> list[ThemeEventRecord]:
        with self.read() as con:
            rows = con.execute(sa.select(theme_events).where(theme_events.c.run_id == run_id).order_by(theme_events.c.id)).all()
        return [ThemeEventRecord(r.id, r.run_id, r.kind, json.loads(r.payload), r.author, r.created_at, r.carried_from) for r in rows]
