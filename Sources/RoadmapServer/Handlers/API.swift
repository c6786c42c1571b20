import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

/// The implementation of the contract (`APIProtocol`, generated from openapi.yaml), split by
/// module into `API+<Module>.swift`. Handlers map contract types to domain inputs, call one
/// service, and map the result back; the rules live in the services.
struct API: APIProtocol {
    let services: RoadmapServices
    /// The bytes of openapi.yaml, served as they are.
    let openAPIDocument: Data
    /// The same document as a JSON object and the HTML reference of `GET /docs`, made once, in
    /// the background from the start.
    let contractPages: BackgroundValue<ContractPages>
    /// The registry `GET /metrics` emits.
    let metrics: AppMetrics

    /// Who makes the current request's changes, for the audit trail.
    var caller: Caller {
        var caller = RequestScope.current.caller
        caller.requestId = RequestScope.current.requestId
        return caller
    }
}
