"""Reads of import jobs, already limited to the caller's part of the unit tree."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cnscd.geo.scope import scope_q
from cnscd.imports.models import ImportJob


def jobs_visible_to(user) -> QuerySet[ImportJob]:
    """Jobs started from a unit in the caller's subtrees (the rows they hold are people's data)."""
    return ImportJob.objects.filter(scope_q(user)).select_related("unit", "village", "created_by")


def job_get_for(user, *, job_id: int) -> ImportJob:
    """One job the caller may see; 404 otherwise, as for every object out of scope."""
    return get_object_or_404(jobs_visible_to(user), pk=job_id)
