"""Shared fixtures. The network is blocked for every test (pytest-socket, see pyproject):
an accidental model or data download fails loudly instead of passing on a dev machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# urllib3 (pulled in by spaCy) probes IPv6 with a socket when first imported; import it
# here, before pytest-socket blocks sockets, so that probe is not reported as a download.
import urllib3  # noqa: F401

from workbench.store import Store

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def dutch_interface(monkeypatch):
    """Every test starts in the default interface language, whatever ran before it."""
    from workbench.i18n import set_language

    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


# -- the store on both backends ---------------------------------------------------------
PG_BIN = Path(os.environ.get("WORKBENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PostgresServer:
    """A real PostgreSQL server in a temporary folder, reached over its unix socket
    (pytest-socket allows unix sockets only). Started once per test session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket_dir = root / "run"
        self.data = root / "data"
        self.port = 5400 + os.getpid() % 500
        self._n = 0

    def _as_owner(self, *cmd: str) -> list[str]:
        # initdb refuses to run as root: run the server as the postgres user then
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *cmd]
        return list(cmd)

    def start(self) -> None:
        self.socket_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        subprocess.run(self._as_owner(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "wb", "-E", "UTF8", "--locale=C.UTF-8"),
                       check=True, capture_output=True)
        opts = f"-k {self.socket_dir} -c listen_addresses='' -p {self.port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        subprocess.run(self._as_owner(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start"),
                       check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(self._as_owner(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"), capture_output=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://wb@/{dbname}?host={self.socket_dir}&port={self.port}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import sqlalchemy as sa

        self._n += 1
        name = f"wb_test_{os.getpid()}_{self._n}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as con:
            con.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """A PostgreSQL server for this test session (Debian's postgresql package)."""
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL server binaries not found in {PG_BIN}: install Debian's postgresql package (.ci/run does)")
        pytest.skip(f"no PostgreSQL server in {PG_BIN} (set WORKBENCH_PG_BIN)")
    server = PostgresServer(Path(tempfile.mkdtemp(prefix="wb-pg-")))
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file in tmp_path, or a new database on the
    session's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / '.workbench' / 'workbench.db'}"
    return request.getfixturevalue("pg_server").create_database()


@pytest.fixture
def store(store_url: str):
    """A real, migrated store on each backend (SQLite file, PostgreSQL server)."""
    s = Store.open(store_url, upgrade=True)
    yield s
    s.close()


def sql(store: Store, text: str, params: dict | None = None) -> list:
    """Read the database directly, around the store's own queries: tests check what is
    really stored (the package itself writes no SQL outside workbench/store/)."""
    import sqlalchemy as sa

    with store.engine.connect() as con:
        return list(con.execute(sa.text(text), params or {}))


@pytest.fixture
def sqlite_store(tmp_path: Path):
    """A real SQLite file in tmp_path, migrated (for what is about the file itself)."""
    s = Store.open(tmp_path / ".workbench" / "workbench.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def deduce_ready():
    """deduce loaded once per test session (its cache is built once per machine, ~90 s)."""
    from workbench.corpus.pseudonymise import load_deduce

    return load_deduce()


@pytest.fixture(scope="session")
def pseudonymiser(deduce_ready):
    from workbench.corpus.pseudonymise import Pseudonymiser

    return Pseudonymiser(keep=["Austerlitz Zorgt", "Zeist", "Voorzorgcirkels", "Laefhoës", "America", "Liv Inn Hilversum"])


@pytest.fixture(scope="session")
def fresh(deduce_ready):
    """The pseudonymiser of a fresh study: the shipped list, nothing of the researcher's."""
    from workbench.corpus.pseudonymise import Pseudonymiser

    return Pseudonymiser()


STUDY_TOML = """
[project]
name = "test-study"
user = "tester"

[corpus]
paths = ["corpora/test"]
workers = 0

[privacy]
keep = ["Austerlitz Zorgt", "Zeist", "Voorzorgcirkels", "Laefhoës", "America", "Liv Inn Hilversum"]
"""


@pytest.fixture
def study_dir(tmp_path: Path) -> Path:
    """A study folder holding a copy of tests/data/corpus as corpora/test."""
    root = tmp_path / "study"
    (root / "corpora").mkdir(parents=True)
    shutil.copytree(DATA / "corpus", root / "corpora" / "test")
    (root / "workbench.toml").write_text(STUDY_TOML, encoding="utf-8")
    return root


@pytest.fixture
def study(study_dir: Path, deduce_ready):
    import workbench as wb

    s = wb.open_study(study_dir)
    yield s
    s.close()


# -- codebook and coding fixtures: a small codebook file, a store with a document ----------

REFI = DATA / "refi"
STARTER = REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml"

SMALL = """\
# Een klein codeboek voor de tests.
id: test-codeboek
title: {nl: Testcodeboek, en: Test codebook}
language: nl
description: >-
  Voor de tests.

codes:
  # -- bewoners -------------------------------------------------------
  - id: bewoners   # hoofdcode
    label: {nl: Bewoners, en: Residents}
    definition: >-
      Wat het initiatief betekent voor bewoners.
    children:
      - id: eenzaamheid
        label: {nl: Eenzaamheid, en: Loneliness}
        definition: >-
          Zich alleen voelen,
          ook tussen mensen.
        include: Gemis van een partner.
        exclude: Alleen-zijn als keuze.
        examples: ["Het is zo stil in huis."]
        keywords: [eenzaam, alleen]
        patterns: ['voel(de)? me alleen']
        color: "#1f77b4"
      - id: verbinding
        label: {nl: Verbinding}
        definition: Contact met buren en vrijwilligers.
        keywords: [contact]
      - id: thuis
        label: {nl: Langer thuis wonen}
        definition: Langer in het eigen huis blijven wonen.
  # -- organisatie ----------------------------------------------------
  - id: organisatie
    label: {nl: Organisatie}
    definition: Hoe het initiatief georganiseerd is.
    children:
      - id: financiering
        label: {nl: Financiering}
        definition: Geld van gemeente, fondsen, leden.
groups:
  - name: uitkomsten
    codes: [eenzaamheid, thuis]
"""

TEXT = "Sinds mijn man er niet meer is, is het stil. Gelukkig komt de buurvrouw elke dag langs. Zo kan ik thuis blijven wonen."


@pytest.fixture
def small_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "codebooks" / "test.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SMALL, encoding="utf-8")
    return path


def add_document(store, doc_id: str = "int-01", text: str = TEXT) -> int:
    """Store a minimal document so that codings can refer to it."""
    return store.add_document(
        {
            "id": doc_id, "source_path": f"{doc_id}.txt", "source_hash": "x", "content_hash": "y", "kind": "interview",
            "consent": 1, "text": text, "n_words": len(text.split()),
        },
        [],
    )


@pytest.fixture
def doc(store) -> tuple[str, int]:
    return "int-01", add_document(store)


@pytest.fixture
def add_doc(store):
    """A function that stores a document: add_doc("int-02", "tekst") -> version."""
    return lambda doc_id="int-02", text=TEXT: add_document(store, doc_id, text)


# -- the demo study coded by the two scripted coders (suggestions and agreement, issue 7) ----
@pytest.fixture(scope="session")
def demo_coded(tmp_path_factory, deduce_ready):
    """The shipped demo study, ingested and coded by the fictional coders lian and sanne
    (workbench.coding.demo), once per session. Tests may add suggestions, not codings."""
    import workbench as wb
    from workbench.coding.demo import code_demo

    root = tmp_path_factory.mktemp("demo-coded")
    shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    shutil.copy(REPO / "keep-list.txt", root)
    shutil.copy(REPO / "workbench.toml", root)
    study = wb.open_study(root)
    study.ingest(workers=0)
    code_demo(study.store, *study.load_codebook())
    yield study
    study.close()


@pytest.fixture
def demo_copy(demo_coded, tmp_path):
    """A writable copy of the coded demo study (its SQLite file copied after the pool is
    closed, so the write-ahead log is checkpointed into it)."""
    import workbench as wb

    demo_coded.store.engine.dispose()
    root = tmp_path / "demo"
    shutil.copytree(demo_coded.root, root, ignore=shutil.ignore_patterns("reports"))
    study = wb.open_study(root)
    yield study
    study.close()


# -- review (issue 8): the demo study with a theme run, and co-researchers' links ------------
# (tests/test_demo.py and tests/reports/test_reports.py define their own module-scoped
# `demo`, which pytest uses there instead of this one)
A = "Austerlitz Zorgt"
B = "Voorzorgcirkels"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, deduce_ready) -> Path:
    """The demo study, ingested and with one theme run (built once per session)."""
    import workbench as wb

    root = tmp_path_factory.mktemp("review-demo") / "demo"
    root.mkdir()
    shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    shutil.copy(REPO / "keep-list.txt", root)
    shutil.copy(REPO / "workbench.toml", root)
    with wb.open_study(root) as study:
        study.ingest(workers=0)
        study.run_themes(seed=1)
    return root


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo study for one test (its own database file)."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm"))
    return target


@pytest.fixture
def demo(demo_dir: Path):
    """The copy of the demo study with a theme run, opened (closed after the test)."""
    import workbench as wb

    study = wb.open_study(demo_dir)
    yield study
    study.close()


@pytest.fixture
def links(demo):
    """Invitations for a reviewer of Austerlitz Zorgt and one of Voorzorgcirkels: (token A, token B)."""
    from workbench.review import invite

    a = invite(demo.store, A, "Marja", role="vrijwilliger", created_by="lian")
    b = invite(demo.store, B, "Kees", role="bewoner", created_by="lian")
    return a.token, b.token
