"""The review tables on both backends: invitations, verdicts, flags, MSC, removal, concurrency."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import add_document, sql
from workbench.errors import InvitationError, ReviewError
from workbench.review import flagged_spans, hide_flagged, invite, is_flagged, msc_choices, revoke, theme_verdicts, verdicts
from workbench.review.flags import Flags
from workbench.review.invitations import check_token, hash_token


def _docs(store):
    store.add_document({"id": "a-1", "source_path": "a.txt", "source_hash": "x", "content_hash": "y", "kind": "interview", "consent": 1,
                        "initiative": "A", "text": "Ik ben Marja. Ik woon hier al lang. Het dorp helpt.", "n_words": 10}, [])
    store.add_document({"id": "b-1", "source_path": "b.txt", "source_hash": "x", "content_hash": "y", "kind": "interview", "consent": 1,
                        "initiative": "B", "text": "Wij helpen elkaar in de cirkel.", "n_words": 6}, [])


def test_review_invitation_token_is_stored_hashed_and_bound_to_one_initiative(store):
    _docs(store)
    new = invite(store, "A", "Marja", role="vrijwilliger", created_by="lian", base_url="https://review.example.org/")
    assert new.link == f"https://review.example.org/?code={new.token}"
    assert len(new.token) == 43
    rows = sql(store, "SELECT token_hash, initiative FROM invitations")
    assert rows == [(hash_token(new.token), "A")]
    assert all(new.token not in str(v) for table in ("invitations", "reviewers") for row in sql(store, f"SELECT * FROM {table}") for v in row)
    inv, reviewer = check_token(store, new.token)
    assert (inv.initiative, reviewer.name, reviewer.role) == ("A", "Marja", "vrijwilliger")


@pytest.mark.parametrize("token", ["", "x" * 43 + "'", "a" * 42, None, 12, "../" * 15, "A" * 43])
def test_review_bad_tokens_are_refused(store, token):
    _docs(store)
    invite(store, "A", "Marja", created_by="lian")
    with pytest.raises(InvitationError):
        check_token(store, token)


def test_review_revoked_and_expired_links_stop_working(store):
    _docs(store)
    a = invite(store, "A", "Marja", created_by="lian")
    b = invite(store, "A", "Kees", created_by="lian", expires="1d")
    check_token(store, b.token)
    with pytest.raises(InvitationError, match="verlopen"):
        check_token(store, b.token, when=datetime.now(timezone.utc) + timedelta(days=2))
    assert [i.id for i in revoke(store, "marja")] == [a.invitation.id]
    with pytest.raises(InvitationError, match="ingetrokken"):
        check_token(store, a.token)
    revoke(store, b.invitation.id)
    with pytest.raises(InvitationError):
        check_token(store, b.token)
    with pytest.raises(ReviewError):
        revoke(store, "niemand")


def test_review_invite_refuses_an_unknown_initiative(store):
    _docs(store)
    with pytest.raises(ReviewError, match="kies uit: A, B"):
        invite(store, "C", "Marja", created_by="lian")
    with pytest.raises(ReviewError):
        invite(store, "A", "Marja", created_by="lian", expires="soon")


def test_review_flag_cannot_be_taken_back_and_hides_overlapping_spans(store):
    _docs(store)
    r = store.add_reviewer("Marja", "A", created_by="lian")
    assert store.put_quote_verdict(r.id, "A", ("a-1", 1, 0, 13), "ok")
    assert store.put_quote_verdict(r.id, "A", ("a-1", 1, 0, 13), "identifying")
    assert not store.put_quote_verdict(r.id, "A", ("a-1", 1, 0, 13), "ok")
    assert flagged_spans(store) == [("a-1", 1, 0, 13)]
    assert is_flagged(store, "a-1", 1, 5, 30) and not is_flagged(store, "a-1", 1, 13, 30) and not is_flagged(store, "a-1", 2, 0, 13)
    items = [("a-1", 1, 0, 5), ("a-1", 1, 14, 20), {"doc_id": "a-1", "doc_version": 1, "start": 12, "end": 40}]
    assert hide_flagged(store, items) == [("a-1", 1, 14, 20)]
    assert Flags.of(store).mask("Ik ben Marja. Ik woon", "a-1", 1) == "\u2592" * 13 + " Ik woon"


def test_review_verdicts_and_msc_are_per_reviewer(store):
    _docs(store)
    r1 = store.add_reviewer("Marja", "A", created_by="lian")
    r2 = store.add_reviewer("Kees", "A", created_by="lian")
    store.put_theme_review(r1.id, "A", "1:0", {"verdict": "recognise"}, run_id=1, theme_id=0, theme_label="dorp")
    store.put_theme_review(r1.id, "A", "1:0", {"own_name": "Samen in het dorp"})
    store.put_theme_review(r2.id, "A", "1:0", {"verdict": "partly", "comment": "deels"}, run_id=1, theme_id=0, theme_label="dorp")
    rows = {v.reviewer: (v.verdict, v.own_name) for v in verdicts(store, "A")}
    assert rows == {"Marja": ("recognise", "Samen in het dorp"), "Kees": ("partly", None)}
    (tv,) = theme_verdicts(store, "A")
    assert tv.counts == {"recognise": 1, "partly": 1} and tv.own_names == ("Samen in het dorp",)
    store.put_msc_choice(r1.id, "A", "a-1", 1, chosen=True, reason="Hier veranderde alles.")
    store.put_msc_choice(r2.id, "A", "a-1", 1, chosen=True)
    store.put_msc_choice(r2.id, "A", "a-1", 1, chosen=False)
    assert [(c.reviewer, c.reason) for c in msc_choices(store, "A")] == [("Marja", "Hier veranderde alles.")]
    assert msc_choices(store, "B") == []


def test_review_removing_a_document_removes_its_review_rows(store):
    _docs(store)
    r = store.add_reviewer("Marja", "A", created_by="lian")
    store.put_quote_verdict(r.id, "A", ("a-1", 1, 0, 13), "identifying")
    store.put_msc_choice(r.id, "A", "a-1", 1, chosen=True, reason="x")
    store.remove_document("a-1")
    assert sql(store, "SELECT count(*) FROM quote_flags")[0][0] == 0
    assert sql(store, "SELECT count(*) FROM msc_choices")[0][0] == 0


def _write_verdicts(url: str, reviewer_id: int, n: int, barrier) -> None:
    from workbench.store import Store

    store = Store.open(url)
    barrier.wait()
    for i in range(n):
        store.put_theme_review(reviewer_id, "A", f"1:{i}", {"verdict": "partly"}, run_id=1, theme_id=i, theme_label=f"t{i}")
        store.put_theme_review(reviewer_id, "A", f"1:{i}", {"own_name": f"naam {i}"})
        store.put_quote_verdict(reviewer_id, "A", ("a-1", 1, i, i + 3), "identifying" if i % 5 == 0 else "ok")
    store.put_msc_choice(reviewer_id, "A", "a-1", 1, chosen=True, reason=f"reden {reviewer_id}")
    store.close()


def test_review_several_co_researchers_at_once_lose_nothing(store, store_url):
    """Processes released together, each a co-researcher writing verdicts, flags and MSC."""
    _docs(store)
    n_reviewers, n = 6, 12
    ids = [store.add_reviewer(f"r{i}", "A", created_by="lian").id for i in range(n_reviewers)]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(n_reviewers)
    procs = [ctx.Process(target=_write_verdicts, args=(store_url, rid, n, barrier)) for rid in ids]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * n_reviewers
    rows = verdicts(store, "A")
    assert len(rows) == n_reviewers * n
    assert all(r.verdict == "partly" and r.own_name == f"naam {r.theme_id}" for r in rows)
    assert len(store.quote_verdicts(initiative="A")) == n_reviewers * n
    assert len(flagged_spans(store)) == len(range(0, n, 5))
    assert len(msc_choices(store, "A")) == n_reviewers


def test_review_flag_follows_the_words_into_a_new_version(store):
    """A changed file (new version) never brings a flagged passage back."""
    _docs(store)
    r = store.add_reviewer("Marja", "A", created_by="lian")
    store.put_quote_verdict(r.id, "A", ("a-1", 1, 0, 13), "identifying")  # "Ik ben Marja."
    text = "Voorwoord. Ik ben Marja. Ik woon hier al lang. Ik ben Marja. Het dorp helpt."
    v2 = store.add_document({"id": "a-1", "source_path": "a.txt", "source_hash": "z", "content_hash": "w", "kind": "interview", "consent": 1,
                             "initiative": "A", "text": text, "n_words": 14}, [])
    assert v2 == 2
    assert [s for s in flagged_spans(store) if s[1] == 2] == [("a-1", 2, 11, 24), ("a-1", 2, 47, 60)]
    assert is_flagged(store, "a-1", 2, 11, 20) and not is_flagged(store, "a-1", 2, 25, 40)
