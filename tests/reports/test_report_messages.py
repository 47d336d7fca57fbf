"""The reports' refusals in the interface language: Dutch by default, English after
set_language("en"), the frame ("Oplossing:"/"Fix:") with them; a report's own language
(its --lang) is another choice and changes none of them."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest

from workbench.errors import ExportError, ReportError
from workbench.i18n import set_language

REPO = Path(__file__).parent.parent.parent


def _refusals():
    """Each reports refusal a researcher can meet without a study, as a callable."""
    from workbench.reports.load import load_report
    from workbench.reports.export import _check_offline
    from workbench.reports.run import check_parameters, parse_formats, run_reports
    from workbench.reports.translations import parse_key

    nb = REPO / "notebooks" / "initiative_report.ipynb"
    return {
        "format": lambda: parse_formats("html,docx"),
        "jobs": lambda: run_reports(".", all_initiatives=True, jobs=0),
        "nothing": lambda: run_reports("."),
        "report_lang": lambda: load_report(".", lang="fr"),
        "parameter": lambda: check_parameters(nb, {"study_dir": ".", "initiative": "X", "language": "nl"}),
        "quote_key": lambda: parse_key("geen sleutel"),
        "offline": lambda: _check_offline('<script src="https://cdn.example/x.js"></script>', Path("r.html")),
    }


DUTCH = {
    "format": "--format: onbekend formaat: docx. Oplossing: kies uit html,slides,pptx,pdf,ipynb, met komma's ertussen (bijv. --format html,pdf)",
    "jobs": "--jobs: 0 is geen geldig aantal processen. Oplossing: kies 1 of meer (bijv. --jobs 2)",
    "nothing": "geen rapport gevraagd. Oplossing: geef --initiative NAAM, --all of --cross",
    "report_lang": "lang: onbekende rapporttaal 'fr'. Oplossing: kies 'nl' (Nederlands) of 'en' (Engels)",
    "parameter": "het notebook kent de parameter(s) language niet. Oplossing: het notebook kent alleen: ",
    "quote_key": "quote: 'geen sleutel' is geen citaatsleutel. Oplossing: neem de sleutel over uit de kolom 'quote'",
    "offline": "r.html: de pagina zou 1 bestand(en) van internet laden",
}
ENGLISH = {
    "format": "--format: unknown format(s): docx. Fix: choose from html,slides,pptx,pdf,ipynb, comma-separated (e.g. --format html,pdf)",
    "jobs": "--jobs: 0 is not a number of processes. Fix: use 1 or more (e.g. --jobs 2)",
    "nothing": "no report asked for. Fix: pass --initiative NAME, --all or --cross",
    "report_lang": "lang: unknown report language 'fr'. Fix: use 'nl' (Dutch) or 'en' (English)",
    "parameter": "unknown parameter(s) language. Fix: the notebook declares ",
    "quote_key": "quote: 'geen sleutel' is not a quote key. Fix: copy the key from the 'quote' column",
    "offline": "r.html: the page would load 1 thing(s) from the network",
}


@pytest.mark.parametrize("name", sorted(DUTCH))
def test_report_refusals_in_dutch_then_english(name):
    refuse = _refusals()[name]
    with pytest.raises((ReportError, ExportError)) as dutch:
        refuse()
    assert DUTCH[name] in str(dutch.value), str(dutch.value)
    assert "Fix:" not in str(dutch.value)
    set_language("en")
    with pytest.raises((ReportError, ExportError)) as english:
        refuse()
    assert ENGLISH[name] in str(english.value), str(english.value)
    assert "Oplossing" not in str(english.value)


def test_report_unknown_initiative_names_the_close_match_in_the_interface_language(tmp_path, monkeypatch):
    """An unknown initiative: the close match (or how to get initiatives) in Dutch, in English after --lang en."""
    from workbench.reports import data

    class Doc:
        def __init__(self, initiative):
            self.initiative = initiative

    docs = [Doc("Austerlitz Zorgt"), Doc("Voorzorgcirkels")]  # what load_report checks the initiative against
    with pytest.raises(ReportError) as err:
        data._check_initiative("Austerlitz zorg", docs)
    assert str(err.value) == "initiative: geen initiatief 'Austerlitz zorg' in de studie. Oplossing: bedoelt u 'Austerlitz Zorgt'?"
    set_language("en")
    with pytest.raises(ReportError) as err:
        data._check_initiative("Xyz", docs)  # (a Dutch report asked in an English interface: the refusal is English)
    assert str(err.value) == "initiative: no initiative 'Xyz' in the study. Fix: known initiatives: Austerlitz Zorgt, Voorzorgcirkels"


def test_report_missing_chromium_in_dutch_and_english(monkeypatch):
    from workbench.reports.export import chromium

    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ExportError, match=r"^chromium: geen chromium gevonden om de PDF te maken\. Oplossing: installeer het"):
        chromium()
    set_language("en")
    with pytest.raises(ExportError, match=r"^chromium: no chromium found on PATH to print the PDF\. Fix: apt-get install"):
        chromium()


def test_report_error_survives_the_trip_back_from_a_worker_with_its_language():
    """A report made with --jobs runs in another process: its error comes back whole (where,
    what, fix, the frame in the language it was written in), not as a broken pool."""
    from workbench.i18n import t
    from workbench.reports import run  # noqa: F401  (registers the messages)

    err = ReportError("--jobs", t("report_bad_jobs", jobs=0), t("report_bad_jobs_fix"))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is ReportError and str(back) == str(err) and back.where == "--jobs"
    assert back.what.lang == "nl" and "Oplossing" in str(back)


def _failing_notebook(folder: Path) -> Path:
    """A report notebook whose second cell asks for a report language that does not exist."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('study_dir = "."\nlang = "nl"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("from workbench import reports\nreports.load_report(study_dir, lang='fr')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "failing.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
