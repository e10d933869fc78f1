from django.urls import path

from safeguarding.people import merge_views, views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:person_id>/", views.child, name="child"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/flags/add/", views.flag_add, name="flag_add"),
    path("<int:person_id>/chronology/", views.child_chronology, name="chronology"),
    path("<int:person_id>/chronology.pdf", views.child_chronology_pdf, name="chronology_pdf"),
    path("<int:person_id>/merge/", merge_views.merge_request, name="merge_request"),
    path("duplicates/", merge_views.duplicates, name="duplicates"),
    path("merges/", merge_views.merges, name="merges"),
    path("merges/<int:merge_id>/", merge_views.merge, name="merge"),
]
