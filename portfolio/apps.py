from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    """Django's admin, with the owner's desk as its front page (portfolio.admin)."""

    default_site = "portfolio.admin.DeskAdminSite"
