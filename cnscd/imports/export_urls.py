"""Downloads: blank templates and formatted exports."""

urlpatterns: list = []
