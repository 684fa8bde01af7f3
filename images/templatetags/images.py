from django import template
from django.utils.safestring import mark_safe

from images.pictures import picture_html

register = template.Library()


@register.simple_tag
def picture(image, lazy=True, css_class=""):
    """An uploaded image as a responsive <picture> (see images.pictures), with its own alt text."""
    return mark_safe(picture_html(image, image.alt, lazy, css_class))  # from escaped values only
