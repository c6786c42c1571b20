import Foundation
import Roadmap

/// Turns the errors of the generated decoders into field errors a curl user can act on:
/// which field, and what it must be.
enum DecodingProblem {
    static func fieldError(_ error: DecodingError) -> FieldError {
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath + [key]), message: "is required")
        case .valueNotFound(_, let context):
            return FieldError(field: path(context.codingPath), message: "must not be null")
        case .typeMismatch(let type, let context):
            return FieldError(field: path(context.codingPath), message: "must be \(jsonType(type))")
        case .dataCorrupted(let context):
            return FieldError(field: path(context.codingPath), message: message(context.debugDescription))
        @unknown default:
            return FieldError(field: "body", message: "cannot be read")
        }
    }

    /// `timeline[2].label` from a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || Int(key.stringValue) == index {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    private static func jsonType(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "String", "Substring": return "a string"
        case "Int", "Int64", "Int32", "UInt", "UInt64": return "an integer"
        case "Double", "Float": return "a number"
        case "Bool": return "a boolean (true or false)"
        default:
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of another type"
        }
    }

    /// The texts recognised here are each produced by the real decoder in
    /// `DecodingProblemTests`, so a library upgrade that rewords one fails a test.
    private static func message(_ description: String) -> String {
        if description.hasPrefix("Additional properties are disabled") {
            return "is not a field of this request (unknown fields are refused, check the spelling)"
        }
        if description.contains("Cannot initialize") && description.contains("from invalid") {
            return "is not one of the allowed values"
        }
        if description.contains("not valid JSON") {
            return "must be a JSON document"
        }
        return description
    }
}

extension DecodingProblem {
    /// The generated decoders of path and query parameters do not say which parameter failed;
    /// this finds the one whose value cannot be what the error expected.
    /// - Parameter parameters: the request's path and query parameters, in order.
    static func parameterError(_ error: DecodingError, parameters: [(name: String, value: String)]) -> FieldError? {
        switch error {
        case .typeMismatch(let type, _), .valueNotFound(let type, _):
            let name = String(describing: type)
            let expectation = jsonType(type).replacingOccurrences(of: "a value of another type", with: "a valid value")
            let culprit = parameters.first { !fits($0.value, typeName: name) }
            return culprit.map { FieldError(field: $0.name, message: "must be \(expectation), got '\($0.value)'") }
        case .dataCorrupted(let context):
            let culprit =
                parameters.first { context.debugDescription.contains("value \($0.value)") }
                ?? parameters.first {
                    !fits($0.value, typeName: "Int64") && context.debugDescription.contains($0.value)
                }
            return culprit.map {
                FieldError(
                    field: $0.name, message: "is not one of the allowed values, got '\($0.value)' (see /openapi.yaml)")
            }
        default:
            return nil
        }
    }

    private static func fits(_ value: String, typeName: String) -> Bool {
        switch typeName {
        case "Int", "Int64", "Int32", "UInt", "UInt64": return Int64(value) != nil
        case "Bool": return value == "true" || value == "false"
        case "Double", "Float": return Double(value) != nil
        default: return true
        }
    }
}
