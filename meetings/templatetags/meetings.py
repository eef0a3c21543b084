from django import template

from ..models import Directive

register = template.Library()


@register.simple_tag
def directives_concerning(model, user):
    """The directives that link to a registry model and that `user` may read, with their status."""
    return (
        Directive.objects.visible_to(user)
        .filter(registry_models=model)
        .with_status()
        .select_related("meeting")
        .order_by("-meeting__date", "number", "pk")
    )
