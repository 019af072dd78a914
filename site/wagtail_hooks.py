from wagtail import hooks


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    # The whole-page cache (socle_site.page_cache) asks which page it stores.
    request._socle_served_page = page
