"""Exchange with other tools: REFI-QDA projects (``.qdpx``) for ATLAS.ti, MAXQDA, NVivo and QualCoder.

Example:
    >>> from workbench.interop.qdpx import export_qdpx, import_qdpx   # doctest: +SKIP
"""
