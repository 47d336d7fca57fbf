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
            f"unknown file type '{ext or '(none)'}'",
            "convert it to one of " + ", ".join(supported_extensions()) + " or move it out of the corpus folder",
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(str(path), "the file disappeared during ingest", "restore it (or leave it out) and run ingest again") from None
    if size > options.max_bytes:
        raise ReadError(
            str(path),
            f"the file is {size / 1024 / 1024:.1f} MB, more than the limit of {options.max_bytes / 1024 / 1024:.0f} MB",
            "split it into smaller files, or raise [corpus].max_file_mb in workbench.toml",
        )
    if size == 0:
        raise ReadError(str(path), "the file is empty", "export the document again, or remove the empty file")
    try:
        docs = reader(path, options)
    except FileNotFoundError:
        raise ReadError(str(path), "the file disappeared during ingest", "restore it (or leave it out) and run ingest again") from None
    except PermissionError:
        raise ReadError(str(path), "no permission to read the file", "check the file's permissions") from None
    docs = [d for d in docs if d.text.strip() or d.part is not None]
    if not docs or all(not d.text.strip() for d in docs):
        raise ReadError(str(path), "the file holds no text", "check that the right file was exported, or remove it")
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
            raise ReadError(str(path), "this is not a text file (it holds binary data)", "export the document as .txt, .docx or .odt, or remove it")
        candidates = ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:65536]
        if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.01:
            raise ReadError(str(path), "this is not a text file (it holds binary data)", "export the document as .txt, .docx or .odt, or remove it")
        return text, enc
    raise ReadError(
        str(path),
        "the text is neither UTF-8 nor Windows-1252 (cp1252)",
        "open it in a text editor and save it as UTF-8",
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
            f"not a valid .docx file ({type(exc).__name__}); it may be damaged, or an old .doc renamed",
            "open it in Word or LibreOffice and save it again as .docx",
        ) from None
    except Exception as exc:  # lxml errors inside a damaged package
        if type(exc).__module__.startswith(("lxml", "docx", "zipfile")):
            raise ReadError(str(path), "the .docx file is damaged", "open it in Word or LibreOffice and save it again as .docx") from None
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
        raise ReadError(str(path), "not a valid .odt file; it may be damaged", "open it in LibreOffice and save it again as .odt") from None
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
            raise ReadError(str(path), "not a valid WebVTT file (it must start with WEBVTT and hold timed cues)", "export the transcript again from Teams or Zoom") from None
        raise
    if not captions:
        raise ReadError(str(path), "the WebVTT file has no cues (no timed text)", "export the transcript again, or remove the file")
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
            raise ReadError(str(path), "not a valid SubRip (.srt) file", "export the subtitles again, or remove the file") from None
        raise
    if not captions:
        raise ReadError(str(path), "the .srt file has no cues (no timed text)", "export the subtitles again, or remove the file")
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
            raise ReadError(str(path), "not a valid .xlsx workbook", "open it in Excel or LibreOffice and save it again as .xlsx") from None
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
        raise ReadError(where, "the CSV rows do not have the same number of columns", "check the quoting of that row (text with ; or line breaks needs double quotes)") from None
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
        raise ReadError(str(path), "the sheet has no rows", "export the survey again, or remove the file")
    open_cols = _open_columns(frame, options.open_columns)
    if not open_cols:
        raise ReadError(
            str(path),
            "no column with open answers found (open answers: mostly 4 words or more, mostly different)",
            "name the columns in [corpus].survey_open_columns in workbench.toml",
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
