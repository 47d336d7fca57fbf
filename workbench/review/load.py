"""Many co-researchers at once: what the review server holds (``benchmarks/review_load.py``
and tests/hardening/test_review_load.py use this).

Two measurements on 127.0.0.1:

- :func:`open_pages`: ``n`` page loads at once against a running ``workbench review
  serve``; every load makes Voila start a kernel that runs the page for that link, which
  stays while the page is open. The memory of the server's process tree before and after
  gives the memory per open page.
- :func:`review_as` (run in ``n`` processes at once): one co-researcher's page (the same
  widgets the kernel builds for their link) marks every theme, names it and comments, then
  opens the page again and returns everything it shows.

Example:
    >>> pages = open_pages("http://127.0.0.1:8866/", tokens, server_pid=1234)   # doctest: +SKIP
    >>> pages.per_page_mib                                                       # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

VERDICTS = ("recognise", "partly", "not")


@dataclass(frozen=True)
class PageLoad:
    """The result of :func:`open_pages`."""

    pages: int
    ok: int
    kernels: int
    seconds: float
    before_mib: float  # the server's process tree (server + kernels), resident, before
    after_mib: float
    kernel_uss_mib: float  # mean memory of one page's kernel that no other process shares

    @property
    def per_page_mib(self) -> float:
        return (self.after_mib - self.before_mib) / max(1, self.pages)


def tree_memory(pid: int) -> tuple[float, list[Any]]:
    """(resident MiB of the process and its descendants, the descendant processes)."""
    import psutil

    root = psutil.Process(pid)
    family = [root, *root.children(recursive=True)]
    total = 0
    for p in family:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20, family[1:]


def _kernels(pid: int) -> list[Any]:
    _, children = tree_memory(pid)
    return [p for p in children if "ipykernel" in " ".join(_cmdline(p))]


def _cmdline(p: Any) -> list[str]:
    try:
        return list(p.cmdline())
    except Exception:  # noqa: BLE001 - a process that just ended
        return []


def open_pages(base_url: str, tokens: list[str], *, server_pid: int, timeout: float = 600, settle: float = 3.0) -> PageLoad:
    """Load the page for every token at once (one thread each); measure the server tree.

    Example:
        >>> open_pages("http://127.0.0.1:8866/", ["Qk-..."], server_pid=1234)   # doctest: +SKIP
    """
    import psutil

    before, _ = tree_memory(server_pid)
    n_before = len(_kernels(server_pid))
    started = time.perf_counter()

    def load(token: str) -> bool:
        with urllib.request.urlopen(f"{base_url.rstrip('/')}/?code={token}", timeout=timeout) as response:
            body = response.read()
        return response.status == 200 and b"voila_process" in body

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        ok = sum(pool.map(load, tokens))
    seconds = time.perf_counter() - started
    time.sleep(settle)  # the kernels finish running the page
    after, _ = tree_memory(server_pid)
    kernels = _kernels(server_pid)
    uss = []
    for k in kernels:
        try:
            uss.append(k.memory_full_info().uss / 2**20)
        except psutil.Error:
            pass
    return PageLoad(
        pages=len(tokens), ok=ok, kernels=len(kernels) - n_before, seconds=seconds, before_mib=before, after_mib=after,
        kernel_uss_mib=sum(uss) / len(uss) if uss else 0.0,
    )


def _texts(widget: Any) -> str:
    """Every text a page holds (HTML, values, options, titles), as a browser could show it."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        for attr in ("value", "description", "placeholder"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                out.append(html.unescape(v))
        out.extend(str(o) for o in getattr(w, "_options_labels", ()) or ())
        out.extend(getattr(w, "titles", ()) or ())
        stack.extend(getattr(w, "children", ()) or ())
    return "\n".join(out)


def review_as(study_dir: str, token: str, index: int) -> dict[str, Any]:
    """One co-researcher at work: their page marks every theme (a verdict, their own name for
    it, a comment that names them), then is opened again; returns the initiative, what was
    stored through the page and the text the reopened page shows.

    Example:
        >>> review_as(".", "Qk-...", 3)["initiative"]        # doctest: +SKIP
    """
    from workbench.review.app import ReviewApp
    from workbench.review.view import open_view
    from workbench.settings import Settings
    from workbench.store import Store

    store = Store.open(Settings.from_folder(study_dir).db_url)
    try:
        view = open_view(store, token)
        app = ReviewApp(view)
        marked = {}
        for i, (key, row) in enumerate(app.themes.items()):
            verdict = VERDICTS[(index + i) % len(VERDICTS)]
            row.verdict.value = verdict
            row.own_name.value = f"eigen naam {index}-{i}"
            row.comment.value = f"opmerking van lezer {index} over thema {i}"
            marked[key] = verdict
        again = ReviewApp(open_view(store, token))
        return {"initiative": view.initiative, "reviewer": view.reviewer_name, "index": index, "marked": marked, "shown": _texts(again.widget)}
    finally:
        store.close()


def main(argv: list[str] | None = None) -> None:
    """``python -m workbench.review.load STUDY TOKEN INDEX``: :func:`review_as`, printed as JSON."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    print(json.dumps(review_as(args[0], args[1], int(args[2])), ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
