"""The coding app's "verband" panel (issue 20): on the selected fragment, pick the cause
code and the effect code, optionally the sign and the strength of claim, and store the link
at once; the coder's links on the fragment are listed with a button to take one off. Kept
apart from :mod:`workbench.apps.coding`, which adds the panel to its side bar."""

from __future__ import annotations

import html as _html
from typing import Any

import ipywidgets as w

from workbench.i18n import add, t

for _key, _nl, _en in (
    ("app_link", "Verband (wat leidde tot wat)", "Link (what led to what)"),
    ("app_link_cause", "Oorzaak", "Cause"),
    ("app_link_effect", "Gevolg", "Effect"),
    ("app_link_sign", "Richting", "Sign"),
    ("app_link_more", "meer", "more"),
    ("app_link_less", "minder", "less"),
    ("app_link_strength", "Sterkte", "Strength"),
    ("app_link_none", "(niet gezegd)", "(not said)"),
    ("app_link_weak", "zwak", "weak"),
    ("app_link_moderate", "matig", "moderate"),
    ("app_link_strong", "sterk", "strong"),
    ("app_link_add", "Leg verband", "Add link"),
    ("app_link_remove", "haal weg", "remove"),
    ("app_link_pick", "(kies)", "(pick)"),
):
    add(_key, nl=_nl, en=_en)


class LinkPanel(w.VBox):
    """The panel; ``app`` is the CodingApp (its session, language, ``_do`` and colours)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        cb = app.session.codebook
        options = [(t("app_link_pick"), "")] + [("  " * d + c.get_label(app.lang), c.id) for d, c in cb.walk() if c.is_active]
        self.cause = w.Dropdown(options=options, value="", description=t("app_link_cause"))
        self.effect = w.Dropdown(options=options, value="", description=t("app_link_effect"))
        self.sign = w.ToggleButtons(options=[(t("app_link_more"), "more"), (t("app_link_less"), "less")], value="more", description=t("app_link_sign"))
        self.strength = w.Dropdown(
            options=[(t("app_link_none"), ""), (t("app_link_weak"), "weak"), (t("app_link_moderate"), "moderate"), (t("app_link_strong"), "strong")],
            value="", description=t("app_link_strength"),
        )
        self.add_button = w.Button(description=t("app_link_add"), button_style="primary")
        self.add_button.add_class("wb-link-add")
        self.listing = w.VBox()
        self.add_button.on_click(lambda _: app._do(self.store))
        super().__init__([w.HTML(f"<b>{t('app_link')}</b>"), self.cause, self.effect, self.sign, self.strength, self.add_button, self.listing])
        self.add_class("wb-link-panel")

    def store(self) -> None:
        """Store the link chosen in the panel on the selected fragment (one line into the session)."""
        self.app.session.link(self.cause.value, self.effect.value, sign=self.sign.value, strength=self.strength.value or None)

    def draw(self) -> None:
        """The coder's links on the selected fragment."""
        s = self.app.session
        cb = s.codebook
        rows = []
        for x in s.links_here():
            label = f"{cb.label(x.cause, self.app.lang) if x.cause in cb else x.cause} \u2192 {cb.label(x.effect, self.app.lang) if x.effect in cb else x.effect}"
            extra = " · ".join(y for y in (t(f"app_link_{x.sign}"), t(f"app_link_{x.strength}") if x.strength else "") if y)
            remove = w.Button(description=t("app_link_remove"), layout=w.Layout(width="auto"))
            remove.add_class(f"wb-link-remove-{x.cause}-{x.effect}")
            remove.on_click(lambda _, c=x.cause, e=x.effect: self.app._do(lambda: s.unlink(c, e)))
            rows.append(w.HBox([w.HTML(f"<span class='wb-link'>{_html.escape(label)}</span> <span style='color:#666'>{_html.escape(extra)}</span>"), remove]))
        self.listing.children = tuple(rows)
