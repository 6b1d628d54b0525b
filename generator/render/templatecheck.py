"""``docket check`` on templates: what a build would find wrong with them, without building.

A project's templates are its own code: a syntax error, a file that is not UTF-8, a template
that includes itself or divides by zero fails the build at its ``path:line``. ``check``
finds the same, by compiling every template of the project and rendering one page of each
template in each interface language (into memory; nothing is written but compiled templates
into ``.docket-cache/``). A failure that depends on one draft's data alone is found by the
build, which renders them all.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from jinja2 import TemplateError

from ..inputfiles import allowed_roots
from ..model import Project
from ..periods import as_moment
from ..problems import Problem, ProblemsFound, has_errors
from ..theme import template_dirs
from .environment import Assets, InputLoader
from .output import Interfaces, interfaces, page_text, template_problem
from .page import Page
from .site import site_pages


def template_problems(project: Project, render: bool = True,
                      now: datetime | None = None) -> list[Problem]:
    """Problems with the project's templates and static files; ``render``: also render one
    page per template and language (only sensible when the drafts themselves are sound)."""
    config = project.config
    roots = allowed_roots(project.root, config.allow_outside_root)
    assets = Assets.collect(template_dirs(project.root), roots)
    problems = set(assets.problems)
    if has_errors(assets.problems):
        return sorted(problems)
    envs = interfaces(project.root, config, assets)
    problems.update(compile_problems(envs))
    if render and not has_errors(list(problems)):
        tz = config.tz
        now = as_moment(now, tz) if now else datetime.now(tz)  # (--now may name no zone)
        for page in samples(project, now):
            try:
                page_text(envs, config, now, page)
            except ProblemsFound as exc:
                problems.update(exc.problems)
    return sorted(problems)


def compile_problems(envs: Interfaces) -> list[Problem]:
    """Every template of the project's own compiled (the theme's are Docket's code): a
    broken one is found even if no page uses it yet. Compiled templates are kept, so a
    build's rendering then finds them ready."""
    problems = []
    env = next(iter(envs.values()))[0]
    for loader in getattr(env.loader, "loaders", []):
        if isinstance(loader, InputLoader):
            for name in loader.list_templates():
                if name.endswith((".html", ".xml")) and not name.startswith("static/"):
                    try:
                        env.get_template(name)
                    except TemplateError as exc:
                        problems.append(template_problem(exc, name))
    return problems


def samples(project: Project, now: datetime) -> list[Page]:
    """The first page of each template in each interface language, as a build plans them."""
    first: dict[tuple[str, str], Page] = {}
    for page in site_pages(project, now):
        if page.data is None and page.template:  # (a PDF's template: as HTML, not printed)
            first.setdefault((page.language or "", page.template), replace(page, pdf=False))
    return list(first.values())
