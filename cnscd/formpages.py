"""Form pages: run a service on a valid POST, or show the form again with its errors.

Shared by the HTML views of every app, so that a broken rule always lands
next to its field and the page always answers 400 when it shows errors.
"""

from django.shortcuts import render

from cnscd.errors import ServiceError, add_service_error


def submit(request, form, write):
    """The result of `write(cleaned_data)` for a valid POSTed form, else None.

    Invalid input and broken rules (ServiceError) end up on the form, so the
    page is shown again with the messages next to their fields.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ServiceError as e:
        add_service_error(form, e)
        return None


def form_page(request, template: str, context: dict, *forms):
    """A form page, answered with 400 when it shows errors."""
    return render(request, template, context, status=400 if any(f.errors for f in forms) else 200)
