"""Shared by the qdpx tests: the REFI samples, the schema, a small project and a Hypothesis strategy of projects."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import strategies as st
from lxml import etree

from workbench.codebook import Codebook
from workbench.interop.qdpx import (
    QdpxCase,
    QdpxCoding,
    QdpxProject,
    QdpxSource,
    QdpxUser,
    derived_guid,
)

REFI = Path(__file__).parents[2] / "data" / "refi"
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


def coded(project: QdpxProject) -> set[tuple[str, str, str]]:
    """(code id, user name, coded text) for every coding."""
    texts = {s.guid: s.text for s in project.sources}
    return {(project.code_id(c.code_guid), getattr(project.user(c.user_guid), "name", None), texts[c.source_guid][c.start : c.end]) for c in project.codings}


ALONE = "Eerst voelde ik me zo alleen, na de dood van mijn man."
VOL = "Nu komt er elke week een vrijwilliger."
