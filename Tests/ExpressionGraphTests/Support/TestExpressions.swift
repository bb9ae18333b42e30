import Testing

/// The expression test set: every operator and function of the language, constants, shared
/// subexpressions, identities, several outputs, each at a point inside its domain.
enum TestExpressions {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        /// Values in the graph's variable order (natural order of the names).
        let point: [Double]
        var testDescription: String { text }
    }

    static let all: [Case] = [
        Case(text: "x1*x2 + sin(x1)", point: [1, 2]),
        Case(text: "x^2*y + exp(y)", point: [1.3, 0.5]),
        Case(text: "sin(x)*sin(x)", point: [0.7]),
        Case(text: "x*y + y*x", point: [1.5, -2]),
        Case(text: "(x - y)/(x + y)", point: [3, 1.25]),
        Case(text: "-x^2 + 2^-x", point: [1.7]),
        Case(text: "x^3 - 2*x^-2 + x**0.5", point: [1.9]),
        Case(text: "pow(x, y) + x^y", point: [1.6, 2.3]),
        Case(text: "x^(y*2) - (-x)^3", point: [0.8, 1.1]),
        Case(text: "tan(x) + asin(x/2) + acos(x/3) + atan(x)", point: [0.6]),
        Case(text: "exp(x) * log(x) + log1p(x) - expm1(-x)", point: [0.35]),
        Case(text: "sqrt(x*x + 1) + abs(x - 2) + abs(y)", point: [0.9, -1.4]),
        Case(text: "tanh(x) + sinh(y) * cosh(x - y)", point: [0.4, -0.3]),
        Case(text: "atan2(y, x) + hypot(x, y)", point: [-1.2, 0.7]),
        Case(text: "min(x, y) * max(x, y^2)", point: [0.5, 1.5]),
        Case(text: "min(x, y) + max(x, y)", point: [2, 2]),
        Case(text: "x*1 + 0 + y*0 + z/1 - 0*z + (w - 0)^1", point: [1.1, 2.2, 3.3, 4.4]),
        Case(text: "2*pi*r + e^r", point: [0.75]),
        Case(text: "x1*x2*x3; sin(x1*x2*x3); x3", point: [0.5, 1.5, -0.75]),
        Case(text: "hypot(x, y); atan2(y, x); x*y", point: [3, 4]),
        Case(text: "theta_2 * cos(theta_1) + 1e-3 * theta_1^2", point: [0.25, 1.75]),
        Case(text: "exp(-(x - 1)^2 / (2*s^2)) / (s*sqrt(2*pi))", point: [0.3, 0.8]),
        Case(text: "log(exp(a) + exp(b))", point: [1.5, -0.5]),
        Case(text: "1/(1 + exp(-(w1*x1 + w2*x2 + b)))", point: [0.1, 0.4, -0.7, 1.2, 0.9]),
        Case(text: "100*(y - x^2)^2 + (1 - x)^2", point: [-1.2, 1]),
        Case(text: "sin(cos(tan(x))) + x*sin(cos(tan(x)))", point: [0.3]),
        Case(text: "--x + -(-(-y))", point: [2, 3]),
        Case(text: "x/y/z - x/(y/z)", point: [5, 2, 0.5]),
        Case(text: "(x + y)^4 - (x - y)^-1", point: [0.4, 1.6]),
        Case(text: "sqrt(sqrt(x)) * x^0.25", point: [2.5]),
        Case(text: "max(abs(x), abs(y)) - min(-x, y)", point: [-0.8, 0.3]),
        Case(text: "cosh(x)^2 - sinh(x)^2", point: [1.25]),
        Case(text: "atan2(x*y, x + y) * log1p(x^2) + expm1(y)/y", point: [0.9, 0.2]),
        Case(text: "x", point: [4]),
        Case(text: "3*x + 2", point: [1.5]),
        Case(text: "x + x + x + x", point: [0.3]),
        Case(text: "exp(x)*exp(x)*exp(x) + sin(x)^2 + cos(x)^2", point: [-0.45]),
        Case(text: "a*b*c*d - a*b - c*d; a/b + c/d", point: [1.5, 0.5, -2, 4]),
        Case(text: "pow(2, x) + pow(x, 2) + pow(x, 2.5)", point: [1.3]),
        Case(text: "tanh(10*x) + asin(tanh(x))", point: [0.05]),
    ]
}
