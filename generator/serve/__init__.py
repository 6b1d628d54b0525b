"""The serve wing: ``docket serve`` (the server, the watcher that rebuilds, live reload, the
in-memory preview of a save) and the site it serves: only what the last build published."""
