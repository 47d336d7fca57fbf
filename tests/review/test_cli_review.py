"""workbench review invite|status|revoke on the demo study (serve: see test_browser.py)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import A
from workbench.cli import main
from workbench.errors import InvitationError
from workbench.review import check_token


def _run(args, capsys) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_review_invite_status_revoke(demo, capsys):
    root = str(demo.root)
    code, out, _ = _run(["review", "invite", "--initiative", A, "--name", "Marja", "--role", "vrijwilliger", "--study", root,
                         "--url", "https://review.example.org/"], capsys)
    assert code == 0 and "workbench review serve" in out
    token = re.search(r"https://review\.example\.org/\?code=([A-Za-z0-9_-]{43})", out).group(1)
    inv, reviewer = check_token(demo.store, token)
    assert inv.initiative == A and reviewer.name == "Marja" and inv.id in out
    code, out, _ = _run(["review", "status", "--study", root], capsys)
    assert code == 0 and "Marja" in out and f"{inv.id} (active)" in out
    code, out, _ = _run(["review", "revoke", "Marja", "--study", root], capsys)
    assert code == 0 and inv.id in out
    with pytest.raises(InvitationError):
        check_token(demo.store, token)
    code, out, _ = _run(["review", "status", "--study", root, "--lang", "en"], capsys)
    assert f"{inv.id} (revoked)" in out and "co-researcher" in out


def test_cli_review_unknown_initiative_is_one_line(demo, capsys):
    code, _, err = _run(["review", "invite", "--initiative", "Austerlitz", "--name", "Marja", "--study", str(demo.root)], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Austerlitz Zorgt" in err
