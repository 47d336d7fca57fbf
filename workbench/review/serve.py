"""Serving the review page with Voila (``workbench review serve``).

Voila runs the one-cell page notebook in a fresh kernel per visit and shows only its
widgets (no code, no tracebacks). It accepts from the browser only widget (comm) and
kernel-info messages, never code to execute: Voila's own default, which this keeps
(tests/review/test_browser.py sends an execute request over the kernel websocket and
checks that nothing runs). The server listens on 127.0.0.1 unless told otherwise; put
it behind the organisation's HTTPS proxy to reach co-researchers (README).

The token travels in the query string; the request log scrubs it (``code=[secret]``),
and so does every other line any logger of the server writes (:func:`scrub_logs`: Voila's
warning for a refused file prints the whole URL);
pages are sent with ``Referrer-Policy: no-referrer`` so the link never leaks to another
site, and may not be framed by another site.

While the page is prepared the visitor sees Voila's spinner; its words (Voila's own are
English: "Running review...", "Executing 1 of 1") and the browser tab's title are ours,
from the catalogue, in the page's language (``&lang=en`` in the link, else Dutch): a small
template (:func:`page_template`) that extends Voila's lab template.

The page asks nothing of any host but this server: Voila's lab template links FontAwesome
from cdn.jsdelivr.net and nbconvert's would import mermaid from cdnjs.cloudflare.com; each
would give a co-researcher's IP address to a third party (and break the page offline). The
template leaves both out (Voila's own bundle already serves FontAwesome), and the pages'
Content-Security-Policy lets the browser load only from this server.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from importlib.resources import files
from pathlib import Path

import workbench.review.texts  # noqa: F401  (registers the page's words)
from workbench.i18n import add, t
from workbench.review.invitations import PARAM

add("review_page_loading", nl="Een moment: de pagina wordt klaargezet …", en="One moment: the page is being prepared …")
add("review_page_tab", nl="Thema's bekijken", en="Reviewing the themes")

#: the Voila template of the review page (extends Voila's lab template)
TEMPLATE = "workbench-review"
_TEMPLATE_JS = """
{%- extends 'voila/templates/lab/index.html.j2' -%}
{% import "spinner.macro.html.j2" as spinner %}
{#- Voila's lab block (0.5) without its two FontAwesome links to cdn.jsdelivr.net: the page
    loads nothing from another host (Voila's own bundle serves FontAwesome). super.super()
    is nbconvert's lab block, below Voila's. -#}
{%- block notebook_css -%}
{% if frontend == "voila" %}{{ resources.include_js("static/voila-style.js") }}{% endif %}
{{ spinner.css() }}
<style>.jp-mod-noOutputs.jp-mod-noInput { display: none; }</style>
{% if resources.show_margins %}
<style>
body { background: var(--jp-layout-color1); }
#rendered_cells { padding-left: calc(calc(100% - 1200px) * 0.5); padding-right: calc( calc( 100% - 1200px - 20px ) * 0.5 ); }
#rendered_cells > div { background: var(--jp-layout-color0); padding: 6ex 12ex 8ex 12ex;
  border-radius: var(--jp-border-radius); box-shadow: var(--jp-elevation-z4); }
</style>
{% endif %}
{{ super.super() }}
<style>#loading_text { visibility: hidden; }</style>
{%- endblock notebook_css -%}
{#- nbconvert's mermaid loader imports from cdnjs.cloudflare.com; the page has no diagrams -#}
{%- block html_head_js_mermaidjs -%}
{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
<script>
(function () {
  var words = WORDS;
  var lang = new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "nl";
  function say() {
    var el = document.getElementById("loading_text");
    if (el) { el.textContent = words[lang].loading; el.style.visibility = "visible"; }
  }
  document.title = words[lang].title;
  document.documentElement.lang = lang;
  say();
  window.update_loading_text = say;
  window.voila_process = say;
  // a chosen verdict is announced as chosen to a screen reader (aria-pressed), not only coloured
  function pressed() {
    document.querySelectorAll(".widget-toggle-button").forEach(function (b) {
      var on = b.classList.contains("mod-active") ? "true" : "false";
      if (b.getAttribute("aria-pressed") !== on) { b.setAttribute("aria-pressed", on); }
    });
  }
  new MutationObserver(pressed).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ["class"]});
})();
</script>
{%- endblock body_header -%}
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866

#: the browser loads scripts, styles, fonts, images and connections from this server only
#: (inline scripts and styles are Voila's own page; data: for its favicon and images)
CSP = "; ".join([
    "default-src 'self'", "script-src 'self' 'unsafe-inline'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
    "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
])

HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
}


