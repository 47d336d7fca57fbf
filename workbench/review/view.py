"""A co-researcher's window on one initiative: the only thing the review app holds.

:class:`InitiativeView` reads that initiative's current documents, their segments, the
themes found in them and their quotes, and writes that one reviewer's verdicts. It
never hands out the store: every read is limited to the initiative, every write checks
that the theme, quote or story belongs to it and that the invitation is still valid
(a link revoked while the page is open stops working at the next click).

Example:
    >>> view = open_view(study.store, token)          # doctest: +SKIP
    >>> [t.label for t in view.themes()]               # doctest: +SKIP
    >>> view.set_verdict(view.themes()[0].key, "partly")   # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import ReviewError
from workbench.i18n import add, t
from workbench.model.flags import Flags
from workbench.review.invitations import check_token
from workbench.review.themes import MAX_QUOTES, ReviewQuote, ReviewTheme, ThemeProvider, latest_themes
from workbench.store.review import QUOTE_VERDICTS, THEME_VERDICTS

if TYPE_CHECKING:
    from workbench.store import Store
    from workbench.store.review import MscChoice, QuoteVerdict, ThemeReview

#: longest own name and comment a reviewer can store (a page is not a document store)
MAX_NAME = 200
MAX_TEXT = 5000
#: characters of a story shown before "read more"
EXCERPT = 700

# Shown on the review page when a click cannot be saved, in the page's language (the app
# writes them with the page's language, see ReviewApp._do)
add("review_not_here_theme", nl="het thema '{key}' hoort niet bij dit initiatief", en="theme '{key}' is not part of this initiative's review")
add("review_not_here_missing", nl="het ontbrekende thema '{key}' is niet van u", en="missing theme '{key}' is not one of yours")
add("review_not_here_quote", nl="dat citaat hoort niet (meer) bij dit initiatief", en="that quote is not (or no longer) part of this initiative's review")
add("review_not_here_story", nl="dat verhaal hoort niet bij dit initiatief", en="that story is not part of this initiative's review")
add("review_not_here_fix", nl="laad de pagina opnieuw en kies alleen wat daar staat", en="reload the page and use only what it shows")
add("review_bad_verdict", nl="onbekend oordeel '{value}'", en="not a verdict: '{value}'")
add("review_bad_verdict_fix", nl="kies uit: {valid}", en="use one of {valid}")


@dataclass(frozen=True)
class StoryTurn:
    """One speaker turn of an interview, as a co-researcher may read it (flagged parts cut)."""

    speaker: str | None
    text: str
    is_interviewer: bool = False


@dataclass(frozen=True)
class Story:
    """One of the initiative's documents, as a co-researcher may read it (flagged parts left out).

    ``turns`` holds an interview's speaker turns (empty for a story or an answer without
    them), so the page can show who says what instead of one run-on paragraph."""

    doc_id: str
    doc_version: int
    kind: str
    role: str | None
    date: str | None
    text: str
    turns: tuple[StoryTurn, ...] = ()

    @property
    def excerpt(self) -> str:
        if len(self.text) <= EXCERPT:
            return self.text
        return self.text[:EXCERPT].rsplit(" ", 1)[0] + " …"


def _refuse(thing: str, **values: str) -> ReviewError:
    """A theme, missing theme, quote or story that is not this reviewer's to change."""
    return ReviewError(None, t(f"review_not_here_{thing}", **values), t("review_not_here_fix"))


