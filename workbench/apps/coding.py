"""The coding app for JupyterLab: ``wb.coding_app(study, coder="lian")``.

A view over :class:`workbench.coding.session.CodingSession`: the reading view
(:mod:`workbench.apps.reader`), the code tree with search, checkboxes for the selected
fragment, suggestions with confidence and reason (accept / reject), memo fields,
next/previous fragment and document (buttons, or j/k and n/p in the text), progress per
document and for the study, and filters. Every handler is one line into the session,
which writes to the store at once; the state lives there, not in the widgets.

Example:
    >>> import workbench as wb
    >>> app = wb.coding_app(wb.open_study("."), coder="lian")   # doctest: +SKIP
    >>> app                                                     # doctest: +SKIP
"""

from __future__ import annotations

import html as _html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from workbench.apps.link_panel import LinkPanel
from workbench.apps.reader import Reader, render_html
from workbench.coding.session import STATUSES, CodingSession
from workbench.errors import WorkbenchError
from workbench.i18n import add, language, t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.study import Study

for _key, _nl, _en in (
    ("app_document", "Document", "Document"),
    ("app_unit", "Eenheid", "Unit"),
    ("app_sentence", "zin", "sentence"),
    ("app_turn", "beurt", "turn"),
    ("app_previous", "◀ vorige", "◀ previous"),
    ("app_next", "volgende ▶", "next ▶"),
    ("app_previous_doc", "◀◀ vorig document", "◀◀ previous document"),
    ("app_next_doc", "volgend document ▶▶", "next document ▶▶"),
    ("app_filter_status", "Toon", "Show"),
    ("app_status_all", "alles", "everything"),
    ("app_status_uncoded", "nog niet gecodeerd", "not coded yet"),
    ("app_status_suggested", "met suggesties", "with suggestions"),
    ("app_status_disagreement", "verschillen met", "disagreements with"),
    ("app_other_coder", "Andere codeur", "Other coder"),
    ("app_initiative", "Initiatief", "Initiative"),
    ("app_role", "Rol", "Role"),
    ("app_code", "Code", "Code"),
    ("app_all", "(alle)", "(all)"),
    ("app_code_search", "zoek een code", "search a code"),
    ("app_memo", "Memo bij dit fragment", "Memo on this fragment"),
    ("app_doc_memo", "Memo bij het document", "Memo on the document"),
    ("app_save", "Bewaar memo", "Save memo"),
    ("app_accept", "accepteer", "accept"),
    ("app_reject", "verwerp", "reject"),
    ("app_suggestions", "Suggesties", "Suggestions"),
    ("app_no_suggestions", "geen suggesties", "no suggestions"),
    ("app_codes", "Codes", "Codes"),
    ("app_fragment", "Geselecteerd", "Selected"),
    ("app_nothing_selected", "Klik op een zin, of selecteer tekst met de muis.", "Click a sentence, or select text with the mouse."),
    ("app_progress_doc", "Document", "Document"),
    ("app_progress_study", "Studie", "Study"),
    ("app_saved", "Opgeslagen.", "Saved."),
    ("app_keys", "Toetsen in de tekst: j/k volgende/vorige, n/p document.", "Keys in the text: j/k next/previous, n/p document."),
):
    add(_key, nl=_nl, en=_en)


