import Roadmap
import RoadmapAPI

extension Components.Schemas.Axis {
    init(_ detail: AxisDetail) {
        let axis = detail.axis
        self.init(
            id: axis.id!, number: axis.number, title: axis.title, description: axis.description,
            optional: axis.isOptional, summary: .init(detail.summary), createdAt: axis.createdAt,
            updatedAt: axis.updatedAt)
    }
}

extension AxisInput {
    init(_ body: Components.Schemas.AxisCreate) {
        self.init(
            number: body.number, title: body.title, description: body.description, isOptional: body.optional ?? false)
    }
}

extension AxisPatch {
    init(_ body: Components.Schemas.AxisPatch) throws {
        var reader = PatchReader(Components.Schemas.AxisPatch.CodingKeys.self)
        self.init(
            number: reader.required(body.number, .number),
            title: reader.required(body.title, .title),
            description: reader.optional(body.description, .description),
            isOptional: reader.required(body.optional, .optional))
        try reader.finish()
    }
}
