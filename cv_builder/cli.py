"""The command line: parse options, call the library, turn problems into text
and exit codes (0 done, 1 a problem with the data or the build, 2 bad usage).
A traceback is shown only with --debug."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import CVError

DEFAULT_DATA = "data/cv.yaml"


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cv-builder")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def main(debug: bool) -> None:
    """Turn a CV written as YAML into a typeset PDF."""


@main.command()
@click.argument("data", default=DEFAULT_DATA, type=click.Path(dir_okay=False))
@click.option("--layout", "-l", "layout_name", default="full", show_default=True,
              help="Layout name (a file in layouts/) or path to a layout YAML file.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Where to write the PDF "
              "[default: build/<Name>_CV[_<layout>].pdf].")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
              help="Paper size [default: the layout's].")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Also write what the build did (fitting, warnings) as JSON.")
@handles_errors
def build(data, layout_name, output, paper, report_path):
    """Build the PDF of a CV (DATA defaults to data/cv.yaml)."""
    from .build import build as run

    result = run(data, layout_name, output, paper.lower() if paper else None)
    for w in result.warnings:
        click.echo(w.format(), err=True)
    if result.type_scale < 0.999 or result.space_scale < 0.999 or result.left_out:
        click.echo(fit_summary(result))
    click.echo(f"Built {result.output}: {result.pages} page{'s' if result.pages != 1 else ''}, "
               f"{result.size / 1024:.0f} KB, {result.seconds:.2f} s (layout {result.layout})")
    if report_path:
        from .build import write_atomically
        write_atomically(Path(report_path), json.dumps(report_json(result), indent=2, ensure_ascii=False).encode() + b"\n")


def fit_summary(result) -> str:
    parts = []
    if result.type_scale < 0.999:
        parts.append(f"fitted at {result.type_scale * 100:.0f} % type scale")
    if result.space_scale < 0.999:
        parts.append(f"spacing at {result.space_scale * 100:.0f} %")
    text = "; ".join(parts) or "fitted at the design size"
    if result.left_out:
        counts = {}
        for item in result.left_out:
            counts[item["kind"]] = counts.get(item["kind"], 0) + 1
        what = " and ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(counts.items()))
        text += f"; left out {what} (lowest priority first):"
        shown = result.left_out[:LIST_AT_MOST]
        text += "".join(f"\n  - {item['text']} (priority {item['priority']})" for item in shown)
        if len(result.left_out) > len(shown):
            text += f"\n  … and {len(result.left_out) - len(shown)} more (all of them with --report FILE)"
    return text


LIST_AT_MOST = 12


def report_json(result) -> dict:
    return {
        "output": str(result.output),
        "layout": result.layout,
        "pages": result.pages,
        "bytes": result.size,
        "seconds": round(result.seconds, 4),
        "type_scale": round(result.type_scale, 4),
        "space_scale": round(result.space_scale, 4),
        "left_out": result.left_out,
        "warnings": [w.format() for w in result.warnings],
    }


@main.command()
@click.argument("data", default=DEFAULT_DATA, type=click.Path(dir_okay=False))
@handles_errors
def validate(data):
    """Check a CV file without building it."""
    from . import schema

    cv = schema.load(data)
    _echo_problems(cv.warnings)
    n = sum(len(s.items) for s in cv.sections)
    click.echo(f"{data} is valid: {len(cv.sections)} sections, {n} items.")


@main.command("schema")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of standard output.")
@handles_errors
def schema_cmd(output):
    """Print the JSON Schema of the CV data format (for editors)."""
    from .schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        from .build import write_atomically
        write_atomically(Path(output), text.encode())
    else:
        click.echo(text, nl=False)


@main.command("layouts")
def layouts_cmd():
    """List the layouts that --layout accepts."""
    from . import layout

    for name in layout.available():
        try:
            spec = layout.load(name)
            click.echo(f"{name:12} {spec.description or ''}")
        except CVError:
            click.echo(f"{name:12} (invalid: run a build with it to see why)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
