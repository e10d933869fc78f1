from django.urls import path

from safeguarding.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("recommendations.csv", views.recommendations_csv, name="recommendations_csv"),
    path("import/", views.report_upload, name="import"),
    path("national/", views.national, name="national"),
    path("national.csv", views.national_csv, name="national_csv"),
    path("import/confirm/", views.report_import_confirm, name="import_confirm"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/panel-paper/", views.panel_paper, name="panel_paper"),
    path("reports/<int:pk>/panel-paper.pdf", views.panel_paper_download, name="panel_paper_pdf"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("recommendations/<int:pk>/status/", views.status_change, name="status_change"),
    path("recommendations/<int:pk>/owner/", views.owner_assign, name="owner_assign"),
    path("recommendations/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("recommendations/<int:pk>/notes/", views.note_add, name="note_add"),
    path("recommendations/<int:pk>/standards/", views.standards_confirm, name="standards_confirm"),
]
