from django.urls import path

from . import views, views_apply

app_name = "candidates"

urlpatterns = [
    path("become-owner/", views.ownership_calculator, name="ownership_calculator"),
    path("affordable-rent/", views.rent_calculator, name="rent_calculator"),
    path("resale-price/", views.resale_calculator, name="resale_calculator"),
    path("candidates/figures/", views.figures, name="figures"),
    path("candidacy/", views.my_candidacy, name="my_candidacy"),
    path("candidacy/apply/", views_apply.apply, name="apply"),
    path("candidacy/apply/<slug:step>/", views_apply.apply_step, name="apply_step"),
    path("candidacy/renew/", views.renew, name="renew"),
    path("candidacy/offers/<int:offer_pk>/answer/", views.answer_offer, name="answer_offer"),
    path("candidacy/<int:pk>/documents/", views.upload_document, name="upload_document"),
    path("candidacy/<int:pk>/documents/<int:document_pk>/", views.document_download, name="document_download"),
    path("register/", views.register_list, name="register"),
    path("register/paper/", views.paper_application, name="paper_application"),
    path("register/<int:pk>/", views.register_detail, name="register_detail"),
    path("register/<int:pk>/documents/<int:document_pk>/review/", views.review_document, name="review_document"),
    path("register/<int:pk>/steps/<int:step_pk>/", views.complete_step, name="complete_step"),
    path("register/<int:pk>/correct/", views.correct, name="correct"),
    path("register/homes/", views.homes, name="homes"),
    path("register/homes/<int:pk>/", views.home_ranking, name="home_ranking"),
    path("register/homes/<int:pk>/offer/", views.make_offer, name="make_offer"),
    path("register/homes/<int:pk>/deed/", views.record_deed, name="record_deed"),
    path("register/homes/<int:pk>/resale/", views.record_resale, name="record_resale"),
    path("register/homes/<int:pk>/notary-pack/", views.notary_pack, name="notary_pack"),
]
