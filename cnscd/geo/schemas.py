"""API field types for rows that belong to a unit: the unit's code and name, read from the
row's `unit` (django-ninja resolves the dotted alias on the object)."""

from typing import Annotated

from ninja import Field

UnitCode = Annotated[str, Field(alias="unit.code")]
UnitName = Annotated[str, Field(alias="unit.name")]
