"""Drafts as loaded (metadata read and checked, texts waiting to be parsed), kept between
builds while their files are unchanged.

Reading and checking the YAML of 1,000 drafts and 2,000 front matters takes most of a second,
and an edit changes one of them. Each draft is kept in ``.docket-cache/drafts-<code>/`` as a
pickle, with what loading it found, under a key over the hash of its folder's files (see
``fingerprints.Inputs``), everything that can change every draft (``site.yaml``, Docket itself) and
the project's place on disk (the paths in problems and in the model).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path

from ..fingerprints import Inputs, digest
from ..model import Draft
from ..problems import Problem

Loaded = tuple[Draft | None, list[Problem]]


class DraftCache:
    def __init__(self, folder: Path, root: Path, inputs: Inputs):
        self.folder = folder
        self.keys = {slug: digest(inputs.key, str(root), h) for slug, h in inputs.drafts.items()}

    def get(self, slug: str) -> Loaded | None:
        """The draft and its problems, if its files are those it was kept for."""
        key = self.keys.get(slug)
        if key is None:
            return None
        try:
            with open(self.folder / f"{slug}.pickle", "rb") as f:
                kept_key, loaded = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError,
                AttributeError, ImportError):
            return None
        return loaded if kept_key == key else None

    def put(self, slug: str, loaded: Loaded) -> None:
        """Keep a freshly loaded draft (written whole or not at all; never fails a build)."""
        key = self.keys.get(slug)
        if key is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump((key, loaded), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{slug}.pickle")
        except (OSError, pickle.PicklingError):
            pass

    def sweep(self) -> None:
        """Delete what is kept for drafts that are gone."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if entry.name.removesuffix(".pickle") not in self.keys:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
