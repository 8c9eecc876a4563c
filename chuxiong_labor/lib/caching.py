"""The cache when Redis holds it: Django's Redis cache, answering from local memory while Redis is down.

Nothing the portal keeps in the cache is the only copy (sessions and login lock-outs are in the database), so a
Redis that cannot be reached costs cache hits, never a page: each operation that meets a connection error is
answered by a per-process memory cache instead, and Redis is not asked again for ``RETRY_SECONDS``, so pages do
not wait for a connection timeout each time. Settings: ``"BACKEND": "chuxiong_labor.lib.caching.FallbackRedisCache"``
with the Redis URL as ``LOCATION``, and short socket timeouts in ``OPTIONS``.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class FallbackRedisCache(RedisCache):
    """A Redis cache that falls back to local memory while Redis cannot be reached."""

    RETRY_SECONDS = 30

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"redis-fallback:{server}", params)
        self._down_until = 0.0

    def _either(self, operation, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), operation)(*args, **kwargs)
            except UNREACHABLE:
                logger.warning(
                    "cache: Redis unreachable, using local memory for %s s", self.RETRY_SECONDS, exc_info=True
                )
                self._down_until = time.monotonic() + self.RETRY_SECONDS
        return getattr(self._local, operation)(*args, **kwargs)

    # Every operation of Django's cache API that reaches Redis (``decr``, ``get_or_set`` and the rest are built
    # on these).
    def add(self, *args, **kwargs):
        return self._either("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._either("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._either("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._either("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._either("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._either("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._either("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._either("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._either("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._either("delete_many", *args, **kwargs)

    def clear(self):
        return self._either("clear")
