import DataIO
import LinearAlgebra
import Mixture
import RealModule

/// The model file: one JSON object whose keys are scikit-learn's fitted attribute names without the
/// trailing underscore, arrays in scikit-learn's shapes, so a Python user can load it into
/// `sklearn.mixture.GaussianMixture` (scripts/load_model_in_sklearn.py does).
///
/// Keys, in the order written: `n_components`, `covariance_type`, `n_features`, `n_samples`,
/// `weights` (k), `means` (k × d), `covariances`, `precisions`, `precisions_cholesky` (the shape
/// of the covariance type: full k × d × d, tied d × d, diag k × d, spherical k), `converged`,
/// `n_iter`, `lower_bound` (scikit-learn's `lower_bound_`: the last iteration's mean
/// log-likelihood, `null` when no iteration ran; a warm start continues from it), `lower_bounds`,
/// and, when written with the training data, `log_likelihood` (total, at the final parameters),
/// `bic` and `aic`.
extension GaussianMixtureModel {
    /// Every key a model file may have.
    public static let modelFileKeys = [
        "n_components", "covariance_type", "n_features", "n_samples", "weights", "means", "covariances",
        "precisions", "precisions_cholesky", "converged", "n_iter", "lower_bound", "lower_bounds",
        "log_likelihood", "bic", "aic",
    ]

    /// The model as a JSON object with the keys above; the data-dependent keys (`n_samples`,
    /// `log_likelihood`, `bic`, `aic`) are included when `data` is given.
    /// - Throws: `MixtureError` if `data` cannot be scored by this model.
    /// - Complexity: O(k·d²) plus the scoring of `data`.
    public func json(data: Matrix<Double>? = nil) throws(MixtureError) -> JSONValue {
        let ll = try data.map { (x: Matrix<Double>) throws(MixtureError) in try logLikelihood(x) }
        return json(samples: data?.rows, logLikelihood: ll)
    }

    /// The model as a JSON object with the keys above, the data-dependent keys from the number of
    /// training rows and their total log-likelihood at this model (as a pass over data that is not
    /// in memory gives them, see `GaussianMixturePassStatistics.totalLogLikelihood`) when both are given.
    /// - Complexity: O(k·d²).
    public func json(samples: Int?, logLikelihood ll: Double?) -> JSONValue {
        let k = components, d = features
        let shape = covarianceType.covarianceShape(components: k, features: d)
        var members: [JSONValue.Member] = [
            .init("n_components", .integer(k)),
            .init("covariance_type", .string(covarianceType.rawValue)),
            .init("n_features", .integer(d)),
        ]
        if let samples { members.append(.init("n_samples", .integer(samples))) }
        members += [
            .init("weights", .numbers(weights, shape: [k])),
            .init("means", .numbers(means.elements, shape: [k, d])),
            .init("covariances", .numbers(covariances, shape: shape)),
            .init("precisions", .numbers(precisions, shape: shape)),
            .init("precisions_cholesky", .numbers(precisionsCholesky, shape: shape)),
            .init("converged", .bool(converged)),
            .init("n_iter", .integer(iterations)),
            .init("lower_bound", lowerBound.isFinite ? .number(lowerBound) : .null),
            .init("lower_bounds", .array(lowerBounds.map { $0.isFinite ? .number($0) : .null })),
        ]
        if let samples, let ll {
            let p = Double(parameterCount)
            members += [
                .init("log_likelihood", .number(ll)),
                .init("bic", .number(-2 * ll + p * Double.log(Double(samples)))),
                .init("aic", .number(-2 * ll + 2 * p)),
            ]
        }
        return .object(members)
    }

    /// `json(data:)` as pretty-printed text ending in a newline: the model file's contents.
    public func jsonText(data: Matrix<Double>? = nil) throws(MixtureError) -> String {
        try json(data: data).text(style: .pretty) + "\n"
    }

    /// `json(samples:logLikelihood:)` as pretty-printed text ending in a newline.
    public func jsonText(samples: Int?, logLikelihood: Double?) -> String {
        json(samples: samples, logLikelihood: logLikelihood).text(style: .pretty) + "\n"
    }

