"""The numbers the chapters quote, one module per chapter, computed by functions that both the
chapter (a folded cell that glues them) and its tests call,
so the test checks exactly what the page says.

Chapters run with ``docs/chapters`` as their working directory and import ``claims.<chapter>``;
the tests put ``docs/chapters`` on ``sys.path`` (``tests/conftest.py``). A function returns plain
floats, ints and small arrays in a dict, and is cheap: it runs in every build and every test run.
"""
