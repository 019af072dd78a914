"""Requests under /api/ resolve in the API's own URLconf, which has no
language prefix: Django's LocaleMiddleware would otherwise answer an API 404
with a redirect to /<language>/api/… (the site's catch-all page route
matches there). The language comes from Accept-Language."""

API_PREFIX = "/api/"


class ApiUrlconfMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            request.urlconf = "community.api.root_urls"
        return self.get_response(request)
