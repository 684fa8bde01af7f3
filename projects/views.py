from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core import seo
from core.site import get_profile
from projects.models import Project


def project_list(request):
    profile = get_profile(request)
    projects = Project.objects.published().prefetch_related("features")
    meta = seo.PageMeta(
        title=f"{profile.projects_heading or 'Projects'} — {profile.name}",
        description=f"Case studies of projects by {profile.name}: "
        + ", ".join(project.name for project in projects),
        path=reverse("projects:list"),
        structured_data=[
            seo.breadcrumbs(
                [("Home", reverse("core:home")), ("Projects", reverse("projects:list"))]
            )
        ],
    )
    return render(request, "projects/list.html", {"projects": projects, "meta": meta})


def project_detail(request, slug):
    project = get_object_or_404(Project.objects.published().prefetch_related("features"), slug=slug)
    profile = get_profile(request)
    meta = seo.PageMeta(
        title=f"{project.name}: {project.category} — {profile.name}",
        description=project.description,
        path=project.get_absolute_url(),
        structured_data=[
            seo.breadcrumbs(
                [
                    ("Home", reverse("core:home")),
                    ("Projects", reverse("projects:list")),
                    (project.name, project.get_absolute_url()),
                ]
            )
        ],
    )
    return render(request, "projects/detail.html", {"project": project, "meta": meta})
