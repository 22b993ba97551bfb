"""Import pages: upload, preview, commit, progress, error workbook."""

urlpatterns: list = []
