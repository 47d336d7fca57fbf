"""The command line in one language: help texts from the catalogue, click's own messages in Dutch.

Every command and option of the click tree has a Dutch and an English help in the
catalogue, ``--help`` shows the Dutch by default and the English with ``--lang en`` before
or after the subcommand (or WORKBENCH_LANG=en); click's usage errors are Dutch too.
"""

from __future__ import annotations

import enum
import gettext
import re

import pytest
import typer
import typer.core
from typer.testing import CliRunner

from workbench import i18n
from workbench.cli import app, main
from workbench.cli import common as cli_i18n
from workbench.cli.common import add_lang as _add_lang
from workbench.cli.common import lang_param as _lang_param

runner = CliRunner()
ENV = {"COLUMNS": "200"}


def _tree():
    command = typer.main.get_command(app)
    _add_lang(command, _lang_param())
    return command


def _flat(text: str) -> str:
    return "".join(text.split())  # help is wrapped (also at hyphens): compare without white space


def _texts(key: str) -> tuple[str, str]:
    return str(i18n.t(key, "nl")), str(i18n.t(key, "en"))


_PATHS = [path for path, _ in cli_i18n.walk(_tree())]


def test_cli_i18n_every_command_and_option_has_help_in_both_languages():
    root = _tree()
    assert cli_i18n.missing_help(root) == []
    n_params = 0
    for path, command in cli_i18n.walk(root):
        nl, en = _texts(cli_i18n.help_key(path))
        assert nl != en, path  # a Dutch text, not the English copied
        n_params += len(command.params)
    assert len(_PATHS) > 50 and n_params > 150  # the walk sees the whole tree
    # a command without its help in the catalogue is found
    probe = typer.Typer()

    @probe.command()
    def undocumented(x: int = typer.Option(1, help="Literal English.")) -> None:
        """An English docstring."""

    missing = cli_i18n.missing_help(typer.main.get_command(probe))
    assert missing and all("cli_help_" in m for m in missing)


def _param_texts(path: tuple[str, ...], command) -> list[tuple[str, str]]:
    out = []
    for param in command.params:
        key = cli_i18n.param_key(path, param.name)
        out.append(_texts(key if i18n.has(key) else cli_i18n.option_key(param.name)))
    return out


@pytest.mark.parametrize("path", _PATHS, ids=lambda p: " ".join(p) or "workbench")
def test_cli_i18n_help_is_dutch_by_default_and_english_with_lang_en_anywhere(path, monkeypatch):
    command = dict(cli_i18n.walk(_tree()))[path]
    nl, en = _texts(cli_i18n.help_key(path))
    params = _param_texts(path, command)
    dutch = runner.invoke(app, [*path, "--help"], env=ENV)
    assert dutch.exit_code == 0, dutch.output
    assert _flat(nl) in _flat(dutch.output) and _flat(en) not in _flat(dutch.output)
    assert "Gebruik:" in dutch.output and "Opties:" in dutch.output and "Toon deze hulp en stop." in dutch.output
    assert "Usage:" not in dutch.output and "Show this message" not in dutch.output
    assert not re.search(r"<(str|path|int|float|list\[\w+\])>|\[default:|\[required\]", dutch.output), dutch.output  # kinds of value too
    for p_nl, _ in params:
        assert _flat(p_nl) in _flat(dutch.output), (path, p_nl)
    for args in ([*path, "--help", "--lang", "en"], ["--lang", "en", *path, "--help"]):
        english = runner.invoke(app, args, env=ENV)
        assert english.exit_code == 0, english.output
        assert _flat(en) in _flat(english.output), args
        assert "Usage:" in english.output and "Options:" in english.output and "Show this message and exit." in english.output
        for _, p_en in params:
            assert _flat(p_en) in _flat(english.output), (args, p_en)
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    assert _flat(en) in _flat(runner.invoke(app, [*path, "--help"], env=ENV).output)


def test_cli_i18n_groups_list_their_commands_in_dutch():
    out = runner.invoke(app, ["corpus", "--help"], env=ENV).output
    assert "Opdrachten:" in out and "De opgeslagen documenten." in out
    assert "OPDRACHT [ARGUMENTEN]..." in out and "[OPTIES]" in out
    assert "--study <pad>" in runner.invoke(app, ["corpus", "list", "--help"], env=ENV).output
    assert "[standaard: .]" in runner.invoke(app, ["corpus", "list", "--help"], env=ENV).output
    english = runner.invoke(app, ["corpus", "--help", "--lang", "en"], env=ENV).output
    assert "Commands:" in english and "COMMAND [ARGS]..." in english and "The stored documents." in english


