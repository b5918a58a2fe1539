from . import precedence
