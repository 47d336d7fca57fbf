"""The ``workbench`` command line: one module per command group (see :mod:`workbench.cli.root`)."""

from __future__ import annotations

from workbench.cli.root import app, main

__all__ = ["app", "main"]
