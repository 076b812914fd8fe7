import Foundation
import NIOCore

/// The dashboard's static files (resources in `Dashboard/Files`), read once into memory. Only
/// these names are ever served, so a request path can never reach another file.
struct DashboardFiles: Sendable {
    struct File: Sendable {
        let contentType: String
        let body: ByteBuffer
    }

    let files: [String: File]

    /// The file called `name` (no folders), or nil.
    subscript(name: String) -> File? { files[name] }

    /// Every regular file of the bundle's `Files` folder.
    static let bundled: DashboardFiles = {
        guard let folder = Bundle.module.url(forResource: "Files", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return DashboardFiles(files: [:]) }
        var files: [String: File] = [:]
        for name in names where !name.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            files[name] = File(contentType: contentType(of: name), body: ByteBuffer(bytes: data))
        }
        return DashboardFiles(files: files)
    }()

    /// The media type for a file name's extension.
    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "json": "application/json; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
