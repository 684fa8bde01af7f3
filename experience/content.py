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


def dump(dumper):
    roles = []
    for role in Role.objects.prefetch_related("highlights"):
        item = {"organisation": role.organisation, "title": role.title, "location": role.location,
                "start": f"{role.start_date:%Y-%m}"}  # fmt: skip
        if role.end_date:
            item["end"] = f"{role.end_date:%Y-%m}"
        if role.summary:
            item["summary"] = role.summary
        item["highlights"] = [
            {"name": h.name, "text": h.text} if h.name else {"text": h.text}
            for h in role.highlights.all()
        ]
        roles.append(item)
    groups = [
        {"name": group.name, "skills": [skill.name for skill in group.skills.all()]}
        for group in SkillGroup.objects.prefetch_related("skills")
    ]
    dumper.write_toml("experience.toml", {"roles": roles, "skill_groups": groups})
