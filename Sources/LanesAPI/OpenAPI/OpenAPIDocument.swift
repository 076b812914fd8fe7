import Foundation

/// The OpenAPI 3 document (`openapi.json`, a resource of this module, written by
/// `scripts/openapi.py`), with the configured lanes filled in where a queue is named.
enum OpenAPIDocument {
    static func json(lanes: [String]) -> String {
        let names = lanes.map { JSONWriter.quote($0) }
        return template.replacingOccurrences(of: #""__LANES__""#, with: "[" + names.joined(separator: ",") + "]")
            .replacingOccurrences(of: #""__LANES_OR_NULL__""#, with: "[" + (names + ["null"]).joined(separator: ",") + "]")
    }

    static let template: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return #"{"openapi":"3.0.3","info":{"title":"Lanes","version":"1.0.0"},"paths":{}}"# }
        return text
    }()
}
