"""Load content/projects.toml: the case studies and their features."""

from projects.models import Feature, Project


def load(loader):
    root = loader.read_toml("projects.toml")
    for order, item in enumerate(root.records("projects")):
        features = item.get("features", [], kind=list)
        values = {
            "name": item.require("name"),
            "category": item.require("category"),
            "summary": item.get("summary", ""),
            "technologies": ", ".join(item.get("technologies", [], kind=list)),
            "problem": item.require("problem"),
            "solution": item.require("solution"),
            "impact": item.get("impact", ""),
            "repository_url": item.get("repository_url", ""),
            "live_url": item.get("live_url", ""),
            "order": order,
            "is_published": item.get("is_published", True, kind=bool),
        }
        project, written = loader.upsert(item, Project, {"slug": item.require("slug")}, values)
        if written:
            rows = [Feature(project=project, text=text, order=i) for i, text in enumerate(features)]
            loader.replace_children(item, project, "features", rows)
    root.check_no_unknown_fields()


def dump(dumper):
    projects = []
    for project in Project.objects.prefetch_related("features"):
        item = {
            "slug": project.slug, "name": project.name, "category": project.category,
            "summary": project.summary, "technologies": project.technology_list,
            "problem": project.problem, "solution": project.solution,
            "features": [feature.text for feature in project.features.all()],
            "impact": project.impact, "repository_url": project.repository_url,
            "live_url": project.live_url,
        }  # fmt: skip
        if not project.summary:
            del item["summary"]
        if not project.is_published:
            item["is_published"] = False
        projects.append(item)
    dumper.write_toml("projects.toml", {"projects": projects})
