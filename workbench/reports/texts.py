"""The words of the reports, in Dutch (default) and English.

Registered in the one catalogue (:func:`workbench.i18n.add`, keys ``report_*``) and read
with :func:`workbench.i18n.t`; kept together in this file so that a report's wording is
read and reviewed in one place.
"""

from __future__ import annotations

from workbench import i18n

REPORT_TEXTS: dict[str, dict[str, str]] = {
    "title_initiative": {"nl": "{initiative}: wat de verhalen laten zien", "en": "{initiative}: what the stories show"},
    "title_cross": {"nl": "Zorgzame gemeenschappen vergeleken: {n} initiatieven", "en": "Caring communities compared: {n} initiatives"},
    "subtitle": {"nl": "Studie {study} · codeboek versie {version} · {date}", "en": "Study {study} · codebook version {version} · {date}"},
    "intro_initiative": {
        "nl": "{n_docs} documenten (interviews, ervaringsverhalen en enquêteantwoorden) van {initiative}, gecodeerd met het codeboek '{codebook}'. Alle namen en andere herleidbare gegevens zijn vervangen.",
        "en": "{n_docs} documents (interviews, experience stories and survey answers) from {initiative}, coded with the codebook '{codebook}'. All names and other identifying details have been replaced.",
    },
    "intro_cross": {
        "nl": "{n_docs} documenten van {n} initiatieven, gecodeerd met het codeboek '{codebook}'. Alle namen en andere herleidbare gegevens zijn vervangen.",
        "en": "{n_docs} documents from {n} initiatives, coded with the codebook '{codebook}'. All names and other identifying details have been replaced.",
    },
    "who_heard": {"nl": "Wie we hoorden", "en": "Who was heard"},
    "who_heard_text": {"nl": "Aantal documenten per rol en soort. Geen namen: alleen de rol van wie sprak.", "en": "Documents per role and kind. No names: only the role of who spoke."},
    "role": {"nl": "rol", "en": "role"},
    "kind": {"nl": "soort", "en": "kind"},
    "documents": {"nl": "documenten", "en": "documents"},
    "initiative": {"nl": "initiatief", "en": "initiative"},
    "total": {"nl": "totaal", "en": "total"},
    "codes_present": {"nl": "Wat het meest terugkomt", "en": "What comes up most"},
    "codes_present_text": {
        "nl": "De codes die in de meeste documenten voorkomen. Alleen coderingen door mensen (suggesties alleen als een onderzoeker ze aannam).",
        "en": "The codes found in most documents. Only codings made by people (suggestions only when a researcher accepted them).",
    },
    "code": {"nl": "code", "en": "code"},
    "example_quotes": {"nl": "In hun eigen woorden", "en": "In their own words"},
    "example_quotes_text": {
        "nl": "Een citaat bij elk van de codes die het meest terugkomen. Namen en plaatsen zijn vervangen door een aanduiding.",
        "en": "One quote for each of the codes that come up most. Names and places are replaced by a placeholder.",
    },
    "share_docs": {"nl": "aandeel documenten", "en": "share of documents"},
    "n_fragments": {"nl": "fragmenten", "en": "fragments"},
    "example_quote": {"nl": "voorbeeldcitaat", "en": "example quote"},
    "no_codings": {"nl": "Nog geen coderingen: codeer eerst (of neem suggesties aan).", "en": "No codings yet: code first (or accept suggestions)."},
    "positive_health": {"nl": "Positieve Gezondheid", "en": "Positive Health"},
    "positive_health_text": {
        "nl": "Aandeel van de verhalen dat elke dimensie van Positieve Gezondheid raakt (Huber).",
        "en": "Share of stories touching each dimension of Positive Health (Huber).",
    },
    "positive_health_missing": {
        "nl": "Het codeboek heeft geen codes voor de zes dimensies van Positieve Gezondheid.",
        "en": "The codebook has no codes for the six dimensions of Positive Health.",
    },
    "all_initiatives": {"nl": "alle initiatieven", "en": "all initiatives"},
    "themes": {"nl": "Thema's en wat co-onderzoekers ervan vinden", "en": "Themes and what co-researchers say"},
    "themes_cross": {"nl": "Thema's per initiatief", "en": "Themes per initiative"},
    "no_themes": {"nl": "Nog geen thema's: draai eerst 'workbench themes run'.", "en": "No themes yet: run 'workbench themes run' first."},
    "theme": {"nl": "thema", "en": "theme"},
    "own_name": {"nl": "eigen naam", "en": "own name"},
    "verdict": {"nl": "oordeel", "en": "verdict"},
    "keywords": {"nl": "kernwoorden", "en": "keywords"},
    "share": {"nl": "aandeel", "en": "share"},
    "stability": {"nl": "stabiliteit", "en": "stability"},
    "verdict_recognise": {"nl": "herken ik", "en": "recognised"},
    "verdict_partly": {"nl": "deels", "en": "partly"},
    "verdict_not": {"nl": "herken ik niet", "en": "not recognised"},
    "no_reviews": {"nl": "Nog geen oordelen van co-onderzoekers.", "en": "No verdicts from co-researchers yet."},
    "msc": {"nl": "Meest betekenisvolle verandering", "en": "Most Significant Change"},
    "msc_text": {"nl": "De verhalen die het panel van co-onderzoekers koos, met hun reden.", "en": "The stories the panel of co-researchers chose, with their reasons."},
    "no_msc": {"nl": "Nog geen keuzes voor de meest betekenisvolle verandering.", "en": "No Most Significant Change choices yet."},
    "reason": {"nl": "reden", "en": "reason"},
    "chosen_by": {"nl": "gekozen door", "en": "chosen by"},
    "compare": {"nl": "Gedeeld en eigen", "en": "Shared and distinctive"},
    "compare_text": {
        "nl": "Codes die hier vaker of minder vaak voorkomen dan bij de andere initiatieven (aandeel documenten).",
        "en": "Codes found more or less often here than in the other initiatives (share of documents).",
    },
    "here": {"nl": "hier", "en": "here"},
    "others": {"nl": "anderen", "en": "others"},
    "difference": {"nl": "verschil", "en": "difference"},
    "shared": {"nl": "gedeeld met de anderen", "en": "shared with the others"},
    "typical_theme": {"nl": "kenmerkend thema", "en": "distinctive theme"},
    "code_or_theme": {"nl": "code of thema", "en": "code or theme"},
    "more_here": {"nl": "vaker hier", "en": "more often here"},
    "less_here": {"nl": "minder vaak hier", "en": "less often here"},
    "only_one": {"nl": "Er is maar één initiatief: niets om mee te vergelijken.", "en": "There is only one initiative: nothing to compare with."},
    "heatmap": {"nl": "Codes per initiatief", "en": "Codes per initiative"},
    "heatmap_text": {"nl": "Aandeel documenten per initiatief met elke code (donkerder = vaker).", "en": "Share of documents per initiative with each code (darker = more often)."},
    "network": {"nl": "Welke codes samen voorkomen", "en": "Which codes occur together"},
    "network_text": {
        "nl": "Codes die in hetzelfde fragment voorkomen; een dikkere lijn = vaker samen, een grotere cirkel = vaker gebruikt.",
        "en": "Codes applied to the same fragment; a thicker line = together more often, a larger circle = used more often.",
    },
    "no_network": {"nl": "Nog geen codes die samen voorkomen.", "en": "No codes occurring together yet."},
    "coverage": {"nl": "Dekking en overeenstemming", "en": "Coverage and agreement"},
    "coverage_text": {
        "nl": "Welk deel van de zinnen gecodeerd is, en hoe goed codeurs het eens zijn.",
        "en": "Which share of sentences is coded, and how well coders agree.",
    },
    "coded_sentences": {"nl": "gecodeerde zinnen", "en": "coded sentences"},
    "sentences": {"nl": "zinnen", "en": "sentences"},
    "coders": {"nl": "codeurs", "en": "coders"},
    "agreement": {"nl": "overeenstemming", "en": "agreement"},
    "no_agreement": {"nl": "Nog geen overeenstemming berekend (minder dan twee codeurs op dezelfde tekst).", "en": "No agreement computed yet (fewer than two coders on the same text)."},
    "candidates": {"nl": "Kandidaat-codes uit de thema's", "en": "Candidate codes from the themes"},
    "no_candidates": {"nl": "Nog geen kandidaat-codes: elk thema valt onder een bestaande code, of er zijn nog geen thema's.", "en": "No candidate codes yet: every theme falls under an existing code, or there are no themes yet."},
    "methods": {"nl": "Werkwijze", "en": "Methods"},
    "methods_codebook": {"nl": "Codeboek '{codebook}', versie {version} ({n_codes} codes).", "en": "Codebook '{codebook}', version {version} ({n_codes} codes)."},
    "methods_codings": {"nl": "{n} coderingen door {coders} ({n_accepted} daarvan aangenomen suggesties).", "en": "{n} codings by {coders} ({n_accepted} of them accepted suggestions)."},
    "methods_agreement": {"nl": "Overeenstemming tussen codeurs: {value}.", "en": "Agreement between coders: {value}."},
    "methods_suggestions": {
        "nl": "De suggesties van {suggester} kwamen overeen met de codeurs ({coders}) met kappa {kappa} op {n} zinnen.",
        "en": "The suggestions of {suggester} agreed with the coders ({coders}) at kappa {kappa} on {n} sentences.",
    },
    "methods_themes": {"nl": "Thema's: {value}.", "en": "Themes: {value}."},
    "methods_pseudo": {
        "nl": "Pseudonimisering vóór opslag (deduce, Nederlands): {counts}. In citaten staat een neutrale aanduiding zoals [naam] of [plaats].",
        "en": "Pseudonymised before storage (deduce, Dutch): {counts}. Quotes show a neutral placeholder such as [name] or [place].",
    },
    "methods_flags": {"nl": "Citaten die co-onderzoekers als herkenbaar markeerden, staan nergens in dit rapport ({n} gemarkeerd).", "en": "Quotes that co-researchers flagged as identifying appear nowhere in this report ({n} flagged)."},
    "methods_translation": {
        "nl": "Citaten worden één keer door de onderzoeker vertaald en daarna hergebruikt; citaten zonder vertaling staan in het Nederlands en op een lijst voor de onderzoeker (untranslated-quotes.csv).",
        "en": "Quotes are translated by the researcher, once, and reused; quotes without a translation are shown in Dutch and listed for the researcher (untranslated-quotes.csv).",
    },
    "methods_theme_run": {
        "nl": "berekening {id}, seed {seed}, {embedding}, {n} {unit}, {outliers} zonder thema",
        "en": "run {id}, seed {seed}, {embedding}, {n} {unit}, outliers {outliers}",
    },
    "unit_sentence": {"nl": "zinnen", "en": "sentences"},
    "unit_paragraph": {"nl": "alinea's", "en": "paragraphs"},
    "unit_turn": {"nl": "beurten", "en": "turns"},
    "unknown_role": {"nl": "onbekend", "en": "unknown"},
    "document_title": {"nl": "Rapport", "en": "Report"},
    "methods_run": {"nl": "Rapport gemaakt met impact-stories workbench {version}; herleidbaar via run.json.", "en": "Report made with impact-stories workbench {version}; traceable through run.json."},
    "untranslated": {"nl": "nog niet vertaald", "en": "Dutch original, no translation yet"},
    "none": {"nl": "geen", "en": "none"},
    "not_yet": {"nl": "nog niet beschikbaar", "en": "not available yet"},
    "more": {"nl": "meer", "en": "more"},
    "less": {"nl": "minder", "en": "less"},
    "rest": {"nl": "overig", "en": "other"},
}

