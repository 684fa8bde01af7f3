"""Load content/experience.toml: roles with their highlights, skill groups with their skills."""

from experience.models import Highlight, Role, Skill, SkillGroup


def load(loader):
    root = loader.read_toml("experience.toml")
    for order, item in enumerate(root.records("roles")):
        lookup = {
            "organisation": item.require("organisation"),
            "title": item.require("title"),
            "start_date": item.month("start"),
        }
        values = {
            "location": item.require("location"),
            "end_date": item.month("end", required=False),
            "summary": item.get("summary", ""),
            "order": order,
        }
        highlights = item.records("highlights")
        role, written = loader.upsert(item, Role, lookup, values)
        if written:
            rows = []
            for position, highlight in enumerate(highlights):
                rows.append(
                    Highlight(
                        role=role,
                        name=highlight.get("name", ""),
                        text=highlight.require("text"),
                        order=position,
                    )
                )
                highlight.check_no_unknown_fields()
            loader.replace_children(item, role, "highlights", rows)

    for order, item in enumerate(root.records("skill_groups")):
        skills = item.get("skills", [], kind=list)
        group, written = loader.upsert(
            item, SkillGroup, {"name": item.require("name")}, {"order": order}
        )
        if written:
            rows = [Skill(group=group, name=name, order=i) for i, name in enumerate(skills)]
            loader.replace_children(item, group, "skills", rows)
    root.check_no_unknown_fields()