class CodingApp(w.VBox):
    """The app. Build it with :func:`coding_app`; its parts are attributes for tests."""

    def __init__(self, session: CodingSession) -> None:
        self.session = s = session
        self.lang = language()
        cb = s.codebook
        self.colours = _colours(cb)
        self.message = w.HTML()
        # -- header: document, unit, moves, filters
        self.document = w.Dropdown(description=t("app_document"), layout=w.Layout(width="460px"))
        self.unit = w.ToggleButtons(options=[(t("app_sentence"), "sentence"), (t("app_turn"), "turn")], value=s.unit if s.unit in ("sentence", "turn") else "sentence", description=t("app_unit"))
        self.previous_doc = w.Button(description=t("app_previous_doc"))
        self.next_doc = w.Button(description=t("app_next_doc"))
        self.previous = w.Button(description=t("app_previous"))
        self.next = w.Button(description=t("app_next"))
        self.status = w.Dropdown(options=[(t(f"app_status_{x}"), x) for x in STATUSES], value=s.status, description=t("app_filter_status"))
        coders = [c for c in s.study.store.coders() if c != s.coder]
        self.other = w.Dropdown(options=[("", "")] + [(c, c) for c in coders], value="", description=t("app_other_coder"))
        self.initiative = w.Dropdown(options=[(t("app_all"), "")] + [(x, x) for x in s.initiatives()], value=s.initiative or "", description=t("app_initiative"))
        self.role = w.Dropdown(options=[(t("app_all"), "")] + [(x, x) for x in s.roles()], value=s.role or "", description=t("app_role"))
        self.code_filter = w.Dropdown(options=[(t("app_all"), "")] + [("  " * d + c.get_label(self.lang), c.id) for d, c in cb.walk()], value="", description=t("app_code"))
        self.info = w.HTML()
        self.doc_progress = w.IntProgress(description=t("app_progress_doc"), min=0, max=1, style={"description_width": "initial"})
        self.study_progress = w.IntProgress(description=t("app_progress_study"), min=0, max=1, style={"description_width": "initial"})
        # -- reading view
        self.reader = Reader(layout=w.Layout(width="60%"))
        # -- the selected fragment: codes, suggestions, memo
        self.fragment = w.HTML()
        self.code_search = w.Text(placeholder=t("app_code_search"), continuous_update=True, layout=w.Layout(width="95%"))
        self.checks: dict[str, w.Checkbox] = {}
        rows = []
        for depth, code in cb.walk():
            box = w.Checkbox(value=False, description=code.get_label(self.lang), indent=False, disabled=not code.is_active, layout=w.Layout(margin=f"0 0 0 {depth * 18}px", width="auto", flex="0 0 auto"))
            box.add_class(f"wb-code-{code.id}")
            box.observe(lambda change, cid=code.id: self.on_check(cid, change["new"]), names="value")
            self.checks[code.id] = box
            swatch = w.HTML(f'<span style="display:inline-block;width:10px;height:10px;background:{self.colours.get(code.id, "#999")}"></span>', layout=w.Layout(width="14px"))
            rows.append(w.HBox([swatch, box], layout=w.Layout(flex="0 0 auto", min_height="26px", align_items="center")))
        self._code_rows = dict(zip(self.checks, rows))
        self.code_tree = w.VBox(rows, layout=w.Layout(height="22em", overflow="auto", flex_flow="column nowrap", display="flex"))
        self.suggestions = w.VBox()
        self.memo = w.Textarea(placeholder=t("app_memo"), layout=w.Layout(width="95%", height="4em"))
        self.save_memo = w.Button(description=t("app_save"))
        self.doc_memo = w.Textarea(placeholder=t("app_doc_memo"), layout=w.Layout(width="95%", height="4em"))
        self.save_doc_memo = w.Button(description=t("app_save"))
        self.links = LinkPanel(self)  # "verband": cause and effect on the fragment (issue 20)
        self._quiet = False
        # -- wiring: one line each into the session
        self.reader.on_event(self.on_reader)
        self.document.observe(lambda ch: self._do(lambda: s.open(ch["new"])) if not self._quiet and ch["new"] else None, names="value")
        self.unit.observe(lambda ch: self._do(lambda: self._set_unit(ch["new"])) if not self._quiet else None, names="value")
        self.previous.on_click(lambda _: self._do(s.previous))
        self.next.on_click(lambda _: self._do(s.next))
        self.previous_doc.on_click(lambda _: self._do(s.previous_document))
        self.next_doc.on_click(lambda _: self._do(s.next_document))
        for widget, name in ((self.status, "status"), (self.other, "other"), (self.initiative, "initiative"), (self.role, "role"), (self.code_filter, "code")):
            widget.observe(lambda ch, name=name: self._do(lambda: s.set_filters(**{name: ch["new"]})) if not self._quiet else None, names="value")
        self.code_search.observe(lambda ch: self._filter_codes(ch["new"]), names="value")
        self.save_memo.on_click(lambda _: self._do(lambda: s.set_memo(self.memo.value)))
        self.save_doc_memo.on_click(lambda _: self._do(lambda: s.set_document_memo(self.doc_memo.value)))
        header = w.VBox([
            w.HBox([self.document, self.previous_doc, self.next_doc]),
            w.HBox([self.unit, self.previous, self.next, w.HTML(f'<span style="color:#777;font-size:12px">{t("app_keys")}</span>')]),
            w.HBox([self.status, self.other, self.initiative, self.role, self.code_filter], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.info, self.doc_progress, self.study_progress]),
        ])
        side = w.VBox([
            self.fragment, w.HTML(f"<b>{t('app_suggestions')}</b>"), self.suggestions, w.HTML(f"<b>{t('app_codes')}</b>"), self.code_search,
            self.code_tree, self.memo, self.save_memo, self.doc_memo, self.save_doc_memo, self.links,
        ], layout=w.Layout(width="40%", padding="0 0 0 1em"))
        super().__init__([header, w.HBox([self.reader, side]), self.message])
        self.add_class("wb-coding-app")
        self.refresh()

    # -- handlers ---------------------------------------------------------------------------
    def on_reader(self, event: dict[str, Any]) -> None:
        """A click, a mouse selection or a key in the reading view."""
        kind = event.get("kind")
        if kind == "click":
            self._do(lambda: self.session.select_at(int(event["offset"])))
        elif kind == "span":
            self._do(lambda: self.session.select_span(int(event["start"]), int(event["end"])))
        elif kind == "key" and event.get("action") in ("next", "previous", "next_document", "previous_document"):
            self._do(getattr(self.session, str(event["action"])))

    def on_check(self, code_id: str, on: bool) -> None:
        if not self._quiet:
            self._do(lambda: self.session.toggle(code_id, on))

    def _set_unit(self, unit: str) -> None:
        s = self.session
        s.unit = unit
        s._study_progress = s.study.progress(s.coder, unit=unit)
        s.open(s.doc.id) if s.doc is not None else None

    def _do(self, action: Any) -> None:
        """Run one action; a WorkbenchError is shown in the app, not raised into the notebook."""
        try:
            action()
            self.message.value = ""
        except WorkbenchError as exc:
            self.message.value = f'<span style="color:#b00">{_html.escape(str(exc))}</span>'
        self.refresh()

    def _filter_codes(self, text: str) -> None:
        needle = text.strip().lower()
        cb = self.session.codebook
        keep = set()
        for code in cb.codes:
            if not needle or needle in code.id.lower() or needle in code.get_label(self.lang).lower() or any(needle in k.lower() for k in code.keywords):
                keep.add(code.id)
                keep.update(cb.ancestors(code.id))
        for cid, row in self._code_rows.items():
            row.layout.display = "" if cid in keep else "none"

    # -- drawing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the session's state (after every action)."""
        s = self.session
        self._quiet = True
        try:
            self.document.options = [(d.id, d.id) for d in s.documents]
            if s.doc is not None:
                self.document.value = s.doc.id
            self.unit.value = s.unit if s.unit in ("sentence", "turn") else "sentence"
            self.status.value = s.status  # a refused filter shows what is in force
            for widget, value in ((self.other, s.other), (self.initiative, s.initiative), (self.role, s.role), (self.code_filter, s.code)):
                if (value or "") in [v for _, v in widget.options]:
                    widget.value = value or ""
            self._draw_document()
            self._draw_fragment()
        finally:
            self._quiet = False

    def _draw_document(self) -> None:
        s = self.session
        if s.doc is None:
            self.reader.html = ""
            return
        doc = s.doc
        bits = [x for x in (doc.initiative, doc.role, doc.kind, doc.date) if x]
        self.info.value = f"<b>{_html.escape(doc.id)}</b> · " + " · ".join(_html.escape(str(x)) for x in bits)
        done, total = s.document_progress()
        self.doc_progress.max, self.doc_progress.value = max(total, 1), done
        self.doc_progress.description = f"{t('app_progress_doc')} {done}/{total}"
        sdone, stotal = s.study_progress()
        self.study_progress.max, self.study_progress.value = max(stotal, 1), sdone
        self.study_progress.description = f"{t('app_progress_study')} {sdone}/{stotal}"
        cb = s.codebook
        highlights = [
            (c.start, c.end, self.colours.get(c.code_id, "#999999"), f"{cb.label(c.code_id, self.lang) if c.code_id in cb else c.code_id} ({c.coder})")
            for c in s.codings if c.coder == s.coder and not c.is_suggestion
        ]
        suggested = [(c.start, c.end) for c in s.codings if c.is_suggestion]
        selected = (s.fragment.start, s.fragment.end) if s.fragment is not None else None
        self.reader.html = render_html(doc.text, turns=s.turns, units=s.units, highlights=highlights, suggested=suggested, selected=selected)
        self.doc_memo.value = s.document_memo()

    def _draw_fragment(self) -> None:
        s = self.session
        f = s.fragment
        self.links.draw()
        if f is None or s.doc is None:
            self.fragment.value = f"<i>{t('app_nothing_selected')}</i>"
            self.suggestions.children = ()
            return
        speaker = s.speaker_here()
        quote = s.doc.text[f.start : f.end]
        self.fragment.value = (
            f"<b>{t('app_fragment')}</b> ({f.unit}, {f.start}-{f.end}{', ' + _html.escape(speaker) if speaker else ''})"
            f"<div style='border-left:3px solid #999;padding-left:6px;max-height:8em;overflow:auto'>{_html.escape(quote)}</div>"
        )
        mine = s.codes_here()
        for cid, box in self.checks.items():
            box.value = cid in mine
        self.memo.value = s.memo_here()
        rows = []
        cb = s.codebook
        for sug in s.suggestions_here():
            label = cb.label(sug.code_id, self.lang) if sug.code_id in cb else sug.code_id
            conf = f"{sug.confidence:.2f}" if sug.confidence is not None else "?"
            reason = _html.escape((sug.rationale or "").splitlines()[0][:140]) if sug.rationale else ""
            accept = w.Button(description=t("app_accept"), button_style="success", layout=w.Layout(width="auto"))
            reject = w.Button(description=t("app_reject"), layout=w.Layout(width="auto"))
            accept.add_class(f"wb-accept-{sug.code_id}")
            reject.add_class(f"wb-reject-{sug.code_id}")
            accept.on_click(lambda _, cid=sug.code_id: self._do(lambda: s.accept(cid)))
            reject.on_click(lambda _, cid=sug.code_id: self._do(lambda: s.reject(cid)))
            rows.append(w.HBox([
                w.HTML(f"<span style='background:{self.colours.get(sug.code_id, '#999')}40'>☐ {_html.escape(label)}</span> <b>{conf}</b> <span style='color:#666'>{reason}</span>"),
                accept, reject,
            ]))
        self.suggestions.children = tuple(rows) or (w.HTML(f"<i style='color:#777'>{t('app_no_suggestions')}</i>"),)


def _colours(codebook: Any) -> dict[str, str]:
    """Each code's colour; a code without one takes its parent's."""
    out: dict[str, str] = {}
    for _, code in codebook.walk():
        out[code.id] = code.color or (out.get(code.parent, "#999999") if code.parent else "#999999")
    return out


def coding_app(study: Study, coder: str | None = None, *, unit: str = "sentence") -> CodingApp:
    """The coding app for ``coder`` (default: [project] user), opened where they left off."""
    return CodingApp(CodingSession(study, coder or study.user, unit=unit))
