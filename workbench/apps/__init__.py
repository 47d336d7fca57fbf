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
    from workbench.apps.framework import FrameworkApp, framework_app

__all__ = ["CodingApp", "FrameworkApp", "coding_app", "framework_app"]


def __getattr__(name: str) -> Any:
    if name in ("CodingApp", "coding_app"):
        from workbench.apps import coding

        return getattr(coding, name)
    if name in ("FrameworkApp", "framework_app"):
        from workbench.apps import framework

        return getattr(framework, name)
    raise AttributeError(f"module 'workbench.apps' has no attribute {name!r}")  # i18n: developer (Python's own wording)
