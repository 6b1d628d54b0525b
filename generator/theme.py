"""Where templates come from: the built-in theme, overridden file by file by the project's."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def theme_dir() -> Path:
    """The built-in theme: packaged as generator/theme, or templates/ in a source checkout."""
    packaged = PACKAGE_DIR / "theme"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "templates"


def template_dirs(project_root: Path) -> list[Path]:
    """Project templates first, so any file there overrides the theme file of the same name."""
    dirs = [project_root / "templates", theme_dir()]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique
