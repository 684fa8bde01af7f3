from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from experience.models import Skill
from owner.site import page_meta
from web.cache import public_page


@require_safe
@public_page
def skill_detail(request, pk):
    """A toolkit skill and its evidence: the roles, projects and articles that show it. A
    skill that nothing published shows has no page: it would be empty, a thin page."""
    skill = get_object_or_404(Skill.objects.with_evidence().select_related("group"), pk=pk)
    evidence = {
        "roles": skill.roles.published().prefetch_related("highlights"),
        "projects": skill.projects.published().defer("search_vector"),
        "articles": skill.articles.published().as_cards(),
    }
    meta = page_meta(
        request,
        f"{skill.name}: where it shows",
        description=f"The roles, projects and articles that show {skill.name}.",
        path=skill.get_absolute_url(),
        breadcrumbs=[
            ("Toolkit", f"{reverse('home')}#toolkit"),
            (skill.name, skill.get_absolute_url()),
        ],
    )
    return render(request, "experience/skill.html", {"skill": skill, "meta": meta, **evidence})
