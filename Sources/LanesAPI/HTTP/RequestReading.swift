import Foundation
import Hummingbird
import NIOCore
import LanesCore

extension Request {
    /// The body's bytes: 413 over the limit, 400 when they are not UTF-8.
    private mutating func bodyBytes(limit: Int) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "request body is larger than \(limit) bytes")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "body_too_large", "request body is larger than \(limit) bytes")
        }
        let bytes = Array(buffer.readableBytesView)
        guard String(validating: bytes, as: UTF8.self) != nil else { throw APIError.badJSON("request body is not valid UTF-8") }
        return bytes
    }

    private static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch { throw APIError.badJSON(error.description) }
    }

    /// The body as JSON: 413 over the limit, 400 when it is not UTF-8 JSON.
    mutating func json(limit: Int) async throws -> JSONValue {
        let bytes = try await bodyBytes(limit: limit)
        guard !bytes.isEmpty else { throw APIError.badJSON("request body is empty; send a JSON object") }
        return try Self.parse(bytes)
    }

    /// The body as a JSON object, or an empty object when there is no body.
    mutating func optionalObject(limit: Int) async throws -> JSONValue {
        let bytes = try await bodyBytes(limit: limit)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([], raw: "{}") }
        let value = try Self.parse(bytes)
        guard value.isObject else { throw APIError.invalid("request body must be a JSON object, got \(value.kind)") }
        return value
    }

    /// A query parameter, nil when absent.
    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }

    /// An integer query parameter in a range; 422 naming the parameter otherwise.
    func queryInt(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalid("\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// A number query parameter in a range; 422 naming the parameter otherwise.
    func queryDouble(_ name: String, default value: Double, range: ClosedRange<Double>) throws -> Double {
        guard let text = query(name) else { return value }
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw APIError.invalid("\(name) must be a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }
}

extension RequestContext {
    /// A path parameter that must be a task id; 404 when it cannot be one.
    func taskID() throws -> String {
        let id = parameters.get("id") ?? ""
        guard TaskID.isValid(id) else { throw APIError.notFound("task \(id) not found") }
        return id
    }
}

/// ISO-8601 (UTC, milliseconds) for API timestamps.
enum Timestamp {
    static func string(_ ms: Int64?) -> String? {
        guard let ms else { return nil }
        // Civil date from days since the epoch (Howard Hinnant's algorithm): no formatter needed.
        let days = Int64((Double(ms) / 86_400_000).rounded(.down))
        let msOfDay = ms - days * 86_400_000
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(msOfDay / 3_600_000, 2)):\(pad(msOfDay / 60_000 % 60, 2)):\(pad(msOfDay / 1000 % 60, 2)).\(pad(msOfDay % 1000, 3))Z"
    }

    /// Parses ISO-8601 with or without fractional seconds and zone; nil when malformed.
    static func parse(_ text: String) -> Int64? {
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        // Fractions finer than milliseconds: keep three digits and try again.
        if let dot = text.firstIndex(of: "."), let end = text[dot...].dropFirst().firstIndex(where: { !$0.isNumber }),
            text.distance(from: dot, to: end) > 4 {
            return parse(String(text[..<text.index(dot, offsetBy: 4)] + text[end...]))
        }
        return nil
    }
}
