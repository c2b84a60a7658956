app_name = "connectivity"
urlpatterns: list = []
