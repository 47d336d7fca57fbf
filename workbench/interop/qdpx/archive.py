"""Archive safety: an untrusted .qdpx is opened with limits on members, sizes and names (no zip-slip, no zip bomb, no links)."""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from workbench.errors import ExchangeError, UnsafeArchiveError
from workbench.i18n import add, t

from .project import PROJECT_FILE, _number

_DRIVE = re.compile(r"^[A-Za-z]:")
add("qdpx_file_missing", nl="het bestand bestaat niet", en="the file does not exist")
add("qdpx_file_missing_fix", nl="controleer de map en de naam van het bestand", en="check the folder and the file name")
add(
    "qdpx_not_zip",
    nl="dit is geen REFI-QDA-project (.qdpx): het is geen leesbaar zip-archief ({error})",
    en="not a .qdpx project (not a readable zip archive: {error})",
)
add(
    "qdpx_not_zip_fix",
    nl="exporteer het project opnieuw uit het programma waar het vandaan komt, als REFI-QDA-project (.qdpx)",
    en="export the project again from its tool as REFI-QDA project (.qdpx)",
)
add(
    "qdpx_trust_fix",
    nl="bekijk het bestand; vertrouwt u het project, verhoog dan de grens in een notebook: import_qdpx(..., limits=Limits(...))",
    en="check the file; only for a project you trust, raise the limit in a notebook: import_qdpx(..., limits=Limits(...))",
)
add("qdpx_do_not_import_fix", nl="importeer dit bestand niet; vraag de afzender het project opnieuw te exporteren", en="do not import this file; ask the sender to export it again")
add("qdpx_bomb_fix", nl="importeer dit bestand niet", en="do not import this file")
add("qdpx_too_many_members", nl="het archief bevat {n} bestanden (de grens is {limit})", en="the archive has {n} members (limit {limit})")
add(
    "qdpx_member_leaves",
    nl="het bestand {name} in het archief zou buiten het archief worden uitgepakt (een bekende aanval, 'zip-slip')",
    en="member {name} has a path that leaves the archive (zip-slip)",
)
add("qdpx_member_link", nl="het bestand {name} in het archief is een verwijzing naar een ander bestand (een symbolische link)", en="member {name} is a symbolic link")
add("qdpx_member_encrypted", nl="het bestand {name} in het archief is versleuteld", en="member {name} is encrypted")
add("qdpx_member_encrypted_fix", nl="exporteer het project opnieuw zonder wachtwoord", en="export the project again without a password")
add("qdpx_member_too_large", nl="het bestand {name} in het archief is uitgepakt {size} bytes groot (de grens is {limit})", en="member {name} unpacks to {size} bytes (limit {limit})")
add(
    "qdpx_member_bomb",
    nl="het bestand {name} in het archief wordt uitgepakt {ratio} keer zo groot (een 'zipbom': een klein bestand dat de computer vol laat lopen)",
    en="member {name} unpacks {ratio} times its size (a zip bomb)",
)
add("qdpx_total_too_large", nl="uitgepakt wordt het archief groter dan {limit} bytes", en="the archive unpacks to more than {limit} bytes")
add("qdpx_member_unreadable", nl="dit deel van het archief kan niet worden uitgepakt ({error})", en="the member cannot be unpacked ({error})")
add("qdpx_member_unreadable_fix", nl="exporteer het project opnieuw", en="export the project again")
add(
    "qdpx_member_lies",
    nl="uitgepakt wordt dit deel van het archief groter dan het archief opgeeft (een 'zipbom': een klein bestand dat de computer vol laat lopen)",
    en="the member unpacks to more than it declares (a zip bomb)",
)
add("qdpx_no_project", nl="in het archief staat geen project.qde (het bestand met het project zelf)", en="the archive holds no project.qde")
add(
    "qdpx_no_project_fix",
    nl="kies een REFI-QDA-project (.qdpx) dat is geëxporteerd uit ATLAS.ti, MAXQDA, NVivo of QualCoder",
    en="choose a REFI-QDA project (.qdpx) exported by ATLAS.ti, MAXQDA, NVivo or QualCoder",
)


