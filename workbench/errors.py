"""Every exception and warning of the workbench, in one place.

Each class inherits :class:`WorkbenchError` and a built-in, so callers can keep their
``except ValueError``. Each message says three things: what was wrong, the value that
was received (file and line where there is one) and what to do next. Messages never
contain transcript text: interview data is about vulnerable people.

The parts are written in the interface language where the error is raised (build them
with :func:`workbench.i18n.t`, see that module for how to add messages); the frame
around them ("Oplossing:" / "Fix:") follows their language. Plain strings are the
English messages not yet moved into the catalogue.

Example:
    >>> raise ConfigError("workbench.toml", "unknown key [corpus].pathz", "write 'paths'")
    Traceback (most recent call last):
    ...
    workbench.errors.ConfigError: workbench.toml: unknown key [corpus].pathz. Fix: write 'paths'
"""

from __future__ import annotations

from workbench.i18n import _LANGUAGE_ERROR
from workbench.i18n import add as _add


def _restore(cls: type[WorkbenchError], args: tuple[object, ...], state: dict[str, object]) -> WorkbenchError:
    err = cls.__new__(cls, *args)
    err.args = args
    err.__dict__.update(state)
    return err


class WorkbenchError(Exception):
    """Base of all workbench errors. The CLI prints these as one line and exits 1."""

    def __reduce__(self) -> tuple[object, ...]:
        # rebuilt as it was (where, what, fix kept), not by calling __init__ with the
        # message: an error raised in a worker process (reports run with --jobs) comes back whole
        return (_restore, (self.__class__, self.args, self.__dict__))


def _compose(where: str | None, what: str, fix: str | None) -> str:
    from workbench.i18n import t

    message = f"{where}: {what}" if where else what
    if fix:
        # the frame speaks the language of the parts: a catalogue text (i18n.Message) knows
        # its language; a plain string is one of the English messages not yet translated
        lang = getattr(fix, "lang", None) or getattr(what, "lang", None) or "en"
        message = f"{message.rstrip('.')}. {t('fix', lang)}: {fix}"
    return message


class _Located(WorkbenchError):
    """An error with a place (file, maybe line), a description and a fix."""

    def __init__(self, where: str | None, what: str, fix: str | None = None) -> None:
        self.where = where
        self.what = what
        self.fix = fix
        super().__init__(_compose(where, what, fix))


class ConfigError(_Located, ValueError):
    """workbench.toml (or a WORKBENCH_* variable) is missing, malformed or inconsistent."""


_LANGUAGE_ERROR[:] = [ConfigError]  # what i18n raises for an unknown --lang (i18n cannot import errors)


class StudyNotFoundError(_Located, FileNotFoundError):
    """No workbench.toml in the folder or its parents."""


class ReadError(_Located, ValueError):
    """A source file cannot be read (empty, binary, corrupt, too large, vanished...)."""


class IngestAborted(_Located, RuntimeError):
    """``--strict`` ingest stopped at the first problem; nothing was stored."""


class IngestInterrupted(_Located, RuntimeError):
    """An ingest stopped partway (Dask gave up on files whose workers kept dying): the
    batches stored before stay; a re-run goes on from there."""


class PseudonymisationError(_Located, RuntimeError):
    """De-identification could not run; nothing was stored."""


class StoreError(_Located, RuntimeError):
    """The database is unusable (newer schema, locked, corrupt)."""


class DocumentNotFoundError(_Located, LookupError):
    """No document with that id in the store."""


class CodebookError(_Located, ValueError):
    """A codebook file is invalid; ``where`` is ``file:line``."""


class CodebookValidationError(CodebookError):
    """Several problems in one codebook file, each with file, line and fix."""

    def __init__(self, path: str, problems: list[CodebookError]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems]
        from workbench.i18n import t

        head = t("codebook_problems", getattr(problems[0].what, "lang", None) or "en" if problems else "en", path=path, n=len(problems))
        _Located.__init__(self, None, head + "\n  " + "\n  ".join(lines))


class UnknownChoiceError(_Located, ValueError):
    """An option got a value outside its fixed set (a unit, a format, a language); the message lists the valid ones."""


