from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from owner.site import get_profile, page_meta
from projects.models import Project
from web.cache import public_page


@require_safe
@public_page
def project_list(request):
    profile = get_profile(request)
    projects = (
        Project.objects.published().select_related("cover_image").prefetch_related("features")
    )
    meta = page_meta(
        request,
        profile.projects_heading or "Projects",
        description=f"Case studies of projects by {profile.name}: "
        + ", ".join(project.name for project in projects),
        path=reverse("projects:list"),
        breadcrumbs=[("Projects", reverse("projects:list"))],
    )
    return render(request, "projects/list.html", {"projects": projects, "meta": meta})


@require_safe
@public_page
def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.published().select_related("cover_image").prefetch_related("features"),
        slug=slug,
    )
    meta = page_meta(
        request,
        f"{project.name}: {project.category}",
        description=project.description,
        path=project.get_absolute_url(),
        image=project.share_image,
        image_alt=project.cover_image.alt if project.cover_image else project.name,
        breadcrumbs=[
            ("Projects", reverse("projects:list")),
            (project.name, project.get_absolute_url()),
        ],
    )
    return render(request, "projects/detail.html", {"project": project, "meta": meta})
