"""``docket``: thin commands that parse arguments, call one function and print the result."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .memory import tune_collector
from .problems import Problem, ProblemsFound

if TYPE_CHECKING:
    from rich.console import Console

    from .build.state import BuildResult, Survey


@functools.cache
def console(stderr: bool = False) -> Console:
    """rich's console for stdout or stderr, imported on first use: a build with nothing to
    do is over in about the time importing rich takes."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def report(problems: list[Problem]) -> None:
    """Every problem as ``path:line: message``, errors and warnings alike, then a count."""
    for p in problems:
        style = "red" if p.is_error else "yellow"
        console(stderr=True).print(str(p), style=style, markup=False, soft_wrap=True)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if problems:
        console(stderr=True).print(f"{errors} error(s), {warnings} warning(s)", style="bold",
                                   markup=False)


def parse_now(value: str | None) -> datetime | None:
    """``--now`` (or DOCKET_NOW) pins the clock, for reproducible builds and tests."""
    value = value or os.environ.get("DOCKET_NOW")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise SystemExit(
            f"docket: invalid --now {value!r}: use ISO 8601, e.g. 2026-12-01T09:00"
        ) from exc
    return moment


def cmd_build(args: argparse.Namespace) -> int:
    from .build.state import survey

    root = args.root.resolve()
    out = (args.out or root / "site").absolute()
    now = parse_now(args.now)
    surveyed = survey(root, out, now, args.clean)
    if surveyed.current:  # nothing to do: answered without loading drafts or templates
        result = surveyed.unchanged(out)
    else:
        result = full_build(args, root, out, now, surveyed)
    report(result.problems)
    if not args.quiet:
        print(result.summary())  # plain: rich is not loaded on a build with nothing to do
    return 0


def full_build(args: argparse.Namespace, root: Path, out: Path, now: datetime | None,
               surveyed: Survey) -> BuildResult:
    """``build`` with a progress bar on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .build.run import build

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
        disable=args.quiet or not console(stderr=True).is_terminal,
    ) as bar:
        task = bar.add_task("Reading drafts", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        return build(root, out, now, progress, args.jobs, clean=args.clean, surveyed=surveyed)


def cmd_check(args: argparse.Namespace) -> int:
    from .content.loader import load_project

    loaded = load_project(args.root, now=parse_now(args.now))
    problems = loaded.problems
    if loaded.project is not None:  # templates: compiled; rendered if the drafts are sound
        from .render.templatecheck import template_problems

        problems = sorted(problems + template_problems(loaded.project, render=loaded.ok,
                                                       now=parse_now(args.now)))
    report(problems)
    if not loaded.ok or any(p.is_error for p in problems):
        return 1
    project = loaded.project
    versions = sum(len(d.versions) for d in project.drafts)
    provisions = sum(len(v.index) for d in project.drafts for v in d.versions)
    console().print(
        f"OK: {len(project.drafts)} drafts, {versions} versions, {provisions} provisions",
        markup=False,
        soft_wrap=True,
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_draft

    folder = new_draft(args.root, args.slug, args.title, parse_now(None))  # (DOCKET_NOW)
    console().print(f"Created {folder}/draft.yaml and {folder}/versions/01-introduced.md",
                    markup=False)
    console().print("Edit them, then run `docket check`.", markup=False)
    return 0


def slug_argument(value: str) -> str:
    """SLUG of ``docket new``: a name that cannot be a draft's is wrong usage (exit 2)."""
    from .scaffold import slug_problem

    if problem := slug_problem(value):
        raise argparse.ArgumentTypeError(problem)
    return value


def cmd_diff(args: argparse.Namespace) -> int:
    from .render.redline_formats import as_html, as_json, as_text, diff_files

    redline, cites, problems = diff_files(args.old, args.new)
    report(problems)
    if redline is None:
        return 1
    if args.format == "json":
        print(as_json(redline, args.old, args.new, cites))
    elif args.format == "html":
        print(as_html(redline, args.old, args.new, args.root, cites))
    else:
        console().print(as_text(redline, cites), soft_wrap=True)
    return 0


def service_options(args: argparse.Namespace):
    """How the intake service runs, as ``serve.Options``."""
    from .serve.server import Options

    return Options(tuple(args.trusted_proxy), args.body_timeout, args.log_addresses)


def usage_error(args: argparse.Namespace, message: str) -> int:
    console(stderr=True).print(f"docket {args.command}: error: {message}", markup=False,
                               soft_wrap=True)
    return 2


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve.server import UsageError, serve

    try:
        serve(args.root.resolve(), args.host, args.port, args.db, args.quiet,
              announce=lambda text: console().print(text, markup=False, soft_wrap=True),
              options=service_options(args))
    except UsageError as exc:
        return usage_error(args, str(exc))
    return 0


