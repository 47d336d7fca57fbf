"""The mixed-methods sections of the reports: the figures and the stories side by side.

- :func:`mixed_crosstabs` (cross report): the crosstabs the study names as its questions
  (``[mixed] crosstabs = ["CODE x VARIABLE"]``), each with its test, Cramér's V and the
  sentence on what it does and does not show;
- :func:`mixed_joint_display` (cross report): categories x codes and themes (``[mixed]
  joint_codes``, ``joint_themes`` of the newest theme run, ``joint_by``), each cell the
  share and the most typical quote, with a heatmap;
- :func:`mixed_framework` (cross report): the framework matrix with the researchers'
  summaries (``[mixed] framework_rows``, ``framework_codes``);
- :func:`mixed_framework_row` (initiative report): that initiative's own row.

Privacy holds as in every section: the flagged spans of :class:`ReportData` (and the
store's) are never quoted, pseudonym tags become ``[naam]``, and a category or case of
fewer than five respondents gets no quote at all (:data:`workbench.mixed.MIN_GROUP`,
enforced in :mod:`workbench.mixed.joint`, where every caller goes through).

Example:
    >>> reports.mixed_joint_display(data)     # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from workbench import i18n
from workbench.reports import figures
from workbench.reports.data import ReportData, readable, shorten
from workbench.reports.sections import Section, Table
from workbench.reports.texts import t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.mixed import MixedData

#: quotes in table cells are shorter than the quotes of other sections
CELL_QUOTE = 200

for _key, _nl, _en in (
    ("mixed_crosstabs", "Cijfers en verhalen: de vragen van de studie", "Figures and stories: the study's questions"),
    ("mixed_crosstabs_text", "Hoe vaak een code voorkomt bij elk antwoord op een gesloten vraag, met een toets die bij de tabel past. Kleine cellen staan erbij, niets is weggelaten.",
     "How often a code occurs for each answer to a closed question, with a test that suits the table. Small cells are shown, nothing is left out."),
    ("mixed_no_crosstabs", "De studie noemt nog geen vragen om te kruisen ([mixed] crosstabs in workbench.toml).", "The study names no questions to cross yet ([mixed] crosstabs in workbench.toml)."),
    ("mixed_bad_crosstab", "'{value}' is geen vraag van de vorm 'CODE x VARIABELE': overgeslagen.", "'{value}' is not a question of the form 'CODE x VARIABLE': skipped."),
    ("mixed_col_question", "vraag", "question"),
    ("mixed_col_unit", "eenheid", "unit"),
    ("mixed_col_test", "toets", "test"),
    ("mixed_col_small", "kleine cellen", "small cells"),
    ("mixed_figure_alt", "Aandeel met '{code}' per antwoord op '{by}'", "Share with '{code}' per answer to '{by}'"),
    ("mixed_joint", "Cijfers naast verhalen", "Figures beside stories"),
    ("mixed_joint_text", "Per antwoord op '{by}': het aandeel met elke code, en het citaat dat het meest typisch is voor die code. Een groep van minder dan 5 respondenten krijgt nooit een citaat.",
     "Per answer to '{by}': the share with each code, and the quote most typical of that code. A group of fewer than 5 respondents never gets a quote."),
    ("mixed_joint_themes_text", "Per antwoord op '{by}': het aandeel met elke code of elk thema (de nieuwste themarun, met de bewerkingen van mensen), en het citaat dat het meest typisch is voor die kolom. Een groep van minder dan 5 respondenten krijgt nooit een citaat.",
     "Per answer to '{by}': the share with each code or theme (the newest theme run, with people's edits), and the quote most typical of that column. A group of fewer than 5 respondents never gets a quote."),
    ("mixed_no_joint", "De studie noemt nog geen codes of thema's en variabele voor een joint display ([mixed] joint_codes of joint_themes, en joint_by in workbench.toml).",
     "The study names no codes or themes and variable for a joint display yet ([mixed] joint_codes or joint_themes, and joint_by in workbench.toml)."),
    ("mixed_framework", "Raamwerkmatrix", "Framework matrix"),
    ("mixed_framework_text", "Per {rows} en code: de samenvatting van de onderzoekers, een voorgesteld citaat en het aantal fragmenten.",
     "Per {rows} and code: the researchers' summary, a proposed quote and the number of fragments."),
    ("mixed_framework_row", "Samengevat per code", "Summed up per code"),
    ("mixed_framework_row_text", "De rij van {initiative} in de raamwerkmatrix: wat de onderzoekers per code samenvatten, met een citaat.",
     "The row of {initiative} in the framework matrix: what the researchers summed up per code, with a quote."),
    ("mixed_no_framework", "Nog geen gecodeerde fragmenten voor de raamwerkmatrix.", "No coded fragments for the framework matrix yet."),
    ("mixed_framework_not_initiative", "De raamwerkmatrix van deze studie heeft als rijen '{rows}', niet de initiatieven.", "This study's framework matrix has '{rows}' as rows, not the initiatives."),
    ("mixed_col_summary", "samenvatting", "summary"),
    ("mixed_col_quote", "citaat", "quote"),
    ("mixed_col_fragments", "fragmenten", "fragments"),
    ("mixed_no_summary", "(nog geen samenvatting)", "(no summary yet)"),
    ("mixed_unavailable", "Deze tabel kon niet gemaakt worden: {reason}", "This table could not be made: {reason}"),
):
    i18n.add(f"report_{_key}", nl=_nl, en=_en)


def _mixed(data: ReportData) -> tuple[MixedData, Any]:
    """The mixed-methods snapshot of the report's study (read once per ReportData), with the
    report's flagged spans added to the store's."""
    from workbench.mixed import MixedData
    from workbench.settings import Settings
    from workbench.store import Store

    cached = data.__dict__.get("_mixed")
    if cached is None:
        settings = Settings.from_folder(data.root)
        store = Store.open(settings.db_url)
        try:
            cached = (MixedData.load(store, settings, data.codebook), settings)
        finally:
            store.close()
        data.__dict__["_mixed"] = cached
    mixed, settings = cached
    flagged = sorted(set(map(tuple, mixed.flagged)) | set(map(tuple, data.flagged)))
    return dataclasses.replace(mixed, flagged=flagged), settings


def _quote_text(data: ReportData) -> Any:
    def text(fragment: Any) -> str:
        if data.lang == "en":
            translated = data.translations.get(fragment.key)
            if translated:
                return shorten(readable(translated, "en"), CELL_QUOTE)
        return shorten(readable(fragment.text, data.lang), CELL_QUOTE)

    return text


def _pairs(settings: Any) -> list[tuple[str, str] | str]:
    out: list[tuple[str, str] | str] = []
    for text in settings.mixed.crosstabs:
        parts = [p.strip() for p in text.replace("×", " x ").split(" x ")]
        out.append((parts[0], parts[1]) if len(parts) == 2 and all(parts) else text)
    return out


def mixed_crosstabs(data: ReportData) -> Section:
    """The study's questions of interest as crosstabs, with their tests and sentences (cross report)."""
    from workbench.errors import WorkbenchError
    from workbench.mixed import crosstab

    lang = data.lang
    title = t("report_mixed_crosstabs", lang)
    mixed, settings = _mixed(data)
    pairs = _pairs(settings)
    if not pairs:
        return Section("mixed_crosstabs", title, notes=(t("report_mixed_no_crosstabs", lang),), lang=lang)
    rows, notes, first = [], [], None
    for pair in pairs:
        if isinstance(pair, str):
            notes.append(t("report_mixed_bad_crosstab", lang, value=pair))
            continue
        code, by = pair
        try:
            tab = crosstab(mixed, code, by=by)
        except WorkbenchError as err:
            notes.append(t("report_mixed_unavailable", lang, reason=str(err)))
            continue
        tab = dataclasses.replace(tab, code_label=data.label(code))
        first = first or tab
        p = "-" if tab.p is None else ("< 0.001" if tab.p < 0.001 else f"{tab.p:.3f}")
        v = "-" if tab.cramers_v is None else f"{tab.cramers_v:.2f}"
        if lang == "nl":
            p, v = p.replace(".", ","), v.replace(".", ",")
        rows.append((f"{tab.code_label} × {by}", str(i18n.t(f"crosstab_unit_{tab.unit}", lang)), str(tab.n),
                     str(i18n.t(f"crosstab_test_{tab.test}", lang)), p, v, f"{tab.n_small_cells}/{tab.n_cells}"))
        notes.append(tab.sentence(lang))
    figure = None
    if first is not None:
        shares = {r.category: r.share for r in first.answer_rows if r.n}
        figure = figures.bars(shares, alt=t("report_mixed_figure_alt", lang, code=first.code_label, by=first.by)) if shares else None
    columns = tuple(t(f"report_mixed_col_{k}", lang) for k in ("question", "unit")) + ("n", t("report_mixed_col_test", lang), "p", "Cramér's V", t("report_mixed_col_small", lang))
    return Section("mixed_crosstabs", title, t("report_mixed_crosstabs_text", lang), figure=figure, table=Table(columns, tuple(rows)), notes=tuple(notes), lang=lang)