class InitiativeView:
    """What one reviewer of one initiative may read and write. Build it with :func:`open_view`."""

    __slots__ = ("__store", "__token", "__themes_provider", "initiative", "reviewer_id", "reviewer_name", "reviewer_role", "lang", "invitation_id")

    def __init__(self, store: Store, token: str, themes: ThemeProvider = latest_themes) -> None:
        invitation, reviewer = check_token(store, token)
        self.__store = store
        self.__token = token
        self.__themes_provider = themes
        self.initiative: str = reviewer.initiative
        self.reviewer_id: int = reviewer.id
        self.reviewer_name: str = reviewer.name
        self.reviewer_role: str | None = reviewer.role
        self.lang: str = reviewer.lang
        self.invitation_id: str = invitation.id
        store.touch_invitation(invitation.id)

    def __repr__(self) -> str:
        return f"InitiativeView({self.initiative!r}, reviewer={self.reviewer_name!r})"

    def _check(self) -> Store:
        """The store, after checking that the link still works (revoked, expired)."""
        check_token(self.__store, self.__token)
        return self.__store

    # -- reading ----------------------------------------------------------------------
    def _docs(self) -> dict[str, Any]:
        return {d.id: d for d in self.__store.documents(initiative=self.initiative)}

    def _flags(self) -> Flags:
        return Flags.of(self.__store)

    def themes(self) -> list[ReviewTheme]:
        """The themes found in this initiative's stories, each with up to five of its own quotes."""
        store = self._check()
        docs = self._docs()
        flags = self._flags()
        out = []
        for theme in self.__themes_provider(store, self.initiative):
            quotes: list[ReviewQuote] = []
            for q in theme.quotes:
                doc = docs.get(q.doc_id)
                # only the initiative's own current documents, never a flagged span; text read from the store
                if doc is None or doc.version != q.doc_version or q.end > len(doc.text) or flags.hides(q.span):
                    continue
                text = doc.text[q.start : q.end].strip()
                if text and all(text != o.text for o in quotes):
                    quotes.append(ReviewQuote(q.doc_id, q.doc_version, q.start, q.end, text, doc.role))
                if len(quotes) == MAX_QUOTES:
                    break
            out.append(ReviewTheme(theme.key, theme.run_id, theme.theme_id, theme.label, tuple(theme.keywords), tuple(quotes)))
        return out

    def quotes(self) -> list[tuple[ReviewTheme, ReviewQuote]]:
        """Every quote shown in the themes (once), with the theme it is shown in."""
        seen: set[tuple[str, int, int, int]] = set()
        out = []
        for theme in self.themes():
            for q in theme.quotes:
                if q.span not in seen:
                    seen.add(q.span)
                    out.append((theme, q))
        return out

    def stories(self) -> list[Story]:
        """The initiative's current documents, flagged spans left out (cut, not masked)."""
        store = self._check()
        flags = self._flags()
        out = []
        for doc in self._docs().values():
            cuts = sorted(flags.spans(doc.id, doc.version))
            turns = tuple(
                StoryTurn(seg.speaker, _cut(doc.text, cuts, seg.start, seg.end).strip(), seg.is_interviewer)
                for seg in sorted(store.segments(doc.id, doc.version, unit="turn"), key=lambda seg: seg.start)
            )
            text = _cut(doc.text, cuts, 0, len(doc.text))
            out.append(Story(doc.id, doc.version, doc.kind, doc.role, doc.date, text, tuple(x for x in turns if x.text)))
        out.sort(key=lambda s: (s.kind != "ervaringsverhaal", s.doc_id))
        return out

    def my_reviews(self) -> dict[str, ThemeReview]:
        """This reviewer's verdicts by theme key (missing themes included)."""
        self._check()
        return {r.theme_key: r for r in self.__store.theme_reviews(reviewer_id=self.reviewer_id)}

    def my_missing(self) -> list[ThemeReview]:
        return [r for r in self.my_reviews().values() if r.kind == "missing"]

    def my_quote_verdicts(self) -> dict[tuple[str, int, int, int], QuoteVerdict]:
        self._check()
        return {v.span: v for v in self.__store.quote_verdicts(reviewer_id=self.reviewer_id)}

    def my_msc(self) -> dict[str, MscChoice]:
        """This reviewer's stories (chosen or once chosen, with the reason) by document id."""
        self._check()
        return {c.doc_id: c for c in self.__store.msc_choices(reviewer_id=self.reviewer_id, chosen_only=False)}

    def my_chosen(self) -> set[str]:
        """The documents this reviewer has chosen now."""
        self._check()
        return {c.doc_id for c in self.__store.msc_choices(reviewer_id=self.reviewer_id)}

    def panel(self) -> list[MscChoice]:
        """The stories this initiative's reviewers chose, by whom and why."""
        self._check()
        return self.__store.msc_choices(initiative=self.initiative)

    # -- writing (this reviewer only, this initiative only) ---------------------------
    def _theme(self, key: str) -> ReviewTheme:
        for theme in self.themes():
            if theme.key == key:
                return theme
        raise _refuse("theme", key=key)

    def _put(self, key: str, **fields: str | None) -> None:
        theme = self._theme(key)
        self.__store.put_theme_review(
            self.reviewer_id, self.initiative, key, fields, run_id=theme.run_id, theme_id=theme.theme_id, theme_label=theme.label
        )

    def set_verdict(self, key: str, verdict: str | None) -> None:
        """recognise, partly or not (None clears it)."""
        if verdict is not None and verdict not in THEME_VERDICTS:
            raise ReviewError(None, t("review_bad_verdict", value=verdict), t("review_bad_verdict_fix", valid=", ".join(THEME_VERDICTS)))
        self._put(key, verdict=verdict)

    def set_own_name(self, key: str, name: str) -> None:
        self._put(key, own_name=_clean(name, MAX_NAME))

    def set_comment(self, key: str, comment: str) -> None:
        self._put(key, comment=_clean(comment, MAX_TEXT))

    def add_missing(self, name: str, description: str = "") -> str:
        """A theme the reviewer misses, in their own words; returns its key."""
        import secrets

        self._check()
        key = f"missing:{secrets.token_hex(6)}"
        self.__store.put_theme_review(
            self.reviewer_id, self.initiative, key, {"own_name": _clean(name, MAX_NAME), "comment": _clean(description, MAX_TEXT)}, kind="missing"
        )
        return key

    def set_missing(self, key: str, *, name: str | None = None, description: str | None = None) -> None:
        mine = self.my_reviews().get(key)
        if mine is None or mine.kind != "missing":
            raise _refuse("missing", key=key)
        fields: dict[str, str | None] = {}
        if name is not None:
            fields["own_name"] = _clean(name, MAX_NAME)
        if description is not None:
            fields["comment"] = _clean(description, MAX_TEXT)
        self.__store.put_theme_review(self.reviewer_id, self.initiative, key, fields, kind="missing")

    def set_quote_verdict(self, span: tuple[str, int, int, int], verdict: str) -> bool:
        """ok, wrong or identifying. Identifying hides the quote everywhere, for good.
        Returns False when the quote was already flagged (nothing changes then)."""
        if verdict not in QUOTE_VERDICTS:
            raise ReviewError(None, t("review_bad_verdict", value=verdict), t("review_bad_verdict_fix", valid=", ".join(QUOTE_VERDICTS)))
        span = (str(span[0]), int(span[1]), int(span[2]), int(span[3]))
        if span not in {q.span for _, q in self.quotes()}:
            raise _refuse("quote")
        return self.__store.put_quote_verdict(self.reviewer_id, self.initiative, span, verdict)

    def choose_story(self, doc_id: str, *, chosen: bool | None = None, reason: str | None = None) -> None:
        """Choose a story as showing the most significant change (or not), and/or say why."""
        self._check()
        doc = self._docs().get(doc_id)
        if doc is None:
            raise _refuse("story")
        self.__store.put_msc_choice(
            self.reviewer_id, self.initiative, doc.id, doc.version, chosen=chosen, reason=_clean(reason, MAX_TEXT) if reason is not None else None
        )


    # -- pathways (issue 20): "klopt dit verband?" -------------------------------------
    def pathways(self) -> list[Any]:
        """The initiative's coded links (:class:`workbench.review.pathways.ReviewPathway`),
        most sources first, each with up to two of its quotes; flagged quotes never."""
        from workbench.review.pathways import initiative_pathways

        store = self._check()
        return initiative_pathways(store, self.initiative, self._docs(), self._flags(), self.lang)

    def my_pathway_verdicts(self) -> dict[str, Any]:
        """This reviewer's verdicts on pathways, by key ``cause->effect``."""
        return {f"{r.cause}->{r.effect}": r for r in self.__store.link_reviews(reviewer_id=self.reviewer_id)}

    def set_pathway_verdict(self, key: str, verdict: str | None = None, comment: str | None = None) -> None:
        """yes, partly or no on the link ``key`` (``cause->effect``), and/or a comment."""
        from workbench.model.links import LINK_VERDICTS

        if verdict is not None and verdict not in LINK_VERDICTS:
            raise ReviewError(None, t("review_bad_verdict", value=verdict), t("review_bad_verdict_fix", valid=", ".join(LINK_VERDICTS)))
        found = next((p for p in self.pathways() if p.key == key), None)
        if found is None:
            raise _refuse("pathway", key=key)
        self.__store.save_link_review(
            self.reviewer_id, self.initiative, found.cause, found.effect, verdict=verdict, comment=_clean(comment, MAX_TEXT) if comment is not None else None,
        )


def _cut(text: str, cuts: list[tuple[int, int]], start: int, end: int) -> str:
    """``text[start:end]`` with every flagged span in it (sorted ``cuts``) replaced by "[…]".

    >>> _cut("a secret b", [(2, 8)], 0, 10)
    'a […] b'
    """
    merged: list[tuple[int, int]] = []
    for a, b in cuts:  # two flags that overlap are one cut
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    out, at = [], start
    for a, b in merged:
        if b <= start or a >= end:
            continue
        out.append(text[at:max(a, at)])
        out.append("[…]")
        at = min(b, end)
    out.append(text[at:end])
    return "".join(out)


def _clean(text: str | None, limit: int) -> str:
    return (text or "").strip()[:limit]


def open_view(store: Store, token: str, *, themes: ThemeProvider = latest_themes) -> InitiativeView:
    """The view of the initiative the token's invitation is bound to (InvitationError otherwise)."""
    return InitiativeView(store, token, themes)
