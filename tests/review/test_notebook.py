"""notebooks/04-review.ipynb runs for real (papermill) and shows what co-researchers said, never a flagged quote's text."""

from __future__ import annotations

import nbformat
import pytest

from tests.conftest import A, REPO
from workbench.review import open_view


@pytest.mark.slow
@pytest.mark.enable_socket  # the kernel talks to papermill over loopback only
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_notebook_review_shows_the_verdicts(demo, links, tmp_path):
    import papermill

    view = open_view(demo.store, links[0])
    theme = view.themes()[0]
    view.set_verdict(theme.key, "recognise")
    view.set_own_name(theme.key, "Het dorpshuis")
    view.add_missing("Afscheid nemen", "Hoe we rouwen")
    _, quote = view.quotes()[0]
    view.set_quote_verdict(quote.span, "identifying")
    view.choose_story(view.stories()[0].doc_id, chosen=True, reason="Hier veranderde alles")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "04-review.ipynb"), str(out), parameters={"study_dir": str(demo.root)},
                               kernel_name="python3", progress_bar=False, cwd=str(demo.root))
    nb = nbformat.read(out, as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    for text in ("Marja", "Het dorpshuis", "Afscheid nemen", "Hier veranderde alles", A, "herken ik"):
        assert text in html, text
    assert quote.text[:50] not in html
