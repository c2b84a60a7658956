from django.urls import path

from pacnet.connectivity import views

app_name = "connectivity"
urlpatterns = [
    path("points/<str:site_code>/lines/new/", views.internet_line_add, name="internet_line_add"),
    path("points/<str:site_code>/line/edit/", views.line_update, name="line_update"),
    path("points/<str:site_code>/line/down/", views.line_down, name="line_down"),
    path("points/<str:site_code>/line/back/", views.line_back, name="line_back"),
    path("points/<str:site_code>/line/down/undo/", views.line_down_undo, name="line_down_undo"),
    path("points/<str:site_code>/line/outages/new/", views.outage_record, name="outage_record"),
    path("lines/", views.line_list, name="line_list"),
    path("lines/lines.<str:format>", views.line_export, name="line_export"),
]
