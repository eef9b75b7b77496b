"""The command line: parse options, call the library, turn problems into text
and exit codes (0 done, 1 a problem with the data or the build, 2 bad usage).
A traceback is shown only with --debug."""

from __future__ import annotations

import atexit
import functools
import gc
import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import CVError, Position, Problem
from .files import (check_new, check_target, is_stdout, named_file, shown, write_atomically, write_new,
                    write_output)

DEFAULT_DATA = "data/cv.yaml"
# the options' path types, made once (each click.Path asks gettext for its name: ~0.04 ms a time)
A_FILE = click.Path(dir_okay=False)
A_FILE_OR_DASH = click.Path(dir_okay=False, allow_dash=True)


def _echo_problems(problems, err=True) -> None:
    for p in problems:
        click.echo(p.format(), err=err)


def handles_errors(fn):
    """Run a command; a CVError becomes its message and exit code 1."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = (ctx.find_root().params or {}).get("debug", False)
        try:
            return fn(*args, **kwargs)
        except CVError as exc:
            if debug:
                raise
            click.echo(exc.format(), err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # the reader went away (`cv-builder diff … | head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug: say so plainly, the traceback is one flag away
            if debug:
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                       "    this is a bug in cv-builder; run again with --debug for the details", err=True)
            ctx.exit(3)
    return wrapper


def path_given(ctx, param, value):
    """An empty path (`-o ""`, an unset shell variable) is a mistake, not a wish for the default."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("an empty path names no file: leave the option out for the default, "
                                 "or give a path ('-' for standard output)", ctx, param)
    return value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cv-builder")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def main(debug: bool) -> None:
    """Turn a CV written as YAML into a typeset PDF."""


@main.command()
@click.argument("data", default=DEFAULT_DATA, type=A_FILE)
@click.option("--layout", "-l", "layout_names", multiple=True,
              help="Layout name (a file in layouts/) or path to a layout YAML file "
                   "[default: the variant's layout, else full]. With --all-variants it may be repeated: "
                   "each variant is built in its own layout and in these.")
@click.option("--output", "-o", callback=path_given, help="Where to write the PDF: a file, a folder ending "
              "in / (the file named as by default), or - for standard output "
              "[default: build/<Name>_CV[_<variant>][_<layout>].pdf].")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
              help="Paper size [default: the layout's].")
@click.option("--pages", "pages_", type=click.IntRange(min=1, max=20), metavar="N",
              help="Fit the CV on N pages in any layout (1: its one-page form) [default: the layout's].")
@click.option("--report", "report_path", callback=path_given,
              help="Also write what the build did (fitting, warnings) as JSON ('-' for standard output).")
@click.option("--variant", "variant_name", metavar="NAME",
              help="Build the CV tailored to this variant (`cv-builder variants` lists them).")
@click.option("--all-variants", is_flag=True,
              help="Build every variant, one PDF per variant and layout, in parallel, into --output-dir.")
@click.option("--all-layouts", is_flag=True, help="With --all-variants: build each variant in every layout.")
@click.option("--output-dir", type=click.Path(file_okay=False), callback=path_given,
              help="With --all-variants: the folder to write into [default: build/applications].")
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="With --all-variants: how many files to build at once [default: one per core].")
@click.option("--pdfa", type=click.Choice(["2b", "3b"], case_sensitive=False),
              help="Write PDF/A (archival) of this level; needs pikepdf (pip install 'cv-builder[pdfa]').")
@click.option("--embed-data", "embed", is_flag=True,
              help="Attach the data of what the PDF shows, as JSON Resume (`cv-builder import CV.pdf` reads it "
                   "back); PDF/A-3 with --pdfa. Needs pikepdf.")
@click.option("--allow-unsupported-scripts", is_flag=True,
              help="Build even when text cannot be set correctly (characters no shipped font has, or a script "
                   "such as Devanagari that needs a shaping engine): they come out as blank boxes or "
                   "unjoined letters, with a warning.")
