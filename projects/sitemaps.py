from core.sitemaps import SiteSitemap
from projects.models import Project


class ProjectSitemap(SiteSitemap):
    def items(self):
        return Project.objects.published()

    def lastmod(self, project):
        return project.updated_at
