print("lanes-api: not built yet")
