"""deduce wiring (workbench.corpus.pseudonymise.deduce_wiring): the place lists and deduce's own names."""

from __future__ import annotations

from workbench.corpus.pseudonymise import (
    Pseudonymiser,
)


def test_pseudonymise_known_names_always_replaced(deduce_ready):
    p = Pseudonymiser(replace=["Toon Verhoeven"])
    result = p("En Toon zegt precies hetzelfde. Toon Verhoeven woont hier al lang.")
    assert "Toon" not in result.text
    assert "zegt precies hetzelfde" in result.text


def test_place_lists_do_not_import_deduce_or_touch_logging():
    """Importing deduce sets the root logger to DEBUG on stdout, and spaCy's debug lines then
    flooded `workbench ingest`. The place lists find deduce's files without importing it; only
    load_deduce imports it (and undoes that)."""
    import subprocess
    import sys

    code = (
        "import logging, sys\n"
        "from workbench.corpus.pseudonymise import municipalities, _residences\n"
        "assert len(municipalities()) > 300 and len(_residences()) > 1000\n"
        "assert 'deduce' not in sys.modules, 'deduce was imported'\n"
        "assert logging.getLogger().handlers == [] and logging.getLogger().level == logging.WARNING\n"
        "logging.getLogger('spacy').debug('a debug line')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "DEBUG" not in done.stdout + done.stderr
