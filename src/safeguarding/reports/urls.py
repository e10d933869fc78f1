from django.urls import path

from safeguarding.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("custody/concordat.csv", views.concordat_csv, name="concordat_csv"),
    path("<slug:slug>/", views.report_page, name="report"),
    path("<slug:slug>/export.csv", views.report_csv, name="report_csv"),
    path("<slug:slug>/export.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/cases/", views.report_cases, name="cases"),
]
