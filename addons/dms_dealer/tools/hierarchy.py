"""Materialised-path helpers for the dealer tree.

A dealer's path lists the ids from the top distributor down to the dealer
itself, each followed by a slash: ``"12/45/78/"``.  Downstream of a dealer are
the rows whose path starts with its path; upstream ids are read off the path.
"""


def make_path(parent_path, record_id):
    """Path of a record under a parent path (``""``/``None`` for a root).

    >>> make_path("12/45/", 78)
    '12/45/78/'
    >>> make_path(None, 3)
    '3/'
    """
    return f"{parent_path or ''}{record_id}/"


def path_ids(path):
    """Ids along a path, top first.

    >>> path_ids("12/45/78/")
    [12, 45, 78]
    >>> path_ids("")
    []
    """
    return [int(part) for part in (path or "").split("/") if part]


def upstream_ids(path):
    """Ids strictly above the node of ``path``, nearest last.

    >>> upstream_ids("12/45/78/")
    [12, 45]
    """
    return path_ids(path)[:-1]


def is_cycle(node_path, new_parent_path):
    """True when moving the node under ``new_parent_path`` would make a cycle.

    A cycle appears when the new parent is the node itself or lies downstream
    of it, i.e. when the parent path starts with the node's path.

    >>> is_cycle("1/2/", "1/2/5/")
    True
    >>> is_cycle("1/2/", "1/3/")
    False
    >>> is_cycle("1/2/", "1/2/")
    True
    """
    return bool(node_path and new_parent_path and new_parent_path.startswith(node_path))


def compute_paths(nodes, known_paths):
    """Paths for a batch of new nodes whose parents may be in the same batch.

    ``nodes`` maps id -> parent id (or ``None``); ``known_paths`` maps the ids
    of already stored parents to their paths.  Returns id -> path.  Raises
    ``ValueError`` if the batch itself contains a cycle.

    >>> compute_paths({5: None, 6: 5, 7: 6}, {})
    {5: '5/', 6: '5/6/', 7: '5/6/7/'}
    >>> sorted(compute_paths({7: 6, 6: 1}, {1: '1/'}).items())
    [(6, '1/6/'), (7, '1/6/7/')]
    """
    result = {}

    def resolve(node_id, seen):
        if node_id in result:
            return result[node_id]
        if node_id in seen:
            raise ValueError("cycle in dealer hierarchy")
        parent_id = nodes[node_id]
        if parent_id is None:
            parent_path = ""
        elif parent_id in nodes:
            parent_path = resolve(parent_id, seen | {node_id})
        else:
            parent_path = known_paths.get(parent_id, "")
        result[node_id] = make_path(parent_path, node_id)
        return result[node_id]

    for node_id in nodes:
        resolve(node_id, frozenset())
    return result
