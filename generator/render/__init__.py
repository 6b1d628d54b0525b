"""Rendering: the Jinja2 environment, the pages a site has, and their context."""
