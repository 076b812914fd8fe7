print("lanes-worker: not built yet")
