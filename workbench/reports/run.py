"""Run report notebooks with papermill and export them: ``workbench report``.

:func:`run_reports` plans the reports (one per initiative and/or the cross-initiative
report), checks every notebook's parameters with papermill's ``inspect_notebook`` before
anything runs, executes the notebooks in parallel (``jobs`` worker processes, each
notebook in its own kernel), exports each one (HTML, slides, PowerPoint, PDF, the executed
notebook) and writes ``run.json`` so that every finding can be traced back: input hash,
codebook version, theme run and seed, package and library versions, parameters.

Output goes to ``<out>/<date>-<run>/``; ``<run>`` is derived from the input hash and the
parameters, so the same study state asked the same way lands in the same folder.
Logs name reports and files, never transcript text.

Example:
    >>> result = run_reports(".", all_initiatives=True, jobs=2)     # doctest: +SKIP
    >>> result.folder                                                # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import ReportError
from workbench.i18n import add, language, set_language, t
from workbench.reports.export import FORMATS

if TYPE_CHECKING:
    from workbench.reports.data import ReportData

log = logging.getLogger("workbench.reports")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "data" / "notebooks"  # package copies of notebooks/ (make sync-data)
INITIATIVE_NOTEBOOK = "initiative_report.ipynb"
CROSS_NOTEBOOK = "cross_initiative_report.ipynb"
CROSS_NAME = "alle-initiatieven"
LIBRARIES = ("papermill", "nbconvert", "nbformat", "ipykernel", "matplotlib", "pandas", "numpy", "python-pptx", "bertopic", "krippendorff", "deduce", "spacy")

Progress = Callable[[int, int, str], None]
#: the options a refusal points to (option names are not translated)
WHERE_FORMAT, WHERE_JOBS = "--format", "--jobs"

add("report_notebooks_missing", nl="de rapportnotebooks ontbreken in de geïnstalleerde workbench", en="the report notebooks are missing from the package")
add("report_notebooks_missing_fix", nl="installeer de workbench opnieuw (pip install -e .) of draai 'make sync-data'", en="reinstall the workbench (pip install -e .) or run 'make sync-data'")
add("report_unknown_format", nl="onbekend formaat: {formats}", en="unknown format(s): {formats}")
add("report_no_format", nl="geen formaat gekozen", en="no format given")
add("report_unknown_format_fix", nl="kies uit {valid}, met komma's ertussen (bijv. --format html,pdf)", en="choose from {valid}, comma-separated (e.g. --format html,pdf)")
add("report_no_parameters_cell", nl="het notebook heeft geen cel met de tag 'parameters'", en="the notebook has no cell tagged 'parameters'")
add("report_no_parameters_cell_fix", nl="geef de eerste codecel de tag 'parameters' (in JupyterLab: rechts, Property Inspector)", en="tag the first code cell 'parameters' (in JupyterLab: on the right, Property Inspector)")
add("report_unknown_parameters", nl="het notebook kent de parameter(s) {names} niet", en="unknown parameter(s) {names}")
add("report_unknown_parameters_fix", nl="het notebook kent alleen: {declared}", en="the notebook declares {declared}")
add("report_missing_parameters", nl="de parameter(s) {names} ontbreken", en="missing parameter(s) {names}")
add("report_missing_parameters_fix", nl="geef ze mee ('workbench report' doet dat vanzelf)", en="pass them ('workbench report' does this for you)")
add("report_bad_jobs", nl="{jobs} is geen geldig aantal processen", en="{jobs} is not a number of processes")
add("report_bad_jobs_fix", nl="kies 1 of meer (bijv. --jobs 2)", en="use 1 or more (e.g. --jobs 2)")
add("report_nothing_asked", nl="geen rapport gevraagd", en="no report asked for")
add("report_nothing_asked_fix", nl="geef --initiative NAAM, --all of --cross", en="pass --initiative NAME, --all or --cross")
add("report_stopped", nl="rapport '{name}' is gestopt in cel {cell}: {error}", en="report '{name}' stopped in cell {cell}: {error}")
add("report_stopped_fix", nl="open het uitgevoerde notebook om die cel te zien", en="open the executed notebook to see the cell")


@dataclass(frozen=True)
class ReportJob:
    """One report to make: which notebook with which parameters, written under ``name``."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    initiative: str | None = None


