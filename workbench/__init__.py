"""impact-stories workbench: participatory qualitative research on the impact of
citizens' care initiatives (zorgzame gemeenschappen).

    >>> import workbench as wb
    >>> study = wb.open_study(".")            # doctest: +SKIP
    >>> study.corpus.to_frame()               # doctest: +SKIP

Heavy libraries (pandas, spaCy, deduce) load only when used, so ``import workbench``
and ``workbench --help`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# loaded first, whatever is imported: the error classes tell the message catalogue (workbench.i18n,
# which imports nothing of the package) which error to raise for an unknown language
import workbench.errors  # noqa: F401,E402

from workbench.version import __version__  # noqa: E402

__all__ = [
    "Code",
    "Codebook",
    "Corpus",
    "Document",
    "Segment",
    "Settings",
    "Study",
    "TopicModel",
    "WorkbenchError",
    "__version__",
    "coding_app",
    "framework_app",
    "init_study",
    "open_study",
]

_LAZY = {
    "Study": "workbench.study",
    "open_study": "workbench.study",
    "init_study": "workbench.study",
    "Settings": "workbench.settings",
    "Corpus": "workbench.corpus.model",
    "Document": "workbench.corpus.model",
    "Segment": "workbench.corpus.model",
    "Code": "workbench.codebook",
    "Codebook": "workbench.codebook",
    "WorkbenchError": "workbench.errors",
    "TopicModel": "workbench.themes.model",
    "coding_app": "workbench.apps.coding",
    "framework_app": "workbench.apps.framework",
}

#: subpackages reachable as attributes without importing them up front (wb.themes.plots)
_SUBMODULES = ("themes", "pathways")

if TYPE_CHECKING:
    from workbench.codebook import Code, Codebook
    from workbench.corpus.model import Corpus, Document, Segment
    from workbench.errors import WorkbenchError
    from workbench.settings import Settings
    from workbench.study import Study, init_study, open_study
    from workbench.themes.model import TopicModel
    from workbench.apps.coding import coding_app
    from workbench.apps.framework import framework_app


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"workbench.{name}")
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")  # i18n: developer (Python's own wording)


def __dir__() -> list[str]:
    return sorted(__all__)
