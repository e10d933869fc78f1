from django.urls import path

from safeguarding.cases import attachment_views, chronology_views, views

app_name = "cases"
urlpatterns = [
    path("<int:case_id>/", views.case_page, name="case"),
    path("new/for/<int:child_id>/", views.case_create, name="create"),
    path("<int:case_id>/chronology/", chronology_views.case_chronology, name="chronology"),
    path("<int:case_id>/chronology.pdf", chronology_views.case_chronology_pdf, name="chronology_pdf"),
    path("child/<int:person_id>/chronology/", chronology_views.child_chronology, name="child_chronology"),
    path(
        "child/<int:person_id>/chronology.pdf",
        chronology_views.child_chronology_pdf,
        name="child_chronology_pdf",
    ),
    path("<int:case_id>/attachments/new/", attachment_views.attachment_new, name="attachment_new"),
    path("<int:case_id>/attachments/<int:attachment_id>/", attachment_views.attachment, name="attachment"),
    path("<int:case_id>/close/", views.case_close, name="close"),
    path("<int:case_id>/history/", views.case_history, name="history"),
    path(
        "<int:case_id>/participants/<int:participant_id>/history/",
        views.participant_history,
        name="participant_history",
    ),
    path("<int:case_id>/close/decide/", views.closure_decide, name="closure_decide"),
    path("<int:case_id>/reopen/", views.case_reopen, name="reopen"),
    path("<int:case_id>/reassign/", views.case_reassign, name="reassign"),
    path("<int:case_id>/entries/<slug:kind>/add/", views.entry_add, name="entry_add"),
    path("<int:case_id>/entries/<slug:kind>/<int:entry_id>/", views.entry_page, name="entry"),
    path("<int:case_id>/entries/<slug:kind>/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path(
        "<int:case_id>/entries/<slug:kind>/<int:entry_id>/history/",
        views.entry_history,
        name="entry_history",
    ),
    path("<int:case_id>/people/", views.case_people, name="people"),
    path("<int:case_id>/people/add/", views.participant_add, name="participant_add"),
    path("<int:case_id>/people/new/", views.participant_new, name="participant_new"),
    path("<int:case_id>/people/link/", views.link_people, name="link_people"),
    path(
        "<int:case_id>/people/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
]