def cmd_intake(args: argparse.Namespace) -> int:
    from .serve.server import UsageError, intake

    try:
        intake(args.root.resolve(), args.host, args.port, args.db, args.quiet,
               announce=lambda text: console().print(text, markup=False, soft_wrap=True),
               options=service_options(args))
    except UsageError as exc:
        return usage_error(args, str(exc))
    return 0


def proxy_address(value: str) -> str:
    """``--trusted-proxy``: an IP address or network."""
    import ipaddress

    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an IP address or network like 10.0.0.7 or 10.0.0.0/8") from exc
    return value.strip()


def positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds above 0")
    return seconds


def server_options(command: argparse.ArgumentParser, port: int) -> None:
    command.add_argument("--host", default="127.0.0.1", help="address to listen on "
                         "(default: 127.0.0.1)")
    command.add_argument("--port", type=int, default=port, help=f"port (default: {port})")
    command.add_argument("--db", type=Path, default=None, metavar="PATH",
                         help="the comments database (default: ROOT/comments.db; never "
                         "inside site/)")
    command.add_argument("-q", "--quiet", action="store_true", help="no access log")
    command.add_argument("--trusted-proxy", type=proxy_address, action="append", default=[],
                         metavar="ADDRESS", help="a proxy (IP address or network) whose "
                         "X-Forwarded-For names the client, for rate limits; repeatable; "
                         "adds to trusted_proxies in site.yaml (default: none)")
    command.add_argument("--body-timeout", type=positive_seconds, default=60.0,
                         metavar="SECONDS", help="time a form may take to arrive before it "
                         "is answered 408 and the connection closed (default: 60)")
    command.add_argument("--log-addresses", action="store_true", help="write the client's "
                         "address in the access log (default: not logged)")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="docket",
        description="Publish draft legislation as a static site and take public comment on it.",
    )
    main.add_argument("--version", action="version", version=f"docket {__version__}")
    main.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project directory (holding site.yaml and drafts/); default: .",
    )
    sub = main.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = sub.add_parser(
        "build",
        help="render the site into site/",
        description="Check every draft, then render the public site. Nothing "
        "is published if any draft has an error.",
    )
    build.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="output directory (default: ROOT/site)",
    )
    build.add_argument(
        "--now", metavar="ISO-TIME", help="pretend it is this time when computing comment periods"
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="processes rendering pages (default: one per core on large sites)")
    build.add_argument("--clean", action="store_true", help="render every page, reusing nothing "
                       "from the previous build (by default only what changed is rendered)")
    build.set_defaults(func=cmd_build)

    check = sub.add_parser(
        "check",
        help="report every problem in the drafts, as path:line: message",
        description="Validate site.yaml, every draft.yaml and version file; "
        "exit non-zero if there is any error.",
    )
    check.add_argument(
        "--now", metavar="ISO-TIME", help="pretend it is this time when checking version dates"
    )
    check.set_defaults(func=cmd_check)

    new = sub.add_parser(
        "new",
        help="start a new draft from a commented template",
        description="Create drafts/SLUG/draft.yaml and a first version to fill in.",
    )
    new.add_argument(
        "slug", metavar="SLUG", type=slug_argument,
        help="folder name and URL: lower-case letters, digits and hyphens (at most 80)"
    )
    new.add_argument("--title", default=None, help="the draft's title")
    new.set_defaults(func=cmd_new)

    diff = sub.add_parser("diff", help="compare two version files provision by provision",
                          description="Compare two version files (outside any site) the way the "
                          "site's redlines do: provisions paired by number and content, words "
                          "(or CJK characters) marked as struck or inserted.")
    diff.add_argument("old", type=Path, metavar="OLD.md")
    diff.add_argument("new", type=Path, metavar="NEW.md")
    diff.add_argument("--format", choices=("text", "html", "json"), default="text",
                      help="text for a terminal (default), a standalone HTML page, or JSON")
    diff.set_defaults(func=cmd_diff)

    serve = sub.add_parser("serve", help="build the site and serve it with commenting working",
                           description="Build the site, then serve site/ and the intake "
                           "service (/api/comments) from one address.")
    server_options(serve, 8000)
    serve.set_defaults(func=cmd_serve)

    intake = sub.add_parser("intake", help="run the comment intake service on its own",
                            description="Receive comments from the site's form at "
                            "/api/comments and store them in SQLite.")
    server_options(intake, 8001)
    intake.set_defaults(func=cmd_intake)
    return main


def main(argv: list[str] | None = None) -> int:
    tune_collector()  # this process is Docket's: the one place the collector is set
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ProblemsFound as exc:
        report(exc.problems)
        return 1
    except KeyboardInterrupt:
        console(stderr=True).print("docket: interrupted; nothing was changed", markup=False)
        return 130
    except Exception as exc:
        if os.environ.get("DOCKET_DEBUG"):
            raise
        console(stderr=True).print(
            f"docket: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in Docket. Run again with DOCKET_DEBUG=1 to see where.",
            markup=False,
            soft_wrap=True,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
