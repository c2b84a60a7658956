from django.urls import path

from pacnet.usage import views

app_name = "usage"
urlpatterns = [
    path("usage/", views.home, name="home"),
    path("usage/patrons/", views.patron_search, name="patron_search"),
    path("usage/patrons/new/", views.patron_register, name="patron_register"),
    path("usage/patrons/<str:card_number>/", views.patron_detail, name="patron_detail"),
    path("usage/patrons/<str:card_number>/card/", views.patron_card, name="patron_card"),
    path("usage/patrons/<str:card_number>/edit/", views.patron_update, name="patron_update"),
    path("usage/patrons/<str:card_number>/pin/", views.patron_pin, name="patron_pin"),
    path("usage/points/<str:site_code>/guest-passes/", views.guest_passes, name="guest_passes"),
    path("usage/guest-passes/<int:batch_id>/", views.guest_pass_sheet, name="guest_pass_sheet"),
    path(
        "usage/guest-passes/<int:batch_id>/forget-pins/",
        views.guest_pass_pins_forget,
        name="guest_pass_pins_forget",
    ),
    path(
        "usage/guest-passes/<int:batch_id>/new-pins/",
        views.guest_pass_pins_renew,
        name="guest_pass_pins_renew",
    ),
    path("usage/points/<str:site_code>/computers/", views.computers, name="computers"),
    path(
        "usage/points/<str:site_code>/computers/start/", views.session_start, name="session_start"
    ),
    path("usage/sessions/<int:session_id>/end/", views.session_end, name="session_end"),
    path("usage/points/<str:site_code>/tallies/", views.tallies, name="tallies"),
    path(
        "usage/points/<str:site_code>/tallies/<int:year>/<int:month>/",
        views.tally_month,
        name="tally_month",
    ),
]
