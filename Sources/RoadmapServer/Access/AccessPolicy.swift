import Foundation
import HTTPTypes
import Roadmap

/// Who may call what, read from the contract itself: every operation of openapi.yaml either
/// is public (`security: []`) or names the least role it needs (`x-required-role`). The server
/// enforces exactly what the contract declares, and refuses to start if an operation declares
/// neither, so a new endpoint cannot escape access control.
struct AccessPolicy: Sendable {
    enum Requirement: Sendable, Equatable {
        /// No token needed, ever (`/health`, `/openapi.yaml`).
        case open
        /// A token with at least this role (reader operations are open while reads are public).
        case role(AccessRole)
        /// Personal data (`x-personal-data: true`): a token always, whatever `FNE_READ_ACCESS`
        /// says; the ``personalDataRole(readsArePublic:)``.
        case personalData
    }

    /// Who reads personal data: readers when reading needs a token anyway
    /// (`FNE_READ_ACCESS=token`, reader tokens go to known staff), editors when reads are
    /// public (a reader token then grants nothing else, and may have been handed out widely).
    static func personalDataRole(readsArePublic: Bool) -> AccessRole { readsArePublic ? .editor : .reader }

    /// "METHOD /path/{template}" → requirement.
    let rules: [String: Requirement]

    init(rules: [String: Requirement]) {
        self.rules = rules
    }

    /// The policy of the contract.
    init(contract: ContractDocument) throws {
        var rules: [String: Requirement] = [:]
        for (path, item) in contract.paths {
            guard let operations = item as? [String: Any] else { continue }
            for (method, value) in operations where ContractDocument.methods.contains(method) {
                guard let operation = value as? [String: Any] else { continue }
                let key = "\(method.uppercased()) \(path)"
                if let security = operation["security"] as? [Any], security.isEmpty {
                    rules[key] = .open
                } else if operation["x-personal-data"] as? Bool == true {
                    rules[key] = .personalData
                } else if let text = operation["x-required-role"] as? String, let role = AccessRole(rawValue: text) {
                    rules[key] = .role(role)
                } else {
                    throw PolicyError("\(key) declares neither `security: []` nor a valid `x-required-role`")
                }
            }
        }
        self.rules = rules
    }

    /// The requirement of a route (HEAD counts as GET); nil for routes the contract lacks.
    func requirement(method: HTTPRequest.Method, route: String) -> Requirement? {
        let name = method == .head ? "GET" : method.rawValue
        return rules["\(name) \(route)"]
    }
}

struct PolicyError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
