from django.urls import path

from safeguarding.standards import views

app_name = "standards"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("indicators/", views.indicators_page, name="indicators"),
    path("indicators/export.csv", views.indicators_csv, name="indicators_csv"),
    path("case/<int:case_id>/panel/", views.case_panel, name="case_panel"),
]
