from django.shortcuts import render

from articles.models import Article, ExternalArticle, Publication
from contact.forms import ContactForm
from core.models import Stat
from core.site import get_profile
from experience.models import Role, SkillGroup
from projects.models import Project
from testimonials.models import Testimonial

# How many of the newest articles the home page lists before linking to all of them.
HOME_ARTICLE_COUNT = 6


def home(request):
    context = {
        "profile": get_profile(request),
        "stats": Stat.objects.all(),
        "roles": Role.objects.published().prefetch_related("highlights"),
        "testimonials": Testimonial.objects.published().select_related("group"),
        "skill_groups": SkillGroup.objects.prefetch_related("skills"),
        "projects": Project.objects.published().prefetch_related("features"),
        "articles": Article.objects.published().select_related("category")[:HOME_ARTICLE_COUNT],
        "external_articles": ExternalArticle.objects.published().select_related("publication"),
        "publications": Publication.objects.exclude(all_articles_url=""),
        "form": ContactForm(),
    }
    return render(request, "core/home.html", context)
