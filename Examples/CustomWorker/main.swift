print("example worker: not built yet")