@dataclass
class ReportRun:
    """What a run wrote: the folder, run.json and per report its files."""

    folder: Path
    run_json: Path
    reports: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def paths(self) -> list[Path]:
        return [Path(p) for r in self.reports for p in r["files"].values()]


def slug(text: str) -> str:
    """A file name from an initiative name: 'Laefhoës America' -> 'laefhoes-america'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "rapport"


def notebook_dir(root: Path) -> Path:
    """The report notebooks: the study's own ``notebooks/`` when it has both (``workbench
    init`` copies them there; a researcher may adapt them), else the package's copies."""
    own = root / "notebooks"
    if (own / INITIATIVE_NOTEBOOK).exists() and (own / CROSS_NOTEBOOK).exists():
        return own
    if not (NOTEBOOKS / INITIATIVE_NOTEBOOK).exists():
        raise ReportError(str(NOTEBOOKS), t("report_notebooks_missing"), t("report_notebooks_missing_fix"))
    return NOTEBOOKS


def parse_formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    items = [f.strip().lower() for f in (formats.split(",") if isinstance(formats, str) else formats) if f.strip()]
    unknown = [f for f in items if f not in FORMATS]
    if unknown or not items:
        what = t("report_unknown_format", formats=", ".join(unknown)) if unknown else t("report_no_format")
        raise ReportError(WHERE_FORMAT, what, t("report_unknown_format_fix", valid=",".join(FORMATS)))
    if "pdf" in items and "html" not in items:
        items.append("html")  # the PDF is printed from the page
    return tuple(dict.fromkeys(items))


