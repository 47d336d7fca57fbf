from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import ConfigError, StudyNotFoundError
from workbench.settings import Settings, find_root


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "workbench.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_settings_defaults_and_paths(tmp_path):
    s = Settings.from_toml(write(tmp_path, '[project]\nname = "x"\n'), environ={})
    assert s.project.language == "nl"
    assert s.db_path == tmp_path / ".workbench" / "workbench.db"
    assert s.key_path == tmp_path / "private" / "pseudonymisation-key.csv"
    assert s.privacy.require_consent is True


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        ('[project]\nname = "x"\n\n[corpus]\npathz = ["a"]\n', "workbench.toml:5", "onbekende sleutel [corpus].pathz"),
        ('[project]\nname = "x"\n[corpus]\nmax_file_mb = "veel"\n', "workbench.toml:4", "moet een getal zijn"),
        ('[project]\nname = ""\n', "workbench.toml:2", "[project].name ontbreekt"),
        ('[project]\nname = "x"\nlanguage = "de"\n', "workbench.toml:3", "kies uit: nl, en"),
        ('[project]\nname = "x"\n[privacy]\nkey_path = ".workbench/key.csv"\n', "workbench.toml:4", "ligt in .workbench/"),
        ('[project]\nname = "x"\n[privacy]\npseudonymise = "ja"\n', "workbench.toml:4", "moet true of false zijn"),
        ('[projekt]\nname = "x"\n', "workbench.toml:1", "onbekende sectie [projekt]"),
        ('[project\nname = "x"\n', "workbench.toml", "niet goed geschreven"),
        ('[project]\nname = "x"\n[store]\nurl = "mysql://db"\n', "workbench.toml:4", "geen database die de workbench kan gebruiken"),
        ('[project]\nname = "x"\n[store]\nurl = "postgresql://wb:geheim@db/studie"\n', "workbench.toml:4", "bevat een wachtwoord"),
    ],
)
def test_settings_errors_name_key_line_and_fix(tmp_path, text, where, fragment):
    with pytest.raises(ConfigError) as info:
        Settings.from_toml(write(tmp_path, text), environ={})
    message = str(info.value)
    assert fragment in message
    assert message.startswith(str(tmp_path / where.split(":")[0]) + (":" + where.split(":")[1] if ":" in where else ""))
    assert "Oplossing:" in message


def test_settings_errors_in_dutch_by_default_and_in_english_on_request(tmp_path):
    from workbench.i18n import set_language

    path = write(tmp_path, '[project]\nname = "x"\n\n[corpus]\nworkers = -1\n')
    with pytest.raises(ConfigError) as info:
        Settings.from_toml(path, environ={})
    assert str(info.value) == f"{path}:5: [corpus].workers moet 0 of meer zijn. Oplossing: schrijf 0 voor geen cluster (één proces), of het aantal werkprocessen; beter: [compute].workers"
    set_language("en")
    with pytest.raises(ConfigError) as info:
        Settings.from_toml(path, environ={})
    assert str(info.value) == f"{path}:5: [corpus].workers must be 0 or more. Fix: write 0 for no cluster (one process), or the number of worker processes; better: [compute].workers"
    with pytest.raises(ConfigError) as info:
        Settings.from_toml(write(tmp_path, '[project]\nname = "x"\n[privacy]\npseudonymise = "ja"\n'), environ={})
    assert "[privacy].pseudonymise must be true or false, got 'ja'. Fix: write true or false (no quotes)" in str(info.value)
    with pytest.raises(ConfigError, match="^environment variable WORKBENCH_CORPUS_WORKERS: value 'veel' is not a valid whole number. Fix: correct or unset it$"):
        Settings.from_toml(write(tmp_path, '[project]\nname = "x"\n'), environ={"WORKBENCH_CORPUS_WORKERS": "veel"})
    set_language(None)
    with pytest.raises(ConfigError, match="^omgevingsvariabele WORKBENCH_CORPUS_WORKERS: de waarde 'veel' is geen heel getal. Oplossing: "):
        Settings.from_toml(path, environ={"WORKBENCH_CORPUS_WORKERS": "veel"})


