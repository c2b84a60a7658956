from django.urls import path

from pacnet.geography import views
from pacnet.geography.urls import imports as import_urls

app_name = "geography"
urlpatterns = [
    # Fixed paths (points/import/) first: points/<site_code>/ would swallow them.
    *import_urls.urlpatterns,
    path("points/", views.site_list, name="site_list"),
    path("points/new/", views.site_create, name="site_create"),
    path("points/<str:site_code>/", views.site_detail, name="site_detail"),
    path("points/<str:site_code>/edit/", views.site_update, name="site_update"),
    path("points/<str:site_code>/move/", views.site_move, name="site_move"),
    path("points/<str:site_code>/staff/new/", views.site_staff_add, name="site_staff_add"),
    path(
        "points/<str:site_code>/staff/<int:staff_id>/delete/",
        views.site_staff_remove,
        name="site_staff_remove",
    ),
    path("points/<str:site_code>/closures/new/", views.site_suspend, name="site_suspend"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<str:unit_code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:unit_code>/edit/", views.unit_update, name="unit_update"),
]