#: the loggers of the server (the filter also runs on every record of the process: see
#: :func:`scrub_logs`, since a filter on a logger misses records of its child loggers)
SERVER_LOGGERS = ("", "tornado", "tornado.access", "tornado.application", "tornado.general", "jupyter_server", "ServerApp", "Voila", "voila", "traitlets")
_TOKEN_IN_TEXT = re.compile(rf"((?:^|[?&;\s]|%26|%3F){PARAM}(?:=|%3D))[^&\s\"'#;,)]*", re.IGNORECASE)


def scrub(text: str) -> str:
    """``text`` with every invitation token after ``code=`` replaced by ``[secret]``.

    Example:
        >>> scrub("403 GET /voila/files/x.csv?code=Qk-abc&lang=en (127.0.0.1)")
        '403 GET /voila/files/x.csv?code=[secret]&lang=en (127.0.0.1)'
    """
    return _TOKEN_IN_TEXT.sub(r"\1[secret]", text)


class TokenScrubber(logging.Filter):
    """Rewrites a log record so that no invitation token is in it: the message with its
    arguments filled in (Voila's warning for a refused file prints the whole URL,
    ``?code=<token>`` included), and a traceback's text. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_workbench_scrubbed", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record whose arguments do not fit its format: its parts, scrubbed
            message = f"{record.msg} {record.args}"
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        record._workbench_scrubbed = True
        return True


def scrub_logs() -> TokenScrubber:
    """Scrub invitation tokens from every log line of this process: the filter on the
    server's loggers and their handlers, and on every record as it is made (a filter on
    the logger 'tornado' alone would miss 'tornado.general', which writes the warning).

    Example:
        >>> scrubber = scrub_logs()                          # doctest: +SKIP
    """
    scrubber = TokenScrubber()
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        logger.addFilter(scrubber)
        for handler in logger.handlers:
            handler.addFilter(scrubber)
    previous = logging.getLogRecordFactory()
    if not getattr(previous, "_workbench_scrubs", False):
        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            scrubber.filter(record)
            return record

        factory._workbench_scrubs = True  # type: ignore[attr-defined]
        logging.setLogRecordFactory(factory)
    return scrubber


def page_notebook() -> Path:
    """A folder holding only the page notebook (Voila serves nothing else from it)."""
    folder = Path(tempfile.mkdtemp(prefix="workbench-review-"))
    source = files("workbench") / "data" / "review" / "review.ipynb"
    target = folder / "review.ipynb"
    target.write_bytes(source.read_bytes())
    return target


def page_template() -> Path:
    """A folder for JUPYTER_PATH holding the page's Voila template, its words from the catalogue."""
    root = Path(tempfile.mkdtemp(prefix="workbench-voila-"))
    folder = root / "voila" / "templates" / TEMPLATE
    folder.mkdir(parents=True)
    words = {lang: {"loading": str(t("review_page_loading", lang)), "title": str(t("review_page_tab", lang))} for lang in ("nl", "en")}
    (folder / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    (folder / "index.html.j2").write_text(_TEMPLATE_JS.replace("WORDS", json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")), encoding="utf-8")
    return root


def voila_argv(notebook: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    return [
        str(notebook), f"--port={port}", f"--Voila.ip={host}", "--no-browser", f"--template={TEMPLATE}",
        "--VoilaConfiguration.file_allowlist=[]", "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True", "--Voila.open_browser=False",
        # a tablet put away with the page open keeps a kernel: stop it after two idle hours
        # (nothing is lost: reloading the link shows everything, it is all in the store)
        "--MappingKernelManager.cull_idle_timeout=7200", "--MappingKernelManager.cull_interval=300",
    ]


def serve_review(study_dir: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the review page for the study in ``study_dir`` until interrupted."""
    from jupyter_server.log import log_request
    from voila.app import Voila

    from workbench.settings import FILENAME, Settings, find_root

    root = find_root(study_dir)
    Settings.from_toml(root / FILENAME)  # a broken study fails here, not in every visitor's kernel
    os.environ["WORKBENCH_STUDY"] = str(root)
    notebook = page_notebook()
    template = page_template()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(x for x in (str(template), os.environ.get("JUPYTER_PATH", "")) if x)
    app = Voila()
    app.tornado_settings = {"log_function": log_request, "extra_log_scrub_param_keys": [PARAM], "headers": dict(HEADERS)}
    try:
        scrub_logs()
        app.initialize(voila_argv(notebook, host=host, port=port))
        scrubber = scrub_logs()  # again: initialize gave the app's loggers their handlers
        for handler in app.log.handlers:
            handler.addFilter(scrubber)
        app.start()
    finally:
        shutil.rmtree(notebook.parent, ignore_errors=True)
        shutil.rmtree(template, ignore_errors=True)
