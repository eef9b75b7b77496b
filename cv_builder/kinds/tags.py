"""Tag sections (skills, focus, languages): topics set as one flowing line, separated by the look's separator (a middle dot),
or (``style: lines``, for a narrow column) one topic a line."""

from __future__ import annotations


from ..model import doc, required
from ..record import record
from . import JsonResume, Kind


@record
class Tag:
    """A skill, topic or language: a name, perhaps a level."""

    __shorthand__ = "name"
    name: str = required("a topic or skill")
    priority: int = doc("fitting priority (1 high … 5 low)", 2, minimum=1, maximum=5)
    tags: list[str] = doc("tags that variants select on", factory=list)


def render(section, index, ctx):
    if not section.items:
        return []
    if ctx.options.style == "lines":
        # one a line (a narrow column): a topic longer than the column wraps at its spaces
        out = []
        for i, t in enumerate(section.items):
            p = ctx.para(ctx.inline.chars(t.name), "body")
            p.spaceBefore = ctx.theme.space("bullet_gap") if i else 0
            out += ctx.keyed([p], (index, i, None))
        return out
    # One paragraph for all tags: a keyword never breaks inside, and each separator
    # stays with the keyword before it, dropped where a line ends (flowables.Para).
    parts = [ctx.inline.chars(t.name, keep=len(t.name) < 40) for t in section.items]
    return ctx.keyed([ctx.para(ctx.inline.join(parts), "body")], (index, None, None))


def write(section, w, cv):
    return [w.join(w.text(t.name) for t in section.items)]


def json_item(key, t, out, ext, x):
    """A language with its fluency; a skill with its level and keywords; an interest with keywords."""
    if key == "languages":
        name, fluency, _ = x.split_tag(t.name, keywords=False)
        out["language"] = name
        x.put(out, "fluency", fluency)
    else:
        name, level, keywords = x.split_tag(t.name, qualifier=key == "skills")
        out["name"] = name
        x.put(out, "level", level)
        x.put(out, "keywords", keywords)


def diff(item):
    return [item.name]


KIND = Kind("tags", Tag, ("skills", "focus", "expertise", "interests", "languages", "topics"),
            render=render, write=write, diff=diff,
            json_resume=JsonResume({"skills": ("skills", "expertise", "focus", "topics", "technical_skills"),
                                    "languages": ("languages",),
                                    "interests": ("interests", "hobbies")}, json_item))
