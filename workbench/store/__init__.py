"""The database: schema, migrations, queries. Nothing else in the package writes SQL."""

from workbench.store.db import Store, now

__all__ = ["Store", "now"]
