from django.urls import path

from safeguarding.people import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:person_id>/", views.child, name="child"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/history/", views.history, name="history"),
    path("<int:person_id>/flags/add/", views.flag_add, name="flag_add"),
]
