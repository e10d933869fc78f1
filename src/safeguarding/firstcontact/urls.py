from django.urls import path

from safeguarding.firstcontact import views

app_name = "firstcontact"
urlpatterns = [
    path("", views.lookup_page, name="lookup"),
    path("open/<int:person_id>/", views.open_record, name="open_record"),
]
