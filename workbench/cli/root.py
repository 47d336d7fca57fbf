"""The command line: each command a few lines over the package's API.

One module per command group: :mod:`.ingest` (init, setup, ingest), :mod:`.corpus`,
:mod:`.codebook`, :mod:`.code` (search, code, suggest, agreement, evaluate),
:mod:`.themes`, :mod:`.links` (impact pathways), :mod:`.review`, :mod:`.report`, :mod:`.store`, :mod:`.interop` (export,
import); the options they share and the interface language in :mod:`.common`; the root
command and the entry point in :mod:`.root`.

``workbench --help`` lists the commands. ``--lang nl|en`` works before or after the
subcommand (every command gets it, also those added later); another language is refused.

Everything the CLI shows is in the interface language, Dutch by default: the lines the
commands print (``t()``), the help of every command and option (registered next to the
command with :func:`workbench.cli.common.helps`, Dutch and English, filled in when the CLI
starts) and click's own messages ("Gebruik:", "Fout: Onbekende optie", "Afgebroken.");
see :mod:`workbench.cli.common`. A new command needs a ``helps(...)`` call (a test walks
the whole tree); no ``help="..."`` literals.

Exit status:
    0  done (warnings may have been printed)
    1  stopped: a WorkbenchError (one line on stderr, in the interface language), or
       ``ingest --strict`` found a problem; nothing was stored
    2  the command was typed wrongly (unknown option or command; from click)
    3  ``ingest``: some files could not be ingested (each named above); the rest is stored

Anything else keeps its traceback (it is a bug).
"""

from __future__ import annotations

import sys
from typing import Any, Optional, Sequence

import typer
import typer.core

from workbench.cli import code, codebook, common, corpus, ingest, interop, links, mixed, report, review, store, themes
from workbench.cli.common import add_lang, helps, lang_param, option_helps, set_lang
from workbench.errors import WorkbenchError

class _LangEverywhere(typer.core.TyperGroup):
    """The root group: the language is read from the arguments first (--lang before or after
    the subcommand, else WORKBENCH_LANG, else Dutch), every command (also those added later)
    gets --lang, help texts come from the catalogue and click's own messages are written in
    the interface language (see workbench.cli.common)."""

    def main(  # type: ignore[override]
        self, args: Optional[Sequence[str]] = None, prog_name: Optional[str] = None, complete_var: Optional[str] = None,
        standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        from typer._click.exceptions import ClickException
        from typer.exceptions import Abort


        argv = list(sys.argv[1:] if args is None else args)
        lang = common.choose_language(argv)
        add_lang(self, lang_param())
        common.fill_help(self, lang)
        with common.dutch_click():
            if not standalone_mode:
                return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            try:  # click's standalone mode, with its messages in the interface language
                code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            except ClickException as exc:
                common.show_error(exc)
                sys.exit(exc.exit_code)
            except Abort:
                common.show_aborted()
                sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


helps("", (
    "impact-stories workbench: verhalen over zorgzame gemeenschappen pseudonimiseren, in stukken delen, coderen en er rapporten over maken.",
    "impact-stories workbench: pseudonymise, segment, code and report Dutch interviews about caring communities.",
))
app = typer.Typer(cls=_LangEverywhere, no_args_is_help=True, add_completion=False, rich_markup_mode=None)


option_helps("lang", ("Taal van de interface: nl (standaard) of en.", "Interface language: nl (default) or en."))
option_helps("study_dir", ("De studiemap.", "The study folder."))



@app.callback()
def _root(lang: Optional[str] = typer.Option(None, "--lang")) -> None:
    set_lang(lang)  # the language was chosen from the arguments before parsing; this checks the value


# the groups: each module is typer only (its heavy imports load when a command runs); a
# broken module fails loudly at start, it never makes its commands vanish
ingest.mount(app)
app.add_typer(corpus.app, name="corpus")
app.add_typer(codebook.app, name="codebook")
code.mount(app)
app.add_typer(themes.app, name="themes")
app.add_typer(links.app, name="links")
app.add_typer(review.app, name="review")
app.command("report")(report.report)
app.add_typer(store.app, name="store")
app.add_typer(interop.export_app, name="export")
app.add_typer(interop.import_app, name="import")
mixed.mount(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``workbench`` command."""
    from workbench.i18n import safe_language, t

    try:
        command = typer.main.get_command(app)
        command.main(args=argv, prog_name="workbench", standalone_mode=True)
    except WorkbenchError as exc:
        print(f"{t('error_prefix', safe_language())}: {exc}", file=sys.stderr)
        sys.exit(1)