@handles_errors
def build(data, layout_names, output, paper, pages_, report_path, variant_name, all_variants, all_layouts, output_dir,
          jobs, pdfa, embed, allow_unsupported_scripts):
    """Build the PDF of a CV (DATA defaults to data/cv.yaml)."""
    from .build import build as run  # 50 ms: the application, which --help and others do not need
    paper = paper.lower() if paper else None
    if output is not None and is_stdout(output) and report_path is not None and is_stdout(report_path):
        raise click.UsageError("the PDF and the report cannot both go to standard output: give one of them a file")
    if all_variants:
        if variant_name:
            raise click.UsageError("--variant and --all-variants exclude each other: give one of them")
        if output:
            raise click.UsageError("--output names one file; with --all-variants use --output-dir")
        if report_path:
            check_report(report_path, data, None)
        if pages_:
            raise click.UsageError("--pages goes with a single build; with --all-variants, give layouts "
                                   "that fit (one-page, two-page, or your own with `pages:`)")
        if pdfa or embed:
            raise click.UsageError("--pdfa and --embed-data go with a single build (--variant NAME builds one)")
        return build_applications(data, layout_names, paper, report_path, all_layouts, output_dir, jobs,
                                  allow_unsupported_scripts)
    for flag, value in (("--all-layouts", all_layouts), ("--output-dir", output_dir), ("--jobs", jobs)):
        if value:
            raise click.UsageError(f"{flag} goes with --all-variants")
    if len(layout_names) > 1:
        raise click.UsageError("give one --layout (several go with --all-variants)")
    folder, output = output_folder(output)
    if report_path:
        check_report(report_path, data, output)  # before anything is built
    result = run(data, layout_names[0] if layout_names else None, output, paper, variant_name, pages_, folder,
                 allow_unsupported_scripts, pdfa=pdfa.lower() if pdfa else None, embed=embed)
    for w in result.warnings:
        click.echo(w.format(), err=True)
    say = is_stdout(result.output) or is_stdout(report_path)  # standard output carries data: the rest to stderr
    if result.type_scale < 0.999 or result.space_scale < 0.999 or result.left_out:
        click.echo(fit_summary(result), err=say)
    click.echo(f"Built {shown(result.output)}: {pages(result.pages)}, {result.size / 1024:.0f} KB, "
               f"{result.seconds:.2f} s ({described(result)})", err=say)
    if report_path:
        write_report(report_path, data, result.output, report_json(result))


def output_folder(output):
    """(the folder, the file) that --output names: a path ending in / is a folder, the file in it
    named as by default; a folder without it is a mistake."""
    if output is not None and not is_stdout(output):
        if output.endswith(("/", os.sep)):  # a folder: the file in it is named as by default
            return output, None
        if Path(output).is_dir():
            raise click.UsageError(f"--output {output} is a directory: end it with / to write the PDF into it "
                                   "(named as by default), or give a file name")
    return "build", output


def check_report(report_path, data, output) -> None:
    """The report may replace an earlier report, never the data, the PDF or another file."""
    path = named_file(report_path, "report", "--report", "build/report.json")
    check_target(path, (b"{", b"["), thing="report", label="report", option="--report",
                 example="build/report.json",
                 keep=(Path(data), Path(output) if output and not is_stdout(output) else None))


def write_report(report_path, data, output, report) -> None:
    import json  # 1.7 ms: only for --report

    check_report(report_path, data, output)
    write_output(report_path, json.dumps(report, indent=2, ensure_ascii=False).encode() + b"\n")


