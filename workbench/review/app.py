"""The review app: ipywidgets over an :class:`~workbench.review.view.InitiativeView`.

Works in JupyterLab (``ReviewApp(view).widget``) and as the plain web page that
``workbench review serve`` serves with Voila (:mod:`workbench.review.page`). The app
holds the view, never the store; every handler is one call into the view, which saves
at once (no save button to forget) and checks that what it is given belongs to the
reviewer's initiative. Widget values the browser sends are only ever used as the value
they stand for (a verdict, a text); which theme, quote or story they belong to is fixed
on the server when the widget is made.

Example:
    >>> from workbench.review import open_view
    >>> app = ReviewApp(open_view(study.store, token))   # doctest: +SKIP
    >>> app.widget                                        # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import ipywidgets as W

import workbench.review.texts  # noqa: F401  (registers the page's words)
from workbench.errors import InvitationError, ReviewError, WorkbenchError
from workbench.i18n import LANGUAGES, safe_language, set_language, t
from workbench.review.pathways_tab import pathways_tab
from workbench.review.view import InitiativeView

CSS = """<style>
.wb-review { font-size: 18px; line-height: 1.5; max-width: 880px; margin: 0 auto; padding: 8px; color: #1d1d1d; }
.wb-review .widget-html-content, .wb-review input, .wb-review textarea, .wb-review button, .wb-review label, .wb-review .lm-TabBar-tabLabel { font-size: 18px !important; }
.wb-review button.jupyter-button { height: auto; min-height: 44px; white-space: normal; }
.wb-review textarea { min-height: 80px; }
.wb-review input[type=text] { height: 44px; }
.wb-review blockquote { border-left: 5px solid #4f7f52; margin: 8px 0; padding: 6px 14px; background: #f3f7f3; font-style: italic; }
.wb-review .wb-card { border: 1px solid #c9c9c9; border-radius: 10px; padding: 12px 16px; margin: 14px 0; background: #fff; }
.wb-review h2 { font-size: 28px; margin: 8px 0; } .wb-review h3 { font-size: 22px; margin: 6px 0; }
.wb-review .wb-muted { color: #555; font-size: 16px; }
.wb-review .wb-status { color: #2e6b32; min-height: 28px; }
</style>"""

FULL = W.Layout(width="100%")


def _html(text: str, cls: str = "") -> W.HTML:
    widget = W.HTML(text, layout=FULL)
    if cls:
        widget.add_class(cls)
    return widget


def _e(text: str | None) -> str:
    return html.escape(text or "")


@contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """While one click is handled, errors are written in the page's language (the
    co-researcher may read English in a kernel whose interface is Dutch, or the reverse)."""
    before = safe_language()
    if before == lang:
        yield
        return
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


@dataclass
class ThemeWidgets:
    verdict: W.ToggleButtons
    own_name: W.Text
    comment: W.Textarea


@dataclass
class MissingRow:
    name: W.Text
    text: W.Textarea
    key: str | None = None


@dataclass
class StoryWidgets:
    chosen: W.Checkbox
    reason: W.Textarea


class ReviewApp:
    """One co-researcher's review page. ``widget`` is what to display."""

    def __init__(self, view: InitiativeView, *, lang: str | None = None) -> None:
        self._view = view
        self.lang = lang if lang in LANGUAGES else view.lang
        self.widget = W.VBox(layout=FULL)
        self.widget.add_class("wb-review")
        self.status = _html("", "wb-status")
        self.themes: dict[str, ThemeWidgets] = {}
        self.missing: list[MissingRow] = []
        self.quotes: dict[tuple[str, int, int, int], W.ToggleButtons] = {}
        self.stories: dict[str, StoryWidgets] = {}
        self.pathways: dict[str, Any] = {}  # link key -> its widgets (workbench.review.pathways_tab)
        self.panel = _html("")
        self.tabs = W.Tab(layout=FULL)
        self.language = W.ToggleButtons(options=[("Nederlands", "nl"), ("English", "en")], value=self.lang, style={"button_width": "auto"})
        self.language.observe(self._on_language, "value")
        self.render()

    # -- building -------------------------------------------------------------------------
    def t(self, key: str, **values: Any) -> str:
        return str(t(key, self.lang, **values))

    def render(self) -> None:
        """Build the page from the store (also after a language switch or a flag)."""
        view = self._view
        header = [
            _html(CSS),
            _html(f"<h2>{_e(self.t('review_title', initiative=view.initiative))}</h2>"),
            _html(f"<p>{_e(self.t('review_welcome', name=view.reviewer_name))}</p>"),
            self.language,
        ]
        # the same Tab, new contents: the tab the co-researcher is on stays chosen, also when
        # they moved on while this redraw (after a flag) was on its way
        self.tabs.children = [self._themes_tab(), self._quotes_tab(), self._msc_tab(), pathways_tab(self)]
        self.tabs.titles = (self.t("review_tab_themes"), self.t("review_tab_quotes"), self.t("review_tab_msc"), self.t("review_tab_pathways"))
        if self.tabs.selected_index is None:
            self.tabs.selected_index = 0
        self.widget.children = [*header, self.status, self.tabs]

    def _themes_tab(self) -> W.VBox:
        self.themes = {}
        mine = self._view.my_reviews()
        items: list[W.Widget] = [_html(f"<p>{_e(self.t('review_themes_intro'))}</p>")]
        themes = self._view.themes()
        if not themes:
            items.append(_html(f"<p class='wb-muted'>{_e(self.t('review_no_themes'))}</p>"))
        for theme in themes:
            r = mine.get(theme.key)
            quotes = "".join(f"<blockquote>{_e(q.text)}</blockquote>" for q in theme.quotes)
            head = _html(
                f"<h3>{_e(theme.label)}</h3><p class='wb-muted'>{_e(self.t('review_keywords'))}: {_e(', '.join(theme.keywords[:8]))}</p>{quotes}"
            )
            verdict = W.ToggleButtons(
                options=[(self.t("review_recognise"), "recognise"), (self.t("review_partly"), "partly"), (self.t("review_not"), "not")],
                value=r.verdict if r else None, style={"button_width": "auto"},
            )
            verdict.add_class("wb-verdict")
            own = W.Text(value=(r.own_name or "") if r else "", placeholder=self.t("review_own_name"), continuous_update=False, layout=FULL)
            own.add_class("wb-own-name")
            comment = W.Textarea(value=(r.comment or "") if r else "", placeholder=self.t("review_comment"), continuous_update=False, layout=FULL)
            comment.add_class("wb-comment")
            key = theme.key
            verdict.observe(lambda ch, key=key: self._do(self._view.set_verdict, key, ch["new"]), "value")
            own.observe(lambda ch, key=key: self._do(self._view.set_own_name, key, ch["new"]), "value")
            comment.observe(lambda ch, key=key: self._do(self._view.set_comment, key, ch["new"]), "value")
            self.themes[key] = ThemeWidgets(verdict, own, comment)
            card = W.VBox([head, verdict, _html(_e(self.t("review_own_name"))), own, _html(_e(self.t("review_comment"))), comment], layout=FULL)
            card.add_class("wb-card")
            card.add_class("wb-theme")
            items.append(card)
        self.missing = []
        self.missing_box = W.VBox(layout=FULL)
        for r in self._view.my_missing():
            self._missing_row(r.own_name or "", r.comment or "", r.theme_key)
        self._missing_row("", "", None)
        missing = W.VBox(
            [_html(f"<h3>{_e(self.t('review_missing_title'))}</h3><p>{_e(self.t('review_missing_intro'))}</p>"), self.missing_box], layout=FULL
        )
        missing.add_class("wb-card")
        missing.add_class("wb-missing")
        items.append(missing)
        return W.VBox(items, layout=FULL)

    def _missing_row(self, name: str, text: str, key: str | None) -> MissingRow:
        row = MissingRow(
            W.Text(value=name, placeholder=self.t("review_missing_name"), continuous_update=False, layout=FULL),
            W.Textarea(value=text, placeholder=self.t("review_missing_text"), continuous_update=False, layout=FULL),
            key,
        )
        row.name.add_class("wb-missing-name")
        row.text.add_class("wb-missing-text")
        row.name.observe(lambda ch: self._on_missing(row, name=ch["new"]), "value")
        row.text.observe(lambda ch: self._on_missing(row, text=ch["new"]), "value")
        self.missing.append(row)
        self.missing_box.children = [*self.missing_box.children, row.name, row.text]
        return row

    def _quotes_tab(self) -> W.VBox:
        self.quotes = {}
        mine = self._view.my_quote_verdicts()
        items: list[W.Widget] = [_html(f"<p>{_e(self.t('review_quotes_intro'))}</p>")]
        pairs = self._view.quotes()
        if not pairs:
            items.append(_html(f"<p class='wb-muted'>{_e(self.t('review_no_quotes'))}</p>"))
        for theme, q in pairs:
            v = mine.get(q.span)
            buttons = W.ToggleButtons(
                options=[(self.t("review_quote_ok"), "ok"), (self.t("review_quote_wrong"), "wrong"), (self.t("review_quote_identifying"), "identifying")],
                value=v.verdict if v else None, style={"button_width": "auto"},
            )
            buttons.add_class("wb-quote-verdict")
            span = q.span
            buttons.observe(lambda ch, span=span: self._on_quote(span, ch["new"]), "value")
            self.quotes[span] = buttons
            card = W.VBox([_html(f"<blockquote>{_e(q.text)}</blockquote><p class='wb-muted'>{_e(self.t('review_in_theme', label=theme.label))}</p>"), buttons], layout=FULL)
            card.add_class("wb-card")
            card.add_class("wb-quote")
            items.append(card)
        return W.VBox(items, layout=FULL)

    def _msc_tab(self) -> W.VBox:
        self.stories = {}
        mine = self._view.my_msc()
        chosen_ids = self._view.my_chosen()
        items: list[W.Widget] = [_html(f"<p>{_e(self.t('review_msc_intro'))}</p>")]
        for story in self._view.stories():
            c = mine.get(story.doc_id)
            title = " · ".join(x for x in (self._kind(story.kind), self._role(story.role), story.date or "") if x)
            chosen = W.Checkbox(value=story.doc_id in chosen_ids, description=self.t("review_msc_choose"), indent=False, layout=FULL)
            chosen.add_class("wb-msc-choose")
            reason = W.Textarea(value=(c.reason or "") if c else "", placeholder=self.t("review_msc_reason"), continuous_update=False, layout=FULL)
            reason.add_class("wb-msc-reason")
            doc_id = story.doc_id
            chosen.observe(lambda ch, doc_id=doc_id: self._do(self._view.choose_story, doc_id, chosen=bool(ch["new"]), after=self._refresh_panel), "value")
            reason.observe(lambda ch, doc_id=doc_id: self._do(self._view.choose_story, doc_id, reason=ch["new"], after=self._refresh_panel), "value")
            self.stories[doc_id] = StoryWidgets(chosen, reason)
            parts: list[W.Widget] = [_html(f"<h3>{_e(title)}</h3><p>{_e(story.excerpt)}</p>")]
            if story.excerpt != story.text:
                more = W.Accordion(children=[_html(f"<p style='white-space: pre-wrap'>{_e(story.text)}</p>")], layout=FULL)
                more.set_title(0, self.t("review_read_more"))
                more.selected_index = None
                parts.append(more)
            card = W.VBox([*parts, chosen, reason], layout=FULL)
            card.add_class("wb-card")
            card.add_class("wb-story")
            items.append(card)
        self._refresh_panel()
        box = W.VBox([self.panel], layout=FULL)
        box.add_class("wb-card")
        box.add_class("wb-panel")
        items.append(box)
        return W.VBox(items, layout=FULL)

    def _kind(self, kind: str) -> str:
        key = f"review_kind_{kind}"
        from workbench.i18n import has

        return self.t(key) if has(key) else kind

    def _role(self, role: str | None) -> str:
        """A role from the metadata (Dutch: vrijwilliger) in the page's language."""
        from workbench.reports.texts import ROLES_EN

        return ROLES_EN.get(role or "", role or "") if self.lang == "en" else role or ""

    def _refresh_panel(self) -> None:
        choices = self._view.panel()
        titles = {s.doc_id: " · ".join(x for x in (self._kind(s.kind), self._role(s.role), s.date or "") if x) for s in self._view.stories()}
        rows = []
        for c in choices:
            who = c.reviewer + (f" ({self._role(c.role)})" if c.role else "")
            reason = f"<br><i>{_e(c.reason)}</i>" if c.reason else ""
            rows.append(f"<li>{_e(self.t('review_panel_row', story=titles.get(c.doc_id, c.doc_id), who=who))}{reason}</li>")
        body = f"<ul>{''.join(rows)}</ul>" if rows else f"<p class='wb-muted'>{_e(self.t('review_panel_none'))}</p>"
        self.panel.value = f"<h3>{_e(self.t('review_panel_title'))}</h3>{body}"

    # -- handlers: one call into the view each --------------------------------------------
    def _do(self, action: Callable[..., Any], *args: Any, after: Callable[[], None] | None = None, **kwargs: Any) -> Any:
        try:
            with _speaking(self.lang):
                result = action(*args, **kwargs)
        except InvitationError:
            self.widget.children = [_html(CSS), _html(f"<h2>{_e(self.t('review_link_invalid_page'))}</h2>")]
            return None
        except WorkbenchError as err:
            what = str(getattr(err, "what", err)).rstrip(".")
            fix = getattr(err, "fix", None) if isinstance(err, ReviewError) else None  # the view's refusals say what to do on the page
            text = self.t("review_error_page_fix", what=what, fix=fix) if fix else self.t("review_error_page", what=what)
            self.status.value = f"<p>{_e(text)}</p>"
            return None
        self.status.value = f"<p>✓ {_e(self.t('review_saved'))}</p>"
        if after is not None:
            after()
        return result

    def _on_missing(self, row: MissingRow, *, name: str | None = None, text: str | None = None) -> None:
        if row.key is None:
            if not (name or text or "").strip():
                return
            row.key = self._do(self._view.add_missing, row.name.value, row.text.value)
            if row.key is not None:
                self._missing_row("", "", None)
            return
        self._do(self._view.set_missing, row.key, name=name, description=text)

    def _on_quote(self, span: tuple[str, int, int, int], verdict: str | None) -> None:
        if verdict is None:
            return
        self._do(self._view.set_quote_verdict, span, verdict)
        if verdict == "identifying":
            self.render()  # the quote leaves every tab at once
            self.status.value = f"<p>✓ {_e(self.t('review_quote_hidden'))}</p>"

    def _on_language(self, change: dict[str, Any]) -> None:
        if change["new"] in LANGUAGES:
            self.lang = change["new"]
            self.render()
