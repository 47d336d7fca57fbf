"""Apps for researchers in JupyterLab (ipywidgets): views over the package's API.

The core never imports this package; it imports ipywidgets and anywidget.

    >>> import workbench as wb
    >>> wb.coding_app(wb.open_study("."), coder="lian")     # doctest: +SKIP
"""

from workbench.apps.coding import CodingApp, coding_app
from workbench.apps.framework import FrameworkApp, framework_app

__all__ = ["CodingApp", "FrameworkApp", "coding_app", "framework_app"]
