"""The built-in intake service: receives comments from the form and stores them durably.

``app.py`` (the Starlette routes), ``validate.py`` (what is accepted), ``store.py`` (SQLite,
one writer committing in groups), ``catalog.py`` (what the service knows of the drafts),
``ratelimit.py`` and ``tracking.py``.  Run it with ``docket serve`` or ``docket intake``.
"""
