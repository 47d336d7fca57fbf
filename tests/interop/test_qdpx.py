"""REFI-QDA projects as plain objects: schema-valid export, code-point offsets, the real
and tool-shaped samples, and hostile archives refused with a clear message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from workbench.codebook import Codebook
from workbench.errors import ExchangeError, UnsafeArchiveError, UnsafeXMLError
from workbench.interop.qdpx import (
    Limits,
    OffsetMap,
    QdpxCase,
    QdpxCoding,
    QdpxProject,
    QdpxSource,
    QdpxUser,
    derived_guid,
    read_qdpx,
    to_qde_tree,
    write_qdpx,
)

REFI = Path(__file__).parents[1] / "data" / "refi"
SCHEMA = etree.XMLSchema(etree.parse(str(REFI / "Project.xsd")))
TEXT = "Café De Zonnebloem: ik voelde me zó alleen… Toen kwam Ëlla met soep 👵🏽 en nu ben ik blij. Naïef? Nee!"


def qde_of(path: Path) -> etree._ElementTree:
    with zipfile.ZipFile(path) as zf:
        return etree.parse(io.BytesIO(zf.read("project.qde")))


def small_project(small_yaml: Path, text: str = TEXT, codings: list[tuple[int, int, str, str]] | None = None, users: tuple[str, ...] = ("anna", "ben")) -> QdpxProject:
    cb = Codebook.from_yaml(small_yaml)
    code_guids = {c.id: derived_guid("code", c.id) for c in cb.codes}
    user_objs = tuple(QdpxUser(derived_guid("user", u), u) for u in users)
    source = QdpxSource(guid=derived_guid("doc", "a"), name="austerlitz/interview-01", text=text, variables={"role": "bewoner", "date": "2024-03-14", "leeftijd": 81})
    if codings is None:
        alone = (text.index("ik voelde"), text.index("…") + 1)
        grandma = (text.index("👵"), text.index("👵") + 2)
        codings = [(*alone, "eenzaamheid", "anna"), (*alone, "eenzaamheid", "ben"), (*alone, "verbinding", "ben"), (*grandma, "verbinding", "anna")]
    qcodings = tuple(
        QdpxCoding(guid=derived_guid("coding", str(i)), source_guid=source.guid, start=s, end=e, code_guid=code_guids[code], user_guid=derived_guid("user", user), memo="memo" if i == 0 else None)
        for i, (s, e, code, user) in enumerate(codings)
    )
    return QdpxProject(
        name="Test", codebook=cb, code_guids=code_guids, users=user_objs, sources=(source,), codings=qcodings,
        cases=(QdpxCase(derived_guid("case", "A"), "Austerlitz Zorgt", (source.guid,)),),
        variable_types={"role": "Text", "date": "Date", "leeftijd": "Integer"},
        variable_guids={k: derived_guid("var", k) for k in ("role", "date", "leeftijd")},
        creating_user=user_objs[0].guid, created="2024-05-01T10:00:00Z",
    )


# -- export ---------------------------------------------------------------------------------
def test_qdpx_export_validates_against_xsd(small_yaml: Path, tmp_path: Path) -> None:
    out = write_qdpx(small_project(small_yaml), tmp_path / "study.qdpx")
    tree = qde_of(out)
    SCHEMA.assertValid(tree)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert [u.get("name") for u in tree.findall("q:Users/q:User", ns)] == ["anna", "ben"]
    assert tree.find("q:Sets/q:Set", ns).get("name") == "uitkomsten"
    assert tree.find("q:Cases/q:Case", ns).get("name") == "Austerlitz Zorgt"
    assert tree.find(".//q:Note/q:PlainTextContent", ns).text == "memo"
    # one selection per span and coder, each with that coder's codings
    selections = tree.findall(".//q:PlainTextSelection", ns)
    assert len(selections) == 3
    for sel in selections:
        assert {c.get("creatingUser") for c in sel.findall("q:Coding", ns)} == {sel.get("creatingUser")}
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert names[0] == "project.qde" and all(n.startswith("Sources/") and n.endswith(".txt") for n in names[1:])
        assert not zf.read(names[1]).startswith(b"\xef\xbb\xbf")


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


def test_qdpx_export_never_writes_empty_sets(small_yaml: Path, tmp_path: Path) -> None:
    small_yaml.write_text(small_yaml.read_text().replace("groups:\n  - name: uitkomsten\n    codes: [eenzaamheid, thuis]\n", ""))
    tree = to_qde_tree(small_project(small_yaml))
    assert b"Sets" not in etree.tostring(tree)
    SCHEMA.assertValid(tree)


_CHARS = st.sampled_from(list("abc De\n.:") + ["é", "ë", "ï", "ö", "👵", "😢", "—", "’"])


@st.composite
def projects(draw: st.DrawFn, small_yaml: Path) -> QdpxProject:
    texts = draw(st.lists(st.text(_CHARS, min_size=1, max_size=60), min_size=1, max_size=3))
    users = draw(st.lists(st.sampled_from(["anna", "ben", "suggester:rules@1", "Zoë"]), min_size=1, max_size=3, unique=True))
    base = small_project(small_yaml, users=tuple(users), codings=[])
    sources, codings = [], []
    for i, text in enumerate(texts):
        src = QdpxSource(guid=derived_guid("doc", str(i)), name=f"doc-{i}", text=text)
        sources.append(src)
        for j in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            code = draw(st.sampled_from(sorted(base.code_guids)))
            user = draw(st.sampled_from(users))
            codings.append(QdpxCoding(guid=derived_guid("coding", f"{i}/{j}"), source_guid=src.guid, start=start, end=end, code_guid=base.code_guids[code], user_guid=derived_guid("user", user), memo=draw(st.none() | st.just("Memo: é 👵"))))
    from dataclasses import replace

    return replace(base, sources=tuple(sources), codings=tuple(codings), cases=())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_qdpx_plain_round_trip(small_yaml: Path, tmp_path: Path, data: st.DataObject) -> None:
    project = data.draw(projects(small_yaml))
    back = read_qdpx(write_qdpx(project, tmp_path / "rt.qdpx"))
    SCHEMA.assertValid(qde_of(tmp_path / "rt.qdpx"))
    assert [(s.guid, s.name, s.text) for s in back.sources] == [(s.guid, s.name, s.text) for s in project.sources]
    key = lambda c: (c.source_guid, c.start, c.end, c.code_guid, c.user_guid, c.guid, c.memo)  # noqa: E731
    assert sorted(map(key, back.codings)) == sorted(map(key, project.codings))
    assert back.codebook.codes == project.codebook.codes and back.codebook.groups == project.codebook.groups
    assert back.code_guids == project.code_guids
    assert [(u.guid, u.name) for u in back.users] == [(u.guid, u.name) for u in project.users]
    for c in back.codings:
        text = next(s.text for s in back.sources if s.guid == c.source_guid)
        assert 0 <= c.start < c.end <= len(text)


# -- import of real and tool-shaped exports -------------------------------------------------
def test_qdpx_import_atlas_samples() -> None:
    blank = read_qdpx(REFI / "blank-atlas-project.qdpx")
    assert blank.name == "blank-atlas-project" and [u.name for u in blank.users] == ["Enric Llagostera", "ATLAS.ti"]
    assert blank.codebook.codes == () and blank.sources == () and blank.problems == ()
    target = read_qdpx(REFI / "target-atlas-project.qdpx")
    codes = {c.id: c for c in target.codebook.codes}
    assert codes["commits"].children == ("2022-05-10t02-05-59z-19e4dce", "2022-02-11t10-39-25z-cdbfd92")
    assert target.code_guids["commits"] == "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"
    assert codes["2022-05-10t02-05-59z-19e4dce"].label["nl"] == "2022-05-10T02:05:59Z 19e4dce"
    assert any("zonder beschrijving" in p for p in target.problems)


def coded(project: QdpxProject) -> set[tuple[str, str, str]]:
    """(code id, user name, coded text) for every coding."""
    texts = {s.guid: s.text for s in project.sources}
    return {(project.code_id(c.code_guid), getattr(project.user(c.user_guid), "name", None), texts[c.source_guid][c.start : c.end]) for c in project.codings}


ALONE = "Eerst voelde ik me zo alleen, na de dood van mijn man."
VOL = "Nu komt er elke week een vrijwilliger."


@pytest.mark.parametrize("name", ["nvivo_windows", "nvivo_mac"])
def test_qdpx_import_nvivo(name: str) -> None:
    project = read_qdpx(REFI / f"{name}.qdpx")
    # sources/ in lower case, a BOM, CRLF, one selection per code, UTF-16 offsets around an emoji
    assert coded(project) >= {
        ("eenzaamheid", "Anna de Boer", ALONE + " 😢"), ("verlies-partner", "Anna de Boer", ALONE + " 😢"),
        ("eenzaamheid", "Bram", ALONE + " 😢"), ("vrijwilligers", "Bram", VOL),
    }
    texts = {s.name: s for s in project.sources}
    assert not texts["Interview bewoner"].text.startswith("\ufeff") and "\r" not in texts["Interview bewoner"].text
    assert texts["Interview bewoner"].variables == {"Initiatief": "Austerlitz Zorgt"}
    assert project.cases[0].name == "Austerlitz Zorgt" and project.cases[0].variables == {"Rol": "bewoner"}
    if name == "nvivo_mac":  # a coding on a whole source, GUIDs in braces
        assert ("vrijwilligers", "Bram", texts["Mantelzorger"].text) in coded(project)


def test_qdpx_import_maxqda() -> None:
    project = read_qdpx(REFI / "maxqda.qdpx")
    assert coded(project) == {("eenzaamheid", "Anna de Boer", ALONE), ("vrijwilligers", "Anna de Boer", VOL), ("eenzaamheid", "Anna de Boer", "Ik kan het niet meer alleen.")}
    memo = next(c.memo for c in project.codings if c.memo)
    assert memo == "Sterk voorbeeld van eenzaamheid na verlies."
    interview = next(s for s in project.sources if s.name == "Interview bewoner.docx")
    assert interview.variables == {"Rol": "bewoner", "Leeftijd": 81, "Datum": "2024-03-14"}
    assert project.codebook.groups[0].name == "Uitkomsten" and project.codebook.groups[0].codes == ("eenzaamheid",)
    problems = "\n".join(project.problems)
    assert "bron 'Verdwenen verslag.txt': het tekstbestand" in problems and "zit niet in het archief" in problems
    assert "1 bron(nen) van de soort PDFSource weggelaten" in problems and "koppelingen tussen objecten weggelaten" in problems


def test_qdpx_what_is_left_out_in_english() -> None:
    """The problems are written in the interface language when the project is read."""
    from workbench.i18n import set_language

    set_language("en")
    problems = "\n".join(read_qdpx(REFI / "maxqda.qdpx").problems)
    assert "source 'Verdwenen verslag.txt': its text file" in problems and "is not in the archive" in problems
    assert "1 PDFSource(s) left out" in problems and "links between objects left out" in problems
    assert "weggelaten" not in problems


def test_qdpx_import_qualcoder() -> None:
    project = read_qdpx(REFI / "qualcoder.qdpx")
    assert coded(project) == {("eenzaamheid", "anna", "Eerst voelde ik me zo alleen"), ("eenzaamheid", "bram", "Eerst voelde ik me zo alleen"), ("vrijwilligers", "bram", VOL)}
    assert {c.memo for c in project.codings} == {"Eerste keer dat ze het zegt.", None}
    assert project.sources[0].memo == "Afgenomen in het buurthuis."
    assert project.cases[0].name == "Voorzorgcirkels"
    assert project.codebook.get("eenzaamheid").definition == "Memo bij de code: zich alleen voelen."


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


def test_qdpx_import_transcript_of_a_recording() -> None:
    project = read_qdpx(REFI / "maxqda_audio.qdpx")
    [source] = project.sources
    assert source.name == "Interview bewoner" and source.text.startswith("Interviewer:")
    assert coded(project) == {("eenzaamheid", "Anna de Boer", ALONE), ("vrijwilligers", "Anna de Boer", VOL)}
    assert project.cases[0].source_guids == (source.guid,)
    assert any("1 fragment(en) van de opname zelf (op tijd gemarkeerd) weggelaten" in p for p in project.problems)


def test_qdpx_reads_a_bare_qde_and_refuses_bad_options(tmp_path: Path) -> None:
    """A project.qde on its own (text inline) reads like a .qdpx; wrong option values are named."""
    qde = tmp_path / "project.qde"
    with zipfile.ZipFile(REFI / "qualcoder.qdpx") as zf:
        qde.write_bytes(zf.read("project.qde"))
    assert coded(read_qdpx(qde)) == coded(read_qdpx(REFI / "qualcoder.qdpx"))
    with pytest.raises(ExchangeError, match="onbekende waarde 'bytes' voor --offsets. Oplossing: kies uit: auto, codepoints, utf16"):
        read_qdpx(qde, offsets="bytes")
    with pytest.raises(ExchangeError, match="het bestand bestaat niet"):
        read_qdpx(tmp_path / "missing.qdpx")
