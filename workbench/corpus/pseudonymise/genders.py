"""Whether a title or a first name says a woman or a man: enough to keep "meneer Hendriks"
and "Marja Hendriks" apart (two people of one surname), never to join two mentions.

Titles: *meneer*, *de heer*, *opa*, *oom*, *buurman* say a man; *mevrouw*, *oma*, *tante*,
*buurvrouw* a woman. First names: common Dutch first names of people in the care
initiatives' generations (and common names of Dutch people with Moroccan and Turkish
roots); names that both women and men carry (*Hennie*, *Cor*, *Jos*, *Kim*, *Willy*,
*Jopie*, *Sam*) are in neither list, so they never keep two mentions apart.

Example:
    >>> title_gender("Meneer Hendriks"), first_name_gender("marja"), first_name_gender("hennie")
    ('m', 'f', None)
"""

from __future__ import annotations

_MAN_TITLES = ("meneer", "mijnheer", "de heer", "heer", "dhr", "opa", "oom", "buurman", "broeder", "pastoor", "dominee", "meester")
_WOMAN_TITLES = ("mevrouw", "mevr", "mw", "juffrouw", "oma", "tante", "buurvrouw", "zuster", "juf")

_WOMEN = frozenset("""
aaltje agnes aisha alie anja anna anneke annemarie annet annie ans astrid betsie betty bianca carla carolien cornelia corrie
dina dini diny dora els elisabeth elly emma esther eva fatima femke fenna fien froukje geertje geertruida gerda gerdien greet
greetje gré hanneke hannie hendrika hilda hilde ilse ineke ingrid jacqueline jannie janny jikke johanna joke jolanda josje
judith julia karin khadija klaasje latifa lenie lian lies liesbeth linda lisa lotte margriet maria marian marianne marie marieke
marijke marja marjan marjolein mariska marloes martha mien mieke miep mirjam monique naima nel nelly netty nicole patricia petra
renate ria riet rita roos samira sandra sanne sara saskia sjoukje sophie suzanne thea tineke tiny trees trudy truus vera wendy
wies wilhelmina wilma yasmina yvonne
""".split())

_MEN = frozenset("""
ad ahmed albert ali andré anton arie arjan bart bas ben berend bernard bert bob bram cees daan dennis dick dirk eric erik evert
ferdinand frank frans fred geert gerard gerben gerrit gert gijs hans harm harry hassan hein hendrik henk herman hidde huub jaap
jacob jacques jan jelle jeroen jochem johan joop joost jurgen karel kees kevin klaas koos lambert lars leo lucas luuk maarten
marcel marco mark martijn martin michiel mohamed mustafa nick nico niels paul peter piet pieter pim rené rik rinus rob robert roel
rutger ruud sander siem sietse simon sjaak sjoerd stefan teun theo thijs tinus tjeerd tom ton toon twan vincent wiebe wiel willem
wim wouter youssef
""".split())


def title_gender(mention: str) -> str | None:
    """'m' or 'f' when the mention starts with a title that says it, else None."""
    low = " ".join(mention.lower().replace(".", " ").split())
    for titles, gender in ((_MAN_TITLES, "m"), (_WOMAN_TITLES, "f")):
        if any(low == t or low.startswith(t + " ") for t in titles):
            return gender
    return None


def first_name_gender(first: str) -> str | None:
    """'f' or 'm' for a common first name that only women or only men carry, else None."""
    low = first.lower()
    return "f" if low in _WOMEN else "m" if low in _MEN else None


def differ(a: str | None, b: str | None) -> bool:
    """Both known and not the same: two people."""
    return a is not None and b is not None and a != b
