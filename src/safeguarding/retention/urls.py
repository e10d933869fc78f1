from django.urls import path

from safeguarding.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("people/<int:person_id>/", views.review, name="review"),
    path("disposals/", views.disposals, name="disposals"),
    path("disposals/<int:disposal_id>/", views.disposal, name="disposal"),
]
