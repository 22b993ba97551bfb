"""Writes of the learning app, one module per subject: guides, training, announcements."""
