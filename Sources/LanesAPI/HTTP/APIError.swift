import Hummingbird
import LanesStore

/// An API error: an HTTP status, a stable code and a message naming the field and the problem.
/// Sent as `{"error": {"code": "...", "message": "..."}}`.
struct APIError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func invalid(_ message: String) -> APIError { APIError(.unprocessableContent, "invalid_request", message) }
    static func badJSON(_ message: String) -> APIError { APIError(.badRequest, "malformed_json", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    /// Maps a store error to its HTTP meaning.
    static func from(_ error: StoreError) -> APIError {
        switch error.code {
        case .notFound: return APIError(.notFound, "not_found", error.message)
        case .invalidInput: return APIError(.unprocessableContent, "invalid_request", error.message)
        case .invalidState: return APIError(.badRequest, "invalid_state", error.message)
        case .conflict: return APIError(.conflict, "conflict", error.message)
        case .stale: return APIError(.conflict, "conflict", error.message)
        default: return APIError(.serviceUnavailable, "unavailable", "valkey is unavailable: \(error.message)")
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(status: status, body: Self.body(code: code, message: message))
        response.headers.append(contentsOf: headers)
        return response
    }

    static func body(code: String, message: String) -> String {
        #"{"error":{"code":\#(JSONWriter.quote(code)),"message":\#(JSONWriter.quote(message))}}"#
    }
}

/// JSON responses.
enum JSONResponse {
    static func make(status: HTTPResponse.Status = .ok, body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// Builds an object with a writer.
    static func object(status: HTTPResponse.Status = .ok, _ build: (inout JSONWriter) -> Void) -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        build(&writer)
        writer.endObject()
        return make(status: status, body: writer.text)
    }
}
