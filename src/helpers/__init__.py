"""juesuan helpers: read, extract, audit and report department final-accounts disclosures."""

__version__ = "0.1.0"