def pages(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"


def described(result) -> str:
    text = f"layout {result.layout}"
    if result.variant:
        text += f", variant {result.variant}"
    if getattr(result, "pdfa", None):
        text += f", PDF/A-{result.pdfa.upper()}"
    if getattr(result, "embedded", False):
        text += ", its data attached"
    return text


def build_applications(data, layout_names, paper, report_path, all_layouts, output_dir, workers,
                       allow_unsupported_scripts: bool = False) -> None:
    """`build --all-variants`: every variant and layout, in parallel; a line per file, then a table."""
    from . import batch, layout, schema  # 190 ms: the batch (and the application)

    start = time.perf_counter()
    say = is_stdout(report_path)  # the report on standard output: the lines to stderr
    cv = schema.load(data)
    layouts = list(layout_names) + (layout.available() if all_layouts else [])
    jobs = batch.plan(cv, layouts, output_dir or batch.FOLDER)
    workers = max(1, min(workers or batch.cores(), len(jobs)))
    folder = output_dir or str(batch.FOLDER)
    click.echo(f"Building {len(jobs)} file{'s' if len(jobs) != 1 else ''} for {len(cv.variants)} "
               f"variant{'s' if len(cv.variants) != 1 else ''} into {folder}/ "
               f"({workers} process{'es' if workers != 1 else ''})", err=say)
    warned: set[str] = set()
    count = 0

    def progress(outcome) -> None:
        nonlocal count
        count += 1
        head = f"[{count}/{len(jobs)}]"
        if outcome.ok:
            r = outcome.result
            for w in r.warnings:
                text = w.format()
                if text not in warned:
                    warned.add(text)
                    click.echo(text, err=True)
            fitted = ""
            if r.type_scale < 0.999 or r.space_scale < 0.999 or r.left_out:
                fitted = "; " + fit_summary(r).splitlines()[0].rstrip(":")  # the items: with --report
            click.echo(f"{head} built {outcome.job.label}: {r.output}, {pages(r.pages)}, "
                       f"{r.size / 1024:.0f} KB, {r.seconds:.2f} s{fitted}", err=say)
        else:
            click.echo(f"{head} FAILED {outcome.job.label}: {outcome.error.splitlines()[0]}", err=say)
            click.echo(f"{outcome.job.label}:\n" + _indent(outcome.error), err=True)

    try:
        outcomes = batch.build_all(cv, jobs, paper, workers, progress, allow_unsupported_scripts)
    except KeyboardInterrupt:
        click.echo(f"interrupted after {count} of {len(jobs)} files; every file is whole (new, or as it was)",
                   err=True)
        click.get_current_context().exit(130)
    click.echo("", err=say)
    click.echo(summary_table(outcomes), err=say)
    failed = [o for o in outcomes if not o.ok]
    line = f"Built {len(outcomes) - len(failed)} of {len(outcomes)} files in {time.perf_counter() - start:.2f} s"
    if failed:
        line += "; failed: " + ", ".join(o.job.label for o in failed)
    click.echo(line, err=say)
    if report_path:
        write_report(report_path, data, None, [
            report_json(o.result) if o.ok else
            {"output": str(o.job.output), "layout": o.job.layout, "variant": o.job.variant, "error": o.error}
            for o in outcomes])
    if failed:
        click.get_current_context().exit(1)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def summary_table(outcomes) -> str:
    rows = [("variant", "document", "layout", "result", "pages", "size", "file")]
    for o in outcomes:
        j = o.job
        if o.ok:
            r = o.result
            rows.append((j.variant, j.document, j.layout, "built", str(r.pages), f"{r.size / 1024:.0f} KB",
                         str(r.output)))
        else:
            rows.append((j.variant, j.document, j.layout, "FAILED", "-", "-", str(j.output)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {4, 5}
    return "\n".join("  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                               for i, (cell, w) in enumerate(zip(row, widths))).rstrip() for row in rows)


def fit_summary(result) -> str:
    parts = []
    if round(result.type_scale * 100) < 100:
        parts.append(f"fitted at {result.type_scale * 100:.0f} % type scale")
    if round(result.space_scale * 100) < 100:
        parts.append(f"spacing at {result.space_scale * 100:.0f} %")
    text = "; ".join(parts) or "fitted at the design size"
    if getattr(result, "saved", None):
        pages, fill = result.saved
        text += f" to save a nearly empty last page ({pages} pages, the last {fill * 100:.0f} % full)"
    if result.left_out:
        counts = {}
        for item in result.left_out:
            counts[item["kind"]] = counts.get(item["kind"], 0) + 1
        what = " and ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(counts.items()))
        text += f"; left out {what} (lowest priority first):"
        listed = result.left_out[:LIST_AT_MOST]
        text += "".join(f"\n  - {item['text']} (priority {item['priority']})" for item in listed)
        if len(result.left_out) > len(listed):
            text += f"\n  … and {len(result.left_out) - len(listed)} more (all of them with --report FILE)"
    return text


LIST_AT_MOST = 12


def report_json(result) -> dict:
    return {
        "output": str(result.output),
        "layout": result.layout,
        "pages": result.pages,
        "bytes": result.size,
        "seconds": round(result.seconds, 4),
        "check_seconds": round(result.check_seconds, 4),  # of those, the self-check of the PDF
        "type_scale": round(result.type_scale, 4),
        "space_scale": round(result.space_scale, 4),
        "left_out": result.left_out,
        **({"saved_page": {"pages": result.saved[0], "last_page_fill": round(result.saved[1], 3)}}
           if getattr(result, "saved", None) else {}),
        "warnings": [w.format() for w in result.warnings],
        **({"variant": result.variant} if result.variant else {}),
    }


@main.command()
@click.argument("data", default=DEFAULT_DATA, type=A_FILE)
@click.option("--variant", "variant_name", metavar="NAME",
              help="Build this variant's letter (`cv-builder variants` lists them).")
@click.option("--layout", "-l", "layout_name",
              help="The look to set it in: a layout name or a layout YAML file [default: the variant's layout, "
                   "else full].")
@click.option("--output", "-o", callback=path_given, help="Where to write the PDF: a file, a folder ending in / "
              "(the file named as by default), or - for standard output "
              "[default: build/<Name>_Letter[_<variant>].pdf].")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
              help="Paper size [default: the layout's].")
@handles_errors
def letter(data, variant_name, layout_name, output, paper):
    """Build the cover letter of a CV (DATA defaults to data/cv.yaml) in the CV's look, on one page."""
    from .letter import build as run  # 40 ms: the application's letters

    folder, output = output_folder(output)
    result = run(data, layout_name, output, paper.lower() if paper else None, variant_name, folder)
    for w in result.warnings:
        click.echo(w.format(), err=True)
    say = is_stdout(result.output)
    if result.type_scale < 0.999 or result.space_scale < 0.999:
        click.echo(fit_summary(result), err=say)
    click.echo(f"Built {shown(result.output)}: {pages(result.pages)}, {result.size / 1024:.0f} KB, "
               f"{result.seconds:.2f} s ({described(result)})", err=say)


@main.command()
@click.argument("data", default=DEFAULT_DATA, type=A_FILE)
@click.option("--allow-unsupported-scripts", is_flag=True,
              help="As build's: text that cannot be set correctly is a warning, not an error.")
@handles_errors
def validate(data, allow_unsupported_scripts):
    """Check a CV file (and each of its variants) without building it."""
    from .build import validate as check  # 50 ms: the application

    cv, problems = check(data, allow_unsupported_scripts)
    _echo_problems([p for p in problems if p.severity == "warning"])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CVError(errors)
    n = sum(len(s.items) for s in cv.sections)
    text = f"{data} is valid: {len(cv.sections)} sections, {n} items"
    if cv.variants:
        text += f", {len(cv.variants)} variant{'s' if len(cv.variants) != 1 else ''} ({', '.join(cv.variants)})"
    click.echo(text + ".")


@main.command("variants")
@click.argument("data", default=DEFAULT_DATA, type=A_FILE)
@handles_errors
def variants_cmd(data):
    """List the variants that --variant accepts."""
    from . import schema  # 35 ms: the data's reader

    cv = schema.load(data)
    if not cv.variants:
        click.echo(f"{data} defines no variants.")
        return
    width = max(len(n) for n in cv.variants)
    for name, v in cv.variants.items():
        details = "; ".join(filter(None, [f"for {v.target}" if v.target else None,
                                          f"layout {v.layout}" if v.layout else None]))
        text = f"{name:{width}}  {v.description or ''}"
        click.echo((text + (f" ({details})" if details else "")).rstrip())


@main.command("diff")
@click.argument("data", default=DEFAULT_DATA, type=A_FILE)
@click.option("--variant", "names", multiple=True, required=True, metavar="NAME",
              help="A variant to compare; give it twice (A, then B), or once to compare the whole CV with it.")
@handles_errors
def diff_cmd(data, names):
    """Show what differs between two variants' content (lines only in A: -, only in B: +)."""
    from . import compare, schema, variants  # 45 ms: the data's reader and the diff

    if len(names) > 2:
        raise click.UsageError("give --variant once or twice")
    cv = schema.load(data)
    a = variants.apply(cv, names[0]) if len(names) == 2 else cv
    b = variants.apply(cv, names[-1])
    label_a = names[0] if len(names) == 2 else "the whole CV (no variant)"
    warnings = {w.format(): w for w in a.warnings + b.warnings if w not in cv.warnings}
    for text in warnings:
        click.echo(text, err=True)
    result = compare.diff(a, b)
    click.echo(click.style(f"--- {label_a}", fg="red"))
    click.echo(click.style(f"+++ {names[-1]}", fg="green"))
    if result.same:
        click.echo("The two have the same content.")
        return
    colours = {"-": "red", "+": "green"}
    for mark, text in result.lines:
        if mark == "#":
            click.echo(click.style(text, bold=True))
        else:
            click.echo(click.style(f"{mark} {text}", fg=colours.get(mark)))
    click.echo(f"{result.only_a} line{'s' if result.only_a != 1 else ''} only in {label_a}, "
               f"{result.only_b} only in {names[-1]}, {result.both} in both.")


@main.command("schema")
@click.option("--output", "-o", type=A_FILE_OR_DASH, callback=path_given,
              help="Write to a file instead of standard output ('-' for standard output).")
@handles_errors
def schema_cmd(output):
    """Print the JSON Schema of the CV data format (for editors)."""
    from .schema import json_schema_text  # 35 ms: the data's reader

    text = json_schema_text()
    if output and output != "-":
        target = named_file(output, example="cv.schema.json")
        check_target(target, (b"{",), thing="JSON Schema", example="cv.schema.json")
        write_atomically(target, text.encode())
    else:
        click.echo(text, nl=False)


@main.command("check")
@click.argument("pdf", type=A_FILE)
@handles_errors
def check_cmd(pdf):
    """Check a PDF that cv-builder made: pages, fonts, text layer, outline, links, tags.

    The same checks every build runs on its own output. Exit code 0 when all
    is well, 1 when something is wrong (each problem is listed).
    """
    from .pdfcheck import check_file  # 27 ms: the PDF check

    if not os.path.exists(pdf):
        raise CVError([Problem("the file does not exist", position=Position(pdf))])
    report = check_file(pdf)
    click.echo(report.summary(), err=not report.ok)
    if not report.ok:
        click.get_current_context().exit(1)


@main.command("ats")
@click.argument("pdf", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON, for tools.")
@click.option("--no-text", is_flag=True, help="Leave out the extracted text: only what was recognised, and the problems.")
@handles_errors
def ats_cmd(pdf, as_json, no_text):
    """Preview what an applicant-tracking system reads in a PDF.

    From the PDF alone: its text as pdfminer.six extracts it (what many resume
    parsers start from), what a parser recognises (name, contact details, section
    headings, entries, skills) and the problems it would have, with their page and
    line. Exit code 1 when a problem would lose a job, a date or a contact.
    Needs pdfminer.six (pip install 'cv-builder[ats]'). Parsers differ: this is a
    preview of what they commonly do, not a promise of what any one does.
    """
    from .ats import preview  # 35 ms: the ATS preview (pdfminer.six comes when it reads)
    from .ats.report import as_json as to_json, as_text

    result = preview(pdf)
    if as_json:
        import json  # 1.7 ms: only for --json

        click.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(as_text(result, text=not no_text, color=click.style))
    if not result.ok:
        click.get_current_context().exit(1)


@main.command("layouts")
def layouts_cmd():
    """List the layouts that --layout accepts."""
    from . import layout  # 30 ms: the looks' reader

    for name in layout.available():
        try:
            spec = layout.load(name)
            pages = f", {spec.fit.pages} page{'s' if spec.fit.pages > 1 else ''}" if spec.fit else ""
            click.echo(f"{name:12} {spec.description or ''} ({spec.structure.name}{pages})")
        except CVError:
            click.echo(f"{name:12} (invalid: run a build with it to see why)")


@main.command("import")
@click.argument("file", type=A_FILE)
@click.option("--output", "-o", default=DEFAULT_DATA, show_default=True, type=A_FILE_OR_DASH,
              callback=path_given,
              help="Where to write the YAML ('-' for standard output).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@handles_errors
def import_cmd(file, output, force):
    """Convert a JSON Resume file (jsonresume.org) into CV data, or the data a PDF built
    with `--embed-data` carries."""
    from .interop import jsonresume  # 11 ms: JSON Resume

    target = None if output == "-" else named_file(output, example="cv.yaml")
    if target is not None:
        check_new(target, force)  # refuses, before any work is done
    result = jsonresume.import_file(file, target)  # (a PDF: the JSON Resume attached to it)
    _echo_problems(result.notes)
    if target is None:
        click.echo(result.text, nl=False)
        return
    write_new(target, result.text, force)
    n = sum(len(s.items) for s in result.cv.sections)
    notes = f"; {len(result.notes)} note{'s' if len(result.notes) != 1 else ''} above and at the top of the file" \
        if result.notes else ""
    if result.language:
        click.echo(f"Language: {result.cv.language.name} ({result.language[0]}), {result.language[1]}")
    click.echo(f"Imported {file} into {target}: {len(result.cv.sections)} sections, {n} items{notes}.")


@main.command()
@click.argument("data", default=DEFAULT_DATA, type=A_FILE)
@click.option("--format", "-f", "fmt", required=True, type=click.Choice(["json-resume", "markdown", "text"]),
              help="json-resume (jsonresume.org), markdown (web profiles) or text (application forms).")
@click.option("--output", "-o", type=A_FILE_OR_DASH, callback=path_given,
              help="Write to a file instead of standard output.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--variant", "variant_name", metavar="NAME", help="Export the CV (or letter) tailored to this variant.")
@click.option("--letter", "the_letter", is_flag=True,
              help="Export the cover letter instead (text or markdown): its body, salutation to signature, "
                   "for a form's text box.")
@handles_errors
def export(data, fmt, output, force, variant_name, the_letter):
    """Write a CV as JSON Resume, Markdown or plain text (or its cover letter as text)."""
    from . import schema, variants  # 35 ms: the data's reader and variants
    if the_letter and fmt == "json-resume":
        raise click.UsageError("a letter is exported as text or markdown, not json-resume")
    target = named_file(output, example="cv.md") if output and output != "-" else None
    if target is not None:
        check_new(target, force, keep=Path(data), thing="export", example="cv.md")  # before any work
    cv = schema.load(data)
    if variant_name:
        cv = variants.apply(cv, variant_name)
    notes = []
    if the_letter:
        from . import letter as letters  # 40 ms: letters

        text, notes = letters.text(cv, markdown=fmt == "markdown")
    elif fmt == "json-resume":
        from .interop import jsonresume  # 11 ms: JSON Resume

        doc, notes = jsonresume.export(cv)
        text = jsonresume.dumps(doc)
    else:
        from .interop import export as formats  # 0.5 ms: Markdown and text

        text = formats.markdown(cv) if fmt == "markdown" else formats.plain_text(cv)
    _echo_problems(notes)
    if target is not None:
        write_new(target, text, force, keep=Path(data), thing="export", example="cv.md")
        click.echo(f"Wrote {output} ({fmt}).")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("path", default=DEFAULT_DATA, type=A_FILE, callback=path_given)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@handles_errors
def init(path, force):
    """Write a starter CV (every section kind, commented) to PATH, and its JSON Schema beside it."""
    from . import starter  # 30 ms: the starter CV (and the schema it writes)

    target = starter.write(path, force)
    click.echo(f"Wrote {target}: a starter CV with one section of every kind (and {starter.schema_path(target)}, "
               f"the JSON Schema that editors check it with). Build it with: cv-builder build {target}")


@main.command()
@click.argument("data", default=DEFAULT_DATA, type=A_FILE)
@click.option("--layout", "-l", "layout_name",
              help="Layout name (a file in layouts/) or path to a layout YAML file [default: the variant's, "
                   "else full].")
@click.option("--variant", "variant_name", metavar="NAME", help="Build the CV tailored to this variant.")
@click.option("--output", "-o", type=A_FILE, callback=path_given, help="Where to write the PDF "
              "[default: build/<Name>_CV[_<variant>][_<layout>].pdf].")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
              help="Paper size [default: the layout's].")
@click.option("--png", is_flag=True, help="Also write each page as a PNG beside the PDF (needs pypdfium2).")
@handles_errors
def watch(data, layout_name, variant_name, output, paper, png):
    """Rebuild the PDF whenever the data, a layout or a font changes (Ctrl-C stops)."""
    from . import watch as watching  # 70 ms: the watcher

    def report(event):
        click.echo(event.line())
        if event.error:
            click.echo(event.error.format(), err=True)
        for w in (event.result.warnings if event.result else []):
            click.echo(w.format(), err=True)

    def ready(folders):
        click.echo(f"Watching {data}, the layout and the fonts for changes (Ctrl-C stops).", err=True)

    if output == "-":
        raise click.UsageError("watch rebuilds a file: give --output a file name, not standard output")
    gc.enable()  # a loop that runs for hours: run() turns the collector off for short commands only
    try:
        watching.run(data, layout_name, output, paper.lower() if paper else None, png,
                     variant=variant_name, on_build=report, on_ready=ready)
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)


def run() -> None:
    """The `cv-builder` program (console script and ``python -m cv_builder``).

    A command lives a fraction of a second and everything it allocates dies
    together at exit, so the cyclic garbage collector is turned off for it and
    the collection Python makes at exit is skipped (``gc.freeze``): together
    about 30 ms of a 0.25 s build, spent tracing objects that were about to be
    freed anyway. ``watch``, which runs for hours, turns it back on. Library
    callers (``cv_builder.build``) are not affected.
    """
    gc.disable()
    atexit.register(gc.freeze)
    main()


if __name__ == "__main__":  # pragma: no cover
    run()