#: pseudonym tag word -> readable placeholder
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "PERSOON": {"nl": "naam", "en": "name"},
    "PATIENT": {"nl": "naam", "en": "name"},
    "LOCATIE": {"nl": "plaats", "en": "place"},
    "ADRES": {"nl": "adres", "en": "address"},
    "DATUM": {"nl": "datum", "en": "date"},
    "LEEFTIJD": {"nl": "leeftijd", "en": "age"},
    "TELEFOONNUMMER": {"nl": "telefoonnummer", "en": "phone number"},
    "EMAILADRES": {"nl": "e-mailadres", "en": "e-mail address"},
    "URL": {"nl": "website", "en": "website"},
    "BSN": {"nl": "BSN", "en": "citizen service number"},
    "ZORGINSTELLING": {"nl": "zorginstelling", "en": "care facility"},
    "ZIEKENHUIS": {"nl": "ziekenhuis", "en": "hospital"},
    "INSTELLING": {"nl": "instelling", "en": "institution"},
    "ID": {"nl": "nummer", "en": "number"},
}
OTHER_PLACEHOLDER = {"nl": "gegeven", "en": "detail"}

#: roles and kinds as readers see them
ROLES_EN = {
    "bewoner": "resident", "mantelzorger": "informal carer", "vrijwilliger": "volunteer", "coördinator": "coordinator",
    "bestuurslid": "board member", "professional": "professional", "gemeente": "municipality", "financier": "funder",
    "woningcorporatie": "housing corporation", "deelnemer": "participant", "anders": "other", "co-onderzoeker": "co-researcher",
}
KINDS_EN = {"interview": "interview", "ervaringsverhaal": "experience story", "enquete": "survey answer", "document": "document"}

for _key, _value in REPORT_TEXTS.items():
    i18n.add(f"report_{_key}", nl=_value["nl"], en=_value["en"])


def t(key: str, lang: str, **values: object) -> str:
    """A report text (key ``report_...``) in ``lang`` (nl or en), as a plain string."""
    return str(i18n.t(key, lang, **values))


def role_label(role: str | None, lang: str) -> str:
    if not role:
        return t("report_unknown_role", lang)
    return ROLES_EN.get(role, role) if lang == "en" else role


KINDS_NL = {"enquete": "enquête"}


def kind_label(kind: str | None, lang: str) -> str:
    kind = kind or "document"
    return KINDS_EN.get(kind, kind) if lang == "en" else KINDS_NL.get(kind, kind)
