"""REFI-QDA projects (``.qdpx``): whole studies to and from ATLAS.ti, MAXQDA, NVivo, QualCoder.

A ``.qdpx`` is a zip holding ``project.qde`` (XML, root ``<Project
xmlns="urn:QDA-XML:project:1.0">``) and the source texts in ``Sources/``. The first half
of this module is the file format: :func:`read_qdpx` and :func:`write_qdpx` turn one into
a :class:`QdpxProject` (plain objects) and back. The second half moves a project between
the file and a study: :func:`export_qdpx` and :func:`import_qdpx` (through the corpus
ingest, the coding API and the store's GUIDs, :mod:`workbench.store.exchange`).

What goes where (export):

====================  ===========================================================
workbench             REFI-QDA
====================  ===========================================================
coders                ``<Users>`` (suggesters only with ``include_suggestions``)
codebook              ``<CodeBook>``: nesting, ``isCodable``, colour, the sectioned
                      ``<Description>`` of :mod:`workbench.codebook.refi`
code groups           ``<Sets>`` with ``<MemberCode>``
documents             ``<TextSource plainTextPath="internal://GUID.txt">`` plus
                      ``Sources/GUID.txt`` (UTF-8, no BOM, the pseudonymised text)
codings               one ``<PlainTextSelection>`` per span and coder, holding one
                      ``<Coding>`` per code, both with that coder as creatingUser
initiatives           ``<Cases>`` with a ``<SourceRef>`` per document
metadata              ``<Variables>`` and a ``<VariableValue>`` per document
coding memos          ``<Notes>``, referenced by a ``<NoteRef>`` in the ``<Coding>``
====================  ===========================================================

Offsets (``startPosition``, ``endPosition``) count Unicode code points of the plain
text (as Python does), zero-based, end exclusive: ``é`` is one, ``👵`` is one.

Import reads what real tools write: ATLAS.ti, NVivo (``sources/`` in lower case, a BOM
at the start of a .txt, one selection repeated per code), MAXQDA (notes as ``<Notes>``,
codings without a user), QualCoder (memos in ``<Description>``, ``PlainTextContent``
inline). A BOM is not counted; ``\r\n`` counts as one character once read (it becomes
``\n``), and text is put in NFC with offsets carried along. What the study cannot hold
(pictures, PDF, audio, video, links, graphs, notes on codes) is listed in
``QdpxProject.problems``, never dropped silently; a source whose file is missing is
reported by name.

Security: an archive is untrusted. Member names that leave the archive (``..``, absolute
paths, drive letters), links, encrypted members, too many or too large members (zip
bombs) are refused with :class:`UnsafeArchiveError`; XML with a DOCTYPE or entities
with :class:`UnsafeXMLError`; broken XML or zip with :class:`ExchangeError`. Nothing is
extracted to disk: members are read into memory, within the limits.

Example:
    >>> project = read_qdpx("atlas-export.qdpx")          # doctest: +SKIP
    >>> [s.name for s in project.sources], project.problems   # doctest: +SKIP
    >>> write_qdpx(project, "copy.qdpx")                   # doctest: +SKIP


The parts, one module each: :mod:`.project` (the plain objects), :mod:`.archive`
(archive safety), :mod:`.read` (reading the XML), :mod:`.write` (writing),
:mod:`.offsets` (positions), :mod:`.guids`, :mod:`.study_export` and :mod:`.study_import`
(mapping to and from the study).
"""

from __future__ import annotations

from .archive import Limits, decode_source
from .offsets import OffsetMap
from .project import (
    NS,
    PROJECT_FILE,
    VARIABLE_TYPES,
    QdpxCase,
    QdpxCoding,
    QdpxProject,
    QdpxSource,
    QdpxUser,
    derived_guid,
    variable_type,
)
from .read import read_qdpx, validate_qde
from .study_export import ExportReport, export_qdpx, study_to_project
from .study_import import ImportReport, import_qdpx
from .write import to_qde_tree, write_qdpx

__all__ = [
    "NS", "PROJECT_FILE", "VARIABLE_TYPES", "ExportReport", "ImportReport", "Limits", "OffsetMap",
    "QdpxCase", "QdpxCoding", "QdpxProject", "QdpxSource", "QdpxUser", "decode_source", "derived_guid",
    "export_qdpx", "import_qdpx", "read_qdpx", "study_to_project", "to_qde_tree", "validate_qde",
    "variable_type", "write_qdpx",
]
