app_name = "key_enterprises"
urlpatterns = []
