from django.urls import path

from . import views, views_fees, views_requests, views_sales

app_name = "stewardship"

urlpatterns = [
    path("my/home/", views.my_home, name="my_home"),
    path("my/home/<int:dwelling_id>/", views.home_file, name="home_file"),
    path("my/home/checks/<int:pk>/", views.answer_check, name="answer_check"),
    path("my/home/checks/<int:pk>/document/", views.check_document, name="check_document"),
    path("my/home/<int:dwelling_id>/ask/", views_requests.new_request, name="new_request"),
    path("my/home/requests/<int:pk>/", views_requests.request_detail, name="request"),
    path("my/home/requests/<int:pk>/withdraw/", views_requests.withdraw, name="withdraw_request"),
    path("my/home/<int:dwelling_id>/sell/", views_sales.give_notice, name="give_notice"),
    path("my/home/sales/<int:pk>/withdraw/", views_sales.withdraw, name="withdraw_notice"),
    path("stewardship/", views.dashboard, name="dashboard"),
    path("stewardship/sales/<int:pk>/decide/", views_sales.decide, name="decide_first_refusal"),
    path("stewardship/requests/<int:pk>/decide/", views_requests.decide, name="decide_request"),
    path("stewardship/requests/<int:pk>/invoices/", views_requests.invoices, name="record_invoices"),
    path("stewardship/fees/", views_fees.fees, name="fees"),
    path("stewardship/fees/credits/<int:pk>/", views_fees.handle_credit, name="handle_credit"),
    path("stewardship/checks/<int:pk>/review/", views.review_check, name="review_check"),
]
