"""Vietnamese unless the user chose English: the browser's language is not asked.

Django's LocaleMiddleware follows Accept-Language, so an officer whose phone
is set to English would get an English site they never asked for. Here the
language comes from the cookie that the language switch sets, else
LANGUAGE_CODE (vi).
"""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
