from . import rush
