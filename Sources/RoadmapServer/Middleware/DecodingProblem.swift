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
