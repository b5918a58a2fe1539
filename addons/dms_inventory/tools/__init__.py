from . import cover, replenish, routing
