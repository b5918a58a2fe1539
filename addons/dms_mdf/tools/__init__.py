from . import mdf
