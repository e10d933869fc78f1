from django.urls import path

from safeguarding.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("review/", views.review, name="review"),
    path("conflicts/", views.conflicts, name="conflicts"),
]