    /// Reads a model file's bytes (UTF-8 JSON); see `init(json:)`.
    /// - Throws: `ModelFileError` for text that is not JSON (with line and column) or a model that
    ///   is not valid (naming the key).
    public init(jsonText bytes: some Collection<UInt8>) throws(ModelFileError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch {
            throw ModelFileError(key: nil, reason: "is not valid JSON: \(error)")
        }
        try self.init(json: value)
    }

    /// Reads a model from the JSON object of a model file (written by `json(data:)`, by hand, or
    /// from scikit-learn's attributes), checking every key:
    ///
    /// - only the keys in `modelFileKeys`, each at most once;
    /// - `covariance_type` one of `"full"`, `"tied"`, `"diag"`, `"spherical"`;
    /// - `n_components`, `n_features`, `n_iter`, `n_samples` whole numbers in range (≥ 1; `n_iter`
    ///   ≥ 0) — a number such as `1e20` or `1e999` that does not fit an `Int` is an error, not a trap;
    /// - `weights` (required) exactly shape [k], finite, non-negative, summing to 1 within 1e-8;
    /// - `means` (required) exactly [k, d], finite;
    /// - at least one of `covariances`, `precisions`, `precisions_cholesky`, each in exactly the
    ///   covariance type's shape and finite; full and tied matrices symmetric (to 1e-10 of their
    ///   diagonal) and positive definite, Cholesky factors upper triangular with a positive
    ///   diagonal; the model is built from the first present, and the others must agree with it
    ///   (to 1e-6 of each block's largest entry);
    /// - k and d agree with `n_components` and `n_features` when those are given;
    /// - `converged` a boolean; `lower_bound` a number or `null` (−∞); `lower_bounds` numbers or
    ///   `null`s, as many as `n_iter`, the last equal to `lower_bound`;
    /// - `log_likelihood`, `bic`, `aic` numbers, with BIC and AIC equal to −2 log L + p ln n and
    ///   −2 log L + 2p when `n_samples` and `log_likelihood` are given.
    ///
    /// The fit record (`converged`, `n_iter`, `lower_bound`, `lower_bounds`) is optional.
    /// - Throws: `ModelFileError` naming the key and what is wrong, as one line.
    public init(json value: JSONValue) throws(ModelFileError) {
        guard case let .object(members) = value else {
            throw ModelFileError(key: nil, reason: "is not a model file: the top level is \(value.kindDescription), not a JSON object")
        }
        for member in members where !Self.modelFileKeys.contains(member.key) {
            throw ModelFileError(key: member.key, reason: "is not a model-file key (they are \(Self.modelFileKeys.joined(separator: ", ")))")
        }
        let file = ModelFileReader(object: value)

        guard let typeValue = value["covariance_type"] else { throw file.missing("covariance_type") }
        guard case let .string(typeName) = typeValue, let type = CovarianceType(rawValue: typeName) else {
            let shown = if case let .string(name) = typeValue { "\"\(name)\"" } else { typeValue.kindDescription }
            throw ModelFileError(key: "covariance_type", reason: "is \(shown); it must be \"full\", \"tied\", \"diag\" or \"spherical\"")
        }
        let statedK = try file.integer("n_components", minimum: 1)
        let statedD = try file.integer("n_features", minimum: 1)

        // weights: exactly 1-D; k comes from n_components when given, else from the weights.
        let weightArray = try file.numbers("weights", required: true)!
        guard weightArray.shape.count == 1 else {
            throw ModelFileError(key: "weights", reason: "must be a 1-D array of k numbers, but has shape \(weightArray.shape)")
        }
        let k = statedK ?? weightArray.shape[0]
        guard k >= 1 else { throw ModelFileError(key: "weights", reason: "is empty; a model needs at least one component") }
        try file.expectShape("weights", weightArray.shape, [k], "n_components \(k)")

        let meanArray = try file.numbers("means", required: true)!
        guard meanArray.shape.count == 2 else {
            throw ModelFileError(key: "means", reason: "must be a 2-D array (k × d), but has shape \(meanArray.shape)")
        }
        let d = statedD ?? meanArray.shape[1]
        guard d >= 1 else { throw ModelFileError(key: "means", reason: "has no columns; a model needs at least one feature") }
        try file.expectShape("means", meanArray.shape, [k, d], "n_components \(k) × n_features \(d)")

        // The covariance arrays: shapes, finiteness, symmetry or triangularity, then the parameters.
        let shape = type.covarianceShape(components: k, features: d)
        let what = switch type {
        case .full: "k × d × d"
        case .tied: "d × d"
        case .diag: "k × d"
        case .spherical: "k"
        }
        var arrays: [String: [Double]] = [:]
        for key in ["covariances", "precisions", "precisions_cholesky"] {
            guard let array = try file.numbers(key, required: false) else { continue }
            try file.expectShape(key, array.shape, shape, "\(type) with n_components \(k), n_features \(d): \(what)")
            arrays[key] = array.values
        }
        let blocks = type == .full ? k : 1
        for key in ["covariances", "precisions"] where type == .full || type == .tied {
            guard let values = arrays[key] else { continue }
            try Self.checkSymmetric(values, key: key, blocks: blocks, d: d, type: type)
        }
        if let factor = arrays["precisions_cholesky"] {
            try Self.checkFactor(factor, blocks: blocks, d: d, type: type)
        }
        let means = Matrix(rows: k, columns: d, elements: meanArray.values)
        let source = ["covariances", "precisions", "precisions_cholesky"].first { arrays[$0] != nil }
        guard let source else {
            throw ModelFileError(key: "covariances", reason: "is missing; give covariances, precisions or precisions_cholesky")
        }
        let parameters: MixtureParameters
        do {
            switch source {
            case "covariances":
                parameters = try MixtureParameters(covarianceType: type, weights: weightArray.values, means: means,
                                                   covariances: arrays[source]!)
            case "precisions":
                parameters = try MixtureParameters(covarianceType: type, weights: weightArray.values, means: means,
                                                   precisions: arrays[source]!)
            default:
                parameters = try MixtureParameters(covarianceType: type, weights: weightArray.values, means: means,
                                                   precisions: Self.precisions(fromFactor: arrays[source]!, type: type, blocks: blocks, d: d))
            }
        } catch {
            switch error {
            case let .invalidParameter(name, reason) where name == "weights" || name == "means":
                throw ModelFileError(key: name, reason: "are invalid: \(reason)")
            case let .illDefinedCovariance(component):
                throw ModelFileError(key: source, reason: (component.map { "component \($0 + 1)" } ?? "the tied matrix")
                                     + " is not positive definite (or is singular to rounding)")
            case let .invalidParameter(_, reason):
                throw ModelFileError(key: source, reason: "are invalid: \(reason)")
            default:
                throw ModelFileError(key: source, reason: "\(error)")
            }
        }
        // The arrays the parameters were not built from must agree with them.
        let derived = ["covariances": parameters.covariances, "precisions": parameters.precisions,
                       "precisions_cholesky": parameters.precisionsCholesky]
        for key in ["covariances", "precisions", "precisions_cholesky"] where key != source {
            guard let stated = arrays[key] else { continue }
            try Self.checkAgreement(stated, derived[key]!, key: key, source: source, type: type, k: k, d: d)
        }

        // The fit record.
        var converged = false
        if let v = value["converged"] {
            guard case let .bool(b) = v else { throw ModelFileError(key: "converged", reason: "must be true or false, but is \(v.kindDescription)") }
            converged = b
        }
        let iterations = try file.integer("n_iter", minimum: 0)
        var lowerBound = -Double.infinity
        if let v = value["lower_bound"] { lowerBound = try file.boundValue(v, key: "lower_bound") }
        var bounds: [Double]?
        if let v = value["lower_bounds"] {
            guard case let .array(items) = v else {
                throw ModelFileError(key: "lower_bounds", reason: "must be an array of numbers (null for −∞), but is \(v.kindDescription)")
            }
            var list: [Double] = []
            for item in items { list.append(try file.boundValue(item, key: "lower_bounds")) }
            bounds = list
        }
        if let bounds, let iterations, bounds.count != iterations {
            throw ModelFileError(key: "lower_bounds", reason: "has \(bounds.count) entries but n_iter is \(iterations); there is one per iteration")
        }
        if let bounds, let last = bounds.last, value["lower_bound"] != nil, last != lowerBound {
            throw ModelFileError(key: "lower_bound", reason: "is \(lowerBound) but the last of lower_bounds is \(last); they must be equal")
        }

        // The data-dependent record: consistent with itself.
        let samples = try file.integer("n_samples", minimum: 1)
        var scores: [String: Double] = [:]
        for key in ["log_likelihood", "bic", "aic"] {
            guard let v = value[key] else { continue }
            guard case let .number(x) = v, x.isFinite else {
                throw ModelFileError(key: key, reason: "must be a finite number, but is \(Self.shown(v))")
            }
            scores[key] = x
        }
        if let ll = scores["log_likelihood"] {
            let p = Double(parameters.parameterCount)
            var expected: [String: Double] = ["aic": -2 * ll + 2 * p]
            if let samples { expected["bic"] = -2 * ll + p * Double.log(Double(samples)) }
            for (key, value) in expected.sorted(by: { $0.key < $1.key }) {
                guard let stated = scores[key] else { continue }
                guard abs(stated - value) <= 1e-9 * max(1, abs(value)) else {
                    throw ModelFileError(key: key, reason: "is \(stated) but log_likelihood \(ll) with \(parameters.parameterCount) parameters"
                                         + (key == "bic" ? " and n_samples \(samples!)" : "") + " gives \(value)")
                }
            }
        }

        let list = bounds ?? []
        self.init(parameters: parameters, converged: converged, iterations: iterations ?? list.count,
                  lowerBound: lowerBound, lowerBounds: list)
    }

