import DataIO
import LinearAlgebra
import Mixture

/// A k-means result without its per-row labels: what `mixtape kmeans --format json` prints and
/// what a distributed k-means (whose rows stay on the cluster) writes and continues from.
///
/// Keys, in order: `n_clusters`, `centers` (k × d), `labels` (the number of rows in each cluster,
/// as `mixtape kmeans --format json` has always written it), `inertia` (`null` when beyond the
/// range of a `Double`), `n_iter` and `converged`. Numbers read back to the same bits.
public struct KMeansCentersFile: Sendable, Equatable {
    /// The centres, k×d.
    public var centers: Matrix<Double>
    /// The number of rows in each cluster.
    public var clusterSizes: [Int]
    /// Σ ‖x − centre(x)‖² over the rows.
    public var inertia: Double
    /// Lloyd iterations run.
    public var iterations: Int
    /// Whether the run stopped on the tolerance.
    public var converged: Bool

    /// A file from its parts.
    public init(centers: Matrix<Double>, clusterSizes: [Int], inertia: Double, iterations: Int, converged: Bool) {
        self.centers = centers
        self.clusterSizes = clusterSizes
        self.inertia = inertia
        self.iterations = iterations
        self.converged = converged
    }

    /// The file of a clustering.
    public init(_ result: KMeansResult) {
        self.init(centers: result.centers, clusterSizes: result.clusterSizes, inertia: result.inertia,
                  iterations: result.iterations, converged: result.converged)
    }

    /// The file as a JSON object with the keys above.
    public var json: JSONValue {
        .object([
            .init("n_clusters", .integer(centers.rows)),
            .init("centers", .numbers(centers.elements, shape: [centers.rows, centers.columns])),
            .init("labels", .array(clusterSizes.map { .integer($0) })),
            .init("inertia", .number(inertia)),
            .init("n_iter", .integer(iterations)),
            .init("converged", .bool(converged)),
        ])
    }

    /// Reads a centres file's bytes (UTF-8 JSON).
    /// - Throws: `ModelFileError` naming the key that is missing or wrong, or saying the text is not JSON.
    public init(jsonText bytes: some Collection<UInt8>) throws(ModelFileError) {
        let value = try StatisticsFile.parse(bytes)
        guard case let .object(members) = value else {
            throw ModelFileError(key: nil, reason: "is not a centres file: the top level is \(value.kindDescription), not a JSON object")
        }
        let keys = ["n_clusters", "centers", "labels", "inertia", "n_iter", "converged"]
        for member in members where !keys.contains(member.key) {
            throw ModelFileError(key: member.key, reason: "is not a centres-file key (they are \(keys.joined(separator: ", ")))")
        }
        let file = ModelFileReader(object: value)
        let array = try file.numbers("centers", required: true)!
        guard array.shape.count == 2, array.shape[0] >= 1, array.shape[1] >= 1 else {
            throw ModelFileError(key: "centers", reason: "must be a k × d array with k, d ≥ 1, but has shape \(array.shape)")
        }
        let k = array.shape[0]
        if let stated = try file.integer("n_clusters", minimum: 1), stated != k {
            throw ModelFileError(key: "n_clusters", reason: "is \(stated) but there are \(k) centres")
        }
        var sizes = [Int](repeating: 0, count: k)
        if value["labels"] != nil {
            sizes = try StatisticsFile(reader: file).counts("labels")
            guard sizes.count == k else { throw ModelFileError(key: "labels", reason: "must hold \(k) cluster sizes") }
        }
        var inertia = Double.infinity
        switch value["inertia"] {
        case nil, .null?: break
        case let .number(x)? where x >= 0 && x.isFinite: inertia = x
        default: throw ModelFileError(key: "inertia", reason: "must be a finite number ≥ 0, or null (beyond the range of a Double)")
        }
        var converged = false
        if let v = value["converged"] {
            guard case let .bool(b) = v else { throw ModelFileError(key: "converged", reason: "must be true or false") }
            converged = b
        }
        self.init(centers: Matrix(rows: k, columns: array.shape[1], elements: array.values), clusterSizes: sizes,
                  inertia: inertia, iterations: try file.integer("n_iter", minimum: 0) ?? 0, converged: converged)
    }
}