@pytest.mark.enable_socket  # papermill talks to the kernel over loopback only
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_report_worker_and_kernel_speak_the_interface_language(tmp_path):
    """A report that stops says why in the interface language, also from a worker process
    (which does not inherit --lang) and from inside the notebook's kernel; the report's own
    language (lang parameter) is not the interface's."""
    import multiprocessing

    from workbench.reports.run import ReportJob, _execute_one

    _failing_notebook(tmp_path)
    job = ReportJob("proef", "failing.ipynb", {"study_dir": str(tmp_path), "lang": "en"})
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        english = pool.submit(_execute_one, job, str(tmp_path), ("html",), str(tmp_path), str(tmp_path), "en")
        with pytest.raises(ReportError) as err:
            english.result(timeout=300)
    assert "report 'proef' stopped in cell" in str(err.value) and "unknown report language 'fr'" in str(err.value)
    assert str(err.value).endswith("Fix: open the executed notebook to see the cell")
    import os

    backend = os.environ.get("MPLBACKEND")
    with pytest.raises(ReportError) as err:  # in this process, Dutch by default
        _execute_one(job, str(tmp_path), ("html",), str(tmp_path), str(tmp_path), "nl")
    # the kernel's MPLBACKEND=Agg is not left behind: later notebooks keep their inline figures
    assert os.environ.get("MPLBACKEND") == backend
    assert "rapport 'proef' is gestopt in cel" in str(err.value) and "onbekende rapporttaal 'fr'" in str(err.value)
    assert str(err.value).endswith("Oplossing: open het uitgevoerde notebook om die cel te zien")


@pytest.mark.parametrize(("args", "message"), [
    (["report", "--all", "--format", "docx"], "workbench: --format: onbekend formaat: docx. Oplossing: kies uit"),
    (["--lang", "en", "report", "--all", "--format", "docx"], "workbench: --format: unknown format(s): docx. Fix: choose from"),
    # --report-lang is the report's own language, apart from the interface's
    (["report", "--all", "--report-lang", "fr"], "workbench: lang: onbekende rapporttaal 'fr'. Oplossing: kies 'nl'"),
    (["report", "--lang", "en", "--all", "--report-lang", "fr"], "workbench: lang: unknown report language 'fr'. Fix: use 'nl'"),
])
def test_report_cli_refusals_in_the_interface_language(tmp_path, args, message):
    """The command line's refusals: Dutch by default, English with --lang en."""
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "workbench"
    env = dict(os.environ, COLUMNS="200", PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    env.pop("WORKBENCH_LANG", None)
    result = subprocess.run([str(exe), *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1 and result.stderr.startswith(message), result.stderr


def test_report_language_is_not_the_interface_language():
    """An English report asked in a Dutch interface: the refusals stay Dutch (and the reverse)."""
    from workbench.reports.run import run_reports

    with pytest.raises(ReportError, match=r"^--jobs: 0 is geen geldig aantal processen\. Oplossing"):
        run_reports(".", all_initiatives=True, lang="en", jobs=0)
    set_language("en")
    with pytest.raises(ReportError, match=r"^--jobs: 0 is not a number of processes\. Fix"):
        run_reports(".", all_initiatives=True, lang="nl", jobs=0)


@pytest.mark.slow
@pytest.mark.enable_socket  # papermill and the kernel, over local sockets only
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_report_kernel_talks_over_local_sockets_not_tcp(tmp_path, capfd):
    """A report's kernel is reached through IPC sockets in Jupyter's private runtime folder:
    no TCP port another program could reach, and no English warning about plain-text TCP
    on the researcher's screen; the sockets and connection file are gone afterwards."""
    from jupyter_core.paths import jupyter_runtime_dir

    from workbench.reports.run import ReportJob, _execute, _kernel_manager_class

    km = _kernel_manager_class()(kernel_name="python3")
    assert km.transport == "ipc" and Path(km.connection_file).parent == Path(jupyter_runtime_dir())
    assert km.ip.startswith(km.connection_file[: -len(".json")])
    runtime = Path(jupyter_runtime_dir())
    before = set(runtime.glob("kernel-workbench-*"))
    _failing_notebook(tmp_path)
    with pytest.raises(ReportError):  # the kernel started, ran the cells, and stopped
        _execute(ReportJob("proef", "failing.ipynb", {"study_dir": str(tmp_path), "lang": "nl"}), str(tmp_path), ("html",), str(tmp_path), str(tmp_path))
    err = capfd.readouterr().err
    assert "TCP" not in err and "eavesdropping" not in err
    assert set(runtime.glob("kernel-workbench-*")) == before
