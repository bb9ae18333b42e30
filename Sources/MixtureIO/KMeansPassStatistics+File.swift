import DataIO
import Mixture

/// The statistics file of a k-means pass (`mixtape stats --kmeans`): one line of JSON whose
/// numbers read back to the same bits.
///
/// Keys, in order: `format` (`"mixtape-kmeans-pass"`), `n_clusters`, `n_features`,
/// `scale_exponent`, `n_samples`, flat row-major `centers` (k·d), `counts` (k), `sums` (k·d),
/// `inertia` (`null` for +∞), and `farthest`: an array of `{"distance", "cluster", "values"}`,
/// farthest first.
extension KMeansPassStatistics {
    /// The value of the `format` key.
    public static let fileFormat = "mixtape-kmeans-pass"

    /// The statistics as a JSON object with the keys above.
    public var json: JSONValue {
        .object([
            .init("format", .string(Self.fileFormat)),
            .init("n_clusters", .integer(clusters)),
            .init("n_features", .integer(features)),
            .init("scale_exponent", .integer(scaleExponent)),
            .init("n_samples", .integer(rows)),
            .init("centers", .numbers(centers, shape: [centers.count])),
            .init("counts", .array(counts.map { .integer($0) })),
            .init("sums", .numbers(sums, shape: [sums.count])),
            .init("inertia", .number(inertia)),
            .init("farthest", .array(farthest.map { row in
                .object([
                    .init("distance", .number(row.distance)),
                    .init("cluster", .integer(row.cluster)),
                    .init("values", .numbers(row.values, shape: [row.values.count])),
                ])
            })),
        ])
    }

    /// The statistics file's text: compact JSON and a newline.
    public var jsonText: String { json.text(style: .compact) + "\n" }

    /// Reads a statistics file's bytes (UTF-8 JSON).
    /// - Throws: `ModelFileError` naming the key that is missing or wrong, or saying the text is not JSON.
    public init(jsonText bytes: some Collection<UInt8>) throws(ModelFileError) {
        try self.init(json: try StatisticsFile.parse(bytes))
    }

    /// Reads statistics from the JSON object of a statistics file, checking every key.
    /// - Throws: `ModelFileError` naming the key that is missing or wrong.
    public init(json value: JSONValue) throws(ModelFileError) {
        let file = try StatisticsFile(value, format: Self.fileFormat, keys: [
            "format", "n_clusters", "n_features", "scale_exponent", "n_samples", "centers", "counts", "sums", "inertia", "farthest",
        ])
        let inertia: Double
        switch value["inertia"] {
        case .null?: inertia = .infinity
        case let .number(x)? where x.isFinite && x >= 0: inertia = x
        default: throw ModelFileError(key: "inertia", reason: "must be a non-negative number or null (for +∞)")
        }
        guard case let .array(items)? = value["farthest"] else {
            throw ModelFileError(key: "farthest", reason: "must be an array of {\"distance\", \"cluster\", \"values\"} objects")
        }
        var farthest: [FarRow] = []
        for (index, item) in items.enumerated() {
            guard case let .object(members) = item, members.count == 3 else {
                throw ModelFileError(key: "farthest", reason: "entry \(index) must be an object with exactly the keys \"distance\", \"cluster\" and \"values\"")
            }
            guard case .number(let distance)? = item["distance"], distance.isFinite, case .number(let cluster)? = item["cluster"],
                  cluster >= 0, cluster == cluster.rounded(), cluster < 0x1p53,
                  let values = item["values"]?.numericArray, values.shape.count == 1, values.values.allSatisfy(\.isFinite) else {
                throw ModelFileError(key: "farthest", reason: "must be an array of {\"distance\", \"cluster\", \"values\"} objects with finite numbers")
            }
            farthest.append(FarRow(distance: distance, cluster: Int(cluster), values: values.values))
        }
        do {
            try self.init(clusters: try file.integer("n_clusters", minimum: 1), features: try file.integer("n_features", minimum: 1),
                          scaleExponent: try file.integer("scale_exponent", minimum: -100_000), centers: try file.flat("centers"),
                          rows: try file.integer("n_samples", minimum: 0), counts: try file.counts("counts"),
                          sums: try file.flat("sums"), inertia: inertia, farthest: farthest)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw file.inconsistency(error, what: "statistics")
        }
    }
}
