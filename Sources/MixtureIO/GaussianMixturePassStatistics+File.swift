import DataIO
import Mixture

/// The statistics file of an EM pass (`mixtape stats`): one line of JSON whose numbers read back to
/// the same bits (see `JSONValue.numberText`), so statistics written by a cluster's partitions
/// merge on the driver exactly as they would in memory.
///
/// Keys, in order: `format` (`"mixtape-gmm-pass"`), `covariance_type`, `n_components`,
/// `n_features`, `scale_exponent`, `n_samples`, then flat row-major arrays `shift` (k·d),
/// `counts` (k), `first_moments` (k·d), `second_moments` (full k·d·d, tied d·d, diag and
/// spherical k·d), and `log_likelihood` (in scaled units; `null` for −∞).
extension GaussianMixturePassStatistics {
    /// The value of the `format` key.
    public static let fileFormat = "mixtape-gmm-pass"

    /// The statistics as a JSON object with the keys above.
    public var json: JSONValue {
        .object([
            .init("format", .string(Self.fileFormat)),
            .init("covariance_type", .string(covarianceType.rawValue)),
            .init("n_components", .integer(components)),
            .init("n_features", .integer(features)),
            .init("scale_exponent", .integer(scaleExponent)),
            .init("n_samples", .integer(rows)),
            .init("shift", .numbers(shift, shape: [shift.count])),
            .init("counts", .numbers(counts, shape: [counts.count])),
            .init("first_moments", .numbers(firstMoments, shape: [firstMoments.count])),
            .init("second_moments", .numbers(secondMoments, shape: [secondMoments.count])),
            .init("log_likelihood", .number(logLikelihood)),
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
            "format", "covariance_type", "n_components", "n_features", "scale_exponent", "n_samples", "shift", "counts",
            "first_moments", "second_moments", "log_likelihood",
        ])
        guard case let .string(name)? = value["covariance_type"], let type = CovarianceType(rawValue: name) else {
            throw ModelFileError(key: "covariance_type", reason: "must be \"full\", \"tied\", \"diag\" or \"spherical\"")
        }
        let ll: Double
        switch value["log_likelihood"] {
        case .null?: ll = -.infinity
        case let .number(x)? where x.isFinite: ll = x
        default: throw ModelFileError(key: "log_likelihood", reason: "must be a finite number or null (for −∞)")
        }
        do {
            try self.init(covarianceType: type, components: try file.integer("n_components", minimum: 1),
                          features: try file.integer("n_features", minimum: 1),
                          scaleExponent: try file.integer("scale_exponent", minimum: -100_000),
                          shift: try file.flat("shift"), rows: try file.integer("n_samples", minimum: 0),
                          counts: try file.flat("counts"), firstMoments: try file.flat("first_moments"),
                          secondMoments: try file.flat("second_moments"), logLikelihood: ll)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw file.inconsistency(error, what: "statistics")
        }
    }
}

/// Typed access to a statistics or summary file's keys, each failure naming the key.
struct StatisticsFile {
    let reader: ModelFileReader
    /// The file's keys.
    let keys: [String]

    /// Typed access to an already checked object.
    init(reader: ModelFileReader) {
        self.reader = reader
        keys = []
    }

    /// Parses JSON text, or says where it is not JSON.
    static func parse(_ bytes: some Collection<UInt8>) throws(ModelFileError) -> JSONValue {
        do { return try JSONValue(parsing: bytes) } catch {
            throw ModelFileError(key: nil, reason: "is not valid JSON: \(error)")
        }
    }

    /// Checks that `value` is an object of the given `format` with only the given keys, all present.
    init(_ value: JSONValue, format: String, keys: [String]) throws(ModelFileError) {
        guard case let .object(members) = value else {
            throw ModelFileError(key: nil, reason: "is not a statistics file: the top level is \(value.kindDescription), not a JSON object")
        }
        guard case let .string(stated)? = value["format"], stated == format else {
            throw ModelFileError(key: "format", reason: "must be \"\(format)\" (is this the right kind of file?)")
        }
        for member in members where !keys.contains(member.key) {
            throw ModelFileError(key: member.key, reason: "is not a key of a \(format) file")
        }
        for key in keys where value[key] == nil { throw ModelFileError(key: key, reason: "is missing") }
        reader = ModelFileReader(object: value)
        self.keys = keys
    }

    /// The error for parts that do not fit together: naming the key when the library's error
    /// (`MixtureError.invalidParameter(name:reason:)`) names one of this file's keys.
    func inconsistency(_ error: any Error, what: String) -> ModelFileError {
        if case let .invalidParameter(name, reason)? = error as? MixtureError, keys.contains(name) {
            return ModelFileError(key: name, reason: reason)
        }
        return ModelFileError(key: nil, reason: "is not a consistent \(what) file: \(error)")
    }

    /// A present whole number ≥ `minimum`.
    func integer(_ key: String, minimum: Int) throws(ModelFileError) -> Int {
        guard let value = try reader.integer(key, minimum: minimum) else { throw reader.missing(key) }
        return value
    }

    /// A present flat array of finite numbers.
    func flat(_ key: String) throws(ModelFileError) -> [Double] {
        let array = try reader.numbers(key, required: true)!
        guard array.shape.count == 1 else {
            throw ModelFileError(key: key, reason: "must be a flat array of numbers, but has shape \(array.shape)")
        }
        return array.values
    }

    /// A present flat array of whole numbers ≥ 0.
    func counts(_ key: String) throws(ModelFileError) -> [Int] {
        let values = try flat(key)
        guard values.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 0x1p53 }) else {
            throw ModelFileError(key: key, reason: "must hold whole numbers ≥ 0")
        }
        return values.map { Int($0) }
    }
}
