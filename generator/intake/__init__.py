"""The built-in intake service: receives comments from the form and stores them durably.

``app.py`` (the Starlette routes), ``forms.py`` (a form's fields, UTF-8 only),
``validate.py`` (what is accepted), ``store.py`` (SQLite, one writer committing in groups),
``catalog.py`` (what the service knows of the drafts), ``ratelimit.py``, ``proxies.py``
(whose ``X-Forwarded-For`` is believed) and ``tracking.py``.  Run it with ``docket serve``
or ``docket intake``.
"""