class MissingResourceError(_Located, RuntimeError):
    """Something the workbench needs is not installed (e.g. spaCy's Dutch lemma tables); never worked around silently."""


class CodeNotFoundError(_Located, LookupError):
    """No code with that id in the codebook."""


class RetiredCodeError(_Located, ValueError):
    """A retired (or split) code cannot be applied any more."""


class UnsafeXMLError(_Located, ValueError):
    """An XML file uses entities or a DTD; refused to protect against XXE and entity bombs."""


class ExchangeError(_Located, ValueError):
    """A REFI-QDA file does not follow the format."""


class WorkbenchWarning(UserWarning):
    """Base of all workbench warnings."""


class ExchangeWarning(WorkbenchWarning):
    """A REFI-QDA file was imported with a tolerated quirk (e.g. an empty <Sets/>)."""


# -- codebook versions and codings (issue 3) ----------------------------------------------
class CodebookVersionNotFoundError(_Located, LookupError):
    """No stored codebook version with that number."""


class CodebookNotStoredError(_Located, LookupError):
    """A coding refers to a codebook whose content was never stored as a version."""


class CodingError(_Located, ValueError):
    """A coding cannot be applied, removed, accepted or rejected as asked (bad span, coder, no such coding)."""


class RevisionError(_Located, ValueError):
    """A codebook revision (rename, merge, split, retire) cannot be carried out as asked."""


# -- coding tables, suggestions, agreement (issue 7) --------------------------------------
_add("codings_table_problems", nl="{path}: {n} probleem/problemen in de tabel met coderingen", en="{path}: {n} problem(s) in the table of codings")
_add("codings_table_more", nl="... en nog {n}", en="... and {n} more")


class CodingsTableError(_Located, ValueError):
    """A table of codings (import or gold coding) has problems; each names its line and fix."""

    def __init__(self, path: str, problems: list[CodingError]) -> None:
        from workbench.i18n import t

        self.problems = problems
        lang = getattr(problems[0].what, "lang", None) or "en" if problems else "en"  # the language of the problems
        head = t("codings_table_problems", lang, path=path, n=len(problems))
        shown = [str(p) for p in problems[:20]] + ([t("codings_table_more", lang, n=len(problems) - 20)] if len(problems) > 20 else [])
        _Located.__init__(self, None, head + "\n  " + "\n  ".join(shown))


class NotFittedError(_Located, ValueError):
    """A suggester was used before it learned anything (scikit-learn's contract)."""


class SuggestError(_Located, ValueError):
    """Suggestions cannot be made as asked (unknown suggester, no embedding model, too few codings)."""


class AgreementError(_Located, ValueError):
    """Agreement cannot be computed as asked (fewer than two coders, unknown coder or unit)."""


# -- REFI-QDA projects (issue 11) -----------------------------------------------------------
class UnsafeArchiveError(_Located, ValueError):
    """A .qdpx archive is refused: a path that leaves the archive (zip-slip), a link, too
    many or too large members (zip bomb), encryption. Nothing was stored."""


# -- themes (issue 12) ----------------------------------------------------------------------
class EmbeddingError(_Located, RuntimeError):
    """An embedding model cannot be loaded or used (not installed, not on this machine)."""


class ThemeError(_Located, ValueError):
    """Themes cannot be computed, stored or edited as asked (too few segments, unknown theme, no run)."""


# -- review by co-researchers (issue 8) -------------------------------------------------------
class InvitationError(_Located, PermissionError):
    """An invitation link is unknown, malformed, revoked or expired: the review page shows nothing."""


class ReviewError(_Located, ValueError):
    """A review action is refused: the theme, quote or story is not part of this
    reviewer's initiative, or a value is not one of the allowed ones."""


# -- reports (issue 9) ------------------------------------------------------------------
class ReportError(_Located, ValueError):
    """A report cannot be made as asked (unknown initiative, parameter, format, language)."""


class ExportError(_Located, RuntimeError):
    """A report could not be converted (HTML, slides, PDF, PowerPoint)."""


class MixedError(_Located, ValueError):
    """A mixed-methods table cannot be made: unknown variable or code, a unit that does not fit the variable."""
