from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from prongsai.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("ledger/", include("prongsai.ledger.urls_api")),
    path("api/v1/", include("prongsai.search.urls_api")),
]

# Public pages: Thai at /…, English at /en/…; no language cookie is needed.
urlpatterns += i18n_patterns(
    path("", wagtail_views.serve, {"path": ""}, name="site-home"),
    path("", include("prongsai.ita.urls")),
    path("", include("prongsai.site.urls")),
    path("verify/", include("prongsai.ledger.urls")),
    path("", include("prongsai.integrity.urls")),
    path("", include("prongsai.search.urls")),
    path("", include("prongsai.stats.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
