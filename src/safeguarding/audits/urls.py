from django.urls import path

from safeguarding.audits import views

app_name = "audits"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.audit_new, name="new"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/sample/", views.audit_sample, name="sample"),
    path("<int:pk>/assign/", views.audit_assign, name="assign"),
    path("<int:pk>/cases/add/", views.audit_case_add, name="case_add"),
    path("<int:pk>/cases/<int:case_pk>/", views.audit_case, name="case"),
    path("<int:pk>/comparison/", views.audit_comparison, name="comparison"),
    path("<int:pk>/report/", views.audit_report_page, name="report"),
    path("<int:pk>/report.pdf", views.audit_report_pdf, name="report_pdf"),
    path("<int:pk>/report.csv", views.audit_report_csv, name="report_csv"),
    path("additions/", views.additions, name="additions"),
    path("additions/<int:pk>/decide/", views.addition_decide, name="addition_decide"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/schedule/", views.programme_schedule, name="programme_schedule"),
]
