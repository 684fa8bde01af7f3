from django import template

from core import seo

register = template.Library()


@register.simple_tag
def json_ld(data):
    """Render schema.org data as a JSON-LD script block."""
    return seo.json_ld_script(data)