def check_parameters(notebook: Path, parameters: dict[str, Any]) -> None:
    """Papermill's ``inspect_notebook``: every parameter passed must be declared in the
    notebook's ``parameters`` cell. Raises ReportError before anything runs."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    if not declared:
        raise ReportError(str(notebook), t("report_no_parameters_cell"), t("report_no_parameters_cell_fix"))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ReportError(str(notebook), t("report_unknown_parameters", names=", ".join(unknown)), t("report_unknown_parameters_fix", declared=", ".join(sorted(declared))))
    missing = sorted(k for k, v in declared.items() if v.get("default") in (None, "None") and k not in parameters and k not in ("theme_run", "coders"))
    if missing:
        raise ReportError(str(notebook), t("report_missing_parameters", names=", ".join(missing)), t("report_missing_parameters_fix"))


def plan_reports(
    initiatives: Sequence[str], *, study_dir: Path, lang: str, theme_run: str | int | None, cross: bool, coders: list[str] | None = None
) -> list[ReportJob]:
    base: dict[str, Any] = {"study_dir": str(study_dir), "lang": lang, "theme_run": theme_run}
    if coders:  # only when chosen: a study's own older notebook without the parameter still runs
        base["coders"] = coders
    jobs = [ReportJob(slug(ini), INITIATIVE_NOTEBOOK, {**base, "initiative": ini}, ini) for ini in initiatives]
    if cross:
        jobs.append(ReportJob(CROSS_NAME, CROSS_NOTEBOOK, dict(base)))
    return jobs


def versions() -> dict[str, str | None]:
    """Versions of the workbench, Python and the libraries a report depends on (no imports)."""
    from importlib.metadata import PackageNotFoundError, version

    from workbench.version import __version__

    out: dict[str, str | None] = {"workbench": __version__, "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


@contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """The interface language ``lang`` in this process and in the kernels it starts
    (WORKBENCH_LANG), so a report that stops says why in the researcher's language. A
    worker process starts without the CLI's --lang; the report's own language is its
    ``lang`` parameter, not this."""
    before_env = os.environ.get("WORKBENCH_LANG")
    before = language()
    os.environ["WORKBENCH_LANG"] = lang
    if before != lang:
        set_language(lang)
    try:
        yield
    finally:
        if before_env is None:
            os.environ.pop("WORKBENCH_LANG", None)
        else:
            os.environ["WORKBENCH_LANG"] = before_env
        if before != lang:
            set_language(before)


def _execute_one(job: ReportJob, folder: str, formats: tuple[str, ...], notebooks: str, cwd: str, lang: str = "nl") -> dict[str, Any]:
    """Worker: run one notebook in its own kernel, then export it; errors in the interface
    language ``lang``. Returns what it wrote."""
    with _speaking(lang):
        return _execute(job, folder, formats, notebooks, cwd)


def _kernel_manager_class() -> type:
    """A kernel manager that talks to the report's kernel over local (IPC) sockets in
    Jupyter's private runtime folder, not over TCP: no other program on the machine can
    reach the kernel's ports, and the kernel no longer prints its English warning that
    TCP without encryption "is susceptible to eavesdropping" into every report run."""
    import uuid

    from jupyter_client.manager import KernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    class LocalSocketKernelManager(KernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            runtime = Path(jupyter_runtime_dir())
            runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.connection_file = str(runtime / f"kernel-workbench-{uuid.uuid4()}.json")
            self.ip = self.connection_file[: -len(".json")] + "-ipc"

    return LocalSocketKernelManager


def _execute(job: ReportJob, folder: str, formats: tuple[str, ...], notebooks: str, cwd: str) -> dict[str, Any]:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from workbench.reports import export

    start = time.perf_counter()
    out_dir = Path(folder)
    executed = out_dir / f"{job.name}.ipynb"
    # the kernel draws without a display; set for the kernel it starts, then put back (left
    # set, every later notebook run from this process lost its inline figures)
    backend = os.environ.get("MPLBACKEND")
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        papermill.execute_notebook(
            str(Path(notebooks) / job.notebook), str(executed), parameters=job.parameters, kernel_name="python3",
            progress_bar=False, log_output=False, cwd=cwd, report_mode=True, kernel_manager_class=_kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        # ename/evalue are the workbench's own messages (never transcript text)
        raise ReportError(str(executed), t("report_stopped", name=job.name, cell=exc.exec_count, error=f"{exc.ename}: {exc.evalue}"), t("report_stopped_fix")) from None
    finally:
        if backend is None:
            os.environ.pop("MPLBACKEND", None)
    ran = time.perf_counter() - start
    nb = nbformat.read(executed, as_version=4)
    files: dict[str, str] = {}
    if "ipynb" in formats:
        files["ipynb"] = str(executed)
    printing = None
    if "html" in formats:
        files["html"] = str(export.to_html(nb, out_dir / f"{job.name}.html"))
        if "pdf" in formats:  # chromium prints while the slides and the deck are made
            printing = export.start_pdf(out_dir / f"{job.name}.html", out_dir / f"{job.name}.pdf")
    if "slides" in formats:
        files["slides"] = str(export.to_slides(nb, out_dir / f"{job.name}.slides.html"))
    if "pptx" in formats:
        files["pptx"] = str(export.to_pptx(nb, out_dir / f"{job.name}.pptx"))
    if printing is not None:
        files["pdf"] = str(printing.wait())
    untranslated: list[dict[str, str]] = []
    if job.parameters.get("lang") == "en":
        for sec in export.sections_of(nb):
            untranslated.extend({"quote": q["key"], "initiative": q.get("initiative") or "", "dutch": q["text"], "english": ""} for q in sec.get("quotes", []) if not q.get("translation"))
    if "ipynb" not in formats:
        executed.unlink()
    sections = [s["key"] for s in export.sections_of(nb)]
    return {"name": job.name, "initiative": job.initiative, "notebook": job.notebook, "parameters": job.parameters, "files": files,
            "sections": sections, "seconds": {"execute": round(ran, 2), "total": round(time.perf_counter() - start, 2)}, "untranslated": untranslated}


def run_reports(
    study_dir: str | Path = ".",
    *,
    initiatives: Sequence[str] | None = None,
    all_initiatives: bool = False,
    cross: bool = False,
    lang: str = "nl",
    formats: str | Sequence[str] = FORMATS,
    theme_run: str | int | None = None,
    coders: str | Sequence[str] | None = None,
    out: str | Path = "reports",
    jobs: int = 1,
    progress: Progress | None = None,
) -> ReportRun:
    """Make reports: per initiative (``initiatives`` or ``all_initiatives``) and/or across them (``cross``).

    ``all_initiatives`` includes the cross-initiative report. ``coders`` ("lian,sanne"):
    whose codings and agreement count (default: ``[reports] coders`` in workbench.toml,
    else every person who coded). Raises ReportError for an unknown initiative, format,
    language, coder or notebook parameter, before any notebook runs.
    """
    started = time.perf_counter()
    fmt = _check_request(formats, jobs, initiatives, all_initiatives, cross)
    snapshot, plan, notebooks = _prepare(study_dir, initiatives, all_initiatives, cross, lang, theme_run, coders)
    params = {"lang": lang, "formats": list(fmt), "theme_run": theme_run, "coders": list(snapshot.coders) if snapshot.coders else None, "reports": [j.name for j in plan]}
    run_id, folder = _run_folder(snapshot.input_hash(), params, out)
    log.info("reports: %d to make in %s (jobs=%d)", len(plan), folder, jobs)
    results = _execute_all(plan, folder, fmt, notebooks, snapshot.root, jobs, progress)
    untranslated = [u for r in results for u in r.pop("untranslated")]
    if lang == "en":
        _write_untranslated(folder / "untranslated-quotes.csv", untranslated)
    run = ReportRun(folder=folder, run_json=folder / "run.json", reports=results, seconds=round(time.perf_counter() - started, 2))
    record = _run_record(run_id, snapshot, params, jobs, results, untranslated if lang == "en" else None, run.seconds)
    run.run_json.write_text(json.dumps(record, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    log.info("reports: written to %s in %.1f s", folder, run.seconds)
    return run


def _check_request(formats: str | Sequence[str], jobs: int, initiatives: Sequence[str] | None, all_initiatives: bool, cross: bool) -> tuple[str, ...]:
    """Step 1: the formats, the number of jobs and that some report was asked for; chromium
    is there when a PDF is asked (fail before anything runs)."""
    fmt = parse_formats(formats)
    if jobs < 1:
        raise ReportError(WHERE_JOBS, t("report_bad_jobs", jobs=jobs), t("report_bad_jobs_fix"))
    if not (initiatives or all_initiatives or cross):
        raise ReportError(None, t("report_nothing_asked"), t("report_nothing_asked_fix"))
    if "pdf" in fmt:
        from workbench.reports.export import chromium

        chromium()
    return fmt


def _prepare(
    study_dir: str | Path, initiatives: Sequence[str] | None, all_initiatives: bool, cross: bool, lang: str,
    theme_run: str | int | None, coders: str | Sequence[str] | None,
) -> tuple[ReportData, list[ReportJob], Path]:
    """Step 2: one light snapshot of the study (validates language, theme run and coders,
    syncs the codebook once), the plan of reports, and every notebook's parameters checked."""
    from workbench.reports.load import load_report

    snapshot = load_report(study_dir, lang=lang, theme_run=theme_run, coders=coders, light=True)
    root = snapshot.root
    chosen = list(snapshot.initiatives) if all_initiatives else list(initiatives or [])
    for ini in chosen:
        if ini not in snapshot.initiatives:
            load_report(study_dir, initiative=ini, lang=lang)  # raises with the close match
    plan = plan_reports(chosen, study_dir=root, lang=lang, theme_run=theme_run, cross=cross or all_initiatives,
                        coders=list(snapshot.coders) if snapshot.coders else None)
    notebooks = notebook_dir(root)
    for job in plan:
        check_parameters(notebooks / job.notebook, job.parameters)
    return snapshot, plan, notebooks


