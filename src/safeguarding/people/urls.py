from django.urls import path

from safeguarding.people import merge_views, views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:person_id>/", views.child, name="child"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/history/", views.history, name="history"),
    path(
        "<int:person_id>/history/<slug:kind>/<int:record_id>/",
        views.record_history,
        name="record_history",
    ),
    path("<int:person_id>/flags/add/", views.flag_add, name="flag_add"),
    path("<int:person_id>/links/", views.links, name="links"),
    path(
        "<int:person_id>/links/<int:relationship_id>/remove/",
        views.relationship_remove,
        name="relationship_remove",
    ),
    path("<int:person_id>/aliases/add/", views.alias_add, name="alias_add"),
    path("<int:person_id>/aliases/<int:alias_id>/remove/", views.alias_remove, name="alias_remove"),
    path("<int:person_id>/merge/", merge_views.merge_request, name="merge_request"),
    path("duplicates/", merge_views.duplicates, name="duplicates"),
    path("merges/", merge_views.merges, name="merges"),
    path("merges/<int:merge_id>/", merge_views.merge, name="merge"),
]
