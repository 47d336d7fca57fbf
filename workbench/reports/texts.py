"""The words of the reports, in Dutch (default) and English.

Registered in the one catalogue (:func:`workbench.i18n.add`, keys ``report_*``) and read
with :func:`workbench.i18n.t`; kept together in this file so that a report's wording is
read and reviewed in one place.
"""

from __future__ import annotations

from workbench import i18n
from workbench.model.corpus import KINDS_EN, ROLES_EN

REPORT_TEXTS: dict[str, dict[str, str]] = {
    "title_initiative": {"nl": "{initiative}: wat de verhalen laten zien", "en": "{initiative}: what the stories show"},
    "title_cross": {"nl": "Zorgzame gemeenschappen vergeleken: {n} initiatieven", "en": "Caring communities compared: {n} initiatives"},
    "subtitle": {"nl": "Studie {study} · codeboek versie {version} · {date}", "en": "Study {study} · codebook version {version} · {date}"},
    "intro_initiative": {
        "nl": "{n_docs} documenten (interviews, ervaringsverhalen en enquêteantwoorden) van {initiative}, gecodeerd met het codeboek '{codebook}'. {privacy}",
        "en": "{n_docs} documents (interviews, experience stories and survey answers) from {initiative}, coded with the codebook '{codebook}'. {privacy}",
    },
    "intro_cross": {
        "nl": "{n_docs} documenten van {n} initiatieven, gecodeerd met het codeboek '{codebook}'. {privacy}",
        "en": "{n_docs} documents from {n} initiatives, coded with the codebook '{codebook}'. {privacy}",
    },
    # what was done and what a person checked; never that nothing identifying is left
    "privacy_done": {
        "nl": "Namen, plaatsen, straten, leeftijden en andere gegevens die de regels herkennen, zijn vóór opslag gepseudonimiseerd met deduce {deduce} en de eigen regels van de workbench.",
        "en": "Names, places, streets, ages and other details the rules recognise were pseudonymised before storage with deduce {deduce} and the workbench's own rules.",
    },
    "privacy_checked": {
        "nl": "Daarna nagelezen door {who} ({when}): {n} van de {total} documenten.",
        "en": "Then read through by {who} ({when}): {n} of the {total} documents.",
    },
    "privacy_unchecked": {
        "nl": "Geen van de {total} documenten is daarna door een onderzoeker nagelezen; regels vinden niet alles.",
        "en": "None of the {total} documents has since been read through by a researcher; rules do not find everything.",
    },
    "privacy_on": {"nl": "op {date}", "en": "on {date}"},
    "privacy_between": {"nl": "tussen {first} en {last}", "en": "between {first} and {last}"},
    "methods_checked": {
        "nl": "Nagelezen na het pseudonimiseren: {n} van de {total} documenten, door {who} ({when}).",
        "en": "Read through after pseudonymisation: {n} of the {total} documents, by {who} ({when}).",
    },
    "methods_unchecked": {
        "nl": "Nagelezen na het pseudonimiseren: nog geen van de {total} documenten.",
        "en": "Read through after pseudonymisation: none of the {total} documents yet.",
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
        "nl": "De codes die in de meeste interviews en verhalen voorkomen; enquêteantwoorden zijn apart geteld, want één kort antwoord is geen gesprek. Alleen coderingen door mensen (suggesties alleen als een onderzoeker ze aannam).",
        "en": "The codes found in most interviews and stories; survey answers are counted apart, as one short answer is not a conversation. Only codings made by people (suggestions only when a researcher accepted them).",
    },
    "code": {"nl": "code", "en": "code"},
    "theme_from": {"nl": "vanuit", "en": "from"},
    "theme_new": {"nl": "nieuw (geen code)", "en": "new (no code)"},
    "themes_guided": {
        "nl": "De thema's zijn gezocht vanuit het codeboek: {n_codes} thema's begonnen bij een code, {n_new} zijn nieuw gevonden in de tekst en zijn kandidaat-codes.",
        "en": "The themes were found from the codebook: {n_codes} themes started from a code, {n_new} were newly found in the text and are candidate codes.",
    },
    "themes_free": {"nl": "De thema's zijn alleen uit de tekst gevonden, zonder het codeboek.", "en": "The themes were found from the text alone, without the codebook."},
    "example_quotes": {"nl": "In hun eigen woorden", "en": "In their own words"},
    "example_quotes_text": {
        "nl": "Een citaat bij elk van de codes die het meest terugkomen, elk citaat één keer. Namen en plaatsen die het pseudonimiseren vond, staan er als aanduiding ([naam], [plaats]).",
        "en": "One quote for each of the codes that come up most, each quote once. Names and places that pseudonymisation found show as a placeholder ([name], [place]).",
    },
    "share_of": {"nl": "aandeel van de {base} {unit}", "en": "share of the {base} {unit}"},
    "share_of_unit": {"nl": "aandeel van de {unit}", "en": "share of the {unit}"},
    "n_of": {"nl": "{n} van {base}", "en": "{n} of {base}"},
    "n_of_unit": {"nl": "{n} van {base} {unit}", "en": "{n} of {base} {unit}"},
    "unit_interviews": {"nl": "interviews", "en": "interviews"},
    "unit_stories": {"nl": "verhalen", "en": "stories"},
    "unit_interviews_stories": {"nl": "interviews en verhalen", "en": "interviews and stories"},
    "unit_survey": {"nl": "enquêteantwoorden", "en": "survey answers"},
    "unit_documents": {"nl": "documenten", "en": "documents"},
    "all_initiatives_with": {"nl": "alle initiatieven", "en": "all initiatives"},
    "n_fragments": {"nl": "fragmenten", "en": "fragments"},
    "example_quote": {"nl": "voorbeeldcitaat", "en": "example quote"},
    "no_codings": {"nl": "Nog geen coderingen: codeer eerst (of neem suggesties aan).", "en": "No codings yet: code first (or accept suggestions)."},
    "positive_health": {"nl": "Positieve Gezondheid", "en": "Positive Health"},
    "positive_health_text": {
        "nl": "Aandeel van de interviews en verhalen dat elke dimensie van Positieve Gezondheid raakt (Huber); enquêteantwoorden niet meegeteld.",
        "en": "Share of interviews and stories touching each dimension of Positive Health (Huber); survey answers not counted.",
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
        "nl": "Codes die hier vaker of minder vaak voorkomen dan bij de andere initiatieven, als aandeel van de interviews en verhalen.",
        "en": "Codes found more or less often here than in the other initiatives, as a share of the interviews and stories.",
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
    "heatmap_text": {"nl": "Per initiatief: in hoeveel van de interviews en verhalen elke code voorkomt (donkerder = vaker); enquêteantwoorden niet meegeteld.", "en": "Per initiative: in how many of the interviews and stories each code occurs (darker = more often); survey answers not counted."},
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
    "methods_codings": {"nl": "Dit rapport telt de {n} coderingen van {coders} ({chosen}); {n_accepted} daarvan zijn aangenomen suggesties.", "en": "This report counts the {n} codings by {coders} ({chosen}); {n_accepted} of them are accepted suggestions."},
    "coders_from_option": {"nl": "gekozen bij het maken van het rapport", "en": "chosen when the report was made"},
    "coders_from_settings": {"nl": "zoals ingesteld in workbench.toml", "en": "as set in workbench.toml"},
    "coders_from_all": {"nl": "iedereen die codeerde; suggesties van de computer tellen alleen als iemand ze aannam", "en": "everyone who coded; the computer's suggestions count only when someone accepted them"},
    "agreement_sentence": {
        "nl": "Bij {pct} van de {n} zinnen in de documenten die {coders} codeerden, gaven zij dezelfde codes (Cohen's kappa {kappa}, Krippendorff's alpha {alpha}).",
        "en": "For {pct} of the {n} sentences in the documents {coders} coded, they gave the same codes (Cohen's kappa {kappa}, Krippendorff's alpha {alpha}).",
    },
    "methods_agreement": {"nl": "{value}", "en": "{value}"},
    "methods_no_agreement": {"nl": "De overeenstemming tussen codeurs is nog niet berekend: minder dan twee codeurs codeerden dezelfde tekst.", "en": "Agreement between coders is not computed yet: fewer than two coders coded the same text."},
    "methods_themes": {"nl": "{value}", "en": "{value}"},
    "methods_no_themes": {"nl": "Er zijn nog geen thema's berekend.", "en": "No themes have been computed yet."},
    "and": {"nl": "en", "en": "and"},
    "methods_suggestions": {
        "nl": "De suggesties van {suggester} kwamen overeen met de codeurs ({coders}) met kappa {kappa} op {n} zinnen.",
        "en": "The suggestions of {suggester} agreed with the coders ({coders}) at kappa {kappa} on {n} sentences.",
    },
    "methods_pseudo": {
        "nl": "Pseudonimisering vóór opslag met deduce {deduce} (Nederlands) en de eigen regels van de workbench (leeftijden, straatnamen, namen die ook woorden zijn, een lijst van publieke namen die blijven staan): {counts}. In citaten staat een neutrale aanduiding zoals [naam] of [plaats].",
        "en": "Pseudonymised before storage with deduce {deduce} (Dutch) and the workbench's own rules (ages, street names, names that are also words, a list of public names that stay): {counts}. Quotes show a neutral placeholder such as [name] or [place].",
    },
    "methods_flags": {"nl": "Citaten die co-onderzoekers als herkenbaar markeerden, staan nergens in dit rapport ({n} gemarkeerd).", "en": "Quotes that co-researchers flagged as identifying appear nowhere in this report ({n} flagged)."},
    "methods_translation": {
        "nl": "Citaten worden één keer door de onderzoeker vertaald en daarna hergebruikt; citaten zonder vertaling staan in het Nederlands en op een lijst voor de onderzoeker (untranslated-quotes.csv).",
        "en": "Quotes are translated by the researcher, once, and reused; quotes without a translation are shown in Dutch and listed for the researcher (untranslated-quotes.csv).",
    },
    "methods_theme_run": {
        "nl": "De thema's komen uit themaberekening {id} over {n} {unit} (seed {seed}, tekstrepresentatie {embedding}); {outliers} {unit} kregen geen thema.",
        "en": "The themes come from theme run {id} over {n} {unit} (seed {seed}, text representation {embedding}); {outliers} {unit} got no theme.",
    },
    "methods_stability": {"nl": "Gemiddelde stabiliteit over seeds: {value}.", "en": "Mean stability across seeds: {value}."},
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

#: pseudonym tag word -> (singular, plural) in the methods section's plain sentence
TAG_NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "PERSOON": {"nl": ("naam", "namen"), "en": ("name", "names")},
    "PATIENT": {"nl": ("naam", "namen"), "en": ("name", "names")},
    "LOCATIE": {"nl": ("plaats", "plaatsen"), "en": ("place", "places")},
    "ADRES": {"nl": ("adres", "adressen"), "en": ("address", "addresses")},
    "DATUM": {"nl": ("datum", "data"), "en": ("date", "dates")},
    "LEEFTIJD": {"nl": ("leeftijd", "leeftijden"), "en": ("age", "ages")},
    "JAARTAL": {"nl": ("jaartal", "jaartallen"), "en": ("year", "years")},
    "TELEFOONNUMMER": {"nl": ("telefoonnummer", "telefoonnummers"), "en": ("phone number", "phone numbers")},
    "EMAILADRES": {"nl": ("e-mailadres", "e-mailadressen"), "en": ("e-mail address", "e-mail addresses")},
    "URL": {"nl": ("website", "websites"), "en": ("website", "websites")},
    "BSN": {"nl": ("BSN", "BSN's"), "en": ("citizen service number", "citizen service numbers")},
    "ZORGINSTELLING": {"nl": ("zorginstelling", "zorginstellingen"), "en": ("care facility", "care facilities")},
    "ZIEKENHUIS": {"nl": ("ziekenhuis", "ziekenhuizen"), "en": ("hospital", "hospitals")},
    "INSTELLING": {"nl": ("instelling", "instellingen"), "en": ("institution", "institutions")},
    "ID": {"nl": ("nummer", "nummers"), "en": ("number", "numbers")},
}


#: roles and kinds as readers see them
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


def plain_list(items: list[str], lang: str) -> str:
    """'a', 'a en b', 'a, b en c' (English: 'a, b and c')."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('report_and', lang)} " + items[-1]


def tag_counts(counts: list[tuple[str, int]], lang: str) -> str:
    """What the pseudonymiser replaced, as words: '12 namen, 3 plaatsen en 1 jaartal'."""
    parts = []
    for tag, n in counts:
        nouns = TAG_NOUNS.get(tag, {}).get(lang)
        word = (nouns[0] if n == 1 else nouns[1]) if nouns else tag.lower()
        parts.append(f"{n} {word}")
    return plain_list(parts, lang)
