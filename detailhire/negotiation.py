"""The API's content negotiation (a module of its own: DRF's settings import it while DRF's views
are being defined)."""

from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, answered at once in the common case: one renderer (JSON outside DEBUG),
    no format asked for, and an Accept header that takes anything or exactly that type (most API
    clients). Everything else (other Accept headers, ``?format=``, several renderers) goes
    through DRF's full negotiation, 406 included."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if len(renderers) == 1 and not format_suffix:
            renderer = renderers[0]
            accept = request.META.get("HTTP_ACCEPT", "*/*")
            asked_format = self.settings.URL_FORMAT_OVERRIDE
            if accept in ("*/*", renderer.media_type) and (
                not asked_format or asked_format not in request.query_params
            ):
                return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
