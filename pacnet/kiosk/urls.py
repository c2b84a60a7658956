from django.urls import path

from pacnet.kiosk.views import rules

app_name = "kiosk"

urlpatterns = [
    path("kiosk/points/<str:site_code>/rules/", rules.rules, name="rules"),
    path("kiosk/points/<str:site_code>/rules/closures/", rules.closure_add, name="closure_add"),
    path(
        "kiosk/points/<str:site_code>/rules/closures/delete/",
        rules.closure_delete,
        name="closure_delete",
    ),
]
