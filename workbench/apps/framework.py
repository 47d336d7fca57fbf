"""The framework matrix in JupyterLab: pick a case and a code, read the cell's fragments
and proposed quotes, write its summary: ``wb.apps.framework_app(study)``.

A view over :func:`workbench.mixed.framework` and the study's
:meth:`~workbench.study.Study.set_framework_summary`: saving appends an event with the
author and the time (the history is shown under the text field), so the state lives in
the store: a restarted kernel or a new version of a document keeps every summary.

Example:
    >>> app = framework_app(study, rows="initiative", codes=["eenzaamheid-verbinding"])   # doctest: +SKIP
    >>> app                                                                                 # doctest: +SKIP
"""

from __future__ import annotations

import html as _html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.study import Study

add("fw_app_case", nl="Casus", en="Case")
add("fw_app_code", nl="Code", en="Code")
add("fw_app_summary", nl="Samenvatting", en="Summary")
add("fw_app_save", nl="Bewaar samenvatting", en="Save summary")
add("fw_app_saved", nl="bewaard door {author} om {time}", en="saved by {author} at {time}")
add("fw_app_history", nl="Eerder", en="Earlier")
add("fw_app_quotes", nl="Voorgestelde citaten", en="Proposed quotes")
add("fw_app_fragments", nl="Alle fragmenten ({n})", en="All fragments ({n})")
add("fw_app_withheld", nl="Minder dan {n} respondenten in deze casus: geen citaten voorgesteld.", en="Fewer than {n} respondents in this case: no quotes proposed.")
add("fw_app_placeholder", nl="Wat zeggen de fragmenten samen? Een paar zinnen.", en="What do the fragments say together? A few sentences.")


class FrameworkApp:
    """Case and code pickers, the cell's fragments and quotes, a summary field with history."""

    def __init__(self, study: Study, *, rows: str = "initiative", codes: list[str] | None = None, author: str | None = None) -> None:
        self.study = study
        self.rows = rows
        self.author = author or study.user
        self.matrix = study.framework(rows=rows, codes=codes)
        self.case = w.Dropdown(options=list(self.matrix.cases), description=str(t("fw_app_case")))
        self.code = w.Dropdown(options=[(self.matrix.labels[c], c) for c in self.matrix.codes], description=str(t("fw_app_code")))
        self.summary = w.Textarea(placeholder=str(t("fw_app_placeholder")), layout=w.Layout(width="100%", height="7em"))
        self.save = w.Button(description=str(t("fw_app_save")), button_style="primary")
        self.status = w.HTML()
        self.history = w.HTML()
        self.quotes = w.HTML()
        self.fragments = w.HTML()
        self.case.observe(lambda _: self.show(), names="value")
        self.code.observe(lambda _: self.show(), names="value")
        self.save.on_click(lambda _: self.on_save())
        self.widget = w.VBox([w.HBox([self.case, self.code]), self.quotes, w.Label(str(t("fw_app_summary"))), self.summary,
                              w.HBox([self.save, self.status]), self.history, self.fragments])
        self.show()

    def cell(self) -> Any:
        return self.matrix.cell(self.case.value, self.code.value)

    def show(self) -> None:
        """Fill the view from the matrix (read from the store)."""
        if self.case.value is None or self.code.value is None:
            return
        from workbench.mixed import MIN_GROUP

        cell = self.cell()
        self.summary.value = cell.summary
        self.status.value = _html.escape(str(t("fw_app_saved", author=cell.author, time=cell.written_at[:16].replace("T", " ")))) if cell.author else ""
        older = [e for e in cell.history[:-1]]
        self.history.value = (f"<details><summary>{_html.escape(str(t('fw_app_history')))}</summary><ul>"
                              + "".join(f"<li>{_html.escape(e.created_at[:16].replace('T', ' '))} · {_html.escape(e.author)}: {_html.escape(e.text)}</li>" for e in reversed(older))
                              + "</ul></details>") if older else ""
        quotes = "".join(f"<blockquote>{_html.escape(q.text)}</blockquote>" for q in cell.quotes)
        if cell.withheld and cell.fragments:
            quotes = f"<p>{_html.escape(str(t('fw_app_withheld', n=MIN_GROUP)))}</p>"
        self.quotes.value = f"<b>{_html.escape(str(t('fw_app_quotes')))}</b>{quotes}"
        items = "".join(f"<li>{_html.escape(f.text)}</li>" for f in cell.fragments)
        self.fragments.value = f"<details><summary>{_html.escape(str(t('fw_app_fragments', n=len(cell.fragments))))}</summary><ul>{items}</ul></details>"

    def on_save(self) -> None:
        """Store the summary as a new event and show the cell again from the store."""
        self.study.set_framework_summary(self.rows, self.case.value, self.code.value, self.summary.value, author=self.author)
        self.matrix = self.study.framework(rows=self.rows, codes=list(self.matrix.codes))
        self.show()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def framework_app(study: Study, *, rows: str = "initiative", codes: list[str] | None = None, author: str | None = None) -> FrameworkApp:
    """The framework matrix app on ``study`` (see :class:`FrameworkApp`)."""
    return FrameworkApp(study, rows=rows, codes=codes, author=author)
