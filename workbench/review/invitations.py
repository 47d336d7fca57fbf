"""Invitations: a personal link per co-researcher, bound to one initiative.

The token is 256 random bits (``secrets.token_urlsafe(32)``), shown once in the link and
stored only as its sha256. A link works until it is revoked or expires; the review page
shows nothing without a valid one and never says why (to the browser); the researcher
sees why in ``workbench review status``.

Example:
    >>> new = invite(store, "Austerlitz Zorgt", "Marja", role="vrijwilliger", created_by="lian")  # doctest: +SKIP
    >>> print(new.link)                                                                           # doctest: +SKIP
    http://127.0.0.1:8866/?code=...
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from workbench.errors import InvitationError, ReviewError
from workbench.i18n import add, t

if TYPE_CHECKING:
    from workbench.store import Store
    from workbench.store.review import Invitation, Reviewer

#: where ``workbench review serve`` listens by default
DEFAULT_URL = "http://127.0.0.1:8866/"
#: the query parameter that carries the token (jupyter_server scrubs 'code' from its logs too)
PARAM = "code"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
DEFAULT_EXPIRES = "30d"
#: the options a refusal points to (option names are not translated)
WHERE_EXPIRES, WHERE_INITIATIVE, WHERE_NAME = "--expires", "--initiative", "--name"

add("review_invalid_link", nl="deze uitnodiging werkt niet ({reason})", en="this invitation does not work ({reason})")
add("review_invalid_link_fix", nl="vraag de onderzoeker om een nieuwe link ('workbench review invite')", en="ask the researcher for a new link ('workbench review invite')")
add("review_reason_malformed", nl="geen geldige code", en="not a valid code")
add("review_reason_unknown", nl="onbekende code", en="unknown code")
add("review_reason_revoked", nl="ingetrokken", en="revoked")
add("review_reason_expired", nl="verlopen", en="expired")
add("review_bad_expiry", nl="onbekende geldigheidsduur '{value}'", en="unknown expiry '{value}'")
add("review_bad_expiry_fix", nl="schrijf bijvoorbeeld 30d (dagen), 8w (weken), 12h (uren) of 'nooit'", en="write e.g. 30d (days), 8w (weeks), 12h (hours) or 'never'")
add("review_no_initiative", nl="geen documenten van initiatief '{value}'", en="no documents of initiative '{value}'")
add("review_no_initiative_fix", nl="kies uit: {known}", en="choose from: {known}")
add("review_bad_name", nl="een naam van 1 tot 80 tekens is nodig", en="a name of 1-80 characters is needed")
add("review_bad_name_fix", nl="geef de voornaam van de co-onderzoeker, bijv. --name Marja", en="give the co-researcher's first name, e.g. --name Marja")
add("review_no_invitation", nl="geen uitnodiging of co-onderzoeker '{value}'", en="no invitation or co-researcher '{value}'")
add("review_no_invitation_fix", nl="'workbench review status' toont namen en link-ids", en="'workbench review status' shows names and link ids")
add("review_name_ambiguous", nl="'{value}' is co-onderzoeker bij meer initiatieven ({initiatives})", en="'{value}' reviews for several initiatives ({initiatives})")
add("review_name_ambiguous_fix", nl="geef --initiative, of trek de link in met zijn id", en="give --initiative, or revoke the link by its id")


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def parse_expiry(text: str | None) -> timedelta | None:
    """'30d', '8w', '12h' -> a duration; 'never'/'nooit'/'0'/None -> no expiry."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("never", "nooit", "0", ""):
        return None
    match = re.fullmatch(r"(\d+)\s*([dwhu]|dagen|days|weken|weeks|uur|hours)?", value)
    if not match or int(match.group(1)) <= 0:
        raise ReviewError(WHERE_EXPIRES, t("review_bad_expiry", value=text), t("review_bad_expiry_fix"))
    n = int(match.group(1))
    unit = (match.group(2) or "d")[0]
    return {"d": timedelta(days=n), "w": timedelta(weeks=n), "h": timedelta(hours=n), "u": timedelta(hours=n)}[unit]


