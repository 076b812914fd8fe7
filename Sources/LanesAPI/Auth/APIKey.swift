import Foundation

/// A role decides which routes a key may call: `read` (GET), `write` (create, cancel, retry,
/// execute), `admin` (reconcile, cancel all, clear history, schedules). Each includes the ones before.
enum Role: Int, Sendable, Comparable, CaseIterable {
    case read = 1, write, admin

    init?(name: String) {
        switch name {
        case "read": self = .read
        case "write": self = .write
        case "admin": self = .admin
        default: return nil
        }
    }

    var name: String { ["", "read", "write", "admin"][rawValue] }
    static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }
}

/// An API key: a name for logs, a role, and the secret (never logged).
struct APIKey: Sendable {
    let name: String
    let role: Role
    let secret: [UInt8]

    /// Parses `name:role:secret,...` (LANES_API_KEYS); the error names the entry that is wrong.
    static func parse(_ text: String) throws(APIConfiguration.Problem) -> [APIKey] {
        var keys: [APIKey] = []
        for (index, entry) in text.split(separator: ",").enumerated() {
            let parts = entry.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3, !parts[0].isEmpty, parts[2].count >= 8, let role = Role(name: parts[1]) else {
                throw APIConfiguration.Problem("LANES_API_KEYS: entry \(index + 1) must be name:role:secret with role read, write or admin and a secret of at least 8 characters")
            }
            let key = APIKey(name: parts[0], role: role, secret: Array(parts[2].utf8))
            if keys.contains(where: { $0.name == key.name }) {
                throw APIConfiguration.Problem("LANES_API_KEYS: entry \(index + 1): the name '\(key.name)' is used twice; names tell keys apart in logs")
            }
            if let twin = keys.first(where: { $0.secret == key.secret }) {
                throw APIConfiguration.Problem("LANES_API_KEYS: entry \(index + 1): the secret of '\(key.name)' is the same as that of '\(twin.name)'")
            }
            keys.append(key)
        }
        return keys
    }

    /// The key an `Authorization: Bearer <secret>` header presents (spaces and tabs around the
    /// secret ignored); nil without the header, without `Bearer `, or for an unknown secret.
    static func match(authorization header: String?, in keys: [APIKey]) -> APIKey? {
        guard let header, header.hasPrefix("Bearer ") else { return nil }
        var bytes = header.utf8.dropFirst(7)
        while let first = bytes.first, first == 32 || first == 9 { bytes.removeFirst() }
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        return match(bytes, in: keys)
    }

    /// The key whose secret equals `presented`, compared in constant time against every key.
    static func match(_ presented: String, in keys: [APIKey]) -> APIKey? {
        match(presented.utf8[...], in: keys)
    }

    private static func match(_ presented: Substring.UTF8View, in keys: [APIKey]) -> APIKey? {
        let bytes = Array(presented)
        var found: APIKey?
        for key in keys where constantTimeEqual(bytes, key.secret) { found = key }
        return found
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
