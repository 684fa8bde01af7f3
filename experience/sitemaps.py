from core.sitemaps import SiteSitemap
from experience.models import Skill


class SkillSitemap(SiteSitemap):
    """The page of each skill that something published shows."""

    def items(self):
        return Skill.objects.with_evidence().order_by("pk")
