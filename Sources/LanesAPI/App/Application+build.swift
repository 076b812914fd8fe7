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

    /// Logs a mutating request as one structured line (never the key itself, only its name).
    func audit(_ action: String, key: String, tasks: [String] = [], outcome: String) {
        logger.info("audit", metadata: ["action": "\(action)", "key": "\(key)", "task_ids": "\(tasks.joined(separator: ","))", "outcome": "\(outcome)"])
    }
}

/// Builds the API application: what `lanes-api` runs and what the tests drive.
public func buildApplication(_ configuration: APIConfiguration, logger: Logger = Logger(label: "lanes.api")) -> some ApplicationProtocol {
    let store = configuration.store.makeStore()
    let services = APIServices(store: store, events: EventHub(store: store), configuration: configuration, logger: logger)
    let router = buildRouter(services)
    return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "lanes-api"),
                       logger: logger)
}

/// The router: middleware (errors, auth) first, then every controller.
func buildRouter(_ services: APIServices) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    let routes = RouteTable.standard
    router.add(middleware: ErrorMiddleware(routes: routes))
    router.add(middleware: AuthMiddleware(keys: services.configuration.keys, routes: routes, authDisabled: services.configuration.authDisabled))
    router.addRoutes(HealthController(services: services).endpoints)
    router.addRoutes(OpenAPIController(lanes: services.store.laneNames).endpoints)
    let api = router.group(RouterPath(RouteTable.base))
    api.addRoutes(TasksController(services: services).endpoints)
    api.addRoutes(TaskActionsController(services: services).endpoints)
    api.addRoutes(QueueController(services: services).endpoints)
    api.addRoutes(GroupsController(services: services).endpoints)
    api.addRoutes(SchedulesController(services: services).endpoints)
    api.addRoutes(EventsController(services: services).endpoints)
    return router
}
