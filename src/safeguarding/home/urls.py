from django.urls import path

from safeguarding.home import views

urlpatterns = [path("", views.home, name="home")]
