"""The loader's own shortcuts give what the general functions give."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.loader import _Reader
from generator.problems import display_path


@pytest.mark.parametrize("below", ["drafts/a/draft.yaml", "site.yaml", "drafts", "",
                                   "drafts/../site.yaml", "drafts/a b/01 x.md"])
def test_a_path_is_named_as_display_path_names_it(tmp_path: Path, below: str) -> None:
    root = tmp_path / "project"
    (root / "drafts").mkdir(parents=True)
    reader = _Reader(root)
    for path in [root / below, tmp_path / "elsewhere" / below, tmp_path / ("project-x/" + below)]:
        assert reader.name(path) == display_path(path, root)


def test_the_root_of_the_file_system_as_a_project_names_paths_alike() -> None:
    reader = _Reader(Path("/"))
    for path in [Path("/drafts/a/draft.yaml"), Path("/")]:
        assert reader.name(path) == display_path(path, Path("/"))
