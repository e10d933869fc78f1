from django.urls import path

from safeguarding.standards import views

app_name = "standards"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("worklist/<int:result_id>/acknowledge/", views.worklist_acknowledge, name="worklist_acknowledge"),
    path("indicators/", views.indicators_page, name="indicators"),
    path("indicators/export.csv", views.indicators_csv, name="indicators_csv"),
    path("case/<int:case_id>/panel/", views.case_panel, name="case_panel"),
]
