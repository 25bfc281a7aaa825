"""Process helpers the tests share."""


def alive(pid):
    """True while pid exists and is not a zombie (a zombie has ended; one
    whose parent is not us may stay a zombie for good in a container)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"
