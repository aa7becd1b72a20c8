"""A queryset compiled to SQL once per database connection, for the hottest read there is: a
story page the page cache doesn't hold. Building and compiling that ORM query cost half of
such a request (articles/rendering.py); running it costs a fraction of that.

The query is compiled with a sentinel for each argument, found again among the compiled
parameters, and each run puts the real values, prepared by the same model field, in their
places. The rows come back through the compiler's own converters (worked out once too), as the
ORM would give them.
"""

import weakref

from django.db import DEFAULT_DB_ALIAS, connections


class CompiledQuery:
    """`build(**arguments)`, a queryset, compiled once per connection; `rows(**values)` runs
    it with `values` in place of the sentinels, as a list of tuples (like values_list).

    Each argument is named with (sentinel, field): a value no real argument takes, and the
    model field whose database preparation the real value gets (a datetime is text on SQLite).
    """

    def __init__(self, build, **arguments):
        self.build, self.arguments = build, arguments
        # Per connection object: each thread has its own, and a reconnect keeps the object.
        self.compiled = weakref.WeakKeyDictionary()

    def rows(self, using=DEFAULT_DB_ALIAS, **values):
        connection = connections[using]
        if connection not in self.compiled:
            self.compiled[connection] = self.compile(connection)
        compiler, sql, params, slots, converters = self.compiled[connection]
        params = list(params)
        for name, (_, field) in self.arguments.items():
            params[slots[name]] = field.get_db_prep_value(values[name], connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return list(map(tuple, rows))

    def compile(self, connection):
        sentinels = {name: sentinel for name, (sentinel, _) in self.arguments.items()}
        compiler = self.build(**sentinels).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = {}
        for name, (sentinel, field) in self.arguments.items():
            prepared = field.get_db_prep_value(sentinel, connection)
            found = [index for index, param in enumerate(params) if param == prepared]
            if len(found) != 1:
                raise ValueError(f"The compiled query has {name} {len(found)} times, not once.")
            slots[name] = found[0]
        # What results_iter() would work out again on every run: each column's converters.
        columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        return compiler, sql, tuple(params), slots, compiler.get_converters(columns)
