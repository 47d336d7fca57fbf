"""Interface texts in Dutch (default) and English.

``t("documents")`` gives the text in the current language: ``WORKBENCH_LANG`` (nl/en),
else Dutch. Apps and the CLI use this; error messages are English for now (they name
files, keys and fixes, and are what a researcher pastes into an issue).
"""

from __future__ import annotations

import os

TEXTS: dict[str, dict[str, str]] = {
    "documents": {"nl": "documenten", "en": "documents"},
    "document": {"nl": "document", "en": "document"},
    "initiative": {"nl": "initiatief", "en": "initiative"},
    "role": {"nl": "rol", "en": "role"},
    "segments": {"nl": "segmenten", "en": "segments"},
    "sentences": {"nl": "zinnen", "en": "sentences"},
    "turns": {"nl": "beurten", "en": "turns"},
    "words": {"nl": "woorden", "en": "words"},
    "kind": {"nl": "soort", "en": "kind"},
    "date": {"nl": "datum", "en": "date"},
    "version": {"nl": "versie", "en": "version"},
    "replacements": {"nl": "vervangingen", "en": "replacements"},
    "tag": {"nl": "soort gegeven", "en": "tag"},
    "pseudonym": {"nl": "pseudoniem", "en": "pseudonym"},
    "original": {"nl": "origineel", "en": "original"},
    "count": {"nl": "aantal", "en": "count"},
    "total": {"nl": "totaal", "en": "total"},
    "reading": {"nl": "inlezen", "en": "reading"},
    "ingest_title": {"nl": "Ingelezen", "en": "Ingested"},
    "added": {"nl": "nieuw", "en": "added"},
    "new_versions": {"nl": "nieuwe versies", "en": "new versions"},
    "unchanged": {"nl": "ongewijzigd", "en": "unchanged"},
    "metadata_updated": {"nl": "metadata bijgewerkt", "en": "metadata updated"},
    "no_consent": {"nl": "zonder toestemming (overgeslagen)", "en": "without consent (skipped)"},
    "errors": {"nl": "problemen (niet ingelezen)", "en": "problems (not ingested)"},
    "warnings": {"nl": "waarschuwingen", "en": "warnings"},
    "seconds": {"nl": "seconden", "en": "seconds"},
    "interviewer": {"nl": "interviewer", "en": "interviewer"},
    "speaker": {"nl": "spreker", "en": "speaker"},
    "study_created": {"nl": "Studie aangemaakt", "en": "Study created"},
    "next_steps": {
        "nl": "Zet documenten en metadata.csv in {corpora}, dan: workbench ingest",
        "en": "Put documents and metadata.csv in {corpora}, then: workbench ingest",
    },
    "cache_ready": {"nl": "deduce-cache staat klaar in {path}", "en": "deduce cache ready in {path}"},
    "cache_building": {
        "nl": "deduce bouwt eenmalig zijn opzoektabellen (1-2 minuten)...",
        "en": "deduce builds its lookup tables once (1-2 minutes)...",
    },
    "nothing_stored": {"nl": "Nog niets opgeslagen: draai eerst 'workbench ingest'.", "en": "Nothing stored yet: run 'workbench ingest' first."},
    "no_key": {"nl": "Geen sleutel gevonden in {path}.", "en": "No key found at {path}."},
    # REFI-QDA projects (issue 11)
    "not_represented": {"nl": "niet overgenomen", "en": "not represented"},
    "qdpx_written": {
        "nl": "{path} geschreven: {documents} documenten, {codes} codes, {codings} coderingen (codeurs: {coders})",
        "en": "wrote {path}: {documents} documents, {codes} codes, {codings} codings (coders: {coders})",
    },
    "qdpx_imported": {
        "nl": "{path} ingelezen: {added} nieuwe documenten, {versions} nieuwe versies, {unchanged} ongewijzigd; {codes} codes toegevoegd; {codings} coderingen ({present} waren er al; codeurs: {coders})",
        "en": "imported {path}: {added} new documents, {versions} new versions, {unchanged} unchanged; {codes} codes added; {codings} codings ({present} were there already; coders: {coders})",
    },
}


_CHOSEN: dict[str, str] = {}


def set_language(lang: str | None) -> None:
    """Choose the interface language for this process (the CLI's --lang); None: back to default."""
    if lang is None:
        _CHOSEN.clear()
    else:
        _CHOSEN["lang"] = lang.strip().lower()[:2]


def language() -> str:
    """nl or en: the chosen language, else WORKBENCH_LANG, else Dutch."""
    lang = _CHOSEN.get("lang") or os.environ.get("WORKBENCH_LANG", "nl").strip().lower()[:2]
    return lang if lang in ("nl", "en") else "nl"


def t(key: str, lang: str | None = None, **values: object) -> str:
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry.get(lang or language()) or entry["nl"]
    return text.format(**values) if values else text
