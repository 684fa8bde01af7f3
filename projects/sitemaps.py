from core.sitemaps import ListingPage, SiteSitemap
from projects.models import Project


class ProjectSitemap(SiteSitemap):
    """The list of projects, then each project."""

    def items(self):
        projects = list(Project.objects.published())
        newest = max((project.updated_at for project in projects), default=None)
        return [ListingPage("projects:list", newest), *projects]

    def lastmod(self, item):
        return item.last_changed if isinstance(item, ListingPage) else item.updated_at
