from django import template

from core import seo

register = template.Library()


@register.simple_tag
def json_ld(data):
    """Render schema.org data as a JSON-LD script block."""
    return seo.json_ld_script(data)


@register.simple_tag
def absolute_url(path):
    return seo.absolute_url(path)
