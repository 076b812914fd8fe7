extension RouteTable {
    /// The same routes with `path` open to all (its GET needs no key), e.g. `/metrics` with `LANES_METRICS_PUBLIC=1`.
    func opening(_ path: String) -> RouteTable {
        RouteTable(routes: routes.map { route in
            route.path == path ? Route(method: route.method, path: route.path, role: nil, summary: route.summary) : route
        })
    }
}
