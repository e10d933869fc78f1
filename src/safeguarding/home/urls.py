from django.urls import path

from safeguarding.home import language, views

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", language.language_choose, name="set_language"),
]
