from django import template

from fellesloft.core.people import person_label

register = template.Library()


@register.filter
def person(user) -> str:
    """`{{ note.author|person }}`: the person's name, or «slettet bruker»."""
    return person_label(user)
