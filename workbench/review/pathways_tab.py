"""The review page's tab "Verbanden" (issue 20): per link of the initiative its quotes, the
question "klopt dit verband?" (ja / deels / nee) and a comment, saved at once through the
view. Kept apart from :mod:`workbench.review.app`, which adds the tab."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as W

import workbench.review.pathways  # noqa: F401  (registers the tab's words)

FULL = W.Layout(width="100%")


@dataclass
class PathwayWidgets:
    verdict: W.ToggleButtons
    comment: W.Textarea


def _html(text: str) -> W.HTML:
    return W.HTML(text, layout=FULL)


def _e(text: str | None) -> str:
    return html.escape(text or "")


def pathways_tab(app: Any) -> W.VBox:
    """The tab's contents for ``app`` (a ReviewApp): its view, language, ``_do`` and
    ``pathways`` (key -> widgets) are used."""
    view = app._view
    app.pathways = {}
    mine = view.my_pathway_verdicts()
    items: list[W.Widget] = [_html(f"<p>{_e(app.t('review_pathways_intro'))}</p>")]
    found = app._do(view.pathways) or []
    if not found:
        items.append(_html(f"<p class='wb-muted'>{_e(app.t('review_no_pathways'))}</p>"))
    for p in found:
        r = mine.get(p.key)
        quotes = "".join(f"<blockquote>{_e(q.text)}</blockquote>" for q in p.quotes)
        head = _html(
            f"<h3>{_e(p.cause_label)} \u2192 {_e(p.effect_label)}</h3>"
            f"<p class='wb-muted'>{_e(app.t('review_pathway_' + p.sign))} \u00b7 {_e(app.t('review_pathway_sources', n=p.n_sources))}</p>{quotes}"
            f"<p><b>{_e(app.t('review_pathway_question'))}</b></p>"
        )
        verdict = W.ToggleButtons(
            options=[(app.t("review_pathway_yes"), "yes"), (app.t("review_pathway_partly"), "partly"), (app.t("review_pathway_no"), "no")],
            value=r.verdict if r else None, style={"button_width": "auto"},
        )
        verdict.add_class("wb-pathway-verdict")
        comment = W.Textarea(value=(r.comment or "") if r else "", placeholder=app.t("review_comment"), continuous_update=False, layout=FULL)
        comment.add_class("wb-pathway-comment")
        key = p.key
        verdict.observe(lambda ch, key=key: app._do(view.set_pathway_verdict, key, ch["new"]) if ch["new"] else None, "value")
        comment.observe(lambda ch, key=key: app._do(view.set_pathway_verdict, key, None, ch["new"]), "value")
        app.pathways[key] = PathwayWidgets(verdict, comment)
        card = W.VBox([head, verdict, _html(_e(app.t("review_comment"))), comment], layout=FULL)
        card.add_class("wb-card")
        card.add_class("wb-pathway")
        items.append(card)
    return W.VBox(items, layout=FULL)
