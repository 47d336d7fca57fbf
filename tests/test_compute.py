"""Where the work runs: the choice between one process, a LocalCluster and a named scheduler."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import compute
from workbench.errors import ConfigError
from workbench.settings import Settings


def _settings(**section: object) -> Settings:
    return Settings.from_dict({"project": {"name": "t"}, "compute": dict(section)}, root=Path("."))


def test_the_choice_most_specific_first():
    assert not compute.plan(_settings()).distributed  # workers = 0: one process, no cluster
    assert compute.plan(_settings(workers=2)) == compute.Plan(workers=2)
    assert compute.plan(_settings(workers=2), workers=0) == compute.Plan(workers=0)  # --workers 0 beats the file
    named = _settings(scheduler="tcp://10.1.2.3:8786")
    assert compute.plan(named) == compute.Plan(scheduler="tcp://10.1.2.3:8786")
    assert compute.plan(named, workers=3) == compute.Plan(workers=3)  # --workers on the command line: a local cluster
    assert compute.plan(named, scheduler="tcp://127.0.0.1:1") == compute.Plan(scheduler="tcp://127.0.0.1:1")
    assert compute.plan(named, client="mine").client == "mine"
    older = Settings.from_dict({"project": {"name": "t"}, "corpus": {"workers": 2}}, root=Path("."))
    assert compute.plan(older, ingest=True) == compute.Plan(workers=2)  # ingest's older name of the choice
    assert compute.plan(older) == compute.Plan(workers=0)  # nothing else reads it
    with pytest.raises(ConfigError, match="--workers moet 0 of meer zijn"):
        compute.plan(_settings(), workers=-1)


def test_a_bad_scheduler_address_names_the_key():
    with pytest.raises(ConfigError, match=r"\[compute\]\.scheduler '10\.1\.2\.3' is geen adres"):
        _settings(scheduler="10.1.2.3")


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_scheduler_that_does_not_answer_says_how_to_start_one(monkeypatch):
    monkeypatch.setattr(compute, "CONNECT_TIMEOUT", 2.0)
    with pytest.raises(ConfigError, match=r"tcp://127\.0\.0\.1:9 antwoordt niet .*dask worker tcp://127\.0\.0\.1:9"):
        with compute.cluster(_settings(), scheduler="tcp://127.0.0.1:9"):
            pass


def test_one_process_yields_no_client():
    with compute.cluster(_settings()) as client:
        assert client is None


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_local_cluster_of_processes_says_its_dashboard_and_closes():
    said: list[str] = []
    with compute.cluster(_settings(), workers=1, tell=said.append) as client:
        assert client.submit(sum, [1, 2]).result() == 3
        pid = client.run(__import__("os").getpid)
        assert list(pid.values())[0] != __import__("os").getpid()  # a worker process, not a thread of ours
    assert said[0] == "een Dask-LocalCluster met 1 werkprocessen gestart"
    assert said[1].startswith("Dask-dashboard: http://127.0.0.1:")
    assert client.status == "closed"
