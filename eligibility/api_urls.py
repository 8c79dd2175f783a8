app_name = "eligibility-api"
urlpatterns: list = []
