app_name = "detection-api"
urlpatterns: list = []
