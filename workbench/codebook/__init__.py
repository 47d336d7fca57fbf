"""The codebook: codes as a tree, kept as YAML, versioned, revised, exchanged.

Public API (heavy libraries load only inside the functions that need them)::

    cb = Codebook.from_yaml("codebooks/impact-zorgzame-gemeenschappen.yaml")
    cb.get("eenzaamheid"); cb.to_frame()
    sync_codebook(store, path, author)          # store a new version if the content changed
    diff_versions(store, 3, 4)
    rename_code / merge_codes / split_code / retire_code(store, path, ...)
    export_codebook(cb, "out.qdc"); import_codebook("atlas.qdc")
"""

from workbench.codebook.exchange import export_codebook, import_codebook
from workbench.codebook.model import Code, Codebook, CodeGroup, build_codebook
from workbench.codebook.refi import export_qdc, import_qdc
from workbench.codebook.revise import Revision, merge_codes, rename_code, retire_code, split_code
from workbench.codebook.versions import CodebookDiff, diff_versions, get_version, sync_codebook
from workbench.codebook.yaml_io import read_codebook, validate_codebook, write_codebook

__all__ = [
    "Code",
    "CodeGroup",
    "Codebook",
    "CodebookDiff",
    "Revision",
    "build_codebook",
    "diff_versions",
    "export_codebook",
    "export_qdc",
    "get_version",
    "import_codebook",
    "import_qdc",
    "merge_codes",
    "read_codebook",
    "rename_code",
    "retire_code",
    "split_code",
    "sync_codebook",
    "validate_codebook",
    "write_codebook",
]
