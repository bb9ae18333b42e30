import Foundation
import Mixtape
import Testing

/// Hostile input to the newest commands — `stats`, `mstep`, `kmeans --centers-init`,
/// `fit --stream`, `ad`, `examples` — one row per bad input: one line on stderr naming what and
/// where (file, JSON key, row and column, option), exit 1 for bad data and 64 for bad usage, never
/// a trap (main trapped on an `Int` overflow for several of these), and no output file left.
struct StatsErrorTableTests {
    typealias Case = ErrorTableTests.Case

    // Files written by this build for Old Faithful (`fit -k 2 --max-iter 0`, its rows 1–100 and
    // 101–272 as two blocks): a model, its pass statistics, k-means centres and theirs, summaries.
    static let model = #"{"n_components":2,"covariance_type":"full","n_features":2,"weights":[0.6323529411764706,0.36764705882352944],"means":[[4.29793023255814,80.28488372093024],[2.0943300000000002,54.75]],"covariances":[[[0.17761816955110854,0.7631012709572743],[0.7631012709572743,31.48279575392103]],[[0.15427970109999997,0.9856625000000001],[0.9856625000000001,34.407500999999996]]],"converged":false,"n_iter":0}"#
    static let passA = #"{"format":"mixtape-gmm-pass","covariance_type":"full","n_components":2,"n_features":2,"scale_exponent":0,"n_samples":100,"shift":[4.29793023255814,80.28488372093024,2.0943300000000002,54.75],"counts":[64.26620929415299,35.73379070584701],"first_moments":[-1.1200576849840487,-62.75673321277132,-3.9149760612415836,41.72655170160843],"second_moments":[13.35393397236651,57.58481029676787,0,2150.4168318163556,3.7694882704755344,18.042144739361184,0,1167.7900713461686],"log_likelihood":-428.7054180918859}"#
    static let passB = #"{"format":"mixtape-gmm-pass","covariance_type":"full","n_components":2,"n_features":2,"scale_exponent":0,"n_samples":172,"shift":[4.29793023255814,80.28488372093024,2.0943300000000002,54.75],"counts":[109.62668325567665,62.37331674432333],"first_moments":[1.1345619026937874,25.226547579303894,-0.2707066194804467,-52.531157224257655],"second_moments":[14.75078655192822,87.64108057396453,0,3926.778444351787,4.848281651848466,42.37223823946616,0,2293.2399306642274],"log_likelihood":-714.7139225877702}"#
    static let centres = #"{"n_clusters":3,"centers":[[4.020844660194175,74.53398058252426],[2.011298850574712,53.28735632183908],[4.384719512195123,85.01219512195122]],"labels":[89,91,92],"inertia":5260.73558853121,"n_iter":1,"converged":false}"#
    static let kmeansA = #"{"format":"mixtape-kmeans-pass","n_clusters":3,"n_features":2,"scale_exponent":0,"n_samples":100,"centers":[4.020844660194175,74.53398058252426,2.011298850574712,53.28735632183908,4.384719512195123,85.01219512195122],"counts":[36,33,31],"sums":[145.61699999999996,2672,63.91699999999999,1818,136.481,2605],"inertia":1944.0314910421673,"farthest":[{"distance":114.87927627374826,"cluster":1,"values":[1.667,64]},{"distance":111.00003252936172,"cluster":0,"values":[3.833,64]},{"distance":94.71429470411901,"cluster":0,"values":[2.067,65]}]}"#
    static let kmeansB = #"{"format":"mixtape-kmeans-pass","n_clusters":3,"n_features":2,"scale_exponent":0,"n_samples":172,"centers":[4.020844660194175,74.53398058252426,2.011298850574712,53.28735632183908,4.384719512195123,85.01219512195122],"counts":[53,58,61],"sums":[216.59699999999998,3950,119.83300000000001,3071,266.2319999999999,5168],"inertia":3316.704097489045,"farthest":[{"distance":121.2434822143069,"cluster":2,"values":[5.1,96]},{"distance":113.81356650994424,"cluster":0,"values":[2.333,64]},{"distance":111.32937528664327,"cluster":0,"values":[3.417,64]}]}"#
    static let summary = #"{"format":"mixtape-data-summary","n_features":2,"n_samples":272,"largest_magnitude":96,"exponent":0,"means":[3.487783088235296,70.89705882352942],"squared_deviations":[353.03937820220585,50087.11764705881]}"#
    static let faithful = ErrorTableTests.faithful
    /// The k-means pass of `centres` over an empty block.
    static let emptyKMeansPass = with(with(with(with(with(kmeansA, "n_samples", "0"), "counts", "[0, 0, 0]"), "sums", "[0, 0, 0, 0, 0, 0]"),
                                           "inertia", "0"), "farthest", "[]")

