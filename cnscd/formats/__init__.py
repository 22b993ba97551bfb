"""Date and number formats as Vietnamese offices write them (dd/mm/yyyy, 1.234.567)."""
