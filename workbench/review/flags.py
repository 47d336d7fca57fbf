"""The flag filter, as co-researchers' review knows it: see :mod:`workbench.model.flags`
(it lives in the data model so that every layer can hide flagged quotes)."""

from __future__ import annotations

from workbench.model.flags import MASK, Flags, Span, flagged_spans, hide_flagged, is_flagged, mask_text, span_of

__all__ = ["MASK", "Flags", "Span", "flagged_spans", "hide_flagged", "is_flagged", "mask_text", "span_of"]
