"""``workbench export qdpx`` and ``workbench import qdpx``: whole studies to and from
ATLAS.ti, MAXQDA, NVivo and QualCoder (REFI-QDA). A few lines over
:mod:`workbench.interop.qdpx`; WorkbenchErrors are raised as they are (the main CLI
prints them as one line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer

from workbench.cli.common import helps, say

helps("export", ("Exporteer de studie (REFI-QDA .qdpx voor ATLAS.ti, MAXQDA, NVivo, QualCoder).", "Export the study (REFI-QDA .qdpx for ATLAS.ti, MAXQDA, NVivo, QualCoder)."))
helps("import", ("Lees een studie uit een ander programma in (REFI-QDA .qdpx).", "Import a study from another tool (REFI-QDA .qdpx)."))
export_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
import_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _problems(problems: list[str]) -> None:
    from workbench.i18n import t

    for problem in problems:
        say(f"{t('not_represented')}: {problem}", soft_wrap=True)


helps(
    "export qdpx",
    ("Schrijf de hele studie als REFI-QDA-project: teksten, codeboek, coderingen per codeur, cases, variabelen, memo's.",
     "Write the whole study as a REFI-QDA project: texts, codebook, codings per coder, cases, variables, memos."),
    file=("Het .qdpx-bestand om te schrijven.", "The .qdpx file to write."),
    coders=("Alleen deze codeurs (herhaal, of scheid met komma's). Standaard: iedereen.", "Only these coders (repeat, or comma-separated). Default: everyone."),
    include_suggestions=("Ook de open suggesties (als gebruikers 'suggester:...').", "Also the open suggestions (as users 'suggester:...')."),
    offsets=("Hoe posities geteld worden: codepoints (de standaard) of utf16 (voor NVivo).", "How positions are counted: codepoints (the standard) or utf16 (for NVivo)."),
)


@export_app.command("qdpx")
def export_qdpx_cmd(
    file: Path = typer.Argument(...),
    coders: Optional[List[str]] = typer.Option(None, "--coders"),
    include_suggestions: bool = typer.Option(False, "--include-suggestions"),
    offsets: str = typer.Option("codepoints", "--offsets"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.i18n import t
    from workbench.interop.qdpx import export_qdpx
    from workbench.study import open_study

    names = [n.strip() for c in coders or [] for n in c.split(",") if n.strip()] or None
    with open_study(study_dir) as study:
        report = export_qdpx(study, file, coders=names, include_suggestions=include_suggestions, offsets=offsets)
    _problems(report.problems)
    say(t("qdpx_written", path=report.path, documents=report.n_documents, codes=report.n_codes, codings=report.n_codings, coders=", ".join(report.coders) or "-"), soft_wrap=True)


helps(
    "import qdpx",
    ("Breng een REFI-QDA-project in de studie (gepseudonimiseerd zoals bij elke ingest); wat niet over te nemen is, wordt genoemd.",
     "Bring a REFI-QDA project into the study (pseudonymised like any ingest); what cannot be represented is listed."),
    file=("Een .qdpx-project, geëxporteerd door ATLAS.ti, MAXQDA, NVivo, QualCoder of deze workbench.",
          "A .qdpx project exported by ATLAS.ti, MAXQDA, NVivo, QualCoder or this workbench."),
    variable=("Met --initiative-from variable: de naam van de variabele.", "With --initiative-from variable: the variable's name."),
    as_coder_prefix=("Zet dit voor de naam van elke codeur, zoals 'atlas:'.", "Put this before every coder's name, e.g. 'atlas:'."),
    initiative_from=("Waar het initiatief van een document vandaan komt: 'case' (standaard) of 'variable NAAM'.",
                     "Where a document's initiative comes from: 'case' (default) or 'variable NAME'."),
    already_pseudonymised=("De teksten zijn al gepseudonimiseerd (bijvoorbeeld geëxporteerd door deze workbench): sla ze op zoals ze zijn.",
                           "The texts are pseudonymised already (e.g. exported by this workbench): store them as they are."),
    offsets=("Hoe het bestand posities telt: auto, codepoints, utf16 (NVivo).", "How the file counts positions: auto, codepoints, utf16 (NVivo)."),
)


@import_app.command("qdpx")
def import_qdpx_cmd(
    file: Path = typer.Argument(...),
    variable: Optional[str] = typer.Argument(None, show_default=False),
    as_coder_prefix: str = typer.Option("", "--as-coder-prefix"),
    initiative_from: str = typer.Option("case", "--initiative-from"),
    already_pseudonymised: bool = typer.Option(False, "--already-pseudonymised"),
    offsets: str = typer.Option("auto", "--offsets"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
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
    say(t(
        "qdpx_imported", path=report.path, added=report.n_added, versions=report.n_new_versions, unchanged=report.n_unchanged,
        codes=report.n_codes_added, codings=report.n_codings, present=report.n_codings_present, coders=", ".join(report.coders) or "-",
    ), soft_wrap=True)
