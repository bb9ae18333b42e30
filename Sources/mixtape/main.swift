import Mixtape

let data = OldFaithful.matrix
do {
    let model = try GaussianMixture(components: 2, covarianceType: .full).fit(data, seed: 0)
    print("Old Faithful (\(data.rows) eruptions), 2-component Gaussian mixture fitted by EM")
    print(try model.summary(data: data, featureNames: OldFaithful.columnNames), terminator: "")
} catch {
    print("error: \(error)")
}