# -- reading: the archive -------------------------------------------------------------------
@dataclass(frozen=True)
class Limits:
    """Size limits for an untrusted archive (zip bombs); raise them for very large studies."""

    max_members: int = 20_000
    max_member_bytes: int = 256 * 2**20
    max_total_bytes: int = 1024 * 2**20
    #: a member over 1 MB that unpacks to more than this many times its packed size is a bomb
    max_ratio: int = 200


def _safe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name):
        return False
    return all(part not in ("..",) for part in PurePosixPath(name).parts)


class _Archive:
    """The members of a checked zip, read into memory on demand within the limits."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise ExchangeError(str(path), t("qdpx_file_missing"), t("qdpx_file_missing_fix")) from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExchangeError(str(path), t("qdpx_not_zip", error=exc), t("qdpx_not_zip_fix")) from None
        infos = self.zip.infolist()
        if len(infos) > limits.max_members:
            raise UnsafeArchiveError(str(path), t("qdpx_too_many_members", n=_number(len(infos)), limit=_number(limits.max_members)), t("qdpx_trust_fix"))
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if not _safe_name(info.filename):
                raise UnsafeArchiveError(str(path), t("qdpx_member_leaves", name=repr(info.filename)), t("qdpx_do_not_import_fix"))
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise UnsafeArchiveError(str(path), t("qdpx_member_link", name=repr(info.filename)), t("qdpx_do_not_import_fix"))
            if info.flag_bits & 0x1:
                raise UnsafeArchiveError(str(path), t("qdpx_member_encrypted", name=repr(info.filename)), t("qdpx_member_encrypted_fix"))
            if info.file_size > limits.max_member_bytes:
                raise UnsafeArchiveError(
                    str(path), t("qdpx_member_too_large", name=repr(info.filename), size=_number(info.file_size), limit=_number(limits.max_member_bytes)), t("qdpx_trust_fix"),
                )
            if info.file_size > 2**20 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UnsafeArchiveError(str(path), t("qdpx_member_bomb", name=repr(info.filename), ratio=_number(info.file_size // max(info.compress_size, 1))), t("qdpx_bomb_fix"))
            total += info.file_size
            if total > limits.max_total_bytes:
                raise UnsafeArchiveError(str(path), t("qdpx_total_too_large", limit=_number(limits.max_total_bytes)), t("qdpx_trust_fix"))
            if not info.is_dir():
                self.members[info.filename] = info
        self._lower = {name.lower(): name for name in self.members}

    def find(self, name: str) -> str | None:
        """A member by name, ignoring case (NVivo writes ``sources/``)."""
        return self.members.get(name) and name or self._lower.get(name.lower())

    def read(self, name: str) -> bytes:
        info = self.members[name]
        cap = min(self.limits.max_member_bytes, info.file_size)
        try:
            with self.zip.open(info) as fh:
                data = fh.read(cap + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise ExchangeError(f"{self.path}!{name}", t("qdpx_member_unreadable", error=exc), t("qdpx_member_unreadable_fix")) from None
        if len(data) > cap:
            raise UnsafeArchiveError(f"{self.path}!{name}", t("qdpx_member_lies"), t("qdpx_bomb_fix"))
        return data

    def project_member(self) -> str:
        candidates = [n for n in self.members if n.lower().endswith(".qde")]
        top = [n for n in candidates if "/" not in n]
        if not candidates:
            raise ExchangeError(str(self.path), t("qdpx_no_project"), t("qdpx_no_project_fix"))
        chosen = sorted(top or candidates, key=lambda n: (n.lower() != PROJECT_FILE, n))
        return chosen[0]


def decode_source(data: bytes) -> tuple[str, str]:
    """Text of a source file: UTF-8 (BOM dropped, not counted), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"
