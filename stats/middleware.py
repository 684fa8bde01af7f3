from stats.counting import count_feed_subscribers


class FeedSubscribersMiddleware:
    """Keeps the subscriber figures feed readers report when they fetch a feed (their
    User-Agent says "N subscribers"). The front cache sends these requests on to the app
    (deploy/nginx/), and so does the app's own page cache: this runs around it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code in (200, 304):
            count_feed_subscribers(request, request.path)
        return response
