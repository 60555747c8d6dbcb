"""Errors that reach the user as a single line (the CLI prints them without a traceback)."""


class JuesuanError(Exception):
    """Base class: the message is a complete one-line explanation for the user."""

    exit_code = 2

    def _render_traceback_(self) -> list[str]:
        """In a notebook (IPython) the error shows as its one line, not as a traceback."""
        return [f"{type(self).__name__}: {self}"]


class InputError(JuesuanError):
    """The input file cannot be read as a text disclosure (missing, empty, binary, undecodable)."""


class NotADisclosureError(JuesuanError):
    """The text decodes but is not a department final-accounts disclosure."""


class ParameterError(JuesuanError):
    """A command-line or notebook parameter is malformed or names nothing that exists."""


class CatalogError(JuesuanError):
    """The raw-data catalog is inconsistent (sidecar missing, checksum mismatch, ...)."""


class PdfError(InputError):
    """A PDF cannot be read: not a PDF, truncated, encrypted, damaged, or no text layer at all."""


class RunError(JuesuanError):
    """A run could not do its work (a scheduler out of reach, an output that cannot be written):
    exit status 1, like a failed report; the previous outputs are kept."""

    exit_code = 1
