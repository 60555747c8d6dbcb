"""juesuan helpers: read, extract, audit and report department final-accounts disclosures."""

__version__ = "0.1.0"


def _skip_slow_optional_imports() -> None:
    """jsonschema (imported by nbformat) builds an RFC 3987 grammar with lark at import time,
    1-3 s, only to validate "iri" string formats that notebooks never use. Marking the optional
    module as absent makes jsonschema skip that format checker."""
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


_skip_slow_optional_imports()
