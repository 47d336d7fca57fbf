"""Writing a project (workbench.interop.qdpx.write): valid against the schema, no empty parts, round trips."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from qdpx_fixtures import SCHEMA, projects, qde_of, small_project

from workbench.interop.qdpx import (
    read_qdpx,
    to_qde_tree,
    write_qdpx,
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


def test_qdpx_export_never_writes_empty_sets(small_yaml: Path, tmp_path: Path) -> None:
    small_yaml.write_text(small_yaml.read_text().replace("groups:\n  - name: uitkomsten\n    codes: [eenzaamheid, thuis]\n", ""))
    tree = to_qde_tree(small_project(small_yaml))
    assert b"Sets" not in etree.tostring(tree)
    SCHEMA.assertValid(tree)


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
