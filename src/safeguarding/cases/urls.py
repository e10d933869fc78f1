from django.urls import path

from safeguarding.cases import views

app_name = "cases"
urlpatterns = [
    path("<int:case_id>/", views.case_page, name="case"),
    path("new/for/<int:child_id>/", views.case_create, name="create"),
    path("<int:case_id>/close/", views.case_close, name="close"),
    path("<int:case_id>/entries/<slug:kind>/add/", views.entry_add, name="entry_add"),
    path("<int:case_id>/entries/<slug:kind>/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
]
