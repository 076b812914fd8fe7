import Hummingbird

/// The request context: Hummingbird's core context plus the name of the API key used (for logs).
protocol LanesRequestContext: RequestContext {
    var keyName: String { get set }
}

/// The context every Lanes route gets.
struct APIRequestContext: LanesRequestContext {
    var coreContext: CoreRequestContextStorage
    var keyName = "-"

    init(source: Source) {
        coreContext = .init(source: source)
    }
}
