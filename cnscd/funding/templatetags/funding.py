"""Money and months the way a Vietnamese payroll writes them, whatever the page language."""

from django import template

from cnscd.funding.sheets import months_text
from cnscd.vntext.money import format_dong

register = template.Library()


@register.filter
def dong(amount: int | None) -> str:
    """`3000000` → `3.000.000 đ` with a no-break space, so a table cell never splits it."""
    return "—" if amount is None else format_dong(amount).replace(" ", "\u00a0")


@register.filter
def months(value) -> str:
    """A Fraction of months → `3` or `1,48`."""
    return months_text(value)
