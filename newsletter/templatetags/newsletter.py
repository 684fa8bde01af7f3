from django import template

from newsletter.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/form.html", takes_context=True)
def subscribe_form(context, form=None, heading_level=2):
    """The sign-up form, the same for every visitor of a page: it names the page it is on."""
    request = context["request"]
    return {
        "form": form or SubscribeForm(auto_id="subscribe-%s"),
        "source": request.path,
        "heading_level": heading_level,
    }
