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
    for obj in objs:
        print(rounded(obj, digits))