def mixed_joint_display(data: ReportData) -> Section:
    """Categories x codes and themes, share and most typical quote per cell, and a heatmap (cross report)."""
    from workbench.errors import WorkbenchError
    from workbench.mixed import joint_display

    lang = data.lang
    title = t("report_mixed_joint", lang)
    mixed, settings = _mixed(data)
    codes, asked, by = list(settings.mixed.joint_codes), list(settings.mixed.joint_themes), settings.mixed.joint_by
    if not (codes or asked) or not by:
        return Section("mixed_joint_display", title, notes=(t("report_mixed_no_joint", lang),), lang=lang)
    try:
        jd = joint_display(mixed, codes, by=by, themes=_joint_themes(settings, asked))
    except WorkbenchError as err:
        return Section("mixed_joint_display", title, notes=(t("report_mixed_unavailable", lang, reason=str(err)),), lang=lang)
    labels = [data.label(c) if c in codes else jd.labels[c] for c in jd.codes]
    quote_text = _quote_text(data)
    rows = tuple((cat, *[jd.cell_text(jd.cells[(cat, c)], lang, quote_text=quote_text) for c in jd.codes]) for cat in jd.categories)
    text = t("report_mixed_joint_themes_text" if asked else "report_mixed_joint_text", lang, by=by)
    figure = None
    if jd.categories:
        values = [[jd.cells[(cat, c)].share for c in jd.codes] for cat in jd.categories]
        figure = figures.heatmap(values, list(jd.categories), labels, colorbar="%", alt=text)
    return Section("mixed_joint_display", title, text, figure=figure, table=Table((by, *labels), rows), lang=lang)


