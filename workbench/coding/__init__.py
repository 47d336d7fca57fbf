"""Codings: events (apply, remove, suggest, accept, reject) and the current state derived from them."""

from workbench.coding.events import (
    Coding,
    accept_suggestion,
    apply_code,
    check_codable,
    codings_frame,
    count_codings,
    current_codings,
    events_frame,
    find_redirects,
    reject_suggestion,
    remove_code,
)

__all__ = [
    "Coding",
    "accept_suggestion",
    "apply_code",
    "check_codable",
    "codings_frame",
    "count_codings",
    "current_codings",
    "events_frame",
    "find_redirects",
    "reject_suggestion",
    "remove_code",
]