def make_link(base_url: str, token: str, lang: str = "nl") -> str:
    link = f"{base_url.rstrip('/')}/?{PARAM}={token}"
    return link + "&lang=en" if lang == "en" else link


@dataclass(frozen=True)
class NewInvitation:
    """A fresh invitation: the only time its token (and so its link) is known."""

    invitation: Invitation
    reviewer: Reviewer
    token: str
    link: str


def invite(
    store: Store, initiative: str, name: str, *, role: str | None = None, expires: str | None = DEFAULT_EXPIRES, lang: str = "nl",
    created_by: str, base_url: str = DEFAULT_URL,
) -> NewInvitation:
    """A new personal link for co-researcher ``name`` of ``initiative`` (the reviewer is
    created when new; an earlier link keeps working until revoked)."""
    known = store.initiatives()
    if initiative not in known:
        raise ReviewError(WHERE_INITIATIVE, t("review_no_initiative", value=initiative), t("review_no_initiative_fix", known=", ".join(known) or "-"))
    name = name.strip()
    if not name or len(name) > 80:
        raise ReviewError(WHERE_NAME, t("review_bad_name"), t("review_bad_name_fix"))
    duration = parse_expiry(expires)
    expires_at = (now_utc() + duration).isoformat(timespec="seconds") if duration is not None else None
    reviewer = store.add_reviewer(name, initiative, role=role, lang=lang, created_by=created_by)
    token = new_token()
    invitation = store.add_invitation(reviewer.id, hash_token(token), expires_at=expires_at)
    return NewInvitation(invitation, reviewer, token, make_link(base_url, token, lang))


def check_token(store: Store, token: object, *, when: datetime | None = None) -> tuple[Invitation, Reviewer]:
    """The invitation and reviewer of a valid token; InvitationError for anything else."""
    def refuse(reason: str) -> InvitationError:
        return InvitationError(None, t("review_invalid_link", reason=t(f"review_reason_{reason}")), t("review_invalid_link_fix"))

    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        raise refuse("malformed")
    found = store.invitation_by_hash(hash_token(token))
    if found is None:
        raise refuse("unknown")
    invitation, reviewer = found
    if invitation.revoked_at is not None:
        raise refuse("revoked")
    if is_expired(invitation, when):
        raise refuse("expired")
    return invitation, reviewer


def is_expired(invitation: Invitation, when: datetime | None = None) -> bool:
    if invitation.expires_at is None:
        return False
    return datetime.fromisoformat(invitation.expires_at) <= (when or now_utc())


def state(invitation: Invitation, when: datetime | None = None) -> str:
    """active, revoked or expired."""
    if invitation.revoked_at is not None:
        return "revoked"
    return "expired" if is_expired(invitation, when) else "active"


def revoke(store: Store, name_or_id: str, *, initiative: str | None = None) -> list[Invitation]:
    """Revoke one link (by its id) or every link of a co-researcher (by name). Returns them."""
    by_id = store.invitations(ids=[name_or_id])
    if by_id and (initiative is None or by_id[0].initiative == initiative):
        targets = by_id
    else:
        matches = [r for r in store.reviewers(initiative) if r.name.lower() == name_or_id.strip().lower()]
        if not matches:
            raise ReviewError(None, t("review_no_invitation", value=name_or_id), t("review_no_invitation_fix"))
        if len({r.initiative for r in matches}) > 1:
            raise ReviewError(None, t("review_name_ambiguous", value=name_or_id, initiatives=", ".join(sorted({r.initiative for r in matches}))), t("review_name_ambiguous_fix"))
        targets = [inv for r in matches for inv in store.invitations(reviewer_id=r.id)]
    store.revoke_invitations([inv.id for inv in targets])
    return store.invitations(ids=[inv.id for inv in targets])
