/// A horizontal bar chart as inline SVG, drawn by the server (no script, no library): groups
/// of bars, each bar with its figure written beside it, so that the chart reads without
/// colour, printed in black and white. It is one image (`role="img"`) named by its title and
/// described by its description; the page puts a table with the same figures after it.
struct BarChart {
    /// How a bar is filled; the fills differ by pattern as well as shade, for black-and-white print.
    enum Fill {
        case solid, grey, hatched, outline
    }

    struct Bar {
        let value: Int64
        /// The figure, written beside the bar.
        let text: String
        let fill: Fill
    }

    struct Group {
        let label: String
        let bars: [Bar]
    }

    let id: String
    let title: String
    let description: String
    let groups: [Group]
    /// The value of a full-length bar.
    let maximum: Int64

    private static let labelWidth = 230
    private static let barArea = 280
    private static let width = 760
    private static let barHeight = 18
    private static let barGap = 4
    private static let groupGap = 16
    private static let ink = "#1a1a1a"

    var svg: Markup {
        var shapes: [Markup] = []
        var y = 8
        for group in groups {
            let groupHeight = group.bars.count * (Self.barHeight + Self.barGap) - Self.barGap
            shapes.append(
                "<text x=\"0\" y=\"\(y + groupHeight / 2 + 5)\">\(Self.shortened(group.label))</text>")
            for bar in group.bars {
                let length = maximum > 0 ? Int(min(bar.value, maximum) * Int64(Self.barArea) / maximum) : 0
                let drawn = bar.value > 0 ? max(length, 1) : 0
                shapes.append(
                    """
                    <rect x="\(Self.labelWidth)" y="\(y)" width="\(drawn)" height="\(Self.barHeight)" fill="\(fill(bar.fill))" stroke="\(Self.ink)"/>\
                    <text x="\(Self.labelWidth + drawn + 6)" y="\(y + Self.barHeight - 4)">\(bar.text)</text>
                    """)
                y += Self.barHeight + Self.barGap
            }
            y += Self.groupGap - Self.barGap
        }
        let height = y + 8
        return """
            <svg xmlns="http://www.w3.org/2000/svg" id="\(id)" viewBox="0 0 \(Self.width) \(height)" width="\(Self.width)" height="\(height)" \
            role="img" aria-labelledby="\(id)-titre \(id)-description" font-family="system-ui, sans-serif" font-size="13" fill="\(Self.ink)">\
            <title id="\(id)-titre">\(title)</title><desc id="\(id)-description">\(description)</desc>\
            <defs><pattern id="\(id)-hachures" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="\(Self.ink)" stroke-width="2"/></pattern></defs>\
            \(shapes)</svg>
            """
    }

    private func fill(_ fill: Fill) -> String {
        switch fill {
        case .solid: Self.ink
        case .grey: "#8c8c8c"
        case .hatched: "url(#\(id)-hachures)"
        case .outline: "#ffffff"
        }
    }

    /// A label that fits the label column (the table after the chart has it whole).
    private static func shortened(_ label: String) -> String {
        label.count <= 32 ? label : String(label.prefix(31)) + "…"
    }
}
