"""The coding app for JupyterLab: ``wb.coding_app(study, coder="lian")``.

A view over :class:`workbench.apps.session.CodingSession`: the reading view
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

import colorsys
import html as _html
from datetime import datetime
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from workbench.apps.link_panel import LinkPanel
from workbench.apps.reader import Reader, Scroller, render_html
from workbench.apps.session import STATUSES, CodingSession
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
    ("app_memo_saved", "Memo bewaard ({time})", "Memo saved ({time})"),
    ("app_keys", "Toetsen in de tekst: j/k volgende/vorige, n/p document.", "Keys in the text: j/k next/previous, n/p document."),
):
    add(_key, nl=_nl, en=_en)


#: buttons as wide as their words (a fixed width cut "accepteer" to "a..." at 1500 px)
_FIT = {"width": "auto", "flex": "0 0 auto", "min_width": "fit-content"}
#: a dropdown's description as wide as its words ("Andere codeur", not "Andere c...")
_WHOLE = {"description_width": "initial"}


def _button(description: str, **kwargs: Any) -> w.Button:
    return w.Button(description=description, layout=w.Layout(**_FIT), **kwargs)


class CodingApp(w.VBox):
    """The app. Build it with :func:`coding_app`; its parts are attributes for tests."""

    def __init__(self, session: CodingSession) -> None:
        self.session = session
        self.lang = language()
        self.colours = _colours(session.codebook)
        self.message = w.HTML()
        self._quiet = False
        self._build_header()
        self._build_codes()
        self._build_side()
        self._wire()
        super().__init__([self._header_box(), w.HBox([self.reader, self._side_box()]), self.message, self.scroller])
        self.add_class("wb-coding-app")
        self.refresh()

    # -- building, in steps ---------------------------------------------------------------------
    def _build_header(self) -> None:
        """Document, unit, moves, filters, progress."""
        s = self.session
        self.document = w.Dropdown(description=t("app_document"), layout=w.Layout(width="460px"), style=_WHOLE)
        self.unit = w.ToggleButtons(options=[(t("app_sentence"), "sentence"), (t("app_turn"), "turn")], value=s.unit if s.unit in ("sentence", "turn") else "sentence",
                                    description=t("app_unit"), style={**_WHOLE, "button_width": "auto"})
        self.previous_doc = _button(t("app_previous_doc"))
        self.next_doc = _button(t("app_next_doc"))
        self.previous = _button(t("app_previous"))
        self.next = _button(t("app_next"))
        self.status = w.Dropdown(options=[(t(f"app_status_{x}"), x) for x in STATUSES], value=s.status, description=t("app_filter_status"), style=_WHOLE)
        coders = [c for c in s.study.store.coders() if c != s.coder]
        self.other = w.Dropdown(options=[("", "")] + [(c, c) for c in coders], value="", description=t("app_other_coder"), style=_WHOLE)
        self.initiative = w.Dropdown(options=[(t("app_all"), "")] + [(x, x) for x in s.initiatives()], value=s.initiative or "", description=t("app_initiative"), style=_WHOLE)
        self.role = w.Dropdown(options=[(t("app_all"), "")] + [(x, x) for x in s.roles()], value=s.role or "", description=t("app_role"), style=_WHOLE)
        codes = [("  " * d + c.get_label(self.lang), c.id) for d, c in s.codebook.walk()]
        self.code_filter = w.Dropdown(options=[(t("app_all"), ""), *codes], value="", description=t("app_code"), style=_WHOLE)
        self.info = w.HTML()
        self.doc_progress = w.IntProgress(description=t("app_progress_doc"), min=0, max=1, style=_WHOLE)
        self.study_progress = w.IntProgress(description=t("app_progress_study"), min=0, max=1, style=_WHOLE)
        self.reader = Reader(layout=w.Layout(width="60%"))

    def _build_codes(self) -> None:
        """The code tree: a checkbox per code with its own colour, indented by depth."""
        self.checks: dict[str, w.Checkbox] = {}
        rows = []
        for depth, code in self.session.codebook.walk():
            box = w.Checkbox(value=False, description=code.get_label(self.lang), indent=False, disabled=not code.is_active,
                             layout=w.Layout(margin=f"0 0 0 {depth * 18}px", width="auto", flex="0 0 auto"))
            box.add_class(f"wb-code-{code.id}")
            box.observe(lambda change, cid=code.id: self.on_check(cid, change["new"]), names="value")
            self.checks[code.id] = box
            swatch = w.HTML(f'<span class="wb-swatch" style="display:inline-block;width:12px;height:12px;border-radius:2px;background:{self.colours.get(code.id, "#999")}"></span>',
                            layout=w.Layout(width="16px", flex="0 0 auto"))
            rows.append(w.HBox([swatch, box], layout=w.Layout(flex="0 0 auto", min_height="26px", align_items="center")))
        self._code_rows = dict(zip(self.checks, rows))
        self.code_tree = w.VBox(rows, layout=w.Layout(height="22em", overflow="auto", flex_flow="column nowrap", display="flex"))
        self.code_tree.add_class("wb-code-tree")
        self.scroller = Scroller()

    def _build_side(self) -> None:
        """The selected fragment, its suggestions, the code search and the memos."""
        self.fragment = w.HTML()
        self.code_search = w.Text(placeholder=t("app_code_search"), continuous_update=True, layout=w.Layout(width="95%"))
        self.suggestions = w.VBox()
        self.memo = w.Textarea(placeholder=t("app_memo"), layout=w.Layout(width="95%", height="4em"))
        self.save_memo = _button(t("app_save"))
        self.memo_saved = w.HTML()
        self.memo_saved.add_class("wb-memo-saved")
        self.doc_memo = w.Textarea(placeholder=t("app_doc_memo"), layout=w.Layout(width="95%", height="4em"))
        self.save_doc_memo = _button(t("app_save"))
        self.doc_memo_saved = w.HTML()
        self.doc_memo_saved.add_class("wb-memo-saved")
        self.links = LinkPanel(self)  # "verband": cause and effect on the fragment (issue 20)

    def _wire(self) -> None:
        """One line each into the session."""
        s = self.session
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
        self.save_memo.on_click(lambda _: self._do(lambda: s.set_memo(self.memo.value), saved=self.memo_saved))
        self.save_doc_memo.on_click(lambda _: self._do(lambda: s.set_document_memo(self.doc_memo.value), saved=self.doc_memo_saved))

    def _header_box(self) -> w.VBox:
        wrap = w.Layout(flex_flow="row wrap", align_items="center")
        return w.VBox([
            w.HBox([self.document, self.previous_doc, self.next_doc], layout=wrap),
            w.HBox([self.unit, self.previous, self.next, w.HTML(f'<span style="color:#777;font-size:12px">{t("app_keys")}</span>')], layout=wrap),
            w.HBox([self.status, self.other, self.initiative, self.role, self.code_filter], layout=wrap),
            w.HBox([self.info, self.doc_progress, self.study_progress], layout=wrap),
        ])

    def _side_box(self) -> w.VBox:
        return w.VBox([
            self.fragment, w.HTML(f"<b>{t('app_suggestions')}</b>"), self.suggestions, w.HTML(f"<b>{t('app_codes')}</b>"), self.code_search,
            self.code_tree, self.memo, w.HBox([self.save_memo, self.memo_saved], layout=w.Layout(align_items="center")),
            self.doc_memo, w.HBox([self.save_doc_memo, self.doc_memo_saved], layout=w.Layout(align_items="center")),
            self.links,  # the "verband" panel (issue 20): built in _build_side, shown here
        ], layout=w.Layout(width="40%", padding="0 0 0 1em"))

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

    def _accept(self, code_id: str) -> None:
        """Accept a suggestion; the code it ticks is scrolled into view in the code tree."""
        self._do(lambda: self.session.accept(code_id))
        if code_id in self.session.codes_here():
            self.scroller.show(f"wb-code-{code_id}")

    def on_check(self, code_id: str, on: bool) -> None:
        if not self._quiet:
            self._do(lambda: self.session.toggle(code_id, on))

    def _set_unit(self, unit: str) -> None:
        s = self.session
        s.unit = unit
        s._study_progress = s.study.progress(s.coder, unit=unit)
        s.open(s.doc.id) if s.doc is not None else None

    def _do(self, action: Any, *, saved: w.HTML | None = None) -> None:
        """Run one action; a WorkbenchError is shown in the app, not raised into the notebook.
        ``saved`` (next to a memo's button) then says that it was saved, and when."""
        for note in (self.memo_saved, self.doc_memo_saved):
            note.value = ""
        try:
            action()
            self.message.value = ""
            if saved is not None:
                saved.value = f'<span style="color:#2e6b32">✓ {_html.escape(t("app_memo_saved", time=datetime.now().strftime("%H:%M")))}</span>'
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
            # every part of the reason on its own line: keyword, criterion, the coded sentence it is like
            reason = "<br>".join(_html.escape(part) for part in (sug.rationale or "").splitlines()[0][:600].split("; ")) if sug.rationale else ""
            accept = _button(t("app_accept"), button_style="success")
            reject = _button(t("app_reject"))
            accept.add_class(f"wb-accept-{sug.code_id}")
            reject.add_class(f"wb-reject-{sug.code_id}")
            accept.on_click(lambda _, cid=sug.code_id: self._accept(cid))
            reject.on_click(lambda _, cid=sug.code_id: self._do(lambda: s.reject(cid)))
            rows.append(w.HBox([
                w.HTML(f"<span style='background:{self.colours.get(sug.code_id, '#999')}40'>☐ {_html.escape(label)}</span> <b>{conf}</b> <span style='color:#666'>{reason}</span>",
                       layout=w.Layout(flex="1 1 12em", min_width="12em")),
                accept, reject,
            ], layout=w.Layout(flex_flow="row wrap", align_items="center")))
        self.suggestions.children = tuple(rows) or (w.HTML(f"<i style='color:#777'>{t('app_no_suggestions')}</i>"),)


def _colours(codebook: Any) -> dict[str, str]:
    """Each code's colour, told apart from its parent's and its siblings'.

    A code without a colour, or with the same colour as its parent or a sibling (a
    codebook often gives a whole group one colour), gets its own shade of that colour:
    lighter and darker steps, none equal to the parent's.

    >>> from workbench.codebook import Codebook
    >>> cs = _colours(Codebook.from_yaml("codebooks/impact-zorgzame-gemeenschappen.yaml"))  # doctest: +SKIP
    """
    out: dict[str, str] = {}
    for _, code in codebook.walk():  # parents before their children
        if code.parent is None:
            out[code.id] = (code.color or "#999999").lower()
        kids = [codebook.get(c) for c in code.children]
        base = out[code.id]
        wanted = [(k.color or base).lower() for k in kids]
        for colour in dict.fromkeys(wanted):
            same = [k for k, c in zip(kids, wanted) if c == colour]
            if len(same) == 1 and colour != base:
                out[same[0].id] = colour
                continue
            for k, shade in zip(same, _shades(colour, len(same), avoid=base)):
                out[k.id] = shade
    return out


def _shades(colour: str, n: int, *, avoid: str) -> list[str]:
    """``n`` shades of ``colour`` spread over light and dark, none equal to ``avoid``.

    >>> _shades("#1f77b4", 3, avoid="#1f77b4")
    ['#0f3a57', '#51a6e1', '#a8d3f0']
    """
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    ar, ag, ab = (int(avoid[i : i + 2], 16) / 255 for i in (1, 3, 5))
    avoid_light = colorsys.rgb_to_hls(ar, ag, ab)[1]
    steps = [0.2 + 0.6 * i / n for i in range(n + 1)]  # n + 1 lightness steps from 0.2 to 0.8
    steps.remove(min(steps, key=lambda x: abs(x - avoid_light)))  # the one closest to the parent's
    out = []
    for step in steps:
        rr, gg, bb = colorsys.hls_to_rgb(hue, step, max(sat, 0.35))
        out.append("#" + "".join(f"{round(x * 255):02x}" for x in (rr, gg, bb)))
    return out


def coding_app(study: Study, coder: str | None = None, *, unit: str = "sentence") -> CodingApp:
    """The coding app for ``coder`` (default: [project] user), opened where they left off."""
    return CodingApp(CodingSession(study, coder or study.user, unit=unit))
