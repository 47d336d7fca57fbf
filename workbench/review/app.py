"""The review app: ipywidgets over an :class:`~workbench.review.view.InitiativeView`.

Works in JupyterLab (``ReviewApp(view).widget``) and as the plain web page that
``workbench review serve`` serves with Voila (:mod:`workbench.apps.review_page`). The app
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
from typing import TYPE_CHECKING, Any

import ipywidgets as W

import workbench.review.texts  # noqa: F401  (registers the page's words)
from workbench.errors import InvitationError, ReviewError, WorkbenchError
from workbench.i18n import LANGUAGES, safe_language, set_language, t
from workbench.corpus.tags import is_tag, readable_tags
from workbench.review.pathways_tab import pathways_tab
from workbench.review.themes import ReviewQuote, ReviewTheme
from workbench.review.view import EXCERPT, InitiativeView, Story

if TYPE_CHECKING:
    from workbench.store.review import MscChoice, QuoteVerdict, ThemeReview

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
.wb-review .wb-done { color: #2e6b32; font-weight: 600; }
/* the chosen verdict: filled, a check mark, bold (a slightly darker grey was not seen) */
.wb-review .widget-toggle-buttons .widget-toggle-button { background: #fff; color: #1d1d1d; border: 2px solid #8a8a8a; border-radius: 8px; margin: 0 8px 8px 0; box-shadow: none; }
.wb-review .widget-toggle-buttons .widget-toggle-button.mod-active { background: #2e6b32; color: #fff; border-color: #1b4620; font-weight: 700; }
.wb-review .widget-toggle-buttons .widget-toggle-button.mod-active::before { content: "\\2713\\00a0"; }
.wb-review .widget-toggle-buttons .btn-group { display: flex; flex-wrap: wrap; }
/* the story checkbox: a box and a label a finger can hit (>= 44 px) */
.wb-review .wb-msc-choose { height: auto; min-height: 48px; margin: 8px 0; }
.wb-review .wb-msc-choose label.widget-label-basic { display: flex; align-items: center; min-height: 48px; width: 100%; cursor: pointer; }
.wb-review .wb-msc-choose input[type=checkbox] { width: 32px; height: 32px; flex: none; margin: 0 12px 0 0; }
/* the tab labels whole on a phone: tabs share the row, labels wrap rather than being cut */
.wb-review .lm-TabBar { min-height: 48px; height: auto; }
.wb-review .lm-TabBar-content { height: auto; align-items: stretch; }
.wb-review .lm-TabBar-tab { flex: 1 1 auto !important; max-width: none !important; min-width: 0 !important; height: auto !important; min-height: 48px; padding: 6px 8px; }
.wb-review .lm-TabBar-tabLabel { overflow: visible !important; text-overflow: clip !important; white-space: normal !important; line-height: 1.3 !important; }
.wb-review .lm-TabBar-tab.lm-mod-current { font-weight: 700; }
/* an interview in its turns: who speaks, then what they say */
.wb-review .wb-turn { margin: 6px 0 10px 0; }
.wb-review .wb-turn .wb-spk { font-weight: 700; display: block; font-size: 16px; color: #2e6b32; }
.wb-review .wb-turn.wb-int .wb-spk { color: #555; }
.wb-review .wb-turn.wb-int .wb-said { color: #444; }
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
    head: W.HTML | None = None


@dataclass
class MissingRow:
    name: W.Text
    text: W.Textarea
    key: str | None = None


@dataclass
class StoryWidgets:
    chosen: W.Checkbox
    reason: W.Textarea
    body: W.HTML | None = None
    more: W.HTML | None = None


@dataclass
class QuoteCard:
    """One quote on the quotes tab: its card (replaced in place by a thank-you when flagged)."""

    card: W.VBox
    label: W.HTML
    theme_key: str
    theme_label: str


class ReviewApp:
    """One co-researcher's review page. ``widget`` is what to display.

    The page is built once; what a click changes is changed in place. A flagged quote's
    card becomes a thank-you where the quote was, the themes and stories drop the quote,
    new quotes join at the end: the tabs, the tab chosen and the scroll position are the
    browser's and stay where the co-researcher was (rebuilding a tab's contents made the
    browser's tab bar pick a tab again and the page collapse and jump).
    """

    def __init__(self, view: InitiativeView, *, lang: str | None = None) -> None:
        self._view = view
        self.lang = lang if lang in LANGUAGES else view.lang
        self.widget = W.VBox(layout=FULL)
        self.widget.add_class("wb-review")
        self.status = _html("", "wb-status")
        self.themes: dict[str, ThemeWidgets] = {}
        self.missing: list[MissingRow] = []
        self.quotes: dict[tuple[str, int, int, int], W.ToggleButtons] = {}
        self.quote_cards: dict[tuple[str, int, int, int], QuoteCard] = {}
        self.stories: dict[str, StoryWidgets] = {}
        self.pathways: dict[str, Any] = {}  # link key -> its widgets (workbench.review.pathways_tab)
        self.panel = _html("")
        # the four tab pages are made once and keep their place: only their contents change
        self.themes_box = W.VBox(layout=FULL)
        self.quotes_box = W.VBox(layout=FULL)
        self.stories_box = W.VBox(layout=FULL)
        self.pathways_box = W.VBox(layout=FULL)
        self.tabs = W.Tab(children=[self.themes_box, self.quotes_box, self.stories_box, self.pathways_box], layout=FULL)
        self.language = W.ToggleButtons(options=[("Nederlands", "nl"), ("English", "en")], value=self.lang, style={"button_width": "auto"})
        self.language.observe(self._on_language, "value")
        self.render()

    # -- building -------------------------------------------------------------------------
    def t(self, key: str, **values: Any) -> str:
        return str(t(key, self.lang, **values))

    def _shown(self, text: str | None) -> str:
        """Stored text as the page shows it: escaped, pseudonym tags as the reports show them ([naam])."""
        return _e(readable_tags(text or "", self.lang))

    def render(self) -> None:
        """Fill the page from the store (at the start and after a language switch)."""
        view = self._view
        header = [
            _html(CSS),
            _html(f"<h2>{_e(self.t('review_title', initiative=view.initiative))}</h2>"),
            _html(f"<p>{_e(self.t('review_welcome', name=view.reviewer_name))}</p>"),
            self.language,
        ]
        self.themes_box.children = self._themes_tab()
        self.quotes_box.children = self._quotes_tab()
        self.stories_box.children = self._msc_tab()
        self.pathways_box.children = (pathways_tab(self),)
        self.tabs.titles = (self.t("review_tab_themes"), self.t("review_tab_quotes"), self.t("review_tab_msc"), self.t("review_tab_pathways"))
        if self.tabs.selected_index is None:
            self.tabs.selected_index = 0
        self.widget.children = [*header, self.status, self.tabs]

    def _theme_head(self, theme: ReviewTheme) -> str:
        quotes = "".join(f"<blockquote>{self._shown(q.text)}</blockquote>" for q in theme.quotes)
        keywords = _e(", ".join(theme.keywords[:8]))
        return f"<h3>{_e(theme.label)}</h3><p class='wb-muted'>{_e(self.t('review_keywords'))}: {keywords}</p>{quotes}"

    def _themes_tab(self) -> list[W.Widget]:
        self.themes = {}
        mine = self._view.my_reviews()
        items: list[W.Widget] = [_html(f"<p>{_e(self.t('review_themes_intro'))}</p>")]
        themes = self._view.themes()
        if not themes:
            items.append(_html(f"<p class='wb-muted'>{_e(self.t('review_no_themes'))}</p>"))
        for theme in themes:
            items.append(self._theme_card(theme, mine.get(theme.key)))
        items.append(self._missing_card())
        return items

    def _theme_card(self, theme: ReviewTheme, r: ThemeReview | None) -> W.VBox:
        head = _html(self._theme_head(theme))
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
        own.observe(lambda ch, key=key: self._do(self._view.set_own_name, key, ch["new"], after=lambda: self._relabel(key)), "value")
        comment.observe(lambda ch, key=key: self._do(self._view.set_comment, key, ch["new"]), "value")
        self.themes[key] = ThemeWidgets(verdict, own, comment, head)
        card = W.VBox([head, verdict, _html(_e(self.t("review_own_name"))), own, _html(_e(self.t("review_comment"))), comment], layout=FULL)
        card.add_class("wb-card")
        card.add_class("wb-theme")
        return card

    def _missing_card(self) -> W.VBox:
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
        return missing

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

    def _theme_name(self, key: str, label: str) -> str:
        """The theme as the quotes tab names it: the co-researcher's own name once given."""
        w = self.themes.get(key)
        own = (w.own_name.value or "").strip() if w is not None else ""
        return self.t("review_in_theme_own", own=own, label=label) if own else self.t("review_in_theme", label=label)

    def _quotes_tab(self) -> list[W.Widget]:
        self.quotes = {}
        self.quote_cards = {}
        items: list[W.Widget] = [_html(f"<p>{_e(self.t('review_quotes_intro'))}</p>")]
        pairs = self._view.quotes()
        if not pairs:
            items.append(_html(f"<p class='wb-muted'>{_e(self.t('review_no_quotes'))}</p>"))
        mine = self._view.my_quote_verdicts()
        for theme, q in pairs:
            items.append(self._quote_card(theme, q, mine.get(q.span)))
        return items

    def _quote_card(self, theme: ReviewTheme, q: ReviewQuote, v: QuoteVerdict | None) -> W.VBox:
        buttons = W.ToggleButtons(
            options=[(self.t("review_quote_ok"), "ok"), (self.t("review_quote_wrong"), "wrong"), (self.t("review_quote_identifying"), "identifying")],
            value=v.verdict if v else None, style={"button_width": "auto"},
        )
        buttons.add_class("wb-quote-verdict")
        span = q.span
        buttons.observe(lambda ch, span=span: self._on_quote(span, ch["new"]), "value")
        self.quotes[span] = buttons
        label = _html(f"<p class='wb-muted'>{_e(self._theme_name(theme.key, theme.label))}</p>")
        card = W.VBox([_html(f"<blockquote>{self._shown(q.text)}</blockquote>"), label, buttons], layout=FULL)
        card.add_class("wb-card")
        card.add_class("wb-quote")
        self.quote_cards[span] = QuoteCard(card, label, theme.key, theme.label)
        return card

    def _msc_tab(self) -> list[W.Widget]:
        self.stories = {}
        mine = self._view.my_msc()
        chosen_ids = self._view.my_chosen()
        items: list[W.Widget] = [_html(f"<p>{_e(self.t('review_msc_intro'))}</p>")]
        for story in self._view.stories():
            items.append(self._story_card(story, mine.get(story.doc_id), story.doc_id in chosen_ids))
        self._refresh_panel()
        box = W.VBox([self.panel], layout=FULL)
        box.add_class("wb-card")
        box.add_class("wb-panel")
        items.append(box)
        return items

    def _story_title(self, story: Story) -> str:
        return " · ".join(x for x in (self._kind(story.kind), self._role(story.role), story.date or "") if x)

    def _story_card(self, story: Story, c: MscChoice | None, is_chosen: bool) -> W.VBox:
        chosen = W.Checkbox(value=is_chosen, description=self.t("review_msc_choose"), indent=False, layout=FULL)
        chosen.add_class("wb-msc-choose")
        reason = W.Textarea(value=(c.reason or "") if c else "", placeholder=self.t("review_msc_reason"), continuous_update=False, layout=FULL)
        reason.add_class("wb-msc-reason")
        doc_id = story.doc_id
        chosen.observe(lambda ch, doc_id=doc_id: self._do(self._view.choose_story, doc_id, chosen=bool(ch["new"]), after=self._refresh_panel), "value")
        reason.observe(lambda ch, doc_id=doc_id: self._do(self._view.choose_story, doc_id, reason=ch["new"], after=self._refresh_panel), "value")
        short, full = self._story_html(story)
        body = _html(f"<h3>{_e(self._story_title(story))}</h3>{short}")
        body.add_class("wb-story-text")
        parts: list[W.Widget] = [body]
        more_html: W.HTML | None = None
        if full != short:
            more_html = _html(full)
            more_html.add_class("wb-story-text")
            more = W.Accordion(children=[more_html], layout=FULL)
            more.set_title(0, self.t("review_read_more"))
            more.selected_index = None
            parts.append(more)
        self.stories[doc_id] = StoryWidgets(chosen, reason, body, more_html)
        card = W.VBox([*parts, chosen, reason], layout=FULL)
        card.add_class("wb-card")
        card.add_class("wb-story")
        return card

    def _story_html(self, story: Story) -> tuple[str, str]:
        """(the beginning shown at once, the whole story): an interview in its turns, who
        speaks above what they say; other texts in their paragraphs."""
        if not story.turns:
            return (f"<p style='white-space: pre-wrap'>{self._shown(story.excerpt)}</p>",
                    f"<p style='white-space: pre-wrap'>{self._shown(story.text)}</p>")
        names: dict[str, str] = {}
        rows = []
        for turn in story.turns:
            speaker = turn.speaker or ""
            if is_tag(speaker):  # two people both shown as [naam] could not be told apart: number them
                speaker = names.setdefault(speaker, self.t("review_speaker", n=len(names) + 1))
            cls = "wb-turn wb-int" if turn.is_interviewer else "wb-turn"
            head = f"<span class='wb-spk'>{_e(speaker)}</span>" if speaker else ""
            rows.append(f"<div class='{cls}'>{head}<span class='wb-said' style='white-space: pre-wrap'>{self._shown(turn.text)}</span></div>")
        shown: list[str] = []
        size = 0
        for row, turn in zip(rows, story.turns):
            if shown and size + len(turn.text) > EXCERPT:
                break
            shown.append(row)
            size += len(turn.text)
        more = "" if len(shown) == len(rows) else "<p class='wb-muted'>…</p>"
        return "".join(shown) + more, "".join(rows)

    def _kind(self, kind: str) -> str:
        key = f"review_kind_{kind}"
        from workbench.i18n import has

        return self.t(key) if has(key) else kind

    def _role(self, role: str | None) -> str:
        """A role from the metadata (Dutch: vrijwilliger) in the page's language."""
        from workbench.model.corpus import ROLES_EN

        return ROLES_EN.get(role or "", role or "") if self.lang == "en" else role or ""

    def _refresh_panel(self) -> None:
        choices = self._view.panel()
        titles = {s.doc_id: self._story_title(s) for s in self._view.stories()}
        rows = []
        for c in choices:
            who = c.reviewer + (f" ({self._role(c.role)})" if c.role else "")
            reason = f"<br><i>{_e(c.reason)}</i>" if c.reason else ""
            rows.append(f"<li>{_e(self.t('review_panel_row', story=titles.get(c.doc_id, c.doc_id), who=who))}{reason}</li>")
        body = f"<ul>{''.join(rows)}</ul>" if rows else f"<p class='wb-muted'>{_e(self.t('review_panel_none'))}</p>"
        self.panel.value = f"<h3>{_e(self.t('review_panel_title'))}</h3>{body}"

    # -- changing in place ----------------------------------------------------------------
    def _relabel(self, key: str) -> None:
        """The quotes of a theme the co-researcher just named carry that name."""
        for qc in self.quote_cards.values():
            if qc.theme_key == key:
                qc.label.value = f"<p class='wb-muted'>{_e(self._theme_name(key, qc.theme_label))}</p>"

    def _after_flag(self, span: tuple[str, int, int, int]) -> None:
        """A flagged quote leaves every tab at once, without moving the page: its card says
        thank you where the quote was; the themes and stories lose it in place; a quote that
        comes in instead joins at the end of the quotes."""
        qc = self.quote_cards.pop(span, None)
        self.quotes.pop(span, None)
        if qc is not None:
            done = _html(f"<p class='wb-done' role='status'>✓ {_e(self.t('review_quote_hidden'))}</p>")
            qc.card.children = [done]
            qc.card.add_class("wb-quote-hidden")
        themes = self._view.themes()
        for theme in themes:
            w = self.themes.get(theme.key)
            if w is not None and w.head is not None:
                w.head.value = self._theme_head(theme)
        mine = self._view.my_quote_verdicts()
        new = [self._quote_card(theme, q, mine.get(q.span)) for theme, q in self._view.quotes() if q.span not in self.quote_cards]
        if new:
            self.quotes_box.children = [*self.quotes_box.children, *new]
        for story in self._view.stories():
            sw = self.stories.get(story.doc_id)
            if sw is None or sw.body is None:
                continue
            short, full = self._story_html(story)
            sw.body.value = f"<h3>{_e(self._story_title(story))}</h3>{short}"
            if sw.more is not None:
                sw.more.value = full

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
        saved = self._do(self._view.set_quote_verdict, span, verdict, after=(lambda: self._after_flag(span)) if verdict == "identifying" else None)
        if verdict == "identifying" and saved is not None:
            self.status.value = f"<p>✓ {_e(self.t('review_quote_hidden'))}</p>"

    def _on_language(self, change: dict[str, Any]) -> None:
        if change["new"] in LANGUAGES:
            self.lang = change["new"]
            self.render()
