"""Offsets (workbench.interop.qdpx.offsets): code points with diacritics and emoji, UTF-16 for NVivo."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from qdpx_fixtures import TEXT, qde_of, small_project

from workbench.interop.qdpx import (
    OffsetMap,
    read_qdpx,
    write_qdpx,
)


def test_qdpx_offsets_are_code_points_with_diacritics_and_non_bmp(small_yaml: Path, tmp_path: Path) -> None:
    out = write_qdpx(small_project(small_yaml), tmp_path / "study.qdpx")
    ns = {"q": "urn:QDA-XML:project:1.0"}
    tree = qde_of(out)
    with zipfile.ZipFile(out) as zf:
        text = zf.read(next(n for n in zf.namelist() if n.startswith("Sources/"))).decode("utf-8")
    spans = sorted({(int(s.get("startPosition")), int(s.get("endPosition"))) for s in tree.findall(".//q:PlainTextSelection", ns)})
    assert [text[s:e] for s, e in spans] == ["ik voelde me zó alleen…", "👵🏽"]
    # code points: the emoji with its skin tone is two, UTF-16 would count four
    assert spans[1][0] == TEXT.index("👵") and spans[1][1] - spans[1][0] == 2


@pytest.mark.parametrize(
    ("raw", "utf16", "span", "expected"),
    [
        ("a\r\nbé\r\nc", False, (3, 5), "bé"),            # CRLF counted as two characters in the file
        ("ë e\u0308x", False, (2, 4), "ëx"[0:1]),          # combining diaeresis: NFC merges it
        ("👵 oma", True, (3, 6), "oma"),                   # NVivo: the emoji counts two
        ("👵 oma", False, (2, 5), "oma"),
        ("\ufeffhallo", False, (1, 6), "hallo"),          # a BOM inside the text is not counted
    ],
)
def test_qdpx_offset_map(raw: str, utf16: bool, span: tuple[int, int], expected: str) -> None:
    omap = OffsetMap(raw, utf16=utf16)
    assert omap.text[omap.start(span[0]) : omap.end(span[1])] == expected


def test_qdpx_utf16_offsets_for_nvivo(small_yaml: Path, tmp_path: Path) -> None:
    project = small_project(small_yaml)
    out = write_qdpx(project, tmp_path / "nvivo.qdpx", offsets="utf16")
    ns = {"q": "urn:QDA-XML:project:1.0"}
    spans = {(int(s.get("startPosition")), int(s.get("endPosition"))) for s in qde_of(out).findall(".//q:PlainTextSelection", ns)}
    emoji = TEXT.index("👵")
    assert (emoji, emoji + 4) in spans  # 👵🏽: two code points, four UTF-16 units
    back = read_qdpx(out, offsets="utf16")
    key = lambda c: (c.start, c.end, c.code_guid, c.user_guid)  # noqa: E731
    assert sorted(map(key, back.codings)) == sorted(map(key, project.codings))
