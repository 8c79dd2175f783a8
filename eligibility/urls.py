app_name = "eligibility"
urlpatterns: list = []
