"""Readers: one function per file format, registered by extension.

A reader takes a path and returns one or more :class:`RawDocument` (a survey export
returns one per open answer). Readers only read: no pseudonymisation, no segmentation.
Text is normalised to NFC with ``\\n`` line ends, so offsets are stable code points.
Transcripts from .vtt/.srt come out as ``Speaker: text`` paragraphs, the form the
turn finder reads in .txt and .docx transcripts too.

Add a format with :func:`register_reader`::

    @register_reader(".rtf")
    def read_rtf(path: Path, options: ReadOptions) -> list[RawDocument]: ...

Errors are :class:`~workbench.errors.ReadError` naming the file and the fix, never
quoting the text.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from workbench.errors import ReadError
from workbench.i18n import add, t

# every message a reader gives, Dutch and English (ingest shows them one per file)
add("read_vanished", nl='het bestand is tijdens het inlezen verdwenen', en='the file disappeared during ingest')
add("read_vanished_fix", nl='zet het terug (of laat het weg) en draai ingest opnieuw', en='restore it (or leave it out) and run ingest again')
add("read_empty", nl='het bestand is leeg', en='the file is empty')
add("read_empty_fix", nl='exporteer het document opnieuw, of verwijder het lege bestand', en='export the document again, or remove the empty file')
add("read_permission", nl='geen toestemming om het bestand te lezen', en='no permission to read the file')
add("read_permission_fix", nl='controleer de rechten van het bestand', en="check the file's permissions")
add("read_no_text", nl='het bestand bevat geen tekst', en='the file holds no text')
add("read_no_text_fix", nl='controleer of het juiste bestand is geëxporteerd, of verwijder het', en='check that the right file was exported, or remove it')
add("read_binary", nl='dit is geen tekstbestand (het bevat binaire gegevens)', en='this is not a text file (it holds binary data)')
add("read_binary_fix", nl='exporteer het document als .txt, .docx of .odt, of verwijder het', en='export the document as .txt, .docx or .odt, or remove it')
add("read_docx_damaged", nl='het .docx-bestand is beschadigd', en='the .docx file is damaged')
add("read_docx_damaged_fix", nl='open het in Word of LibreOffice en sla het opnieuw op als .docx', en='open it in Word or LibreOffice and save it again as .docx')
add("read_odt", nl='geen geldig .odt-bestand; het is misschien beschadigd', en='not a valid .odt file; it may be damaged')
add("read_odt_fix", nl='open het in LibreOffice en sla het opnieuw op als .odt', en='open it in LibreOffice and save it again as .odt')
add("read_vtt", nl='geen geldig WebVTT-bestand (het moet beginnen met WEBVTT en getimede tekst bevatten)', en='not a valid WebVTT file (it must start with WEBVTT and hold timed cues)')
add("read_vtt_fix", nl='exporteer het transcript opnieuw uit Teams of Zoom', en='export the transcript again from Teams or Zoom')
add("read_vtt_no_cues", nl='het WebVTT-bestand heeft geen cues (geen getimede tekst)', en='the WebVTT file has no cues (no timed text)')
add("read_vtt_no_cues_fix", nl='exporteer het transcript opnieuw, of verwijder het bestand', en='export the transcript again, or remove the file')
add("read_srt", nl='geen geldig SubRip-bestand (.srt)', en='not a valid SubRip (.srt) file')
add("read_srt_fix", nl='exporteer de ondertitels opnieuw, of verwijder het bestand', en='export the subtitles again, or remove the file')
add("read_srt_no_cues", nl='het .srt-bestand heeft geen cues (geen getimede tekst)', en='the .srt file has no cues (no timed text)')
add("read_srt_no_cues_fix", nl='exporteer de ondertitels opnieuw, of verwijder het bestand', en='export the subtitles again, or remove the file')
add("read_xlsx", nl='geen geldige .xlsx-werkmap', en='not a valid .xlsx workbook')
add("read_xlsx_fix", nl='open hem in Excel of LibreOffice en sla hem opnieuw op als .xlsx', en='open it in Excel or LibreOffice and save it again as .xlsx')
add("read_csv_columns", nl='de CSV-regels hebben niet hetzelfde aantal kolommen', en='the CSV rows do not have the same number of columns')
add("read_csv_columns_fix", nl='controleer de aanhalingstekens in die regel (tekst met ; of regeleinden hoort tussen dubbele aanhalingstekens)', en='check the quoting of that row (text with ; or line breaks needs double quotes)')
add("read_no_rows", nl='het blad heeft geen rijen', en='the sheet has no rows')
add("read_no_rows_fix", nl='exporteer de enquête opnieuw, of verwijder het bestand', en='export the survey again, or remove the file')
add("read_no_open_columns", nl='geen kolom met open antwoorden gevonden (open antwoorden: meestal 4 woorden of meer, meestal verschillend)', en='no column with open answers found (open answers: mostly 4 words or more, mostly different)')
add("read_no_open_columns_fix", nl='noem de kolommen in [corpus].survey_open_columns in workbench.toml', en='name the columns in [corpus].survey_open_columns in workbench.toml')
add("read_encoding", nl='de tekst is geen UTF-8 en geen Windows-1252 (cp1252)', en='the text is neither UTF-8 nor Windows-1252 (cp1252)')
add("read_encoding_fix", nl='open het in een teksteditor en sla het op als UTF-8', en='open it in a text editor and save it as UTF-8')
add("read_no_extension", nl="(geen)", en="(none)")
add("read_unknown_type", nl="onbekend bestandstype '{ext}'", en="unknown file type '{ext}'")
add("read_unknown_type_fix", nl="zet het om naar een van {types}, of haal het uit de corpusmap", en="convert it to one of {types} or move it out of the corpus folder")
add("read_too_large", nl="het bestand is {mb} MB, meer dan de grens van {limit} MB", en="the file is {mb} MB, more than the limit of {limit} MB")
add("read_too_large_fix", nl="splits het in kleinere bestanden, of verhoog [corpus].max_file_mb in workbench.toml", en="split it into smaller files, or raise [corpus].max_file_mb in workbench.toml")
add("read_docx", nl="geen geldig .docx-bestand ({kind}); het is misschien beschadigd, of een oud .doc met een nieuwe naam", en="not a valid .docx file ({kind}); it may be damaged, or an old .doc renamed")

#: control characters that never occur in real text (tab, newlines and form feed excluded)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 20 * 1024 * 1024
    #: survey columns with open answers; empty: detect
    open_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawDocument:
    """Text read from a file, before pseudonymisation.

    ``part`` is None for a whole file, or e.g. ``"R001/wat_kan_beter"`` for one survey
    answer. ``fields`` are per-part metadata (a respondent's other columns).
    ``times`` maps character offsets of turn starts to cue times (vtt/srt).
    """

    text: str
    format: str
    encoding: str | None = None
    part: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    times: tuple[tuple[int, str], ...] = ()
    #: speaker labels the reader knows to be speakers (vtt voice tags)
    speakers: tuple[str, ...] = ()


Reader = Callable[[Path, ReadOptions], list[RawDocument]]
READERS: dict[str, Reader] = {}


def register_reader(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader function for file extensions (with the dot, lower case)."""

    def deco(func: Reader) -> Reader:
        for ext in extensions:
            READERS[ext.lower()] = func
        return func

    return deco


def supported_extensions() -> list[str]:
    return sorted(READERS)


def read_file(path: str | Path, options: ReadOptions | None = None) -> list[RawDocument]:
    """Read any supported file. Raises ReadError with the file name and a fix."""
    path = Path(path)
    options = options or ReadOptions()
    ext = path.suffix.lower()
    reader = READERS.get(ext)
    if reader is None:
        raise ReadError(
            str(path),
            t("read_unknown_type", ext=ext or t("read_no_extension")),
            t("read_unknown_type_fix", types=", ".join(supported_extensions())),
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(str(path), t("read_vanished"), t("read_vanished_fix")) from None
    if size > options.max_bytes:
        raise ReadError(
            str(path),
            t("read_too_large", mb=f"{size / 1024 / 1024:.1f}", limit=f"{options.max_bytes / 1024 / 1024:.0f}"),
            t("read_too_large_fix"),
        )
    if size == 0:
        raise ReadError(str(path), t("read_empty"), t("read_empty_fix"))
    try:
        docs = reader(path, options)
    except FileNotFoundError:
        raise ReadError(str(path), t("read_vanished"), t("read_vanished_fix")) from None
    except PermissionError:
        raise ReadError(str(path), t("read_permission"), t("read_permission_fix")) from None
    docs = [d for d in docs if d.text.strip() or d.part is not None]
    if not docs or all(not d.text.strip() for d in docs):
        raise ReadError(str(path), t("read_no_text"), t("read_no_text_fix"))
    return docs


# -- text helpers -------------------------------------------------------------------
def normalise(text: str) -> str:
    """NFC, \\n line ends, no trailing spaces on lines; offsets are counted on this."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1252.

    Returns (text, encoding). Binary data raises ReadError.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:65536]:
            raise ReadError(str(path), t("read_binary"), t("read_binary_fix"))
        candidates = ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:65536]
        if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.01:
            raise ReadError(str(path), t("read_binary"), t("read_binary_fix"))
        return text, enc
    raise ReadError(
        str(path), t("read_encoding"), t("read_encoding_fix")
    )


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


# -- plain text -----------------------------------------------------------------------
@register_reader(".txt", ".md", ".text")
def read_text(path: Path, options: ReadOptions) -> list[RawDocument]:
    text, enc = decode(_read_bytes(path), path)
    return [RawDocument(text=normalise(text), format=path.suffix.lower().lstrip("."), encoding=enc)]


# -- word processors ------------------------------------------------------------------
@register_reader(".docx")
def read_docx(path: Path, options: ReadOptions) -> list[RawDocument]:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(
            str(path),
            t("read_docx", kind=type(exc).__name__),
            t("read_docx_damaged_fix"),
        ) from None
    except Exception as exc:  # lxml errors inside a damaged package
        if type(exc).__module__.startswith(("lxml", "docx", "zipfile")):
            raise ReadError(str(path), t("read_docx_damaged"), t("read_docx_damaged_fix")) from None
        raise
    paragraphs: list[str] = []
    body = document.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [c.text.strip() for c in row.cells]
                # merged cells repeat their text: keep each once
                unique = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
                if unique:
                    paragraphs.append(" ".join(unique))
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    return [RawDocument(text=normalise(text), format="docx")]


@register_reader(".odt")
def read_odt(path: Path, options: ReadOptions) -> list[RawDocument]:
    from odf import teletype
    from odf.opendocument import load

    try:
        document = load(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as exc:  # odfpy raises many kinds
        if isinstance(exc, (FileNotFoundError, PermissionError)):
            raise
        raise ReadError(str(path), t("read_odt"), t("read_odt_fix")) from None
    paragraphs: list[str] = []

    def walk(node: Any) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname and qname[1] in ("p", "h"):
                paragraphs.append(teletype.extractText(child))
            elif qname:
                walk(child)

    walk(document.text)
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    return [RawDocument(text=normalise(text), format="odt")]


# -- subtitles and meeting transcripts ------------------------------------------------
_SPEAKER_PREFIX = re.compile(r"^(?P<label>[^\W\d_][\w .'\-()\[\]]{0,40}?):\s+(?P<rest>.*)$", re.S)


def _captions_to_document(captions: list[Any], path: Path, fmt: str) -> RawDocument:
    """Merge cues of the same speaker into turns: 'Speaker: text' paragraphs."""
    turns: list[tuple[str | None, str, list[str]]] = []  # (speaker, first time, texts)
    voices: set[str] = set()
    for cap in captions:
        text = " ".join(line.strip() for line in cap.text.splitlines() if line.strip())
        speaker = getattr(cap, "voice", None)
        if speaker:
            voices.add(speaker.strip())
        else:
            m = _SPEAKER_PREFIX.match(text)
            if m:
                speaker, text = m.group("label").strip(), m.group("rest")
        if not text:
            continue
        if turns and (speaker is None or speaker == turns[-1][0]):
            turns[-1][2].append(text)
        else:
            turns.append((speaker, cap.start, [text]))
    parts: list[str] = []
    times: list[tuple[int, str]] = []
    offset = 0
    for speaker, start, texts in turns:
        para = (f"{speaker}: " if speaker else "") + " ".join(texts)
        para = normalise(para)
        times.append((offset, start))
        parts.append(para)
        offset += len(para) + 2
    return RawDocument(text="\n\n".join(parts), format=fmt, times=tuple(times), speakers=tuple(sorted(voices)))


@register_reader(".vtt")
def read_vtt(path: Path, options: ReadOptions) -> list[RawDocument]:
    import webvtt

    raw, enc = decode(_read_bytes(path), path)
    try:
        # WebVTT iterates through __len__/__getitem__, which mypy does not count as Iterable
        captions = list(cast("Iterable[Any]", webvtt.from_buffer(io.StringIO(normalise(raw) + "\n"))))
    except Exception as exc:
        if type(exc).__module__.startswith("webvtt"):
            raise ReadError(str(path), t("read_vtt"), t("read_vtt_fix")) from None
        raise
    if not captions:
        raise ReadError(str(path), t("read_vtt_no_cues"), t("read_vtt_no_cues_fix"))
    doc = _captions_to_document(captions, path, "vtt")
    return [RawDocument(text=doc.text, format="vtt", encoding=enc, times=doc.times, speakers=doc.speakers)]


@register_reader(".srt")
def read_srt(path: Path, options: ReadOptions) -> list[RawDocument]:
    import webvtt

    raw, enc = decode(_read_bytes(path), path)
    try:
        # WebVTT iterates through __len__/__getitem__, which mypy does not count as Iterable
        captions = list(cast("Iterable[Any]", webvtt.from_buffer(io.StringIO(normalise(raw) + "\n"), format="srt")))
    except Exception as exc:
        if type(exc).__module__.startswith("webvtt"):
            raise ReadError(str(path), t("read_srt"), t("read_srt_fix")) from None
        raise
    if not captions:
        raise ReadError(str(path), t("read_srt_no_cues"), t("read_srt_no_cues_fix"))
    doc = _captions_to_document(captions, path, "srt")
    return [RawDocument(text=doc.text, format="srt", encoding=enc, times=doc.times, speakers=doc.speakers)]


# -- survey exports -------------------------------------------------------------------
#: column names (lower case) that carry document metadata in surveys and metadata sheets
ID_COLUMNS = ("respondent_id", "respondent", "respondentnummer", "respondentid", "responseid", "response_id", "id", "nr")


def read_table(path: Path) -> tuple[Any, str | None]:
    """A .csv (any of , ; tab; UTF-8 or cp1252) or .xlsx sheet as a DataFrame of strings."""
    import pandas as pd

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, sheet_name=0, dtype=str, engine="openpyxl")
        except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            raise ReadError(str(path), t("read_xlsx"), t("read_xlsx_fix")) from None
        return frame.fillna(""), None
    text, enc = decode(_read_bytes(path), path)
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=False)
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise ReadError(where, t("read_csv_columns"), t("read_csv_columns_fix")) from None
    return frame, enc


def _open_columns(frame: Any, configured: tuple[str, ...]) -> list[str]:
    if configured:
        return [c for c in frame.columns if c in configured]
    found = []
    for col in frame.columns:
        values = [v for v in frame[col].astype(str) if v.strip()]
        if len(values) < 3 or str(col).strip().lower() in ID_COLUMNS:
            continue
        words = sorted(len(v.split()) for v in values)
        median = words[len(words) // 2]
        unique = len(set(values)) / len(values)
        if median >= 4 and unique >= 0.8:
            found.append(col)
    return found


@register_reader(".csv", ".xlsx")
def read_survey(path: Path, options: ReadOptions) -> list[RawDocument]:
    """One document per open answer; the respondent's other columns become its fields."""
    frame, enc = read_table(path)
    if frame.empty:
        raise ReadError(str(path), t("read_no_rows"), t("read_no_rows_fix"))
    open_cols = _open_columns(frame, options.open_columns)
    if not open_cols:
        raise ReadError(
            str(path), t("read_no_open_columns"), t("read_no_open_columns_fix")
        )
    id_col = next((c for c in frame.columns if str(c).strip().lower() in ID_COLUMNS), None)
    docs: list[RawDocument] = []
    for number, row in enumerate(frame.to_dict("records"), start=1):
        respondent = str(row.get(id_col) or "").strip() if id_col else ""
        respondent = respondent or f"rij-{number}"
        fields: dict[str, Any] = {str(k): str(v) for k, v in row.items() if k not in open_cols}
        fields["_row"] = number + 1  # spreadsheet row (header is row 1)
        for col in open_cols:
            answer = normalise(str(row.get(col) or ""))
            if not answer:
                continue
            docs.append(RawDocument(text=answer, format=path.suffix.lower().lstrip("."), encoding=enc, part=f"{respondent}/{col}", fields=dict(fields, question=str(col))))
    return docs
