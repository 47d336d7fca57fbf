"""The store's part for themes: its tables (on workbench.store.schema.metadata) and queries.

Kept by the engineers of that part; see workbench/store/schema.py for the pattern.
"""

from __future__ import annotations

from workbench.store.base import StoreBase


class ThemeQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`."""
