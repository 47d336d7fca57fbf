"""The database schema as an ordered list of migrations.

``PRAGMA user_version`` holds the number of migrations applied. Opening a store applies
the missing ones, each in its own transaction. Never edit a migration that has shipped:
add a new one at the end.

Offsets (``start``, ``end``) are counted in Unicode code points, as Python counts them
and as REFI-QDA counts them.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: corpus, ingest runs, codebook versions, coding events
    """
    CREATE TABLE documents (
        id            TEXT    NOT NULL,            -- stable slug from the file path
        version       INTEGER NOT NULL,            -- 1, 2, ... a changed file adds a version
        is_current    INTEGER NOT NULL DEFAULT 1,  -- 1 for the newest version
        source_path   TEXT    NOT NULL,            -- relative to the corpus folder
        source_hash   TEXT    NOT NULL,            -- sha256 of the raw bytes + settings that shape the text
        content_hash  TEXT    NOT NULL,            -- sha256 of the stored (pseudonymised) text
        kind          TEXT    NOT NULL,            -- interview, ervaringsverhaal, enquete, document
        initiative    TEXT,
        role          TEXT,
        date          TEXT,
        interviewer   TEXT,
        consent       INTEGER NOT NULL,
        metadata      TEXT    NOT NULL DEFAULT '{}',   -- JSON: the other columns
        text          TEXT    NOT NULL,            -- pseudonymised text
        n_words       INTEGER NOT NULL,
        replacements  TEXT    NOT NULL DEFAULT '{}',   -- JSON: counts per tag, never originals
        ingest_run    INTEGER,
        created_at    TEXT    NOT NULL,
        PRIMARY KEY (id, version)
    );
    CREATE INDEX documents_current ON documents (is_current, initiative);

    CREATE TABLE segments (
        id            INTEGER PRIMARY KEY,
        doc_id        TEXT    NOT NULL,
        doc_version   INTEGER NOT NULL,
        unit          TEXT    NOT NULL CHECK (unit IN ('turn', 'paragraph', 'sentence')),
        start         INTEGER NOT NULL,
        "end"         INTEGER NOT NULL,
        speaker       TEXT,
        is_interviewer INTEGER NOT NULL DEFAULT 0,
        lemmas        TEXT,                        -- sentences: space-separated lemmas
        meta          TEXT,                        -- JSON, e.g. {"t": "00:01:23.000"}
        FOREIGN KEY (doc_id, doc_version) REFERENCES documents (id, version),
        CHECK (start <= "end")
    );
    CREATE INDEX segments_doc ON segments (doc_id, doc_version, unit, start);

    CREATE TABLE ingest_runs (
        id            INTEGER PRIMARY KEY,
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        sources       TEXT NOT NULL,               -- JSON list of folders
        summary       TEXT NOT NULL DEFAULT '{}'   -- JSON counts
    );

    CREATE TABLE ingest_problems (
        run_id        INTEGER NOT NULL REFERENCES ingest_runs (id),
        file          TEXT NOT NULL,
        severity      TEXT NOT NULL,               -- error (skipped) or warning
        message       TEXT NOT NULL                -- never holds transcript text
    );

    CREATE TABLE codebook_versions (
        number        INTEGER PRIMARY KEY,
        codebook_id   TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        yaml          TEXT NOT NULL,
        source_path   TEXT,
        author        TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        note          TEXT
    );
    CREATE INDEX codebook_versions_hash ON codebook_versions (codebook_id, content_hash);

    -- append-only: the current state of codings is derived from these events
    CREATE TABLE coding_events (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        kind          TEXT NOT NULL CHECK (kind IN ('apply', 'remove', 'rename', 'merge', 'split', 'retire')),
        doc_id        TEXT,
        doc_version   INTEGER,
        start         INTEGER,
        "end"         INTEGER,
        code_id       TEXT NOT NULL,
        coder         TEXT NOT NULL,               -- a person, or 'suggester:name@version'
        source        TEXT NOT NULL CHECK (source IN ('manual', 'suggested', 'accepted', 'rejected', 'revision')),
        confidence    REAL,
        rationale     TEXT,
        codebook_version INTEGER REFERENCES codebook_versions (number),
        memo          TEXT,
        payload       TEXT,                        -- JSON: revision details (from, into, ...)
        created_at    TEXT NOT NULL
    );
    CREATE INDEX coding_events_span ON coding_events (doc_id, doc_version, start);
    CREATE INDEX coding_events_code ON coding_events (code_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
