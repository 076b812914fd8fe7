import LanesStore
