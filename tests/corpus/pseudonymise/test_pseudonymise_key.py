"""The key file (workbench.corpus.pseudonymise.key): written privately, read back, summarised."""

from __future__ import annotations

from workbench.corpus.pseudonymise import (
    key_rows,
    read_key,
    replacement_summary,
    write_key,
)


def test_pseudonymise_key_file_roundtrip_and_private(tmp_path, pseudonymiser):
    result = pseudonymiser("Gerda Verbeek en Gerda.")
    path = tmp_path / "private" / "key.csv"
    rows = key_rows("doc-1", "abc", result)
    write_key(path, rows)
    assert (path.stat().st_mode & 0o777) == 0o600
    back = read_key(path)
    assert {(r["original"], r["pseudonym"]) for r in back} == {("Gerda Verbeek", "[PERSOON-1]"), ("Gerda", "[PERSOON-1]")}


def test_pseudonymise_replacement_summary_counts_distinct_strings(fresh):
    rows = key_rows("d1", "h1", fresh("Gerda Verbeek en Gerda. Bel 06-12345678.")) + key_rows("d2", "h2", fresh("Gerda Verbeek kwam."))
    summary = {(s.original, s.tag): s for s in replacement_summary(rows)}
    assert summary[("Gerda Verbeek", "PERSOON")].count == 2 and summary[("Gerda Verbeek", "PERSOON")].n_documents == 2
    assert summary[("06-12345678", "TELEFOONNUMMER")].count == 1
