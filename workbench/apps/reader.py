"""The reading view: one document's text with speaker turns and coded fragments in their
code's colour, where a click selects a sentence (or turn) and a mouse selection chooses
any span. A small anywidget: the HTML is made in Python (:func:`render_html`, tested
without a browser); the browser side only shows it and reports clicks, selections and
keys as messages. Its JavaScript is inline and loads nothing from the network.

Messages from the browser: ``{"kind": "click", "offset": n}``, ``{"kind": "span",
"start": a, "end": b}`` (code points into the document's text), ``{"kind": "key",
"action": "next" | "previous" | "next_document" | "previous_document"}``.
"""

from __future__ import annotations

import html as _html
from collections.abc import Callable, Sequence
from typing import Any

import anywidget
import traitlets

ESM = r"""
function offsetOf(node, off) {
  let el = node.nodeType === 3 ? node.parentElement : node;
  if (node.nodeType !== 3 && node.childNodes && off < node.childNodes.length) {
    el = node.childNodes[off].nodeType === 3 ? node : node.childNodes[off];
    off = 0;
  }
  while (el && !(el.dataset && el.dataset.o !== undefined)) el = el.parentElement;
  if (!el) return null;
  return Number(el.dataset.o) + (node.nodeType === 3 ? off : 0);
}
// scroll only the text's own box: scrollIntoView would move the whole notebook, and the
// code tree beside the text (with the code just ticked) out of sight
function within(box, target) {
  const r = target.getBoundingClientRect(), b = box.getBoundingClientRect();
  if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - Math.max(0, (b.height - r.height) / 3);
}
function render({ model, el }) {
  el.classList.add("wb-reader");
  el.tabIndex = 0;
  const box = document.createElement("div");
  box.className = "wb-text";
  el.appendChild(box);
  const draw = () => {
    box.innerHTML = model.get("html");
    const sel = box.querySelector(".wb-sel");
    if (sel && model.get("scroll")) within(box, sel);
  };
  model.on("change:html", draw);
  draw();
  let selecting = false;
  box.addEventListener("mouseup", () => {
    const s = window.getSelection();
    if (!s || s.rangeCount === 0 || s.isCollapsed) return;
    const r = s.getRangeAt(0);
    const a = offsetOf(r.startContainer, r.startOffset);
    const b = offsetOf(r.endContainer, r.endOffset);
    if (a !== null && b !== null && b > a) {
      selecting = true;
      model.send({ kind: "span", start: a, end: b });
    }
    s.removeAllRanges();
  });
  box.addEventListener("click", (e) => {
    if (selecting) { selecting = false; return; }
    const t = e.target.closest("[data-o]");
    if (t) model.send({ kind: "click", offset: Number(t.dataset.o) });
  });
  const keys = { j: "next", ArrowDown: "next", k: "previous", ArrowUp: "previous", n: "next_document", p: "previous_document" };
  el.addEventListener("keydown", (e) => {
    if (keys[e.key]) { e.preventDefault(); model.send({ kind: "key", action: keys[e.key] }); }
  });
}
export default { render };
"""

CSS = """
.wb-reader { outline: none; }
.wb-text { max-height: 32em; overflow-y: auto; padding: 0.5em 0.8em; border: 1px solid #ddd; border-radius: 4px;
  line-height: 1.6; font-size: 14px; white-space: pre-wrap; background: #fff; color: #222; }
.wb-turn { margin: 0 0 0.7em 0; }
.wb-spk { display: block; font-weight: 600; font-size: 12px; color: #555; white-space: normal; margin-top: 0.6em; }
.wb-int { color: #888; }
.wb-u { cursor: pointer; }
.wb-sel { outline: 2px solid #222; outline-offset: 1px; }
.wb-sug { text-decoration: underline dashed #999; }
"""


class Reader(anywidget.AnyWidget):
    """The reading view. Set ``html`` (from :func:`render_html`); listen with :meth:`on_event`."""

    _esm = ESM
    _css = CSS
    html = traitlets.Unicode("").tag(sync=True)
    scroll = traitlets.Bool(True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handlers: list[Callable[[dict[str, Any]], None]] = []
        self.on_msg(self._received)

    def on_event(self, handler: Callable[[dict[str, Any]], None]) -> None:
        self._handlers.append(handler)

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict):
            for handler in self._handlers:
                handler(content)


_SCROLL_ESM = r"""
function render({ model, el }) {
  el.style.display = "none";
  model.on("change:request", () => {
    const target = document.querySelector("." + CSS.escape(model.get("target")));
    if (!target) return;
    // the nearest box that scrolls (the code tree), never the notebook around it
    let box = target.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
    if (!box) return;
    // the part of the tree the coder can see (a tall tree may reach below the window)
    const b = box.getBoundingClientRect(), r = target.getBoundingClientRect();
    const top = Math.max(b.top, 0), bottom = Math.min(b.bottom, window.innerHeight);
    if (bottom - top < 2 * r.height) { target.scrollIntoView({ block: "nearest" }); return; }
    if (r.top < top || r.bottom > bottom) box.scrollTop += r.top - top - (bottom - top - r.height) / 2;
    // the last codes cannot rise to the middle of the tree: then the notebook moves as little as it must
    const now = target.getBoundingClientRect();
    if (now.top < 0 || now.bottom > window.innerHeight) target.scrollIntoView({ block: "nearest" });
  });
}
export default { render };
"""


