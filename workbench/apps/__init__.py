"""Apps for researchers in JupyterLab (ipywidgets): views over the package's API.

The core never imports this package. :mod:`.coding` (the coding app) imports ipywidgets and
anywidget; :mod:`.session` (the coding app's state, kept in the store) and :mod:`.demo` (the
scripted demo coders) do not, so they load without a widget library.

    >>> import workbench as wb
    >>> wb.coding_app(wb.open_study("."), coder="lian")     # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.apps.coding import CodingApp, coding_app

__all__ = ["CodingApp", "coding_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from workbench.apps import coding

        return getattr(coding, name)
    raise AttributeError(f"module 'workbench.apps' has no attribute {name!r}")  # i18n: developer (Python's own wording)
