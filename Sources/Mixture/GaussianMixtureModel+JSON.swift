import Foundation
import LinearAlgebra

/// The model file: one JSON object whose keys are scikit-learn's fitted attribute names without the
/// trailing underscore, arrays in scikit-learn's shapes, so a Python user can load it into
/// `sklearn.mixture.GaussianMixture` (scripts/load_model_in_sklearn.py does).
///
/// Keys: `n_components`, `covariance_type`, `n_features`, `n_samples`, `weights`, `means`,
/// `covariances`, `precisions`, `precisions_cholesky`, `converged`, `n_iter`, `lower_bound`,
/// `lower_bounds`, `log_likelihood` (total over the rows, at the final parameters), `bic`, `aic`.
/// Non-finite numbers (a −∞ bound when no iteration ran) are written as `null`.
extension GaussianMixtureModel {
    /// The model as a JSON object (pretty-printed, keys in the order above); the data-dependent
    /// keys (`n_samples`, `log_likelihood`, `bic`, `aic`) are included when `data` is given.
    /// - Throws: `MixtureError` if `data` cannot be scored by this model.
    public func json(data: Matrix<Double>? = nil) throws(MixtureError) -> String {
        let k = components, d = features
        let shape = covarianceType.covarianceShape(components: k, features: d)
        var fields: [(String, JSONText)] = [
            ("n_components", .number(Double(k))),
            ("covariance_type", .string(covarianceType.rawValue)),
            ("n_features", .number(Double(d))),
        ]
        let ll = try data.map { (x: Matrix<Double>) throws(MixtureError) in try logLikelihood(x) }
        if let data { fields.append(("n_samples", .number(Double(data.rows)))) }
        fields += [
            ("weights", .array(weights, shape: [k])),
            ("means", .array(means.elements, shape: [k, d])),
            ("covariances", .array(covariances, shape: shape)),
            ("precisions", .array(precisions, shape: shape)),
            ("precisions_cholesky", .array(precisionsCholesky, shape: shape)),
            ("converged", .bool(converged)),
            ("n_iter", .number(Double(iterations))),
            ("lower_bound", .number(lowerBound)),
            ("lower_bounds", .array(lowerBounds, shape: [lowerBounds.count])),
        ]
        if let data, let ll {
            fields += [
                ("log_likelihood", .number(ll)),
                ("bic", .number(-2 * ll + Double(parameterCount) * Double.log(Double(data.rows)))),
                ("aic", .number(-2 * ll + 2 * Double(parameterCount))),
            ]
        }
        return JSONText.object(fields).rendered(indent: 0) + "\n"
    }

    /// Reads a model file written by `json(data:)` (or by hand / from scikit-learn with the same
    /// keys). Only `covariance_type`, `weights`, `means` and `covariances` (or `precisions`) are
    /// required; the fit record (`converged`, `n_iter`, `lower_bound`, `lower_bounds`) is optional.
    /// - Throws: `ModelFileError` naming the key that is missing or malformed.
    public init(json bytes: Data) throws(ModelFileError) {
        guard case let .object(object) = try JSONValue.parse(bytes) else {
            throw ModelFileError(reason: "the top level is not a JSON object")
        }
        guard let typeValue = object["covariance_type"] else { throw .missing("covariance_type") }
        guard case let .string(typeName) = typeValue, let type = CovarianceType(rawValue: typeName) else {
            let shown = if case let .string(name) = typeValue { "\"\(name)\"" } else { "not a string" }
            throw ModelFileError(reason: "covariance_type \(shown) is not one of \"full\", \"tied\", \"diag\", \"spherical\"")
        }
        let weights = try Self.numbers(object, "weights", depth: 1)
        let meanRows = try Self.numbers(object, "means", depth: 2)
        let k = weights.count
        guard k >= 1, meanRows.count % k == 0, meanRows.count / k >= 1 else {
            throw ModelFileError(reason: "means must be a k×d array with k = \(k) rows (the number of weights)")
        }
        let d = meanRows.count / k
        if case let .number(stated)? = object["n_components"], Int(stated) != k {
            throw ModelFileError(reason: "n_components is \(Int(stated)) but there are \(k) weights")
        }
        if case let .number(stated)? = object["n_features"], Int(stated) != d {
            throw ModelFileError(reason: "n_features is \(Int(stated)) but the means have \(d) columns")
        }
        let depth = type.covarianceShape(components: k, features: d).count
        let means = Matrix(rows: k, columns: d, elements: meanRows)
        let parameters: MixtureParameters
        do throws(MixtureError) {
            if object["covariances"] != nil {
                let covariances = try Self.numbersOrThrow(object, "covariances", depth: depth)
                parameters = try MixtureParameters(covarianceType: type, weights: weights, means: means, covariances: covariances)
            } else {
                let precisions = try Self.numbersOrThrow(object, "precisions", depth: depth)
                parameters = try MixtureParameters(covarianceType: type, weights: weights, means: means, precisions: precisions)
            }
        } catch {
            if case let .invalidParameter(name, reason) = error, name == "file" { throw ModelFileError(reason: reason) }
            throw ModelFileError(reason: "\(error)")
        }
        var bounds: [Double] = []
        if case let .array(items)? = object["lower_bounds"] {
            bounds = items.compactMap { if case let .number(x) = $0 { x } else { nil } }
        }
        var converged = false
        if case let .bool(b)? = object["converged"] { converged = b }
        var iterations = 0
        if case let .number(x)? = object["n_iter"] { iterations = Int(x) }
        var lowerBound = -Double.infinity
        if case let .number(x)? = object["lower_bound"] { lowerBound = x }
        self.init(parameters: parameters, converged: converged, iterations: iterations,
                  lowerBound: lowerBound, lowerBounds: bounds)
    }

