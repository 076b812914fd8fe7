import Hummingbird
import LanesCore
import LanesStore
import Logging

/// The dependencies every controller shares.
struct APIServices: Sendable {
    let store: TaskStore
    let events: EventHub
    let configuration: APIConfiguration
    let logger: Logger
}

/// Builds the API application: what `lanes-api` runs and what the tests drive.
public func buildApplication(_ configuration: APIConfiguration, logger: Logger = Logger(label: "lanes.api")) -> some ApplicationProtocol {
    if configuration.authDisabled {
        logger.warning("LANES_AUTH_DISABLED=1: every route is open to anyone who can reach this port; use it for local trials only")
    }
    let store = configuration.store.makeStore()
    let events = EventHub(store: store)
    let services = APIServices(store: store, events: events, configuration: configuration, logger: logger)
    let router = buildRouter(services)
    return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "lanes-api"),
                       services: [StoreLifetime(store: store, events: events)], logger: logger)
}

/// The router: middleware (audit log, errors, auth) first, then every controller.
func buildRouter(_ services: APIServices) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    let routes = services.configuration.metricsPublic ? RouteTable.standard.opening("/metrics") : RouteTable.standard
    router.add(middleware: AuditMiddleware(routes: routes, logger: services.logger))
    router.add(middleware: ErrorMiddleware(routes: routes))
    router.add(middleware: AuthMiddleware(keys: services.configuration.keys, routes: routes, authDisabled: services.configuration.authDisabled))
    router.addRoutes(HealthController(services: services).endpoints)
    router.addRoutes(OpenAPIController(lanes: services.store.laneNames).endpoints)
    router.addRoutes(MetricsController(services: services).endpoints)
    router.addRoutes(DashboardController(files: .bundled).endpoints)
    let api = router.group(RouterPath(RouteTable.base))
    api.addRoutes(TasksController(services: services).endpoints)
    api.addRoutes(TaskActionsController(services: services).endpoints)
    api.addRoutes(StatsController(services: services).endpoints)
    api.addRoutes(WorkersController(services: services).endpoints)
    api.addRoutes(AdminController(services: services).endpoints)
    api.addRoutes(GroupsController(services: services).endpoints)
    api.addRoutes(SchedulesController(services: services).endpoints)
    api.addRoutes(EventsController(services: services).endpoints)
    api.addRoutes(WhoAmIController(services: services).endpoints)
    return router
}
