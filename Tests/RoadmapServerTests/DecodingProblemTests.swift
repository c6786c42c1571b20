import Foundation
import Hummingbird
import Roadmap
import Testing

@testable import RoadmapAPI
@testable import RoadmapServer

/// `DecodingProblem` reads some decoding errors by the text of their `debugDescription`
/// (Foundation's and the OpenAPI runtime's): each text it recognises is produced here by the
/// real decoder, so an upgrade that rewords one fails this suite instead of turning a clear
/// 400 message into the library's raw text.
@Suite("Decoding errors as field problems")
struct DecodingProblemTests {
    /// The field error for decoding `json` as `T`.
    private func problem<T: Decodable>(_ type: T.Type, _ json: String) throws -> FieldError {
        do {
            _ = try JSONDecoder().decode(T.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            return DecodingProblem.fieldError(error)
        }
        Issue.record("\(json) decoded as \(T.self)")
        return FieldError(field: "", message: "")
    }

    @Test("an unknown field is named, with the advice to check its spelling (runtime's additional-properties text)")
    func unknownField() throws {
        let error = try problem(Components.Schemas.AxisCreate.self, #"{"number": 5, "title": "Axe", "colour": "red"}"#)
        #expect(error.message == "is not a field of this request (unknown fields are refused, check the spelling)")
    }

    @Test("a value outside an enum is 'not one of the allowed values' (Foundation's invalid raw value text)")
    func enumValue() throws {
        let error = try problem(
            Components.Schemas.ActionCreate.self, #"{"axisId": 1, "title": "A", "status": "bogus"}"#)
        #expect(error == FieldError(field: "status", message: "is not one of the allowed values"))
    }

    @Test("a body that is not JSON 'must be a JSON document' (Foundation's invalid JSON text)")
    func notJSON() throws {
        let error = try problem(Components.Schemas.AxisCreate.self, "number=5")
        #expect(error.message == "must be a JSON document")
    }

    @Test(
        "Foundation reports a number beyond 64 bits as invalid JSON, without its field: the body middleware names it first"
    )
    func numberOutOfRange() throws {
        // If Foundation ever names the field itself, JSONBodyMiddleware.firstInvalidNumber can go.
        let error = try problem(
            Components.Schemas.IndicatorCreate.self, #"{"name": "n", "unit": "u", "targetValue": 99999999999999999999}"#
        )
        #expect(error == FieldError(field: "body", message: "must be a JSON document"))
        let named = JSONBodyMiddleware<BasicRequestContext>.firstInvalidNumber(
            in: try JSONSerialization.jsonObject(with: Data(#"{"targetValue": 99999999999999999999}"#.utf8)), path: "")
        #expect(named?.0 == "targetValue")
    }

    @Test(
        "a missing field is required, a wrong type names the JSON type expected, null where a value is needed is refused"
    )
    func structuredErrors() throws {
        #expect(
            try problem(Components.Schemas.AxisCreate.self, #"{"title": "Axe"}"#)
                == FieldError(field: "number", message: "is required"))
        #expect(
            try problem(Components.Schemas.AxisCreate.self, #"{"number": "five", "title": "Axe"}"#)
                == FieldError(field: "number", message: "must be an integer"))
        #expect(try problem(Components.Schemas.AxisCreate.self, #"{"number": 5, "title": null}"#).field == "title")
    }
}