    /// `json` (one of the files above) with `key`'s value replaced by the text `value` as it is
    /// (`nil`: the key removed; it may be beyond what a writer writes, such as `1e999`), or with a
    /// new key added at the end.
    static func with(_ json: String, _ key: String, _ value: String?) -> String {
        guard case let .object(members) = try! JSONValue(parsing: Array(json.utf8)) else { fatalError("not an object") }
        let placeholder = JSONValue.string("@@value@@")
        var changed = members.compactMap { m -> JSONValue.Member? in
            m.key == key ? value.map { _ in JSONValue.Member(key, placeholder) } : m
        }
        if value != nil, !members.contains(where: { $0.key == key }) { changed.append(JSONValue.Member(key, placeholder)) }
        return JSONValue.object(changed).text(style: .compact).replacingOccurrences(of: "\"@@value@@\"", with: value ?? "")
    }

    /// `mstep x.json b.json --model m.json` with x.json the first block's statistics changed.
    static func pass(_ name: String, _ key: String, _ value: String?, mentions: [String]) -> Case {
        Case(name: "mstep: " + name, files: ["x.json": with(passA, key, value), "b.json": passB, "m.json": model],
             arguments: ["mstep", "x.json", "b.json", "--model", "m.json", "--output", "out.json"], status: 1, mentions: ["x.json"] + mentions)
    }

    /// `mstep x.json b.json --model c.json --summary s.json` with x.json the first block's k-means statistics changed.
    static func kmeansPass(_ name: String, _ key: String, _ value: String?, mentions: [String]) -> Case {
        Case(name: "mstep k-means: " + name, files: ["x.json": with(kmeansA, key, value), "b.json": kmeansB, "c.json": centres, "s.json": summary],
             arguments: ["mstep", "x.json", "b.json", "--model", "c.json", "--summary", "s.json", "--output", "out.json"], status: 1,
             mentions: ["x.json"] + mentions)
    }

    /// `mstep x.json s.json` (summaries) and `stats f.csv --model m.json --summary x.json` with x.json the summary changed.
    static func summaries(_ name: String, _ key: String, _ value: String?, mentions: [String]) -> [Case] {
        let x = with(summary, key, value)
        return [
            Case(name: "mstep summaries: " + name, files: ["x.json": x, "s.json": summary],
                 arguments: ["mstep", "x.json", "s.json", "--output", "out.json"], status: 1, mentions: ["x.json"] + mentions),
            Case(name: "stats --summary: " + name, files: ["x.json": x, "m.json": model, "f.csv": faithful],
                 arguments: ["stats", "f.csv", "--model", "m.json", "--summary", "x.json", "--output", "out.json"], status: 1,
                 mentions: ["x.json"] + mentions),
        ]
    }

    /// A CSV of 5,000 rows with a bad cell in line `line`.
    static func longCSV(bad line: Int, cell: String) -> String {
        var rows = ["a,b"] + (1..<5000).map { "\(Double($0) / 7),\(($0 * 37) % 101)" }
        rows[line - 1] = "0.5,\(cell)"
        return rows.joined(separator: "\n") + "\n"
    }

