import rules

from community.predicates import is_staff_member

from .predicates import (
    is_building_coowner,
    is_building_manager,
    is_building_resident,
    is_building_syndic,
    is_statement_household_member,
)

sees_building = is_building_coowner | is_building_resident | is_building_manager

rules.add_perm("coownership.view_building", rules.is_authenticated & sees_building)
rules.add_perm("coownership.view_own_account", rules.is_authenticated & is_building_coowner)
rules.add_perm("coownership.view_accounts", rules.is_authenticated & is_building_manager)
rules.add_perm("coownership.manage_building", rules.is_authenticated & is_building_manager)
rules.add_perm("coownership.report_ticket", rules.is_authenticated & sees_building)
rules.add_perm("coownership.handle_ticket", rules.is_authenticated & is_building_manager)
rules.add_perm("coownership.download_statement", rules.is_authenticated & is_statement_household_member)
rules.add_perm("coownership.create_building", rules.is_authenticated & is_staff_member)
# Art. 3.87 §3: the syndic convenes; the staff stand in for a building without one.
rules.add_perm("coownership.manage_convocations", rules.is_authenticated & (is_building_syndic | is_staff_member))