def test_settings_env_overrides(tmp_path):
    env = {"WORKBENCH_STORE_URL": "sqlite:////tmp/elsewhere.db", "WORKBENCH_CORPUS_WORKERS": "2", "WORKBENCH_PRIVACY_KEEP": "Zeist, Austerlitz Zorgt"}
    s = Settings.from_toml(write(tmp_path, '[project]\nname = "x"\n'), environ=env)
    assert s.db_path == Path("/tmp/elsewhere.db")
    assert s.corpus.workers == 2
    assert s.keep_list() == ["Zeist", "Austerlitz Zorgt"]


def test_settings_bad_env_value_names_variable(tmp_path):
    with pytest.raises(ConfigError, match="WORKBENCH_CORPUS_WORKERS"):
        Settings.from_toml(write(tmp_path, '[project]\nname = "x"\n'), environ={"WORKBENCH_CORPUS_WORKERS": "veel"})


def test_settings_keep_file(tmp_path):
    (tmp_path / "keep.txt").write_text("# comment\nZeist\n\nAusterlitz Zorgt\n", encoding="utf-8")
    s = Settings.from_toml(write(tmp_path, '[project]\nname = "x"\n[privacy]\nkeep = ["Wmo"]\nkeep_file = "keep.txt"\n'), environ={})
    assert s.keep_list() == ["Wmo", "Zeist", "Austerlitz Zorgt"]


def test_find_root_walks_up_and_explains(tmp_path):
    write(tmp_path, '[project]\nname = "x"\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_root(tmp_path / "a" / "b") == tmp_path
    with pytest.raises(StudyNotFoundError, match="workbench init"):
        find_root(Path("/"))


@pytest.mark.parametrize(("key", "value"), [("ages", "soms"), ("years", "verbergen"), ("dates", "geen"), ("pseudonyms", "per-persoon")])
def test_settings_privacy_choices_are_checked(tmp_path, key, value):
    path = write(tmp_path, f'[project]\nname = "x"\n\n[privacy]\n{key} = "{value}"\n')
    with pytest.raises(ConfigError) as info:
        Settings.from_toml(path)
    assert f"[privacy].{key}" in str(info.value) and ":5" in str(info.value)


def test_settings_privacy_defaults_keep_the_research_safe(tmp_path):
    p = Settings.from_toml(write(tmp_path, '[project]\nname = "x"\n')).privacy
    assert (p.keep_defaults, p.keep_places, p.ages, p.years, p.dates, p.pseudonyms) == (True, False, "generalise", "generalise", "personal", "study")


def test_init_writes_workbench_toml_in_the_interface_language(tmp_path):
    """'workbench init' explains the keys in Dutch by default, in English with --lang en; both read the same."""
    from workbench.i18n import set_language
    from workbench.study import init_study

    dutch = Settings.from_toml(init_study(tmp_path / "nl", name="s"), environ={})
    text = (tmp_path / "nl" / "workbench.toml").read_text(encoding="utf-8")
    assert "0 werkprocessen is geen cluster, één proces" in text and "bewaar hem apart van de gegevens" in text and "one process" not in text
    set_language("en")
    english = Settings.from_toml(init_study(tmp_path / "en", name="s"), environ={})
    text = (tmp_path / "en" / "workbench.toml").read_text(encoding="utf-8")
    assert "0 workers is no cluster, one process" in text and "keep it apart from the data" in text and "werkprocessen" not in text
    assert "[corpus]\nworkers" not in text  # the older name: [compute] says it now
    assert (dutch.project, dutch.corpus, dutch.privacy, dutch.store, dutch.compute) == (english.project, english.corpus, english.privacy, english.store, english.compute)
    with pytest.raises(ConfigError, match="a study already exists here. Fix: choose another folder"):
        init_study(tmp_path / "en")
