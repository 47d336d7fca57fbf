"""Shared by every command group: option handling (``--lang``, ``--study``, choices,
confirmation, the console) and the command line in the interface language: help texts and click's own messages.

Three things, all used only by the ``workbench`` command (nothing here runs at
``import workbench``):

* **Help texts** live in the catalogue, next to each command: ``helps("corpus list",
  (nl, en), initiative=(nl, en), ...)`` registers ``cli_help_corpus_list`` and
  ``cli_help_corpus_list__initiative`` (an option shared by many commands, such as
  ``--study``, is registered once with :func:`option_helps`; an argument's Dutch name,
  ``doc_id``: document, is in ``_ARGUMENTS`` here). When the CLI starts,
  :func:`fill_help` walks the click tree and gives every group, command, argument and
  option its text in the interface language (read from the command line first, so
  ``workbench corpus list --help --lang en`` is English whatever the order).
* **click's own messages** ("Usage:", "Options:", "Error: No such option", "Missing
  argument", "Try ... for help.", "Aborted!") are English f-strings inside typer's
  vendored click. :func:`dutch_click` swaps typer's gettext name for a lookup in the
  catalogue for as long as a command runs; :func:`show_error` writes a usage error
  itself, its message translated by :func:`translate`, which matches click's English
  wording (the ``en`` side of a ``cli_click_`` entry) and writes the Dutch.
* :func:`argv_language`: ``--lang`` read from the arguments before click parses them.

English returns click's own text: the ``en`` side of every ``cli_click_`` entry is click's
wording, so an English run shows exactly what click writes.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import typer
from typer import _click

from workbench.i18n import add, has, language, safe_language, set_language, t

#: the root group's key; a command's key is cli_help_<path> ("corpus list": cli_help_corpus_list)
ROOT = "workbench"


def help_key(path: Sequence[str]) -> str:
    """The catalogue key of the help of the command at ``path`` (names after ``workbench``)."""
    return "cli_help_" + ("_".join(p.replace("-", "_") for p in path) if path else ROOT)


def param_key(path: Sequence[str], name: str) -> str:
    """The key of the help of parameter ``name`` (its Python name) of the command at ``path``."""
    return f"{help_key(path)}__{name}"


def option_key(name: str) -> str:
    """The key of the help of an option several commands share (``study_dir``, ``lang``)."""
    return f"cli_help_opt_{name}"


def helps(command: str, texts: tuple[str, str], /, **params: tuple[str, str]) -> None:
    """Register the help of ``command`` ("corpus list"; "" for the root) and of its parameters, each (Dutch, English)."""
    path = command.split()
    add(help_key(path), nl=texts[0], en=texts[1])
    for name, (nl, en) in params.items():
        add(param_key(path, name), nl=nl, en=en)


def option_helps(name: str, texts: tuple[str, str]) -> None:
    """Register the help of an option shared by several commands (a command's own text wins)."""
    add(option_key(name), nl=texts[0], en=texts[1])


def _param_help_key(path: Sequence[str], name: str) -> str | None:
    for key in (param_key(path, name), option_key(name)):
        if has(key):
            return key
    return None


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every (path, click command) of the tree, the root first."""
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from walk(sub, (*path, name))


def fill_help(root: Any, lang: str) -> None:
    """Give every command, group, argument and option of the click tree its help in ``lang``.

    A text missing from the catalogue leaves typer's (the tests check none is missing).
    """
    contexts: dict[tuple[str, ...], Any] = {}
    for path, command in walk(root):
        key = help_key(path)
        if has(key):
            command.help = t(key, lang)
            command.short_help = None
        command.context_class = _Context
        command.rich_markup_mode = None  # click's plain layout everywhere (and no rich import for --help)
        if command.options_metavar:
            command.options_metavar = t("cli_click_options_metavar", lang)
        if getattr(command, "subcommand_metavar", None):
            command.subcommand_metavar = t("cli_click_subcommand_metavar", lang)
        for param in command.params:
            pkey = _param_help_key(path, param.name or "")
            if pkey is not None:
                param.help = t(pkey, lang)
            if param.param_type_name == "argument" and has(metavar_key(param.name or "")):
                param.metavar = t(metavar_key(param.name or ""), lang)
        ctx = contexts[path] = _click.Context(command, info_name=path[-1] if path else ROOT, parent=contexts.get(path[:-1]))
        option = command.get_help_option(ctx)
        if option is not None:
            option.help = t("cli_click_help_option", lang)


def missing_help(root: Any) -> list[str]:
    """'path: what' for every command or parameter without a help text in the catalogue (for the tests)."""
    missing = []
    for path, command in walk(root):
        where = " ".join((ROOT, *path))
        if not has(help_key(path)):
            missing.append(f"{where}: {help_key(path)}")
        for param in command.params:
            if _param_help_key(path, param.name or "") is None:
                missing.append(f"{where} {param.name}: {param_key(path, param.name or '')} (or {option_key(param.name or '')})")
            if param.param_type_name == "argument" and not has(metavar_key(param.name or "")):
                missing.append(f"{where} {param.name}: {metavar_key(param.name or '')}")
    return missing


def argv_language(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` in ``args`` (before or after the subcommand), else None."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
    return value


def choose_language(args: Sequence[str]) -> str:
    """Set the interface language from ``args`` (else WORKBENCH_LANG, else Dutch) before click parses them.

    An unknown ``--lang`` is left to the option itself (a usage error naming it);
    an unknown WORKBENCH_LANG raises ConfigError.
    """
    from workbench.errors import WorkbenchError

    set_language(None)  # each run starts from WORKBENCH_LANG or Dutch
    value = argv_language(args)
    if value is not None:
        try:
            set_language(value)
        except WorkbenchError:
            pass  # --lang's own check says so, in the language there is
    return language()


# -- click's own texts ----------------------------------------------------------------------
# (key, Dutch, click's English). The English is click's wording, placeholders included:
# typer's gettext texts are looked up as they are, formatted messages are matched.
_CLICK = (
    # typer.core, through gettext
    ("aborted", "Afgebroken.", "Aborted!"),
    ("dynamic", "(wisselend)", "(dynamic)"),
    ("default", "standaard: {default}", "default: {default}"),
    ("required", "verplicht", "required"),
    ("env_var", "omgevingsvariabele: {var}", "env var: {var}"),
    ("arguments", "Argumenten", "Arguments"),
    ("options", "Opties", "Options"),
    ("commands", "Opdrachten", "Commands"),
    ("missing_command", "Geef een opdracht.", "Missing command."),
    ("no_such_command", "Onbekende opdracht {name!r}.", "No such command {name!r}."),
    # the frame of help and errors
    ("usage", "Gebruik: ", "Usage: "),
    ("try", "Probeer '{command}' voor hulp.", "Try '{command}' for help."),
    ("error", "Fout", "Error"),
    ("help_option", "Toon deze hulp en stop.", "Show this message and exit."),
    ("options_metavar", "[OPTIES]", "[OPTIONS]"),
    ("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...", "COMMAND [ARGS]..."),
    # messages click and typer format themselves (matched, most specific first)
    ("did_you_mean", "{message}. Bedoelt u {suggestions}?", "{message}. Did you mean {suggestions}?"),
    ("possible_options", "{message} (bedoelt u {options}?)", "{message} (Possible options: {options})"),
    ("no_such_option", "Onbekende optie: {name}", "No such option: {name}"),
    ("missing_argument", "Argument {name} ontbreekt.", "Missing argument {name}."),
    ("missing_option", "Optie {name} ontbreekt.", "Missing option {name}."),
    ("missing_parameter", "Waarde {name} ontbreekt.", "Missing parameter {name}."),
    ("extra_arguments", "Te veel argumenten: {args} (onverwacht)", "Got unexpected extra argument(s) ({args})"),
    ("requires_argument", "Optie {name} heeft een waarde nodig.", "Option {name} requires an argument."),
    ("requires_arguments", "Optie {name} heeft {n} waarden nodig.", "Option {name} requires {n} arguments."),
    ("takes_no_value", "Optie {name} krijgt geen waarde.", "Option {name} does not take a value."),
    ("invalid_value_for", "Ongeldige waarde voor {hint}: {message}", "Invalid value for {hint}: {message}"),
    ("invalid_value", "Ongeldige waarde: {message}", "Invalid value: {message}"),
    ("value_error", "{message}", "Value error, {message}"),  # pydantic's prefix
    ("not_one_of", "{value} is geen van de mogelijke waarden: {choices}.", "{value} is not one of {choices}."),
    ("not_integer", "dat is geen geheel getal", "Input should be a valid integer, unable to parse string as an integer"),
    ("not_number", "dat is geen getal", "Input should be a valid number, unable to parse string as a number"),
    ("not_boolean", "dat is geen ja of nee (true/false)", "Input should be a valid boolean, unable to interpret input"),
    # the kinds of value in the help (--study <path>)
    ("type_str", "tekst", "str"),
    ("type_path", "pad", "path"),
    ("type_int", "getal", "int"),
    ("type_float", "getal", "float"),
    ("type_list_str", "tekst...", "list[str]"),
    ("type_list_int", "getal...", "list[int]"),
    ("type_list_path", "pad...", "list[path]"),
    ("type_list_path_class", "pad...", "list[Path]"),
)
for _key, _nl, _en in _CLICK:
    add(f"cli_click_{_key}", nl=_nl, en=_en)

#: the names of the arguments in the usage line, the help and the errors (English: the parameter's own name)
_ARGUMENTS = {
    "a": "a", "b": "b", "code": "code", "codes": "codes", "doc_id": "document", "file": "bestand", "folder": "map",
    "label": "naam", "new": "nieuw", "old": "oud", "out": "uitvoer", "path": "pad", "paths": "mappen", "query": "zoekterm",
    "run_id": "run", "source": "bron", "target": "doel", "theme": "thema", "themes": "themas", "variable": "variabele", "who": "wie",
}
for _name, _nl in _ARGUMENTS.items():
    add(f"cli_metavar_{_name}", nl=_nl, en=_name)


def metavar_key(name: str) -> str:
    """The key of the name an argument is shown with (``doc_id``: document)."""
    return f"cli_metavar_{name}"

_BY_ENGLISH = {en: f"cli_click_{key}" for key, _, en in _CLICK}
_MATCHED = ("did_you_mean", "possible_options", "no_such_option", "missing_argument", "missing_option", "missing_parameter",
            "extra_arguments", "requires_argument", "requires_arguments", "takes_no_value", "invalid_value_for", "invalid_value",
            "value_error", "not_one_of", "not_integer", "not_number", "not_boolean", "no_such_command", "missing_command")
_TYPES = {en: f"cli_click_{key}" for key, _, en in _CLICK if key.startswith("type_")}


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field:
            parts.append(f"(?P<{field}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


_PATTERNS = [(f"cli_click_{key}", _pattern(en)) for key, _, en in _CLICK if key in _MATCHED]


def _fill(template: str, values: dict[str, str]) -> str:
    return "".join(literal + (values[field] if field else "") for literal, field, _, _ in string.Formatter().parse(template))


def translate(message: str, lang: str | None = None) -> str:
    """One of click's English messages in ``lang`` (default: the interface language); unknown ones unchanged."""
    code = lang or safe_language()
    if code == "en":
        return message
    for key, pattern in _PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            values = found.groupdict()
            if "message" in values:  # a message inside a message
                values["message"] = translate(values["message"], code)
            return _fill(t(key, code), values)
    return message


def click_gettext(msgid: str) -> str:
    """typer's gettext: click's English text in the interface language."""
    key = _BY_ENGLISH.get(msgid)
    return str(t(key, safe_language())) if key else msgid


@contextmanager
def dutch_click() -> Iterator[None]:
    """While a command runs: typer's own texts (help sections, Aborted!) through the catalogue."""
    import typer.core

    before = typer.core._
    typer.core._ = click_gettext  # type: ignore[assignment]
    try:
        yield
    finally:
        typer.core._ = before


def show_error(error: Any) -> None:
    """Write a click error (a usage error, a bad value) as click would, in the interface language."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
    from typer._click.utils import echo

    lang = safe_language()
    ctx = getattr(error, "ctx", None)
    color = ctx.color if ctx is not None else None
    if isinstance(error, NoArgsIsHelpError):  # the help, when a group is called without a command
        echo(error.format_message(), err=True, color=color)
        return
    if isinstance(error, UsageError) and ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = t("cli_click_try", lang, command=f"{ctx.command_path} {ctx.help_option_names[0]}") + "\n"
        echo(f"{ctx.get_usage()}\n{hint}", err=True, color=color)
    echo(f"{t('cli_click_error', lang)}: {translate(error.format_message(), lang)}", err=True, color=color)


def show_aborted() -> None:
    """click's 'Aborted!' in the interface language."""
    from typer._click.utils import echo

    echo(t("cli_click_aborted", safe_language()), err=True)


def _type_name(found: re.Match[str]) -> str:
    key = _TYPES.get(found.group(1))
    return f"<{t(key, safe_language())}>" if key else found.group(0)


class _Formatter(_click.HelpFormatter):
    """click's help layout with the usage line and the kinds of value in the interface language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, t("cli_click_usage", safe_language()) if prefix is None else prefix)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(re.sub(r"<([A-Za-z\[\]]+)>", _type_name, term), text) for term, text in rows], col_max, col_spacing)


class _Context(_click.Context):
    """A click context that writes its help with :class:`_Formatter`."""

    formatter_class = _Formatter


# ---- option handling shared by the command groups

def set_lang(value: Optional[str]) -> None:
    """Check and set the --lang value (the language was chosen from the arguments before parsing)."""
    from workbench.errors import WorkbenchError
    from workbench.i18n import set_language

    if value is not None:
        try:
            set_language(value)
        except WorkbenchError as exc:
            raise typer.BadParameter(str(exc).removeprefix("--lang: "), param_hint=["--lang"]) from None


def lang_param() -> Any:
    """A --lang option built by typer itself (typer vendors its own click), to share."""
    holder = typer.Typer()

    @holder.command()
    def _holder(lang: Optional[str] = typer.Option(None, "--lang", callback=set_lang, is_eager=True, expose_value=False)) -> None:
        pass

    return typer.main.get_command(holder).params[0]


def add_lang(command: Any, param: Any) -> None:
    """Give every command a --lang option, so it also works after the subcommand."""
    if not any("--lang" in getattr(p, "opts", ()) for p in command.params):
        command.params.append(param)
    for sub in (getattr(command, "commands", None) or {}).values():
        add_lang(sub, param)


def open_study_at(study_dir: Path) -> Any:
    """The study in ``study_dir`` (the --study option), opened when a command runs."""
    from workbench.study import open_study

    return open_study(study_dir)


def make_console() -> Any:
    """A rich console (imported when a command runs, so --help stays fast)."""
    from rich.console import Console

    return Console()


def say(text: str, *, soft_wrap: bool = False) -> None:
    """One line of output, printed as it is (no rich markup or highlighting)."""
    make_console().print(text, markup=False, highlight=False, soft_wrap=soft_wrap)


def confirm(question: str) -> bool:
    """Ask a yes/no question in the interface language; True only for a yes word."""
    from workbench.i18n import t, yes_words

    answer = typer.prompt(f"{question} {t('yes_no')}", default="", show_default=False)
    return answer.strip().lower() in yes_words()
