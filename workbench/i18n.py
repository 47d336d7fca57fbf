"""One message catalogue: every interface text in Dutch (default) and English.

The language is chosen per process: ``set_language("en")`` (the CLI's ``--lang``, which
works before or after the subcommand), else ``WORKBENCH_LANG``, else Dutch. A language
other than ``nl`` or ``en`` is refused with an error, never silently replaced.

Adding your own messages: one call per message, next to the code that uses it (at
module level, so the message exists as soon as the module is imported)::

    from workbench.i18n import add, t

    add("themes_none", nl="Geen thema's gevonden in {n} zinnen.", en="No themes found in {n} sentences.")

    print(t("themes_none", n=12))

Errors go through the catalogue too: build the parts of the message with ``t()`` where
the error is raised, e.g. ``raise CodeNotFoundError(where, t("code_missing", code=cid),
t("code_missing_fix"))``; the error frame ("Oplossing:"/"Fix:") follows the language
of those parts (:class:`Message` remembers it). Messages not yet in the catalogue are
English, in an English frame, so one message never mixes two languages. Keys are ``snake_case`` and start with your area (``themes_``,
``review_``...) so they do not collide; registering a key twice with other texts, or
asking ``t()`` for a key nobody registered, raises ``KeyError`` (a typo fails loudly in
the tests, instead of showing a raw key to a researcher). Placeholders use
``str.format`` names and must be the same in both languages (checked by ``add``).
Never put document text in a message.

Example:
    >>> add("demo_hello", nl="Hallo {name}", en="Hello {name}")
    'demo_hello'
    >>> t("demo_hello", "en", name="Anna")
    'Hello Anna'
"""

from __future__ import annotations

import os
import string
from typing import Any

#: the interface languages
LANGUAGES = ("nl", "en")

_CATALOGUE: dict[str, dict[str, str]] = {}
_CHOSEN: dict[str, str] = {}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def add(key: str, *, nl: str, en: str) -> str:
    """Register one message in Dutch and English; returns ``key``.

    Registering the same texts again is fine (a module imported twice); other texts
    under an existing key raise ``KeyError``, as do placeholders that differ.
    """
    entry = {"nl": nl, "en": en}
    old = _CATALOGUE.get(key)
    if old is not None and old != entry:
        raise KeyError(f"message '{key}' is registered twice with different texts; choose another key")
    if _fields(nl) != _fields(en):
        raise KeyError(f"message '{key}': the Dutch and English texts use different placeholders ({sorted(_fields(nl))} vs {sorted(_fields(en))})")
    _CATALOGUE[key] = entry
    return key


def has(key: str) -> bool:
    """Whether ``key`` is registered."""
    return key in _CATALOGUE


def keys() -> list[str]:
    """Every registered key (for tests that check the catalogue)."""
    return sorted(_CATALOGUE)


def _normalise(lang: str) -> str:
    return lang.strip().lower().replace("_", "-").split("-")[0]


#: the error raised for a language other than nl or en: :class:`workbench.errors.ConfigError`,
#: set by workbench.errors when it loads (i18n sits below errors and imports nothing of the
#: package; errors registers its texts here)
_LANGUAGE_ERROR: list[Any] = []


def _refuse(value: str, source: str) -> None:
    error = _LANGUAGE_ERROR[0] if _LANGUAGE_ERROR else ValueError
    raise error(source, t("unknown_language", value=value, valid=", ".join(LANGUAGES)), t("unknown_language_fix"))


def set_language(lang: str | None) -> None:
    """Choose the interface language for this process (the CLI's ``--lang``); None: back to default.

    Raises ConfigError for a language other than nl or en (``nl_NL``, ``EN`` are fine).
    """
    if lang is None:
        _CHOSEN.clear()
        return
    code = _normalise(lang)
    if code not in LANGUAGES:
        _refuse(lang, "--lang")
    _CHOSEN["lang"] = code


