"""Helpers that build people through the services, so that history and audit are real."""

from cnscd.people import services


def household(village, number="1", **extra):
    return services.household_create(village=village, by=None, number=number, **extra)


def resident(household, name="Nguyễn Văn An", birth="1980", **extra):
    return services.resident_create(
        household=household, by=None, full_name=name, birth=birth, **extra
    )
