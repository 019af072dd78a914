import rules

from .predicates import is_consent_owner, is_privacy_officer, is_request_owner

rules.add_perm("privacy.use_my_data", rules.is_authenticated)
rules.add_perm("privacy.download_export", rules.is_authenticated & is_request_owner)
rules.add_perm("privacy.withdraw_consent", rules.is_authenticated & (is_consent_owner | is_privacy_officer))
rules.add_perm("privacy.handle_requests", is_privacy_officer)
rules.add_perm("privacy.review_access_log", is_privacy_officer)
rules.add_perm("privacy.view_record", is_privacy_officer)
