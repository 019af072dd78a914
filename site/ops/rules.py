import rules

# The status page and the bounces: the administrators' tools.
rules.add_perm("ops.view_status", rules.is_staff | rules.is_superuser)
