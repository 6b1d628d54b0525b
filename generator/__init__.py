"""Docket: publish draft legislation as a static site and take public comment on it."""

__version__ = "0.1.0"
