import Foundation

/// One answer of the API: status code and body.
struct APIResponse {
    /// The HTTP status code.
    let status: Int
    /// The body as received.
    let data: Data

    /// The body parsed as JSON.
    var json: JSON { JSON(data: data) }
    /// The body as text without a trailing newline, as `--json` prints it.
    var text: String {
        var s = String(decoding: data, as: UTF8.self)
        while s.last?.isNewline == true { s.removeLast() }
        return s
    }
    /// The `error.message` of an error body, when there is one.
    var errorMessage: String? { json["error"]["message"].string }
}
