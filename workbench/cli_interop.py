"""``workbench export qdpx`` and ``workbench import qdpx``: whole studies to and from
ATLAS.ti, MAXQDA, NVivo and QualCoder (REFI-QDA). A few lines over
:mod:`workbench.interop.qdpx`; WorkbenchErrors are raised as they are (the main CLI
prints them as one line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer

export_app = typer.Typer(help="Export the study (REFI-QDA .qdpx for ATLAS.ti, MAXQDA, NVivo, QualCoder).", no_args_is_help=True, rich_markup_mode=None)
import_app = typer.Typer(help="Import a study from another tool (REFI-QDA .qdpx).", no_args_is_help=True, rich_markup_mode=None)


def _say(text: str) -> None:
    from rich.console import Console

    Console().print(text, markup=False, highlight=False, soft_wrap=True)


def _problems(problems: list[str]) -> None:
    from workbench.i18n import t

    for problem in problems:
        _say(f"{t('not_represented')}: {problem}")


@export_app.command("qdpx")
def export_qdpx_cmd(
    file: Path = typer.Argument(..., help="The .qdpx file to write."),
    coders: Optional[List[str]] = typer.Option(None, "--coders", help="Only these coders (repeat, or comma-separated). Default: everyone."),
    include_suggestions: bool = typer.Option(False, "--include-suggestions", help="Also the open suggestions (as users 'suggester:...')."),
    offsets: str = typer.Option("codepoints", "--offsets", help="How positions are counted: codepoints (the standard) or utf16 (for NVivo)."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """Write the whole study as a REFI-QDA project: texts, codebook, codings per coder, cases, variables, memos."""
    from workbench.i18n import t
    from workbench.interop.qdpx import export_qdpx
    from workbench.study import open_study

    names = [n.strip() for c in coders or [] for n in c.split(",") if n.strip()] or None
    with open_study(study_dir) as study:
        report = export_qdpx(study, file, coders=names, include_suggestions=include_suggestions, offsets=offsets)
    _problems(report.problems)
    _say(t("qdpx_written", path=report.path, documents=report.n_documents, codes=report.n_codes, codings=report.n_codings, coders=", ".join(report.coders) or "-"))


@import_app.command("qdpx")
def import_qdpx_cmd(
    file: Path = typer.Argument(..., help="A .qdpx project exported by ATLAS.ti, MAXQDA, NVivo, QualCoder or this workbench."),
    variable: Optional[str] = typer.Argument(None, help="With --initiative-from variable: the variable's name.", show_default=False),
    as_coder_prefix: str = typer.Option("", "--as-coder-prefix", help="Put this before every coder's name, e.g. 'atlas:'."),
    initiative_from: str = typer.Option("case", "--initiative-from", help="Where a document's initiative comes from: 'case' (default) or 'variable NAME'."),
    already_pseudonymised: bool = typer.Option(False, "--already-pseudonymised", help="The texts are pseudonymised already (e.g. exported by this workbench): store them as they are."),
    offsets: str = typer.Option("auto", "--offsets", help="How the file counts positions: auto, codepoints, utf16 (NVivo)."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """Bring a REFI-QDA project into the study (pseudonymised like any ingest); what cannot be represented is listed."""
    from workbench.i18n import t
    from workbench.interop.qdpx import import_qdpx
    from workbench.study import open_study

    kind, _, name = initiative_from.partition(":")  # 'variable:NAME' works too
    with open_study(study_dir) as study:
        report: Any = import_qdpx(
            study, file, coder_prefix=as_coder_prefix, initiative_from=kind, initiative_variable=name or variable,
            pseudonymise=not already_pseudonymised, offsets=offsets,
        )
    _problems(report.problems)
    _say(t(
        "qdpx_imported", path=report.path, added=report.n_added, versions=report.n_new_versions, unchanged=report.n_unchanged,
        codes=report.n_codes_added, codings=report.n_codings, present=report.n_codings_present, coders=", ".join(report.coders) or "-",
    ))
