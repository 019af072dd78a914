from django.urls import path

from . import views, views_keys, views_letters, views_money, views_tickets

app_name = "coownership"

urlpatterns = [
    path("buildings/", views.buildings, name="buildings"),
    path("buildings/<slug:slug>/", views.building, name="building"),
    path("buildings/<slug:slug>/sale/", views.record_sale, name="record_sale"),
    path("buildings/<slug:slug>/meetings/<int:pk>/second/", views.call_second_meeting, name="call_second_meeting"),
    path("buildings/<slug:slug>/meetings/<int:pk>/letters/", views_letters.meeting_letters, name="meeting_letters"),
    path("buildings/<slug:slug>/meetings/<int:pk>/letters.pdf", views_letters.letters_pdf, name="letters_pdf"),
    path("buildings/<slug:slug>/meetings/<int:pk>/letters.csv", views_letters.post_office_list, name="post_office_list"),
    path("buildings/<slug:slug>/convocations/", views_letters.consents, name="consents"),
    path("buildings/<slug:slug>/convocations/<int:pk>/withdraw/", views_letters.withdraw_consent, name="withdraw_consent"),
    path("buildings/<slug:slug>/convocations/<int:pk>/document/", views_letters.consent_document, name="consent_document"),
    path("buildings/<slug:slug>/my-account/", views.my_account, name="my_account"),
    path("buildings/<slug:slug>/my-account/statement/", views.request_statement, name="request_statement"),
    path("buildings/<slug:slug>/statements/<int:pk>.pdf", views.statement_pdf, name="statement_pdf"),
    path("buildings/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("buildings/<slug:slug>/reminders/", views.send_reminders, name="send_reminders"),
    path("buildings/<slug:slug>/expenses/", views_money.expenses, name="expenses"),
    path("buildings/<slug:slug>/expenses/<int:pk>/document/", views_money.expense_document, name="expense_document"),
    path("buildings/<slug:slug>/budget/", views_money.budget, name="budget"),
    path("buildings/<slug:slug>/keys/", views_keys.keys, name="keys"),
    path("buildings/<slug:slug>/keys/<int:pk>/readings/", views_keys.meter_readings, name="meter_readings"),
    path("buildings/<slug:slug>/calls/", views_money.issue_call, name="issue_call"),
    path("buildings/<slug:slug>/payments/", views_money.payments, name="payments"),
    path("buildings/<slug:slug>/payments/credits/<int:pk>/", views_money.reconcile_credit, name="reconcile_credit"),
    path("buildings/<slug:slug>/payments/debits/<int:pk>/", views_money.reconcile_debit, name="reconcile_debit"),
    path("buildings/<slug:slug>/transfers/", views_money.transfers, name="transfers"),
    path("buildings/<slug:slug>/direct-debit/", views_money.direct_debit, name="direct_debit"),
    path("buildings/<slug:slug>/direct-debit/calls/<int:pk>/pain008.xml", views_money.collection_file,
         name="collection_file"),
    path("buildings/<slug:slug>/tickets/", views_tickets.tickets, name="tickets"),
    path("buildings/<slug:slug>/tickets/new/", views_tickets.report_ticket, name="report_ticket"),
    path("buildings/<slug:slug>/tickets/<int:pk>/", views_tickets.ticket, name="ticket"),
    path("buildings/<slug:slug>/tickets/<int:pk>/photos/<int:photo>/", views_tickets.ticket_photo, name="ticket_photo"),
    path("buildings/<slug:slug>/documents/", views_tickets.documents, name="documents"),
    path("buildings/<slug:slug>/documents/<int:pk>/", views_tickets.document, name="document"),
]