def _run_folder(input_hash: str, params: dict[str, Any], out: str | Path) -> tuple[str, Path]:
    """Step 3: ``<out>/<date>-<run>/``, the run id derived from the inputs and the parameters."""
    run_id = hashlib.sha256((input_hash + json.dumps(params, sort_keys=True, default=str)).encode()).hexdigest()[:8]
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    out_path = Path(out)
    folder = (out_path if out_path.is_absolute() else Path.cwd() / out_path) / f"{day}-{run_id}"
    folder.mkdir(parents=True, exist_ok=True)
    return run_id, folder


def _execute_all(
    plan: list[ReportJob], folder: Path, fmt: tuple[str, ...], notebooks: Path, root: Path, jobs: int, progress: Progress | None
) -> list[dict[str, Any]]:
    """Step 4: run and export every report (in ``jobs`` worker processes), in plan order."""
    results: list[dict[str, Any]] = []
    speaking = language()  # the interface's, for the workers and kernels (the report's is ``lang``)
    done = 0
    if progress:
        progress(0, len(plan), "")
    if jobs == 1 or len(plan) == 1:
        for job in plan:
            results.append(_execute_one(job, str(folder), fmt, str(notebooks), str(root), speaking))
            done += 1
            if progress:
                progress(done, len(plan), job.name)
    else:
        import multiprocessing

        with ProcessPoolExecutor(max_workers=min(jobs, len(plan)), mp_context=multiprocessing.get_context("spawn")) as pool:
            # the cross-initiative report is the longest: start it first so the others fill in around it
            ordered = sorted(plan, key=lambda j: j.initiative is not None)
            futures = {pool.submit(_execute_one, job, str(folder), fmt, str(notebooks), str(root), speaking): job for job in ordered}
            for fut in as_completed(futures):
                results.append(fut.result())
                done += 1
                if progress:
                    progress(done, len(plan), futures[fut].name)
    order = {j.name: i for i, j in enumerate(plan)}
    results.sort(key=lambda r: order[r["name"]])
    return results


