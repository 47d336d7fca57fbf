"""One snapshot of a study for a report: :func:`load_report` opens the study folder's store
and gathers the documents, the codings that count, the codebook and what the other parts know
(:mod:`workbench.reports.sources`) into a :class:`workbench.reports.data.ReportData`.

Example:
    >>> data = load_report(".", initiative="Austerlitz Zorgt")     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.reports import sources
from workbench.reports.data import WHERE_LANG, ReportData, _check_initiative, choose_coders


def load_report(
    study_dir: str | Path = ".",
    *,
    initiative: str | None = None,
    lang: str = "nl",
    theme_run: str | int | None = None,
    coders: str | Sequence[str] | None = None,
    light: bool = False,
) -> ReportData:
    """Read one snapshot of the study for a report.

    Args:
        study_dir: the study folder (with workbench.toml).
        initiative: one initiative (its name as in the metadata sheet), or None for all.
        lang: ``nl`` or ``en``: labels from the codebook in that language.
        theme_run: the theme run to show (None: the latest).
        coders: whose codings and agreement count ("lian,sanne" or a list); None: the
            study's ``[reports] coders``, else every person who coded (never a suggester).
        light: only what identifies the inputs (documents, codings, codebook, flags,
            translations, theme run): no agreement, coverage or Most Significant Change.
            The runner uses it to plan and to hash; reports never do.

    Raises ReportError for an unknown initiative or language, naming the known ones.
    """
    from workbench.codebook.versions import sync_codebook
    from workbench.coding.events import current_codings
    from workbench.corpus.model import Corpus
    from workbench.errors import ReportError
    from workbench.i18n import t
    from workbench.settings import Settings
    from workbench.store import Store

    if lang not in ("nl", "en"):
        raise ReportError(WHERE_LANG, t("report_unknown_lang", value=lang), t("report_unknown_lang_fix"))
    settings = Settings.from_folder(study_dir)
    store = Store.open(settings.db_url)
    try:
        codebook, version = sync_codebook(store, settings.codebook_path, settings.user)
        documents = Corpus(store).documents()
        _check_initiative(initiative, documents)
        codings = current_codings(store)
        chosen, origin = choose_coders(codings, coders, settings.reports.coders)
        if chosen is not None:
            codings = [c for c in codings if c.coder in chosen]
        data = ReportData(
            study_name=settings.project.name,
            root=settings.root,
            lang=lang,
            initiative=initiative,
            codebook=codebook,
            codebook_version=version,
            documents=documents,
            codings=codings,
            coders=chosen,
            coders_from=origin,
        )
        _read_the_parts(data, store, settings, theme_run, light=light)
        return data
    finally:
        store.close()


def _read_the_parts(data: ReportData, store: Any, settings: Any, theme_run: str | int | None, *, light: bool) -> None:
    """What the other parts know, into ``data``: flags, translations, themes; unless ``light``,
    Most Significant Change, agreement and coverage too."""
    data.flagged = sources.flagged_spans(store)
    data.translations = sources.translations(store)
    data.checks = sources.document_checks(store)
    candidates = not light and data.initiative is None  # code x theme alignment: the cross report only
    data.theme_run, data.themes = sources.themes(store, settings, theme_run, data.lang, data.initiative, candidates=candidates)
    if light:
        return
    data.msc = sources.msc_choices(store, data)
    data.agreement = sources.agreement(store, data)
    data.suggestion_agreement = sources.suggestion_agreement(store, data)
    data.sentence_counts = sources.sentence_coverage(store, data)
