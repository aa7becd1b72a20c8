"""What a process read from the shared cache lately, kept in its own memory, bounded in bytes.

Stored pages (articles/page_cache.py) and stored story halves (articles/rendering.py) never
change under their keys, so a worker may keep its own copies and skip reading and unpickling
them again. A worker's threads share these copies, so every change to them holds a lock: a
thread counting the bytes while another adds a copy would otherwise fail mid-request.
"""

import threading


class RecentCopies:
    """key -> value, up to `limit` bytes as `size(value)` counts them; a copy that would go past
    the limit starts the collection again (the copies are only a shortcut to the shared cache)."""

    def __init__(self, limit, size):
        self.limit, self.size = limit, size
        self.items, self.bytes = {}, 0
        self.lock = threading.Lock()

    def get(self, key):
        return self.items.get(key)

    def put(self, key, value):
        with self.lock:
            self._drop(key)
            if self.bytes + self.size(value) > self.limit:
                self.items.clear()
                self.bytes = 0
            self.items[key] = value
            self.bytes += self.size(value)

    def discard(self, key):
        with self.lock:
            self._drop(key)

    def _drop(self, key):
        value = self.items.pop(key, None)
        if value is not None:
            self.bytes -= self.size(value)

    def __len__(self):
        return len(self.items)

    def values(self):
        with self.lock:
            return list(self.items.values())