    /// A value for messages: a number as written, or the kind of value.
    static func shown(_ v: JSONValue) -> String {
        if case let .number(x) = v { return x.isFinite ? JSONValue.numberText(x) : "a number beyond the range of a Double" }
        return v.kindDescription
    }

    /// Full and tied matrices (in `blocks` of d×d) must be symmetric to 1e-10 of √(aᵢᵢ·aⱼⱼ).
    static func checkSymmetric(_ values: [Double], key: String, blocks: Int, d: Int, type: CovarianceType) throws(ModelFileError) {
        for b in 0..<blocks {
            let o = b * d * d
            for i in 0..<d {
                for j in (i + 1)..<max(i + 1, d) {
                    let upper = values[o + i * d + j], lower = values[o + j * d + i]
                    let scale = (abs(values[o + i * d + i]) * abs(values[o + j * d + j])).squareRoot()
                    guard abs(upper - lower) <= 1e-10 * scale else {
                        let which = type == .full ? "component \(b + 1) is" : "the matrix is"
                        throw ModelFileError(key: key, reason: "is not symmetric: \(which) \(JSONValue.numberText(upper)) at [\(i), \(j)] "
                                             + "but \(JSONValue.numberText(lower)) at [\(j), \(i)]")
                    }
                }
            }
        }
    }

