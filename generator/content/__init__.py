"""Content: read a project's files into the model, reporting every problem with its line."""