def _run_record(
    run_id: str, snapshot: ReportData, params: dict[str, Any], jobs: int, results: list[dict[str, Any]],
    untranslated: list[dict[str, str]] | None, seconds: float,
) -> dict[str, Any]:
    """Step 6: what run.json records, so that a finding can be traced back."""
    return {
        "run": run_id,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "study": snapshot.study_name,
        "study_dir": str(snapshot.root),
        "input_hash": snapshot.input_hash(),
        "inputs": {
            "documents": len(snapshot.documents),
            "initiatives": snapshot.initiatives,
            "codings": len(snapshot.current_codings),
            "coders": list(snapshot.coders) if snapshot.coders else sorted({c.coder for c in snapshot.current_codings}),
            "flagged_quotes": len(snapshot.flagged),
            "translations": len(snapshot.translations),
        },
        "codebook": {"id": snapshot.codebook.id, "version": snapshot.codebook_version, "content_hash": snapshot.codebook.content_hash},
        "theme_run": (snapshot.theme_run or {}).get("id"),
        "seed": (snapshot.theme_run or {}).get("seed"),
        "parameters": {**params, "jobs": jobs},
        "versions": versions(),
        "reports": results,
        "untranslated_quotes": len({u["quote"] for u in untranslated}) if untranslated is not None else None,
        "seconds": seconds,
    }


def _write_untranslated(path: Path, untranslated: list[dict[str, Any]]) -> None:
    """Step 5 (English reports): the quotes without an English translation, once each, for the researcher to fill in
    (``workbench report translations import`` reads it back); text through the formula guard."""
    from workbench.cells import write_csv

    columns = ["quote", "initiative", "dutch", "english"]
    unique = {u["quote"]: u for u in reversed(untranslated)}  # the first of each quote wins
    ordered = [unique[q] for q in dict.fromkeys(u["quote"] for u in untranslated)]
    write_csv(path, columns, ([u.get(c, "") for c in columns] for u in ordered), delimiter=",")


__all__ = ["ReportJob", "ReportRun", "check_parameters", "parse_formats", "plan_reports", "run_reports", "slug", "versions"]