    /// Cholesky factors of precisions: full/tied upper triangular with a positive diagonal,
    /// diag/spherical positive.
    static func checkFactor(_ values: [Double], blocks: Int, d: Int, type: CovarianceType) throws(ModelFileError) {
        switch type {
        case .full, .tied:
            for b in 0..<blocks {
                let o = b * d * d
                let which = type == .full ? "component \(b + 1)" : "the matrix"
                for i in 0..<d {
                    guard values[o + i * d + i] > 0 else {
                        throw ModelFileError(key: "precisions_cholesky", reason: "must have a positive diagonal, but \(which) has "
                                             + "\(JSONValue.numberText(values[o + i * d + i])) at [\(i), \(i)]")
                    }
                    for j in 0..<i where values[o + i * d + j] != 0 {
                        throw ModelFileError(key: "precisions_cholesky", reason: "must be upper triangular, but \(which) has "
                                             + "\(JSONValue.numberText(values[o + i * d + j])) at [\(i), \(j)]")
                    }
                }
            }
        case .diag, .spherical:
            if let bad = values.firstIndex(where: { !($0 > 0) }) {
                throw ModelFileError(key: "precisions_cholesky", reason: "must be positive, but entry \(bad) is \(JSONValue.numberText(values[bad]))")
            }
        }
    }

