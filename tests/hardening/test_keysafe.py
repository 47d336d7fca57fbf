"""The key file's order against the database (workbench.corpus.keysafe), without deduce:
rows of a document version the database does not hold are dropped, others kept as they
were; the lock keeps a second process out until the first lets go (or dies)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO, add_document
from workbench.corpus.keysafe import key_lock, lock_path, reconcile_key
from workbench.corpus.pseudonymise import read_key, write_key
from workbench.store import Store


def _row(doc: str, content_hash: str, pseudonym: str) -> dict[str, str]:
    return {"document": doc, "content_hash": content_hash, "tag": "PERSOON", "pseudonym": pseudonym, "original": "Gerda Verbeek", "count": "1"}


def test_reconcile_drops_rows_of_documents_never_stored(tmp_path: Path):
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    add_document(store, "int-01")  # content_hash "y" (conftest)
    key = tmp_path / "private" / "pseudonymisation-key.csv"
    kept = [_row("int-01", "y", "[PERSOON-1]")]
    write_key(key, kept + [_row("int-02", "z", "[PERSOON-2]"), _row("int-01", "other-version", "[PERSOON-3]")])
    assert reconcile_key(key, store) == kept
    assert read_key(key) == kept and (key.stat().st_mode & 0o777) == 0o600
    before = key.stat().st_mtime_ns
    assert reconcile_key(key, store) == kept and key.stat().st_mtime_ns == before  # nothing to drop: not rewritten
    store.close()


HOLD = """
import sys, time
from pathlib import Path
from workbench.corpus.keysafe import key_lock
with key_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_key_lock_waits_for_another_process_and_not_for_a_dead_one(tmp_path: Path):
    key = tmp_path / "private" / "pseudonymisation-key.csv"
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(key)], stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    import fcntl

    fd = os.open(lock_path(key), os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            raise AssertionError("the lock was free while another process held it")
        except BlockingIOError:
            pass
    finally:
        os.close(fd)
    proc.send_signal(signal.SIGKILL)  # kill -9: the system lets go of the lock
    proc.wait(10)
    started = time.perf_counter()
    with key_lock(key):
        assert time.perf_counter() - started < 5