    static let cases: [Case] = [
        // EM statistics: every key, and sizes whose products overflow an Int (main trapped).
        pass("n_components beyond any array", "n_components", "4611686018427387904", mentions: ["\"shift\"", "more than any array holds"]),
        pass("n_features 1e18", "n_features", "1e18", mentions: ["\"shift\"", "has 4 values", "needs 2000000000000000000"]),
        pass("scale_exponent 2^62", "scale_exponent", "4611686018427387904", mentions: ["\"scale_exponent\"", "±4096"]),
        pass("n_samples near Int.max", "n_samples", "9223372036854774784", mentions: ["\"counts\"", "add up to", "9223372036854774784 rows"]),
        pass("n_samples negative", "n_samples", "-1", mentions: ["\"n_samples\"", "whole number"]),
        pass("negative count", "counts", "[-5, 105]", mentions: ["\"counts\"", "entry 0", "-5"]),
        pass("counts that do not add up", "counts", "[1, 2]", mentions: ["\"counts\"", "add up to 3", "100 rows"]),
        pass("counts of the wrong length", "counts", "[100]", mentions: ["\"counts\"", "1 values", "needs 2"]),
        pass("negative sum of squares", "second_moments", "[-13, 57, 0, 2150, 3.7, 18, 0, 1167]",
             mentions: ["\"second_moments\"", "entry 0", "≥ 0"]),
        pass("first_moments nested", "first_moments", "[[1, 2], [3, 4]]", mentions: ["\"first_moments\"", "flat array", "[2, 2]"]),
        pass("log_likelihood beyond a Double", "log_likelihood", "1e999", mentions: ["\"log_likelihood\"", "finite"]),
        pass("log_likelihood a string", "log_likelihood", "\"high\"", mentions: ["\"log_likelihood\""]),
        pass("unknown covariance type", "covariance_type", "\"round\"", mentions: ["\"covariance_type\""]),
        pass("counts missing", "counts", nil, mentions: ["\"counts\"", "is missing"]),
        pass("extra key", "extra", "1", mentions: ["\"extra\"", "not a key"]),
        pass("format a number", "format", "3", mentions: ["\"format\" must be a string", "a number"]),
        pass("scale differs from the other block's", "scale_exponent", "3", mentions: ["b.json", "scale_exponent 0 and 3", "whole data's summary"]),
        Case(name: "mstep: not JSON", files: ["x.json": "counts: 3", "m.json": model],
             arguments: ["mstep", "x.json", "--model", "m.json", "--output", "out.json"], status: 1, mentions: ["x.json", "line 1, column 1"]),
        Case(name: "mstep: an array", files: ["x.json": "[1, 2]", "m.json": model],
             arguments: ["mstep", "x.json", "--model", "m.json", "--output", "out.json"], status: 1,
             mentions: ["x.json", "not a statistics file", "an array, not a JSON object"]),
        Case(name: "mstep: empty file", files: ["x.json": "", "m.json": model],
             arguments: ["mstep", "x.json", "--model", "m.json", "--output", "out.json"], status: 1, mentions: ["x.json", "empty"]),
        Case(name: "mstep: file given twice", files: ["a.json": passA, "m.json": model],
             arguments: ["mstep", "a.json", "a.json", "--model", "m.json", "--output", "out.json"], status: 64,
             mentions: ["a.json is the same file as a.json", "once"]),
        Case(name: "mstep: file given twice by another path", files: ["a.json": passA, "b.json": passB, "m.json": model],
             arguments: ["mstep", "a.json", "b.json", "./a.json", "--model", "m.json", "--output", "out.json"], status: 64,
             mentions: ["./a.json is the same file as a.json"]),
        Case(name: "mstep: statistics of another model", files: ["a.json": passA, "o.json": ErrorTableTests.model([:])],
             arguments: ["mstep", "a.json", "--model", "o.json", "--output", "out.json"], status: 1, mentions: ["--model o.json", "not of a pass"]),
        Case(name: "mstep: EM and k-means statistics", files: ["a.json": passA, "k.json": kmeansB, "m.json": model],
             arguments: ["mstep", "a.json", "k.json", "--model", "m.json", "--output", "out.json"], status: 1,
             mentions: ["k.json", "mixtape-kmeans-pass", "cannot be merged with a.json"]),
        Case(name: "mstep: --first with --score", files: ["a.json": passA, "m.json": model],
             arguments: ["mstep", "a.json", "--model", "m.json", "--first", "--score", "--output", "out.json"], status: 64,
             mentions: ["--first", "--score"]),
        Case(name: "mstep: summaries with --model", files: ["s.json": summary, "m.json": model],
             arguments: ["mstep", "s.json", "--model", "m.json", "--output", "out.json"], status: 64, mentions: ["--model", "s.json", "data summary"]),
        Case(name: "mstep: no files", files: ["m.json": model], arguments: ["mstep", "--model", "m.json"], status: 64, mentions: ["<statistics>"]),
        Case(name: "mstep: negative --tol", files: ["a.json": passA, "m.json": model],
             arguments: ["mstep", "a.json", "--model", "m.json", "--tol", "-1"], status: 64, mentions: ["--tol", "write --tol=-1"]),
        Case(name: "mstep: --tol=-1", files: ["a.json": passA, "m.json": model],
             arguments: ["mstep", "a.json", "--model", "m.json", "--tol=-1"], status: 64, mentions: ["--tol -1.0", "non-negative"]),
        // k-means statistics.
        kmeansPass("n_features beyond any array", "n_features", "4611686018427387904", mentions: ["\"centers\"", "more than any array holds"]),
        kmeansPass("n_clusters beyond the counts", "n_clusters", "4611686018427387904", mentions: ["\"counts\"", "3 values"]),
        kmeansPass("counts that do not add up", "counts", "[1, 1, 1]", mentions: ["\"counts\"", "add up to 3", "100 rows"]),
        kmeansPass("counts beyond the rows", "counts", "[4503599627370496, 4503599627370496, 4503599627370496]",
                   mentions: ["\"counts\"", "add up to"]),
        kmeansPass("fractional count", "counts", "[35.5, 33.5, 31]", mentions: ["\"counts\"", "whole numbers"]),
        kmeansPass("negative far distance", "farthest", #"[{"distance": -1, "cluster": 1, "values": [1.667, 64]}]"#,
                   mentions: ["\"farthest\"", "row 0", "distance ≥ 0"]),
        kmeansPass("far row of an empty cluster", "counts", "[0, 69, 31]", mentions: ["\"farthest\"", "counts 0 rows"]),
        kmeansPass("far rows nearest first", "farthest",
                   #"[{"distance": 1, "cluster": 1, "values": [1.667, 64]}, {"distance": 2, "cluster": 0, "values": [3.833, 64]}]"#,
                   mentions: ["\"farthest\"", "row 1 is farther than row 0"]),
        kmeansPass("far row with an extra key", "farthest", #"[{"distance": 1, "cluster": 1, "values": [1.667, 64], "x": 0}]"#,
                   mentions: ["\"farthest\"", "entry 0", "exactly the keys"]),
        kmeansPass("more far rows than clusters", "farthest",
                   "[" + Array(repeating: #"{"distance": 1, "cluster": 1, "values": [1.667, 64]}"#, count: 4).joined(separator: ",") + "]",
                   mentions: ["\"farthest\"", "4 rows", "at most"]),
        kmeansPass("negative inertia", "inertia", "-1", mentions: ["\"inertia\""]),
        kmeansPass("centres unlike the other block's", "centers", "[0, 0, 1, 1, 2, 2]", mentions: ["b.json", "centres differ"]),
        Case(name: "mstep: statistics of no rows", files: ["z.json": with(with(with(with(with(passA, "n_samples", "0"), "counts", "[0, 0]"),
                                                                                "first_moments", "[0, 0, 0, 0]"), "second_moments", "[0, 0, 0, 0, 0, 0, 0, 0]"),
                                                                     "log_likelihood", "0"), "m.json": model],
             arguments: ["mstep", "z.json", "--model", "m.json", "--score", "--output", "out.json"], status: 1,
             mentions: ["z.json", "0 rows", "nothing to score"]),
        Case(name: "mstep k-means: statistics of no rows", files: ["z.json": emptyKMeansPass, "y.json": emptyKMeansPass, "c.json": centres, "s.json": summary],
             arguments: ["mstep", "z.json", "y.json", "--model", "c.json", "--summary", "s.json", "--output", "out.json"], status: 1,
             mentions: ["z.json and 1 other file", "0 rows", "nothing to update"]),
        Case(name: "mstep k-means: no --summary", files: ["a.json": kmeansA, "c.json": centres],
             arguments: ["mstep", "a.json", "--model", "c.json", "--output", "out.json"], status: 64, mentions: ["--summary"]),
        // Summaries (merged, and read by stats).
        Case(name: "mstep summaries: rows beyond an Int", files: ["x.json": with(summary, "n_samples", "9223372036854774784"),
                                                             "y.json": with(summary, "n_samples", "9223372036854774784")],
             arguments: ["mstep", "x.json", "y.json", "--output", "out.json"], status: 1, mentions: ["y.json", "more than an Int holds"]),
    ] + summaries("exponent 2^62", "exponent", "4611686018427387904", mentions: ["\"exponent\"", "±4096"])
      + summaries("negative squared deviation", "squared_deviations", "[-1, 2]", mentions: ["\"squared_deviations\"", "entry 0"])
      + summaries("means of the wrong length", "means", "[1]", mentions: ["\"means\"", "1 values", "needs 2"])
      + summaries("negative largest magnitude", "largest_magnitude", "-1", mentions: ["\"largest_magnitude\""])
      + summaries("largest magnitude beyond the exponent", "largest_magnitude", "1e308", mentions: ["\"exponent\" is 0", "1e+308", "at most -1023"])
      + summaries("n_features beyond any array", "n_features", "4611686018427387904", mentions: ["\"means\""])
      + [
        // stats.
        Case(name: "stats: block beyond the --summary", files: ["m.json": model, "s.json": summary, "big.csv": "a,b\n1e300,1\n"],
             arguments: ["stats", "big.csv", "--model", "m.json", "--summary", "s.json", "--output", "out.json"], status: 1,
             mentions: ["--summary s.json", "largest magnitude 96", "big.csv", "1e+300"]),
        Case(name: "stats: --model far from the data's range", files: ["m.json": model, "big.csv": "a,b\n1e308,1\n-1e308,2\n"],
             arguments: ["stats", "big.csv", "--model", "m.json", "--output", "out.json"], status: 1,
             mentions: ["--model m.json", "component 1's covariance is too small", "big.csv", "largest magnitude 1e+308", "not of this data"]),
        Case(name: "stats: --model of other columns", files: ["m.json": ErrorTableTests.model1D, "f.csv": faithful],
             arguments: ["stats", "f.csv", "--model", "m.json", "--output", "out.json"], status: 1,
             mentions: ["--model m.json", "is of 1 feature;", "f.csv has 2 columns"]),
        Case(name: "stats: --kmeans of other columns", files: ["c.json": centres, "f.csv": faithful],
             arguments: ["stats", "f.csv", "--kmeans", "c.json", "--columns", "1", "--output", "out.json"], status: 1,
             mentions: ["--kmeans c.json", "2 features", "f.csv has 1 column"]),
        Case(name: "stats: bad cell deep in a block", files: ["m.json": model, "d.csv": longCSV(bad: 4321, cell: "x7")],
             arguments: ["stats", "d.csv", "--model", "m.json", "--output", "out.json"], status: 1,
             mentions: ["d.csv", "line 4321", "column 2", "\"x7\""]),
        Case(name: "stats: --no-header block with a header", files: ["f.csv": faithful],
             arguments: ["stats", "f.csv", "--no-header", "--pack", "p.npy"], status: 1, mentions: ["f.csv", "line 1, column 1", "not a number"]),
        Case(name: "stats: header only", files: ["h.csv": "a,b\n", "m.json": model],
             arguments: ["stats", "h.csv", "--model", "m.json", "--output", "out.json"], status: 1, mentions: ["h.csv", "no data rows"]),
        Case(name: "stats: --pack into a missing folder", files: ["f.csv": faithful],
             arguments: ["stats", "f.csv", "--pack", "no/such/p.npy"], status: 1, mentions: ["--pack no/such/p.npy", "does not exist"]),
        Case(name: "stats: statistics as --summary", files: ["a.json": passA, "m.json": model, "f.csv": faithful],
             arguments: ["stats", "f.csv", "--model", "m.json", "--summary", "a.json"], status: 1, mentions: ["a.json", "\"format\""]),
        // k-means starts.
        Case(name: "kmeans: --centers-init of other k", files: ["c.json": centres, "f.csv": faithful],
             arguments: ["kmeans", "f.csv", "-k", "2", "--centers-init", "c.json", "--output", "out.json"], status: 64,
             mentions: ["--centers-init c.json", "3×2", "needs 2×2"]),
        Case(name: "kmeans: --centers-init of other d", files: ["c.json": with(centres, "centers", "[[1], [2], [3]]"), "f.csv": faithful],
             arguments: ["kmeans", "f.csv", "-k", "3", "--centers-init", "c.json"], status: 64, mentions: ["--centers-init c.json", "3×1"]),
        Case(name: "kmeans: --centers-init inertia beyond a Double", files: ["c.json": with(centres, "inertia", "1e999"), "f.csv": faithful],
             arguments: ["kmeans", "f.csv", "-k", "3", "--centers-init", "c.json", "--output", "out.json"], status: 1,
             mentions: ["c.json", "\"inertia\""]),
        Case(name: "kmeans: --centers-init NaN centre", files: ["c.json": with(centres, "centers", "[[1e999, 2], [3, 4], [5, 6]]"), "f.csv": faithful],
             arguments: ["kmeans", "f.csv", "-k", "3", "--centers-init", "c.json"], status: 1, mentions: ["c.json", "\"centers\"", "entry 0"]),
        Case(name: "kmeans: --centers-init empty", files: ["c.json": "", "f.csv": faithful],
             arguments: ["kmeans", "f.csv", "-k", "3", "--centers-init", "c.json"], status: 1, mentions: ["c.json", "empty"]),
        Case(name: "kmeans: --centers-init not an object", files: ["c.json": "[[1, 2]]", "f.csv": faithful],
             arguments: ["kmeans", "f.csv", "-k", "1", "--centers-init", "c.json"], status: 1, mentions: ["c.json", "not a JSON object"]),
        // fit --stream.
        Case(name: "fit --stream: -k above the sample", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--stream", "-k", "20", "--sample-size", "10"], status: 64, mentions: ["-k 20", "--sample-size 10"]),
        Case(name: "fit --stream: sample beyond memory", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--stream", "--sample-size", "9223372036854775807"], status: 64,
             mentions: ["--sample-size 9223372036854775807", "memory", "give at most"]),
        Case(name: "fit --stream: block beyond memory", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--stream", "--block-rows", "9223372036854775807"], status: 64,
             mentions: ["--block-rows 9223372036854775807", "a block of", "2 columns", "memory", "give at most"]),
        Case(name: "fit --stream: --block-rows 0", files: ["f.csv": faithful],
             arguments: ["fit", "f.csv", "--stream", "--block-rows", "0"], status: 64, mentions: ["--block-rows 0"]),
        Case(name: "fit --stream: bad cell deep in the file", files: ["d.csv": longCSV(bad: 4001, cell: "abc")],
             arguments: ["fit", "d.csv", "--stream", "--block-rows", "100", "--output", "out.json"], status: 1,
             mentions: ["d.csv", "line 4001", "column 2", "\"abc\""]),
        Case(name: "fit --stream: NaN deep in the file", files: ["d.csv": longCSV(bad: 4500, cell: "nan")],
             arguments: ["fit", "d.csv", "--stream", "--block-rows", "64", "--output", "out.json"], status: 1,
             mentions: ["d.csv", "line 4500", "column 2", "NaN or infinite"]),
        Case(name: "fit --stream: empty file", files: ["e.csv": ""], arguments: ["fit", "e.csv", "--stream"], status: 1, mentions: ["e.csv", "empty"]),
        Case(name: "fit --method gradient: a component collapsing", files: ["c.csv": "a,b\n1,5\n2,5\n3,5\n4,5\n8,5\n9,5\n"],
             arguments: ["fit", "c.csv", "-k", "2", "--method", "gradient", "--output", "out.json"], status: 1,
             mentions: ["c.csv", "collapsed onto too few distinct rows", "fewer components"]),
        // ad and examples.
        Case(name: "ad minimize: expression starting with '-'", files: [:], arguments: ["ad", "minimize", "-x^2", "--from", "x=1"],
             status: 64, mentions: ["<expression>", "begins with '-'", "'0-x^2'"]),
        Case(name: "ad minimize: NaN at the start", files: [:], arguments: ["ad", "minimize", "sqrt(x)", "--from", "x=-1"], status: 1,
             mentions: ["minimize: not converged", "not finite", "after 0 iterations"]),
        Case(name: "ad minimize: infinite at the start", files: [:], arguments: ["ad", "minimize", "1/x + y^2", "--from", "x=0,y=1"],
             status: 1, mentions: ["minimize: not converged", "not finite"]),
        Case(name: "ad minimize: --max-iter 0 away from the minimum", files: [:],
             arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--max-iter", "0"], status: 1, mentions: ["iteration limit", "0 iterations"]),
        Case(name: "ad minimize: huge --max-iter", files: [:],
             arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--max-iter", "9223372036854775807"], status: 64, mentions: ["--max-iter", "100000000"]),
        Case(name: "ad solve: NaN at the start", files: [:], arguments: ["ad", "solve", "sqrt(x) - 1", "--from", "x=-1"], status: 1,
             mentions: ["solve: not converged", "non-finite", "0 Newton iterations"]),
        Case(name: "ad solve: more equations than unknowns", files: [:], arguments: ["ad", "solve", "x - 1; y - 1; x + y", "--from", "x=0,y=0"],
             status: 64, mentions: ["3 equations", "2 unknowns"]),
        Case(name: "ad solve: expression starting with '-'", files: [:], arguments: ["ad", "solve", "-x + 1", "--from", "x=0"],
             status: 64, mentions: ["<expression>", "begins with '-'"]),
        Case(name: "examples: --output is a file", files: ["f.csv": faithful], arguments: ["examples", "newton", "--output", "f.csv"],
             status: 1, mentions: ["--output f.csv", "is a file, not a folder"]),
    ]

    @Test(arguments: cases)
    func badInputGivesOneLineAndTheRightStatus(_ c: Case) throws {
        try ErrorTableTests.check(c)
    }
}
