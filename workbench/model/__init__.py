"""The data model at the bottom: the frozen dataclasses every layer passes around.

Nothing here does I/O or imports anything of the package but :mod:`workbench.errors` and
:mod:`workbench.i18n` (and :mod:`workbench.display` for a notebook's HTML view): the store
imports the model, the model never imports the store.

- :mod:`.corpus`: :class:`Document`, :class:`DocumentInfo`, :class:`Segment`, the segment units
- :mod:`.coding`: :class:`Coding`, :class:`CodingEvent`, who may code, aliases of revised codes
- :mod:`.codebook`: :class:`CodebookVersion`
- :mod:`.links`: :class:`Link`, :class:`LinkEvent`, :class:`LinkReview` (impact pathways)
- :mod:`.flags`: spans co-researchers flagged as identifying, and the filter that hides them

Example:
    >>> from workbench.model import Segment
    >>> Segment("a", 1, "sentence", 0, 3, "Ja.").end
    3
"""

from __future__ import annotations

from workbench.model.codebook import CodebookVersion
from workbench.model.coding import Coding, CodingEvent, is_suggester
from workbench.model.corpus import Document, DocumentInfo, Segment
from workbench.model.links import Link, LinkEvent, LinkReview

__all__ = ["CodebookVersion", "Coding", "CodingEvent", "Document", "DocumentInfo", "Link", "LinkEvent", "LinkReview", "Segment", "is_suggester"]