def _error(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    return info.value.code, capsys.readouterr().err


def test_cli_i18n_click_usage_errors_in_dutch_and_english(capsys):
    code, err = _error(capsys, "corpus", "list", "--initiatve", "x")
    assert code == 2
    assert "Gebruik: workbench corpus list [OPTIES]" in err and "Probeer 'workbench corpus list --help' voor hulp." in err
    assert "Fout: Onbekende optie: --initiatve (bedoelt u --initiative?)" in err
    assert "Usage" not in err and "Error" not in err and "No such option" not in err
    code, err = _error(capsys, "corpus", "show")
    assert code == 2 and "Fout: Argument 'document' ontbreekt." in err and "{document}" in err
    code, err = _error(capsys, "codebook", "merge", "a")
    assert code == 2 and "Fout: Optie '--into' ontbreekt." in err
    code, err = _error(capsys, "corpus", "lst")
    assert code == 2 and "Fout: Onbekende opdracht 'lst'. Bedoelt u 'list'?" in err
    code, err = _error(capsys, "ingest", "--workers", "veel")
    assert code == 2 and "Fout: Ongeldige waarde voor '--workers': dat is geen geheel getal" in err
    code, err = _error(capsys, "corpus", "show", "a", "b")
    assert code == 2 and "Fout: Te veel argumenten: b (onverwacht)" in err

    code, err = _error(capsys, "corpus", "list", "--initiatve", "x", "--lang", "en")
    assert code == 2 and "Usage: workbench corpus list [OPTIONS]" in err and "Try 'workbench corpus list --help' for help." in err
    assert "Error: No such option: --initiatve (Possible options: --initiative)" in err
    code, err = _error(capsys, "--lang", "en", "corpus", "show")
    assert code == 2 and "Error: Missing argument 'doc_id'." in err
    code, err = _error(capsys, "--lang", "en", "corpus", "lst")
    assert "Error: No such command 'lst'. Did you mean 'list'?" in err


class _Colour(str, enum.Enum):
    rood = "rood"
    blauw = "blauw"


def _probe() -> typer.Typer:
    """A small CLI on the workbench's root group: a choice, and an aborted prompt."""
    from workbench.cli.root import _LangEverywhere

    probe = typer.Typer(cls=_LangEverywhere, add_completion=False, rich_markup_mode=None)

    @probe.command()
    def pick(colour: _Colour = typer.Option(_Colour.rood, "--colour")) -> None:
        print(colour.value)

    @probe.command()
    def stop() -> None:
        raise typer.Abort()

    return probe


def test_cli_i18n_bad_choice_and_aborted_in_dutch_and_english():
    probe = _probe()
    assert runner.invoke(probe, ["pick", "--colour", "blauw"]).output == "blauw\n"
    bad = runner.invoke(probe, ["pick", "--colour", "groen"])
    assert bad.exit_code == 2
    assert "Fout: Ongeldige waarde voor '--colour': 'groen' is geen van de mogelijke waarden: 'rood', 'blauw'." in bad.output, bad.output
    english = runner.invoke(probe, ["pick", "--colour", "groen", "--lang", "en"])
    assert "Error: Invalid value for '--colour': Value error, 'groen' is not one of 'rood', 'blauw'." in english.output  # click's own English, english.output
    stopped = runner.invoke(probe, ["stop"])
    assert stopped.exit_code == 1 and "Afgebroken." in stopped.output
    assert "Aborted!" in runner.invoke(probe, ["stop", "--lang", "en"]).output


def test_cli_i18n_translate_matches_clicks_wording_and_leaves_the_rest():
    assert cli_i18n.translate("Invalid value for '--x': Invalid value: No such option: --y", "nl") == (
        "Ongeldige waarde voor '--x': Ongeldige waarde: Onbekende optie: --y"
    )
    assert cli_i18n.translate("Option '--unit' requires an argument.", "nl") == "Optie '--unit' heeft een waarde nodig."
    assert cli_i18n.translate("Something click never says.", "nl") == "Something click never says."
    assert cli_i18n.translate("No such option: --y", "en") == "No such option: --y"
    assert cli_i18n.click_gettext("Options") in ("Opties", "Options")


def test_cli_i18n_click_texts_only_while_the_cli_runs():
    """typer's gettext is swapped while a command runs and put back after (not at import)."""
    assert typer.core._ is gettext.gettext
    assert runner.invoke(app, ["--help"], env=ENV).exit_code == 0
    assert typer.core._ is gettext.gettext


def test_cli_i18n_unknown_language_refused_before_help(monkeypatch, capsys):
    code, err = _error(capsys, "corpus", "list", "--lang", "fr", "--help")
    assert code == 2 and "'fr'" in err and "nl, en" in err
    monkeypatch.setenv("WORKBENCH_LANG", "fr")
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 1 and "WORKBENCH_LANG" in capsys.readouterr().err