class Scroller(anywidget.AnyWidget):
    """Brings an element of the page into view (``show("wb-code-zingeving")``): the code
    tree scrolls to a code that was just ticked by an accept, so the coder sees it."""

    _esm = _SCROLL_ESM
    target = traitlets.Unicode("").tag(sync=True)
    request = traitlets.Int(0).tag(sync=True)

    def show(self, css_class: str) -> None:
        self.target = css_class
        self.request += 1  # also when the same element is asked for again


def render_html(
    text: str, *, turns: Sequence[Any] = (), units: Sequence[Any] = (), highlights: Sequence[tuple[int, int, str, str]] = (),
    suggested: Sequence[tuple[int, int]] = (), selected: tuple[int, int] | None = None,
) -> str:
    """The document as HTML runs: every run is a ``<span data-o=offset>`` with its exact
    text, so the browser can turn a click or a selection back into code points.

    ``highlights``: (start, end, colour, title) per coding; ``suggested``: spans with a
    pending suggestion (dashed underline); ``selected``: the selected fragment.

    >>> render_html("Ja. Nee.")
    '<span data-o="0">Ja. Nee.</span>'
    """
    points = _cut_points(text, turns, units, highlights, suggested, selected)
    unit_spans = sorted((u.start, u.end) for u in units)
    turn_list = sorted(turns, key=lambda s: s.start)
    out: list[str] = []
    ti = ui = 0
    open_turn: Any = None
    for a, b in zip(points, points[1:]):
        if open_turn is not None and a >= open_turn.end:
            out.append("</div>")
            open_turn = None
        while ti < len(turn_list) and turn_list[ti].end <= a:
            ti += 1
        if open_turn is None and ti < len(turn_list) and turn_list[ti].start == a:
            open_turn = turn_list[ti]
            out.append(_turn_head(open_turn, out))
        chunk = text[a:b]
        if open_turn is None and _outside_turns(chunk, a, b, out, turn_list, ti):
            continue
        while ui < len(unit_spans) and unit_spans[ui][1] <= a:
            ui += 1
        in_unit = ui < len(unit_spans) and unit_spans[ui][0] <= a
        out.append(_run(chunk, a, b, in_unit=in_unit, highlights=highlights, suggested=suggested, selected=selected))
    if open_turn is not None:
        out.append("</div>")
    return "".join(out)


def _cut_points(
    text: str, turns: Sequence[Any], units: Sequence[Any], highlights: Sequence[tuple[int, int, str, str]],
    suggested: Sequence[tuple[int, int]], selected: tuple[int, int] | None,
) -> list[int]:
    """Every offset where a run must start or end (turns, units, codings, suggestions, the selection)."""
    cuts = {0, len(text)}
    for seq in (turns, units):
        for s in seq:
            cuts.update((s.start, s.end))
    for a, b, *_ in highlights:
        cuts.update((a, b))
    for a, b in suggested:
        cuts.update((a, b))
    if selected is not None:
        cuts.update(selected)
    return sorted(c for c in cuts if 0 <= c <= len(text))


def _turn_head(turn: Any, out: list[str]) -> str:
    """A turn's opening ``<div>``, with its speaker unless the transcript's own label was just written."""
    cls = "wb-turn wb-int" if turn.is_interviewer else "wb-turn"
    speaker = _html.escape(turn.speaker or "")
    # the transcript's own label ("R:", "[PERSOON-2]:") just before says who speaks already
    labelled = bool(out) and out[-1].startswith('<span data-o') and out[-1].endswith(":</span>")
    return f'<div class="{cls}">' + (f'<div class="wb-spk">{speaker}</div>' if speaker and not labelled else "")


def _outside_turns(chunk: str, a: int, b: int, out: list[str], turn_list: list[Any], ti: int) -> bool:
    """Text between turns: white space between two turns is dropped, a speaker label is
    written as the next turn's header. True when the chunk is done with (appended or dropped)."""
    if not chunk.strip():
        between = (ti < len(turn_list) and turn_list[ti].start == b) or (bool(out) and out[-1].endswith("</div>"))
        if not between:
            out.append(_html.escape(chunk))  # a line break between a title and the text
        return True
    if turn_list and chunk.rstrip().endswith(":"):  # a speaker label: shown as the turn's header
        lead = len(chunk) - len(chunk.lstrip())
        out.append(f'<span data-o="{a + lead}" class="wb-spk">{_html.escape(chunk.strip())}</span>')
        return True
    return False


def _run(
    chunk: str, a: int, b: int, *, in_unit: bool, highlights: Sequence[tuple[int, int, str, str]],
    suggested: Sequence[tuple[int, int]], selected: tuple[int, int] | None,
) -> str:
    """One run of text: clickable in a unit, marked when selected or suggested, in the colours of its codings."""
    classes = []
    if in_unit:
        classes.append("wb-u")
    if selected is not None and selected[0] <= a and b <= selected[1]:
        classes.append("wb-sel")
    if any(s <= a and b <= e for s, e in suggested):
        classes.append("wb-sug")
    style = ""
    covering = [(colour, title) for s, e, colour, title in highlights if s <= a and b <= e]
    if covering:
        colours = [c for c, _ in covering]
        style = f' style="background:{colours[0]}40' + (f";box-shadow:inset 0 -3px {colours[1]}" if len(colours) > 1 else "") + '"'
        title = "; ".join(dict.fromkeys(t for _, t in covering))
        style += f' title="{_html.escape(title)}"'
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f'<span data-o="{a}"{cls}{style}>{_html.escape(chunk)}</span>'
