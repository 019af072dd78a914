"""The read-only partner API (/api/v1/): keys per partner organisation,
scopes, rate limit and the log of calls live here; each feature registers its
endpoints (``registry.register_endpoint``) from its own ``api.py`` when its
app loads, so the base names no feature. No endpoint returns personal data."""
