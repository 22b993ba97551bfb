"""Two small pieces other pages show: the unread-notice count in the navigation, and a team
member's training history on the member's page (owned by `teams`, which only includes it)."""

from django import template

from cnscd.learning.selectors import member_training, unread_count

register = template.Library()


@register.simple_tag
def unread_notices(user) -> int:
    """One query for a signed-in user, none otherwise."""
    return unread_count(user)


@register.inclusion_tag("learning/_member_training.html")
def member_training_history(member) -> dict:
    """The member reached the page through `teams.selectors.member_get_for`, so it is in scope."""
    return {"member": member, "attendances": list(member_training(member))}
