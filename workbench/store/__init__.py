"""The database: schema, migrations, queries. Nothing else in the package writes SQL.

:class:`Store` is SQLAlchemy Core over SQLite (default) or PostgreSQL (a team's shared
server). Each part of the workbench keeps its tables and queries in a module of this
package (corpus, codebook, coding, embeddings, themes, review, reports, exchange,
suggest); their mixins make up :class:`Store`, which hands out the package's own
dataclasses, never driver rows.
"""

from workbench.store.base import now
from workbench.store.db import Store, to_url
from workbench.store.embeddings import text_hash

__all__ = ["Store", "now", "text_hash", "to_url"]