def _joint_themes(settings: Any, asked: list[str]) -> Any:
    """The themes the study names for the joint display (``["all"]``, numbers or names), or None."""
    if not asked:
        return None
    from workbench.mixed import theme_spans
    from workbench.store import Store

    with Store.open(settings.db_url) as store:
        return theme_spans(store, "all" if [a.strip().lower() for a in asked] == ["all"] else asked)


def _framework(data: ReportData) -> tuple[Any, Any]:
    from workbench.mixed import framework
    from workbench.store import Store

    mixed, settings = _mixed(data)
    with Store.open(settings.db_url) as store:
        fw = framework(mixed, store, rows=settings.mixed.framework_rows or "initiative", codes=list(settings.mixed.framework_codes) or None)
    return fw, settings


def _cell(data: ReportData, cell: Any) -> tuple[str, str]:
    quote = _quote_text(data)(cell.quotes[0]) if cell.quotes else ""
    if cell.withheld and cell.fragments:
        from workbench.mixed import MIN_GROUP

        quote = str(i18n.t("joint_withheld", data.lang, n=MIN_GROUP))
    return cell.summary or t("report_mixed_no_summary", data.lang), quote


def mixed_framework(data: ReportData) -> Section:
    """The framework matrix: cases x codes with summary, a quote and the count (cross report)."""
    lang = data.lang
    title = t("report_mixed_framework", lang)
    fw, _ = _framework(data)
    if not fw.codes or not fw.cases:
        return Section("mixed_framework", title, notes=(t("report_mixed_no_framework", lang),), lang=lang)
    labels = [data.label(c) for c in fw.codes]
    rows = []
    for case in fw.cases:
        cells = []
        for code in fw.codes:
            cell = fw.cells[(case, code)]
            summary, quote = _cell(data, cell)
            cells.append(" — ".join(x for x in (summary, f"“{quote}”" if quote and not cell.withheld else quote, f"{len(cell.fragments)} {t('report_mixed_col_fragments', lang)}") if x))
        rows.append((case, *cells))
    rows_label = t("report_initiative", lang) if fw.rows == "initiative" else fw.rows
    return Section("mixed_framework", title, t("report_mixed_framework_text", lang, rows=rows_label), table=Table((rows_label, *labels), tuple(rows)), lang=lang)


def mixed_framework_row(data: ReportData) -> Section:
    """The initiative's own row of the framework matrix (initiative report)."""
    lang = data.lang
    title = t("report_mixed_framework_row", lang)
    fw, settings = _framework(data)
    if fw.rows != "initiative":
        return Section("mixed_framework_row", title, notes=(t("report_mixed_framework_not_initiative", lang, rows=fw.rows),), lang=lang)
    if not fw.codes or data.initiative not in fw.cases:
        return Section("mixed_framework_row", title, notes=(t("report_mixed_no_framework", lang),), lang=lang)
    rows = []
    for cell in fw.row(str(data.initiative)):
        summary, quote = _cell(data, cell)
        rows.append((data.label(cell.code), summary, quote, str(len(cell.fragments))))
    columns = (t("report_code", lang), t("report_mixed_col_summary", lang), t("report_mixed_col_quote", lang), t("report_mixed_col_fragments", lang))
    return Section("mixed_framework_row", title, t("report_mixed_framework_row_text", lang, initiative=data.initiative), table=Table(columns, tuple(rows)), lang=lang)
