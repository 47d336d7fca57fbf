"""The review page that Voila serves: the invitation's token read on the server from the
request's query string (``?code=...&lang=en``), nothing shown without a valid one.

The page notebook (``workbench/data/review/review.ipynb``) is one line:
``from workbench.apps.review_page import review_page; review_page()``. The study comes from
``WORKBENCH_STUDY`` (set by ``workbench review serve``).
"""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import parse_qs

import workbench.review.texts  # noqa: F401
from workbench.i18n import LANGUAGES, t
from workbench.review.invitations import PARAM

log = logging.getLogger("workbench.review")


def parse_query(query: str) -> tuple[str | None, str | None]:
    """(token, lang) from a query string; a token given twice or not at all is None; a
    language other than nl/en is None (the reviewer's own language is used then)."""
    if len(query or "") > 2000:
        return None, None
    try:
        params = parse_qs(query or "", keep_blank_values=True, max_num_fields=10)
    except ValueError:
        return None, None
    tokens = params.get(PARAM, [])
    langs = params.get("lang", [])
    lang = langs[0] if len(langs) == 1 and langs[0] in LANGUAGES else None
    return (tokens[0] if len(tokens) == 1 else None), lang


def refused(lang: str | None = None, key: str = "review_link_invalid_page") -> Any:
    """What a visitor without a valid link sees: one sentence, nothing of any initiative."""
    import ipywidgets as W

    from workbench.review.app import CSS

    box = W.VBox([W.HTML(CSS), W.HTML(f"<h2>{t(key, lang or 'nl')}</h2>")])
    box.add_class("wb-review")
    box.add_class("wb-refused")
    return box


def review_page(query: str | None = None, study_dir: str | None = None) -> Any:
    """The widget to show for this request (the review app, or the refusal)."""
    from workbench.errors import InvitationError, WorkbenchError
    from workbench.review.app import ReviewApp
    from workbench.review.view import open_view
    from workbench.study import open_study

    token, lang = parse_query(os.environ.get("QUERY_STRING", "") if query is None else query)
    if token is None:
        return refused(lang)
    try:
        study = open_study(study_dir or os.environ.get("WORKBENCH_STUDY", "."))
    except WorkbenchError as err:  # the researcher reads why in the server's log, the visitor one plain sentence
        log.error("%s", err)
        return refused(lang, "review_page_unavailable")
    try:
        view = open_view(study.store, token)
    except InvitationError:
        study.close()
        return refused(lang)
    except WorkbenchError as err:
        study.close()
        log.error("%s", err)
        return refused(lang, "review_page_unavailable")
    return ReviewApp(view, lang=lang).widget
