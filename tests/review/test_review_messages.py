"""Review's refusals in the interface language (Dutch by default, English after
set_language("en")), and the review page in its own language whatever the interface's:
no English on a Dutch page, no Dutch on an English one."""

from __future__ import annotations

import pytest

from workbench.errors import ReviewError
from workbench.i18n import set_language
from workbench.review import invite, open_view
from workbench.review.app import ReviewApp
from workbench.apps.review_page import review_page


def _docs(store):
    for doc_id, initiative in (("a-1", "A"), ("b-1", "B")):
        store.add_document({"id": doc_id, "source_path": f"{doc_id}.txt", "source_hash": "x", "content_hash": "y", "kind": "interview",
                            "consent": 1, "initiative": initiative, "text": "Wij helpen elkaar in de buurt.", "n_words": 6}, [])


def _refusals(store):
    token = invite(store, "A", "Marja", created_by="lian").token
    view = open_view(store, token)
    return {
        "name": (lambda: invite(store, "A", " ", created_by="lian")),
        "expires": (lambda: invite(store, "A", "Kees", created_by="lian", expires="binnenkort")),
        "verdict": (lambda: view.set_verdict("1:1", "misschien")),
        "theme": (lambda: view.set_own_name("9:9", "Buren")),
        "story": (lambda: view.choose_story("b-1", chosen=True)),  # another initiative's story
    }


DUTCH = {
    "name": "--name: een naam van 1 tot 80 tekens is nodig. Oplossing: geef de voornaam van de co-onderzoeker, bijv. --name Marja",
    "expires": "--expires: onbekende geldigheidsduur 'binnenkort'. Oplossing: schrijf bijvoorbeeld 30d",
    "verdict": "onbekend oordeel 'misschien'. Oplossing: kies uit: recognise, partly, not",
    "theme": "het thema '9:9' hoort niet bij dit initiatief. Oplossing: laad de pagina opnieuw en kies alleen wat daar staat",
    "story": "dat verhaal hoort niet bij dit initiatief. Oplossing: laad de pagina opnieuw",
}
ENGLISH = {
    "name": "--name: a name of 1-80 characters is needed. Fix: give the co-researcher's first name, e.g. --name Marja",
    "expires": "--expires: unknown expiry 'binnenkort'. Fix: write e.g. 30d",
    "verdict": "not a verdict: 'misschien'. Fix: use one of recognise, partly, not",
    "theme": "theme '9:9' is not part of this initiative's review. Fix: reload the page and use only what it shows",
    "story": "that story is not part of this initiative's review. Fix: reload the page",
}


@pytest.mark.parametrize("name", sorted(DUTCH))
def test_review_refusals_in_dutch_then_english(store, name):
    _docs(store)
    refuse = _refusals(store)[name]
    with pytest.raises(ReviewError) as dutch:
        refuse()
    assert str(dutch.value).startswith(DUTCH[name]), str(dutch.value)
    set_language("en")
    refuse = _refusals(store)[name]
    with pytest.raises(ReviewError) as english:
        refuse()
    assert str(english.value).startswith(ENGLISH[name]), str(english.value)


@pytest.mark.parametrize("interface, page, expected, foreign", [
    ("nl", "en", "That did not work: theme '9:9' is not part of this initiative's review. What you can do: reload the page", "hoort niet"),
    ("en", "nl", "Dit lukte niet: het thema '9:9' hoort niet bij dit initiatief. Wat u kunt doen: laad de pagina opnieuw", "not part"),
])
def test_review_page_error_in_the_page_language_not_the_interface(store, interface, page, expected, foreign):
    """A click that cannot be saved says so in the page's language (and what to do), even
    when the kernel's interface speaks the other one; the interface language is left as it was."""
    _docs(store)
    set_language(interface)
    app = ReviewApp(open_view(store, invite(store, "A", "Marja", created_by="lian").token), lang=page)
    app._do(app._view.set_own_name, "9:9", "Buren")
    import html

    shown = html.unescape(app.status.value)
    assert expected in shown and foreign not in shown
    from workbench.i18n import language

    assert language() == interface


@pytest.mark.parametrize("query, expected", [
    ("code=" + "A" * 43, "De pagina kan nu niet openen. Probeer het later opnieuw of vraag de onderzoeker."),
    ("code=" + "A" * 43 + "&lang=en", "The page cannot open right now. Try again later or ask the researcher."),
])
def test_review_page_without_a_study_says_so_plainly_in_its_language(tmp_path, query, expected):
    """A server started for a folder that is no (longer a) study: one plain sentence in the
    page's language, not Voila's English error or a trace; nothing about the cause."""
    widget = review_page(query, study_dir=str(tmp_path))
    texts = [c.value for c in widget.children if "<style>" not in c.value]
    assert texts == [f"<h2>{expected}</h2>"]
    assert "wb-refused" in widget._dom_classes


def test_review_tables_in_the_interface_language(store):
    """The researcher's tables (04-review.ipynb): column names, verdicts and link states in
    Dutch, in English after set_language("en"); no Dutch verdict in an English table."""
    from workbench.review import revoke, status_frame, verdicts_frame

    _docs(store)
    new = invite(store, "A", "Marja", created_by="lian")
    store.put_theme_review(new.reviewer.id, "A", "1:1", {"verdict": "partly", "own_name": "Buren"}, run_id=1, theme_id=1, theme_label="buren helpen")
    revoke(store, new.invitation.id)
    dutch = verdicts_frame(store)
    assert list(dutch.columns) == ["initiatief", "thema-id", "thema", "co-onderzoeker", "rol", "oordeel", "eigen naam", "opmerking", "bijgewerkt"]
    assert dutch["oordeel"].tolist() == ["deels"]
    status = status_frame(store)
    assert status["links"].tolist() == [f"{new.invitation.id} (ingetrokken)"] and "thema's beoordeeld" in status.columns
    set_language("en")
    english = verdicts_frame(store)
    assert list(english.columns) == ["initiative", "theme id", "theme", "co-researcher", "role", "verdict", "own name", "comment", "updated"]
    assert english["verdict"].tolist() == ["partly"]
    assert status_frame(store)["links"].tolist() == [f"{new.invitation.id} (revoked)"]
    store.put_theme_review(new.reviewer.id, "A", "1:1", {"verdict": "not"}, run_id=1, theme_id=1, theme_label="buren helpen")
    assert verdicts_frame(store)["verdict"].tolist() == ["not recognised"]
    assert verdicts_frame(store, lang="nl")["oordeel"].tolist() == ["herken ik niet"]


def test_review_page_names_roles_in_its_language(store):
    """The panel names who chose a story by role: the metadata's Dutch role on a Dutch
    page, its English name on an English one."""
    _docs(store)
    view = open_view(store, invite(store, "A", "Marja", role="vrijwilliger", created_by="lian").token)
    view.choose_story("a-1", chosen=True, reason="Hier veranderde het")
    assert "Marja (vrijwilliger)" in ReviewApp(view, lang="nl").panel.value
    english = ReviewApp(view, lang="en").panel.value
    assert "Marja (volunteer)" in english and "vrijwilliger" not in english
