from socle_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.ceiling_urls"
