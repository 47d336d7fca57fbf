"""Archive safety (workbench.interop.qdpx.archive): hostile archives refused before anything is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from workbench.errors import ExchangeError, UnsafeArchiveError, UnsafeXMLError
from workbench.interop.qdpx import (
    Limits,
    read_qdpx,
)

# -- hostile archives ----------------------------------------------------------------------
MINIMAL = b'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'


def make_zip(path: Path, members: dict[str, bytes], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, "/etc/passwd")
    return path


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""
TRAVERSAL_REF = (
    b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
    b'<TextSource guid="7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA1" name="a" plainTextPath="internal://../../etc/passwd"/></Sources></Project>'
)

HOSTILE = {
    "traversal": (lambda p: make_zip(p, {"project.qde": MINIMAL, "../../evil.txt": b"x"}), UnsafeArchiveError, "zou buiten het archief worden uitgepakt (een bekende aanval, 'zip-slip')"),
    "absolute": (lambda p: make_zip(p, {"project.qde": MINIMAL, "/etc/evil.txt": b"x"}), UnsafeArchiveError, "zip-slip"),
    "windows-path": (lambda p: make_zip(p, {"project.qde": MINIMAL, "..\\evil.txt": b"x"}), UnsafeArchiveError, "zip-slip"),
    "traversal-in-path": (lambda p: make_zip(p, {"project.qde": TRAVERSAL_REF}), UnsafeArchiveError, "plainTextPath"),
    "symlink": (lambda p: make_zip(p, {"project.qde": MINIMAL}, symlink="Sources/link.txt"), UnsafeArchiveError, "symbolische link"),
    "xml-bomb": (lambda p: make_zip(p, {"project.qde": BOMB}), UnsafeXMLError, "DOCTYPE"),
    "xxe": (lambda p: make_zip(p, {"project.qde": XXE}), UnsafeXMLError, "DOCTYPE"),
    "zip-bomb": (lambda p: make_zip(p, {"project.qde": MINIMAL, "Sources/a.txt": b"\0" * (20 * 2**20)}), UnsafeArchiveError, "zipbom"),
    "broken-xml": (lambda p: make_zip(p, {"project.qde": MINIMAL[:-10]}), ExchangeError, "geen geldige XML"),
    "not-a-zip": (lambda p: p.write_bytes(b"this is not a zip") and p, ExchangeError, "het is geen leesbaar zip-archief"),
    "no-project": (lambda p: make_zip(p, {"Sources/a.txt": b"x"}), ExchangeError, "staat geen project.qde"),
    "wrong-root": (lambda p: make_zip(p, {"project.qde": b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"}), ExchangeError, "<CodeBook> in plaats van <Project>"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_qdpx_hostile_archives_refused(case: str, tmp_path: Path) -> None:
    build, error, message = HOSTILE[case]
    path = tmp_path / f"{case}.qdpx"
    build(path)
    with pytest.raises(error) as info:
        read_qdpx(path)
    assert message in str(info.value)
    assert ". Oplossing: " in str(info.value) and "Fix:" not in str(info.value)  # Dutch by default, the fix in the same language


@pytest.mark.parametrize("case, message, fix", [
    ("traversal", "has a path that leaves the archive (zip-slip)", "do not import this file; ask the sender to export it again"),
    ("zip-bomb", "times its size (a zip bomb)", "do not import this file"),
    ("not-a-zip", "not a .qdpx project (not a readable zip archive", "export the project again from its tool"),
    ("wrong-root", "the root element is <CodeBook>, not <Project>", "choose a REFI-QDA project"),
])
def test_qdpx_hostile_archives_refused_in_english(case: str, message: str, fix: str, tmp_path: Path) -> None:
    from workbench.i18n import set_language

    set_language("en")
    build, error, _ = HOSTILE[case]
    path = tmp_path / f"{case}.qdpx"
    build(path)
    with pytest.raises(error) as info:
        read_qdpx(path)
    assert message in str(info.value) and f". Fix: {fix}" in str(info.value) and "Oplossing" not in str(info.value)


def test_qdpx_huge_member_refused_by_limits(tmp_path: Path) -> None:
    import random

    path = make_zip(tmp_path / "big.qdpx", {"project.qde": MINIMAL, "Sources/a.txt": random.Random(0).randbytes(2**21)})  # 2 MB that do not pack
    with pytest.raises(UnsafeArchiveError, match=r"is uitgepakt 2\.097\.152 bytes groot \(de grens is 1\.048\.576\)"):
        read_qdpx(path, limits=Limits(max_member_bytes=2**20))
    with pytest.raises(UnsafeArchiveError, match=r"groter dan 1\.048\.576 bytes. Oplossing: .*limits=Limits"):
        read_qdpx(path, limits=Limits(max_total_bytes=2**20))
    from workbench.i18n import set_language

    set_language("en")  # numbers as each language writes them
    with pytest.raises(UnsafeArchiveError, match=r"unpacks to 2,097,152 bytes \(limit 1,048,576\)"):
        read_qdpx(path, limits=Limits(max_member_bytes=2**20))
    assert read_qdpx(path).name == "x"  # the default limits let a real study through


def test_qdpx_lying_member_size_refused(tmp_path: Path) -> None:
    """A member whose header claims fewer bytes than it holds cannot unpack past the claim."""
    path = make_zip(tmp_path / "liar.qdpx", {"project.qde": MINIMAL})
    data = bytearray(path.read_bytes())
    # shrink the declared size of project.qde in the central directory (offset 24 of its record)
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises((ExchangeError, UnsafeArchiveError)):
        read_qdpx(path)
