"""Provisions: recognise legislative numbering in Markdown and build a tree with stable ids."""
