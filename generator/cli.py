"""``docket``: thin commands that parse arguments, call one function and print the result."""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .memory import tune_collector
from .problems import Problem, ProblemsFound, UsageError

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
    """Every problem as ``path:line: message``, errors and warnings alike, then a count (in
    colour on a terminal; plain elsewhere, without loading rich: a CI log, a pipe)."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if problems and not sys.stderr.isatty():
        for p in problems:
            print(str(p), file=sys.stderr)
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return
    for p in problems:
        style = "red" if p.is_error else "yellow"
        console(stderr=True).print(str(p), style=style, markup=False, soft_wrap=True)
    if problems:
        console(stderr=True).print(f"{errors} error(s), {warnings} warning(s)", style="bold",
                                   markup=False)


def parse_now(value: str | None) -> datetime | None:
    """``--now`` (or DOCKET_NOW) pins the clock, for reproducible builds and tests."""
    given = "--now" if value else "DOCKET_NOW"
    value = value or os.environ.get("DOCKET_NOW")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:  # wrong usage (exit 2), named as the user gave it
        print(f"docket: invalid {given} {value!r}: use ISO 8601, e.g. 2026-12-01T09:00",
              file=sys.stderr)
        raise SystemExit(2) from exc
    return moment


@contextlib.contextmanager
def lasting() -> Iterator[None]:
    """Run the body with what this process holds now out of the cyclic collector's sight,
    and the collector on again: the caller imports the modules it needs with it off. Modules,
    classes and functions live as long as the process, so no collection can free them, yet
    importing a build's set one off that walked some 50,000 of their objects for nothing
    (9 ms), and each later one, here and in the render processes forked from here, would
    walk them again (the documented use of ``gc.freeze``). This process is Docket's: the
    collector is set here, never by library code (see ``memory.py``)."""
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()  # back in the oldest generation (main may run again: a test session)


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
    """``build``, with a progress bar on a terminal."""
    gc.disable()  # until the build's modules are in (see lasting)
    from .build.run import build

    with lasting():
        if args.quiet or not sys.stderr.isatty():
            return build(root, out, now, None, args.jobs, clean=args.clean, surveyed=surveyed)
        return build_with_progress(args, root, out, now, surveyed)


def build_with_progress(args: argparse.Namespace, root: Path, out: Path, now: datetime | None,
                        surveyed: Survey) -> BuildResult:
    """``build`` with a progress bar (rich, loaded only to draw it)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .build.run import build

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
        disable=not console(stderr=True).is_terminal,
    ) as bar:
        task = bar.add_task("Reading drafts", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        return build(root, out, now, progress, args.jobs, clean=args.clean, surveyed=surveyed)


def cmd_check(args: argparse.Namespace) -> int:
    from .content.loader import load_project

    loaded = load_project(args.root, now=parse_now(args.now))
    problems = loaded.problems
    if loaded.ok:  # responses.yaml, against the draft and its published comments
        from .responses.gathered import responses_problems

        problems = sorted(problems + responses_problems(loaded.project))
    if loaded.project is not None:  # templates: compiled; rendered if the drafts are sound
        from .render.templatecheck import template_problems

        sound = loaded.ok and not any(p.is_error for p in problems)
        problems = sorted(problems + template_problems(loaded.project, render=sound,
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
    """Wrong usage, as argparse words it: the command (and subcommand) named, exit 2."""
    command = " ".join(filter(None, (args.command, getattr(args, "comments_command", None))))
    console(stderr=True).print(f"docket {command}: error: {message}", markup=False,
                               soft_wrap=True)
    return 2


def cmd_packet(args: argparse.Namespace) -> int:
    from .hearings.printing import print_packet

    root = args.root.resolve()
    printed = print_packet(root, args.slug, args.hearing, parse_now(args.now))
    out = args.out or Path(f"{args.slug}-{args.hearing}-packet.pdf")
    try:
        out.write_bytes(printed.pdf)
    except OSError as exc:
        return usage_error(args, f"cannot write {out}: {exc.strerror or exc}")
    console().print(f"Wrote the packet of {args.slug} hearing {args.hearing} to {out} "
                    f"({len(printed.pdf) // 1024} KiB)", markup=False, soft_wrap=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve.server import serve

    serve(args.root.resolve(), args.host, args.port, args.db, args.quiet,
          announce=lambda text: console().print(text, markup=False, soft_wrap=True),
          options=service_options(args))
    return 0


def cmd_intake(args: argparse.Namespace) -> int:
    from .serve.server import intake

    intake(args.root.resolve(), args.host, args.port, args.db, args.quiet,
           announce=lambda text: console().print(text, markup=False, soft_wrap=True),
           options=service_options(args))
    return 0


def cmd_comments_import(args: argparse.Namespace) -> int:
    from .comments.campaigns import WORKERS
    from .comments.importing import run_import
    from .responses.importing import is_ratings_export, rating_maps, run_ratings_import

    if args.source is None and args.ratings is None:
        return usage_error(args, "name a SOURCE, or a ratings export with --ratings FILE")
    root = args.root.resolve()
    maps, rating_columns = rating_maps(args.map)
    local = args.provider == "local"
    results = []
    ratings_only = (args.source is not None and not local and args.source.is_file()
                    and is_ratings_export(args.source, str(args.source), rating_columns))
    if args.source is not None and not ratings_only:
        result = run_import(root, args.provider, args.source, args.draft, maps,
                            workers=WORKERS)
        report(result.problems)
        console().print(result.counts.summary(), markup=False, soft_wrap=True)
        results.append(result.ok)
    # Ratings: the intake's table (if it has one), an export recognised by its columns, or
    # the file given with --ratings; each after the comments they rate are in.
    for path, database in ((args.source, local), (args.ratings, False)):
        if path is None or (path is args.source and not (local or ratings_only)):
            continue
        rated = run_ratings_import(root, args.provider, path, rating_columns, database)
        if rated is not None:
            report(rated.problems)
            console().print(rated.counts.summary(), markup=False, soft_wrap=True)
            results.append(rated.ok)
    return 0 if all(results) else 1


def cmd_comments_decide(args: argparse.Namespace) -> int:
    """``publish`` and ``reject``: decisions for scripts, all in one transaction."""
    from .comments.listing import entries, load_draft
    from .comments.moderation import Decision, UnknownComments, decide

    root = args.root.resolve()
    draft = load_draft(root, args.slug)
    if args.comments_command == "publish":
        if bool(args.ids) == bool(args.all_pending):
            return usage_error(args, "give comment ids or --all-pending (not both)")
        wanted = {i.upper() for i in args.ids}
        chosen = [e for e in entries(root, draft)
                  if (e.comment.status == "pending" if args.all_pending
                      else e.comment.id.upper() in wanted)]
        known = {e.comment.id.upper() for e in chosen}
        decisions = [Decision(e.comment.id, "published", redactions=e.proposed)
                     for e in chosen]
        decisions += [Decision(i, "published") for i in args.ids if i.upper() not in known]
    else:
        if not args.reason.strip():
            return usage_error(args, "--reason must say why")
        decisions = [Decision(i, "rejected", args.reason.strip()) for i in args.ids]
    try:
        outcome = decide(root, args.slug, decisions)
    except UnknownComments as exc:
        console(stderr=True).print(f"docket: {exc}", markup=False, soft_wrap=True, style="red")
        return 1
    for comment_id, why in outcome.unchanged:
        console(stderr=True).print(f"{comment_id}: {why}; left as it is", markup=False,
                                   soft_wrap=True, style="yellow")
    done = "published" if args.comments_command == "publish" else "rejected"
    console().print(f"{done}: {len(outcome.changed)}, unchanged: {len(outcome.unchanged)}",
                    markup=False)
    return 0


def cmd_comments_review(args: argparse.Namespace) -> int:
    from .comments.listing import load_draft
    from .comments.review import Tally, review

    root = args.root.resolve()
    draft = load_draft(root, args.slug)
    tally = Tally()
    try:
        review(root, draft, console(), sys.stdin, tally)
    except KeyboardInterrupt:
        console().print()
        console().print(f"Stopped. Every decision made is saved. {tally.summary()}",
                        markup=False, soft_wrap=True)
        return 130
    console().print(tally.summary(), markup=False, soft_wrap=True)
    return 0


def cmd_comments_list(args: argparse.Namespace) -> int:
    from .comments.listing import as_csv, as_json, entries, load_draft

    root = args.root.resolve()
    draft = load_draft(root, args.slug)
    items = entries(root, draft, args.status)
    if args.format == "json":
        sys.stdout.write(as_json(items) + "\n")
    elif args.format == "csv":
        sys.stdout.write(as_csv(items))
    else:
        from .comments.terminal import print_list

        print_list(console(), draft, items, args.status)
    return 0


def cmd_comments_stats(args: argparse.Namespace) -> int:
    from .comments.listing import entries, load_draft, stats
    from .comments.terminal import print_stats

    root = args.root.resolve()
    draft = load_draft(root, args.slug)
    print_stats(console(), draft, stats(entries(root, draft)))
    return 0


def cmd_comments_add(args: argparse.Namespace) -> int:
    from .comments.adding import CHANNELS, Testimony, add

    text = args.text
    if args.text_file is not None:
        try:
            text = args.text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return usage_error(args, f"--text-file {args.text_file}: cannot read it ({exc})")
    values = {"channel": args.channel, "received": args.received, "text": text}
    missing = [k for k, v in values.items() if not v]
    if missing and sys.stdin.isatty():
        from rich.prompt import Prompt

        prompts = {"channel": ("Received by", list(CHANNELS)),
                   "received": ("Date received (YYYY-MM-DD)", None),
                   "text": ("Text of the testimony", None)}
        for key in missing:
            label, choices = prompts[key]
            values[key] = Prompt.ask(label, choices=choices, console=console())
        for name in ("name", "organisation", "respondent_type", "position", "provision"):
            if getattr(args, name) is None:
                setattr(args, name, Prompt.ask(name.replace("_", " ").capitalize()
                                               + " (optional)", default="", console=console()))
    elif missing:
        flags = {"channel": "--channel", "received": "--received", "text": "--text or --text-file"}
        return usage_error(args, "missing " + ", ".join(flags[k] for k in missing))
    entry = Testimony(
        channel=values["channel"], received=values["received"], text=values["text"],
        name=args.name or "", organisation=args.organisation or "",
        respondent_type=args.respondent_type or "", position=args.position or "",
        provision=args.provision or "", version=args.version or "", email=args.email or "",
        phone=args.phone or "", street_address=args.address or "",
        publish_name=args.publish_name, attach=list(args.attach))
    comment = add(args.root.resolve(), args.slug, entry)
    console().print(f"added {comment.id} (pending) to {args.slug}", markup=False)
    for path in comment.attachments:
        console().print(f"  attached: drafts/{args.slug}/comments/{path}", markup=False)
    return 0


def snippet(text: str, columns: int) -> str:
    """The start of ``text`` that fits ``columns`` terminal columns (a Chinese character
    takes two), with an ellipsis when cut."""
    import unicodedata

    width = 0
    for at, char in enumerate(text):
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width > columns - 1:
            return text[:at] + "…"
    return text


def cmd_comments_campaigns(args: argparse.Namespace) -> int:
    from .comments.campaigns import WORKERS, regroup

    root = args.root.resolve()
    if args.slug.startswith(".") or "/" in args.slug or not (root / "drafts" /
                                                            args.slug).is_dir():
        return usage_error(args, f"no draft {args.slug!r} (no folder drafts/{args.slug}/)")
    grouping, texts = regroup(root, args.slug, workers=WORKERS)
    grouped = sum(c.count for c in grouping.campaigns)
    out = console()
    out.print(f"campaigns: {len(grouping.campaigns)}, comments in them: {grouped}, "
              f"campaign ids changed: {grouping.changed}", markup=False, soft_wrap=True)
    for campaign in grouping.campaigns[: args.top]:
        shown = snippet(" ".join(texts.get(campaign.representative, "").split()), 70)
        out.print(f"{campaign.id}  {campaign.count:>7}  {shown}", markup=False,
                  soft_wrap=True)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .comments.listing import load_project_draft
    from .comments.store import locked, private_dir
    from .hearings.summary import summarise
    from .hearings.summary_formats import as_html, as_json, as_markdown
    from .hearings.wording import environment

    root = args.root.resolve()
    project, draft = load_project_draft(root, args.slug)
    if private_dir(root).is_dir():
        with locked(root):  # an import interrupted midway is undone before counting
            pass
    summary = summarise(root, draft, args.hearing, project.config)
    if args.format == "json":
        text = as_json(summary)
    else:
        env, assets = environment(root, project.config, summary.language)
        text = (as_html(summary, env, assets) if args.format == "html"
                else as_markdown(summary, env))
    return write_output(args, text)


def cmd_report(args: argparse.Namespace) -> int:
    from .hearings.report import load_metadata, report
    from .hearings.report_formats import as_html, as_json, as_markdown
    from .hearings.wording import environment

    root = args.root.resolve()
    project = load_metadata(root)
    found = report(root, args.since, args.until, project)
    if args.format == "pdf" or (args.out is not None and args.out.suffix.lower() == ".pdf"):
        from .hearings.printing import print_report

        return write_pdf(args, print_report(root, project, found))
    if args.format == "json":
        text = as_json(found)
    else:
        env, assets = environment(root, project.config, found.language)
        text = (as_html(found, env, assets) if args.format == "html"
                else as_markdown(found, env))
    return write_output(args, text)


def day_argument(value: str):
    """``--since`` and ``--until``: a date, 2026-11-30."""
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-30") from exc


def write_pdf(args: argparse.Namespace, pdf: bytes) -> int:
    """A PDF to ``--out FILE`` (written whole, or not at all); never to a terminal."""
    if args.out is None:
        return usage_error(args, "a PDF needs --out FILE.pdf")
    out = args.out.absolute()
    aside = out.with_name(f".{out.name}.new")
    try:
        aside.write_bytes(pdf)
        os.replace(aside, out)
    except OSError as exc:
        aside.unlink(missing_ok=True)
        return usage_error(args, f"cannot write {args.out}: {exc.strerror or exc}")
    # (as ``write_output`` and ``docket packet`` say what they wrote)
    console(stderr=True).print(f"wrote {args.out} ({len(pdf) // 1024} KiB)", markup=False,
                               soft_wrap=True)
    return 0


def write_output(args: argparse.Namespace, text: str) -> int:
    """``text`` to ``--out FILE`` (written whole, or not at all) or to standard output."""
    if not text.endswith("\n"):
        text += "\n"
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = args.out.absolute()
    aside = out.with_name(f".{out.name}.new")
    try:
        aside.write_text(text, encoding="utf-8")
        os.replace(aside, out)
    except OSError as exc:
        aside.unlink(missing_ok=True)
        return usage_error(args, f"--out {args.out}: cannot write it ({exc.strerror or exc})")
    console(stderr=True).print(f"wrote {args.out}", markup=False, soft_wrap=True)
    return 0
def cmd_comments_notify(args: argparse.Namespace) -> int:
    from .comments.listing import load_project_draft
    from .comments.notify import notices, send_notices
    from .mail import MailError

    root = args.root.resolve()
    project, draft = load_project_draft(root, args.slug)
    config = project.config
    items, before = notices(root, config, draft)
    out, err = console(), console(stderr=True)
    if args.dry_run:
        for notice in items:
            out.print(f"{notice.comment_id}  {notice.response.id}  to {notice.email}: "
                      f"{notice.mail['Subject'] or ''}", markup=False, soft_wrap=True)
        out.print(f"would send: {len(items)}, sent before: {before} (dry run: nothing was "
                  "sent)", markup=False)
        return 0
    if config.smtp is None and items:
        err.print("docket: site.yaml has no smtp: section, so nothing can be sent (see the "
                  "README: Receipts and notices by email)", markup=False, soft_wrap=True)
        return 1
    every = max(1, min(100, len(items) // 20))

    def progress(done: int, total: int) -> None:
        if done % every == 0 or done == total:
            err.print(f"sent {done}/{total}", markup=False)

    try:
        sent, refused = send_notices(root, config, draft, items, progress) if items else (0, [])
    except MailError as exc:
        err.print(f"docket: {exc}; the messages sent before this are marked as sent, the "
                  "others will be sent by the next run", markup=False, soft_wrap=True)
        return 1
    for comment_id, why in refused:
        err.print(f"docket: {comment_id}: {why}; not sent", markup=False, soft_wrap=True)
    out.print(f"sent: {sent}, sent before: {before}, refused: {len(refused)}", markup=False)
    return 1 if refused else 0


def cmd_comments_respond(args: argparse.Namespace) -> int:
    from .responses.respond import Skeleton, respond

    rid, path = respond(args.root.resolve(), args.slug, Skeleton(
        comments=list(args.comment_ids), campaign=args.campaign, provision=args.provision,
        id=args.id, summary=args.summary, handled_unit=args.handled_by[0],
        handled_person=args.handled_by[1], supervised_unit=args.supervised_by[0],
        supervised_person=args.supervised_by[1]))
    console().print(f"added {rid} to drafts/{args.slug}/{path.name}: fill in what is empty, "
                    "then run docket check", markup=False, soft_wrap=True)
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

    packet = sub.add_parser(
        "packet", help="print a hearing's packet to PDF",
        description="Print the packet of one of a draft's hearings to PDF: cover, contents, "
        "agenda and witnesses, the text under consideration, its changes from the previous "
        "reading, the summary of public comments, the responses, and every published "
        "comment by provision. The same file `docket build` publishes on the site.")
    packet.add_argument("slug", metavar="SLUG", help="the draft")
    packet.add_argument("--hearing", required=True, metavar="ID", help="the hearing's id")
    packet.add_argument("--out", type=Path, metavar="FILE.pdf",
                        help="where to write it (default: SLUG-ID-packet.pdf here)")
    packet.add_argument("--now", metavar="ISO-TIME",
                        help="the clock: whether the hearing is upcoming or held")
    packet.set_defaults(func=cmd_packet)

    comments = sub.add_parser("comments", help="fold comments back into the project",
                              description="Import comments from the intake database or a "
                              "provider's export into the store beside each draft.")
    comment_commands = comments.add_subparsers(dest="comments_command", metavar="COMMAND",
                                               required=True)
    imports = comment_commands.add_parser(
        "import", help="import comments from a source into drafts/<slug>/comments/",
        description="Read a source (local, formspree, netlify, google-forms, tally, "
        "staticman, regulations-gov, csv) and add its new comments to the store: all of them "
        "or, if interrupted, none. Rows already imported are skipped; rows that cannot be taken "
        "go to .docket-private/quarantine.jsonl with their line and reason.")
    imports.add_argument("--from", dest="provider", required=True, metavar="PROVIDER",
                         help="local, formspree, netlify, google-forms, tally, "
                         "staticman, regulations-gov or csv")
    imports.add_argument("source", type=Path, metavar="SOURCE", nargs="?", default=None,
                         help="the export file (or the intake's comments.db, whose ratings "
                         "come with it; for staticman the folder of its entry files); an "
                         "export of the ratings form is recognised by its tracking and "
                         "rating columns")
    imports.add_argument("--ratings", type=Path, metavar="FILE", default=None,
                         help="an export of the ratings form (tracking, rating, remark) "
                         "to import as well")
    imports.add_argument("--draft", metavar="SLUG", default=None,
                         help="the draft of rows that do not name one")
    imports.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                         help="the column holding a field, e.g. comment=\"Your view\" "
                         "(repeatable; adds to comments.import_columns in site.yaml)")
    imports.set_defaults(func=cmd_comments_import)

    review = comment_commands.add_parser(
        "review", help="moderate pending comments one by one in the terminal",
        description="Show each pending comment (its provision by citation, flags, proposed "
        "redactions) and publish, reject with a reason, or skip it. Every decision is saved "
        "at once; Ctrl-C keeps them all.")
    review.add_argument("slug", metavar="SLUG")
    review.set_defaults(func=cmd_comments_review)

    publish = comment_commands.add_parser(
        "publish", help="publish comments (redactions applied), for scripts",
        description="Publish the comments named, or every pending one, with the proposed "
        "redactions applied (the original text kept in .docket-private/).")
    publish.add_argument("slug", metavar="SLUG")
    publish.add_argument("ids", nargs="*", metavar="ID")
    publish.add_argument("--all-pending", action="store_true",
                         help="every pending comment of the draft")
    publish.set_defaults(func=cmd_comments_decide)

    reject = comment_commands.add_parser("reject", help="reject comments with a reason",
                                         description="Reject the comments named.")
    reject.add_argument("slug", metavar="SLUG")
    reject.add_argument("ids", nargs="+", metavar="ID")
    reject.add_argument("--reason", required=True, help="why (kept with the record)")
    reject.set_defaults(func=cmd_comments_decide)

    listing = comment_commands.add_parser(
        "list", help="list a draft's comments by provision citation",
        description="List the comments in the store, each under the provision it is on now.")
    listing.add_argument("slug", metavar="SLUG")
    listing.add_argument("--status", choices=("pending", "published", "rejected", "withdrawn"))
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    listing.set_defaults(func=cmd_comments_list)

    stats = comment_commands.add_parser(
        "stats", help="counts by provision, position and respondent type",
        description="Count a draft's pending and published comments.")
    stats.add_argument("slug", metavar="SLUG")
    stats.set_defaults(func=cmd_comments_stats)

    adding = comment_commands.add_parser(
        "add", help="enter testimony received by post, email, phone or at a hearing",
        description="Add one comment received outside the site; it is validated like every "
        "other and starts pending. In a terminal, what is missing is asked for.")
    adding.add_argument("slug", metavar="SLUG")
    adding.add_argument("--channel", choices=("post", "email", "hearing", "phone", "other"))
    adding.add_argument("--received", metavar="DATE", help="when it was received "
                        "(2026-11-03, or a time; the site's time zone)")
    text = adding.add_mutually_exclusive_group()
    text.add_argument("--text", help="the testimony's text")
    text.add_argument("--text-file", type=Path, metavar="FILE", help="read the text from FILE")
    adding.add_argument("--name")
    adding.add_argument("--publish-name", action="store_true",
                        help="the respondent agreed to the publication of their name")
    adding.add_argument("--organisation")
    adding.add_argument("--respondent-type", metavar="TYPE", help="individual, organisation, "
                        "business, government or representative")
    adding.add_argument("--position", help="support, oppose, neutral or mixed")
    adding.add_argument("--provision", help="the provision it is on: a citation (Sec. 2(a), "
                        "第十一条第一款) or an id")
    adding.add_argument("--version", help="the version it is on (default: the current one)")
    adding.add_argument("--email", help="kept privately")
    adding.add_argument("--phone", help="kept privately")
    adding.add_argument("--address", help="street address, kept privately")
    adding.add_argument("--attach", type=Path, action="append", default=[], metavar="FILE",
                        help="a file received with it, copied into the store (repeatable)")
    adding.set_defaults(func=cmd_comments_add)

    regroups = comment_commands.add_parser(
        "campaigns", help="group a draft's comments into campaigns (form letters) again",
        description="Group the draft's stored comments into campaigns (exact and near "
        "duplicates: form letters) and write each comment's campaign id. An import does "
        "this as it merges; run it after editing the store by hand. Existing campaign ids "
        "are kept.")
    regroups.add_argument("slug", metavar="SLUG", help="the draft")
    regroups.add_argument("--top", type=int, default=10, metavar="N",
                          help="campaigns to list, largest first (default: 10)")
    regroups.set_defaults(func=cmd_comments_campaigns)

    summary = sub.add_parser(
        "summary", help="summarise a draft's comments (for a hearing)",
        description="Totals, breakdowns by position, respondent type and provision, "
        "representative quotes, campaigns and organisations, from the draft's comment store. "
        "Only published text is quoted; no contact detail is ever shown.")
    summary.add_argument("slug", metavar="SLUG", help="the draft")
    summary.add_argument("--hearing", metavar="ID", default=None,
                         help="count only the comments received before this hearing began")
    summary.add_argument("--format", choices=("md", "html", "json"), default="md",
                         help="Markdown (default), a standalone HTML page, or JSON")
    summary.add_argument("--out", type=Path, default=None, metavar="FILE",
                         help="write to FILE instead of standard output")
    summary.set_defaults(func=cmd_summary)

    reporting = sub.add_parser(
        "report", help="how the suggestions on every draft were handled in a period",
        description="Every response given or followed up in the period, with its six "
        "elements, follow-ups and satisfaction per rating round; the totals; those below "
        "the satisfaction thresholds first.")
    reporting.add_argument("--since", type=day_argument, default=None, metavar="DATE",
                           help="the period's first day (default: open)")
    reporting.add_argument("--until", type=day_argument, default=None, metavar="DATE",
                           help="the period's last day, included (default: open)")
    reporting.add_argument("--format", choices=("md", "html", "json", "pdf"), default="md",
                           help="Markdown (default), a standalone HTML page, JSON, or PDF "
                           "(with --out; an --out FILE.pdf means PDF)")
    reporting.add_argument("--out", type=Path, default=None, metavar="FILE",
                           help="write to FILE instead of standard output")
    reporting.set_defaults(func=cmd_report)
    notify = comment_commands.add_parser(
        "notify", help="email each commenter whose comment was answered",
        description="Email every commenter whose comment a response answers (responses.yaml) "
        "and who gave an address a short message in the draft's language, with links to the "
        "response and to the rating form. Each message is sent once: what was sent is "
        "logged in .docket-private/SLUG/notified.jsonl. Needs smtp: in site.yaml; the "
        "password comes from the environment variable smtp.password_env names "
        "(DOCKET_SMTP_PASSWORD).")
    notify.add_argument("slug", metavar="SLUG", help="the draft")
    notify.add_argument("--dry-run", action="store_true",
                        help="print what would be sent, and send nothing")
    notify.set_defaults(func=cmd_comments_notify)

    responding = comment_commands.add_parser(
        "respond", help="start a response in drafts/<slug>/responses.yaml",
        description="Append a response for the given published comments (or a campaign, or "
        "a provision's comments) to the draft's responses.yaml, with what is known filled "
        "in; finish it in the file (docket check says what is missing).")
    responding.add_argument("slug", metavar="SLUG")
    responding.add_argument("comment_ids", nargs="*", metavar="ID",
                            help="the published comments it answers")
    responding.add_argument("--campaign", default="", metavar="CAMPAIGN",
                            help="or: the campaign it answers (CMP-...)")
    responding.add_argument("--provision", default="", help="or: the provision whose comments "
                            "it answers: a citation (Sec. 2(a), 第十一条) or an id")
    responding.add_argument("--id", default="", help="its id, used in links (default: r-N)")
    responding.add_argument("--summary", default="", help="the suggestion, in a sentence")
    responding.add_argument("--handled-by", nargs=2, default=("", ""),
                            metavar=("UNIT", "PERSON"))
    responding.add_argument("--supervised-by", nargs=2, default=("", ""),
                            metavar=("UNIT", "PERSON"))
    responding.set_defaults(func=cmd_comments_respond)
    return main


def run() -> None:
    """The ``docket`` command and ``python -m generator``: ``main``, in a process of its own,
    which then ends. What the process holds is frozen first (``gc.freeze``): the collection
    the interpreter makes as it exits would walk all of it for nothing, as the memory goes
    back with the process (37 ms after a build of the real-law sample); objects are still
    freed as they go, files flushed and exit handlers run, as on any exit."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    tune_collector()  # this process is Docket's: the collector is set here (and by __main__)
    # No pydantic plugins (pydantic reads this when it builds its first validator): Docket
    # has none, and looking for them reads every installed distribution's entry points
    # (3 ms of a build here, more with more packages installed). Set the variable to load them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ProblemsFound as exc:
        report(exc.problems)
        return 1
    except UsageError as exc:
        return usage_error(args, str(exc))
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