def language() -> str:
    """nl or en: the chosen language, else WORKBENCH_LANG, else Dutch.

    Raises ConfigError when WORKBENCH_LANG names another language.
    """
    if "lang" in _CHOSEN:
        return _CHOSEN["lang"]
    env = os.environ.get("WORKBENCH_LANG", "").strip()
    if not env:
        return "nl"
    code = _normalise(env)
    if code not in LANGUAGES:
        _CHOSEN["lang"] = "nl"  # so the error about it can be written
        try:
            _refuse(env, "WORKBENCH_LANG")
        finally:
            _CHOSEN.pop("lang", None)
    return code


def safe_language() -> str:
    """The language for writing an error: like :func:`language`, but never raises."""
    try:
        return language()
    except Exception:  # noqa: BLE001 - an error message must always be writable
        return "nl"


class Message(str):
    """A text from the catalogue that remembers its language (``.lang``), so an error
    built from it writes its frame ("Oplossing:"/"Fix:") in the same language."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Message:
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj

    def __reduce__(self) -> tuple[object, ...]:
        return (Message, (str(self), self.lang))  # survives pickling (worker processes), language kept


def t(key: str, /, lang: str | None = None, **values: object) -> Message:
    """The message ``key`` in ``lang`` (default: the interface language), filled in with ``values``."""
    entry = _CATALOGUE.get(key)
    if entry is None:
        raise KeyError(f"no message '{key}' in the catalogue: register it with workbench.i18n.add({key!r}, nl=..., en=...)")
    code = lang or language()
    text = entry[code]
    return Message(text.format(**values) if values else text, code)


def yes_words() -> frozenset[str]:
    """Answers that mean yes at a prompt, in either language."""
    return frozenset({"j", "ja", "y", "yes"})


# -- the messages of the core and the CLI --------------------------------------------------
# Column and unit names
add("id", nl="id", en="id")
add("documents", nl="documenten", en="documents")
add("document", nl="document", en="document")
add("initiative", nl="initiatief", en="initiative")
add("role", nl="rol", en="role")
add("segments", nl="segmenten", en="segments")
add("sentences", nl="zinnen", en="sentences")
add("turns", nl="beurten", en="turns")
add("words", nl="woorden", en="words")
add("kind", nl="soort", en="kind")
add("date", nl="datum", en="date")
add("version", nl="versie", en="version")
add("replacements", nl="vervangingen", en="replacements")
add("tag", nl="soort gegeven", en="tag")
add("pseudonym", nl="pseudoniem", en="pseudonym")
add("original", nl="origineel", en="original")
add("count", nl="aantal", en="count")
add("total", nl="totaal", en="total")
add("interviewer", nl="interviewer", en="interviewer")
add("speaker", nl="spreker", en="speaker")
add("source_path", nl="bestand", en="file")
add("text", nl="tekst", en="text")
add("unit", nl="eenheid", en="unit")
add("start", nl="begin", en="start")
add("end", nl="eind", en="end")
add("author", nl="auteur", en="author")
add("time", nl="tijd", en="time")
add("note", nl="notitie", en="note")
add("codebook", nl="codeboek", en="codebook")
add("codes", nl="codes", en="codes")
add("codings", nl="coderingen", en="codings")
add("retired", nl="vervallen", en="retired")
add("consent", nl="toestemming", en="consent")
add("metadata", nl="metadata", en="metadata")

# Errors: the frame, and languages
add("fix", nl="Oplossing", en="Fix")
add("codebook_problems", nl="{path}: {n} probleem/problemen in het codeboek", en="{path}: {n} problem(s) in the codebook")
add("error_prefix", nl="workbench", en="workbench")
add("unknown_language", nl="onbekende taal '{value}' (kies uit {valid})", en="unknown language '{value}' (choose from {valid})")
add("unknown_language_fix", nl="gebruik --lang nl of --lang en (of WORKBENCH_LANG=nl/en)", en="use --lang nl or --lang en (or WORKBENCH_LANG=nl/en)")
add("unknown_choice", nl="onbekende waarde '{value}' voor {option}", en="unknown value '{value}' for {option}")
add("unknown_choice_fix", nl="kies uit: {valid}", en="choose from: {valid}")

add("study_not_found", nl="geen {file} in deze map of een map erboven", en="no {file} here or in any parent folder")
add("study_not_found_fix", nl="maak een studie met 'workbench init MAP', of ga met cd naar een studiemap", en="run 'workbench init FOLDER' or cd into a study")
add("document_missing", nl="geen document '{doc_id}'", en="no document '{doc_id}'")
add("document_missing_fix", nl="'workbench corpus list --ids' toont de ids", en="'workbench corpus list --ids' shows the ids")
add("did_you_mean", nl="bedoelt u {names}?", en="did you mean {names}?")

# Ingest
add("reading", nl="inlezen", en="reading")
add("stage_scanning", nl="bestanden en metadata bekijken", en="looking at the files and the metadata")
add("stage_loading_deduce", nl="deduce laden (pseudonimiseren, ~10 s)", en="loading deduce (pseudonymisation, ~10 s)")
add(
    "stage_building_deduce",
    nl="deduce bouwt eenmalig zijn cache (1-2 minuten, daarna ~10 s per start)",
    en="deduce builds its one-time cache (1-2 minutes, then ~10 s a start)",
)
add("stage_loading_spacy", nl="spaCy laden (zinnen en lemma's)", en="loading spaCy (sentences and lemmas)")
add("stage_storing", nl="opslaan", en="storing")
add("ingest_title", nl="Ingelezen", en="Ingested")
add("added", nl="nieuw", en="added")
add("new_versions", nl="nieuwe versies", en="new versions")
add("unchanged", nl="ongewijzigd", en="unchanged")
add("metadata_updated", nl="metadata bijgewerkt", en="metadata updated")
add("no_consent", nl="zonder toestemming (overgeslagen)", en="without consent (skipped)")
add("errors", nl="problemen (niet ingelezen)", en="problems (not ingested)")
add("warnings", nl="waarschuwingen", en="warnings")
add("seconds", nl="seconden", en="seconds")
add("new_words", nl="woorden (nieuw)", en="words (new)")
add("severity_error", nl="fout", en="error")
add("severity_warning", nl="waarschuwing", en="warning")
add("severity_info", nl="info", en="info")
add(
    "ingest_incomplete",
    nl="{n} bestand(en) niet ingelezen (zie de fouten hierboven); de rest is opgeslagen. Herstel ze en draai 'workbench ingest' opnieuw.",
    en="{n} file(s) not ingested (see the errors above); the rest is stored. Fix them and run 'workbench ingest' again.",
)

# init and setup
add("study_created", nl="Studie aangemaakt", en="Study created")
add("codebook_copied", nl="Startcodeboek gekopieerd naar {path} (het hoort nu bij uw studie: pas het gerust aan)", en="Starter codebook copied to {path} (it now belongs to your study: adapt it)")
add("notebooks_copied", nl="Notebooks gekopieerd naar {path}", en="Notebooks copied to {path}")
add(
    "next_steps",
    nl="Zet documenten in {corpora} met een metadata.csv of metadata.xlsx ernaast (kolommen: {columns}), dan: workbench ingest",
    en="Put documents in {corpora} with a metadata.csv or metadata.xlsx beside them (columns: {columns}), then: workbench ingest",
)
add("cache_ready", nl="deduce-cache staat klaar in {path}", en="deduce cache ready in {path}")
add("cache_building", nl="deduce bouwt eenmalig zijn opzoektabellen (1-2 minuten)...", en="deduce builds its lookup tables once (1-2 minutes)...")

# corpus
add("nothing_stored", nl="Nog niets opgeslagen: draai eerst 'workbench ingest'.", en="Nothing stored yet: run 'workbench ingest' first.")
add("no_initiative", nl="Geen documenten van initiatief '{value}'. Wel: {known}.", en="No documents of initiative '{value}'. Known: {known}.")
add("no_key", nl="Geen sleutel gevonden in {path}.", en="No key found at {path}.")
add("privacy_list_added", nl="{n} toegevoegd aan {path}", en="{n} added to {path}")
add(
    "privacy_list_reingest",
    nl="Draai 'workbench ingest' om het toe te passen: alle bestanden worden opnieuw verwerkt.",
    en="Run 'workbench ingest' to apply it: every file is processed again.",
)
add(
    "privacy_summary_hint",
    nl="{n} verschillende vervangen teksten ({total} vervangingen). Iets dat mag blijven: workbench corpus replacements --keep \"...\"; een naam die gemist werd: --replace \"...\".",
    en="{n} distinct replaced strings ({total} replacements). Something that may stay: workbench corpus replacements --keep \"...\"; a name that was missed: --replace \"...\".",
)
add("confirm_remove", nl="'{doc_id}' verwijderen, met alle versies, segmenten en coderingen?", en="Remove '{doc_id}' with all its versions, segments and codings?")
add(
    "removed",
    nl="{doc_id} verwijderd ({n} versie(s)); haal ook het bestand uit de corpusmap of zet de toestemming op 'nee'",
    en="removed {doc_id} ({n} version(s)); also move its file out of the corpus folder or set consent to 'nee'",
)
add("cancelled", nl="Niets gedaan.", en="Nothing done.")
add("yes_no", nl="[j/N]", en="[y/N]")

# codebook
add("codebook_valid", nl="{path}: geldig, {n} codes ({retired} vervallen)", en="{path}: valid, {n} codes ({retired} retired)")
add("codebook_version_new", nl="Codeboek opgeslagen als versie {version} (de inhoud was nieuw).", en="Codebook stored as version {version} (its content was new).")
add("codebook_tree_title", nl="{title}  ({id}, versie {version}, {n} codes)", en="{title}  ({id}, version {version}, {n} codes)")
add("codebook_versions_none", nl="Nog geen versies opgeslagen: 'workbench codebook show' slaat de eerste op.", en="No versions stored yet: 'workbench codebook show' stores the first.")
add("codebook_revised", nl="{what}: codeboekversie {version}, gebeurtenis {event}", en="{what}: codebook version {version}, event {event}")
add("wrote", nl="geschreven: {path}", en="wrote {path}")
add("csv_excel_note", nl="(puntkomma's en UTF-8 met BOM: opent zo in Nederlandse Excel)", en="(semicolons and UTF-8 with BOM: opens as is in Dutch Excel)")
add("warning", nl="waarschuwing", en="warning")
add(
    "imported",
    nl="geschreven: {path}: {n} codes; zet [codebook] path in workbench.toml om het te gebruiken",
    en="wrote {path}: {n} codes; set [codebook] path in workbench.toml to use it",
)
add("codebook_missing", nl="het codeboekbestand bestaat niet", en="the codebook file does not exist")
add(
    "codebook_missing_fix",
    nl="begin met het startcodeboek: kopieer het met 'workbench codebook starter' (of maak een nieuwe studie met 'workbench init'), of zet [codebook] path in workbench.toml",
    en="start from the starter codebook: copy it with 'workbench codebook starter' (or create a study with 'workbench init'), or set [codebook] path in workbench.toml",
)
add("starter_exists", nl="bestaat al", en="exists already")
add("starter_exists_fix", nl="kies een ander bestand met --out, of pas het bestaande aan", en="choose another file with --out, or edit the existing one")

# REFI-QDA projects (issue 11)
add("not_represented", nl="niet overgenomen", en="not represented")
add(
    "qdpx_written",
    nl="{path} geschreven: {documents} documenten, {codes} codes, {codings} coderingen (codeurs: {coders})",
    en="wrote {path}: {documents} documents, {codes} codes, {codings} codings (coders: {coders})",
)
add(
    "qdpx_imported",
    nl="{path} ingelezen: {added} nieuwe documenten, {versions} nieuwe versies, {unchanged} ongewijzigd; {codes} codes toegevoegd; {codings} coderingen ({present} waren er al; codeurs: {coders})",
    en="imported {path}: {added} new documents, {versions} new versions, {unchanged} unchanged; {codes} codes added; {codings} codings ({present} were there already; coders: {coders})",
)

# Suggestions, agreement, evaluation (issue 7)
add("suggest_title", nl="Suggesties (opgeslagen als suggestie, niet als codering)", en="Suggestions (stored as suggestions, not as codings)")
add("suggester", nl="suggestiemaker", en="suggester")
add("suggestions", nl="suggesties", en="suggestions")
add("skipped", nl="overgeslagen", en="skipped")
add("learned_quality", nl="Geleerde suggesties: kwaliteit per code (kruisvalidatie)", en="Learned suggestions: quality per code (cross-validated)")
add("code", nl="code", en="code")
add("coded", nl="gecodeerd", en="coded")
add("status", nl="status", en="status")
add("precision", nl="precisie", en="precision")
add("recall", nl="recall", en="recall")
add("learned", nl="geleerd", en="learned")
add("too_few", nl="te weinig voorbeelden", en="too few examples")
add("code_next", nl="Codeer deze als volgende (daar leert de suggestiemaker het meest van):", en="Code these next (the suggester learns most from them):")
add(
    "agreement_title",
    nl="Overeenstemming {coders} per {unit} ({n} eenheden in {docs} documenten)",
    en="Agreement {coders} per {unit} ({n} units in {docs} documents)",
)
add("sentence", nl="zin", en="sentence")
add("turn", nl="beurt", en="turn")
add("paragraph", nl="alinea", en="paragraph")
add("percent", nl="% eens", en="% agree")
add("overall", nl="alles samen", en="overall")
add("mean_code_kappa", nl="gemiddelde kappa per code", en="mean per-code kappa")
add("agreement_suggester_title", nl="De suggestiemaker als codeur ({suggester}): kappa met elke codeur (zinnen), naast die van de mensen",
    en="The suggester as a coder ({suggester}): kappa with each coder (sentences), next to the people's")
add("agreement_suggester_vs", nl="met {coder}", en="with {coder}")
add("agreement_people_kappa", nl="mensen onderling", en="people")
add("agreement_suggester_none", nl="De geleerde suggestiemaker is niet gemeten: nog geen code heeft genoeg coderingen om van te leren.",
    en="The learned suggester was not measured: no code has enough codings to learn from yet.")
add("disagreements_title", nl="Verschillen om te bespreken ({n})", en="Disagreements to discuss ({n})")
add("gold", nl="gouden standaard", en="gold")
add("suggested", nl="gesuggereerd", en="suggested")
add(
    "evaluate_split",
    nl="Getraind op {train} documenten, getoetst op {test} documenten ({units} eenheden: {unit})",
    en="Trained on {train} documents, scored on {test} documents ({units} units: {unit})",
)
add("why_keyword", nl="trefwoord {words}", en="keyword {words}")
add("why_pattern", nl="patroon '{text}'", en="pattern '{text}'")
add(
    "why_similar_example",
    nl="lijkt op voorbeeld '{example}' ({score:.2f}; sterker dan {pct}% van de zinnen)",
    en="like example '{example}' ({score:.2f}; stronger than {pct}% of the sentences)",
)
add(
    "why_similar_definition",
    nl="lijkt op de definitie ({score:.2f}; sterker dan {pct}% van de zinnen)",
    en="like the definition ({score:.2f}; stronger than {pct}% of the sentences)",
)
add("why_learned", nl="geleerd uit {n} coderingen (kappa {kappa})", en="learned from {n} codings (kappa {kappa})")
add("demo_coded", nl="demo-codeurs (verzonnen, gescript): {counts}", en="demo coders (fictional, scripted): {counts}")
add("demo_links_coded", nl="verbanden van lian (verzonnen, uit een tabel met de hand): {n}", en="links by lian (fictional, from a hand-made table): {n}")