    /// U·Uᵀ per block (full/tied), or u² (diag/spherical).
    static func precisions(fromFactor u: [Double], type: CovarianceType, blocks: Int, d: Int) -> [Double] {
        switch type {
        case .full, .tied:
            var out = [Double](repeating: 0, count: u.count)
            for b in 0..<blocks {
                let o = b * d * d
                for i in 0..<d {
                    for j in 0..<d {
                        var s = 0.0
                        for l in max(i, j)..<d { s += u[o + i * d + l] * u[o + j * d + l] }
                        out[o + i * d + j] = s
                    }
                }
            }
            return out
        case .diag, .spherical:
            return u.map { $0 * $0 }
        }
    }

    /// `stated` must equal `derived` to 1e-6 of the largest |entry| of each component's block.
    static func checkAgreement(_ stated: [Double], _ derived: [Double], key: String, source: String, type: CovarianceType,
                               k: Int, d: Int) throws(ModelFileError) {
        let blockSize = switch type {
        case .full: d * d
        case .tied: d * d
        case .diag: d
        case .spherical: 1
        }
        for b in 0..<(stated.count / blockSize) {
            let range = (b * blockSize)..<((b + 1) * blockSize)
            let scale = derived[range].reduce(0) { max($0, abs($1)) }
            let worst = range.reduce(0.0) { max($0, abs(stated[$1] - derived[$1])) }
            guard worst <= 1e-6 * scale else {
                let which = type == .tied ? "" : " for component \(b + 1)"
                throw ModelFileError(key: key, reason: "does not agree with the \(source)\(which): they differ by "
                                     + "\(JSONValue.numberText(worst / scale)) relative to the largest entry")
            }
        }
    }
}

/// Typed access to a model file's keys, each failure naming the key.
struct ModelFileReader {
    let object: JSONValue

    func missing(_ key: String) -> ModelFileError { ModelFileError(key: key, reason: "is missing") }

    /// A whole number ≥ `minimum` that fits an `Int`, or nil when the key is absent.
    func integer(_ key: String, minimum: Int) throws(ModelFileError) -> Int? {
        guard let v = object[key] else { return nil }
        guard case let .number(x) = v, x.isFinite, x == x.rounded(), x >= Double(minimum), x < 0x1p63 else {
            throw ModelFileError(key: key, reason: "must be a whole number from \(minimum) to \(Int.max), but is \(GaussianMixtureModel.shown(v))")
        }
        return Int(x)
    }

    /// A rectangular array of finite numbers (its shape and values), or nil when absent and not required.
    func numbers(_ key: String, required: Bool) throws(ModelFileError) -> (shape: [Int], values: [Double])? {
        guard let v = object[key] else {
            if required { throw missing(key) }
            return nil
        }
        guard case .array = v, let array = v.numericArray else {
            let kind = if case .array = v { "an array with rows of different lengths or entries that are not numbers" } else { v.kindDescription }
            throw ModelFileError(key: key, reason: "must be an array of numbers, but is \(kind)")
        }
        if let bad = array.values.firstIndex(where: { !$0.isFinite }) {
            throw ModelFileError(key: key, reason: "holds a number beyond the range of a Double (entry \(bad) in row-major order)")
        }
        return array
    }

    func expectShape(_ key: String, _ shape: [Int], _ expected: [Int], _ because: String) throws(ModelFileError) {
        guard shape == expected else {
            throw ModelFileError(key: key, reason: "must have shape \(expected) (\(because)), but has shape \(shape)")
        }
    }

    /// A lower bound: a finite number, or null for −∞.
    func boundValue(_ v: JSONValue, key: String) throws(ModelFileError) -> Double {
        switch v {
        case .null: return -.infinity
        case let .number(x) where x.isFinite: return x
        default: throw ModelFileError(key: key, reason: "must be a finite number or null (for −∞), but is \(GaussianMixtureModel.shown(v))")
        }
    }
}
