"""Codebook YAML: read with line numbers, validate every rule at once, write, rewrite.

Reading uses ruamel.yaml's round-trip loader, so each mapping and list item knows its
line: a problem is reported as ``file:line: what. Fix: how``. All problems of a file are
collected before anything is raised (:class:`CodebookValidationError` lists them), so a
researcher fixes the file in one pass, not one error per run.

Revisions (rename, merge, split, retire) edit the round-trip document in place and dump
it again, so comments, key order and scalar styles survive (:func:`load_document`,
:func:`dump_document`).

Example:
    >>> cb = read_codebook("codebooks/impact-zorgzame-gemeenschappen.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from workbench.codebook.model import ACTIVE, STATUSES, Codebook, Code, CodeGroup, build_codebook, clean_text, register_yaml_format
from workbench.errors import CodebookError, CodebookValidationError
from workbench.i18n import add, t

# YAML mistakes in plain words: the people who edit this file co-design the codebook, and
# the parser's own words ('expected <block end>') tell them nothing
add("yaml_indent", nl="de inspringing van deze regel past niet bij de regels erboven", en="this line is indented differently from the lines above it")
add(
    "yaml_indent_fix",
    nl="laat de regel met evenveel spaties beginnen als de andere velden van dezelfde code (zoals 'label:' en 'definition:'); een nieuwe code begint met '- ' (streepje, spatie)",
    en="start the line with as many spaces as the other fields of the same code (such as 'label:' and 'definition:'); a new code starts with '- ' (dash, space)",
)
add("yaml_dash", nl="na het streepje ontbreekt een spatie", en="the dash has no space after it")
add("yaml_dash_fix", nl="schrijf '- {rest}' (streepje, spatie)", en="write '- {rest}' (dash, space)")
add("yaml_colon", nl="de tekst bij '{key}' bevat een dubbele punt met een spatie erna (': '), en dat leest YAML als een nieuw veld", en="the text of '{key}' holds a colon followed by a space (': '), which YAML reads as a new field")
add("yaml_colon_fix", nl="zet de hele tekst tussen dubbele aanhalingstekens: {key}: \"...\"", en="put the whole text in double quotes: {key}: \"...\"")
add("yaml_tab", nl="deze regel springt in met een tab", en="this line is indented with a tab")
add("yaml_tab_fix", nl="spring alleen in met spaties (in uw editor: tabs omzetten naar spaties)", en="indent with spaces only (in your editor: convert tabs to spaces)")
add("yaml_quote", nl="het aanhalingsteken dat op regel {start} opent, wordt nergens gesloten", en="the quote opened on line {start} is never closed")
add("yaml_quote_fix", nl="sluit de tekst af met hetzelfde aanhalingsteken, op regel {start} of de regels erna", en="close the text with the same quote mark, on line {start} or the lines after it")
add(
    "yaml_runaway_quote",
    nl="het aanhalingsteken dat op regel {start} opent, wordt pas op regel {end} gesloten: de tekst loopt door over '{key}:' op regel {line}, en zo wordt '{key}' (en wat erna komt) gelezen als deel van de tekst",
    en="the quote opened on line {start} is only closed on line {end}: the text runs on over '{key}:' on line {line}, so '{key}' (and what follows) is read as part of the text",
)
add("yaml_runaway_quote_fix", nl="sluit de tekst af met hetzelfde aanhalingsteken ({mark}) aan het eind van regel {start}", en="close the text with the same quote mark ({mark}) at the end of line {start}")
add("yaml_flow", nl="de '{bracket}' die op regel {start} opent, is niet goed gesloten", en="the '{bracket}' opened on line {start} is not closed properly")
add(
    "yaml_flow_fix",
    nl="sluit hem met '{close}' op dezelfde regel, en zet tekst met ':' of ',' erin tussen aanhalingstekens",
    en="close it with '{close}' on the same line, and put text with ':' or ',' inside it in quotes",
)
add("yaml_duplicate", nl="het veld '{key}' staat twee keer in dezelfde code of hetzelfde blok", en="the field '{key}' appears twice in the same code or block")
add("yaml_duplicate_fix", nl="verwijder of hernoem het tweede", en="remove or rename the second one")
add("yaml_other", nl="het bestand is hier geen geldige YAML (de lezer zegt: {problem})", en="the file is not valid YAML here (the parser says: {problem})")
add("yaml_other_fix", nl="kijk naar inspringing en aanhalingstekens op deze regel en de regel erboven; tekst met ':' of '#' hoort tussen aanhalingstekens", en="check the indentation and quotes on this line and the one above; text with ':' or '#' needs quotes")
add(
    "yaml_hash",
    nl="'{key}' is leeg: in YAML begint '#' een opmerking, dus '{value}' werd overgeslagen",
    en="'{key}' is empty: in YAML '#' starts a comment, so '{value}' was skipped",
)
add("yaml_hash_fix", nl="zet de waarde tussen aanhalingstekens: {key}: \"{value}\"", en="put the value in quotes: {key}: \"{value}\"")
add(
    "yaml_item_mapping",
    nl="{item} van '{key}' van {what} bevat ': ' en wordt daardoor gelezen als 'veld: waarde' in plaats van als tekst",
    en="{item} of '{key}' of {what} holds ': ' and so reads as 'field: value' instead of text",
)
add("yaml_item_mapping_fix", nl="zet de hele tekst tussen dubbele aanhalingstekens: - \"...\"", en="put the whole text in double quotes: - \"...\"")
add("yaml_item", nl="item {n}", en="item {n}")

# The rules of a codebook, in words for the co-designers who edit the file
add("codebook_what_code", nl="code '{code}'", en="code '{code}'")
add("codebook_what_a_code", nl="een code", en="a code")
add("codebook_what_codebook", nl="het codeboek", en="the codebook")
add("codebook_what_group_n", nl="groep {n}", en="group {n}")
add("codebook_what_group", nl="groep '{name}'", en="group '{name}'")
add("codebook_unreadable", nl="het codeboekbestand kan niet worden gelezen ({reason})", en="cannot read the codebook file ({reason})")
add("codebook_unreadable_fix", nl="controleer of u het bestand mag openen (de rechten van het bestand)", en="check the file's permissions")
add("codebook_not_utf8", nl="het bestand is geen UTF-8-tekst (vanaf deze regel staan tekens die zo niet te lezen zijn)", en="the file is not UTF-8 text")
add("codebook_not_utf8_fix", nl="sla het op als UTF-8 (in uw editor: Opslaan als > codering UTF-8)", en="save it as UTF-8 (in your editor: Save with encoding > UTF-8)")
add(
    "codebook_not_a_codebook",
    nl="dit bestand is geen codeboek: het hoort te beginnen met de velden 'id:', 'title:', 'language:' en 'codes:'",
    en="the file is not a codebook (expected a mapping with id, title, language, codes)",
)
add(
    "codebook_not_a_codebook_fix",
    nl="begin met codebooks/impact-zorgzame-gemeenschappen.yaml als voorbeeld, of lees codebooks/README.md",
    en="start from codebooks/impact-zorgzame-gemeenschappen.yaml or see codebooks/README.md",
)
add("codebook_no_id", nl="het codeboek heeft geen 'id'", en="the codebook has no 'id'")
add(
    "codebook_no_id_fix",
    nl="voeg een regel 'id: mijn-codeboek' toe (alleen kleine letters, cijfers en streepjes)",
    en="add a line 'id: my-codebook' (a slug: lowercase letters, digits, hyphens)",
)
add("codebook_id_not_slug", nl="de id van het codeboek, {value}, is geen geldige id", en="codebook id {value} is not a slug")
add("codebook_code_id_not_slug", nl="de code-id '{code}' is niet geldig", en="code id '{code}' is not a slug")
add(
    "codebook_slug_fix",
    nl="gebruik alleen kleine letters, cijfers en losse streepjes (geen spaties of hoofdletters), bijvoorbeeld '{example}'",
    en="use lowercase letters, digits and single hyphens, e.g. '{example}'",
)
add("codebook_language_code", nl="taal {value} is geen taalcode van twee letters", en="language {value} is not a two-letter language code")
add("codebook_language_code_fix", nl="schrijf 'language: nl'", en="write 'language: nl'")
add("codebook_no_codes", nl="het codeboek heeft geen 'codes'", en="the codebook has no 'codes'")
add("codebook_no_codes_fix", nl="voeg 'codes:' toe, met de codes eronder (zie codebooks/README.md)", en="add 'codes:' with a list of codes (see codebooks/README.md)")
add("codebook_codes_not_list", nl="'codes' moet een lijst van codes zijn", en="'codes' must be a list of codes")
add("codebook_codes_not_list_fix", nl="begin elke code op een nieuwe regel met '- id: ...'", en="write each code as an item starting with '- id: ...'")
add("codebook_unknown_key", nl="onbekend veld '{key}' in {what}", en="unknown key '{key}' in {what}")
add("codebook_allowed_keys", nl="toegestane velden zijn: {keys}", en="allowed keys are: {keys}")
add("codebook_missing_field", nl="{what} heeft geen '{key}'", en="{what} has no '{key}'")
add("codebook_missing_label_fix", nl="voeg '{key}: {{nl: ...}}' toe (Nederlands is verplicht, Engels mag erbij)", en="add '{key}: {{nl: ...}}' (Dutch required, English optional)")
add("codebook_missing_text_fix", nl="voeg '{key}: ...' toe (een of twee zinnen)", en="add '{key}: ...' (one or two sentences)")
add("codebook_labels_not_mapping", nl="'{key}' van {what} moet per taal een tekst geven", en="'{key}' of {what} must map languages to text")
add("codebook_labels_not_mapping_fix", nl="schrijf '{key}: {{nl: ..., en: ...}}'", en="write '{key}: {{nl: ..., en: ...}}'")
add("codebook_label_bad_language", nl="'{key}' van {what} heeft taal {lang}, en dat is geen taalcode van twee letters", en="'{key}' of {what} has language {lang}, not a two-letter code")
add("codebook_label_bad_language_fix", nl="gebruik 'nl' en 'en'", en="use 'nl' and 'en'")
add("codebook_label_empty", nl="'{key}.{lang}' van {what} is leeg", en="'{key}.{lang}' of {what} is empty")
add("codebook_label_empty_fix", nl="schrijf de tekst achter '{lang}:' in '{key}'", en="write the {lang} {key} as text")
add("codebook_no_dutch", nl="{what} heeft geen Nederlandse tekst bij '{key}' ('{key}.nl')", en="{what} has no Dutch {key} ('{key}.nl')")
add("codebook_no_dutch_fix", nl="voeg 'nl: ...' toe aan '{key}'", en="add 'nl: ...' to the {key}")
add("codebook_not_text", nl="'{key}' van {what} moet een tekst zijn", en="'{key}' of {what} must be text")
add("codebook_not_text_quote_fix", nl="zet de tekst tussen aanhalingstekens: {key}: \"...\"", en="quote it, e.g. {key}: \"...\"")
add(
    "codebook_not_text_fix",
    nl="schrijf het als één tekst (voor meerdere regels: zet '>-' achter de dubbele punt en laat de regels eronder inspringen)",
    en="write it as one text (use '>-' for several lines)",
)
add("codebook_not_list", nl="'{key}' van {what} moet een lijst zijn", en="'{key}' of {what} must be a list")
add("codebook_not_list_fix", nl="schrijf '{key}: [\"...\"]', of zet elk item op een eigen regel die begint met '- '", en="write '{key}: [\"...\"]' or one '- ...' line per item")
add("codebook_not_list_of_texts", nl="'{key}' van {what} moet een lijst van teksten zijn", en="'{key}' of {what} must be a list of texts")
add("codebook_not_list_of_texts_fix", nl="schrijf '{key}: [\"...\"]'", en="write '{key}: [\"...\"]'")
add("codebook_item_not_text", nl="item {n} van '{key}' van {what} is geen tekst", en="item {n} of '{key}' of {what} is not text")
add("codebook_item_not_text_fix", nl="zet het tussen aanhalingstekens", en="quote it")
add("codebook_code_not_mapping", nl="een code moet bestaan uit velden als 'id:', 'label:' en 'definition:'", en="a code must be a mapping with id, label, definition")
add(
    "codebook_code_not_mapping_fix",
    nl="schrijf '- id: ...' met daaronder, even ver ingesprongen als 'id', 'label:' en 'definition:'",
    en="write '- id: ...' followed by indented 'label:' and 'definition:'",
)
add("codebook_cycle", nl="code '{code}' staat in zijn eigen tak, onder zichzelf ({chain})", en="code '{code}' is nested inside itself (a cycle: {chain})")
add("codebook_cycle_fix", nl="geef de binnenste code een eigen id, of haal hem onder de andere vandaan", en="give the inner code its own id, or move it out of its ancestor")
add("codebook_code_no_id", nl="een code heeft geen 'id'", en="a code has no 'id'")
add("codebook_code_no_id_fix", nl="voeg 'id: een-naam' toe (alleen kleine letters, cijfers en streepjes)", en="add 'id: some-slug' (lowercase letters, digits, hyphens)")
add("codebook_code_id_not_text", nl="de id {value} van een code moet tekst zijn", en="code id {value} must be text")
add("codebook_code_id_not_text_fix", nl="gebruik een id van kleine letters, cijfers en streepjes, zoals 'eenzaamheid'", en="use a slug such as 'eenzaamheid'")
add("codebook_children_not_list", nl="'children' van {what} moet een lijst van codes zijn", en="'children' of {what} must be a list of codes")
add("codebook_children_not_list_fix", nl="schrijf elke subcode als '- id: ...' onder 'children:'", en="write each child as '- id: ...' under 'children:'")
add("codebook_groups_not_list", nl="'groups' moet een lijst zijn", en="'groups' must be a list")
add("codebook_groups_not_list_fix", nl="schrijf elke groep als '- name: ...' met 'codes: [...]'", en="write each group as '- name: ...' with 'codes: [...]'")
add("codebook_group_not_mapping", nl="een groep moet bestaan uit de velden 'name:' en 'codes:'", en="a group must be a mapping with name and codes")
add("codebook_group_not_mapping_fix", nl="schrijf '- name: ...' en 'codes: [id, ...]'", en="write '- name: ...' and 'codes: [id, ...]'")
add("codebook_group_no_name", nl="groep {n} heeft geen naam", en="group {n} has no name")
add("codebook_group_no_name_fix", nl="voeg 'name: ...' toe", en="add 'name: ...'")
add("codebook_group_codes_not_list", nl="'codes' van groep '{name}' moet een lijst van code-id's zijn", en="'codes' of group '{name}' must be a list of code ids")
add("codebook_group_codes_not_list_fix", nl="schrijf 'codes: [id, ...]'", en="write 'codes: [id, ...]'")
add("codebook_code_twice", nl="code '{code}' staat er twee keer in (regels {a} en {b})", en="code '{code}' appears twice (lines {a} and {b})")
add("codebook_code_twice_fix", nl="geef een van de twee een andere id (elke code heeft een eigen id nodig)", en="code ids must be unique: rename one")
add("codebook_empty_dutch_label", nl="{what} heeft een leeg Nederlands label", en="{what} has an empty Dutch label")
add("codebook_empty_dutch_label_fix", nl="vul label.nl in", en="write the label.nl")
add("codebook_label_lines", nl="label.{lang} van {what} loopt over meerdere regels", en="label.{lang} of {what} spans several lines")
add("codebook_label_lines_fix", nl="schrijf het label op één regel; uitleg hoort in de definitie", en="write a label on one line; put explanations in the definition")
add("codebook_empty_definition", nl="{what} heeft een lege definitie", en="{what} has an empty definition")
add(
    "codebook_empty_definition_fix",
    nl="schrijf een of twee zinnen over wat de code betekent, zodat twee codeurs hem op dezelfde manier toepassen",
    en="write one or two sentences: what the code means, so two coders apply it alike",
)
add(
    "codebook_keyword",
    nl="trefwoord {value} van {what} moet één woord (of woordgroep) op één regel zijn, in kleine letters en in de basisvorm (zoals 'eenzaam', niet 'Eenzame')",
    en="keyword {value} of {what} must be one lowercase lemma (or phrase) on one line",
)
add("codebook_keyword_fix", nl="schrijf '{keyword}'", en="write '{keyword}'")
add("codebook_keyword_empty_fix", nl="verwijder het lege trefwoord", en="remove the empty keyword")
add("codebook_pattern_blank", nl="patroon {n} van {what} is leeg of loopt over meerdere regels", en="pattern {n} of {what} is blank or spans lines")
add("codebook_pattern_blank_fix", nl="schrijf één zoekpatroon (reguliere expressie) per item, op één regel", en="write one regular expression per item, on one line")
add(
    "codebook_pattern_invalid",
    nl="patroon {value} van {what} is geen geldig zoekpatroon (reguliere expressie); Python zegt: {problem}, bij teken {pos}",
    en="pattern {value} of {what} is not a valid regular expression ({problem} at position {pos})",
)
add(
    "codebook_pattern_invalid_fix",
    nl="verbeter het patroon (probeer het uit op regex101.com, met de keuze 'Python'), of zet het tussen enkele aanhalingstekens",
    en="fix the expression (test it on regex101.com, flavour Python), or quote it in single quotes",
)
add("codebook_example_empty", nl="voorbeeld {n} van {what} is leeg", en="example {n} of {what} is empty")
add("codebook_example_empty_fix", nl="verwijder het, of schrijf het citaat", en="remove it or write the quote")
add("codebook_color", nl="kleur {value} van {what} is geen kleurcode als #RRGGBB", en="colour {value} of {what} is not #RRGGBB")
add(
    "codebook_color_fix",
    nl="schrijf een # met zes tekens (cijfers 0-9 en letters a-f), tussen aanhalingstekens, bijvoorbeeld \"#1f77b4\"",
    en="write six hex digits, e.g. \"#1f77b4\" (in quotes)",
)
add("codebook_status", nl="status {value} van {what} is niet een van {valid}", en="status {value} of {what} is not one of {valid}")
add("codebook_status_fix", nl="schrijf 'status: active' (in gebruik) of 'status: retired' (vervallen)", en="write 'status: active' or 'status: retired'")
add("codebook_parent_retired", nl="code '{code}' is in gebruik, maar de code erboven, '{parent}', is vervallen", en="code '{code}' is active but its parent '{parent}' is retired")
add(
    "codebook_parent_retired_fix",
    nl="zet bij '{code}' ook 'status: retired', of verplaats hem onder een code die in gebruik is",
    en="retire '{code}' too, or move it under an active code",
)
add("codebook_group_twice", nl="groep '{name}' staat er twee keer in", en="group '{name}' appears twice")
add("codebook_group_twice_fix", nl="geef elke groep een eigen naam", en="give each group its own name")
add("codebook_group_unknown_code", nl="groep '{name}' noemt code '{code}', maar die staat niet in het codeboek", en="group '{name}' names code '{code}', which is not in the codebook")
add("codebook_group_unknown_code_fix", nl="haal hem uit de groep, of verbeter de id", en="remove it from the group or fix the id")
add("codebook_no_dutch_title", nl="het codeboek heeft geen Nederlandse titel", en="the codebook has no Dutch title")
add("codebook_no_dutch_title_fix", nl="vul title.nl in", en="set title.nl")

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
LANG = re.compile(r"^[a-z]{2}$")

TOP_KEYS = ("id", "title", "language", "description", "codes", "groups")
CODE_KEYS = ("id", "label", "definition", "include", "exclude", "examples", "keywords", "patterns", "color", "status", "children")
GROUP_KEYS = ("name", "description", "codes")

_FLOW_SAFE = re.compile(r"^[^\W_][\w .()/&+'-]*(?<! )$")

LineOf = Callable[[int, str, "int | None"], "int | None"]


# -- ruamel plumbing ------------------------------------------------------------------
def _yaml(indent: tuple[int, int, int] = (2, 4, 2)) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a researcher's lines
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def _detect_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the file uses them, so a rewrite keeps its look."""
    lines = text.splitlines()
    mapping, sequence, offset = 2, 4, 2
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)codes:\s*(#.*)?$", line)
        if not m:
            continue
        base = len(m.group(1))
        for nxt in lines[i + 1 :]:
            if not nxt.strip() or nxt.lstrip().startswith("#"):
                continue
            d = re.match(r"^(\s*)-(\s+)\S", nxt)
            if d:
                offset = len(d.group(1)) - base
                sequence = offset + len(d.group(2)) + 1
                mapping = sequence if sequence in (2, 4) else 2
            break
        break
    mapping = 2
    key = re.compile(r"^(\s*)((?:-\s+)?)[\w-]+:\s*([>|][-+]?)?\s*(#.*)?$")
    for i, line in enumerate(lines):
        m = key.match(line)
        if not m:
            continue
        column = len(m.group(1)) + len(m.group(2))
        following = next((n for n in lines[i + 1 :] if n.strip() and not n.lstrip().startswith("#")), None)
        if following is None or following.lstrip().startswith("-"):
            continue
        depth = len(following) - len(following.lstrip())
        if depth > column:
            mapping = depth - column
            break
    return mapping, max(sequence, offset + 2), offset


def load_document(path: str | Path, text: str | None = None) -> tuple[Any, str]:
    """The round-trip document of a YAML file (comments kept) and its text."""
    path = Path(path)
    if text is None:
        text = _read_text(path)
    return _parse(text, str(path)), text


def dump_document(data: Any, like: str = "") -> str:
    """YAML text of a round-trip document, indented like the text ``like``."""
    stream = io.StringIO()
    _yaml(_detect_indent(like) if like else (2, 4, 2)).dump(data, stream)
    return stream.getvalue()


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CodebookError(str(path), t("codebook_missing"), t("codebook_missing_fix")) from None
    except OSError as exc:
        raise CodebookError(str(path), t("codebook_unreadable", reason=exc.strerror), t("codebook_unreadable_fix")) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CodebookError(f"{path}:{line}", t("codebook_not_utf8"), t("codebook_not_utf8_fix")) from None


def _explain(exc: Any, text: str) -> tuple[int, str, str]:
    """(line, what, fix) for a YAML parser error, in the words of someone editing the file."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    start = exc.context_mark.line + 1 if exc.context_mark is not None else line
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()

    def source(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    if "duplicate key" in problem or "duplicate key" in str(exc):
        key = re.search(r'duplicate key "?([^"\s]+)"?', str(exc))
        return line, t("yaml_duplicate", key=key[1] if key else "?"), t("yaml_duplicate_fix")
    if "'\\t'" in problem or "\t" in problem or source(line)[:1] == "\t":
        return line, t("yaml_tab"), t("yaml_tab_fix")
    if "quoted scalar" in context:
        return start, t("yaml_quote", start=start), t("yaml_quote_fix", start=start)
    if "flow mapping" in context or "flow sequence" in context:
        bracket, close = ("{", "}") if "mapping" in context else ("[", "]")
        return start, t("yaml_flow", bracket=bracket, start=start), t("yaml_flow_fix", close=close)
    if "mapping values are not allowed" in problem:
        key = re.match(r"^\s*(?:-\s+)?([\w.-]+)\s*:", source(line))
        name = key[1] if key else "..."
        return line, t("yaml_colon", key=name), t("yaml_colon_fix", key=name)
    for n in (line, line - 1):  # '-id: b': the dash has no space, YAML sees no new item
        dash = re.match(r"^\s*-(\S.*)$", source(n))
        if dash and not source(n).strip().startswith("---"):
            return n, t("yaml_dash"), t("yaml_dash_fix", rest=dash[1].strip())
    if "expected <block end>" in problem or "block mapping" in context or "block collection" in context:
        return line, t("yaml_indent"), t("yaml_indent_fix")
    return line, t("yaml_other", problem=problem or context or "?"), t("yaml_other_fix")


#: a line that starts a field of a code, a group or the codebook ("keywords:", "- id:")
_FIELD_LINE = re.compile(r"^\s*(?:-\s+)?([a-z]+):(?:\s|$)")


def runaway_quotes(text: str, where: str) -> list[CodebookError]:
    """Quoted texts that run on over a field: an example whose closing quote is missing
    swallows the code's keywords, patterns and colour as text, and the file still parses.

    A quoted scalar that spans lines is an error when one of its later lines starts like a
    field the codebook knows (``keywords:``, ``color:``, ``- id:``), named at the line
    where the quote opens.

    >>> [e.where for e in runaway_quotes('examples:\\n  - "Ik voel me\\nkeywords: [a]\\ncolor: "#1f77b4"\\n', "cb.yaml")]
    ['cb.yaml:2']
    """
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import ScalarToken

    fields = set(TOP_KEYS) | set(CODE_KEYS) | set(GROUP_KEYS) | {"nl", "en"}
    lines = text.splitlines()
    problems: list[CodebookError] = []
    try:
        tokens = list(_yaml().scan(text))
    except YAMLError:  # the parser reports what it cannot read, with its own words
        return []
    for token in tokens:
        if not isinstance(token, ScalarToken) or token.style not in ('"', "'"):
            continue
        first, last = token.start_mark.line, token.end_mark.line
        for n in range(first + 1, min(last, len(lines) - 1) + 1):
            m = _FIELD_LINE.match(lines[n])
            if m and m[1] in fields:
                start, end, line = first + 1, last + 1, n + 1
                what = t("yaml_runaway_quote", start=start, end=end, key=m[1], line=line)
                problems.append(CodebookError(f"{where}:{start}", what, t("yaml_runaway_quote_fix", mark=token.style, start=start)))
                break
    return problems


def _parse(text: str, where: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        line, what, fix = _explain(exc, text)
        raise CodebookValidationError(where, [CodebookError(f"{where}:{line}", what, fix)]) from None
    except YAMLError as exc:
        raise CodebookValidationError(where, [CodebookError(f"{where}:1", t("yaml_other", problem=str(exc)), t("yaml_other_fix"))]) from None


# -- reading ----------------------------------------------------------------------------
def read_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook file; raises :class:`CodebookValidationError` listing every problem."""
    path = Path(path)
    return parse_codebook(_read_text(path), path)


def parse_codebook(text: str, path: str | Path = "<codebook>") -> Codebook:
    """Validate and build a codebook from YAML text; ``path`` names it in messages."""
    where = str(path)
    data = _parse(text, where)
    return _Reader(where, text).read(data, Path(path) if not where.startswith("<") else None, runaway_quotes(text, where))


def _line(node: Any, key: Any = None) -> int | None:
    """1-based line of a mapping key (or the node itself)."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is None:
            return lc.line + 1
        if isinstance(key, int):
            return lc.item(key)[0] + 1
        return lc.key(key)[0] + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return lc.line + 1


def _value_line(node: Any, key: Any) -> int | None:
    lc = getattr(node, "lc", None)
    try:
        return lc.value(key)[0] + 1  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - fall back to the key's line
        return _line(node, key)


class _Reader:
    """Walks the round-trip document, checks types and keys, remembers lines."""

    def __init__(self, where: str, text: str = "") -> None:
        self.where = where
        self.source = text.splitlines()
        self.problems: list[CodebookError] = []
        self.lines: dict[tuple[int, str, int | None], int | None] = {}
        self.nodes: list[dict[str, Any]] = []

    def err(self, line: int | None, what: str, fix: str) -> None:
        self.problems.append(CodebookError(f"{self.where}:{line or 1}", what, fix))

    def read(self, data: Any, path: Path | None, problems: Sequence[CodebookError] = ()) -> Codebook:
        from ruamel.yaml.comments import CommentedMap

        self.problems.extend(problems)
        if not isinstance(data, CommentedMap):
            self.err(1, t("codebook_not_a_codebook"), t("codebook_not_a_codebook_fix"))
            raise CodebookValidationError(self.where, self.problems)
        self._unknown_keys(data, TOP_KEYS, t("codebook_what_codebook"))
        top: dict[str, Any] = {}
        cid = data.get("id")
        if "id" not in data:
            self.err(_line(data), t("codebook_no_id"), t("codebook_no_id_fix"))
        elif not isinstance(cid, str) or not SLUG.match(cid):
            self.err(_line(data, "id"), t("codebook_id_not_slug", value=repr(cid)), t("codebook_slug_fix", example="impact-zorgzame-gemeenschappen"))
        top["id"] = str(cid) if cid is not None else ""
        top["title"] = self._labels(data, "title", t("codebook_what_codebook"), required=True)
        lang = data.get("language", "nl")
        if not isinstance(lang, str) or not LANG.match(lang):
            self.err(_line(data, "language"), t("codebook_language_code", value=repr(lang)), t("codebook_language_code_fix"))
        top["language"] = str(lang)
        top["description"] = self._text(data, "description", t("codebook_what_codebook"))
        codes = data.get("codes")
        top["codes"] = []
        if "codes" not in data:
            self.err(_line(data), t("codebook_no_codes"), t("codebook_no_codes_fix"))
        elif codes is None:
            pass
        elif not isinstance(codes, list):
            self.err(_line(data, "codes"), t("codebook_codes_not_list"), t("codebook_codes_not_list_fix"))
        else:
            top["codes"] = self._codes(codes, ancestors=[])
        top["groups"] = self._groups(data.get("groups"), data)
        cb = build_codebook(top, path=path)
        self.problems.extend(check_codes(cb.codes, cb.groups, self.where, self._line_of))
        if self.problems:
            self.problems.sort(key=lambda p: _sort_key(p.where))
            raise CodebookValidationError(self.where, self.problems)
        return cb

    def _line_of(self, index: int, field: str, item: int | None) -> int | None:
        return self.lines.get((index, field, item)) or self.lines.get((index, field, None)) or self.lines.get((index, "", None))

    def _hash_comments(self, node: Any) -> None:
        """'color: #1f77b4' unquoted: YAML reads an empty value and a comment. Say so."""
        for key in node:
            if node.get(key) is not None:
                continue
            line = _line(node, key)
            src = self.source[line - 1] if line and 0 < line <= len(self.source) else ""
            m = re.match(r"^\s*(?:-\s+)?" + re.escape(str(key)) + r"\s*:\s+(#\S*)", src)
            if m:
                self.err(line, t("yaml_hash", key=key, value=m[1]), t("yaml_hash_fix", key=key, value=m[1]))

    def _unknown_keys(self, node: Any, allowed: Sequence[str], what: str) -> None:
        import difflib

        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                fix = t("did_you_mean", names=f"'{close[0]}'") if close else t("codebook_allowed_keys", keys=", ".join(allowed))
                self.err(_line(node, key), t("codebook_unknown_key", key=key, what=what), fix)

    def _labels(self, node: Any, key: str, what: str, *, required: bool) -> dict[str, str]:
        value = node.get(key)
        line = _line(node, key) if key in node else _line(node)
        if value is None:
            if required:
                self.err(line, t("codebook_missing_field", what=what, key=key), t("codebook_missing_label_fix", key=key))
            return {}
        if isinstance(value, str):
            value = {"nl": value}  # a plain string is the Dutch one
        if not hasattr(value, "items"):
            self.err(line, t("codebook_labels_not_mapping", key=key, what=what), t("codebook_labels_not_mapping_fix", key=key))
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if not isinstance(lang, str) or not LANG.match(lang):
                self.err(_line(value, lang) or line, t("codebook_label_bad_language", key=key, what=what, lang=repr(lang)), t("codebook_label_bad_language_fix"))
                continue
            if isinstance(text, bool) or not isinstance(text, (str, int, float)) or not str(text).strip():
                self.err(_value_line(value, lang) or line, t("codebook_label_empty", key=key, lang=lang, what=what), t("codebook_label_empty_fix", key=key, lang=lang))
                continue
            out[lang] = str(text)
        if "nl" not in out and not any(str(k) == "nl" for k in value):
            self.err(line, t("codebook_no_dutch", what=what, key=key), t("codebook_no_dutch_fix", key=key))
        return out

    def _text(self, node: Any, key: str, what: str, *, required: bool = False) -> str:
        if key not in node or node.get(key) is None:
            if required:
                self.err(_line(node), t("codebook_missing_field", what=what, key=key), t("codebook_missing_text_fix", key=key))
            return ""
        value = node[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            fix = t("codebook_not_text_quote_fix", key=key) if isinstance(value, bool) else t("codebook_not_text_fix")
            self.err(_value_line(node, key), t("codebook_not_text", key=key, what=what), fix)
            return ""
        return str(value)

    def _list(self, node: Any, key: str, what: str, index: int) -> list[str]:
        if key not in node or node.get(key) is None:
            return []
        value = node[key]
        if isinstance(value, str):
            self.err(_value_line(node, key), t("codebook_not_list", key=key, what=what), t("codebook_not_list_fix", key=key))
            return []
        if not isinstance(value, list):
            self.err(_value_line(node, key), t("codebook_not_list_of_texts", key=key, what=what), t("codebook_not_list_of_texts_fix", key=key))
            return []
        out = []
        for i, item in enumerate(value):
            self.lines[(index, key, i)] = _line(value, i)
            if hasattr(item, "items") and len(item) == 1:  # - Ik dacht: dat kan ik ook
                (k, v), = item.items()
                self.err(_line(value, i), t("yaml_item_mapping", item=t("yaml_item", n=i + 1), key=key, what=what), t("yaml_item_mapping_fix"))
                out.append(f"{k}: {v}")  # one message, not a second one about an empty item
                continue
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.err(_line(value, i), t("codebook_item_not_text", n=i + 1, key=key, what=what), t("codebook_item_not_text_fix"))
                out.append("")
                continue
            out.append(str(item))
        return out

    def _codes(self, seq: list[Any], ancestors: list[str]) -> list[dict[str, Any]]:
        from ruamel.yaml.comments import CommentedMap

        out = []
        for i, node in enumerate(seq):
            if not isinstance(node, CommentedMap):
                self.err(_line(seq, i), t("codebook_code_not_mapping"), t("codebook_code_not_mapping_fix"))
                continue
            raw_id = node.get("id")
            cid = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
            what = _what_code(cid)
            if cid and cid in ancestors:
                chain = " > ".join([*ancestors[ancestors.index(cid) :], cid])
                self.err(_line(node, "id"), t("codebook_cycle", code=cid, chain=chain), t("codebook_cycle_fix"))
                continue
            index = len(self.nodes)
            plain: dict[str, Any] = {"_line": _line(node)}
            self.nodes.append(plain)
            self.lines[(index, "", None)] = _line(node)
            for key in node:
                self.lines[(index, str(key), None)] = _value_line(node, key) if key != "children" else _line(node, key)
            self._unknown_keys(node, CODE_KEYS, what)
            if "id" not in node:
                self.err(_line(node), t("codebook_code_no_id"), t("codebook_code_no_id_fix"))
            elif not isinstance(raw_id, str):
                self.err(_line(node, "id"), t("codebook_code_id_not_text", value=repr(raw_id)), t("codebook_code_id_not_text_fix"))
            plain["id"] = cid
            plain["label"] = self._labels(node, "label", what, required=True)
            plain["definition"] = self._text(node, "definition", what, required=True)
            plain["include"] = self._text(node, "include", what)
            plain["exclude"] = self._text(node, "exclude", what)
            for key in ("examples", "keywords", "patterns"):
                plain[key] = self._list(node, key, what, index)
            color = node.get("color")
            plain["color"] = str(color) if color is not None else None
            self._hash_comments(node)
            status = node.get("status", ACTIVE)
            plain["status"] = status if isinstance(status, str) else str(status)
            children = node.get("children")
            plain["children"] = []
            if children is not None and not isinstance(children, list):
                self.err(_line(node, "children"), t("codebook_children_not_list", what=what), t("codebook_children_not_list_fix"))
            elif children:
                plain["children"] = self._codes(children, [*ancestors, cid])
            out.append(plain)
        return out

    def _groups(self, value: Any, data: Any) -> list[dict[str, Any]]:
        from ruamel.yaml.comments import CommentedMap

        if value is None:
            return []
        if not isinstance(value, list):
            self.err(_line(data, "groups"), t("codebook_groups_not_list"), t("codebook_groups_not_list_fix"))
            return []
        out = []
        for i, node in enumerate(value):
            if not isinstance(node, CommentedMap):
                self.err(_line(value, i), t("codebook_group_not_mapping"), t("codebook_group_not_mapping_fix"))
                continue
            self._unknown_keys(node, GROUP_KEYS, t("codebook_what_group_n", n=i + 1))
            name = node.get("name")
            if not isinstance(name, str) or not name.strip():
                self.err(_line(node), t("codebook_group_no_name", n=i + 1), t("codebook_group_no_name_fix"))
                name = ""
            codes = node.get("codes") or []
            if not isinstance(codes, list):
                self.err(_line(node, "codes"), t("codebook_group_codes_not_list", name=name), t("codebook_group_codes_not_list_fix"))
                codes = []
            out.append({"name": name, "description": self._text(node, "description", t("codebook_what_group", name=name)), "codes": [str(c) for c in codes], "_line": _line(node)})
        return out


def _sort_key(where: str | None) -> tuple[str, int]:
    if not where:
        return ("", 0)
    file, _, line = where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (where, 0)


# -- checks shared by every reader (YAML, CSV/XLSX, REFI-QDA) ---------------------------
Flag = Callable[[int, str, "int | None", str, str], None]


def check_codes(
    codes: Sequence[Code],
    groups: Sequence[CodeGroup],
    where: str,
    line_of: LineOf | None = None,
) -> list[CodebookError]:
    """Every rule on codes that does not depend on the file format.

    ``line_of(index, field, item)`` gives the line of a code's field (``""`` = the code).

    >>> check_codes([], [], "cb.yaml")
    []
    """
    line_of = line_of or (lambda index, field, item: codes[index].line)
    problems: list[CodebookError] = []

    def flag(index: int, field: str, item: int | None, what: str, fix: str) -> None:
        line = line_of(index, field, item)
        problems.append(CodebookError(f"{where}:{line}" if line else where, what, fix))

    first: dict[str, int] = {}
    by_id: dict[str, Code] = {}
    for i, code in enumerate(codes):
        _check_id(i, code, first, by_id, flag, line_of)
        _check_texts(i, code, flag)
        _check_keywords_and_patterns(i, code, flag)
        _check_examples_color_status(i, code, flag)
    _check_parents(codes, by_id, flag)
    problems.extend(_check_groups(groups, by_id, where))
    return problems


def _check_id(i: int, code: Code, first: dict[str, int], by_id: dict[str, Code], flag: Flag, line_of: LineOf) -> None:
    """A slug, and only once in the codebook (``first`` and ``by_id`` fill as codes pass)."""
    if code.id and not SLUG.match(code.id):
        flag(i, "id", None, t("codebook_code_id_not_slug", code=code.id), t("codebook_slug_fix", example=_slugify(code.id)))
    if code.id in first:
        a = line_of(first[code.id], "", None)
        b = line_of(i, "", None)
        flag(i, "id", None, t("codebook_code_twice", code=code.id, a=a, b=b), t("codebook_code_twice_fix"))
    elif code.id:
        first[code.id] = i
        by_id[code.id] = code


def _check_texts(i: int, code: Code, flag: Flag) -> None:
    """A Dutch label on one line, a definition."""
    what = _what_code(code.id)
    if "nl" in code.label and not code.label["nl"].strip():
        flag(i, "label", None, t("codebook_empty_dutch_label", what=what), t("codebook_empty_dutch_label_fix"))
    for lang, text in code.label.items():
        if "\n" in text:
            flag(i, "label", None, t("codebook_label_lines", lang=lang, what=what), t("codebook_label_lines_fix"))
    if not code.definition.strip():
        flag(i, "definition", None, t("codebook_empty_definition", what=what), t("codebook_empty_definition_fix"))


def _check_keywords_and_patterns(i: int, code: Code, flag: Flag) -> None:
    """Keywords in lower case on one line; patterns that compile."""
    what = _what_code(code.id)
    for j, kw in enumerate(code.keywords):
        if not kw.strip() or "\n" in kw or kw != kw.lower():
            fix = t("codebook_keyword_fix", keyword=kw.strip().lower()) if kw.strip() else t("codebook_keyword_empty_fix")
            flag(i, "keywords", j, t("codebook_keyword", value=repr(kw), what=what), fix)
    for j, pattern in enumerate(code.patterns):
        if not pattern.strip() or "\n" in pattern or "\r" in pattern:
            flag(i, "patterns", j, t("codebook_pattern_blank", n=j + 1, what=what), t("codebook_pattern_blank_fix"))
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            what_wrong = t("codebook_pattern_invalid", value=repr(pattern), what=what, problem=exc.msg, pos=exc.pos)
            flag(i, "patterns", j, what_wrong, t("codebook_pattern_invalid_fix"))


def _check_examples_color_status(i: int, code: Code, flag: Flag) -> None:
    """No empty example; a colour as #rrggbb; a known status."""
    what = _what_code(code.id)
    for j, example in enumerate(code.examples):
        if not example.strip():
            flag(i, "examples", j, t("codebook_example_empty", n=j + 1, what=what), t("codebook_example_empty_fix"))
    if code.color is not None and not COLOR.match(code.color):
        flag(i, "color", None, t("codebook_color", value=repr(code.color), what=what), t("codebook_color_fix"))
    if code.status not in STATUSES:
        flag(i, "status", None, t("codebook_status", value=repr(code.status), what=what, valid=", ".join(STATUSES)), t("codebook_status_fix"))


def _check_parents(codes: Sequence[Code], by_id: dict[str, Code], flag: Flag) -> None:
    """An active code never sits under a retired one."""
    for i, code in enumerate(codes):
        parent = by_id.get(code.parent) if code.parent else None
        if parent is not None and parent.status != ACTIVE and code.status == ACTIVE:
            flag(i, "", None, t("codebook_parent_retired", code=code.id, parent=parent.id), t("codebook_parent_retired_fix", code=code.id))


def _check_groups(groups: Sequence[CodeGroup], by_id: dict[str, Code], where: str) -> list[CodebookError]:
    """Each group named once, naming codes that exist."""
    problems: list[CodebookError] = []
    names: set[str] = set()
    for group in groups:
        gwhere = f"{where}:{group.line}" if group.line else where
        if group.name in names:
            problems.append(CodebookError(gwhere, t("codebook_group_twice", name=group.name), t("codebook_group_twice_fix")))
        names.add(group.name)
        for member in group.codes:
            if member not in by_id:
                problems.append(CodebookError(gwhere, t("codebook_group_unknown_code", name=group.name, code=member), t("codebook_group_unknown_code_fix")))
    return problems


def _what_code(code_id: str) -> str:
    """How a message names a code: by its id, or 'a code' when it has none."""
    return t("codebook_what_code", code=code_id) if code_id else t("codebook_what_a_code")


def _slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "code"


def validate_codebook(codebook: Codebook, where: str | None = None) -> Codebook:
    """Check a codebook built in memory (import, revision) by the same rules as a file."""
    where = where or str(codebook.path or codebook.id)
    problems = check_codes(codebook.codes, codebook.groups, where)
    if not codebook.id or not SLUG.match(codebook.id):
        problems.insert(0, CodebookError(where, t("codebook_id_not_slug", value=repr(codebook.id)), t("codebook_slug_fix", example=_slugify(codebook.id or "codeboek"))))
    if not codebook.title.get("nl"):
        problems.insert(0, CodebookError(where, t("codebook_no_dutch_title"), t("codebook_no_dutch_title_fix")))
    if problems:
        raise CodebookValidationError(where, problems)
    return codebook


# -- writing ------------------------------------------------------------------------------
def _scalar(text: str) -> Any:
    """A text for a fresh file: long prose folded at 70 columns, several lines as a literal block."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    if len(text) > 70 and "\n" not in text:
        return _styled(text, like=FoldedScalarString(""))
    if "\n" in text and _literal_safe(text):
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(text)
    return text


def _styled(text: str, *, like: Any) -> Any:
    """``text`` in the scalar style of ``like`` (folded stays folded, wrapped at 76)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if not text:
        return text
    safe = all(line == line.strip() and "\t" not in line for line in text.split("\n"))
    if isinstance(like, FoldedScalarString) and safe:
        value = FoldedScalarString(text)
        value.fold_pos = _fold_positions(text)
        if _round_trips(value, text):
            return value
    if "\n" in text and safe:
        return LiteralScalarString(text)
    return text


def _fold_positions(text: str, width: int = 70) -> list[int]:
    positions, line_start, last = [], 0, None
    for i, ch in enumerate(text):
        if ch == "\n":
            line_start, last = i + 1, None
            continue
        if ch == " " and 0 < i < len(text) - 1 and text[i - 1] not in " \n" and text[i + 1] not in " \n":
            last = i
        if i - line_start >= width and last is not None:
            positions.append(last)
            line_start, last = last + 1, None
    return positions


def _round_trips(value: Any, text: str) -> bool:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump({"x": value}, stream)
    try:
        return YAML(typ="safe").load(stream.getvalue())["x"] == text
    except Exception:  # noqa: BLE001 - any failure means: do not use this style
        return False


def _literal_safe(text: str) -> bool:
    if text != text.strip() or "\t" in text or "\r" in text:
        return False
    lines = text.split("\n")
    if lines[0].startswith(" "):
        return False
    return all(line == line.rstrip() for line in lines) and all(ch.isprintable() or ch == "\n" for ch in text)


def to_document(codebook: Codebook) -> Any:
    """A ruamel round-trip document for a codebook (labels and short lists in flow style).

    >>> to_document(Codebook.from_yaml("codebooks/impact-zorgzame-gemeenschappen.yaml"))["language"]  # doctest: +SKIP
    'nl'
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    index = {c.id: c for c in codebook.codes}
    root = CommentedMap()
    root["id"] = codebook.id
    root["title"] = _flow_map(_ordered_labels(codebook.title))
    root["language"] = codebook.language
    if codebook.description:
        root["description"] = _scalar(codebook.description)
    root["codes"] = CommentedSeq(_code_node(c, index) for c in codebook.roots)
    if codebook.groups:
        root["groups"] = CommentedSeq(_group_node(g) for g in codebook.groups)
    return root


def _flow_map(d: dict[str, str]) -> Any:
    """Labels as ``{nl: ..., en: ...}`` on one line."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    # ruamel's emitter can write plain scalars in flow style that it cannot read back
    # (e.g. '?0'), so anything but simple words is double-quoted there
    m = CommentedMap((k, v if _FLOW_SAFE.match(v) else DoubleQuotedScalarString(v)) for k, v in d.items())
    m.fa.set_flow_style()
    return m


def _seq(items: Sequence[str], flow: bool) -> Any:
    """A list, on one line (``[a, b]``) when asked and every item is a simple word."""
    from ruamel.yaml.comments import CommentedSeq

    s = CommentedSeq(_scalar(x) for x in items)
    if flow and all(_FLOW_SAFE.match(x) for x in items):
        s.fa.set_flow_style()
    return s


def _code_node(code: Code, index: Mapping[str, Code]) -> Any:
    """One code and, under ``children``, its children (fields left out when they hold their default)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    m = CommentedMap()
    m["id"] = code.id
    m["label"] = _flow_map(_ordered_labels(code.label))
    m["definition"] = _scalar(code.definition)
    for name in ("include", "exclude"):
        if getattr(code, name):
            m[name] = _scalar(getattr(code, name))
    if code.examples:
        m["examples"] = _seq(code.examples, flow=False)
    if code.keywords:
        m["keywords"] = _seq(code.keywords, flow=all("\n" not in k for k in code.keywords))
    if code.patterns:
        m["patterns"] = _seq(code.patterns, flow=False)
    if code.color:
        m["color"] = code.color
    if code.status != ACTIVE:
        m["status"] = code.status
    if code.children:
        m["children"] = CommentedSeq(_code_node(index[c], index) for c in code.children)
    return m


def _group_node(group: CodeGroup) -> Any:
    from ruamel.yaml.comments import CommentedMap

    gm = CommentedMap()
    gm["name"] = group.name
    if group.description:
        gm["description"] = _scalar(group.description)
    gm["codes"] = _seq(group.codes, flow=True)
    return gm


def _ordered_labels(d: Mapping[str, str]) -> dict[str, str]:
    order = sorted(d, key=lambda k: (k != "nl", k != "en", k))
    return {k: d[k] for k in order}


def write_codebook(codebook: Codebook, path: str | Path | None = None, *, header: str | None = None) -> str:
    """YAML text of a codebook (fresh, no comments); written to ``path`` when given."""
    text = dump_document(to_document(codebook))
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def code_node_index(data: Any) -> dict[str, tuple[Any, int, Any]]:
    """Every code in a round-trip document: id -> (containing list, index, mapping)."""
    found: dict[str, tuple[Any, int, Any]] = {}

    def walk(seq: Any) -> None:
        for i, node in enumerate(seq or []):
            if hasattr(node, "get"):
                found[str(node.get("id"))] = (seq, i, node)
                walk(node.get("children"))

    walk(data.get("codes"))
    return found


def plain_text(value: Any) -> str:
    return clean_text(value)


class _YamlFormat:
    """This module as the model's YAML format (``Codebook.from_yaml`` / ``to_yaml``)."""

    def read(self, path: str | Path) -> Codebook:
        return read_codebook(path)

    def write(self, codebook: Codebook, path: str | Path | None = None) -> str:
        return write_codebook(codebook, path)


register_yaml_format(_YamlFormat())
