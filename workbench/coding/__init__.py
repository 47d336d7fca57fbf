"""Codings: events (apply, remove, suggest, accept, reject) and the current state derived
from them; suggesters (rules, similarity, learned); agreement between coders."""

from workbench.coding.agreement import Agreement, cohen_kappa, compute_agreement, krippendorff_alpha

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
from workbench.coding.io import CodingRow, read_codings_table
from workbench.coding.suggest import LearnedSuggester, RuleSuggester, SimilaritySuggester, Suggestion

__all__ = [
    "Agreement",
    "Coding",
    "CodingRow",
    "LearnedSuggester",
    "RuleSuggester",
    "SimilaritySuggester",
    "Suggestion",
    "cohen_kappa",
    "compute_agreement",
    "krippendorff_alpha",
    "read_codings_table",
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
