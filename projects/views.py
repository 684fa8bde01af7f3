from django.shortcuts import get_object_or_404, render

from projects.models import Project


def project_list(request):
    projects = Project.objects.published().prefetch_related("features")
    return render(request, "projects/list.html", {"projects": projects})


def project_detail(request, slug):
    project = get_object_or_404(Project.objects.published().prefetch_related("features"), slug=slug)
    return render(request, "projects/detail.html", {"project": project})
