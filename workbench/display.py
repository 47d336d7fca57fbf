"""Rich displays for notebooks: small HTML views and tables with Dutch (or English) labels.

Pure functions over the package's own objects, no widgets and no I/O, so the core can use
them for ``_repr_html_``: a Document, Codebook or IngestReport shows as a page a
researcher reads, not as a raw object.

Example:
    >>> labelled_columns(["initiative", "n_words"], "en")
    ['initiative', 'words']
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from workbench.i18n import add, language, t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

add("display_more", nl="… nog {n} tekens; de hele tekst: doc.text", en="… {n} more characters; the whole text: doc.text")
add("display_problems", nl="Meldingen", en="Messages")
add("display_no_problems", nl="Geen meldingen.", en="No messages.")
add("display_no_speaker", nl="(geen spreker)", en="(no speaker)")
add("yes", nl="ja", en="yes")
add("study_title", nl="Studie {name}", en="Study {name}")
add("study_folder", nl="map", en="folder")
add("no", nl="nee", en="no")

#: column -> catalogue key, where the two differ
_COLUMN_KEYS = {"doc_id": "document", "n_words": "words", "n_sentences": "sentences", "n_turns": "turns", "n_replacements": "replacements", "is_interviewer": "interviewer"}
_PSEUDONYM = re.compile(r"\[[A-ZÀ-Ý]+(?:-[A-Z0-9]+)*\]")
_STYLE = "font-family: inherit; max-width: 60em"


def labelled_columns(columns: Iterable[str], lang: str | None = None) -> list[str]:
    """Column names as a researcher reads them, in the interface language."""
    from workbench.i18n import has

    out = []
    for col in columns:
        key = _COLUMN_KEYS.get(col, col)
        out.append(t(key, lang=lang or language()) if has(key) else col)
    return out


def labelled(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """``frame`` with labelled columns (a copy); booleans as ja/nee."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == bool:
            out[col] = out[col].map({True: t("yes", lang=lang or language()), False: ""})
    out.columns = labelled_columns(out.columns, lang)
    return out


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _facts(pairs: Iterable[tuple[str, object]]) -> str:
    cells = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{_e(k)}</th><td style='text-align:left'>{_e(v)}</td></tr>" for k, v in pairs if v not in (None, "", {}))
    return f"<table>{cells}</table>"


def text_html(text: str, limit: int = 3000) -> str:
    """Text as paragraphs, pseudonyms marked, cut after ``limit`` characters (said)."""
    shown, rest = text[:limit], max(0, len(text) - limit)
    paras = []
    for para in re.split(r"\n\s*\n", shown):
        escaped = html.escape(para.strip()).replace("\n", "<br>")
        paras.append("<p>" + _PSEUDONYM.sub(lambda m: f"<mark>{m[0]}</mark>", escaped) + "</p>")
    if rest:
        paras.append(f"<p><i>{_e(t('display_more', n=rest))}</i></p>")
    return "".join(paras)


def document_html(doc: Any) -> str:
    """A Document: its facts, then its (pseudonymised) text."""
    facts = _facts(
        [
            (t("initiative"), doc.initiative), (t("role"), doc.role), (t("kind"), doc.kind), (t("date"), doc.date),
            (t("interviewer"), doc.interviewer), (t("version"), doc.version), (t("words"), doc.n_words),
            (t("replacements"), ", ".join(f"{k} {v}" for k, v in sorted(doc.replacements.items()))), (t("source_path"), doc.source_path),
        ]
    )
    return f"<div style='{_STYLE}'><h3>{_e(doc.id)}</h3>{facts}{text_html(doc.text)}</div>"


def codebook_html(codebook: Any, lang: str | None = None) -> str:
    """A Codebook: title, then the tree of codes with label (id) and definition."""
    lang = lang or language()
    parts = [f"<div style='{_STYLE}'><h3>{_e(codebook.get_title(lang))}</h3><p>{_e(codebook.id)} · {codebook.n_codes} {_e(t('codes', lang=lang))}</p>"]
    depth_open = 0
    for depth, code in codebook.walk():
        while depth_open <= depth:
            parts.append("<ul>")
            depth_open += 1
        while depth_open > depth + 1:
            parts.append("</ul>")
            depth_open -= 1
        retired = "" if code.is_active else f" <i>({_e(t('retired', lang=lang))})</i>"
        parts.append(f"<li><b>{_e(code.get_label(lang))}</b> <code>{_e(code.id)}</code>{retired}<br><small>{_e(code.definition)}</small></li>")
    parts.append("</ul>" * depth_open + "</div>")
    return "".join(parts)


def report_html(report: Any) -> str:
    """An IngestReport: the counts, then every problem on one line."""
    s = report.summary()
    keys = ("added", "new_versions", "unchanged", "metadata_updated", "no_consent", "errors", "warnings")
    facts = _facts([(t(k), s[k]) for k in keys] + [(t("segments"), s["segments"]), (t("new_words"), s["words"]), (t("seconds"), s["seconds"])])
    rows = "".join(f"<li><b>{_e(t('severity_' + p.severity))}</b>: {_e(p.file)}: {_e(p.message)}</li>" for p in report.problems)
    problems = f"<ul>{rows}</ul>" if rows else f"<p>{_e(t('display_no_problems'))}</p>"
    return f"<div style='{_STYLE}'><h3>{_e(t('ingest_title'))}</h3>{facts}<h4>{_e(t('display_problems'))}</h4>{problems}</div>"


def mapping_html(title: str, pairs: Mapping[str, object]) -> str:
    return f"<div style='{_STYLE}'><h3>{_e(title)}</h3>{_facts(pairs.items())}</div>"