    /// `numbers` with its error carried as a `MixtureError` (inside the parameters' `do` block).
    static func numbersOrThrow(_ object: [String: JSONValue], _ key: String, depth: Int) throws(MixtureError) -> [Double] {
        do { return try numbers(object, key, depth: depth) } catch {
            throw .invalidParameter(name: "file", reason: error.reason)
        }
    }

    /// A nested numeric array of exactly `depth` levels, flattened, with every row the same length.
    static func numbers(_ object: [String: JSONValue], _ key: String, depth: Int) throws(ModelFileError) -> [Double] {
        guard let value = object[key] else { throw .missing(key) }
        var out: [Double] = []
        func walk(_ v: JSONValue, _ level: Int) -> Bool {
            if level == depth {
                guard case let .number(x) = v, x.isFinite else { return false }
                out.append(x)
                return true
            }
            guard case let .array(items) = v else { return false }
            let lengths = items.map { item -> Int in if case let .array(a) = item { a.count } else { -1 } }
            if level + 1 < depth, Set(lengths).count > 1 { return false }
            return items.allSatisfy { walk($0, level + 1) }
        }
        guard walk(value, 0) else {
            throw ModelFileError(reason: "\(key) must be a \(depth)-dimensional array of finite numbers with rows of equal length")
        }
        return out
    }
}

/// A model file that cannot be read: what is wrong, naming the key.
public struct ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let reason: String
    public init(reason: String) { self.reason = reason }
    static func missing(_ key: String) -> ModelFileError { ModelFileError(reason: "the key \"\(key)\" is missing") }
    public var description: String { reason }
}

/// A minimal JSON writer that keeps key order and writes numbers exactly (shortest round-trip form).
enum JSONText {
    case number(Double)
    case string(String)
    case bool(Bool)
    case array([Double], shape: [Int])
    case object([(String, JSONText)])

    func rendered(indent: Int) -> String {
        switch self {
        case let .number(x): return Self.format(x)
        case let .string(s): return Self.quote(s)
        case let .bool(b): return b ? "true" : "false"
        case let .array(values, shape): return Self.nested(values[...], shape: shape[...])
        case let .object(fields):
            let pad = String(repeating: "  ", count: indent + 1)
            let body = fields.map { "\(pad)\(Self.quote($0.0)): \($0.1.rendered(indent: indent + 1))" }
            return "{\n" + body.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static func nested(_ values: ArraySlice<Double>, shape: ArraySlice<Int>) -> String {
        guard let n = shape.first else { return format(values.first ?? .nan) }
        let inner = shape.dropFirst().reduce(1, *)
        let parts = (0..<n).map { i in
            nested(values[(values.startIndex + i * inner)..<(values.startIndex + (i + 1) * inner)], shape: shape.dropFirst())
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}
