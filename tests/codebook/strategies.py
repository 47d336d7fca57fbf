"""Hypothesis strategies for codebooks, shared by the YAML and REFI-QDA round-trip tests."""

from __future__ import annotations

from hypothesis import strategies as st

from workbench.codebook import Codebook, build_codebook

_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff\x85") | st.sampled_from(["\n", " ", ":", "#", "'", '"', "é", "ë", "ï", "[", "]", "-", ">", "|", "\\"])
_HEADERS = st.sampled_from(["[include]", "[example]", "\\[id]", "  [exclude]  ", "[label:en]", "[foo bar]", "\\\\[patterns]", "[definition]"])
_pieces = st.lists(st.one_of(st.text(_TEXT_CHARS, min_size=1, max_size=40), _HEADERS), min_size=1, max_size=4)
#: texts as the model keeps them: stripped, \n line ends; lines may look like Description headers
texts = _pieces.map(lambda parts: "\n".join(parts).strip()).filter(bool)
one_line = texts.map(lambda s: " ".join(s.split())).filter(bool)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
keywords = one_line.map(str.lower).map(lambda s: s.strip()).filter(lambda s: s and s == s.lower() and s.strip() == s)
patterns = st.sampled_from([r"voel(de)? me alleen", r"\bthuis\b", r"[Ww]at (heeft|hebt) u nodig", "a|b", " spaties ", "#x: y"])
colors = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    ids = draw(st.lists(slugs, min_size=1, max_size=6, unique=True))
    nodes: list[dict] = []
    parents: dict[str, str | None] = {}
    for i, cid in enumerate(ids):
        parent = draw(st.sampled_from([None, *ids[:i]])) if i else None
        parents[cid] = parent
        node = {
            "id": cid,
            "label": {"nl": draw(one_line), **({"en": draw(one_line)} if draw(st.booleans()) else {})},
            "definition": draw(texts),
            "include": draw(st.one_of(st.just(""), texts)),
            "exclude": draw(st.one_of(st.just(""), texts)),
            "examples": draw(st.lists(texts, max_size=3)),
            "keywords": draw(st.lists(keywords, max_size=3)),
            "patterns": draw(st.lists(patterns, max_size=2)),
            "color": draw(st.one_of(st.none(), colors)),
            "status": "active",
            "children": [],
        }
        nodes.append(node)
    by_id = {n["id"]: n for n in nodes}
    roots = []
    for n in nodes:
        (by_id[parents[n["id"]]]["children"] if parents[n["id"]] else roots).append(n)
    # retire some leaves (a retired code may not have active children)
    for n in nodes:
        if not n["children"] and draw(st.booleans()) and draw(st.booleans()):
            n["status"] = "retired"
    return build_codebook({"id": draw(slugs), "title": {"nl": draw(one_line)}, "language": "nl", "description": draw(st.one_of(st.just(""), texts)), "codes": roots})
