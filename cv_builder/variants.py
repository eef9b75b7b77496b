"""Variants: one data file, a CV tailored to each application.

Any section, item or bullet may carry ``tags``. A :class:`~cv_builder.model.Variant`
(under ``variants:`` in the data) keeps or leaves out tagged content and may
replace the headline, the intro and the summary, reorder the sections, pick a
default layout and name the application it is for.

:func:`apply` turns a CV and a variant's name into a *new* CV that holds only
what the variant selects; nothing downstream (layouts, the renderer) knows
that variants exist. This module is pure model code: no YAML, no ReportLab.

The rule, for a section, an item and a bullet alike:

* it is left out when it carries a tag from the variant's ``exclude``;
* otherwise, when the variant has an ``include`` list, it is kept if it carries
  one of those tags *or carries no tag at all* (untagged content is common to
  every variant);
* a section the variant's ``sections`` does not list is left out.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Optional

from . import lang
from .errors import CVError, Position, Problem, did_you_mean
from .kinds.text import Paragraph
from .model import CV, Section, Variant


def keeps(tags: Iterable[str], variant: Variant) -> bool:
    """Whether a variant keeps something that carries these tags."""
    tags = set(tags)
    if tags & set(variant.exclude):
        return False
    if variant.include and tags and not tags & set(variant.include):
        return False
    return True


def used_tags(cv: CV) -> set[str]:
    """Every tag carried by a section, an item or a bullet."""
    found: set[str] = set()
    for section in cv.sections:
        found.update(section.tags)
        for item in section.items:
            found.update(item.tags)
            for bullet in getattr(item, "bullets", ()):
                found.update(bullet.tags)
    return found


def get(cv: CV, name: str) -> Variant:
    """The variant called ``name``; a CVError naming the known ones otherwise."""
    if name in cv.variants:
        return cv.variants[name]
    names = list(cv.variants)
    if names:
        hint = " ".join(filter(None, [did_you_mean(name, names), f"variants: {', '.join(names)}"]))
    else:
        hint = f"{cv.source or 'the data'} defines no variants: add them under `variants:` (see the README)"
    raise CVError([Problem(f"unknown variant `{name}`", position=Position(cv.source) if cv.source else None,
                           hint=hint)])


def tailor(cv: CV, variant: Variant) -> tuple[CV, list[Problem]]:
    """The CV as the variant shapes it, and every problem found (errors and warnings).

    The returned CV is new; ``cv`` is not changed. Check the problems for errors
    before using the CV (:func:`apply` does).
    """
    problems: list[Problem] = []
    base = f"variants.{variant.name}"

    def error(message: str, key: Optional[str] = None, **kw) -> None:
        problems.append(Problem(message, position=variant.where(key) if key else variant.origin,
                                path=f"{base}.{key}" if key else base, **kw))

    def warn(message: str, key: Optional[str] = None, **kw) -> None:
        problems.append(Problem(message, position=variant.where(key) if key else variant.origin,
                                path=f"{base}.{key}" if key else base, severity="warning", **kw))

    # tags the variant names must exist somewhere: a misspelt tag would silently change the CV
    known = used_tags(cv)
    for field in ("include", "exclude"):
        for i, tag in enumerate(getattr(variant, field)):
            if tag not in known:
                if known:
                    hint = did_you_mean(tag, known) or f"tags in the data: {', '.join(sorted(known))}"
                else:
                    hint = "no section, item or bullet carries a tag yet: add `tags: [...]` to what this variant is about"
                error(f"the tag `{tag}` is on no section, item or bullet", f"{field}[{i}]", hint=hint)
    overlap = [t for t in variant.include if t in variant.exclude]
    for tag in overlap:
        warn(f"the tag `{tag}` is both included and excluded; excluding wins", "exclude")

    # which sections, in which order
    by_id = {s.id: s for s in cv.sections}
    if variant.sections:
        order, seen = [], set()
        for i, sid in enumerate(variant.sections):
            if sid in seen:
                error(f"the section `{sid}` is listed twice", f"sections[{i}]")
            elif sid not in by_id:
                error(f"there is no section `{sid}`", f"sections[{i}]",
                      hint=did_you_mean(sid, by_id) or f"sections: {', '.join(by_id)}")
            else:
                order.append(by_id[sid])
            seen.add(sid)
    else:
        order = list(cv.sections)

    sections: list[Section] = []
    for section in order:
        if not keeps(section.tags, variant):
            continue  # the section itself is left out: on purpose, no warning
        items = [_trim(item, variant) for item in section.items if keeps(item.tags, variant)]
        sections.append(dataclasses.replace(section, items=items))

    if variant.summary:
        text_sections = [i for i, s in enumerate(sections) if s.kind == "text"]
        if text_sections:
            i = text_sections[0]
            sections[i] = dataclasses.replace(sections[i], items=[Paragraph(variant.summary, priority=1)])
        else:
            error("the variant has a `summary` but shows no text section for it to replace", "summary",
                  hint="add a text section such as `about:` to the data (or to the variant's `sections`)")

    for section in sections:
        if section.items or not by_id[section.id].items:
            continue
        key = f"sections[{variant.sections.index(section.id)}]" if section.id in variant.sections else None
        warn(f"the variant leaves the section `{section.id}` ({section.title}) empty, so it is not shown", key,
             hint="every item in it carries a tag the variant leaves out: tag some of them for this variant, "
                  "or leave the section out on purpose (tag the section, or list the variant's `sections`)")

    if variant.layout:
        from . import layout

        try:
            layout.find(variant.layout)
        except CVError as exc:
            for p in exc.problems:
                error(p.message, "layout", hint=p.hint)

    if variant.language and variant.language != cv.lang:
        sections = _retitle(sections, cv.language, lang.resolve(variant.language))

    header = dataclasses.replace(cv.header, headline=variant.headline or cv.header.headline,
                                 intro=variant.intro or cv.header.intro)
    others = tuple(f"variants.{n}." for n in cv.variants if n != variant.name)
    strings = [s for s in cv.strings if not str(s[2]).startswith(others)] if others else list(cv.strings)
    tailored = dataclasses.replace(cv, header=header, sections=sections, variant=variant, strings=strings,
                                   lang=variant.language or cv.lang,
                                   warnings=list(cv.warnings) + [p for p in problems if p.severity == "warning"])
    return tailored, problems


def _retitle(sections: list[Section], old, new) -> list[Section]:
    """Sections whose title is their id's default in the CV's language get the default
    of the variant's language (Experience -> Berufserfahrung); titles the data gives stay."""
    out = []
    for section in sections:
        default = old.title(section.id)
        if default is not None and section.title == default:
            section = dataclasses.replace(section, title=new.title(section.id) or default)
        out.append(section)
    return out


def _trim(item, variant: Variant):
    """An item with the bullets the variant keeps (the item itself when nothing changes)."""
    bullets = getattr(item, "bullets", None)
    if not bullets:
        return item
    kept = [b for b in bullets if keeps(b.tags, variant)]
    return item if len(kept) == len(bullets) else dataclasses.replace(item, bullets=kept)


def apply(cv: CV, name: str) -> CV:
    """A new CV holding only what the variant ``name`` selects, with its replacements.

    Raises CVError (unknown variant, a tag on nothing, an unknown section or
    layout, …); warnings (a section left empty) go into the new CV's ``warnings``.
    """
    tailored, problems = tailor(cv, get(cv, name))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CVError(errors)
    return tailored


def check(cv: CV) -> list[Problem]:
    """Every problem of every variant, its layout's included (for `cv-builder validate`)."""
    from . import layout as layouts

    out: list[Problem] = []
    for variant in cv.variants.values():
        out += tailor(cv, variant)[1]
        if variant.layout:
            try:
                layouts.find(variant.layout)  # (a layout that does not exist is reported above)
            except CVError:
                continue
            try:
                layouts.load(variant.layout)
            except CVError as exc:
                out += exc.problems
    return out

