import Foundation
import LanesTestSupport
import Testing
@testable import LanesWorker

/// A small HTTP server (python3) answering POST /<status> with that status and the request body.
final class EchoServer: Sendable {
    let process: LanesProcessLike
    let port: Int

    init() throws {
        port = try PrivateValkey.freePort()
        let script = """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    status = int(self.path.strip('/'))
                    reply = body if status < 300 else b'{"error": "nope"}'
                    if self.headers.get('X-Lanes-Attempt') is None: status, reply = 400, b'no attempt header'
                    self.send_response(status); self.send_header('Content-Length', str(len(reply))); self.end_headers()
                    self.wfile.write(reply)
                def log_message(self, *args): pass
            http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
            """
        process = try LanesProcessLike(["python3", "-c", script, String(port)])
    }

    func url(_ status: Int) -> URL { URL(string: "http://127.0.0.1:\(port)/\(status)")! }
}

/// A helper process killed when the test ends.
final class LanesProcessLike: Sendable {
    let pid: Int32
    init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        pid = process.processIdentifier
    }
    deinit { kill(pid, SIGKILL) }
}

@Suite("http handler, against a real HTTP server")
struct HTTPHandlerTests {
    @Test("a 2xx JSON body is the result; 5xx is retried; 4xx is not")
    func statuses() async throws {
        let server = try EchoServer()
        let up = await eventually(timeout: .seconds(10)) {
            (try? await HTTPHandler(url: server.url(200)).handle(Reports().context())) != nil
        }
        #expect(up)
        #expect(try await HTTPHandler(url: server.url(200)).handle(Reports().context(data: #"{"prompt": "hi"}"#)) == #"{"prompt": "hi"}"#)
        for (status, retryable) in [(503, true), (500, true), (400, false), (404, false), (429, true)] {
            do {
                _ = try await HTTPHandler(url: server.url(status)).handle(Reports().context())
                Issue.record("\(status) accepted")
            } catch let error as HandlerError {
                #expect(error.retryable == retryable, "\(status)")
                #expect(error.message.contains("answered \(status)"))
            }
        }
    }

    @Test("a server that cannot be reached fails the attempt, to be retried")
    func unreachable() async throws {
        let port = try PrivateValkey.freePort()
        do {
            _ = try await HTTPHandler(url: URL(string: "http://127.0.0.1:\(port)/")!, timeoutSeconds: 2).handle(Reports().context())
            Issue.record("no error")
        } catch let error as HandlerError {
            #expect(error.retryable)
        }
    }
}
