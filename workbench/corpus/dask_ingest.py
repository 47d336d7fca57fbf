"""Ingest's reading on Dask: partitions of files as tasks, results back in task order.

:func:`workbench.corpus.ingest.run_ingest` sends its files here when it has a
``distributed.Client`` (``--workers N``, ``--scheduler``, ``study.ingest(client=...)``).
The files are cut into partitions: runs of consecutive files (the one-process order),
balanced by size; a file bigger than a partition's share is a partition of its own and
starts first (``priority``), so a big transcript does not keep one worker busy at the end.
Each partition is one task that reads, pseudonymises and segments its files on a worker.

deduce and spaCy are loaded once per worker by a :class:`LoadOnce` worker plugin: Dask
runs its ``setup`` on every worker of the cluster, and on a worker that joins later (one
that replaces a dead one), before that worker's first task.

The tasks are pure: they read files and return results, they write nothing (no database,
no key file). So when a worker dies mid-run, Dask runs its partitions again on another
worker and nothing is lost or written twice. Results come back to the client, which
yields them in task order (buffering partitions that finish early), so the client
stores them exactly as a one-process ingest would.

Example:
    >>> for i, result in run_in_order(client, len, ["ab", "c"], [2, 1], setup=print, args=("hi",)):  # doctest: +SKIP
    ...     print(i, result)
    0 2
    1 1
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any

from distributed import KilledWorker, WorkerPlugin, as_completed

#: partitions per worker thread at least: many more than threads keeps every worker
#: busy to the end, and a partition that must be redone after a worker died is small
#: (4 per thread and 4 MiB left a core idle at the end: 44,000 words/s on 4 M words and
#: 2 workers; 16 and 1 MiB: 48,000-60,000, benchmarks/scale.py)
PARTS_PER_SLOT = 16
#: a partition holds at most about this many bytes of files: results wait on a worker
#: until the client fetches them, and a bounded partition bounds that memory
PART_MAX_BYTES = 1024 * 1024


class PartitionLost(RuntimeError):
    """Dask gave up on a partition (its workers died ``allowed-failures`` times running it,
    e.g. out of memory on a huge file); ``indices`` are its items."""

    def __init__(self, indices: list[int]) -> None:
        super().__init__(f"partition of items {indices} lost")  # i18n: developer (the caller says it to a person)
        self.indices = indices


class LoadOnce(WorkerPlugin):
    """A worker plugin that calls ``setup(*args)`` once on each worker (deduce and spaCy).

    The loading runs in a thread, so the worker keeps answering the scheduler (heartbeats,
    the dashboard) during the ~10 s it takes.

    Example:
        >>> client.register_plugin(LoadOnce(load, (options,)), name="workbench-ingest")  # doctest: +SKIP
    """

    def __init__(self, setup: Callable[..., None], args: tuple[Any, ...]) -> None:
        self._setup = setup
        self._args = args

    async def setup(self, worker: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._setup, *self._args)


def partitions(sizes: Sequence[int], slots: int) -> list[list[int]]:
    """Runs of consecutive indices, each about an equal share of the bytes.

    Example:
        >>> partitions([10, 1, 1, 1, 1], 1)
        [[0], [1, 2], [3, 4]]
    """
    if not sizes:
        return []
    total = sum(max(1, s) for s in sizes)
    wanted = max(min(len(sizes), max(1, slots) * PARTS_PER_SLOT), -(-total // PART_MAX_BYTES))
    share = total / wanted
    parts: list[list[int]] = []
    current: list[int] = []
    filled = 0
    for i, size in enumerate(sizes):
        size = max(1, size)
        if current and filled + size > share:
            parts.append(current)
            current, filled = [], 0
        current.append(i)
        filled += size
    parts.append(current)
    return parts


def run_part(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    """One task: ``fn`` over a partition's items, on a worker (pure: it writes nothing)."""
    return [fn(item) for item in items]


def slots(client: Any) -> int:
    """Threads across the cluster's workers now (at least 1: workers may still be joining)."""
    return max(1, sum(client.nthreads().values()))


def run_in_order(
    client: Any,
    fn: Callable[[Any], Any],
    items: Sequence[Any],
    sizes: Sequence[int],
    *,
    setup: Callable[..., None],
    args: tuple[Any, ...],
    progress: Callable[[int, int], None] | None = None,
) -> Generator[tuple[int, Any], None, None]:
    """``(index, fn(item))`` for every item, in the items' order, computed on the cluster.

    ``setup(*args)`` runs once on every worker first (and on any worker that joins later).
    ``progress(done, total)`` is called as partitions finish (in any order). Closing the
    generator early (an error, ``--strict``) cancels what is still to do.
    """
    token = uuid.uuid4().hex[:12]
    name = f"workbench-ingest-{token}"
    client.register_plugin(LoadOnce(setup, args), name=name)
    parts = partitions(sizes, slots(client))
    share = sum(sizes) / max(1, len(parts))
    futures = {}
    try:
        for k, part in enumerate(parts):
            big = len(part) == 1 and sizes[part[0]] > share
            future = client.submit(run_part, fn, [items[i] for i in part], key=f"ingest-partition-{k}-{token}", pure=False, priority=1 if big else 0)
            futures[future.key] = (k, future)
        yield from _in_order(client, futures, parts, len(items), progress)
    finally:
        # tidying up must not hide why the run stopped (a scheduler gone, --strict)
        with contextlib.suppress(Exception):
            client.cancel([f for _, f in futures.values() if not f.done()])
        with contextlib.suppress(Exception):
            client.unregister_worker_plugin(name)


def _in_order(
    client: Any,
    futures: dict[Any, tuple[int, Any]], parts: list[list[int]], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[tuple[int, Any]]:
    """Each partition's results as soon as every earlier partition's are out too."""
    waiting: dict[int, list[Any]] = {}
    next_part = 0
    done = 0
    for future in as_completed([f for _, f in futures.values()], loop=client.loop):  # not a default client: the researcher's may be another
        k, _ = futures.pop(future.key)
        try:
            waiting[k] = future.result()
        except KilledWorker:
            raise PartitionLost(parts[k]) from None
        future.release()  # the worker may drop it now
        done += len(parts[k])
        if progress is not None:
            progress(done, total)
        while next_part in waiting:
            yield from zip(parts[next_part], waiting.pop(next_part))
            next_part += 1
