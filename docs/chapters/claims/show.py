"""Print a claims dict with 4 significant digits, so a folded cell's output reads like the text."""


def rounded(obj, digits=4):
    """The same nested dicts, lists and numbers, floats rounded to ``digits`` significant digits."""
    if isinstance(obj, dict):
        return {k: rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(rounded(v, digits) for v in obj)
    if isinstance(obj, float):
        return float(f"{obj:.{digits}g}")
    return obj


def show(*objs, digits=4):
    """Print each dict as aligned ``name  value`` lines (nested dicts indented), others as is.

    Examples
    --------
    >>> show({"gd_steps": 269, "speedup": 5.7234, "by": {"adam": 0.001234567}})
    gd_steps  269
    speedup   5.723
    by
      adam  0.001235
    """
    for obj in objs:
        _lines(rounded(obj, digits), "")


def _lines(obj, indent):
    if not isinstance(obj, dict):
        print(f"{indent}{obj}")
        return
    width = max((len(str(k)) for k in obj), default=0)
    for key, value in obj.items():
        if isinstance(value, dict):
            print(f"{indent}{key}")
            _lines(value, indent + "  ")
        else:
            print(f"{indent}{key!s:<{width}}  {value}")
