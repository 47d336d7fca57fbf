"""Where the heavy work runs: one process, a Dask LocalCluster, or any Dask cluster.

Ingest and suggestions send their work to Dask when asked, never to a scheduler of our
own. The choice, most specific first:

1. a ``distributed.Client`` the researcher already has (``study.ingest(client=client)``);
2. a scheduler address (``--scheduler tcp://10.1.2.3:8786`` or ``[compute] scheduler``);
3. a LocalCluster of N worker processes on this machine (``--workers N`` or
   ``[compute] workers``), one thread each: deduce and spaCy hold the GIL;
4. none: ``workers = 0`` is one process and no cluster (the fastest for a study-sized
   corpus: starting workers and loading deduce in each costs ~10 s).

A cluster this module starts is closed when the ``with`` block ends; a client or
scheduler the researcher brought is left running.

Example:
    >>> with cluster(settings, workers=2, tell=print) as client:   # doctest: +SKIP
    ...     client.submit(sum, [1, 2]).result()
    3
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import ConfigError
from workbench.i18n import add, t

if TYPE_CHECKING:
    from distributed import Client

    from workbench.settings import Settings

add("compute_dashboard", nl="Dask-dashboard: {link}", en="Dask dashboard: {link}")
add("compute_local", nl="een Dask-LocalCluster met {n} werkprocessen gestart", en="started a Dask LocalCluster of {n} worker processes")
add("compute_connected", nl="verbonden met de Dask-scheduler {address} ({n} werkprocessen)", en="connected to the Dask scheduler {address} ({n} workers)")
add("compute_unreachable", nl="de Dask-scheduler {address} antwoordt niet ({why})", en="the Dask scheduler {address} does not answer ({why})")
add(
    "compute_unreachable_fix",
    nl="start de scheduler (dask scheduler) en minstens één worker (dask worker {address}), of controleer het adres in [compute].scheduler",
    en="start the scheduler (dask scheduler) and at least one worker (dask worker {address}), or check the address in [compute].scheduler",
)
add("compute_bad_workers", nl="--workers moet 0 of meer zijn, niet {n}", en="--workers must be 0 or more, not {n}")

#: how long to wait for a named scheduler before saying it does not answer
CONNECT_TIMEOUT = 20.0


@dataclass(frozen=True)
class Plan:
    """Where the work will run: ``client`` given, ``scheduler`` named, or ``workers`` local (0: one process)."""

    client: Any = None
    scheduler: str = ""
    workers: int = 0

    @property
    def distributed(self) -> bool:
        return self.client is not None or bool(self.scheduler) or self.workers > 0


def plan(
    settings: Settings | None, *, client: Any = None, scheduler: str | None = None, workers: int | None = None, ingest: bool = False
) -> Plan:
    """The choice above, from what a call names and the study's ``[compute]`` settings.

    ``ingest``: also read ``[corpus].workers``, the older name of ``[compute].workers`` that
    only ingest ever had (a study written before Dask keeps its choice; suggest never reads it).
    """
    if client is not None:
        return Plan(client=client)
    if workers is not None and workers < 0:
        raise ConfigError("--workers", t("compute_bad_workers", n=workers), t("settings_compute_workers_fix"))  # i18n: developer (an option's name)
    compute = settings.compute if settings is not None else None
    if scheduler:
        return Plan(scheduler=scheduler)
    if workers is None and compute is not None and compute.scheduler:
        return Plan(scheduler=compute.scheduler)
    if workers is None:
        workers = compute.workers if compute is not None else 0
        if not workers and settings is not None and ingest:
            workers = settings.corpus.workers
    return Plan(workers=workers)


@contextlib.contextmanager
def cluster(
    settings: Settings | None,
    *,
    client: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    tell: Callable[[str], None] | None = None,
    ingest: bool = False,
) -> Iterator[Client | None]:
    """A ``distributed.Client`` for the chosen place, or None for one process.

    ``tell`` gets one line for a person (the cluster started or reached, and the dashboard
    link), in the interface language.
    """
    chosen = plan(settings, client=client, scheduler=scheduler, workers=workers, ingest=ingest)
    if chosen.client is not None:
        yield chosen.client
        return
    if not chosen.distributed:
        yield None
        return
    from distributed import Client, LocalCluster

    if chosen.scheduler:
        try:
            own = Client(chosen.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                "[compute].scheduler",  # i18n: developer (a key's name)
                t("compute_unreachable", address=chosen.scheduler, why=type(exc).__name__),
                t("compute_unreachable_fix", address=chosen.scheduler),
            ) from None
        with own:
            _say(tell, t("compute_connected", address=chosen.scheduler, n=len(own.scheduler_info().get("workers", {}))), own)
            yield own
        return
    memory = settings.compute.memory_limit if settings is not None else "auto"
    with LocalCluster(
        n_workers=chosen.workers, threads_per_worker=1, processes=True, memory_limit=memory, dashboard_address=":0", silence_logs=40
    ) as local, Client(local, set_as_default=False) as own:
        _say(tell, t("compute_local", n=chosen.workers), own)
        yield own


def _say(tell: Callable[[str], None] | None, line: str, client: Client) -> None:
    if tell is None:
        return
    tell(line)
    link = getattr(client, "dashboard_link", "")
    if link:
        tell(t("compute_dashboard", link=link))
