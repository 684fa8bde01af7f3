"""Load content/experience.toml: roles with their highlights, skill groups with their skills."""

from django.apps import apps

from core.content import ContentError
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
    for item in root.records("evidence"):
        _load_evidence(loader, item)
    root.check_no_unknown_fields()


def _load_evidence(loader, item):
    """Link a skill to the roles (by organisation), projects and articles (by slug) that show
    it. Projects and articles are loaded before the toolkit (settings.CONTENT_MODULES)."""
    name = item.require("skill")
    skill = Skill.objects.filter(name=name).first()
    if skill is None:
        raise ContentError(f"{item.where}: field 'skill': no skill '{name}' in the toolkit")
    project, article = apps.get_model("projects", "Project"), apps.get_model("articles", "Article")
    related = {
        "roles": (Role, "organisation", item.get("roles", [], kind=list)),
        "projects": (project, "slug", item.get("projects", [], kind=list)),
        "articles": (article, "slug", item.get("articles", [], kind=list)),
    }
    item.check_no_unknown_fields()
    if not loader.overwrite and any(getattr(skill, field).exists() for field in related):
        return  # the owner's own links are kept
    for field, (model, key, values) in related.items():
        rows = list(model.objects.filter(**{f"{key}__in": values}))
        missing = sorted(set(values) - {getattr(row, key) for row in rows})
        if missing:
            raise ContentError(f"{item.where}: field '{field}': no {key} '{missing[0]}'")
        getattr(skill, field).set(rows)


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
    evidence = []
    for skill in Skill.objects.prefetch_related("roles", "projects", "articles"):
        links = {
            "roles": list(dict.fromkeys(role.organisation for role in skill.roles.all())),
            "projects": [project.slug for project in skill.projects.all()],
            "articles": [article.slug for article in skill.articles.all()],
        }
        if any(links.values()):
            evidence.append({"skill": skill.name, **{k: v for k, v in links.items() if v}})
    data = {"roles": roles, "skill_groups": groups}
    if evidence:
        data["evidence"] = evidence
    dumper.write_toml("experience.toml", data)
