"""The build wing: what makes ``docket build`` correct when it reuses work (state, selection,
publishing, caches). ``run.py`` reads top to bottom: gather, select, render, publish."""
